/**
 * A signed evidence document (bundle, data-subject report or processing register) as written to disk:
 *
 * ```json
 * {"content":{…},"format":"autogen-gate.evidence-bundle/1","signature":"<compact JWS>"}
 * ```
 *
 * The JWS payload is a small manifest: format, id, issue time, issuer and the SHA-256 of the
 * content's canonical JSON. Splitting it this way lets verification tell a bad signature (the
 * manifest or signature was altered, or another key signed) from a tampered payload (the content
 * no longer matches the digest the signature covers). The file itself is canonical JSON, so a
 * changed byte anywhere is either a content change or a reformatting, and both are reported.
 */
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../audit/canonical.js';
import { verifyJws } from './jws.js';
import type { EvidenceSigner, Jwks } from './signingKey.js';

export const BUNDLE_FORMAT = 'autogen-gate.evidence-bundle/1';
export const SUBJECT_REPORT_FORMAT = 'autogen-gate.subject-report/1';
/** The register of processing operations (LGPD Art. 37), gateway/register/. */
export const REGISTER_FORMAT = 'autogen-gate.processing-register/1';
export const DOCUMENT_FORMATS = [BUNDLE_FORMAT, SUBJECT_REPORT_FORMAT, REGISTER_FORMAT] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** JWS `typ` of a document manifest. */
export const MANIFEST_TYP = 'autogen-gate-manifest+json';

/** What the signature covers. */
export interface Manifest {
  readonly format: DocumentFormat;
  /** Unique id of this document (recorded in the audit log when it is issued). */
  readonly id: string;
  readonly issuedAt: string;
  /** The gateway that issued it (its public URL). */
  readonly issuer: string;
  /** SHA-256 of `canonicalJson(content)`. */
  readonly digest: { readonly alg: 'sha-256'; readonly value: string };
}

export interface SignedDocument<T> {
  readonly format: DocumentFormat;
  readonly content: T;
  readonly signature: string;
}

export interface IssuedDocument<T> {
  readonly document: SignedDocument<T>;
  readonly manifest: Manifest;
  /** The exact bytes to write: canonical JSON and a newline. */
  readonly text: string;
  readonly kid: string;
}

export function contentDigest(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export async function signDocument<T>(
  signer: EvidenceSigner,
  format: DocumentFormat,
  content: T,
  issuer: string,
  issuedAt: Date,
): Promise<IssuedDocument<T>> {
  const manifest: Manifest = {
    format,
    id: randomUUID(),
    issuedAt: issuedAt.toISOString(),
    issuer,
    digest: { alg: 'sha-256', value: contentDigest(content) },
  };
  const signature = await signer.sign(new TextEncoder().encode(canonicalJson(manifest)), MANIFEST_TYP);
  const document: SignedDocument<T> = { format, content, signature };
  return { document, manifest, text: `${canonicalJson(document)}\n`, kid: signer.kid };
}

/** Why a document does not verify; stable codes for scripts, messages for people. */
export type DocumentProblemCode =
  'malformed' | 'reformatted' | 'malformed_signature' | 'unknown_key' | 'bad_signature' | 'format_mismatch' | 'tampered_payload';

export interface DocumentProblem {
  readonly code: DocumentProblemCode;
  readonly message: string;
}

export interface DocumentVerification {
  /** Signature valid, digest matches, file exactly as issued. */
  readonly ok: boolean;
  readonly problems: readonly DocumentProblem[];
  readonly format: DocumentFormat | undefined;
  readonly manifest: Manifest | undefined;
  readonly kid: string | undefined;
  /** The parsed content (present even when verification failed, for diagnostics). */
  readonly content: unknown;
}

const HTML_EMBED = /<script type="application\/json" id="autogen-gate-evidence">([\s\S]*?)<\/script>/;

/** Finds the signed document inside an HTML report (`--html` embeds the bundle it renders). */
export function extractFromHtml(text: string): string | undefined {
  return HTML_EMBED.exec(text)?.[1];
}

function isManifest(value: unknown): value is Manifest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  const digest = m['digest'] as Record<string, unknown> | undefined;
  return (
    typeof m['format'] === 'string' &&
    typeof m['id'] === 'string' &&
    typeof m['issuedAt'] === 'string' &&
    typeof m['issuer'] === 'string' &&
    typeof digest === 'object' &&
    digest !== null &&
    digest['alg'] === 'sha-256' &&
    typeof digest['value'] === 'string'
  );
}

