/**
 * The register as a page the privacy office (or the ANPD) reads: one self-contained HTML file
 * (no script, no external asset, strict CSP, prints on A4), each processing operation in the
 * law's terms (purpose, legal basis, categories, retention, recipients and transfers abroad, the
 * person who answers for it) beside what the gateway observed. The signed register is embedded,
 * so `autogen-gate register verify PAGE.html` checks the page itself.
 */
import { escapeHtml } from '../html.js';
import { card, reportPage, table, when } from '../evidence/report/page.js';
import type { Manifest, SignedDocument } from '../evidence/signedDocument.js';
import { dataCategory } from '../governance/lgpd.js';
import type { ProcessingRegister, RegisterOperation } from './types.js';

export interface RegisterPageOptions {
  readonly verified: { readonly ok: boolean; readonly detail: string };
  readonly manifest: Manifest;
  readonly kid: string;
}

const EXTRA_STYLE = `
article.operation { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 16px 0; break-inside: avoid-page; }
article.operation h3 { margin: 0 0 4px; font-size: 17px; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; margin-left: 6px; vertical-align: middle; }
.badge.compliant { background: #dafbe1; color: var(--ok); } .badge.suspended { background: #ffebe9; color: var(--bad); }
.badge.not-enforced { background: var(--soft); color: var(--muted); } .badge.sensitive { background: #fff1e5; color: #953800; }
.badge.abroad { background: #ddf4ff; color: #0550ae; }
ul.violations { margin: 4px 0 0 18px; padding: 0; color: var(--bad); } ul.violations li.record { color: var(--muted); }
`;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function counts(record: Readonly<Record<string, number>>, label: (key: string) => string = (key) => key): string {
  const entries = Object.entries(record).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '—' : entries.map(([key, n]) => `${escapeHtml(label(key))}: ${n}`).join(', ');
}

function categoryLabel(code: string): string {
  return dataCategory(code)?.name ?? code;
}

function operationSection(operation: RegisterOperation): string {
  const state = operation.governance.state;
  const owner = operation.owner;
  const ownerText =
    owner.effective === null
      ? 'not declared'
      : `${owner.effectiveName ?? owner.effective} (${owner.effective}; directory: ${owner.status ?? 'unknown'}${owner.source === 'takeover' ? `; took over from ${owner.declared ?? '?'}` : ''})${owner.group ? `, group ${owner.group}` : ''}`;
  const categories = operation.dataCategories.length
    ? operation.dataCategories
        .map(
          (category) =>
            `${escapeHtml(category.name)}${category.sensitive ? '<span class="badge sensitive">sensitive, Art. 5 II</span>' : ''}`,
        )
        .join('<br>')
    : '<span class="empty">not declared</span>';
  const bases = operation.legalBases.length
    ? operation.legalBases
        .map(
          (basis) =>
            `<strong>${escapeHtml(basis.article)}</strong>: ${escapeHtml(basis.name)} <span class="note">(${escapeHtml(basis.english)})</span>`,
        )
        .join('<br>')
    : '<span class="empty">not declared</span>';
  const recipients = table(
    `recipients-${operation.generator}`,
    ['Recipient', 'Role', 'Country', 'Transfer abroad (Art. 33)'],
    operation.recipients.map((recipient) => [
      escapeHtml(recipient.name),
      escapeHtml(recipient.role),
      escapeHtml(recipient.country ?? 'not declared'),
      recipient.international
        ? `<span class="badge abroad">international</span> ${escapeHtml(recipient.transferMechanism ? `${recipient.transferMechanism.article}: ${recipient.transferMechanism.name}` : 'no mechanism stated')}`
        : 'no',
    ]),
    'No recipients.',
  );
  const observed = operation.observed;
  const violations = operation.governance.violations.length
    ? `<ul class="violations">${operation.governance.violations.map((v) => `<li class="${escapeHtml(v.action)}"><strong>${escapeHtml(v.kind)}</strong> (${escapeHtml(v.action === 'record' ? 'recorded, does not stop runs' : v.action)}): ${escapeHtml(v.message)}</li>`).join('')}</ul>`
    : 'none';
  return `<article class="operation" id="op-${escapeHtml(operation.generator)}" data-testid="operation" data-generator="${escapeHtml(operation.generator)}" data-state="${escapeHtml(state)}">
<h3>${escapeHtml(operation.generator)}<span class="badge ${escapeHtml(state)}">${escapeHtml(state)}</span>${operation.sensitiveData ? '<span class="badge sensitive">sensitive data</span>' : ''}${operation.internationalTransfer ? '<span class="badge abroad">transfer abroad</span>' : ''}</h3>
<p class="lead">${escapeHtml(operation.description || '—')}</p>
<dl class="facts">
<dt>Personal data</dt><dd>${yesNo(operation.personalData)}${operation.childrenData ? ' — includes children’s or adolescents’ data (Art. 14)' : ''}</dd>
<dt>Who answers for it</dt><dd>${escapeHtml(ownerText)}</dd>
<dt>Purpose (Art. 6 I)</dt><dd>${escapeHtml(operation.purpose ?? 'not declared')}</dd>
<dt>Legal basis</dt><dd>${bases}</dd>
<dt>Data categories (Art. 5)</dt><dd>${categories}</dd>
<dt>Retention (Art. 15–16)</dt><dd>${escapeHtml(`masked payloads ${operation.retention.payloads}, records ${operation.retention.metadata} (${operation.retention.source === 'generator' ? 'its own periods' : 'the gateway defaults'})`)}${operation.retention.reason ? `<br>${escapeHtml(operation.retention.reason)}` : ''}</dd>
<dt>Definition</dt><dd>${escapeHtml(operation.definition.status)} <span class="mono">${escapeHtml(operation.definition.hash)}</span></dd>
<dt>Attestation</dt><dd>${escapeHtml(`${operation.attestation.status}${operation.attestation.attestedAt ? `, last by ${operation.attestation.attestedBy ?? '?'} on ${when(operation.attestation.attestedAt)}` : ''}${operation.attestation.dueAt ? `; due ${when(operation.attestation.dueAt)}` : ''}`)}</dd>
<dt>Governance</dt><dd>${violations}</dd>
</dl>
<h4>Recipients${operation.recipientsDeclared ? '' : ' (not declared: only the upstream is known)'}</h4>
${recipients}
<h4>Observed in the period</h4>
<dl class="facts" data-testid="observed">
<dt>Runs</dt><dd>${observed.runs} (${observed.forwarded} reached the runtime; ${counts(observed.statuses)})</dd>
<dt>Decisions</dt><dd>${counts(observed.decisions)}</dd>
<dt>Who ran it</dt><dd>${plural(observed.people, 'person', 'people')}, ${plural(observed.pipelines, 'pipeline', 'pipelines')}</dd>
<dt>Approvals</dt><dd>${counts(observed.approvals)}</dd>
<dt>Personal values masked</dt><dd>${observed.maskedValues} (${counts(observed.maskedByCategory, categoryLabel)})</dd>
<dt>Masked but not declared</dt><dd>${observed.undeclaredCategories.length ? `<strong>${escapeHtml(observed.undeclaredCategories.map(categoryLabel).join(', '))}</strong>` : 'none'}</dd>
<dt>Transfers abroad</dt><dd>${observed.transfersAbroad}</dd>
<dt>First and last run</dt><dd>${escapeHtml(`${when(observed.firstRun)} – ${when(observed.lastRun)}`)}</dd>
</dl>
</article>`;
}

