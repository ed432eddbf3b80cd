/**
 * `evidence verify`: checks a bundle offline. First the document (canonical bytes, signature by
 * a trusted key, digest of the content), then the content against itself: the audit entries
 * hash and link (a contiguous segment has no gaps and ends at the stated head), the signed
 * checkpoint inside it verifies and agrees, each session agrees with the entries that recorded
 * it, masking events match the digests sealed in those entries, references resolve, and the
 * summary figures are what the lists add up to.
 */
import { canonicalJson } from '../audit/canonical.js';
import { hashAuditEntry } from '../audit/chain.js';
import { readCheckpoint } from '../audit/checkpoints.js';
import { RecordIndex, type RecordReport } from '../audit/records.js';
import type { AuditReader, SessionFacts, StoredMaskingEvent } from '../audit/types.js';
import { verifyEntries, type ChainReport } from '../audit/verify.js';
import { summarize } from './bundle.js';
import {
  BUNDLE_FORMAT,
  extractFromHtml,
  SUBJECT_REPORT_FORMAT,
  verifyDocument,
  type DocumentVerification,
  type Manifest,
} from './signedDocument.js';
import type { SubjectReport } from '../subjects/types.js';
import type { Jwks } from './signingKey.js';
import type { EvidenceBundle } from './types.js';

export type BundleProblemCode =
  | 'malformed_content'
  | 'chain_broken'
  | 'chain_gap'
  | 'head_mismatch'
  | 'checkpoint_invalid'
  | 'records_mismatch'
  | 'dangling_reference'
  | 'summary_mismatch'
  | 'store_problems_at_export';

export interface BundleProblem {
  readonly code: BundleProblemCode;
  readonly message: string;
}

export interface BundleVerification {
  readonly ok: boolean;
  readonly document: DocumentVerification;
  readonly problems: readonly BundleProblem[];
  readonly chain: ChainReport | undefined;
  readonly records: RecordReport | undefined;
  readonly bundle: EvidenceBundle | undefined;
  readonly manifest: Manifest | undefined;
}

function isBundle(value: unknown): value is EvidenceBundle {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as Record<string, unknown>;
  const audit = b['audit'] as Record<string, unknown> | undefined;
  const chain = b['chain'] as Record<string, unknown> | undefined;
  return (
    Array.isArray(b['sessions']) &&
    Array.isArray(b['maskingEvents']) &&
    Array.isArray(b['approvals']) &&
    Array.isArray(b['policyVersions']) &&
    typeof b['summary'] === 'object' &&
    typeof audit === 'object' &&
    audit !== null &&
    Array.isArray(audit['entries']) &&
    typeof chain === 'object' &&
    chain !== null
  );
}

