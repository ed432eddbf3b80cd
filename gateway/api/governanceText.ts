/**
 * A generator's governance in words people read, the same in the VS Code picker, the Generators
 * view and the run form: who owns it, why it processes personal data and on what legal basis,
 * and, when it is suspended, why and who can fix it. Reads wire types only, so every side
 * (extension host and webviews) can use it.
 */
import type { GeneratorGovernanceView } from './wire.js';

const STATE_LABELS: Readonly<Record<GeneratorGovernanceView['state'], string>> = {
  compliant: 'Registered',
  suspended: 'Suspended',
  'not-enforced': 'No personal data',
  unregistered: 'Unregistered',
};

export function governanceStateLabel(governance: GeneratorGovernanceView): string {
  return STATE_LABELS[governance.state];
}

/** `Bruno Lima (bruno), group data-engineers — left the company` and the like. */
export function ownerText(governance: GeneratorGovernanceView): string | undefined {
  const owner = governance.owner;
  if (!owner) return undefined;
  const who = owner.name && owner.name !== owner.person ? `${owner.name} (${owner.person})` : owner.person;
  const status =
    owner.status === 'inactive' ? ' — deactivated in the directory' : owner.status === 'unknown' ? ' — not in the directory' : '';
  const took = owner.source === 'takeover' ? ' (took ownership)' : '';
  return `${who}${took}${owner.group ? `, group ${owner.group}` : ''}${status}`;
}

/** `Art. 7, V: performance of a contract …`; several bases joined by `; `. */
export function legalBasisText(governance: GeneratorGovernanceView): string | undefined {
  if (governance.legalBases.length === 0) return undefined;
  return governance.legalBases.map((basis) => `${basis.article}: ${basis.english}`).join('; ');
}

export function categoriesText(governance: GeneratorGovernanceView): string | undefined {
  if (governance.dataCategories.length === 0) return undefined;
  return governance.dataCategories.map((category) => (category.sensitive ? `${category.code} (sensitive)` : category.code)).join(', ');
}

export function recipientsText(governance: GeneratorGovernanceView): string | undefined {
  if (!governance.recipients) return undefined;
  return governance.recipients
    .map((recipient) => `${recipient.name} (${recipient.role}, ${recipient.country}${recipient.international ? ', transfer abroad' : ''})`)
    .join('; ');
}

/** Why a suspended generator may not touch personal data, and who can fix it; undefined otherwise. */
export function suspensionText(governance: GeneratorGovernanceView): string | undefined {
  if (governance.state !== 'suspended') return undefined;
  const acting = governance.violations.filter((violation) => violation.action !== 'record');
  const why = acting.map((violation) => violation.message).join('; ');
  const held = acting.every((violation) => violation.action === 'approval');
  return `${held ? 'Runs wait for an approval' : 'Runs are refused'}: ${why}.${governance.remedy ? ` ${governance.remedy}` : ''}`;
}

/** Governance refuses its runs (rather than holding them for approval): starting one is pointless until someone fixes it. */
export function governanceRefuses(governance: GeneratorGovernanceView): boolean {
  return governance.state === 'suspended' && governance.violations.some((violation) => violation.action === 'deny');
}

/** The facts a person choosing a generator needs, one per line (label, value). */
export function registrationFacts(governance: GeneratorGovernanceView): ReadonlyArray<readonly [string, string]> {
  const facts: Array<readonly [string, string]> = [];
  const add = (label: string, value: string | undefined): void => {
    if (value !== undefined) facts.push([label, value]);
  };
  add('Owner', ownerText(governance));
  add('Purpose', governance.purpose);
  add('Legal basis', legalBasisText(governance));
  add('Data', categoriesText(governance));
  add('Recipients', recipientsText(governance));
  return facts;
}