export function renderRegisterPage(document: SignedDocument<ProcessingRegister>, options: RegisterPageOptions): string {
  const register = document.content;
  const summary = register.summary;
  const period = `${when(register.period.from)} to ${when(register.period.to)}`;
  const raw = table(
    'raw-table',
    ['Upstream', 'Sessions', 'Reached the runtime', 'People and pipelines', 'Values masked', 'By category'],
    register.rawProcessing.map((entry) => [
      escapeHtml(entry.upstream),
      `${entry.sessions}`,
      `${entry.forwarded}`,
      `${entry.people}`,
      `${entry.maskedValues}`,
      counts(entry.maskedByCategory, categoryLabel),
    ]),
    'No calls outside the registered generators in this period.',
  );
  return reportPage(
    `Register of processing operations: ${period}`,
    `<header>
<h1>Register of processing operations</h1>
<p class="lead">LGPD Art. 37: the processing AutoGen Gate at <span class="mono">${escapeHtml(register.issuer)}</span> carries out, as registered in its policy and as observed ${escapeHtml(period)}. Generated ${escapeHtml(when(register.generatedAt))}.</p>
<dl class="facts">
<dt>Controller</dt><dd>${escapeHtml(register.controller.name ?? 'not stated (governance.controller)')}</dd>
<dt>Data protection officer (Art. 41)</dt><dd>${escapeHtml(register.controller.dpo ?? 'not stated')}</dd>
<dt>Policy version</dt><dd class="mono">${escapeHtml(register.policyVersion)}</dd>
</dl>
<p><span class="status ${options.verified.ok ? 'ok' : 'bad'}" data-testid="verification">${options.verified.ok ? 'Signature and figures verified' : 'NOT VERIFIED'}</span> <span class="note">${escapeHtml(options.verified.detail)}</span></p>
</header>

<section id="summary">
<h2>Summary</h2>
<div class="cards">
${card('processing operations', summary.operations, 'figure-operations', `${summary.personalDataOperations} with personal data`)}
${card('with sensitive data', summary.sensitiveOperations, 'figure-sensitive')}
${card('with transfers abroad', summary.internationalOperations, 'figure-international', `${summary.transfersAbroad} transfer(s) in the period`)}
${card('suspended', summary.suspendedOperations, 'figure-suspended', 'denied or held by governance')}
${card('runs in the period', summary.runs, 'figure-runs', `${summary.forwarded} reached the runtime`)}
${card('personal values masked', summary.maskedValues, 'figure-masked')}
${card('categories masked but not declared', summary.undeclaredCategoryOperations, 'figure-undeclared', 'operations whose registration is incomplete')}
</div>
</section>

<section id="operations">
<h2>Operations</h2>
${register.operations.map(operationSection).join('\n')}
</section>

<section id="raw">
<h2>Processing outside the registered generators</h2>
<p class="lead">Calls that reached an AutoGen runtime or model API directly (the /proxy pass-through, AutoGen Studio runs), by upstream.</p>
${raw}
</section>

<section id="integrity">
<h2>Integrity</h2>
<dl class="facts">
<dt>Register</dt><dd class="mono">${escapeHtml(`${options.manifest.id}, SHA-256 ${options.manifest.digest.value}`)}</dd>
<dt>Signed by key</dt><dd class="mono">${escapeHtml(options.kid)} (public key: ${escapeHtml(register.issuer)}/.well-known/jwks.json)</dd>
</dl>
<div class="callout">To check this page independently: <code>autogen-gate register verify THIS-FILE --jwks ${escapeHtml(register.issuer)}/.well-known/jwks.json</code>. The signed register is embedded in this page; any change to it fails verification.</div>
</section>`,
    document,
    EXTRA_STYLE,
  );
}
