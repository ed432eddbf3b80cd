/**
 * The evidence report for people who do not read JSON: one self-contained HTML page (no script,
 * no external asset, a strict CSP) rendered from a signed bundle. It shows the summary figures,
 * charts of runs, decisions and masked values over time, the approvals, sessions and policy
 * versions, and the state of the audit chain; it prints cleanly (A4, no cut rows).
 *
 * The signed bundle itself is embedded (`<script type="application/json">`, which browsers never
 * run), so the report carries its own proof: `autogen-gate evidence verify report.html` checks it.
 */
import type { Manifest, SignedDocument } from '../signedDocument.js';
import type { EvidenceApproval, EvidenceBundle, EvidenceSession } from '../types.js';
import { escapeHtml } from '../../html.js';
import { card, reportPage, table, when } from './page.js';
import { bucketKey, bucketsBetween, granularityFor, horizontalBarChart, stackedBarChart, type Series } from './charts.js';

/** Readable names of masking detectors. */
const DETECTOR_LABELS: Readonly<Record<string, string>> = {
  cpf: 'CPF',
  cnpj: 'CNPJ',
  rg: 'RG',
  cnh: 'CNH',
  pis: 'PIS/PASEP',
  titulo_eleitor: "Voter's card",
  cns: 'SUS card (CNS)',
  cep: 'CEP (postcode)',
  phone: 'Phone',
  email: 'E-mail',
  credit_card: 'Card number',
  ip: 'IP address',
  birth_date: 'Birth date',
  name: 'Name',
  address: 'Address',
  sensitive_key: 'Other personal field',
};

const STATUS_GROUPS: ReadonlyArray<{ readonly name: string; readonly statuses: readonly string[]; readonly color: string }> = [
  { name: 'succeeded', statuses: ['succeeded'], color: '#009E73' },
  { name: 'failed or interrupted', statuses: ['failed', 'interrupted'], color: '#D55E00' },
  { name: 'denied', statuses: ['denied', 'approval_denied'], color: '#CC79A7' },
  { name: 'waiting or running', statuses: ['pending_approval', 'approved', 'running'], color: '#56B4E9' },
  { name: 'expired or cancelled', statuses: ['expired', 'cancelled'], color: '#666666' },
];

const DECISION_SERIES: ReadonlyArray<{ readonly effect: string; readonly name: string; readonly color: string }> = [
  { effect: 'allow', name: 'allowed', color: '#009E73' },
  { effect: 'approval', name: 'held for approval', color: '#E69F00' },
  { effect: 'deny', name: 'denied', color: '#D55E00' },
];

export interface ReportOptions {
  /** What verification said when the report was rendered (the CLI verifies before rendering). */
  readonly verified: { readonly ok: boolean; readonly detail: string };
  readonly manifest: Manifest;
  readonly kid: string;
  /** Sessions listed in the table (the bundle has them all). */
  readonly maxRows?: number;
}

function detectorLabel(detector: string): string {
  return DETECTOR_LABELS[detector] ?? detector;
}

function target(session: EvidenceSession): string {
  return session.generator ?? `${session.upstream} (raw ${session.method})`;
}

function payloadState(session: EvidenceSession): string {
  const states = [session.payloads.request?.body, session.payloads.response?.body].filter(
    (state): state is NonNullable<typeof state> => state !== undefined,
  );
  if (states.includes('purged')) return 'purged';
  if (states.length > 0 && states.every((state) => state === 'metadata-only')) return 'metadata only';
  return states.length > 0 ? 'stored (masked)' : '—';
}

/**
 * What approvers decided. An approval is decided once it was approved or denied, whatever came
 * after: approved requests go on to execute (`executing`, `executed`), or lapse, or are revoked;
 * counting only the status `approved` missed every request that ran.
 */
function approvalOutcomes(approvals: readonly EvidenceApproval[]): { approved: number; denied: number; undecided: number } {
  const denied = approvals.filter((approval) => approval.status === 'denied').length;
  const approved = approvals.filter((approval) => approval.status !== 'denied' && approval.decidedAt !== null).length;
  return { approved, denied, undecided: approvals.length - approved - denied };
}

