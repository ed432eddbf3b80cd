/**
 * Governance state and what it does to decisions, on a real SQLite store with a frozen clock:
 * governance only ever tightens a rule's decision; an owner the directory deactivated orphans a
 * generator; attestations lapse after `attestEvery`, and a new owner must attest; who may take
 * ownership and attest; and the privacy office hears about it every `notify.every`, then once
 * that it is back in order.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../gateway/config/load.js';
import type { GatewayConfig } from '../../../gateway/config/types.js';
import type { DirectoryUser } from '../../../gateway/directory/types.js';
import { directoryStatus, tighten, type Assessment } from '../../../gateway/governance/assessment.js';
import { GovernanceNotifier } from '../../../gateway/governance/notifier.js';
import { GovernanceService } from '../../../gateway/governance/service.js';
import type { Identity } from '../../../gateway/identity/types.js';
import { createLogger } from '../../../gateway/observability/logger.js';
import type { PolicyDecision } from '../../../gateway/policy/engine.js';
import { openStore } from '../../../gateway/store/index.js';
import type { Store } from '../../../gateway/store/types.js';
import { TestClock } from '../evidence/support.js';
import { pinGenerators, REGISTRATION_FLOW } from '../../support/registration.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

const DAY = 86_400_000;

function policy(governance: string): string {
  return `version: 1
identity:
  issuers:
    - { id: dev, issuer: https://idp.example.test, audience: autogen-gate }
upstreams:
  runtime: { type: http, url: "http://127.0.0.1:9" }
generators:
  customer-report: { upstream: runtime, personalData: true, path: /report, ${REGISTRATION_FLOW} }
  config-template: { upstream: runtime, path: /template }
rules:
  - { id: engineers, generators: ["*"], decision: allow }
access: { auditors: [privacy-office] }
governance:
${governance}`;
}

function person(user: string, groups: string[] = []): Identity {
  return {
    subject: user,
    issuer: 'https://idp.example.test',
    issuerId: 'dev',
    kind: 'person',
    name: user,
    email: undefined,
    username: user,
    groups,
    clientId: 'vscode',
    claims: {},
    tokenExpiresAt: undefined,
  };
}

function record(userName: string, change: Partial<DirectoryUser>): DirectoryUser {
  return {
    id: `${userName}-${change.createdAt ?? '1'}`,
    userName,
    externalId: undefined,
    displayName: undefined,
    active: true,
    attributes: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    deletedAt: undefined,
    ...change,
  };
}

const ALLOW: PolicyDecision = { effect: 'allow', ruleId: 'engineers', approval: undefined, reason: 'rule engineers allows it' };

describe('governance', () => {
  let dir: string;
  let store: Store;
  let config: GatewayConfig;
  let service: GovernanceService;
  const clock = new TestClock(new Date('2026-03-01T00:00:00.000Z'));

  async function open(governance: string, pinned = true): Promise<void> {
    await store?.close();
    // A folder (and so a store) of its own for each policy.
    const folder = join(dir, Math.random().toString(36).slice(2));
    mkdirSync(folder);
    const file = join(folder, 'autogen-gate.yaml');
    const text = policy(governance);
    writeFileSync(file, pinned ? pinGenerators(text, file, ['customer-report']) : text);
    config = loadConfig(file);
    store = await openStore(config.store, { clock: clock.now });
    service = new GovernanceService({ config, store });
    await service.registerAll();
  }

  async function deactivate(userName: string): Promise<void> {
    await store.transact(async (tx) => {
      await tx.directory.insertUser(record(userName, { id: `user-${userName}`, active: false, updatedAt: clock.now().toISOString() }));
    });
  }

  async function kinds(): Promise<string[]> {
    return (await service.assessGenerator('customer-report')).violations.map((violation) => violation.kind);
  }

  before(() => {
    dir = makeTempDir('autogen-gate-governance-');
  });
  after(async () => {
    await store?.close();
    removeDir(dir);
  });

  describe('tightening', () => {
    before(() => open('  approval: { approvers: [dpo], pendingTtl: 2h, validFor: 30m }\n'));

    const assessment = (...actions: Array<'deny' | 'approval' | 'record'>): Assessment => ({
      subject: { kind: 'generator', name: 'customer-report' },
      enforced: true,
      violations: actions.map((action, index) => ({
        kind: index === 0 ? 'owner_inactive' : 'unpinned',
        action,
        message: `problem ${index}`,
      })),
      generators: [],
    });

    it('denies what a violation denies, naming it as the rule, whatever the rule allowed', () => {
      const decided = tighten(ALLOW, assessment('approval', 'deny'), config.governance);
      assert.deepEqual([decided.effect, decided.ruleId], ['deny', 'governance:unpinned']);
      assert.match(decided.reason, /^Generator customer-report may not touch personal data: problem 0; problem 1\.$/);
    });

    it('never loosens: a rule that denies still denies, and recorded violations change nothing', () => {
      const denied: PolicyDecision = { effect: 'deny', ruleId: 'nobody', approval: undefined, reason: 'no' };
      assert.equal(tighten(denied, assessment('approval'), config.governance), denied);
      assert.equal(tighten(ALLOW, assessment('record'), config.governance), ALLOW);
      assert.equal(tighten(ALLOW, { ...assessment('deny'), enforced: false }, config.governance), ALLOW, 'no personal data: not enforced');
    });

    it("holds an allowed run for governance's approvers, and a held one for both the rule's and governance's", () => {
      const held = tighten(ALLOW, assessment('approval'), config.governance);
      assert.deepEqual([held.effect, held.ruleId, held.approval?.approvers], ['approval', 'governance:owner_inactive', ['dpo']]);
      const rule: PolicyDecision = {
        effect: 'approval',
        ruleId: 'privacy',
        approval: { approvers: ['privacy-office'], quorum: 'any', pendingTtlMs: DAY, validForMs: 3_600_000 },
        reason: 'rule privacy holds it',
      };
      const both = tighten(rule, assessment('approval'), config.governance);
      assert.deepEqual(both.approval, {
        approvers: ['privacy-office', 'dpo'],
        quorum: 'each',
        pendingTtlMs: 2 * 3_600_000,
        validForMs: 30 * 60_000,
      });
    });
  });

  describe('what the directory says of an owner', () => {
    it('active while one live record is active; inactive when deactivated or deleted; unknown when never provisioned', () => {
      assert.equal(directoryStatus([]).status, 'unknown');
      assert.equal(directoryStatus([record('bruno', { active: true })]).status, 'active');
      assert.equal(directoryStatus([record('bruno', { active: false })]).status, 'inactive');
      const deleted = record('bruno', { active: false, deletedAt: '2026-02-01T00:00:00.000Z' });
      assert.deepEqual(directoryStatus([deleted]), { status: 'inactive', since: '2026-02-01T00:00:00.000Z' });
      assert.equal(directoryStatus([deleted, record('bruno', { createdAt: '2', active: true })]).status, 'active', 'provisioned again');
    });
  });

  describe('owners and attestations', () => {
    before(() => open('  attestEvery: 30d\n  scim: {}\n'));

    it('is in order when pinned, owned by an active person, and attested in time', async () => {
      await store.transact(async (tx) => tx.directory.insertUser(record('bruno', { id: 'user-bruno' })));
      assert.deepEqual(await kinds(), []);
      const state = await service.assessGenerator('customer-report');
      assert.equal(state.attestation.dueAt, '2026-03-31T00:00:00.000Z', 'the first period starts when the gateway first saw it registered');
    });

    it('lapses when the owner does not attest within attestEvery; attesting starts a new period', async () => {
      clock.advance(31 * DAY);
      assert.deepEqual(await kinds(), ['attestation_lapsed']);
      await assert.rejects(
        service.attest(person('ana', ['data-engineers']), 'customer-report', {}),
        /Only the owner of customer-report \(bruno\) can attest it/,
      );
      const attested = await service.attest(person('bruno'), 'customer-report', { statement: 'still right' });
      assert.equal(attested.attestation.status, 'current');
      assert.equal(attested.attestation.attestedBy, 'dev:bruno');
    });

    it('orphans the generator when the directory deactivates its owner', async () => {
      await store.transact(async (tx) => {
        await tx.directory.updateUser({ ...record('bruno', { id: 'user-bruno' }), active: false, updatedAt: clock.now().toISOString() });
      });
      assert.deepEqual(await kinds(), ['owner_inactive']);
    });

    it('lets a member of the owner group (by token or by the directory) or an auditor take over; never a pipeline', async () => {
      await assert.rejects(
        service.takeOwnership(person('ana', ['developers']), 'customer-report', { reason: 'me' }),
        /Only a member of data-engineers or an auditor/,
      );
      await assert.rejects(
        service.takeOwnership({ ...person('ci-bot', ['data-engineers']), kind: 'pipeline' }, 'customer-report', { reason: 'ci' }),
        /Only a person can own a generator/,
      );
      await assert.rejects(service.takeOwnership(person('carla', ['privacy-office']), 'customer-report', {}), /Give a reason/);
      // dora is in data-engineers only as far as the directory knows.
      await store.transact(async (tx) => {
        await tx.directory.insertUser(record('dora', { id: 'user-dora' }));
        await tx.directory.insertGroup({
          id: 'g1',
          displayName: 'data-engineers',
          externalId: undefined,
          attributes: {},
          createdAt: '1',
          updatedAt: '1',
        });
        await tx.directory.setMembers('g1', ['user-dora']);
      });
      const taken = await service.takeOwnership(person('dora'), 'customer-report', { reason: 'bruno left' });
      assert.deepEqual([taken.owner?.person, taken.owner?.source, taken.owner?.status], ['dev:dora', 'takeover', 'active']);
      assert.deepEqual(await kinds(), ['attestation_lapsed'], 'a new owner attests first');
      await assert.rejects(
        service.takeOwnership(person('dora'), 'customer-report', { reason: 'again' }),
        /You already own customer-report/,
      );
      await service.attest(person('dora'), 'customer-report', {});
      assert.deepEqual(await kinds(), []);
      const audit = await store.readAudit(0, 1000);
      const taking = audit.find((entry) => entry.type === 'governance.ownership_taken');
      assert.deepEqual(
        [taking?.actor, taking?.data['previousOwner'], taking?.data['as'], taking?.data['reason']],
        ['dev:dora', 'bruno', 'group-member', 'bruno left'],
      );
    });

    it('lets the policy file win again once it names another owner', async () => {
      const text = policy('  attestEvery: 30d\n  scim: {}\n').replace('person: bruno', 'person: edu');
      const file = join(config.baseDir, 'reowned.yaml');
      writeFileSync(file, pinGenerators(text, file, ['customer-report']));
      const reowned = new GovernanceService({ config: loadConfig(file), store });
      const state = await reowned.assessGenerator('customer-report');
      assert.deepEqual([state.owner?.person, state.owner?.source], ['edu', 'policy']);
    });
  });

  describe('definitions', () => {
    before(() => open('  scim: {}\n  violations: { unpinned: approval }\n  approval: { approvers: [privacy-office] }\n', false));

    it('finds an unpinned generator, and refuses an attestation of a definition nobody pinned', async () => {
      const state = await service.assessGenerator('customer-report');
      assert.deepEqual(
        state.violations.map((violation) => [violation.kind, violation.action]),
        [
          ['unpinned', 'approval'],
          ['owner_unknown', 'record'],
        ],
      );
      await assert.rejects(service.attest(person('bruno'), 'customer-report', {}), /is not pinned: review it and pin it/);
    });

    it('matches a raw Studio team to nobody: a violation of its own', async () => {
      const raw = await service.forTeam({ provider: 'autogen_agentchat.teams.RoundRobinGroupChat', label: 'mine' });
      assert.deepEqual([raw.enforced, raw.violations[0]?.kind, raw.violations[0]?.action], [true, 'unregistered_team', 'deny']);
    });
  });

  describe('notifying the privacy office', () => {
    before(() => open('  scim: {}\n  notify: { url: "http://127.0.0.1:9/privacy", secret: env:UNUSED, every: 6h }\n'));

    it('announces an orphaned generator, again every `every` while it lasts, then once that it is back in order', async () => {
      const queued: string[] = [];
      const notifier = new GovernanceNotifier({
        service,
        store,
        everyMs: config.governance.notify?.everyMs ?? 0,
        gatewayUrl: () => 'https://gate.example.test',
        logger: createLogger({ level: 'silent' }),
        onQueued: () => queued.push('poke'),
      });
      const due = async (): Promise<Array<{ event: string; body: Record<string, unknown> }>> =>
        (await store.governance.dueNotifications('9999', 100)).map((n) => ({
          event: n.event,
          body: JSON.parse(n.payload) as Record<string, unknown>,
        }));

      assert.equal(
        await notifier.run(),
        new Date(clock.now().getTime() + 90 * DAY).toISOString(),
        'nothing to say while the owner is unknown (only recorded); it looks again when the attestation falls due',
      );
      assert.deepEqual(await due(), []);
      await deactivate('bruno');
      const next = await notifier.run();
      assert.deepEqual(
        (await due()).map((n) => n.event),
        ['generator.suspended'],
      );
      assert.equal(next, new Date(clock.now().getTime() + 6 * 3_600_000).toISOString());
      const body = (await due())[0]?.body as { generator: { violations: Array<{ kind: string }>; url: string } };
      assert.deepEqual(
        body.generator.violations.map((violation) => violation.kind),
        ['owner_inactive'],
      );
      assert.equal(body.generator.url, 'https://gate.example.test/api/v1/generators/customer-report/governance');

      clock.advance(3_600_000);
      await notifier.run();
      assert.equal((await due()).length, 1, 'not again before `every`');
      clock.advance(6 * 3_600_000);
      await notifier.run();
      assert.deepEqual(
        (await due()).map((n) => n.event),
        ['generator.suspended', 'generator.suspended'],
      );

      await service.takeOwnership(person('carla', ['privacy-office']), 'customer-report', { reason: 'orphaned' });
      await notifier.run();
      assert.equal((await due()).length, 3, 'the condition changed (now: not attested): announced at once');
      await service.attest(person('carla'), 'customer-report', {});
      await notifier.run();
      await notifier.run();
      assert.deepEqual((await due()).map((n) => n.event).slice(-1), ['generator.restored']);
      assert.equal((await due()).length, 4, 'restored once');
      assert.ok(queued.length >= 4);
      const audit = await store.readAudit(0, 1000);
      assert.equal(audit.filter((entry) => entry.type === 'governance.notified').length, 4);
    });
  });
});
