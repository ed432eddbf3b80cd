/**
 * The dev IdP's HTML pages: plain, accessible, self-contained (no remote fonts or scripts, a
 * nonce-based CSP), each carrying the "not for production" banner. Every page names itself in
 * `<body data-page="…">` and forms have stable ids, so the headless client in devTokens.ts can
 * drive them over HTTP exactly as a browser would.
 */
import { randomBytes } from 'node:crypto';
import type { DevAccount } from '../accounts.js';
import type { OffboardResult } from './admin.js';
import { DEV_PASSWORD } from './constants.js';
import { escapeHtml } from '../../html.js';

/** The page kinds, as in `data-page`; the headless client switches on these. */
export type DevIdpPage =
  'login' | 'device-input' | 'device-confirm' | 'device-success' | 'logout' | 'logout-success' | 'error' | 'home' | 'admin';

export interface RenderedPage {
  readonly html: string;
  /** The Content-Security-Policy header that goes with the page (its nonce). */
  readonly csp: string;
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #4a4a4a; --accent: #0b5cad; --border: #8a8a8a; --error: #b00020; }
@media (prefers-color-scheme: dark) { :root { --fg: #f0f0f0; --bg: #1e1e1e; --muted: #c8c8c8; --accent: #6cb6ff; --border: #9a9a9a; --error: #ff8a80; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
.dev-banner { margin: 0; padding: .75rem 1rem; background: #ffd54f; color: #1b1b1b; border-bottom: 3px solid #8a6d00; font-weight: 600; text-align: center; }
.dev-banner span { font-weight: 400; }
main { max-width: 32rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input[type=text], input[type=password] { width: 100%; padding: .6rem; font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 4px; }
input#user_code { text-transform: uppercase; letter-spacing: .15em; font-size: 1.3rem; text-align: center; }
button { margin-top: 1.25rem; padding: .6rem 1.2rem; font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 0; border-radius: 4px; cursor: pointer; }
@media (prefers-color-scheme: dark) { button { color: #000; } }
button.secondary { color: var(--fg); background: transparent; border: 1px solid var(--border); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.error { color: var(--error); font-weight: 600; }
.muted { color: var(--muted); }
code, .code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.code { font-size: 1.6rem; letter-spacing: .15em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; }
`;

export const DEV_BANNER_TEXT = 'Development identity provider — not for production';

function page(kind: DevIdpPage, title: string, body: string): RenderedPage {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · AutoGen Gate dev IdP</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body data-page="${kind}">
<p class="dev-banner" role="note">${DEV_BANNER_TEXT}. <span>Every account's password is <code>${escapeHtml(DEV_PASSWORD)}</code>; tokens from here prove nothing.</span></p>
<main>
${body}
</main>
</body>
</html>
`;
  // No form-action: after a login the browser follows a redirect to the client's loopback or
  // editor URI, which form-action would block in Chromium.
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'`;
  return { html, csp };
}

function accountsTable(accounts: readonly DevAccount[], password: string): string {
  const rows = accounts
    .map(
      (account) =>
        `<tr><td><code>${escapeHtml(account.username)}</code></td><td>${escapeHtml(account.name)}</td><td>${escapeHtml(account.groups.join(', '))}</td></tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="accounts-heading">
<h2 id="accounts-heading">Development accounts</h2>
<p>The password of every account is <code>${escapeHtml(password)}</code>.</p>
<table>
<caption class="muted">Who you can sign in as, and the groups the gateway's policy sees</caption>
<thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Groups</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

export interface LoginPageInput {
  readonly uid: string;
  readonly clientName: string;
  readonly username: string | undefined;
  readonly error: string | undefined;
  readonly accounts: readonly DevAccount[];
  readonly password: string;
}

export function loginPage(input: LoginPageInput): RenderedPage {
  const action = `/interaction/${encodeURIComponent(input.uid)}`;
  const error = input.error ? `<p id="login-error" class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  const described = input.error ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return page(
    'login',
    'Sign in',
    `<h1>Sign in</h1>
<p><strong>${escapeHtml(input.clientName)}</strong> asks you to sign in to AutoGen Gate.</p>
${error}
<form id="login-form" method="post" action="${action}/login">
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required${input.username ? ` value="${escapeHtml(input.username)}"` : ' autofocus'}${described}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required${input.username ? ' autofocus' : ''}${described}>
<div class="actions">
<button type="submit">Sign in</button>
</div>
</form>
<form id="abort-form" method="post" action="${action}/abort">
<button type="submit" class="secondary">Cancel</button>
</form>
${accountsTable(input.accounts, input.password)}`,
  );
}

export interface DeviceInputPageInput {
  readonly action: string;
  /** The CSRF token oidc-provider expects back; undefined when it could not be read from its form. */
  readonly xsrf: string | undefined;
  /** oidc-provider's own form, used as is when its token could not be read. */
  readonly providerForm: string;
  readonly userCode: string | undefined;
  readonly error: string | undefined;
}

export function deviceInputPage(input: DeviceInputPageInput): RenderedPage {
  const error = input.error ? `<p id="device-error" class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  const form =
    input.xsrf === undefined
      ? `${input.providerForm}<button type="submit" form="op.deviceInputForm">Continue</button>`
      : `<form id="device-input-form" method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(input.xsrf)}">
<label for="user_code">Code</label>
<input type="text" id="user_code" name="user_code" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus aria-describedby="device-help${input.error ? ' device-error' : ''}"${input.userCode ? ` value="${escapeHtml(input.userCode)}"` : ''}>
<p id="device-help" class="muted">The code has eight letters, like <code>BCDF-GHJK</code>; the dash is optional.</p>
<button type="submit">Continue</button>
</form>`;
  return page(
    'device-input',
    'Connect a device',
    `<h1>Connect a device</h1>\n<p>Enter the code that your editor or terminal shows.</p>\n${error}\n${form}`,
  );
}

export function deviceConfirmPage(input: {
  readonly providerForm: string;
  readonly clientName: string;
  readonly userCode: string;
}): RenderedPage {
  // The provider's confirm form carries its CSRF token and hidden fields; the buttons point at it.
  return page(
    'device-confirm',
    'Confirm the device',
    `<h1>Confirm the device</h1>
<p><strong>${escapeHtml(input.clientName)}</strong> wants to sign in. Check that your device shows this code:</p>
<p class="code">${escapeHtml(input.userCode)}</p>
<p class="muted">If you did not start this, or the code differs, choose Abort.</p>
${input.providerForm}
<div class="actions">
<button type="submit" form="op.deviceConfirmForm" autofocus>Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes" class="secondary">Abort</button>
</div>`,
  );
}

export function deviceSuccessPage(clientName: string): RenderedPage {
  return page(
    'device-success',
    'Device connected',
    `<h1>Device connected</h1>\n<p role="status">You are signed in to <strong>${escapeHtml(clientName)}</strong>. You can close this page and go back to your device.</p>`,
  );
}

export function logoutPage(input: { readonly providerForm: string; readonly accountName: string | undefined }): RenderedPage {
  const who = input.accountName ? ` as <strong>${escapeHtml(input.accountName)}</strong>` : '';
  return page(
    'logout',
    'Sign out',
    `<h1>Sign out</h1>
<p>You are signed in to the AutoGen Gate dev IdP${who}. Sign out?</p>
${input.providerForm}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>
</div>`,
  );
}

export function logoutSuccessPage(): RenderedPage {
  return page('logout-success', 'Signed out', `<h1>Signed out</h1>\n<p role="status">You are signed out of the AutoGen Gate dev IdP.</p>`);
}

export function errorPage(input: { readonly error: string; readonly description: string | undefined }): RenderedPage {
  return page(
    'error',
    'Sign-in problem',
    `<h1>Something went wrong</h1>
<dl role="alert">
<dt>Error</dt><dd data-field="error"><code>${escapeHtml(input.error)}</code></dd>
${input.description ? `<dt>Detail</dt><dd data-field="error_description">${escapeHtml(input.description)}</dd>` : ''}
</dl>
<p class="muted">Start the sign-in again from your editor or terminal.</p>`,
  );
}

export interface HomePageInput {
  readonly issuer: string;
  readonly audience: string;
  readonly resource: string;
  readonly gatewayUrl: string | undefined;
  readonly accounts: readonly DevAccount[];
  readonly password: string;
  readonly clients: ReadonlyArray<{ readonly clientId: string; readonly description: string }>;
}

export function homePage(input: HomePageInput): RenderedPage {
  const link = (path: string): string => `<a href="${escapeHtml(path)}"><code>${escapeHtml(`${input.issuer}${path}`)}</code></a>`;
  const clients = input.clients
    .map((client) => `<tr><td><code>${escapeHtml(client.clientId)}</code></td><td>${escapeHtml(client.description)}</td></tr>`)
    .join('\n');
  return page(
    'home',
    'Dev IdP',
    `<h1>AutoGen Gate dev IdP</h1>
<dl>
<dt>Issuer</dt><dd><code>${escapeHtml(input.issuer)}</code></dd>
<dt>Discovery</dt><dd>${link('/.well-known/openid-configuration')}</dd>
<dt>Keys</dt><dd>${link('/jwks')}</dd>
<dt>Connect a device</dt><dd>${link('/device')}</dd>
<dt>Audience</dt><dd><code>${escapeHtml(input.audience)}</code> (resource indicator <code>${escapeHtml(input.resource)}</code>)</dd>
${input.gatewayUrl ? `<dt>Gateway</dt><dd><code>${escapeHtml(input.gatewayUrl)}</code></dd>` : ''}
</dl>
${accountsTable(input.accounts, input.password)}
<section aria-labelledby="clients-heading">
<h2 id="clients-heading">Clients</h2>
<table>
<thead><tr><th scope="col">Client id</th><th scope="col">Use</th></tr></thead>
<tbody>
${clients}
</tbody>
</table>
</section>
<p>A token on the command line: <code>npx autogen-gate dev-token --user ana</code></p>`,
  );
}

export interface AdminPageInput {
  readonly people: ReadonlyArray<{ readonly account: DevAccount; readonly deactivatedAt: string | undefined }>;
  /** The per-process token every form carries. */
  readonly formToken: string;
  /** What the last action did, to say so. */
  readonly result: OffboardResult | undefined;
  /** The gateway's SCIM endpoint the actions push to, if any. */
  readonly scim: string | undefined;
}

function resultText(result: OffboardResult): string {
  const what = `${result.user} is ${result.active ? 'active again' : 'offboarded'} in the dev IdP${result.changed ? '' : ' (it already was)'}`;
  return result.directory.pushed
    ? `${what}; the gateway was told over SCIM (${result.directory.change}).`
    : `${what}; the gateway was NOT told: ${result.directory.error}.`;
}

export function adminPage(input: AdminPageInput): RenderedPage {
  const rows = input.people
    .map(({ account, deactivatedAt }) => {
      const active = deactivatedAt === undefined;
      return `<tr data-user="${escapeHtml(account.username)}" data-active="${active}"><td><code>${escapeHtml(account.username)}</code></td><td>${escapeHtml(account.name)}</td><td>${escapeHtml(account.groups.join(', '))}</td><td>${active ? 'active' : `offboarded ${escapeHtml(deactivatedAt)}`}</td><td><form method="post" action="/admin/offboard" id="${active ? 'offboard' : 'reactivate'}-${escapeHtml(account.username)}"><input type="hidden" name="token" value="${escapeHtml(input.formToken)}"><input type="hidden" name="user" value="${escapeHtml(account.username)}"><input type="hidden" name="action" value="${active ? 'offboard' : 'reactivate'}"><button type="submit" class="${active ? '' : 'secondary'}">${active ? 'Offboard' : 'Reactivate'}</button></form></td></tr>`;
    })
    .join('\n');
  return page(
    'admin',
    'Accounts',
    `<h1>Accounts</h1>
${input.result ? `<p role="status" id="result" class="${input.result.directory.pushed ? '' : 'error'}">${escapeHtml(resultText(input.result))}</p>` : ''}
<p>Offboarding deactivates an account here (no more sign-ins or refreshed tokens) and tells the gateway over SCIM, as a company's IdP does when someone leaves: generators the person owns become orphaned until someone takes ownership. ${input.scim ? `SCIM endpoint: <code>${escapeHtml(input.scim)}</code>.` : '<span class="error">The gateway serves no SCIM endpoint (governance.scim), so it would not be told.</span>'}</p>
<table>
<thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Groups</th><th scope="col">State</th><th scope="col">Action</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="muted">From a terminal: <code>npx autogen-gate dev-offboard --user bruno</code> (and <code>--reactivate</code>).</p>`,
  );
}
