/**
 * Governance at run time: the state of a generator (or of the team a raw Studio run brings) as
 * the request path's inspect step needs it, read from the directory and the governance records;
 * and the two things people do about it: take ownership of an orphaned generator (a member of
 * its owner group, or an auditor), and attest it (its owner). Both are recorded in the audit
 * chain with who did them and why.
 */
import type { GatewayConfig, GeneratorConfig } from '../config/types.js';
import { GateError } from '../errors.js';
import { isAuditor } from '../api/access.js';
import { displayNameOf, principalOf, type Identity } from '../identity/types.js';
import type { PolicyDecision } from '../policy/engine.js';
import type { ReadRepositories, Store, StoreTx } from '../store/types.js';
import {
  assessGenerator,
  directoryNames,
  directoryStatus,
  effectiveOwner,
  isPerson,
  tighten,
  type Assessment,
  type GeneratorAssessment,
  type Violation,
} from './assessment.js';
import { definitionHash, definitionOf, teamHash } from './definition.js';
import { normaliseReason } from '../approvals/text.js';

/** What assessments read: committed data, or a unit of work's view of it. */
export type GovernanceReaders = Pick<ReadRepositories, 'directory' | 'governance'>;

const MAX_TEXT = 500;

/** A reason or statement as recorded: one plain line (no invisible characters), bounded. */
function oneLine(value: unknown, what: string, required: boolean): string | undefined {
  if (!required && (value === undefined || value === null || value === '')) return undefined;
  const normalised = normaliseReason(value, MAX_TEXT);
  if (normalised.ok) return normalised.reason;
  throw new GateError(
    'bad_request',
    400,
    normalised.problem === 'too_long'
      ? `The ${what} is longer than ${MAX_TEXT} characters.`
      : `Give a ${what}: one line of text, at most ${MAX_TEXT} characters.`,
  );
}

function bodyField(body: unknown, key: string): unknown {
  if (body === undefined) return undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new GateError('bad_request', 400, 'The body must be a JSON object.');
  const extra = Object.keys(body).filter((name) => !['reason', 'statement'].includes(name));
  if (extra.length > 0) throw new GateError('bad_request', 400, `Unknown field(s): ${extra.join(', ')}.`);
  return (body as Record<string, unknown>)[key];
}

export interface GovernanceServiceOptions {
  readonly config: GatewayConfig;
  readonly store: Store;
}

