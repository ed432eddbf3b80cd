/**
 * Normalised `store` section: which engine, and how to reach it. Secrets stay references here
 * (`env:NAME`, `file:/absolute/path`) and are resolved when the store opens.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseDuration } from '../config/duration.js';
import { sqliteSchema } from './configSchema.js';

export interface SqliteStoreConfig {
  readonly driver: 'sqlite';
  /** Absolute path of the database file. */
  readonly path: string;
  readonly synchronous: 'full' | 'normal';
  readonly busyTimeoutMs: number;
  /** Free space the database's disk must keep; below it every write is refused (0: not checked). */
  readonly minFreeBytes: number;
  /** Always 0: one gateway writes an SQLite file, so at start every other process is dead. */
  readonly replicaTimeoutMs: 0;
}

export interface PostgresStoreConfig {
  readonly driver: 'postgres';
  /** A connection URL without a password, or a secret reference to one. */
  readonly url: string;
  /** Secret reference of the password; undefined when the referenced URL carries it. */
  readonly password: string | undefined;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly lockTimeoutMs: number;
  /** A replica silent for this long is dead: a live one closes what it left in flight. */
  readonly replicaTimeoutMs: number;
}

export type StoreConfig = SqliteStoreConfig | PostgresStoreConfig;

export interface RawStoreSection {
  readonly driver?: 'sqlite' | 'postgres';
  readonly sqlite?: {
    readonly path?: string;
    readonly synchronous?: 'full' | 'normal';
    readonly busyTimeout?: string;
    readonly minFreeBytes?: number;
  };
  readonly postgres?: {
    readonly url: string;
    readonly password?: string;
    readonly poolSize: number;
    readonly connectTimeout: string;
    readonly lockTimeout: string;
    readonly replicaTimeout: string;
  };
}

export interface StoreIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
  readonly example?: string;
}

const ONE_ENGINE_EXAMPLE =
  'store:\n  postgres:\n    url: postgres://autogen_gate@db.internal:5432/autogen_gate\n    password: env:AUTOGEN_GATE_DB_PASSWORD';

/** The documented default of each SQLite key (the schema's), for a file that names no engine. */
function sqliteDefault(key: 'path' | 'synchronous' | 'busyTimeout'): string;
function sqliteDefault(key: 'minFreeBytes'): number;
function sqliteDefault(key: string): string | number {
  const properties = sqliteSchema['properties'] as Readonly<Record<string, { readonly default: string | number }>>;
  return properties[key]?.default ?? '';
}

function ms(text: string): number {
  const value = parseDuration(text);
  if (value === undefined) throw new Error(`unvalidated duration ${text}`);
  return value;
}

/** `file:` references become absolute (anchored at the policy file's folder); others stay as written. */
function anchorSecret(ref: string, baseDir: string): string {
  if (!ref.startsWith('file:')) return ref;
  const path = ref.slice(5);
  return `file:${isAbsolute(path) ? path : resolve(baseDir, path)}`;
}

function urlIssues(url: string): StoreIssue[] {
  if (/^(env|file):/.test(url)) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ path: ['url'], message: 'is not a URL; write postgres://USER@HOST:PORT/DATABASE or a secret reference (env:NAME)' }];
  }
  const issues: StoreIssue[] = [];
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    issues.push({ path: ['url'], message: `must be a postgres:// URL (got ${parsed.protocol}//)` });
  if (parsed.password !== '')
    issues.push({
      path: ['url'],
      message:
        'holds a password written inline; secrets are never written in the policy file: give it as password: env:NAME (or file:PATH)',
      example: 'password: env:AUTOGEN_GATE_DB_PASSWORD',
    });
  return issues;
}

export function normalizeStore(raw: RawStoreSection, dataDir: string, baseDir: string): { store: StoreConfig; issues: StoreIssue[] } {
  const issues: StoreIssue[] = [];
  const prefixed = (found: readonly StoreIssue[], key: string): StoreIssue[] =>
    found.map((issue) => ({ ...issue, path: [key, ...issue.path] }));
  if (raw.sqlite !== undefined && raw.postgres !== undefined)
    issues.push({ path: [], message: 'names two engines (sqlite and postgres); keep exactly one', example: ONE_ENGINE_EXAMPLE });
  const engine = raw.postgres !== undefined ? 'postgres' : 'sqlite';
  if (raw.driver !== undefined && raw.driver !== engine && !(raw.sqlite !== undefined && raw.postgres !== undefined)) {
    issues.push({
      path: ['driver'],
      message:
        raw.driver === 'postgres'
          ? 'says postgres, but there is no postgres block; add one (driver may then go)'
          : `says ${raw.driver}, but the engine configured is ${engine}; drop driver (the engine key says it)`,
      example: ONE_ENGINE_EXAMPLE,
    });
  }
  if (raw.postgres !== undefined) {
    const pg = raw.postgres;
    issues.push(...prefixed(urlIssues(pg.url), 'postgres'));
    return {
      store: {
        driver: 'postgres',
        url: anchorSecret(pg.url, baseDir),
        password: pg.password === undefined ? undefined : anchorSecret(pg.password, baseDir),
        poolSize: pg.poolSize,
        connectTimeoutMs: ms(pg.connectTimeout),
        lockTimeoutMs: ms(pg.lockTimeout),
        replicaTimeoutMs: ms(pg.replicaTimeout),
      },
      issues,
    };
  }
  const sqlite = raw.sqlite ?? {};
  return {
    store: {
      driver: 'sqlite',
      path: resolve(dataDir, sqlite.path ?? sqliteDefault('path')),
      synchronous: sqlite.synchronous ?? (sqliteDefault('synchronous') as 'normal'),
      busyTimeoutMs: ms(sqlite.busyTimeout ?? sqliteDefault('busyTimeout')),
      minFreeBytes: sqlite.minFreeBytes ?? sqliteDefault('minFreeBytes'),
      replicaTimeoutMs: 0,
    },
    issues,
  };
}

/** How often a gateway process beats its heartbeat: well inside the timeout others judge it by. */
export function heartbeatIntervalMs(config: StoreConfig): number {
  return config.replicaTimeoutMs === 0 ? 10_000 : Math.max(500, Math.min(5_000, Math.floor(config.replicaTimeoutMs / 3)));
}
