/**
 * The gateway client for the current settings, with the signed-in session's token; rebuilt when
 * the gateway settings change. Background work (status bar, event stream) uses the stored
 * session silently; user commands first make sure there is one (AuthService.ensureSignedIn).
 */
import { Emitter } from '../common/event.js';
import { ExtensionError } from '../common/errors.js';
import { Disposable } from '../common/lifecycle.js';
import type { Configuration } from '../config/configuration.js';
import type { SessionManager } from '../auth/sessionManager.js';
import { GatewayClient } from '../../../gateway/api/client/gatewayClient.js';

export class GatewayService extends Disposable {
  private cached: { key: string; client: GatewayClient } | undefined;
  private readonly changed = this.register(new Emitter<void>());
  /** The gateway URL or timeout changed: reload what came from the old one. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly configuration: Configuration,
    private readonly sessions: SessionManager,
    private readonly userAgent: string,
  ) {
    super();
    this.register(
      configuration.onDidChange(({ groups }) => {
        if (groups.includes('gateway')) {
          this.cached = undefined;
          this.changed.fire();
        }
      }),
    );
  }

  /** The client; throws `invalid_settings` (with Open Settings) when the gateway URL is bad. */
  get client(): GatewayClient {
    const settings = this.configuration.require('gateway');
    const key = `${settings.gatewayUrl}|${settings.requestTimeoutMs}`;
    if (this.cached?.key !== key) {
      this.cached = {
        key,
        client: new GatewayClient({
          baseUrl: settings.gatewayUrl,
          timeoutMs: settings.requestTimeoutMs,
          userAgent: this.userAgent,
          token: ({ forceRefresh }) => this.sessions.accessToken({ forceRefresh }),
        }),
      };
    }
    return this.cached.client;
  }

  /** The client, or undefined when the settings are invalid (background work just waits). */
  tryClient(): GatewayClient | undefined {
    try {
      return this.client;
    } catch (error) {
      if (error instanceof ExtensionError) return undefined;
      throw error;
    }
  }
}
