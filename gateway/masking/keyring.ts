/**
 * HMAC keys of the masking log. A keyed hash, never a plain one: a CPF has only 10^9 possible
 * values, so an unkeyed hash of one is reversed by enumeration in minutes. Rotation: the first
 * configured key signs new events; older keys stay listed so look-ups still find old events.
 */
import { join } from 'node:path';
import { loadSymmetricKey } from '../keys/secretKeys.js';
import type { MaskingConfig } from './config.js';
import { MaskingError } from './errors.js';
import { HmacSha256 } from './hmac.js';
import type { KeyedHmac, MaskingKeyring } from './types.js';

/** HMAC-SHA256 keys shorter than the hash give up strength (RFC 2104 §3). */
const MIN_KEY_BYTES = 32;
/** Recently seen values; dense documents repeat the same people. */
const CACHE_LIMIT = 20_000;

/** Loads (or, for keys without a secret, generates under `keysDir/masking-ID.key`) every key. */
export function createKeyring(config: MaskingConfig, keysDir: string, baseDir: string): MaskingKeyring {
  if (config.keys.length === 0) throw new MaskingError('the masking section lists no HMAC key');
  const keys = config.keys.map((key) => ({
    id: key.id,
    secret: loadSymmetricKey({ ref: key.secret, generatedPath: join(keysDir, `masking-${key.id}.key`), baseDir, minBytes: MIN_KEY_BYTES })
      .key,
  }));
  return keyringFromSecrets(keys);
}

/** A keyring from raw secrets (tests, tools); the first is current. */
export function keyringFromSecrets(keys: readonly { readonly id: string; readonly secret: Buffer }[]): MaskingKeyring {
  const first = keys[0];
  if (!first) throw new MaskingError('a masking keyring needs at least one key');
  for (const key of keys) {
    if (key.secret.length < MIN_KEY_BYTES)
      throw new MaskingError(`masking key ${key.id} has ${key.secret.length} bytes; at least ${MIN_KEY_BYTES} are required`);
  }
  const cache = new Map<string, string>();
  // The key pads are derived once per key, not once per value.
  const macs = keys.map((key) => ({ keyId: key.id, mac: new HmacSha256(key.secret) }));
  const current = macs[0]!.mac;
  return {
    currentKeyId: first.id,
    keyIds: keys.map((key) => key.id),
    hmac(normalisedValue: string): KeyedHmac {
      let hmac = cache.get(normalisedValue);
      if (hmac === undefined) {
        hmac = current.hex(normalisedValue);
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(normalisedValue, hmac);
      }
      return { keyId: first.id, hmac };
    },
    hmacAll(normalisedValue: string): KeyedHmac[] {
      return macs.map(({ keyId, mac }) => ({ keyId, hmac: mac.hex(normalisedValue) }));
    },
  };
}
