/**
 * A generator's governance state, computed from its registration, its definition hash, what the
 * directory says of its owner and what the store recorded since (takeover, attestation): pinned
 * and matching or not, owner active or not, attestation current or lapsed. For a personal-data
 * generator each broken condition is a violation with the action the policy gives it, and a
 * message that says why and who can fix it. `tighten` turns violations into a decision that is
 * never looser than the rule's.
 */
import { formatDuration } from '../config/duration.js';
import type { ApprovalRequirement, GeneratorConfig } from '../config/types.js';
import type { DirectoryUser, GroupStanding } from '../directory/types.js';
import type { PolicyDecision } from '../policy/engine.js';
import { principalOf, type Identity } from '../identity/types.js';
import type { ViolationAction } from './configSchema.js';
import type { GovernanceConfig, ViolationKind } from './config.js';
import type { GovernanceRecord } from './repository.js';

export type OwnerStatus = 'active' | 'inactive' | 'unknown';

export interface OwnerState {
  /** Who answers for it now: a username, or a principal `ISSUER_ID:SUBJECT`. */
  readonly person: string;
  readonly name: string | undefined;
  readonly group: string | undefined;
  /** `policy`: the file's owner; `takeover`: someone took ownership over since. */
  readonly source: 'policy' | 'takeover';
  readonly since: string | undefined;
  readonly status: OwnerStatus;
  /** When the directory last changed the owner's record (deactivated, deleted). */
  readonly statusSince: string | undefined;
  /** The owner group as the directory knows it, when it does. */
  readonly groupStanding: GroupStanding | undefined;
}

export interface DefinitionState {
  readonly hash: string;
  readonly pinned: string | undefined;
  readonly status: 'pinned' | 'changed' | 'unpinned';
}

export interface AttestationState {
  readonly status: 'current' | 'lapsed' | 'off';
  readonly attestedAt: string | undefined;
  readonly attestedBy: string | undefined;
  readonly attestedByName: string | undefined;
  /** When the next attestation is (or was) due. */
  readonly dueAt: string | undefined;
}

export interface Violation {
  readonly kind: ViolationKind;
  readonly action: ViolationAction;
  readonly message: string;
}

export interface GeneratorAssessment {
  readonly generator: string;
  readonly personalData: boolean;
  /** Violations act on runs: the generator processes personal data. */
  readonly enforced: boolean;
  readonly definition: DefinitionState;
  readonly owner: OwnerState | undefined;
  readonly attestation: AttestationState;
  readonly violations: readonly Violation[];
}

/** The governance state of what a call runs: a generator, or a raw Studio team. */
export interface Assessment {
  readonly subject:
    | { readonly kind: 'generator'; readonly name: string }
    | { readonly kind: 'team'; readonly teamHash: string; readonly matches: readonly string[] };
  readonly enforced: boolean;
  readonly violations: readonly Violation[];
  /** The generator's state (the one a raw team matched, when it matched one that processes personal data). */
  readonly generators: readonly GeneratorAssessment[];
}

/** What the directory says of a set of records that may be one person (by userName and externalId). */
export function directoryStatus(records: readonly DirectoryUser[]): { status: OwnerStatus; since: string | undefined } {
  const live = records.filter((record) => record.deletedAt === undefined);
  const active = live.find((record) => record.active);
  if (active) return { status: 'active', since: active.updatedAt };
  const gone = [...live, ...records.filter((record) => record.deletedAt !== undefined)];
  const latest = gone
    .map((record) => record.deletedAt ?? record.updatedAt)
    .sort()
    .pop();
  return gone.length > 0 ? { status: 'inactive', since: latest } : { status: 'unknown', since: undefined };
}

/** Whether the caller is the person named (a principal, or a username; `username` is a takeover's). */
export function isPerson(caller: Pick<Identity, 'issuerId' | 'subject' | 'username'>, person: string, username?: string): boolean {
  if (principalOf(caller) === person) return true;
  const name = caller.username?.toLowerCase();
  return name !== undefined && (name === person.toLowerCase() || name === username?.toLowerCase());
}

