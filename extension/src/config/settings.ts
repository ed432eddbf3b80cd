/**
 * The extension's settings, normalised in one place (as vscode-eslint's `$shared/settings.ts`):
 * raw values from `workspace.getConfiguration` become typed values with documented defaults,
 * and every bad value becomes a problem that names the key, says what is wrong and shows a valid
 * example. Free of `vscode` imports: configuration.ts feeds it.
 */

/** The configuration section; every key below lives under it. */
export const SECTION = 'autogenGate';

/** Full setting ids, as users write them in settings.json. */
export const SETTING = {
  gatewayUrl: 'autogenGate.gatewayUrl',
  issuer: 'autogenGate.issuer',
  clientId: 'autogenGate.clientId',
  audience: 'autogenGate.audience',
  signInMethod: 'autogenGate.signInMethod',
  scopes: 'autogenGate.scopes',
  authorizationParameters: 'autogenGate.authorizationParameters',
  requestTimeoutSeconds: 'autogenGate.requestTimeoutSeconds',
  notifyDecisions: 'autogenGate.notifications.decisions',
} as const;

export type SettingId = (typeof SETTING)[keyof typeof SETTING];

export type SignInMethod = 'auto' | 'browser' | 'deviceCode';

export interface Settings {
  /** Gateway base URL, without a trailing slash. */
  readonly gatewayUrl: string;
  /** OIDC issuer, exactly as the issuer names itself (discovery compares it verbatim). */
  readonly issuer: string;
  readonly clientId: string;
  /** The `aud` the gateway expects. */
  readonly audience: string;
  readonly signInMethod: SignInMethod;
  readonly scopes: readonly string[];
  /** Extra authorization/device request parameters (e.g. Auth0's `audience`). */
  readonly authorizationParameters: Readonly<Record<string, string>>;
  readonly requestTimeoutMs: number;
  readonly notifyDecisions: boolean;
}

/**
 * Defaults: the embedded development set-up of `npm start` (gateway on 8787, dev OpenID provider
 * on 8788 with the public client `autogen-gate-vscode`), so the extension works with it out of
 * the box. They are loopback http, which is only acceptable because it never leaves the machine.
 */
export const DEFAULT_SETTINGS: Settings = {
  gatewayUrl: 'http://127.0.0.1:8787',
  issuer: 'http://127.0.0.1:8788',
  clientId: 'autogen-gate-vscode',
  audience: 'autogen-gate',
  signInMethod: 'auto',
  scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
  authorizationParameters: {},
  requestTimeoutMs: 120_000,
  notifyDecisions: true,
};

export interface SettingProblem {
  readonly setting: SettingId;
  readonly severity: 'error' | 'warning';
  /** What is wrong and what to write instead, with an example. */
  readonly message: string;
}

export interface NormalisedSettings {
  /** Valid values, with the default in place of every invalid one. */
  readonly settings: Settings;
  readonly problems: readonly SettingProblem[];
}

/** Which settings a feature needs; `problemsFor` filters on these. */
export const SETTING_GROUPS = {
  gateway: [SETTING.gatewayUrl, SETTING.requestTimeoutSeconds],
  identity: [SETTING.issuer, SETTING.clientId, SETTING.audience, SETTING.signInMethod, SETTING.scopes, SETTING.authorizationParameters],
} as const satisfies Record<string, readonly SettingId[]>;

/** Parameters the sign-in flows set themselves; overriding them would break or weaken the flow. */
const RESERVED_PARAMETERS = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'code_verifier',
]);

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])$/i;

export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/**
 * Checks an http(s) base URL: parseable, no credentials, query or fragment, and https unless
 * the host is loopback (a token sent over plain http to another host is readable on the way).
 */
function checkUrl(setting: SettingId, raw: string, example: string, what: string): { value?: string; problem?: SettingProblem } {
  const fail = (message: string): { problem: SettingProblem } => ({ problem: { setting, severity: 'error', message } });
  const text = raw.trim();
  if (text === '') return fail(`${setting} is empty. Set it to the ${what}, e.g. "${example}".`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`${setting} is not a URL: ${quote(raw)}. Set it to the ${what}, e.g. "${example}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail(`${setting} must start with https:// (got ${quote(raw)}), e.g. "${example}".`);
  if (url.username !== '' || url.password !== '')
    return fail(`${setting} must not contain a user name or password; the extension signs in with OpenID Connect. Use e.g. "${example}".`);
  if (url.search !== '' || url.hash !== '')
    return fail(`${setting} must not have a query or fragment (got ${quote(raw)}); use e.g. "${example}".`);
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return fail(
      `${setting} uses plain http for ${url.hostname}, so your token would travel unencrypted. Use https (e.g. "${example}"); plain http is accepted only for 127.0.0.1 and localhost.`,
    );
  }
  return { value: text };
}

