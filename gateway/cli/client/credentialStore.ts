/**
 * Where `autogen-gate login` keeps a person's tokens: `$XDG_CONFIG_HOME/autogen-gate/credentials.json`
 * (`~/.config/autogen-gate/` without it), the folder 0700 and the file 0600, written atomically.
 * A file others can read is refused rather than used: the refresh token in it is a login.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What a login leaves behind. Tokens are never printed. */
export interface StoredLogin {
  readonly version: 1;
  readonly issuer: string;
  readonly clientId: string;
  readonly audience: string;
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  /** Epoch ms when the access token expires. */
  readonly expiresAt: number;
  /** Who signed in, for messages. */
  readonly subject: string | undefined;
  readonly name: string | undefined;
}

export class CredentialStoreError extends Error {
  override readonly name = 'CredentialStoreError';
  readonly code = 'credentials_unusable';
}

export function credentialsPath(env: NodeJS.ProcessEnv): string {
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'autogen-gate', 'credentials.json');
}

function isStoredLogin(value: unknown): value is StoredLogin {
  const login = value as Partial<StoredLogin> | null;
  return (
    typeof login === 'object' &&
    login !== null &&
    login.version === 1 &&
    typeof login.issuer === 'string' &&
    typeof login.clientId === 'string' &&
    typeof login.audience === 'string' &&
    typeof login.accessToken === 'string' &&
    typeof login.expiresAt === 'number'
  );
}

/** The stored login, or undefined when nobody logged in. */
export function readLogin(env: NodeJS.ProcessEnv): StoredLogin | undefined {
  const path = credentialsPath(env);
  if (!existsSync(path)) return undefined;
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new CredentialStoreError(`${path} can be read by other users; remove it and run autogen-gate login again (or chmod 600 ${path})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CredentialStoreError(`${path} is not readable (${(error as Error).message}); run autogen-gate login again`, { cause: error });
  }
  if (!isStoredLogin(parsed))
    throw new CredentialStoreError(`${path} is not a login this version understands; run autogen-gate login again`);
  return parsed;
}

/** Saves a login with owner-only permissions; returns the file's path. */
export function saveLogin(env: NodeJS.ProcessEnv, login: StoredLogin): string {
  const path = credentialsPath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  chmodSync(dirname(path), 0o700);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}

/** Removes the stored login; false when there was none. */
export function removeLogin(env: NodeJS.ProcessEnv): boolean {
  const path = credentialsPath(env);
  if (!existsSync(path)) return false;
  rmSync(path, { force: true });
  return true;
}
