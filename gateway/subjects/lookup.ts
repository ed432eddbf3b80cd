/**
 * Answers "where did this person's data pass through the gateway?" without the store ever
 * holding the value: the value is normalised exactly as the masking engine normalises what it
 * masks (`normaliseForLookup`), its HMAC is computed under every masking key (current and
 * rotated), and masking events with those HMACs are listed with their sessions and times.
 *
 * The look-up is itself processing of personal data, so it is recorded in the audit log with
 * the HMACs searched for (never the value), the request reference and what was found.
 */
import { DETECTOR_IDS, normaliseForLookup, type DetectorId, type MaskingKeyring } from '../masking/index.js';
import { describePeriod, type RetentionConfig } from '../retention/config.js';
import { signDocument, SUBJECT_REPORT_FORMAT, type IssuedDocument } from '../evidence/signedDocument.js';
import type { EvidenceSigner } from '../evidence/signingKey.js';
import type { Store } from '../store/types.js';
import type { SubjectMatch, SubjectQueryHmacs, SubjectReport } from './types.js';

export const LOOKUP_ENTRY_TYPE = 'subject.lookup';

export interface SubjectValue {
  readonly detector: DetectorId;
  readonly value: string;
}

export class SubjectLookupError extends Error {
  override readonly name = 'SubjectLookupError';
  readonly code = 'bad_request';
}

export interface SubjectLookupOptions {
  readonly store: Store;
  readonly keyring: MaskingKeyring;
  readonly signer: EvidenceSigner;
  readonly issuer: string;
  readonly retention: RetentionConfig;
}

export interface SubjectLookupResult {
  readonly report: SubjectReport;
  /** The signed report (written by `--out`, returned by the API). */
  readonly issued: IssuedDocument<SubjectReport>;
  readonly entry: { readonly seq: number; readonly hash: string };
}

/** CPF check digits (Receita Federal): a value that fails them was never masked as a CPF. */
export function validCpfDigits(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const check = (length: number): number => {
    let total = 0;
    for (let i = 0; i < length; i++) total += Number(digits[i]) * (length + 1 - i);
    const rest = (total * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === Number(digits[9]) && check(10) === Number(digits[10]);
}

function notesFor(values: readonly SubjectValue[]): string[] {
  const notes: string[] = [];
  for (const { detector, value } of values) {
    const normalised = normaliseForLookup(detector, value);
    if (detector === 'cpf' && !validCpfDigits(normalised))
      notes.push(
        `The CPF given is not valid (${normalised.length} digits, check digits wrong): the gateway only masks valid CPFs, so it can never have recorded this one.`,
      );
    if (detector === 'email' && !normalised.includes('@'))
      notes.push('The e-mail given has no @: the gateway only masks e-mail addresses.');
    if (detector === 'name')
      notes.push(
        'Names are not unique: a match may be another person with the same name. Confirm with a second identifier (CPF, e-mail) before answering the data subject.',
      );
  }
  return notes;
}

export class SubjectLookup {
  constructor(private readonly options: SubjectLookupOptions) {}

  /** The HMACs to search for: each value normalised for its detector, under every key. */
  hmacsOf(values: readonly SubjectValue[]): SubjectQueryHmacs[] {
    return values.map(({ detector, value }) => {
      if (!(DETECTOR_IDS as readonly string[]).includes(detector))
        throw new SubjectLookupError(`unknown kind of data ${JSON.stringify(detector)}; one of ${DETECTOR_IDS.join(', ')}`);
      const normalised = normaliseForLookup(detector, value);
      if (normalised.trim() === '') throw new SubjectLookupError(`the ${detector} given is empty once normalised; nothing to look up`);
      return { detector, hmacs: this.options.keyring.hmacAll(normalised) };
    });
  }

  async find(request: {
    readonly values: readonly SubjectValue[];
    readonly reference?: string | undefined;
    readonly actor: string;
    readonly exported: boolean;
  }): Promise<SubjectLookupResult> {
    if (request.values.length === 0) throw new SubjectLookupError('give at least one value to look up (--cpf, --email, --name…)');
    const { store } = this.options;
    const query = this.hmacsOf(request.values);
    const rows = await store.subjects.findByHmacs([...new Set(query.flatMap((q) => q.hmacs.map((h) => h.hmac)))]);
    const bySession = new Map<string, SubjectMatch & { occurrences: SubjectMatch['occurrences'][number][] }>();
    for (const row of rows) {
      let match = bySession.get(row.sessionId);
      if (!match) {
        match = {
          sessionId: row.sessionId,
          createdAt: row.createdAt,
          kind: row.kind,
          generator: row.generator,
          upstream: row.upstream,
          status: row.status,
          occurrences: [],
        };
        bySession.set(row.sessionId, match);
      }
      match.occurrences.push({
        seq: row.seq,
        at: row.at,
        detector: row.detector,
        location: row.location,
        keyId: row.keyId,
        count: row.count,
        locations: row.locations,
      });
    }
    const matches = [...bySession.values()];
    const times = rows.map((row) => row.at).sort();
    const byDetector: Record<string, number> = {};
    let occurrences = 0;
    for (const row of rows) {
      byDetector[row.detector] = (byDetector[row.detector] ?? 0) + row.count;
      occurrences += row.count;
    }
    const generators: Record<string, number> = {};
    for (const match of matches) {
      const key = match.generator ?? (match.upstream === null ? 'unknown' : `proxy:${match.upstream}`);
      generators[key] = (generators[key] ?? 0) + 1;
    }
    const now = store.clock();
    const report: SubjectReport = {
      generatedAt: now.toISOString(),
      issuer: this.options.issuer,
      reference: request.reference ?? null,
      query,
      coverage: {
        oldestSession: (await store.subjects.oldestSession()) ?? null,
        metadataRetention: describePeriod(this.options.retention.defaults.metadataMs),
        keys: this.options.keyring.keyIds,
      },
      summary: {
        sessions: matches.length,
        occurrences,
        firstSeen: times[0] ?? null,
        lastSeen: times[times.length - 1] ?? null,
        byDetector,
        generators,
      },
      matches,
      notes: notesFor(request.values),
    };
    const issued = await signDocument(this.options.signer, SUBJECT_REPORT_FORMAT, report, this.options.issuer, now);
    const entry = await store.transact((tx) =>
      tx.appendAudit({
        type: LOOKUP_ENTRY_TYPE,
        actor: request.actor,
        data: {
          reference: request.reference ?? null,
          query,
          sessions: matches.length,
          occurrences,
          exported: request.exported,
          reportId: issued.manifest.id,
          digest: issued.manifest.digest.value,
        },
      }),
    );
    return { report, issued, entry: { seq: entry.seq, hash: entry.hash } };
  }
}
