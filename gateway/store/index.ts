/**
 * Opens the store the policy file names. Everything else in the gateway reaches the store
 * through what this returns (the `Store` and its repositories), never an engine's classes.
 */
import type { PostgresStoreConfig, StoreConfig } from '../config/types.js';
import { SqliteStore } from './sqlite/sqliteStore.js';
import { PostgresStore } from './postgres/postgresStore.js';
import type { Store } from './types.js';

export interface OpenStoreOptions {
  /** The store's clock (frozen in tests). */
  readonly clock?: () => Date;
}

export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  switch (config.driver) {
    case 'sqlite':
      return SqliteStore.open(config, options);
    case 'postgres':
      return PostgresStore.open(config, options);
  }
}

/** Where the store is, for operators' output (never a password). */
export function describeStore(config: StoreConfig): string {
  switch (config.driver) {
    case 'sqlite':
      return config.path;
    case 'postgres':
      return describePostgres(config);
  }
}

function describePostgres(config: PostgresStoreConfig): string {
  if (/^(env|file):/.test(config.url)) return `PostgreSQL (URL from ${config.url})`;
  const url = new URL(config.url);
  url.password = '';
  return `PostgreSQL ${url.toString()}`;
}