/** The names a person may be filed under in the directory: a username, or a principal's subject. */
export function directoryNames(person: string, username: string | undefined): string[] {
  const colon = person.indexOf(':');
  const names = [colon < 0 ? person : person.slice(colon + 1)];
  if (username !== undefined) names.push(username);
  return [...new Set(names)];
}

export interface AssessmentFacts {
  readonly generator: GeneratorConfig;
  readonly definitionHash: string;
  readonly record: GovernanceRecord | undefined;
  /** Directory records of the effective owner (empty: unknown). */
  readonly ownerRecords: readonly DirectoryUser[];
  readonly groupStanding: GroupStanding | undefined;
  readonly now: Date;
}

/** The owner who answers now: a takeover holds while the file still names the person it replaced. */
export function effectiveOwner(
  generator: GeneratorConfig,
  record: GovernanceRecord | undefined,
):
  | {
      person: string;
      username: string | undefined;
      name: string | undefined;
      source: 'policy' | 'takeover';
      since: string | undefined;
    }
  | undefined {
  const declared = generator.registration.owner;
  if (!declared) return undefined;
  const takeover = record?.ownership;
  if (takeover && takeover.replaces === declared.person)
    return { person: takeover.principal, username: takeover.username, name: takeover.name, source: 'takeover', since: takeover.at };
  return {
    person: declared.person,
    username: declared.person.includes(':') ? undefined : declared.person,
    name: undefined,
    source: 'policy',
    since: record?.registeredAt,
  };
}

function short(hash: string): string {
  return `${hash.slice(0, 19)}…`;
}

