/**
 * Builds the register of processing operations from the registry (the policy file), each
 * generator's governance state, and what the sessions of the period observed, read on one
 * consistent snapshot. People are counted by principal, never listed.
 */
import type { GatewayConfig, GeneratorConfig } from '../config/types.js';
import type { GeneratorAssessment } from '../governance/assessment.js';
import { categoriesOf, legalBasesOf, recipientView, retentionOf } from '../governance/views.js';
import { categoryOfDetector } from '../governance/lgpd.js';
import type {
  ProcessingRegister,
  ProcessingRow,
  RegisterObservations,
  RegisterOperation,
  RegisterRawProcessing,
  RegisterReader,
  RegisterRecipient,
  RegisterSummary,
} from './types.js';

/** Sessions read per page while counting. */
const PAGE = 1000;

function add(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

function sum(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((total, n) => total + n, 0);
}

/** Masked values by the category their detector finds (`sensitive_key` has none). */
export function categoriesMasked(byDetector: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [detector, n] of Object.entries(byDetector)) {
    const category = categoryOfDetector(detector);
    if (category !== undefined) add(out, category, n);
  }
  return out;
}

/** Categories masked that the registration does not declare. */
export function undeclared(maskedByCategory: Readonly<Record<string, number>>, declared: readonly string[]): string[] {
  return Object.keys(maskedByCategory)
    .filter((category) => !declared.includes(category))
    .sort();
}

class Tally {
  runs = 0;
  forwarded = 0;
  readonly statuses: Record<string, number> = {};
  readonly decisions: Record<string, number> = {};
  readonly people = new Set<string>();
  readonly pipelines = new Set<string>();
  readonly maskedByDetector: Record<string, number> = {};
  first: string | null = null;
  last: string | null = null;

  count(row: ProcessingRow): void {
    this.runs++;
    if (row.forwarded) this.forwarded++;
    add(this.statuses, row.status);
    add(this.decisions, row.decision);
    (row.identityKind === 'pipeline' ? this.pipelines : this.people).add(row.principal);
    for (const [detector, n] of Object.entries(row.maskedByDetector)) add(this.maskedByDetector, detector, n);
    if (this.first === null || row.createdAt < this.first) this.first = row.createdAt;
    if (this.last === null || row.createdAt > this.last) this.last = row.createdAt;
  }
}

export interface RegisterInput {
  readonly config: GatewayConfig;
  readonly assessments: readonly GeneratorAssessment[];
  readonly reader: RegisterReader;
  readonly period: { readonly from: string; readonly to: string };
  readonly now: Date;
  readonly issuer: string;
}

function recipientsOf(generator: GeneratorConfig): RegisterRecipient[] {
  const declared = generator.registration.recipients;
  if (declared)
    return declared.map((recipient) => {
      const view = recipientView(recipient);
      return { ...view, transferMechanism: view.transferMechanism ?? null };
    });
  // Undeclared: the upstream certainly receives the data; where it is, the registration does not say.
  return [{ name: generator.upstream, role: 'upstream', country: null, international: false, transferMechanism: null }];
}

function observations(
  tally: Tally | undefined,
  approvals: Record<string, number>,
  declared: readonly string[],
  abroad: boolean,
): RegisterObservations {
  const t = tally ?? new Tally();
  const maskedByCategory = categoriesMasked(t.maskedByDetector);
  return {
    runs: t.runs,
    forwarded: t.forwarded,
    statuses: t.statuses,
    decisions: t.decisions,
    people: t.people.size,
    pipelines: t.pipelines.size,
    approvals,
    maskedValues: sum(t.maskedByDetector),
    maskedByDetector: t.maskedByDetector,
    maskedByCategory,
    undeclaredCategories: undeclared(maskedByCategory, declared),
    transfersAbroad: abroad ? t.forwarded : 0,
    firstRun: t.first,
    lastRun: t.last,
  };
}