/** Normalises raw setting values (`get(id)` returns what `workspace.getConfiguration` holds). */
export function normaliseSettings(get: (setting: SettingId) => unknown): NormalisedSettings {
  const problems: SettingProblem[] = [];
  const error = (setting: SettingId, message: string): void => void problems.push({ setting, severity: 'error', message });

  const url = (setting: SettingId, fallback: string, example: string, what: string, trimSlash: boolean): string => {
    const raw = get(setting);
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== 'string') {
      error(setting, `${setting} must be a string URL, e.g. "${example}".`);
      return fallback;
    }
    const checked = checkUrl(setting, raw, example, what);
    if (checked.problem) {
      problems.push(checked.problem);
      return fallback;
    }
    const value = checked.value ?? fallback;
    return trimSlash ? value.replace(/\/+$/, '') : value;
  };

  const token = (setting: SettingId, fallback: string, example: string, what: string): string => {
    const raw = get(setting);
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== 'string' || raw.trim() === '' || /\s/.test(raw.trim())) {
      error(setting, `${setting} must be the ${what}, a single word without spaces, e.g. "${example}" (got ${quote(raw)}).`);
      return fallback;
    }
    return raw.trim();
  };

  const gatewayUrl = url(SETTING.gatewayUrl, DEFAULT_SETTINGS.gatewayUrl, 'https://gate.example.com', "gateway's base URL", true);
  const issuer = url(
    SETTING.issuer,
    DEFAULT_SETTINGS.issuer,
    'https://login.example.com/realms/engineering',
    'OpenID Connect issuer URL (the `iss` of your tokens)',
    false,
  );
  const clientId = token(
    SETTING.clientId,
    DEFAULT_SETTINGS.clientId,
    'autogen-gate-vscode',
    'OAuth client id registered for this extension at the issuer',
  );
  const audience = token(SETTING.audience, DEFAULT_SETTINGS.audience, 'autogen-gate', 'audience the gateway expects in access tokens');

  let signInMethod = DEFAULT_SETTINGS.signInMethod;
  const rawMethod = get(SETTING.signInMethod);
  if (rawMethod !== undefined && rawMethod !== null) {
    if (rawMethod === 'auto' || rawMethod === 'browser' || rawMethod === 'deviceCode') signInMethod = rawMethod;
    else error(SETTING.signInMethod, `${SETTING.signInMethod} must be "auto", "browser" or "deviceCode" (got ${quote(rawMethod)}).`);
  }

  let scopes = DEFAULT_SETTINGS.scopes;
  const rawScopes = get(SETTING.scopes);
  if (rawScopes !== undefined && rawScopes !== null) {
    if (
      !Array.isArray(rawScopes) ||
      rawScopes.some((scope) => typeof scope !== 'string' || scope.trim() === '' || /\s/.test(scope.trim()))
    ) {
      error(
        SETTING.scopes,
        `${SETTING.scopes} must be a list of scope names without spaces, e.g. ["openid", "profile", "email", "groups", "offline_access"].`,
      );
    } else {
      const list = [...new Set(rawScopes.map((scope: string) => scope.trim()))];
      if (!list.includes('openid')) {
        error(
          SETTING.scopes,
          `${SETTING.scopes} must include "openid": the extension signs you in with OpenID Connect. E.g. ["openid", "profile", "email", "groups", "offline_access"].`,
        );
      } else {
        scopes = list;
        if (!list.includes('offline_access')) {
          problems.push({
            setting: SETTING.scopes,
            severity: 'warning',
            message: `${SETTING.scopes} lacks "offline_access": without a refresh token you must sign in again whenever the access token expires.`,
          });
        }
      }
    }
  }

  let authorizationParameters = DEFAULT_SETTINGS.authorizationParameters;
  const rawParameters = get(SETTING.authorizationParameters);
  if (rawParameters !== undefined && rawParameters !== null) {
    if (
      typeof rawParameters !== 'object' ||
      Array.isArray(rawParameters) ||
      Object.values(rawParameters).some((value) => typeof value !== 'string')
    ) {
      error(
        SETTING.authorizationParameters,
        `${SETTING.authorizationParameters} must map parameter names to strings, e.g. { "audience": "https://gate.example.com" }.`,
      );
    } else {
      const entries = Object.entries(rawParameters as Record<string, string>);
      const reserved = entries.filter(([name]) => RESERVED_PARAMETERS.has(name)).map(([name]) => name);
      if (reserved.length > 0) {
        error(
          SETTING.authorizationParameters,
          `${SETTING.authorizationParameters} must not set ${reserved.join(', ')}: the sign-in sets ${reserved.length === 1 ? 'it' : 'them'} itself. Use other settings (e.g. ${SETTING.scopes}, ${SETTING.clientId}).`,
        );
      } else {
        authorizationParameters = Object.fromEntries(entries);
      }
    }
  }

  let requestTimeoutMs = DEFAULT_SETTINGS.requestTimeoutMs;
  const rawTimeout = get(SETTING.requestTimeoutSeconds);
  if (rawTimeout !== undefined && rawTimeout !== null) {
    if (typeof rawTimeout !== 'number' || !Number.isFinite(rawTimeout) || rawTimeout < 5 || rawTimeout > 3600) {
      error(
        SETTING.requestTimeoutSeconds,
        `${SETTING.requestTimeoutSeconds} must be a number of seconds from 5 to 3600, e.g. 120 (got ${quote(rawTimeout)}).`,
      );
    } else {
      requestTimeoutMs = Math.round(rawTimeout * 1000);
    }
  }

  const rawNotify = get(SETTING.notifyDecisions);
  let notifyDecisions = DEFAULT_SETTINGS.notifyDecisions;
  if (rawNotify !== undefined && rawNotify !== null) {
    if (typeof rawNotify === 'boolean') notifyDecisions = rawNotify;
    else error(SETTING.notifyDecisions, `${SETTING.notifyDecisions} must be true or false (got ${quote(rawNotify)}).`);
  }

  return {
    settings: { gatewayUrl, issuer, clientId, audience, signInMethod, scopes, authorizationParameters, requestTimeoutMs, notifyDecisions },
    problems,
  };
}

/** The error-level problems among `settings` (e.g. `SETTING_GROUPS.identity`). */
export function problemsFor(problems: readonly SettingProblem[], settings: readonly SettingId[]): SettingProblem[] {
  return problems.filter((problem) => problem.severity === 'error' && settings.includes(problem.setting));
}
