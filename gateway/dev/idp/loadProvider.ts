/**
 * Loads `oidc-provider` on first use. Loaded lazily so the CLI and the gateway never pay for it
 * outside dev mode, and quietly: on Node 20 it prints "Unsupported runtime" when its module is
 * evaluated, although it works (this project targets Node >= 20.19, see package.json). Only that
 * one line is dropped; every other warning passes through.
 */
import type * as OidcProvider from 'oidc-provider';

export type ProviderModule = typeof OidcProvider;

let loading: Promise<ProviderModule> | undefined;

export function loadOidcProvider(): Promise<ProviderModule> {
  loading ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]): void => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
      warn.apply(console, args);
    };
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = warn;
    }
  })();
  return loading;
}
