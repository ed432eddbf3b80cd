import { strict as assert } from 'node:assert';
import { createPublicKey } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, errors, importJWK } from 'jose';
import { startTestIdp, type BadTokens, type TestIdp } from '../../support/devIdp.js';
import { verifyAccessToken } from './verifyToken.js';

/**
 * The helpers that make bad tokens for the gateway's negative tests must make tokens that are bad
 * in exactly the advertised way, and otherwise genuine.
 */
describe('test support: bad tokens from the dev IdP', function () {
  this.timeout(20_000);
  let idp: TestIdp;
  let bad: BadTokens;

  before(async () => {
    idp = await startTestIdp();
    bad = await idp.badTokens('bruno');
  });

  after(async () => {
    await idp.close();
  });

  async function rsaPublicKey(): ReturnType<typeof importJWK> {
    const jwk = idp.idp.jwks.keys.find((key) => key.alg === 'RS256');
    assert.ok(jwk);
    return importJWK(jwk, 'RS256');
  }

  it('signs arbitrary claims with the IdP key into tokens that verify', async () => {
    const token = await idp.sign({ sub: 'someone', groups: ['auditors'] });
    const { payload, protectedHeader } = await verifyAccessToken(idp.issuer, token);
    assert.equal(payload.sub, 'someone');
    assert.deepEqual(payload['groups'], ['auditors']);
    assert.equal(protectedHeader.typ, 'at+jwt');
    const es256 = await idp.sign({ sub: 'someone' }, { alg: 'ES256' });
    assert.equal(decodeProtectedHeader(es256).alg, 'ES256');
  });

  it('expired: genuine signature, exp in the past', async () => {
    await assert.rejects(verifyAccessToken(idp.issuer, bad.expired), errors.JWTExpired);
    await compactVerify(bad.expired, await rsaPublicKey());
    assert.equal(decodeJwt(bad.expired).sub, 'bruno');
  });

  it('not yet valid: genuine signature, nbf in the future', async () => {
    await assert.rejects(
      verifyAccessToken(idp.issuer, bad.notYetValid),
      (error: unknown) => error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf',
    );
    await compactVerify(bad.notYetValid, await rsaPublicKey());
  });

  it('wrong audience and wrong issuer: genuine signatures, one claim off', async () => {
    await assert.rejects(
      verifyAccessToken(idp.issuer, bad.wrongAudience),
      (error: unknown) => error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud',
    );
    await assert.rejects(
      verifyAccessToken(idp.issuer, bad.wrongIssuer),
      (error: unknown) => error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss',
    );
    await compactVerify(bad.wrongAudience, await rsaPublicKey());
    await compactVerify(bad.wrongIssuer, await rsaPublicKey());
  });

  it('tampered: a real token whose payload changed after signing', async () => {
    await assert.rejects(verifyAccessToken(idp.issuer, bad.tampered), errors.JWSSignatureVerificationFailed);
    assert.deepEqual(decodeJwt(bad.tampered)['groups'], ['privacy-office', 'data-engineers']);
  });

  it('alg none: unsigned', async () => {
    assert.equal(decodeProtectedHeader(bad.algNone).alg, 'none');
    assert.ok(bad.algNone.endsWith('.'));
    await assert.rejects(verifyAccessToken(idp.issuer, bad.algNone), errors.JOSEAlgNotAllowed);
  });

  it('HS256 keyed with the public key: valid HMAC over the SPKI PEM, refused by an RS256 allow-list', async () => {
    assert.equal(decodeProtectedHeader(bad.hs256WithPublicKey).alg, 'HS256');
    const jwk = idp.idp.jwks.keys.find((key) => key.alg === 'RS256');
    assert.ok(jwk);
    const pem = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    // What a naive verifier that trusts the header's alg would accept:
    await compactVerify(bad.hs256WithPublicKey, new TextEncoder().encode(pem));
    await assert.rejects(verifyAccessToken(idp.issuer, bad.hs256WithPublicKey), errors.JOSEAlgNotAllowed);
  });

  it('unknown key: a well-formed RS256 token from a key the IdP never published', async () => {
    await assert.rejects(verifyAccessToken(idp.issuer, bad.unknownKey), errors.JWKSNoMatchingKey);
  });
});
