/**
 * The governance part of the store contract, run against every engine (SQLite and a real
 * PostgreSQL): the directory SCIM provisions (case-insensitive live userNames, tombstones, group
 * members and a group's standing), what happened to each generator (first seen, ownership,
 * attestation, notified state), the privacy office's outbox, and what the register reads.
 */
import { strict as assert } from 'node:assert';
import type { NewDirectoryUser } from '../../../gateway/directory/types.js';
import { ENGINES, type EngineFixture } from './engines.js';
import { newApproval, newSession, T0 } from './builders.js';

const AT = new Date(T0).toISOString();

function user(id: string, userName: string, overrides: Partial<NewDirectoryUser> = {}): NewDirectoryUser {
  return {
    id,
    userName,
    externalId: `ext-${id}`,
    displayName: userName,
    active: true,
    attributes: { emails: [{ value: `${userName.toLowerCase()}@example.com.br`, primary: true }] },
    createdAt: new Date(T0 + Number(id.replace(/\D/g, '') || 0) * 1000).toISOString(),
    updatedAt: AT,
    ...overrides,
  };
}

for (const engine of ENGINES) {
  describe(`governance store on ${engine.name}`, () => {
    let db: EngineFixture;

    beforeEach(async () => {
      db = await engine.open();
    });
    afterEach(async () => {
      await db.close();
    });

    it('keeps userNames unique among live users regardless of case, and a deleted user as a tombstone', async () => {
      const { store } = db;
      await store.transact(async (tx) => {
        await tx.directory.insertUser(user('u1', 'Bruno'));
        await tx.directory.insertUser(user('u2', 'ana', { active: false }));
      });
      await assert.rejects(
        store.transact((tx) => tx.directory.insertUser(user('u3', 'BRUNO'))),
        'a second live BRUNO is refused',
      );
      const found = await store.directory.users({ userName: 'bruno' }, 1, 10);
      assert.equal(found.total, 1);
      assert.deepEqual(found.items[0]?.attributes, { emails: [{ value: 'bruno@example.com.br', primary: true }] });
      assert.equal(found.items[0]?.active, true);
      assert.deepEqual(
        (await store.directory.users({ active: false }, 1, 10)).items.map((u) => u.userName),
        ['ana'],
      );

      await store.transact(async (tx) => assert.equal(await tx.directory.deleteUser('u1', AT), true));
      assert.equal(await store.directory.user('u1'), undefined, 'a tombstone is not a live user');
      const named = await store.directory.usersNamed(['BRUNO']);
      assert.equal(named.length, 1);
      assert.equal(named[0]?.deletedAt, AT, 'deleted by the IdP, not never provisioned');
      assert.equal(named[0]?.active, false);
      await store.transact((tx) => tx.directory.insertUser(user('u4', 'bruno')));
      assert.equal((await store.directory.users({ userName: 'Bruno' }, 1, 10)).items[0]?.id, 'u4', 'the name is free again');
      await store.transact(async (tx) => assert.equal(await tx.directory.updateUser(user('u1', 'bruno.old')), false));
    });

    it('pages users SCIM-style (1-based start, total of all matches)', async () => {
      const { store } = db;
      await store.transact(async (tx) => {
        for (let i = 1; i <= 5; i++) await tx.directory.insertUser(user(`u${i}`, `person${i}`));
      });
      const page = await store.directory.users({}, 2, 2);
      assert.equal(page.total, 5);
      assert.deepEqual(
        page.items.map((u) => u.id),
        ['u2', 'u3'],
      );
      assert.deepEqual((await store.directory.users({}, 1, 0)).items, [], 'count=0 only counts');
    });

    it('sets group members, lists a user groups, and counts a group active members', async () => {
      const { store } = db;
      await store.transact(async (tx) => {
        await tx.directory.insertUser(user('u1', 'bruno'));
        await tx.directory.insertUser(user('u2', 'carla'));
        await tx.directory.insertUser(user('u3', 'davi', { active: false }));
        await tx.directory.insertGroup({
          id: 'g1',
          displayName: 'Data-Engineers',
          externalId: undefined,
          attributes: {},
          createdAt: AT,
          updatedAt: AT,
        });
        await tx.directory.setMembers('g1', ['u2', 'u1', 'u3', 'u1']);
      });
      assert.deepEqual(await store.directory.members('g1'), ['u2', 'u1', 'u3'], 'in the order they were added, once each');
      assert.deepEqual(
        (await store.directory.groupsOf('u1')).map((g) => g.displayName),
        ['Data-Engineers'],
      );
      assert.deepEqual(
        (await store.directory.groups({ member: 'u2' }, 1, 10)).items.map((g) => g.id),
        ['g1'],
      );
      assert.deepEqual(await store.directory.groupStanding('data-engineers'), { exists: true, activeMembers: 2 });

      await store.transact(async (tx) => {
        await tx.directory.deleteUser('u1', AT);
        await tx.directory.updateUser(user('u2', 'carla', { active: false }));
      });
      assert.deepEqual(await store.directory.members('g1'), ['u2', 'u3'], 'a deleted user leaves every group');
      assert.deepEqual(await store.directory.groupStanding('DATA-ENGINEERS'), { exists: true, activeMembers: 0 });
      await store.transact(async (tx) => assert.equal(await tx.directory.deleteGroup('g1'), true));
      assert.deepEqual(await store.directory.groupStanding('data-engineers'), { exists: false, activeMembers: 0 });
    });

    it('records a generator once, then its ownership, attestation and what the privacy office was told', async () => {
      const { store } = db;
      await store.transact(async (tx) => {
        assert.equal(await tx.governance.register('customer-report', AT), true);
        assert.equal(await tx.governance.register('customer-report', '2027-01-01T00:00:00.000Z'), false);
        await tx.governance.setAttestation('customer-report', {
          at: AT,
          by: 'dev:bruno',
          byName: 'Bruno',
          definitionHash: 'sha256:' + 'a'.repeat(64),
          statement: 'purpose and basis still hold',
        });
      });
      assert.equal((await store.governance.record('customer-report'))?.attestation?.by, 'dev:bruno');
      const later = new Date(T0 + 60_000).toISOString();
      await store.transact(async (tx) => {
        await tx.governance.setOwnership('customer-report', {
          principal: 'dev:carla',
          username: 'carla',
          name: 'Carla',
          replaces: 'bruno',
          at: later,
          reason: 'bruno left the company',
        });
        await tx.governance.setNotified('customer-report', later, 'owner_inactive');
      });
      const record = await store.governance.record('customer-report');
      assert.equal(record?.registeredAt, AT, 'first seen stays');
      assert.equal(record?.ownership?.principal, 'dev:carla');
      assert.equal(record?.attestation, undefined, 'a new owner has not attested yet');
      assert.equal(record?.notifiedState, 'owner_inactive');
      assert.deepEqual(
        (await store.governance.records()).map((r) => r.generator),
        ['customer-report'],
      );
    });

    it('delivers the privacy office outbox in due order and keeps the outcome of each attempt', async () => {
      const { store } = db;
      const soon = new Date(T0 + 1000).toISOString();
      const later = new Date(T0 + 5000).toISOString();
      await store.transact(async (tx) => {
        await tx.governance.enqueueNotification({
          id: 'n2',
          generator: 'b',
          event: 'generator.orphaned',
          payload: '{"b":1}',
          createdAt: AT,
          nextAttemptAt: later,
        });
        await tx.governance.enqueueNotification({
          id: 'n1',
          generator: 'a',
          event: 'generator.lapsed',
          payload: '{"a":1}',
          createdAt: AT,
          nextAttemptAt: soon,
        });
      });
      assert.equal(await store.governance.nextNotificationAt(), soon);
      assert.deepEqual(
        (await store.governance.dueNotifications(soon, 10)).map((n) => [n.id, n.status, n.attempts]),
        [['n1', 'pending', 0]],
      );
      await store.transact((tx) =>
        tx.governance.updateNotification('n1', {
          status: 'delivered',
          attempts: 1,
          nextAttemptAt: soon,
          lastError: undefined,
          payload: '{"a":2}',
          at: soon,
        }),
      );
      const due = await store.governance.dueNotifications(later, 10);
      assert.deepEqual(
        due.map((n) => n.id),
        ['n2'],
        'a delivered one is not due again',
      );
      assert.equal(await store.governance.nextNotificationAt(), later);
    });

    it('reads the sessions and approvals of a period for the register', async () => {
      const { store } = db;
      await store.transact(async (tx) => {
        await tx.insertSession(newSession('s1', { generator: 'customer-report' }));
        await tx.insertSession(newSession('s2', { kind: 'proxy', generator: undefined, status: 'pending_approval' }));
        await tx.addMaskingSummary('s1', { profile: 'lgpd', count: 3, byDetector: { name: 2, address: 1 } });
        await tx.approvals.insert(newApproval('a1', 's2', tx.now));
      });
      const from = new Date(T0).toISOString();
      const to = new Date(T0 + 86_400_000).toISOString();
      const rows = await store.register.processing(from, to, '', 10);
      assert.deepEqual(
        rows.map((r) => [r.id, r.kind, r.generator, r.principal, r.identityKind, r.forwarded]),
        [
          ['s1', 'run', 'customer-report', 'dev:ana', 'person', false],
          ['s2', 'proxy', undefined, 'dev:ana', 'person', false],
        ],
      );
      assert.deepEqual(rows[0]?.maskedByDetector, { name: 2, address: 1 });
      assert.deepEqual(
        (await store.register.processing(from, to, 's1', 10)).map((r) => r.id),
        ['s2'],
      );
      assert.deepEqual(await store.register.processing(to, to, '', 10), []);
      assert.deepEqual(await store.register.approvalStatuses(new Date(0).toISOString(), '9999-12-31T00:00:00.000Z'), [
        { generator: 'customer-report', status: 'pending' },
      ]);
    });
  });
}
