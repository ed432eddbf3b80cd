/**
 * VS Code's SecretStorage as several windows of one machine see it: one store, change events
 * delivered to every window (what `context.secrets.onDidChange` does across windows). Used to
 * play two windows against the real dev IdP; not a stand-in for the IdP or the gateway.
 */
import { Emitter } from '../../../extension/src/common/event.js';
import type { SecretStore } from '../../../extension/src/auth/sessionManager.js';

export class SharedSecretStorage {
  private readonly values = new Map<string, string>();
  private readonly changes = new Emitter<{ readonly key: string }>();

  /** The store as one window sees it. */
  window(): SecretStore {
    return {
      get: async (key) => this.values.get(key),
      store: async (key, value) => {
        this.values.set(key, value);
        // VS Code delivers change events asynchronously.
        setTimeout(() => this.changes.fire({ key }), 0);
      },
      delete: async (key) => {
        if (!this.values.delete(key)) return;
        setTimeout(() => this.changes.fire({ key }), 0);
      },
      onDidChange: (listener) => this.changes.event(listener),
    };
  }

  raw(key: string): string | undefined {
    return this.values.get(key);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }
}
