/**
 * A generator's governance as the API shows it (wire.ts GeneratorGovernanceView): its
 * registration in the law's words, its state, why it is suspended and who can fix it, and what
 * the caller may do about it.
 */
import { isAuditor } from '../api/access.js';
import type { GeneratorGovernanceView, LegalBasisView, RecipientView } from '../api/wire.js';
import type { GatewayConfig, GeneratorConfig } from '../config/types.js';
import type { Identity } from '../identity/types.js';
import { describePeriod, periodsFor } from '../retention/config.js';
import { isPerson, type GeneratorAssessment } from './assessment.js';
import type { RecipientConfig } from './config.js';
import { dataCategory, legalBasis, transferMechanism } from './lgpd.js';

export function legalBasesOf(generator: GeneratorConfig): LegalBasisView[] {
  return generator.registration.legalBases.flatMap((code) => {
    const basis = legalBasis(code);
    return basis ? [{ code: basis.code, article: basis.article, name: basis.name, english: basis.english }] : [];
  });
}

export function categoriesOf(generator: GeneratorConfig): Array<{ code: string; name: string; sensitive: boolean }> {
  return generator.registration.dataCategories.flatMap((code) => {
    const category = dataCategory(code);
    return category ? [{ code: category.code, name: category.name, sensitive: category.sensitive }] : [];
  });
}

export function recipientView(recipient: RecipientConfig): RecipientView {
  const mechanism = recipient.transferMechanism === undefined ? undefined : transferMechanism(recipient.transferMechanism);
  return {
    name: recipient.name,
    role: recipient.role,
    country: recipient.country,
    international: recipient.international,
    transferMechanism: mechanism ? { code: mechanism.code, article: mechanism.article, name: mechanism.name } : undefined,
  };
}

/** The retention periods of a generator's runs, and why (its registration). */
export function retentionOf(config: GatewayConfig, generator: GeneratorConfig): GeneratorGovernanceView['retention'] {
  const periods = periodsFor(config.retention, { generator: generator.name, upstream: generator.upstream, kind: 'run' });
  return {
    reason: generator.registration.retention,
    payloads: describePeriod(periods.payloadsMs, periods.metadataOnly),
    metadata: describePeriod(periods.metadataMs),
  };
}

function remedyOf(assessment: GeneratorAssessment): string | undefined {
  const kinds = new Set(assessment.violations.filter((violation) => violation.action !== 'record').map((violation) => violation.kind));
  if (kinds.size === 0) return undefined;
  const owner = assessment.owner;
  const rescuers = owner?.group ? `a member of ${owner.group} or an auditor` : 'an auditor';
  const steps: string[] = [];
  if (kinds.has('owner_inactive') || kinds.has('owner_unknown')) steps.push(`${rescuers} takes ownership and attests it`);
  else if (kinds.has('attestation_lapsed')) steps.push(owner ? `its owner ${owner.person} attests it` : 'its owner attests it');
  if (kinds.has('definition_changed') || kinds.has('unpinned'))
    steps.push(`a reviewer pins its definition (autogen-gate generator pin ${assessment.generator} --write)`);
  return `It runs again once ${steps.join(', and ')}.`;
}

export function governanceView(
  config: GatewayConfig,
  generator: GeneratorConfig,
  assessment: GeneratorAssessment,
  caller: Identity,
): GeneratorGovernanceView {
  const acting = assessment.violations.some((violation) => violation.action !== 'record');
  const owner = assessment.owner;
  const isOwner = owner !== undefined && isPerson(caller, owner.person);
  const group = generator.registration.owner?.group;
  return {
    // A generator that touches no personal data is shown as such, registered or not.
    state: !assessment.enforced ? 'not-enforced' : !owner ? 'unregistered' : acting ? 'suspended' : 'compliant',
    owner: owner && {
      person: owner.person,
      name: owner.name,
      group: owner.group,
      source: owner.source,
      since: owner.since,
      status: owner.status,
      statusSince: owner.statusSince,
    },
    purpose: generator.registration.purpose,
    legalBases: legalBasesOf(generator),
    dataCategories: categoriesOf(generator),
    retention: retentionOf(config, generator),
    recipients: generator.registration.recipients?.map(recipientView),
    definition: assessment.definition,
    attestation: assessment.attestation,
    violations: assessment.enforced ? assessment.violations.map(({ kind, action, message }) => ({ kind, action, message })) : [],
    remedy: assessment.enforced ? remedyOf(assessment) : undefined,
    you: {
      isOwner,
      canTakeOwnership:
        owner !== undefined &&
        !isOwner &&
        caller.kind === 'person' &&
        (isAuditor(config.access, caller) || (group !== undefined && caller.groups.includes(group))),
      canAttest: isOwner && assessment.definition.status === 'pinned' && owner.status !== 'inactive',
    },
  };
}
