/**
 * The dev IdP's interaction endpoints (`/interaction/:uid…`): the login form, and consent, which
 * is granted without a page because every client of the dev IdP is first-party. Plain HTML forms
 * posted with cookies, so a person in a browser and the headless client in devTokens.ts take
 * exactly the same path.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import type { Logger } from '../../observability/logger.js';
import type { DevAccount } from '../accounts.js';
import { errorPage, loginPage, type RenderedPage } from './views.js';

export interface InteractionDependencies {
  readonly provider: Provider;
  readonly accounts: readonly DevAccount[];
  readonly password: string;
  readonly logger: Logger | undefined;
  /** False once an account was offboarded (admin page, `autogen-gate dev-offboard`). */
  readonly isActive: (username: string) => boolean;
}

const MAX_FORM_BYTES = 16 * 1024;
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?\/?$/;

class FormError extends Error {
  override readonly name = 'FormError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Where an error from oidc-provider keeps its public parts (OIDCProviderError). */
interface ProviderErrorShape {
  readonly statusCode?: unknown;
  readonly error?: unknown;
  readonly error_description?: unknown;
  readonly expose?: unknown;
}

export function isInteractionPath(pathname: string): boolean {
  return ROUTE.test(pathname);
}

function send(res: ServerResponse, status: number, rendered: RenderedPage): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': rendered.csp,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  });
  res.end(rendered.html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    throw new FormError(415, 'the form must be posted as application/x-www-form-urlencoded');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new FormError(413, 'the form is too large');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Compares digests in constant time, so the comparison leaks nothing about the password. */
function passwordMatches(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function createInteractionHandler(deps: InteractionDependencies): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { provider, logger } = deps;
  const people = new Map(deps.accounts.filter((account) => account.kind === 'person').map((account) => [account.username, account]));

  const clientName = async (clientId: unknown): Promise<string> => {
    if (typeof clientId !== 'string') return 'An application';
    const client = await provider.Client.find(clientId);
    return client?.clientName ?? clientId;
  };

  const showLogin = async (
    res: ServerResponse,
    details: Interaction,
    status: number,
    username: string | undefined,
    error: string | undefined,
  ): Promise<void> => {
    const hint = typeof details.params['login_hint'] === 'string' ? details.params['login_hint'] : undefined;
    send(
      res,
      status,
      loginPage({
        uid: details.uid,
        clientName: await clientName(details.params['client_id']),
        username: username ?? hint,
        error,
        accounts: [...people.values()],
        password: deps.password,
      }),
    );
  };

  /** First-party clients: grant what the request asks for, as a consent page would after "Allow". */
  const grantConsent = async (req: IncomingMessage, res: ServerResponse, details: Interaction): Promise<void> => {
    const accountId = details.session?.accountId;
    const clientId = details.params['client_id'];
    if (accountId === undefined || typeof clientId !== 'string')
      throw new FormError(400, 'the consent step has no signed-in account or client');
    const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details;
    if (Array.isArray(missing['missingOIDCScope']))
      grant.addOIDCScope(missing['missingOIDCScope'].filter((scope): scope is string => typeof scope === 'string'));
    if (Array.isArray(missing['missingOIDCClaims']))
      grant.addOIDCClaims(missing['missingOIDCClaims'].filter((claim): claim is string => typeof claim === 'string'));
    const resourceScopes = missing['missingResourceScopes'];
    if (typeof resourceScopes === 'object' && resourceScopes !== null) {
      for (const [indicator, scopes] of Object.entries(resourceScopes)) {
        if (Array.isArray(scopes))
          grant.addResourceScope(
            indicator,
            scopes.filter((scope): scope is string => typeof scope === 'string'),
          );
      }
    }
    const grantId = await grant.save();
    logger?.debug({ accountId, clientId }, 'dev IdP consent granted (first-party client)');
    await provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
  };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://dev-idp.invalid');
    const match = ROUTE.exec(url.pathname);
    try {
      if (!match) throw new FormError(404, 'no such interaction page');
      const [, uid, action] = match;
      const method = req.method ?? 'GET';
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new FormError(400, 'this sign-in page belongs to another sign-in; start again from your application');

      if (action === undefined) {
        if (method !== 'GET' && method !== 'HEAD') throw new FormError(405, 'use GET for this page');
        if (details.prompt.name === 'login') return await showLogin(res, details, 200, undefined, undefined);
        if (details.prompt.name === 'consent') return await grantConsent(req, res, details);
        throw new FormError(400, `unsupported interaction prompt ${details.prompt.name}`);
      }
      if (method !== 'POST') throw new FormError(405, 'use POST for this form');
      const form = await readForm(req);

      if (action === 'abort') {
        logger?.info({ clientId: details.params['client_id'] }, 'dev IdP sign-in cancelled');
        return await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'End-User aborted interaction' },
          { mergeWithLastSubmission: false },
        );
      }

      if (details.prompt.name !== 'login') throw new FormError(400, 'this sign-in no longer waits for a login');
      const username = (form.get('username') ?? '').trim().toLowerCase();
      const account = people.get(username);
      if (!account || !passwordMatches(form.get('password') ?? '', deps.password)) {
        logger?.warn({ known: account !== undefined, clientId: details.params['client_id'] }, 'dev IdP login refused');
        return await showLogin(res, details, 401, username || undefined, 'Unknown username or wrong password.');
      }
      if (!deps.isActive(account.username)) {
        logger?.warn({ accountId: account.username }, 'dev IdP login refused: account offboarded');
        return await showLogin(res, details, 403, username, 'This account was offboarded (deactivated). Reactivate it on /admin.');
      }
      logger?.info({ accountId: account.username, clientId: details.params['client_id'] }, 'dev IdP login');
      return await provider.interactionFinished(req, res, { login: { accountId: account.username } }, { mergeWithLastSubmission: false });
    } catch (error) {
      if (res.headersSent) {
        logger?.error({ err: error }, 'dev IdP interaction failed after responding');
        res.destroy();
        return;
      }
      const known = error as ProviderErrorShape;
      if (error instanceof FormError) return send(res, error.status, errorPage({ error: 'invalid_request', description: error.message }));
      if (typeof known.error === 'string' && known.expose === true) {
        const status = typeof known.statusCode === 'number' ? known.statusCode : 400;
        return send(
          res,
          status,
          errorPage({ error: known.error, description: typeof known.error_description === 'string' ? known.error_description : undefined }),
        );
      }
      logger?.error({ err: error }, 'dev IdP interaction failed');
      return send(res, 500, errorPage({ error: 'server_error', description: 'The dev IdP hit an internal error; see its log.' }));
    }
  };
}
