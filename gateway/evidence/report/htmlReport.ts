/**
 * The evidence report for people who do not read JSON: one self-contained HTML page (no script,
 * no external asset, a strict CSP) rendered from a signed bundle. It shows the summary figures,
 * charts of runs, decisions and masked values over time, the approvals, sessions and policy
 * versions, and the state of the audit chain; it prints cleanly (A4, no cut rows).
 *
 * The signed bundle itself is embedded (`<script type="application/json">`, which browsers never
 * run), so the report carries its own proof: `autogen-gate evidence verify report.html` checks it.
 */
import { canonicalJson } from '../../audit/canonical.js';
import type { Manifest, SignedDocument } from '../signedDocument.js';
import type { EvidenceApproval, EvidenceBundle, EvidenceSession } from '../types.js';
import { escapeHtml } from '../../html.js';
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

function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
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
export function approvalOutcomes(approvals: readonly EvidenceApproval[]): { approved: number; denied: number; undecided: number } {
  const denied = approvals.filter((approval) => approval.status === 'denied').length;
  const approved = approvals.filter((approval) => approval.status !== 'denied' && approval.decidedAt !== null).length;
  return { approved, denied, undecided: approvals.length - approved - denied };
}

function card(label: string, value: string | number, testId: string, note?: string): string {
  return `<div class="card" data-testid="${testId}"><div class="figure">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div>${note ? `<div class="note">${escapeHtml(note)}</div>` : ''}</div>`;
}

function table(id: string, headers: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return `<p class="empty" id="${id}">${escapeHtml(empty)}</p>`;
  return `<table id="${id}"><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
p.lead { color: var(--muted); margin: 0 0 16px; }
.status { display: inline-block; padding: 4px 10px; border-radius: 12px; font-weight: 600; }
.status.ok { background: #dafbe1; color: var(--ok); } .status.bad { background: #ffebe9; color: var(--bad); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--soft); }
.card .figure { font-size: 24px; font-weight: 700; } .card .label { color: var(--muted); } .card .note { font-size: 12px; color: var(--muted); }
figure { margin: 12px 0 20px; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg .grid { stroke: #e6e8eb; } svg .axis { stroke: #8c959f; } svg text { font-size: 11px; fill: #57606a; } svg .legend-item text { font-size: 12px; fill: #1b1f24; } svg .unit { font-size: 11px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 8px 0 16px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.empty { color: var(--muted); font-style: italic; }
.principal, td:first-child { white-space: nowrap; word-break: normal; }
.callout { border-left: 4px solid #0072B2; background: #eef6fc; padding: 10px 14px; margin: 12px 0; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 11px; } main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; } figure, tr, .card, dl.facts { break-inside: avoid; }
  thead { display: table-header-group; }
  .screen-only { display: none; }
}
`;

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
  // `<` escaped so the JSON can never close the script element; JSON.parse undoes it.
  const embedded = canonicalJson(document).replace(/</g, '\\u003c');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="AutoGen Gate">
<title>Evidence report: ${escapeHtml(scopeText)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
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
</section>
</main>
<script type="application/json" id="autogen-gate-evidence">${embedded}</script>
</body>
</html>
`;
}