function operationOf(
  config: GatewayConfig,
  generator: GeneratorConfig,
  assessment: GeneratorAssessment,
  observed: RegisterObservations,
): RegisterOperation {
  const registration = generator.registration;
  const categories = categoriesOf(generator);
  const recipients = recipientsOf(generator);
  const retention = retentionOf(config, generator);
  const owner = assessment.owner;
  const acting = assessment.violations.some((violation) => violation.action !== 'record');
  return {
    generator: generator.name,
    description: generator.description,
    personalData: generator.personalData,
    owner: {
      declared: registration.owner?.person ?? null,
      group: registration.owner?.group ?? null,
      effective: owner?.person ?? null,
      effectiveName: owner?.name ?? null,
      source: owner?.source ?? null,
      status: owner?.status ?? null,
    },
    purpose: registration.purpose ?? null,
    legalBases: legalBasesOf(generator),
    dataCategories: categories,
    sensitiveData: categories.some((category) => category.sensitive),
    childrenData: registration.dataCategories.includes('children'),
    retention: {
      reason: retention.reason ?? null,
      payloads: retention.payloads,
      metadata: retention.metadata,
      source: config.retention.generators.has(generator.name) ? 'generator' : 'defaults',
    },
    recipients,
    recipientsDeclared: registration.recipients !== undefined,
    internationalTransfer: recipients.some((recipient) => recipient.international),
    definition: { hash: assessment.definition.hash, pinned: assessment.definition.pinned ?? null, status: assessment.definition.status },
    attestation: {
      status: assessment.attestation.status,
      attestedAt: assessment.attestation.attestedAt ?? null,
      attestedBy: assessment.attestation.attestedBy ?? null,
      dueAt: assessment.attestation.dueAt ?? null,
    },
    governance: {
      state: !assessment.enforced ? 'not-enforced' : acting ? 'suspended' : 'compliant',
      violations: assessment.enforced ? assessment.violations.map(({ kind, action, message }) => ({ kind, action, message })) : [],
    },
    observed,
  };
}

/** The figures of the register, from its operations and raw processing: `register verify` recomputes them. */
export function summarizeRegister(operations: readonly RegisterOperation[], raw: readonly RegisterRawProcessing[]): RegisterSummary {
  return {
    operations: operations.length,
    personalDataOperations: operations.filter((operation) => operation.personalData).length,
    sensitiveOperations: operations.filter((operation) => operation.sensitiveData).length,
    internationalOperations: operations.filter((operation) => operation.internationalTransfer).length,
    suspendedOperations: operations.filter((operation) => operation.governance.state === 'suspended').length,
    undeclaredCategoryOperations: operations.filter((operation) => operation.observed.undeclaredCategories.length > 0).length,
    runs: operations.reduce((total, operation) => total + operation.observed.runs, 0),
    forwarded: operations.reduce((total, operation) => total + operation.observed.forwarded, 0),
    transfersAbroad: operations.reduce((total, operation) => total + operation.observed.transfersAbroad, 0),
    maskedValues:
      operations.reduce((total, operation) => total + operation.observed.maskedValues, 0) +
      raw.reduce((total, entry) => total + entry.maskedValues, 0),
  };
}

export async function buildRegister(input: RegisterInput): Promise<ProcessingRegister> {
  const { config, reader, period } = input;
  const byGenerator = new Map<string, Tally>();
  const byUpstream = new Map<string, Tally>();
  let after = '';
  for (;;) {
    const rows = await reader.processing(period.from, period.to, after, PAGE);
    for (const row of rows) {
      const key = row.generator ?? row.upstream;
      const tallies = row.generator !== undefined ? byGenerator : byUpstream;
      let tally = tallies.get(key);
      if (!tally) tallies.set(key, (tally = new Tally()));
      tally.count(row);
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) break;
    after = last.id;
  }
  const approvals = new Map<string, Record<string, number>>();
  for (const { generator, status } of await reader.approvalStatuses(period.from, period.to)) {
    let counts = approvals.get(generator);
    if (!counts) approvals.set(generator, (counts = {}));
    add(counts, status);
  }
  // Personal-data operations first: they are what the register is for.
  const ordered = [...input.assessments].sort(
    (a, b) => Number(b.personalData) - Number(a.personalData) || (a.generator < b.generator ? -1 : a.generator > b.generator ? 1 : 0),
  );
  const operations = ordered.flatMap((assessment) => {
    const generator = config.generators.get(assessment.generator);
    if (!generator) return [];
    const abroad = recipientsOf(generator).some((recipient) => recipient.international);
    const observed = observations(
      byGenerator.get(generator.name),
      approvals.get(generator.name) ?? {},
      generator.registration.dataCategories,
      abroad,
    );
    return [operationOf(config, generator, assessment, observed)];
  });
  const rawProcessing: RegisterRawProcessing[] = [...byUpstream.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([upstream, tally]) => ({
      upstream,
      sessions: tally.runs,
      forwarded: tally.forwarded,
      people: tally.people.size + tally.pipelines.size,
      maskedValues: sum(tally.maskedByDetector),
      maskedByCategory: categoriesMasked(tally.maskedByDetector),
    }));
  return {
    generatedAt: input.now.toISOString(),
    issuer: input.issuer,
    controller: { name: config.governance.controller?.name ?? null, dpo: config.governance.controller?.dpo ?? null },
    period,
    policyVersion: config.source.version,
    operations,
    rawProcessing,
    summary: summarizeRegister(operations, rawProcessing),
  };
}
