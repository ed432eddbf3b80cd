/**
 * The governance keys after validation: each generator's registration, and the `governance`
 * section. The checks the schema cannot express live here: a personal-data generator must
 * declare who owns it, why and on what legal basis it processes which data; sensitive data needs
 * an Art. 11 basis; a recipient abroad needs an Art. 33 mechanism; an `approval` action needs
 * approvers.
 */
import { parseDuration } from '../config/duration.js';
import type { ApprovalRequirement, Quorum } from '../config/types.js';
import { normalizeWebhookTarget, type RawWebhookTarget, type WebhookTargetConfig } from '../webhooks/config.js';
import { VIOLATION_KEYS, type ViolationAction, type ViolationKey } from './configSchema.js';
import { dataCategory, HOME_COUNTRY, legalBasis, type DataCategoryCode, type LegalBasisCode, type TransferMechanismCode } from './lgpd.js';

/** How a violation is named on the wire, in audit entries and in rule ids (`governance:owner_inactive`). */
export type ViolationKind =
  'definition_changed' | 'unpinned' | 'owner_inactive' | 'owner_unknown' | 'attestation_lapsed' | 'unregistered_team';

export const VIOLATION_KINDS: Readonly<Record<ViolationKey, ViolationKind>> = {
  definitionChanged: 'definition_changed',
  unpinned: 'unpinned',
  ownerInactive: 'owner_inactive',
  ownerUnknown: 'owner_unknown',
  attestationLapsed: 'attestation_lapsed',
  unregisteredTeam: 'unregistered_team',
};

export interface GeneratorOwner {
  /** A username, or a principal `ISSUER_ID:SUBJECT`. */
  readonly person: string;
  readonly group: string | undefined;
}

export type RecipientRole = 'upstream' | 'model-provider' | 'processor' | 'controller';

export interface RecipientConfig {
  readonly name: string;
  readonly role: RecipientRole;
  readonly country: string;
  readonly transferMechanism: TransferMechanismCode | undefined;
  /** Outside Brazil: an international transfer (Art. 33). */
  readonly international: boolean;
}

/** What a generator declares about the personal data it processes (empty for one that declares nothing). */
export interface GeneratorRegistration {
  readonly owner: GeneratorOwner | undefined;
  readonly purpose: string | undefined;
  readonly legalBases: readonly LegalBasisCode[];
  readonly dataCategories: readonly DataCategoryCode[];
  readonly retention: string | undefined;
  /** Undefined when not declared (the register then names the upstream, country unknown). */
  readonly recipients: readonly RecipientConfig[] | undefined;
  readonly pinned: string | undefined;
}

export interface GovernanceNotifyConfig extends WebhookTargetConfig {
  readonly everyMs: number;
}

export interface GovernanceConfig {
  /** Undefined: attestation is off. */
  readonly attestEveryMs: number | undefined;
  readonly actions: Readonly<Record<ViolationKind, ViolationAction>>;
  readonly approval: ApprovalRequirement | undefined;
  readonly notify: GovernanceNotifyConfig | undefined;
  /** Present when the SCIM endpoint is served; `token` undefined: generated under dataDir/keys. */
  readonly scim: { readonly token: string | undefined } | undefined;
  readonly controller: { readonly name: string; readonly dpo: string | undefined } | undefined;
}

export interface RawRecipient {
  readonly name: string;
  readonly role: RecipientRole;
  readonly country: string;
  readonly transferMechanism?: TransferMechanismCode;
}

export interface RawRegistration {
  readonly personalData: boolean;
  readonly owner?: { readonly person: string; readonly group?: string };
  readonly purpose?: string;
  readonly legalBasis?: LegalBasisCode | readonly LegalBasisCode[];
  readonly dataCategories?: readonly DataCategoryCode[];
  readonly retention?: string;
  readonly recipients?: readonly RawRecipient[];
  readonly pinned?: string;
}