/** Renders the report of a signed bundle. */
export function renderEvidenceReport(document: SignedDocument<EvidenceBundle>, options: ReportOptions): string {
  const bundle = document.content;
  const summary = bundle.summary;
  const from = new Date(bundle.period.from);
  const to = new Date(Math.max(Date.parse(bundle.period.to), from.getTime() + 1));
  const granularity = granularityFor(from, to);
  const buckets = bucketsBetween(from, to, granularity);
  const indexOf = new Map(buckets.map((bucket, i) => [bucket.key, i]));
  const zeros = (): number[] => buckets.map(() => 0);
  const place = (iso: string, into: number[], weight = 1): void => {
    const i = indexOf.get(bucketKey(iso, granularity));
    if (i !== undefined) into[i] = (into[i] ?? 0) + weight;
  };

  const runsSeries: Series[] = STATUS_GROUPS.map((group) => {
    const values = zeros();
    for (const s of bundle.sessions) if (group.statuses.includes(s.status)) place(s.createdAt, values);
    return { name: group.name, values, color: group.color };
  }).filter((series) => series.values.some((v) => v > 0));
  const decisionSeries: Series[] = DECISION_SERIES.map((d) => {
    const values = zeros();
    for (const s of bundle.sessions) if (s.decision.effect === d.effect) place(s.createdAt, values);
    return { name: d.name, values, color: d.color };
  });
  const detectors = Object.entries(summary.maskedByDetector).sort((a, b) => b[1] - a[1]);
  const maskedSeries: Series[] = detectors.map(([detector]) => {
    const values = zeros();
    for (const event of bundle.maskingEvents) if (event.detector === detector) place(event.at, values, event.count);
    return { name: detectorLabel(detector), values };
  });

  const held = summary.decisions['approval'] ?? 0;
  const outcomes = approvalOutcomes(bundle.approvals);
  const chainOk = bundle.chain.verification.ok;
  const scopeText =
    bundle.scope === 'session' ? `session ${bundle.sessionId ?? ''}` : `${when(bundle.period.from)} to ${when(bundle.period.to)}`;
  const maxRows = options.maxRows ?? 2000;

  const maskedPerSession = new Map<string, number>();
  for (const event of bundle.maskingEvents)
    maskedPerSession.set(event.sessionId, (maskedPerSession.get(event.sessionId) ?? 0) + event.count);
  const sessionRows = bundle.sessions
    .slice(0, maxRows)
    .map((s) => [
      escapeHtml(when(s.createdAt)),
      `${escapeHtml(s.principal.name ?? s.principal.subject)}<br><span class="mono principal">${escapeHtml(`${s.principal.issuerId}:${s.principal.subject}`)}</span>`,
      escapeHtml(target(s)),
      `${escapeHtml(s.decision.effect)}<br><span class="mono">${escapeHtml(s.decision.ruleId)}</span>`,
      escapeHtml(s.status),
      `${maskedPerSession.get(s.id) ?? 0}`,
      escapeHtml(payloadState(s)),
      `<span class="mono">${escapeHtml(s.id)}</span>`,
    ]);
  const approvalRows = bundle.approvals.map((a) => [
    `<span class="mono">${escapeHtml(a.approvalId)}</span>`,
    escapeHtml(a.generator ?? '—'),
    escapeHtml(a.requester ?? '—'),
    escapeHtml(when(a.requestedAt)),
    escapeHtml(a.status),
    escapeHtml(a.decidedBy.join(', ') || '—'),
    escapeHtml(when(a.decidedAt)),
    escapeHtml(a.reason ?? '—'),
  ]);
  const versionRows = bundle.policyVersions.map((v) => [
    `<span class="mono">${escapeHtml(v.version.slice(0, 16))}…</span>`,
    escapeHtml(v.startedAt.length > 0 ? v.startedAt.map(when).join(', ') : 'before the retained records'),
    `${v.sessions}`,
    escapeHtml(v.rules ? v.rules.map((r) => `${r.id} (${r.decision})`).join(', ') : 'not retained'),
  ]);
  return reportPage(
    `Evidence report: ${scopeText}`,
    `<header>
<h1>Evidence report</h1>
<p class="lead">How personal data was handled by AutoGen Gate at <span class="mono">${escapeHtml(bundle.issuer)}</span>, ${escapeHtml(scopeText)}. Generated ${escapeHtml(when(bundle.generatedAt))}.</p>
<p><span class="status ${options.verified.ok ? 'ok' : 'bad'}" data-testid="verification">${options.verified.ok ? 'Signature and records verified' : 'NOT VERIFIED'}</span> <span class="note">${escapeHtml(options.verified.detail)}</span></p>
</header>

<section id="summary">
<h2>Summary</h2>
<div class="cards">
${card('sessions recorded', summary.sessions, 'figure-sessions', `${summary.runs} generator runs, ${summary.proxyCalls} raw calls`)}
${card('people and pipelines', summary.people, 'figure-people')}
${card('allowed', summary.decisions['allow'] ?? 0, 'figure-allowed')}
${card('denied by policy', summary.decisions['deny'] ?? 0, 'figure-denied')}
${card('held for approval', held, 'figure-held', `${outcomes.approved} approved, ${outcomes.denied} denied${outcomes.undecided > 0 ? `, ${outcomes.undecided} not decided` : ''}`)}
${card('personal values masked', summary.maskedValues, 'figure-masked', `${detectors.length} kind(s) of data`)}
${card('policy versions', summary.policyVersions, 'figure-policies')}
${card('audit entries', summary.auditEntries, 'figure-audit', chainOk ? 'chain verified' : 'chain NOT verified')}
</div>
</section>

<section id="charts">
<h2>Activity over time</h2>
<p class="lead">Bars per ${granularity} (UTC).</p>
<figure><figcaption>Runs and calls, by outcome</figcaption>${stackedBarChart({ id: 'chart-runs', title: 'Sessions per ' + granularity + ' by outcome', buckets, series: runsSeries, unit: 'sessions' })}</figure>
<figure><figcaption>Policy decisions</figcaption>${stackedBarChart({ id: 'chart-decisions', title: 'Policy decisions per ' + granularity, buckets, series: decisionSeries, unit: 'decisions' })}</figure>
<figure><figcaption>Personal values masked, by type</figcaption>${stackedBarChart({ id: 'chart-masked', title: 'Masked values per ' + granularity + ' by type', buckets, series: maskedSeries, unit: 'values masked' })}</figure>
<figure><figcaption>Masked values in the period, by type</figcaption>${horizontalBarChart({ id: 'chart-masked-totals', title: 'Masked values by type', items: detectors.map(([detector, value]) => ({ label: detectorLabel(detector), value })) })}</figure>
</section>

<section id="approvals">
<h2>Approvals</h2>
<p class="lead">Runs that policy held until a member of the approver group decided. A requester can never approve their own run.</p>
${table('approvals-table', ['Approval', 'Generator', 'Requested by', 'Requested', 'Outcome', 'Decided by', 'Decided', 'Reason'], approvalRows, 'No approvals in this period.')}
</section>

<section id="sessions">
<h2>Sessions</h2>
<p class="lead">Every call through the gateway, with the decision it got and the rule that made it.${bundle.sessions.length > maxRows ? ` The first ${maxRows} of ${bundle.sessions.length} are listed; the bundle holds them all.` : ''}</p>
${table('sessions-table', ['Time', 'Who', 'Generator', 'Decision, rule', 'Outcome', 'Masked', 'Payloads', 'Session'], sessionRows, 'No sessions in this period.')}
</section>

<section id="policies">
<h2>Policy versions</h2>
<p class="lead">Each version is the SHA-256 of the policy file; every session records the version it was decided under.</p>
${table('policy-table', ['Version', 'Gateway started under it', 'Sessions', 'Rules'], versionRows, 'No policy versions.')}
</section>

<section id="integrity">
<h2>Integrity of the records</h2>
<dl class="facts">
<dt>Audit chain</dt><dd>${escapeHtml(chainOk ? `verified: ${bundle.chain.verification.entries} entries, starting from ${bundle.chain.verification.anchor}` : `NOT verified: ${bundle.chain.verification.problems} problem(s); first: ${bundle.chain.verification.firstProblem ?? 'unknown'}`)}</dd>
<dt>Chain head at export</dt><dd class="mono">${escapeHtml(bundle.chain.head ? `entry ${bundle.chain.head.seq}, ${bundle.chain.head.hash}` : 'empty')}</dd>
<dt>Latest signed checkpoint</dt><dd class="mono">${escapeHtml(bundle.chain.checkpoint ? `entry ${bundle.chain.checkpoint.seq} at ${bundle.chain.checkpoint.at} (${bundle.chain.checkpoint.reason})` : 'none')}</dd>
<dt>Retention</dt><dd>${escapeHtml(`payloads kept ${bundle.retention.payloads}, metadata and audit kept ${bundle.retention.metadata}; oldest session still stored: ${when(bundle.retention.oldestSession)}`)}</dd>
<dt>Bundle</dt><dd class="mono">${escapeHtml(`${options.manifest.id}, SHA-256 ${options.manifest.digest.value}`)}</dd>
<dt>Signed by key</dt><dd class="mono">${escapeHtml(options.kid)} (public key: ${escapeHtml(bundle.issuer)}/.well-known/jwks.json)</dd>
</dl>
<div class="callout">To check this report independently: <code>autogen-gate evidence verify THIS-FILE --jwks ${escapeHtml(bundle.issuer)}/.well-known/jwks.json</code>. The signed bundle is embedded in this page; any change to it fails verification.</div>
</section>`,
    document,
  );
}