/** The bundle's sessions and events seen through the reader interface the record checks use. */
function bundleReader(bundle: EvidenceBundle): AuditReader {
  const facts: SessionFacts[] = bundle.sessions
    .map((s) => ({
      id: s.id,
      kind: s.kind,
      createdAt: s.createdAt,
      completedAt: s.completedAt ?? undefined,
      subject: s.principal.subject,
      issuerId: s.principal.issuerId,
      generator: s.generator ?? undefined,
      upstream: s.upstream,
      method: s.method,
      path: s.path,
      decision: s.decision.effect,
      ruleId: s.decision.ruleId,
      policyVersion: s.decision.policyVersion,
      status: s.status,
      httpStatus: s.httpStatus ?? undefined,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const events: StoredMaskingEvent[] = [...bundle.maskingEvents].sort((a, b) =>
    a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : a.seq - b.seq,
  );
  return {
    readEntries: async () => [],
    head: async () => undefined,
    entriesOfType: async () => [],
    checkpoints: async () => [],
    latestCheckpoint: async () => undefined,
    session: async (id) => facts.find((f) => f.id === id),
    sessionFacts: async (afterId, limit) => facts.filter((f) => f.id > afterId).slice(0, limit),
    maskingEvents: async (after, limit) =>
      events.filter((e) => e.sessionId > after.sessionId || (e.sessionId === after.sessionId && e.seq > after.seq)).slice(0, limit),
  };
}

/** Checks a bundle's content against itself (the signature was checked before). */
async function verifyBundleContent(
  bundle: EvidenceBundle,
  trusted: Jwks,
): Promise<{ problems: BundleProblem[]; chain: ChainReport | undefined; records: RecordReport | undefined }> {
  const problems: BundleProblem[] = [];
  const entries = bundle.audit.entries;
  let chain: ChainReport | undefined;
  if (bundle.audit.contiguous) {
    chain = await verifyEntries(entries, { startsAfter: bundle.audit.startsAfter ?? undefined, maxProblems: 20 });
    for (const problem of chain.problems)
      problems.push({ code: problem.kind === 'deleted' ? 'chain_gap' : 'chain_broken', message: problem.message });
  } else {
    let previous = 0;
    for (const entry of entries) {
      if (hashAuditEntry(entry) !== entry.hash)
        problems.push({ code: 'chain_broken', message: `audit entry ${entry.seq} (${entry.type}) does not match its hash: it was edited` });
      if (entry.seq <= previous) problems.push({ code: 'chain_broken', message: `audit entries are out of order at entry ${entry.seq}` });
      previous = entry.seq;
    }
  }

  const head = bundle.chain.head;
  const last = entries[entries.length - 1];
  if (head && last) {
    if (last.seq > head.seq)
      problems.push({
        code: 'head_mismatch',
        message: `the bundle holds entry ${last.seq}, after the chain head it states (entry ${head.seq})`,
      });
    else if (last.seq === head.seq && last.hash !== head.hash)
      problems.push({
        code: 'head_mismatch',
        message: `entry ${last.seq} hashes to ${last.hash.slice(0, 12)}…, but the stated chain head is ${head.hash.slice(0, 12)}…`,
      });
  } else if (!head && last) {
    problems.push({ code: 'head_mismatch', message: 'the bundle holds audit entries but states no chain head' });
  }

  const checkpoint = bundle.chain.checkpoint;
  if (checkpoint) {
    const check = await readCheckpoint(checkpoint.jws, trusted);
    if (!check.ok)
      problems.push({ code: 'checkpoint_invalid', message: `the signed checkpoint in the bundle does not verify: ${check.message}` });
    else if (check.claim.seq !== checkpoint.seq || check.claim.hash !== checkpoint.hash)
      problems.push({ code: 'checkpoint_invalid', message: 'the checkpoint beside its signature differs from what the signature covers' });
    else {
      const entry = entries.find((e) => e.seq === checkpoint.seq);
      if (entry && entry.hash !== checkpoint.hash)
        problems.push({ code: 'chain_broken', message: `entry ${entry.seq} differs from the signed checkpoint of ${checkpoint.at}` });
      if (head && checkpoint.seq > head.seq)
        problems.push({
          code: 'head_mismatch',
          message: `the signed checkpoint (entry ${checkpoint.seq}) lies beyond the stated chain head (entry ${head.seq})`,
        });
    }
  }

  const index = new RecordIndex();
  for (const entry of entries) index.observe(entry);
  const records = await index.check(bundleReader(bundle), { maxProblems: 20 });
  for (const problem of records.problems) problems.push({ code: 'records_mismatch', message: problem.message });

  const sessionIds = new Set(bundle.sessions.map((s) => s.id));
  const dangling = bundle.maskingEvents.filter((e) => !sessionIds.has(e.sessionId));
  if (dangling.length > 0)
    problems.push({
      code: 'dangling_reference',
      message: `${dangling.length} masking event(s) belong to no session in the bundle (first: session ${dangling[0]?.sessionId})`,
    });
  const versions = new Set(bundle.policyVersions.map((v) => v.version));
  const unlisted = bundle.sessions.filter((s) => !versions.has(s.decision.policyVersion));
  if (unlisted.length > 0)
    problems.push({
      code: 'dangling_reference',
      message: `${unlisted.length} session(s) ran under a policy version the bundle does not list (first: ${unlisted[0]?.decision.policyVersion.slice(0, 12)}…)`,
    });

  const expected = summarize(bundle);
  for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
    if (canonicalJson(expected[key]) !== canonicalJson(bundle.summary[key])) {
      problems.push({
        code: 'summary_mismatch',
        message: `summary.${key} says ${canonicalJson(bundle.summary[key])}, but the bundle's records add up to ${canonicalJson(expected[key])}`,
      });
    }
  }

  if (!bundle.chain.verification.ok) {
    problems.push({
      code: 'store_problems_at_export',
      message: `when it made this bundle, the gateway found ${bundle.chain.verification.problems} problem(s) in its live audit chain or records (first: ${bundle.chain.verification.firstProblem ?? 'unknown'})`,
    });
  }
  return { problems, chain, records };
}

/** A subject report's figures must be what its matches add up to. */
function subjectReportProblems(content: unknown): BundleProblem[] {
  const report = content as Partial<SubjectReport> | undefined;
  if (!report || !Array.isArray(report.matches) || typeof report.summary !== 'object' || report.summary === null) {
    return [{ code: 'malformed_content', message: 'the content is not a subject report (matches or summary missing)' }];
  }
  const occurrences = report.matches.reduce((total, match) => total + (Array.isArray(match.occurrences) ? match.occurrences.length : 0), 0);
  const problems: BundleProblem[] = [];
  if (report.summary.sessions !== report.matches.length)
    problems.push({
      code: 'summary_mismatch',
      message: `summary.sessions says ${report.summary.sessions}, but the report lists ${report.matches.length} session(s)`,
    });
  if (report.summary.occurrences !== occurrences)
    problems.push({
      code: 'summary_mismatch',
      message: `summary.occurrences says ${report.summary.occurrences}, but the matches hold ${occurrences}`,
    });
  return problems;
}

/** Verifies a bundle file (or an HTML report embedding one, or a subject report) end to end. */
export async function verifyBundleText(text: string, trusted: Jwks): Promise<BundleVerification> {
  const embedded = text.trimStart().startsWith('<') ? extractFromHtml(text) : undefined;
  const document = await verifyDocument(embedded ?? text, trusted, { fromHtml: embedded !== undefined });
  const base = { document, chain: undefined, records: undefined, manifest: document.manifest };
  if (document.format === SUBJECT_REPORT_FORMAT) {
    return {
      ...base,
      ok: document.ok && subjectReportProblems(document.content).length === 0,
      problems: subjectReportProblems(document.content),
      bundle: undefined,
    };
  }
  if (document.format !== undefined && document.format !== BUNDLE_FORMAT) {
    return {
      ...base,
      ok: false,
      problems: [{ code: 'malformed_content', message: `this is a ${document.format} document, not an evidence bundle` }],
      bundle: undefined,
    };
  }
  if (!isBundle(document.content)) {
    return {
      ...base,
      ok: false,
      problems:
        document.content === undefined
          ? []
          : [{ code: 'malformed_content', message: 'the content is not an evidence bundle (lists missing)' }],
      bundle: undefined,
    };
  }
  const bundle = document.content;
  // Content checks run even when the signature failed: they help say what was changed. Content
  // that is not shaped like a bundle (a renamed key) must be reported, never crash the verifier.
  let content: Awaited<ReturnType<typeof verifyBundleContent>>;
  try {
    content = await verifyBundleContent(bundle, trusted);
  } catch (error) {
    content = {
      problems: [{ code: 'malformed_content', message: `the content is not shaped like an evidence bundle (${(error as Error).message})` }],
      chain: undefined,
      records: undefined,
    };
  }
  return {
    ok: document.ok && content.problems.length === 0,
    document,
    problems: content.problems,
    chain: content.chain,
    records: content.records,
    bundle,
    manifest: document.manifest,
  };
}
