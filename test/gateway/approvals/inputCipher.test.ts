import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputCipher, InputCipherError, inputAad } from '../../../gateway/approvals/inputCipher.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

function expectCipherError(fn: () => unknown, code: InputCipherError['code']): void {
  assert.throws(fn, (error: unknown) => error instanceof InputCipherError && error.code === code);
}

describe('approvals: held input encryption', () => {
  const secret = randomBytes(32);
  const cipher = new InputCipher([{ id: 'a1', secret }]);
  const plaintext = Buffer.from(JSON.stringify({ month: 'novembro de 2026', cpf: '123.456.789-09' }));
  const aad = inputAad('6f1c2a9e-0000-4000-8000-000000000001', 'ab'.repeat(32));

  it('round-trips, with a fresh nonce each time and no plaintext in the blob', () => {
    const one = cipher.seal(plaintext, aad);
    const two = cipher.seal(plaintext, aad);
    assert.equal(one.keyId, 'a1');
    assert.notDeepEqual(one.blob, two.blob);
    assert.equal(one.blob.includes(Buffer.from('123.456.789-09')), false);
    assert.deepEqual(cipher.open(one, aad), plaintext);
    assert.deepEqual(cipher.open(two, aad), plaintext);
  });

  it('detects a flipped bit anywhere in the ciphertext, nonce or tag', () => {
    const sealed = cipher.seal(plaintext, aad);
    for (const index of [1, 5, 13, 20, 28, sealed.blob.length - 1]) {
      const blob = Buffer.from(sealed.blob);
      blob[index] = (blob[index] ?? 0) ^ 0x01;
      expectCipherError(() => cipher.open({ keyId: 'a1', blob }, aad), 'tampered');
    }
  });

  it('refuses a blob moved to another approval, or whose binding hash was edited', () => {
    const sealed = cipher.seal(plaintext, aad);
    expectCipherError(() => cipher.open(sealed, inputAad('6f1c2a9e-0000-4000-8000-000000000002', 'ab'.repeat(32))), 'tampered');
    expectCipherError(() => cipher.open(sealed, inputAad('6f1c2a9e-0000-4000-8000-000000000001', 'cd'.repeat(32))), 'tampered');
  });

  it('refuses truncated or unknown-format blobs, and unknown key ids', () => {
    const sealed = cipher.seal(plaintext, aad);
    expectCipherError(() => cipher.open({ keyId: 'a1', blob: sealed.blob.subarray(0, 20) }, aad), 'malformed');
    const wrongVersion = Buffer.from(sealed.blob);
    wrongVersion[0] = 9;
    expectCipherError(() => cipher.open({ keyId: 'a1', blob: wrongVersion }, aad), 'malformed');
    expectCipherError(() => cipher.open({ keyId: 'gone', blob: sealed.blob }, aad), 'unknown_key');
  });

  it('opens inputs sealed under an older key after a rotation, and seals under the new one', () => {
    const old = cipher.seal(plaintext, aad);
    const rotated = new InputCipher([
      { id: 'a2', secret: randomBytes(32) },
      { id: 'a1', secret },
    ]);
    assert.deepEqual(rotated.open(old, aad), plaintext);
    assert.equal(rotated.seal(plaintext, aad).keyId, 'a2');
    const stranger = new InputCipher([{ id: 'a1', secret: randomBytes(32) }]);
    expectCipherError(() => stranger.open(old, aad), 'tampered');
  });

  it('refuses keys shorter than 32 bytes', () => {
    assert.throws(() => new InputCipher([{ id: 'short', secret: randomBytes(16) }]), /at least 32/);
  });

  it('generates a missing key once, owner-only, from the configuration', () => {
    const dir = makeTempDir();
    try {
      const first = InputCipher.fromConfig([{ id: 'a1', secret: undefined }], join(dir, 'keys'), dir);
      assert.deepEqual(first.generated, ['a1']);
      const path = join(dir, 'keys', 'approval-input-a1.key');
      assert.equal(statSync(path).mode & 0o777, 0o600);
      const again = InputCipher.fromConfig([{ id: 'a1', secret: undefined }], join(dir, 'keys'), dir);
      assert.deepEqual(again.generated, []);
      assert.deepEqual(again.cipher.open(first.cipher.seal(plaintext, aad), aad), plaintext);
      assert.ok(readFileSync(path, 'utf8').trim().length >= 43);
    } finally {
      removeDir(dir);
    }
  });
});
