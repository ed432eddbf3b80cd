import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevStateStore } from '../../../gateway/dev/idp/stateStore.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

describe('dev IdP state store', () => {
  let dir: string;
  let path: string;
  let now: number;
  const clock = (): number => now;

  beforeEach(() => {
    dir = makeTempDir();
    path = join(dir, 'state.json');
    now = Date.UTC(2026, 10, 25, 12, 0, 0);
  });

  afterEach(() => {
    removeDir(dir);
  });

  it('persists what the adapters write, atomically and owner-only, and reads it back', async () => {
    const store = DevStateStore.open(path, undefined, clock);
    await store.adapterFactory('Session').upsert('s1', { uid: 'u1', accountId: 'ana' }, 3600);
    await store.adapterFactory('RefreshToken').upsert('r1', { grantId: 'g1', accountId: 'ana' }, 3600);
    await store.flush();
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['state.json'], 'no temporary file left behind');
    await store.close();

    const reopened = DevStateStore.open(path, undefined, clock);
    assert.deepEqual(await reopened.adapterFactory('Session').findByUid('u1'), { uid: 'u1', accountId: 'ana' });
    assert.deepEqual(await reopened.adapterFactory('RefreshToken').find('r1'), { grantId: 'g1', accountId: 'ana' });
    assert.equal(await reopened.adapterFactory('Session').find('r1'), undefined, 'models do not see each other');
  });

  it('forgets entries once they expire, in memory and on load', async () => {
    const store = DevStateStore.open(path, undefined, clock);
    const codes = store.adapterFactory('DeviceCode');
    await codes.upsert('short', { userCode: 'BCDFGHJK' }, 60);
    await codes.upsert('long', { userCode: 'LMNPQRST' }, 3600);
    await store.close();
    now += 120_000;
    assert.equal(await codes.find('short'), undefined);
    assert.equal(await codes.findByUserCode('BCDFGHJK'), undefined);

    const reopened = DevStateStore.open(path, undefined, clock);
    assert.equal(reopened.size, 1);
    assert.deepEqual(await reopened.adapterFactory('DeviceCode').findByUserCode('LMNPQRST'), { userCode: 'LMNPQRST' });
  });

  it('consumes, destroys and revokes by grant within one model', async () => {
    const store = DevStateStore.open(path, undefined, clock);
    const refresh = store.adapterFactory('RefreshToken');
    const access = store.adapterFactory('AccessToken');
    await refresh.upsert('a', { grantId: 'g1' }, 3600);
    await refresh.upsert('b', { grantId: 'g2' }, 3600);
    await access.upsert('c', { grantId: 'g1' }, 3600);

    await refresh.consume('b');
    assert.equal(typeof (await refresh.find('b'))?.consumed, 'number');

    await refresh.revokeByGrantId('g1');
    assert.equal(await refresh.find('a'), undefined);
    assert.ok(await refresh.find('b'));
    assert.ok(await access.find('c'), 'revocation is per model; oidc-provider calls each');

    await refresh.destroy('b');
    assert.equal(await refresh.find('b'), undefined);
    await store.close();
    assert.deepEqual(Object.keys((JSON.parse(readFileSync(path, 'utf8')) as { entries: object }).entries), ['AccessToken:c']);
  });

  it('hands out copies, so changing a found payload does not change the store', async () => {
    const store = DevStateStore.open(path, undefined, clock);
    const sessions = store.adapterFactory('Session');
    await sessions.upsert('s', { uid: 'u', authorizations: { cli: { grantId: 'g' } } }, 3600);
    const found = await sessions.find('s');
    assert.ok(found?.authorizations);
    found.authorizations['cli'] = { grantId: 'changed' };
    assert.deepEqual((await sessions.find('s'))?.authorizations, { cli: { grantId: 'g' } });
    await store.close();
  });

  it('sets an unreadable file aside and starts empty', async () => {
    writeFileSync(path, '{ not json');
    const store = DevStateStore.open(path, undefined, clock);
    assert.equal(store.size, 0);
    assert.ok(existsSync(`${path}.corrupt-${now}`));
    await store.adapterFactory('Grant').upsert('g', { accountId: 'ana' }, 60);
    await store.close();
    assert.ok(existsSync(path));
  });
});