export class GovernanceService {
  private readonly hashes = new Map<string, string>();
  /** Generators by the hash of their team, for raw Studio runs. */
  private readonly teams = new Map<string, string[]>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: GovernanceServiceOptions) {
    const { config } = options;
    for (const generator of config.generators.values()) {
      this.hashes.set(generator.name, definitionHash(definitionOf(generator, config.upstreams.get(generator.upstream))));
      if (generator.team !== undefined) {
        const hash = teamHash(generator.team);
        this.teams.set(hash, [...(this.teams.get(hash) ?? []), generator.name]);
      }
    }
  }

  get config(): GatewayConfig {
    return this.options.config;
  }

  /** Listens to changes that may alter a generator's state (ownership, attestation, the directory); returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something a state depends on changed and is durable (SCIM calls this too). */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  definitionHashOf(name: string): string | undefined {
    return this.hashes.get(name);
  }

  /** Records every registered generator the store has not seen yet: its first attestation period starts now. */
  async registerAll(): Promise<void> {
    await this.options.store.transact(async (tx) => {
      for (const generator of this.options.config.generators.values()) {
        if (!generator.registration.owner) continue;
        if (await tx.governance.register(generator.name, tx.now.toISOString())) {
          await tx.appendAudit({
            type: 'governance.registered',
            actor: 'gateway',
            data: {
              generator: generator.name,
              owner: generator.registration.owner.person,
              ownerGroup: generator.registration.owner.group ?? null,
              personalData: generator.personalData,
              definitionHash: this.hashes.get(generator.name) ?? null,
              pinned: generator.registration.pinned ?? null,
            },
          });
        }
      }
    });
  }

  async assessGenerator(name: string, readers: GovernanceReaders = this.options.store): Promise<GeneratorAssessment> {
    const generator = this.generator(name);
    const record = await readers.governance.record(name);
    const owner = effectiveOwner(generator, record);
    const ownerRecords = owner ? await readers.directory.usersNamed(directoryNames(owner.person, owner.username)) : [];
    const group = generator.registration.owner?.group;
    const standing = group === undefined ? undefined : await readers.directory.groupStanding(group);
    return assessGenerator(
      {
        generator,
        definitionHash: this.hashes.get(name) ?? '',
        record,
        ownerRecords,
        groupStanding: standing?.exists ? standing : undefined,
        now: this.options.store.clock(),
      },
      this.options.config.governance,
    );
  }

  async assessAll(readers: GovernanceReaders = this.options.store): Promise<GeneratorAssessment[]> {
    const out: GeneratorAssessment[] = [];
    for (const name of this.options.config.generators.keys()) out.push(await this.assessGenerator(name, readers));
    return out;
  }

  /** What a generator run is: its generator's state. */
  async forGenerator(name: string, readers?: GovernanceReaders): Promise<Assessment> {
    const assessment = await this.assessGenerator(name, readers);
    return {
      subject: { kind: 'generator', name },
      enforced: assessment.enforced,
      violations: assessment.violations,
      generators: [assessment],
    };
  }

  /**
   * What a raw Studio `start` frame runs: the registered generators whose team it is (by hash),
   * or nobody's. A team nobody registered may touch personal data: that is a violation itself.
   */
  async forTeam(team: unknown, readers?: GovernanceReaders): Promise<Assessment> {
    const hash = teamHash(team);
    const matches = this.teams.get(hash) ?? [];
    if (matches.length === 0) {
      const violation: Violation = {
        kind: 'unregistered_team',
        action: this.options.config.governance.actions.unregistered_team,
        message: `the team (${hash.slice(0, 19)}…) matches no registered generator. Register it as a generator in the policy (owner, purpose, legal basis, data categories, pinned hash) and run that`,
      };
      return { subject: { kind: 'team', teamHash: hash, matches }, enforced: true, violations: [violation], generators: [] };
    }
    const generators = await Promise.all(matches.map((name) => this.assessGenerator(name, readers)));
    const personal = generators.filter((assessment) => assessment.enforced);
    // Two generators may share a team: all their conditions hold for a run of it.
    const violations = [...new Map(personal.flatMap((a) => a.violations).map((v) => [v.kind, v])).values()];
    return { subject: { kind: 'team', teamHash: hash, matches }, enforced: personal.length > 0, violations, generators };
  }

  tighten(decision: PolicyDecision, assessment: Assessment | undefined): PolicyDecision {
    return tighten(decision, assessment, this.options.config.governance);
  }

  /** A member of the owner group (or an auditor) becomes the owner; a new owner has attested nothing yet. */
  async takeOwnership(caller: Identity, name: string, body: unknown): Promise<GeneratorAssessment> {
    const reason = oneLine(bodyField(body, 'reason'), 'reason', true) ?? '';
    const generator = this.generator(name);
    const declared = generator.registration.owner;
    if (!declared)
      throw new GateError('conflict', 409, `Generator ${name} declares no owner in the policy, so there is no ownership to take over.`);
    if (caller.kind !== 'person') throw new GateError('forbidden', 403, 'Only a person can own a generator, not a pipeline.');
    const principal = principalOf(caller);
    await this.options.store.transact(async (tx) => {
      const record = await tx.governance.record(name);
      const current = effectiveOwner(generator, record);
      if (current && isPerson(caller, current.person, current.username))
        throw new GateError('conflict', 409, `You already own ${name}; attest it with POST /api/v1/generators/${name}/attestation.`);
      const auditor = isAuditor(this.options.config.access, caller);
      const member = declared.group !== undefined && (await this.inGroup(tx, caller, declared.group));
      if (!auditor && !member)
        throw new GateError(
          'forbidden',
          403,
          `Only ${declared.group ? `a member of ${declared.group} or ` : ''}an auditor (${this.options.config.access.auditors.join(', ') || 'none configured'}) can take ownership of ${name}.`,
        );
      const callerStatus = directoryStatus(await tx.directory.usersNamed(directoryNames(principal, caller.username)));
      if (callerStatus.status === 'inactive')
        throw new GateError('forbidden', 403, 'The directory says your account is deactivated; you cannot take ownership.');
      if (!record) await tx.governance.register(name, tx.now.toISOString());
      const at = tx.now.toISOString();
      await tx.governance.setOwnership(name, {
        principal,
        username: caller.username,
        name: caller.name,
        replaces: declared.person,
        at,
        reason,
      });
      await tx.appendAudit({
        type: 'governance.ownership_taken',
        actor: principal,
        data: {
          generator: name,
          owner: principal,
          ownerName: displayNameOf(caller),
          previousOwner: current?.person ?? declared.person,
          as: auditor ? 'auditor' : 'group-member',
          group: declared.group ?? null,
          reason,
        },
      });
    });
    this.changed();
    return this.assessGenerator(name);
  }

  /** The owner re-confirms the generator as it now is: its definition must be the reviewed one. */
  async attest(caller: Identity, name: string, body: unknown): Promise<GeneratorAssessment> {
    const statement =
      oneLine(bodyField(body, 'statement'), 'statement', false) ??
      'The purpose, legal basis, data categories and definition are still right.';
    const generator = this.generator(name);
    const principal = principalOf(caller);
    await this.options.store.transact(async (tx) => {
      const assessment = await this.assessGenerator(name, tx);
      const owner = assessment.owner;
      if (!owner) throw new GateError('conflict', 409, `Generator ${name} declares no owner, so nobody attests it.`);
      const record = await tx.governance.record(name);
      const current = effectiveOwner(generator, record);
      if (!current || !isPerson(caller, current.person, current.username))
        throw new GateError(
          'forbidden',
          403,
          `Only the owner of ${name} (${owner.person}) can attest it${owner.group ? `; a member of ${owner.group} or an auditor can take ownership first` : ''}.`,
        );
      if (owner.status === 'inactive')
        throw new GateError('forbidden', 403, 'The directory says your account is deactivated; you cannot attest.');
      if (assessment.definition.status !== 'pinned')
        throw new GateError(
          'conflict',
          409,
          `The definition of ${name} is ${assessment.definition.status === 'changed' ? 'not the pinned one' : 'not pinned'}: review it and pin it (autogen-gate generator pin ${name} --write) before attesting.`,
        );
      if (!record) await tx.governance.register(name, tx.now.toISOString());
      const at = tx.now.toISOString();
      await tx.governance.setAttestation(name, {
        at,
        by: principal,
        byName: caller.name,
        definitionHash: assessment.definition.hash,
        statement,
      });
      await tx.appendAudit({
        type: 'governance.attested',
        actor: principal,
        data: { generator: name, definitionHash: assessment.definition.hash, statement, previous: record?.attestation?.at ?? null },
      });
    });
    this.changed();
    return this.assessGenerator(name);
  }

  private generator(name: string): GeneratorConfig {
    const generator = this.options.config.generators.get(name);
    if (!generator) throw new GateError('not_found', 404, `No generator named ${name}.`);
    return generator;
  }

  /** In the group by the token's groups, or by the directory's membership. */
  private async inGroup(tx: StoreTx, caller: Identity, group: string): Promise<boolean> {
    if (caller.groups.includes(group)) return true;
    const users = await tx.directory.usersNamed(directoryNames(principalOf(caller), caller.username));
    for (const user of users.filter((record) => record.deletedAt === undefined && record.active)) {
      if ((await tx.directory.groupsOf(user.id)).some((found) => found.displayName.toLowerCase() === group.toLowerCase())) return true;
    }
    return false;
  }
}
