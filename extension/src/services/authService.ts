/**
 * Who is signed in, for the rest of the extension: the viewer state the webviews and the status
 * bar show, sign-in and sign-out as commands run them, and a change event.
 */
import * as vscode from 'vscode';
import type { ViewerState } from '../../../webview-ui/src/protocol.js';
import type { GateAuthenticationProvider } from '../auth/authProvider.js';
import type { SessionManager } from '../auth/sessionManager.js';
import type { StoredSession } from '../auth/tokens.js';
import { describeForLog, ExtensionError, type Logger } from '../common/errors.js';
import { Emitter } from '../common/event.js';
import { Disposable } from '../common/lifecycle.js';
import type { Configuration } from '../config/configuration.js';
import { AUTH_PROVIDER_ID, CONTEXT_KEY } from '../constants.js';
import type { GatewayService } from './gatewayService.js';

const SIGNED_OUT: ViewerState = {
  status: 'signedOut',
  subject: undefined,
  label: undefined,
  name: undefined,
  groups: [],
  auditor: false,
};

export class AuthService extends Disposable {
  private viewerState: ViewerState = SIGNED_OUT;
  private readonly changed = this.register(new Emitter<ViewerState>());
  /** Fires when the signed-in person (or what we know of them) changes. */
  readonly onDidChangeViewer = this.changed.event;
  private auditorProbe: { subject: string; result: Promise<boolean> } | undefined;

  constructor(
    private readonly provider: GateAuthenticationProvider,
    private readonly sessions: SessionManager,
    private readonly gateway: GatewayService,
    private readonly configuration: Configuration,
    private readonly log: Logger,
  ) {
    super();
    this.register(sessions.onDidChange(() => void this.refreshViewer()));
    this.register(gateway.onDidChange(() => void this.refreshViewer(true)));
  }

  get viewer(): ViewerState {
    return this.viewerState;
  }

  /** Reads the stored session (at start-up and after changes) and updates the viewer. */
  async refreshViewer(reprobe = false): Promise<ViewerState> {
    let session: StoredSession | undefined;
    try {
      session = await this.sessions.session();
    } catch (error) {
      this.log.warn(`reading the session failed: ${describeForLog(error)}`);
    }
    if (reprobe) this.auditorProbe = undefined;
    const next: ViewerState = session
      ? {
          status: 'signedIn',
          subject: session.claims.sub,
          label: session.account.label,
          name: session.claims.name,
          groups: session.claims.groups,
          auditor: session ? await this.isAuditor(session.claims.sub) : false,
        }
      : SIGNED_OUT;
    const before = JSON.stringify(this.viewerState);
    this.viewerState = next;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY.signedIn, next.status === 'signedIn');
    if (JSON.stringify(next) !== before) this.changed.fire(next);
    return next;
  }

  /**
   * Signs in when needed (VS Code asks the user to allow it, then the provider runs the flow),
   * and returns the session. With `createIfNone: false`, undefined when signed out.
   */
  async ensureSignedIn(createIfNone = true): Promise<vscode.AuthenticationSession | undefined> {
    const settings = this.configuration.require('identity');
    const session = await vscode.authentication.getSession(
      AUTH_PROVIDER_ID,
      [...settings.scopes],
      createIfNone ? { createIfNone: true } : { silent: true },
    );
    await this.refreshViewer();
    return session;
  }

  /** A new sign-in even when one exists (switching accounts), optionally with the device flow. */
  async signIn(method?: 'deviceCode'): Promise<vscode.AuthenticationSession> {
    const settings = this.configuration.require('identity');
    if (method) this.provider.useMethodOnce(method);
    const existing = await this.sessions.session();
    const session = await vscode.authentication.getSession(
      AUTH_PROVIDER_ID,
      [...settings.scopes],
      existing ? { forceNewSession: { detail: 'Sign in to AutoGen Gate again, e.g. as another account.' } } : { createIfNone: true },
    );
    if (!session) throw new ExtensionError('sign_in_cancelled', 'Sign-in cancelled.');
    await this.refreshViewer(true);
    return session;
  }

  async signOut(): Promise<StoredSession | undefined> {
    const session = await this.sessions.signOut();
    await this.refreshViewer(true);
    return session;
  }

  /**
   * Whether the gateway lets this person read everyone's sessions (its `access.auditors`), from
   * `GET /api/v1/me`. Cached per person.
   */
  private isAuditor(subject: string): Promise<boolean> {
    if (this.auditorProbe?.subject === subject) return this.auditorProbe.result;
    const result = (async () => {
      const client = this.gateway.tryClient();
      if (!client) return false;
      try {
        return (await client.me()).capabilities.auditor;
      } catch (error) {
        // Unknown (gateway down, not signed in yet): ask again next time.
        this.log.debug(`capabilities: ${describeForLog(error)}`);
        this.auditorProbe = undefined;
        return false;
      }
    })();
    this.auditorProbe = { subject, result };
    return result;
  }
}