export interface RawGovernanceSection {
  readonly attestEvery?: string;
  readonly onViolation?: 'deny' | 'approval';
  readonly violations?: Partial<Record<ViolationKey, ViolationAction>>;
  readonly approval?: { readonly approvers: string[]; readonly quorum?: Quorum; readonly pendingTtl?: string; readonly validFor?: string };
  readonly notify?: RawWebhookTarget & { readonly every?: string };
  readonly scim?: { readonly token?: string };
  readonly controller?: { readonly name: string; readonly dpo?: string };
}

export interface GovernanceIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
  readonly example?: string;
}

/** What the checks of a registration need to know about the rest of the file. */
export interface RegistrationContext {
  readonly upstreams: ReadonlySet<string>;
  readonly issuers: ReadonlySet<string>;
}

/** The example each required key shows when it is missing. */
const REQUIRED_FOR_PERSONAL_DATA: ReadonlyArray<{ readonly key: keyof RawRegistration; readonly example: string; readonly why: string }> = [
  { key: 'owner', example: 'owner: { person: bruno, group: data-engineers }', why: 'who answers for it' },
  {
    key: 'purpose',
    example: 'purpose: Monthly report of customers with pending payments, for the billing team.',
    why: 'why it processes personal data (Art. 6 I)',
  },
  { key: 'legalBasis', example: 'legalBasis: art7-v-contract', why: 'the legal basis that permits it (Art. 7 or Art. 11)' },
  {
    key: 'dataCategories',
    example: 'dataCategories: [identification, government-id, contact, address]',
    why: 'which kinds of personal data it processes',
  },
];

export function normalizeRegistration(
  raw: RawRegistration,
  context: RegistrationContext,
): { readonly registration: GeneratorRegistration; readonly issues: readonly GovernanceIssue[] } {
  const issues: GovernanceIssue[] = [];
  if (raw.personalData) {
    for (const required of REQUIRED_FOR_PERSONAL_DATA) {
      if (raw[required.key] === undefined)
        issues.push({
          path: [required.key],
          message: `a generator with personalData: true must declare ${required.key}: ${required.why}. LGPD Art. 37 asks for a register of every processing of personal data`,
          example: required.example,
        });
    }
  }
  const legalBases = raw.legalBasis === undefined ? [] : typeof raw.legalBasis === 'string' ? [raw.legalBasis] : [...raw.legalBasis];
  const dataCategories = [...(raw.dataCategories ?? [])];
  const sensitive = dataCategories.filter((code) => dataCategory(code)?.sensitive === true);
  if (legalBases.length > 0 && dataCategories.length > 0) {
    const art11 = legalBases.some((code) => legalBasis(code)?.sensitive === true);
    if (sensitive.length > 0 && !art11)
      issues.push({
        path: ['legalBasis'],
        message: `sensitive data (${sensitive.join(', ')}; LGPD Art. 5 II) can only be processed on an Art. 11 basis, and none is given`,
        example: 'legalBasis: art11-ii-a-legal-obligation',
      });
    if (sensitive.length === 0 && legalBases.every((code) => legalBasis(code)?.sensitive === true))
      issues.push({
        path: ['legalBasis'],
        message: 'Art. 11 bases are for sensitive data (Art. 5 II), and no sensitive category is declared; name the Art. 7 basis',
        example: 'legalBasis: art7-v-contract',
      });
  }
  const owner = raw.owner;
  if (owner && owner.person.includes(':')) {
    const issuerId = owner.person.slice(0, owner.person.indexOf(':'));
    if (!context.issuers.has(issuerId))
      issues.push({
        path: ['owner', 'person'],
        message: `"${owner.person}" names issuer "${issuerId}", which identity.issuers does not define (${[...context.issuers].join(', ')}); write ISSUER_ID:SUBJECT or a username`,
        example: 'person: bruno',
      });
  }
  const recipients = raw.recipients?.map((recipient, index): RecipientConfig => {
    const international = recipient.country !== HOME_COUNTRY;
    if (recipient.role === 'upstream' && !context.upstreams.has(recipient.name))
      issues.push({
        path: ['recipients', index, 'name'],
        message: `an upstream recipient names an upstream of this file; "${recipient.name}" is not one (${[...context.upstreams].join(', ')})`,
      });
    if (international && recipient.transferMechanism === undefined)
      issues.push({
        path: ['recipients', index, 'transferMechanism'],
        message: `${recipient.name} processes data in ${recipient.country}, outside Brazil: say which LGPD Art. 33 case permits the transfer`,
        example: 'transferMechanism: art33-ii-b-standard-clauses',
      });
    if (!international && recipient.transferMechanism !== undefined)
      issues.push({
        path: ['recipients', index, 'transferMechanism'],
        message: `transferMechanism applies to transfers abroad; ${recipient.name} is in ${HOME_COUNTRY}`,
      });
    return {
      name: recipient.name,
      role: recipient.role,
      country: recipient.country,
      transferMechanism: recipient.transferMechanism,
      international,
    };
  });
  return {
    registration: {
      owner: owner ? { person: owner.person, group: owner.group } : undefined,
      purpose: raw.purpose,
      legalBases,
      dataCategories,
      retention: raw.retention,
      recipients,
      pinned: raw.pinned,
    },
    issues,
  };
}

