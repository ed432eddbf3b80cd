/**
 * Verifies bearer JWTs with `jose` against the configured issuers: the token is matched to an
 * issuer by its `iss`, its signature checked with that issuer's JWKS (found by OIDC discovery,
 * cached, refreshed when an unknown key id appears), then issuer, audience, expiry and
 * not-before with a small clock tolerance, and the algorithm against an asymmetric allow-list.
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { IdentityConfig, IssuerConfig } from '../config/types.js';
import type { Identity } from './types.js';

/** Why a token was refused; recorded in the audit log, never sent to the caller. */
export type RejectionReason =
  | 'missing_token'
  | 'malformed_token'
  | 'alg_not_allowed'
  | 'unknown_issuer'
  | 'unknown_key'
  | 'bad_signature'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'missing_claim'
  | 'invalid_claim';

export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  readonly code = 'invalid_token';
  constructor(
    readonly reason: RejectionReason,
    message: string,
    readonly issuer?: string,
    readonly subject?: string,
  ) {
    super(message);
  }
}

/** The issuer's keys could not be fetched: the gateway cannot verify, so it refuses (503). */
export class IdentityUnavailableError extends Error {
  override readonly name = 'IdentityUnavailableError';
  readonly code = 'identity_unavailable';
  constructor(
    message: string,
    readonly issuer: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

interface DiscoveryDocument {
  readonly issuer?: unknown;
  readonly jwks_uri?: unknown;
}

const DISCOVERY_TIMEOUT_MS = 5_000;
const DISCOVERY_RETRY_MS = 1_000;

/** One trusted issuer: lazily discovers its JWKS URL, then keeps a cached remote key set. */
class TrustedIssuer {
  private keySet: KeySet | undefined;
  private discovering: Promise<KeySet> | undefined;
  private lastFailureAt = 0;
  private lastFailure: Error | undefined;

  constructor(
    readonly config: IssuerConfig,
    private readonly cacheMaxAgeMs: number,
  ) {}

  keys(): Promise<KeySet> {
    if (this.keySet) return Promise.resolve(this.keySet);
    if (this.lastFailure && Date.now() - this.lastFailureAt < DISCOVERY_RETRY_MS) return Promise.reject(this.lastFailure);
    this.discovering ??= this.discover().then(
      (keySet) => {
        this.keySet = keySet;
        this.discovering = undefined;
        return keySet;
      },
      (error: unknown) => {
        this.discovering = undefined;
        this.lastFailureAt = Date.now();
        this.lastFailure = error instanceof Error ? error : new Error(String(error));
        throw error;
      },
    );
    return this.discovering;
  }

  private async discover(): Promise<KeySet> {
    let jwksUri = this.config.jwksUri;
    if (jwksUri === undefined) {
      const url = `${this.config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      let document: DiscoveryDocument;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        document = (await response.json()) as DiscoveryDocument;
      } catch (error) {
        throw new IdentityUnavailableError(`OpenID discovery failed for ${url}: ${(error as Error).message}`, this.config.issuer, {
          cause: error,
        });
      }
      if (document.issuer !== this.config.issuer) {
        throw new IdentityUnavailableError(
          `discovery document at ${url} names issuer ${String(document.issuer)}, not ${this.config.issuer}`,
          this.config.issuer,
        );
      }
      if (typeof document.jwks_uri !== 'string') {
        throw new IdentityUnavailableError(`discovery document at ${url} has no jwks_uri`, this.config.issuer);
      }
      jwksUri = document.jwks_uri;
    }
    return createRemoteJWKSet(new URL(jwksUri), {
      cacheMaxAge: this.cacheMaxAgeMs,
      cooldownDuration: 30_000,
      timeoutDuration: DISCOVERY_TIMEOUT_MS,
    });
  }
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function groupsFrom(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((item) => item.length > 0);
  return [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Verified tokens are remembered this long at most (and never past their own expiry). */
const CACHE_TTL_MS = 5 * 60_000;
const CACHE_MAX_ENTRIES = 10_000;

export class TokenVerifier {
  private readonly issuers = new Map<string, TrustedIssuer>();
  /**
   * Token → identity for tokens that verified, so a client's every request does not pay an RSA
   * verification. Keyed by the whole token: a different byte is a different entry.
   */
  private readonly verified = new Map<string, { identity: Identity; validUntil: number }>();

  /**
   * @param policyClaims claim names that policy rules test; kept with the identity (and so
   *   recorded) besides each issuer's `recordClaims`, so a record shows what a rule matched on.
   */
  constructor(
    private readonly config: IdentityConfig,
    private readonly policyClaims: readonly string[] = [],
  ) {
    for (const issuer of config.issuers) this.issuers.set(issuer.issuer, new TrustedIssuer(issuer, config.jwksCacheMaxAgeMs));
  }

  /** Issuers whose keys could be fetched; used by /readyz. */
  async checkIssuers(): Promise<Array<{ id: string; ok: boolean; error?: string }>> {
    return Promise.all(
      [...this.issuers.values()].map(async (issuer) => {
        try {
          await issuer.keys();
          return { id: issuer.config.id, ok: true };
        } catch (error) {
          return { id: issuer.config.id, ok: false, error: (error as Error).message };
        }
      }),
    );
  }

  async verify(token: string): Promise<Identity> {
    const cached = this.verified.get(token);
    if (cached) {
      if (Date.now() < cached.validUntil) return cached.identity;
      this.verified.delete(token);
    }
    const identity = await this.verifyUncached(token);
    const expiresAt = identity.tokenExpiresAt === undefined ? 0 : Date.parse(identity.tokenExpiresAt);
    const validUntil = Math.min(expiresAt, Date.now() + CACHE_TTL_MS);
    if (validUntil > Date.now()) {
      if (this.verified.size >= CACHE_MAX_ENTRIES) {
        const oldest = this.verified.keys().next().value;
        if (oldest !== undefined) this.verified.delete(oldest);
      }
      this.verified.set(token, { identity, validUntil });
    }
    return identity;
  }

  private async verifyUncached(token: string): Promise<Identity> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw new TokenRejectedError('malformed_token', 'the token is not a well-formed JWS compact JWT');
    }
    const claimedIssuer = typeof unverified.iss === 'string' ? unverified.iss : undefined;
    const claimedSubject = typeof unverified.sub === 'string' ? unverified.sub : undefined;
    const trusted = claimedIssuer === undefined ? undefined : this.issuers.get(claimedIssuer);
    if (!trusted) {
      throw new TokenRejectedError('unknown_issuer', `issuer ${claimedIssuer ?? '(none)'} is not trusted`, claimedIssuer, claimedSubject);
    }
    const alg = typeof header.alg === 'string' ? header.alg : 'none';
    if (!trusted.config.algorithms.includes(alg)) {
      throw new TokenRejectedError(
        'alg_not_allowed',
        `algorithm ${alg} is not allowed for issuer ${trusted.config.id}`,
        claimedIssuer,
        claimedSubject,
      );
    }

    const keySet = await trusted.keys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        issuer: trusted.config.issuer,
        audience: [...trusted.config.audiences],
        algorithms: [...trusted.config.algorithms],
        clockTolerance: Math.round(this.config.clockToleranceMs / 1000),
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw this.describe(error, trusted, claimedSubject);
    }

    const kind =
      trusted.config.kind !== 'auto'
        ? trusted.config.kind
        : payload.sub !== undefined && payload.sub === payload['client_id']
          ? 'pipeline' // client credentials: the client acts for itself, no person behind it
          : 'person';
    const claims: Record<string, unknown> = {};
    for (const name of new Set([...trusted.config.recordClaims, ...this.policyClaims])) {
      const value = claimAt(payload, name);
      if (value !== undefined) claims[name] = value;
    }
    return {
      subject: payload.sub as string,
      issuer: trusted.config.issuer,
      issuerId: trusted.config.id,
      kind,
      name: optionalString(claimAt(payload, trusted.config.nameClaim)),
      email: optionalString(payload['email']),
      username: optionalString(payload['preferred_username']),
      groups: groupsFrom(claimAt(payload, trusted.config.groupsClaim)),
      clientId: optionalString(payload['client_id']) ?? optionalString(payload['azp']),
      claims,
      tokenExpiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : undefined,
    };
  }

  private describe(error: unknown, trusted: TrustedIssuer, subject: string | undefined): Error {
    const issuer = trusted.config.issuer;
    if (error instanceof joseErrors.JWTExpired) return new TokenRejectedError('token_expired', 'the token has expired', issuer, subject);
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      const reason: RejectionReason =
        error.claim === 'aud'
          ? 'wrong_audience'
          : error.claim === 'iss'
            ? 'wrong_issuer'
            : error.claim === 'nbf' || error.claim === 'iat'
              ? 'token_not_yet_valid'
              : error.reason === 'missing'
                ? 'missing_claim'
                : 'invalid_claim';
      return new TokenRejectedError(reason, `claim ${error.claim} failed: ${error.message}`, issuer, subject);
    }
    if (error instanceof joseErrors.JOSEAlgNotAllowed) return new TokenRejectedError('alg_not_allowed', error.message, issuer, subject);
    if (error instanceof joseErrors.JWSSignatureVerificationFailed)
      return new TokenRejectedError('bad_signature', 'the signature does not verify', issuer, subject);
    if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
      return new TokenRejectedError('unknown_key', 'no key of the issuer matches the token', issuer, subject);
    }
    if (
      error instanceof joseErrors.JWKSTimeout ||
      error instanceof joseErrors.JWKSInvalid ||
      (error instanceof Error && error.name === 'TypeError')
    ) {
      return new IdentityUnavailableError(`cannot fetch the keys of ${issuer}: ${error.message}`, issuer, { cause: error });
    }
    if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) {
      return new TokenRejectedError('malformed_token', error.message, issuer, subject);
    }
    if (error instanceof joseErrors.JOSEError) return new TokenRejectedError('invalid_claim', error.message, issuer, subject);
    return new IdentityUnavailableError(`verification failed unexpectedly: ${(error as Error).message}`, issuer, { cause: error });
  }
}
