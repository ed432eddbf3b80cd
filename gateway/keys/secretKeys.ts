/**
 * Symmetric keys (masking HMAC, held-input encryption): taken from a secret reference when the
 * policy names one, otherwise generated once into the gateway's key folder with owner-only
 * permissions, so the embedded default works with no set-up and production can inject its own.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveSecret } from '../config/secrets.js';

export interface SymmetricKeySource {
  /** `env:NAME` or `file:PATH`; when absent the key lives in `generatedPath`. */
  readonly ref?: string | undefined;
  /** Where a generated key is kept (and created on first use). */
  readonly generatedPath: string;
  /** Folder that anchors a relative `file:` reference. */
  readonly baseDir: string;
  /** Minimum key length in bytes. */
  readonly minBytes: number;
}

export class KeyError extends Error {
  override readonly name = 'KeyError';
  readonly code = 'key_invalid';
}

export interface LoadedKey {
  readonly key: Buffer;
  /** True when this call created the key file (worth a log line: evidence depends on it). */
  readonly generated: boolean;
}

/** Decodes a key written as hex or base64/base64url text. */
function decodeKeyText(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]+$/.test(trimmed) && trimmed.length % 2 === 0) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed))
    return Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  throw new KeyError('key text is neither hex nor base64');
}

export function loadSymmetricKey(source: SymmetricKeySource): LoadedKey {
  if (source.ref !== undefined) {
    const key = decodeKeyText(resolveSecret(source.ref, source.baseDir));
    if (key.length < source.minBytes) {
      throw new KeyError(`the key in ${source.ref} has ${key.length} bytes; at least ${source.minBytes} are required`);
    }
    return { key, generated: false };
  }
  if (existsSync(source.generatedPath)) {
    const key = decodeKeyText(readFileSync(source.generatedPath, 'utf8'));
    if (key.length < source.minBytes) throw new KeyError(`the key file ${source.generatedPath} is too short`);
    return { key, generated: false };
  }
  mkdirSync(dirname(source.generatedPath), { recursive: true, mode: 0o700 });
  const key = randomBytes(Math.max(32, source.minBytes));
  writeFileSync(source.generatedPath, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, generated: true };
}