function ms(text: string): number {
  const value = parseDuration(text);
  if (value === undefined) throw new Error(`unvalidated duration ${text}`);
  return value;
}

export function normalizeGovernance(raw: RawGovernanceSection | undefined): {
  readonly governance: GovernanceConfig;
  readonly issues: readonly GovernanceIssue[];
} {
  const section = raw ?? {};
  const issues: GovernanceIssue[] = [];
  const fallback = section.onViolation ?? 'deny';
  const actions = Object.fromEntries(
    VIOLATION_KEYS.map((key) => [VIOLATION_KINDS[key], section.violations?.[key] ?? (key === 'ownerUnknown' ? 'record' : fallback)]),
  ) as Record<ViolationKind, ViolationAction>;
  const holds = VIOLATION_KEYS.filter((key) => actions[VIOLATION_KINDS[key]] === 'approval');
  if (holds.length > 0 && section.approval === undefined)
    issues.push({
      path: ['approval'],
      message: `${holds.join(', ')} ${holds.length === 1 ? 'is' : 'are'} held for approval, so governance needs "approval" (who approves)`,
      example: 'approval:\n  approvers: [privacy-office]',
    });
  if (actions.owner_unknown !== 'record' && section.scim === undefined)
    issues.push({
      path: ['violations', 'ownerUnknown'],
      message: `ownerUnknown: ${actions.owner_unknown} needs the directory the IdP provisions over SCIM; without governance.scim every owner is unknown`,
      example: 'scim:\n  token: env:AUTOGEN_GATE_SCIM_TOKEN',
    });
  if (section.approval !== undefined && section.approval.approvers.length === 0)
    issues.push({ path: ['approval', 'approvers'], message: 'list at least one approver group', example: 'approvers: [privacy-office]' });
  const approval: ApprovalRequirement | undefined = section.approval
    ? {
        approvers: section.approval.approvers,
        quorum: section.approval.quorum ?? 'any',
        pendingTtlMs: ms(section.approval.pendingTtl ?? '24h'),
        validForMs: ms(section.approval.validFor ?? '1h'),
      }
    : undefined;
  const attestEvery = section.attestEvery ?? '90d';
  return {
    governance: {
      attestEveryMs: attestEvery === 'off' ? undefined : ms(attestEvery),
      actions,
      approval,
      notify: section.notify ? { ...normalizeWebhookTarget(section.notify), everyMs: ms(section.notify.every ?? '24h') } : undefined,
      scim: section.scim ? { token: section.scim.token } : undefined,
      controller: section.controller ? { name: section.controller.name, dpo: section.controller.dpo } : undefined,
    },
    issues,
  };
}
