/** Verifies dev IdP access tokens the way the gateway does: discovery, remote JWKS, jose. */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyResult } from 'jose';

interface Discovery {
  readonly issuer: string;
  readonly jwks_uri: string;
}

export async function discover(issuer: string): Promise<Discovery & Record<string, unknown>> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  return (await response.json()) as Discovery & Record<string, unknown>;
}

/** Checks signature (RS256 only, from the JWKS found by discovery), issuer, audience and type. */
export async function verifyAccessToken(issuer: string, token: string, audience = 'autogen-gate'): Promise<JWTVerifyResult<JWTPayload>> {
  const { jwks_uri: jwksUri } = await discover(issuer);
  return jwtVerify(token, createRemoteJWKSet(new URL(jwksUri)), {
    issuer,
    audience,
    algorithms: ['RS256'],
    typ: 'at+jwt',
    requiredClaims: ['sub', 'exp', 'iat'],
  });
}