export function assessGenerator(facts: AssessmentFacts, governance: GovernanceConfig): GeneratorAssessment {
  const { generator, record, now } = facts;
  const name = generator.name;
  const pinned = generator.registration.pinned;
  const definition: DefinitionState = {
    hash: facts.definitionHash,
    pinned,
    status: pinned === undefined ? 'unpinned' : pinned === facts.definitionHash ? 'pinned' : 'changed',
  };
  const effective = effectiveOwner(generator, record);
  const directory = directoryStatus(facts.ownerRecords);
  const owner: OwnerState | undefined = effective && {
    person: effective.person,
    name: effective.name ?? facts.ownerRecords.find((user) => user.deletedAt === undefined)?.displayName,
    group: generator.registration.owner?.group,
    source: effective.source,
    since: effective.since,
    status: directory.status,
    statusSince: directory.since,
    groupStanding: facts.groupStanding,
  };
  const attestation = attestationState(record, governance.attestEveryMs, now);
  const violations: Violation[] = [];
  const add = (kind: ViolationKind, message: string): void => {
    violations.push({ kind, action: governance.actions[kind], message });
  };
  const api = `/api/v1/generators/${name}`;
  const rescuers = owner?.group ? `a member of ${owner.group} or an auditor` : 'an auditor';
  if (definition.status === 'changed')
    add(
      'definition_changed',
      `its definition (${short(definition.hash)}) no longer matches the pinned one (${short(pinned ?? '')}): it changed since it was reviewed. After review, pin it: autogen-gate generator pin ${name} --write`,
    );
  if (definition.status === 'unpinned')
    add('unpinned', `its definition was never reviewed (no pinned hash). After review, pin it: autogen-gate generator pin ${name} --write`);
  if (owner?.status === 'inactive')
    add(
      'owner_inactive',
      `its owner ${owner.person} was deactivated in the directory${owner.statusSince ? ` (${owner.statusSince})` : ''}, so it is orphaned. ${capitalise(rescuers)} can take ownership (POST ${api}/ownership) and attest it`,
    );
  if (owner?.status === 'unknown')
    add(
      'owner_unknown',
      `the directory (SCIM) has no record of its owner ${owner.person}, so whether they are still with the company cannot be checked. Have the IdP provision them`,
    );
  if (attestation.status === 'lapsed')
    add(
      'attestation_lapsed',
      attestation.attestedAt === undefined && owner?.source === 'takeover'
        ? `its new owner ${owner.person} has not attested it yet. The owner attests it with POST ${api}/attestation`
        : `its owner${owner ? ` ${owner.person}` : ''} has not attested it since ${attestation.attestedAt ?? record?.registeredAt ?? '?'} (due every ${formatDuration(governance.attestEveryMs ?? 0)}, by ${attestation.dueAt ?? '?'}). The owner attests it with POST ${api}/attestation`,
    );
  return {
    generator: name,
    personalData: generator.personalData,
    enforced: generator.personalData,
    definition,
    owner,
    attestation,
    violations,
  };
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function attestationState(record: GovernanceRecord | undefined, everyMs: number | undefined, now: Date): AttestationState {
  const attested = record?.attestation;
  const base = attested?.at ?? (record?.ownership ? undefined : (record?.registeredAt ?? now.toISOString()));
  const common = { attestedAt: attested?.at, attestedBy: attested?.by, attestedByName: attested?.byName };
  if (everyMs === undefined) return { status: 'off', ...common, dueAt: undefined };
  // A new owner has not attested: due the moment they took over.
  const dueAt = base === undefined ? (record?.ownership?.at ?? now.toISOString()) : new Date(Date.parse(base) + everyMs).toISOString();
  return { status: base !== undefined && now.getTime() < Date.parse(dueAt) ? 'current' : 'lapsed', ...common, dueAt };
}

/** Violations that act on a run (not only recorded). */
export function acting(assessment: Assessment | undefined): readonly Violation[] {
  if (!assessment?.enforced) return [];
  return assessment.violations.filter((violation) => violation.action !== 'record');
}

/**
 * When a rule already holds the run and governance holds it too, both must agree: the approver
 * groups of both, one from each when they differ; the shorter waiting and validity periods.
 */
export function combineRequirements(rule: ApprovalRequirement, governance: ApprovalRequirement): ApprovalRequirement {
  const approvers = [...new Set([...rule.approvers, ...governance.approvers])];
  const same = approvers.length === rule.approvers.length && approvers.length === governance.approvers.length;
  const quorum =
    same && typeof rule.quorum === 'number' && typeof governance.quorum === 'number'
      ? Math.max(rule.quorum, governance.quorum)
      : same
        ? rule.quorum
        : 'each';
  return {
    approvers,
    quorum,
    pendingTtlMs: Math.min(rule.pendingTtlMs, governance.pendingTtlMs),
    validForMs: Math.min(rule.validForMs, governance.validForMs),
  };
}

/** The rule's decision, tightened by what governance found: deny wins, then approval; never looser. */
export function tighten(decision: PolicyDecision, assessment: Assessment | undefined, governance: GovernanceConfig): PolicyDecision {
  const violations = acting(assessment);
  if (violations.length === 0 || decision.effect === 'deny') return decision;
  const what = assessment?.subject.kind === 'team' ? 'This AutoGen Studio team' : `Generator ${assessment?.subject.name ?? '?'}`;
  const denying = violations.find((violation) => violation.action === 'deny');
  if (denying) {
    return {
      effect: 'deny',
      ruleId: `governance:${denying.kind}`,
      approval: undefined,
      reason: `${what} may not touch personal data: ${violations.map((violation) => violation.message).join('; ')}.`,
    };
  }
  const held = violations[0];
  const requirement = governance.approval;
  if (!held || !requirement) throw new Error('a governance violation holds runs for approval, but governance names no approvers');
  return {
    effect: 'approval',
    ruleId: `governance:${held.kind}`,
    approval: decision.effect === 'approval' && decision.approval ? combineRequirements(decision.approval, requirement) : requirement,
    reason: `${what} needs an approval before it touches personal data: ${violations.map((violation) => violation.message).join('; ')}. (${decision.reason})`,
  };
}
