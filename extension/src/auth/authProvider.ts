/**
 * The `autogen-gate` authentication provider: VS Code's Accounts menu, `getSession` for this and
 * other extensions, and the sign-in UI. The flows themselves are in oidc.ts, the stored session
 * in sessionManager.ts; this file decides which flow to use and shows it to the user:
 *
 * - browser (authorization code + PKCE, loopback redirect): desktop VS Code on this machine;
 * - device code (RFC 8628): remote, web and code-server windows, where the browser cannot reach a
 *   loopback listener of the extension host; also on demand ("Sign In with a Device Code").
 */
import * as vscode from 'vscode';
import { describeForLog, ExtensionError, type Logger } from '../common/errors.js';
import { Disposable } from '../common/lifecycle.js';
import type { Configuration } from '../config/configuration.js';
import { OidcClient, type SignInResult } from './oidc.js';
import type { SessionChange, SessionManager } from './sessionManager.js';
import type { StoredSession } from './tokens.js';

export type SignInMethodChoice = 'browser' | 'deviceCode';

function toAuthenticationSession(session: StoredSession): vscode.AuthenticationSession {
  return { id: session.id, accessToken: session.accessToken, account: session.account, scopes: session.scopes };
}

/** Discovers once per identity setting; a failed discovery is retried on the next call. */
export class OidcClientCache {
  private key: string | undefined;
  private client: Promise<OidcClient> | undefined;

  constructor(private readonly configuration: Configuration) {}

  get(): Promise<OidcClient> {
    const settings = this.configuration.require('identity');
    const key = JSON.stringify([
      settings.issuer,
      settings.clientId,
      settings.audience,
      settings.scopes,
      settings.authorizationParameters,
      settings.requestTimeoutMs,
    ]);
    if (this.key !== key || !this.client) {
      this.key = key;
      this.client = OidcClient.discover({
        issuer: settings.issuer,
        clientId: settings.clientId,
        audience: settings.audience,
        scopes: settings.scopes,
        authorizationParameters: settings.authorizationParameters,
        timeoutMs: Math.min(settings.requestTimeoutMs, 30_000),
      });
      this.client.catch(() => {
        if (this.key === key) this.client = undefined;
      });
    }
    return this.client;
  }
}

export class GateAuthenticationProvider extends Disposable implements vscode.AuthenticationProvider {
  private readonly sessionsChanged = this.register(
    new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>(),
  );
  readonly onDidChangeSessions = this.sessionsChanged.event;
  /** Set by "Sign In with a Device Code" for the next sign-in only. */
  private nextMethod: SignInMethodChoice | undefined;

  constructor(
    readonly sessions: SessionManager,
    private readonly oidc: OidcClientCache,
    private readonly configuration: Configuration,
    private readonly log: Logger,
  ) {
    super();
    this.register(
      sessions.onDidChange((change: SessionChange) => {
        this.sessionsChanged.fire({
          added: change.added.map(toAuthenticationSession),
          removed: change.removed.map(toAuthenticationSession),
          changed: change.changed.map(toAuthenticationSession),
        });
      }),
    );
  }

  /** Makes the next `createSession` use this flow (the device-code command). */
  useMethodOnce(method: SignInMethodChoice): void {
    this.nextMethod = method;
  }

  async getSessions(
    _scopes: readonly string[] | undefined,
    options?: vscode.AuthenticationProviderSessionOptions,
  ): Promise<vscode.AuthenticationSession[]> {
    let session: StoredSession | undefined;
    try {
      session = await this.sessions.session();
      if (session && Date.now() > session.expiresAt - 60_000) {
        // Hand out a token that still works: refresh now (another window may already have).
        session = await this.sessions.refresh(session);
      }
    } catch (error) {
      this.log.warn(`getSessions: ${describeForLog(error)}`);
      session = await this.sessions.session();
    }
    if (!session) return [];
    if (options?.account && options.account.id !== session.account.id) return [];
    return [toAuthenticationSession(session)];
  }

  async createSession(_scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    const settings = this.configuration.require('identity');
    const method = this.nextMethod ?? this.defaultMethod(settings.signInMethod);
    this.nextMethod = undefined;
    this.log.info(
      `signing in to ${settings.issuer} as client ${settings.clientId} (${method === 'browser' ? 'browser with PKCE' : 'device code'})`,
    );
    const client = await this.oidc.get();
    let result: SignInResult;
    if (method === 'deviceCode' && !client.supportsDeviceFlow) {
      this.log.warn(`${settings.issuer} does not offer the device flow; using the browser`);
      result = await this.browserFlow(client);
    } else {
      result = method === 'browser' ? await this.browserFlow(client) : await this.deviceFlow(client);
    }
    const session = await this.sessions.signedIn(result, method);
    return toAuthenticationSession(session);
  }

  async removeSession(sessionId: string): Promise<void> {
    const session = await this.sessions.session();
    if (!session || session.id !== sessionId) return;
    await this.sessions.signOut();
  }

  /**
   * A loopback redirect works where the browser and the extension host share a machine: desktop
   * VS Code without a remote. Web, code-server and remote windows get the device flow.
   */
  private defaultMethod(setting: 'auto' | SignInMethodChoice): SignInMethodChoice {
    if (setting !== 'auto') return setting;
    return vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined ? 'browser' : 'deviceCode';
  }

  private async browserFlow(client: OidcClient): Promise<SignInResult> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'AutoGen Gate', cancellable: true },
      async (progress, token) => {
        progress.report({ message: 'Signing in: finish in your browser…' });
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          return await client.browserSignIn({
            signal: abort.signal,
            externalRedirectUri: async (local) => (await vscode.env.asExternalUri(vscode.Uri.parse(local))).toString(true),
            openBrowser: async (url) => {
              this.log.info(`opening the sign-in page of ${url.origin}`);
              const opened = await vscode.env.openExternal(vscode.Uri.parse(url.href, true));
              if (!opened) {
                // Offer the link to copy, e.g. when no browser is configured.
                const copy = 'Copy Link';
                void vscode.window
                  .showWarningMessage('The browser did not open. Copy the sign-in link and open it yourself.', copy)
                  .then(async (choice) => {
                    if (choice === copy) await vscode.env.clipboard.writeText(url.href);
                  });
              }
              return true;
            },
          });
        } finally {
          cancel.dispose();
        }
      },
    );
  }

  private async deviceFlow(client: OidcClient): Promise<SignInResult> {
    const device = await client.startDeviceSignIn();
    const minutes = Math.max(1, Math.round((device.expiresAt - Date.now()) / 60_000));
    const open = 'Copy Code & Open Sign-In Page';
    const choice = await vscode.window.showInformationMessage(
      `Sign in to AutoGen Gate with the code ${device.userCode}`,
      {
        modal: true,
        detail: `Open ${device.verificationUri} and enter the code ${device.userCode}${device.verificationUriComplete ? ' (the page opens with it filled in)' : ''}, then sign in. The code expires in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      },
      open,
    );
    if (choice !== open) throw new ExtensionError('sign_in_cancelled', 'Sign-in cancelled.');
    await vscode.env.clipboard.writeText(device.userCode);
    const target = device.verificationUriComplete ?? device.verificationUri;
    this.log.info(`device sign-in: code ${device.userCode} at ${device.verificationUri}`);
    await vscode.env.openExternal(vscode.Uri.parse(target, true));
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'AutoGen Gate', cancellable: true },
      async (progress, token) => {
        progress.report({ message: `Waiting for the code ${device.userCode} to be entered at ${device.verificationUri}…` });
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          return await device.complete(abort.signal);
        } finally {
          cancel.dispose();
        }
      },
    );
  }
}
