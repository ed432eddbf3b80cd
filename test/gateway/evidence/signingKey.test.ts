/** The evidence signing key: generated once (0600), stable, rotatable without losing old public keys. */
import { strict as assert } from 'node:assert';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { signCheckpoint, readCheckpoint } from '../../../gateway/audit/checkpoints.js';
import { normalizeEvidence } from '../../../gateway/evidence/config.js';
import { loadEvidenceSigner, readPublicKeys } from '../../../gateway/evidence/signingKey.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

describe('evidence signing key', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    removeDir(dir);
  });

  it('is generated once, readable by its owner only, and the same on every start', async () => {
    const keys = join(dir, 'keys');
    const first = await loadEvidenceSigner(normalizeEvidence({}), keys, dir);
    assert.equal(first.generated, true);
    assert.equal(first.signer.alg, 'ES256');
    assert.equal(statSync(join(keys, 'evidence-signing.jwk')).mode & 0o777, 0o600);
    assert.equal(statSync(keys).mode & 0o777, 0o700);
    const again = await loadEvidenceSigner(normalizeEvidence({}), keys, dir);
    assert.equal(again.generated, false);
    assert.equal(again.signer.kid, first.signer.kid);
    // The published set holds public halves only.
    assert.deepEqual(
      readPublicKeys(keys).keys.map((k) => [k.kid, k.d]),
      [[first.signer.kid, undefined]],
    );
    assert.doesNotMatch(readFileSync(join(keys, 'evidence-public.jwks'), 'utf8'), /"d"/);
  });

  it('takes a configured key (JWK or PKCS#8 PEM), and keeps trusting the keys it signed with before', async () => {
    const keys = join(dir, 'keys');
    const generated = await loadEvidenceSigner(normalizeEvidence({}), keys, dir);
    const before = await signCheckpoint(generated.signer, {
      seq: 1,
      hash: 'a'.repeat(64),
      at: '2026-01-01T00:00:00.000Z',
      reason: 'manual',
    });

    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true, crv: 'Ed25519' });
    writeFileSync(join(dir, 'ed.jwk'), JSON.stringify(await exportJWK(privateKey)));
    const rotated = await loadEvidenceSigner(normalizeEvidence({ signingKey: 'file:ed.jwk' }), keys, dir);
    assert.equal(rotated.signer.alg, 'EdDSA');
    assert.notEqual(rotated.signer.kid, generated.signer.kid);
    assert.deepEqual(
      rotated.trusted.keys.map((k) => k.kid),
      [rotated.signer.kid, generated.signer.kid],
    );
    assert.equal((await readCheckpoint(before.jws, rotated.trusted)).ok, true, 'a checkpoint signed before the rotation still verifies');

    const ec = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(join(dir, 'ec.pem'), await exportPKCS8(ec.privateKey));
    const pem = await loadEvidenceSigner(normalizeEvidence({ signingKey: 'file:ec.pem' }), keys, dir);
    assert.equal(pem.signer.alg, 'ES256');
    const signed = await signCheckpoint(pem.signer, { seq: 2, hash: 'b'.repeat(64), at: '2026-01-02T00:00:00.000Z', reason: 'manual' });
    assert.equal((await readCheckpoint(signed.jws, readPublicKeys(keys))).ok, true);
  });

  it('refuses keys that cannot sign evidence, saying why', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    writeFileSync(join(dir, 'rsa.jwk'), JSON.stringify(await exportJWK(rsa.privateKey)));
    await assert.rejects(
      loadEvidenceSigner(normalizeEvidence({ signingKey: 'file:rsa.jwk' }), join(dir, 'keys'), dir),
      /must be an EC P-256 \(ES256\) or Ed25519 \(EdDSA\) key/,
    );
    const ec = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(join(dir, 'public.jwk'), JSON.stringify(await exportJWK(ec.publicKey)));
    await assert.rejects(
      loadEvidenceSigner(normalizeEvidence({ signingKey: 'file:public.jwk' }), join(dir, 'keys'), dir),
      /has no private part/,
    );
    await assert.rejects(
      loadEvidenceSigner(normalizeEvidence({ signingKey: 'env:NO_SUCH_EVIDENCE_KEY' }), join(dir, 'keys'), dir),
      /NO_SUCH_EVIDENCE_KEY is not set/,
    );
  });
});
