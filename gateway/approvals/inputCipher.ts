/**
 * Encryption at rest of held runs' input (the unmasked request the gateway forwards once it is
 * approved). AES-256-GCM with a fresh 96-bit nonce per input; the approval id and binding hash
 * are authenticated as associated data, so a ciphertext moved to another approval row, or a row
 * whose binding was edited, fails to decrypt instead of running someone else's input.
 *
 * Keys: each configured secret (>= 32 bytes) is stretched with HKDF-SHA256 into the AES key, so
 * the same secret used elsewhere by mistake still yields an unrelated key. The first key seals;
 * every listed key opens what it sealed (rotation).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadSymmetricKey } from '../keys/secretKeys.js';
import type { ApprovalInputKeyConfig } from './config.js';

/** Format byte of the sealed blob: version 1 = AES-256-GCM, 12-byte nonce, 16-byte tag. */
const FORMAT_V1 = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const MIN_SECRET_BYTES = 32;
const HKDF_INFO = 'autogen-gate approval-input aes-256-gcm v1';

/** A held input as stored: which key sealed it, and the blob (format | nonce | tag | ciphertext). */
export interface SealedInput {
  readonly keyId: string;
  readonly blob: Buffer;
}

export class InputCipherError extends Error {
  override readonly name = 'InputCipherError';
  /** `unknown_key`: no configured key has this id; `tampered`: authentication failed; `malformed`: not a sealed blob. */
  readonly code: 'unknown_key' | 'tampered' | 'malformed';

  constructor(code: InputCipherError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The associated data of an input: what it is bound to. */
export function inputAad(approvalId: string, bindingHash: string): Buffer {
  return Buffer.from(`autogen-gate:approval-input:v1:${approvalId}:${bindingHash}`, 'utf8');
}

export class InputCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;

  constructor(secrets: readonly { readonly id: string; readonly secret: Buffer }[]) {
    const first = secrets[0];
    if (!first) throw new Error('the input cipher needs at least one key');
    for (const { id, secret } of secrets) {
      if (secret.length < MIN_SECRET_BYTES)
        throw new Error(`approval input key ${id} has ${secret.length} bytes; at least ${MIN_SECRET_BYTES} are required`);
    }
    this.keys = new Map(secrets.map(({ id, secret }) => [id, Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), HKDF_INFO, 32))]));
    this.currentKeyId = first.id;
  }

  /** Loads the configured keys (generating `approval-input-ID.key` under `keysDir` for keys without a secret). */
  static fromConfig(
    keys: readonly ApprovalInputKeyConfig[],
    keysDir: string,
    baseDir: string,
  ): { cipher: InputCipher; generated: readonly string[] } {
    const generated: string[] = [];
    const secrets = keys.map((key) => {
      const loaded = loadSymmetricKey({
        ref: key.secret,
        generatedPath: join(keysDir, `approval-input-${key.id}.key`),
        baseDir,
        minBytes: MIN_SECRET_BYTES,
      });
      if (loaded.generated) generated.push(key.id);
      return { id: key.id, secret: loaded.key };
    });
    return { cipher: new InputCipher(secrets), generated };
  }

  seal(plaintext: Buffer, aad: Buffer): SealedInput {
    const key = this.keys.get(this.currentKeyId);
    if (!key) throw new Error('current key missing');
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId: this.currentKeyId, blob: Buffer.concat([Buffer.from([FORMAT_V1]), nonce, cipher.getAuthTag(), ciphertext]) };
  }

  open(sealed: SealedInput, aad: Buffer): Buffer {
    const key = this.keys.get(sealed.keyId);
    if (!key)
      throw new InputCipherError(
        'unknown_key',
        `no approval input key with id ${sealed.keyId} is configured (was it removed from approvals.inputKeys?)`,
      );
    const { blob } = sealed;
    if (blob.length < 1 + NONCE_BYTES + TAG_BYTES || blob[0] !== FORMAT_V1)
      throw new InputCipherError('malformed', 'the held input is not a sealed blob of a known format');
    const nonce = blob.subarray(1, 1 + NONCE_BYTES);
    const tag = blob.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(blob.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]);
    } catch (error) {
      throw new InputCipherError(
        'tampered',
        'the held input failed authentication: it was altered, moved to another approval, or sealed under another key',
        { cause: error },
      );
    }
  }
}
