/**
 * A stand-in for GitHub Actions' OIDC token service on loopback: the token endpoint a job calls
 * with ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN, plus the issuer's discovery document and JWKS. It
 * signs tokens shaped like GitHub's (sub `repo:OWNER/REPO:ref:REF`, repository, ref, workflow,
 * actor…) with its own RSA key; the gateway trusts it as an issuer like any other.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export interface FakeGitHubActions {
  readonly issuer: string;
  /** What a job's environment would hold. */
  readonly env: { readonly ACTIONS_ID_TOKEN_REQUEST_URL: string; readonly ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** The claims of the next tokens (repository, ref…). */
  claims: Record<string, string>;
  /** Token requests received. */
  readonly requests: Array<{ audience: string | null; authorized: boolean }>;
  close(): Promise<void>;
}

export async function startFakeGitHubActions(claims: Record<string, string>): Promise<FakeGitHubActions> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'gh-test-key', alg: 'RS256', use: 'sig' };
  const requestToken = randomBytes(16).toString('hex');
  let issuer = '';
  const fake: FakeGitHubActions = {
    issuer: '',
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    claims,
    requests: [],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer, jwks_uri: `${issuer}/.well-known/jwks`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (url.pathname === '/.well-known/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else if (url.pathname === '/token') {
      const authorized = req.headers.authorization === `bearer ${requestToken}`;
      const audience = url.searchParams.get('audience');
      fake.requests.push({ audience, authorized });
      if (!authorized) {
        res.writeHead(401).end();
        return;
      }
      const repository = fake.claims['repository'] ?? 'org/app';
      const ref = fake.claims['ref'] ?? 'refs/heads/main';
      void new SignJWT({ repository, ref, workflow: 'report', actor: 'octocat', event_name: 'push', sha: 'a'.repeat(40), ...fake.claims })
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid ?? '', typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience ?? 'https://github.com/org')
        .setSubject(`repo:${repository}:ref:${ref}`)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey)
        .then((value) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 1, value })));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(fake, {
    issuer,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: `${issuer}/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
  });
  return fake;
}
