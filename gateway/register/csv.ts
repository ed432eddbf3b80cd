/**
 * The register as CSV (RFC 4180), one row per processing operation, for the privacy office's
 * spreadsheet. Cells a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) get a
 * leading apostrophe, so a purpose or a generator name can never run as one. The signed JSON is
 * the evidence; this is a view of it.
 */
import type { ProcessingRegister, RegisterOperation } from './types.js';

const COLUMNS: ReadonlyArray<readonly [string, (operation: RegisterOperation) => string | number | boolean | null]> = [
  ['generator', (o) => o.generator],
  ['description', (o) => o.description],
  ['personal_data', (o) => o.personalData],
  ['owner', (o) => o.owner.effective],
  ['owner_status', (o) => o.owner.status],
  ['owner_group', (o) => o.owner.group],
  ['purpose', (o) => o.purpose],
  ['legal_bases', (o) => o.legalBases.map((basis) => basis.article).join('; ')],
  ['data_categories', (o) => o.dataCategories.map((category) => category.code).join('; ')],
  ['sensitive_data', (o) => o.sensitiveData],
  ['children_data', (o) => o.childrenData],
  ['retention_payloads', (o) => o.retention.payloads],
  ['retention_metadata', (o) => o.retention.metadata],
  ['retention_reason', (o) => o.retention.reason],
  ['recipients', (o) => o.recipients.map((r) => `${r.name} (${r.role}, ${r.country ?? 'country not declared'})`).join('; ')],
  ['international_transfer', (o) => o.internationalTransfer],
  ['transfer_mechanisms', (o) => o.recipients.flatMap((r) => (r.transferMechanism ? [r.transferMechanism.article] : [])).join('; ')],
  ['definition_status', (o) => o.definition.status],
  ['definition_hash', (o) => o.definition.hash],
  ['attestation_status', (o) => o.attestation.status],
  ['attested_at', (o) => o.attestation.attestedAt],
  ['attestation_due', (o) => o.attestation.dueAt],
  ['governance_state', (o) => o.governance.state],
  ['violations', (o) => o.governance.violations.map((v) => `${v.kind} (${v.action})`).join('; ')],
  ['runs', (o) => o.observed.runs],
  ['forwarded', (o) => o.observed.forwarded],
  ['people', (o) => o.observed.people],
  ['pipelines', (o) => o.observed.pipelines],
  [
    'approvals',
    (o) =>
      Object.entries(o.observed.approvals)
        .map(([status, n]) => `${status} ${n}`)
        .join('; '),
  ],
  ['masked_values', (o) => o.observed.maskedValues],
  [
    'masked_categories',
    (o) =>
      Object.entries(o.observed.maskedByCategory)
        .map(([category, n]) => `${category} ${n}`)
        .join('; '),
  ],
  ['undeclared_categories', (o) => o.observed.undeclaredCategories.join('; ')],
  ['transfers_abroad', (o) => o.observed.transfersAbroad],
  ['first_run', (o) => o.observed.firstRun],
  ['last_run', (o) => o.observed.lastRun],
];

function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function registerCsv(register: ProcessingRegister): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const operation of register.operations) lines.push(COLUMNS.map(([, value]) => cell(value(operation))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