/**
 * Verifies a document's bytes: canonical form, signature by a trusted key, manifest, digest.
 * `fromHtml` skips the canonical-form check (the report embeds the document escaped for HTML).
 */
export async function verifyDocument(
  text: string,
  trusted: Jwks,
  options: { readonly fromHtml?: boolean } = {},
): Promise<DocumentVerification> {
  const problems: DocumentProblem[] = [];
  // A reformatting note goes after the problem that matters (a renamed key is both).
  const fail = (code: DocumentProblemCode, message: string, partial: Partial<DocumentVerification> = {}): DocumentVerification => ({
    ok: false,
    problems: [{ code, message }, ...problems],
    format: undefined,
    manifest: undefined,
    kid: undefined,
    content: undefined,
    ...partial,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail('malformed', `the file is not valid JSON, so it was cut short or edited (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return fail('malformed', 'the file is not an evidence document (expected a JSON object with format, content and signature)');
  const envelope = parsed as Record<string, unknown>;
  const format = envelope['format'];
  if (typeof format !== 'string' || !(DOCUMENT_FORMATS as readonly string[]).includes(format)) {
    return fail('malformed', `unknown document format ${JSON.stringify(format)}; expected ${DOCUMENT_FORMATS.join(' or ')}`);
  }
  const knownFormat = format as DocumentFormat;
  const content = envelope['content'];
  const signature = envelope['signature'];
  const extra = Object.keys(envelope).filter((key) => !['format', 'content', 'signature'].includes(key));
  if (typeof signature !== 'string' || content === undefined || extra.length > 0) {
    return fail(
      'malformed',
      extra.length > 0
        ? `unexpected field(s) ${extra.join(', ')} beside format, content and signature`
        : 'the document lacks its content or signature',
      { format: knownFormat, content },
    );
  }
  if (!options.fromHtml && text !== `${canonicalJson(parsed)}\n` && text !== canonicalJson(parsed)) {
    problems.push({
      code: 'reformatted',
      message: 'the file is not byte-for-byte as the gateway wrote it (its JSON was re-formatted or re-encoded); keep the original file',
    });
  }
  const verified = await verifyJws(signature, { keys: trusted.keys });
  if (!verified.ok) return fail(verified.code, verified.message, { format: knownFormat, content, kid: verified.kid });
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    return fail('malformed_signature', 'the signed manifest is not JSON', { format: knownFormat, content, kid: verified.kid });
  }
  if (!isManifest(manifest))
    return fail('malformed_signature', 'the signed manifest lacks format, id, issuedAt, issuer or a sha-256 digest', {
      format: knownFormat,
      content,
      kid: verified.kid,
    });
  if (manifest.format !== format) {
    return fail('format_mismatch', `the signature was made for a ${manifest.format} document, but the file says ${format}`, {
      format: knownFormat,
      manifest,
      content,
      kid: verified.kid,
    });
  }
  const actual = contentDigest(content);
  if (actual !== manifest.digest.value) {
    return fail(
      'tampered_payload',
      `the content was changed after signing: its SHA-256 is ${actual}, the signature covers ${manifest.digest.value}`,
      { format: knownFormat, manifest, content, kid: verified.kid },
    );
  }
  return { ok: problems.length === 0, problems, format: knownFormat, manifest, kid: verified.kid, content };
}
