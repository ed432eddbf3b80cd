/**
 * The SCIM 2.0 service provider (RFC 7643/7644) over real HTTP, as Entra ID and Okta drive it:
 * bearer auth, discovery, users (create, get, filter, page, replace, PATCH in both IdPs'
 * dialects, delete), groups (members added and removed the ways IdPs send them), SCIM errors,
 * and every change in the audit chain.
 */
import { strict as assert } from 'node:assert';
import { loadScimToken } from '../../../gateway/scim/token.js';
import { startHarness, type Harness } from '../../support/gatewayHarness.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

type Json = Record<string, unknown>;

describe('SCIM 2.0 provisioning (/scim/v2)', function () {
  this.timeout(60_000);
  let harness: Harness;
  let token: string;

  async function scim(
    method: string,
    path: string,
    body?: unknown,
    auth = token,
  ): Promise<{ status: number; body: Json; headers: Headers }> {
    const response = await fetch(`${harness.gateway.url}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Json), headers: response.headers };
  }

  async function createUser(userName: string, extra: Json = {}): Promise<Json> {
    const created = await scim('POST', '/Users', {
      schemas: [USER],
      userName,
      externalId: `ext-${userName}`,
      name: { givenName: userName },
      ...extra,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body;
  }

  before(async () => {
    harness = await startHarness();
    token = loadScimToken(harness.gateway.config).token;
  });
  after(async () => {
    await harness?.stop();
  });

  it('refuses a missing or wrong bearer token with a SCIM error', async () => {
    for (const auth of ['', 'not-the-token']) {
      const refused = await scim('GET', '/Users', undefined, auth);
      assert.equal(refused.status, 401);
      assert.deepEqual(refused.body['schemas'], [ERROR]);
      assert.equal(refused.body['status'], '401');
      assert.equal(refused.headers.get('www-authenticate'), 'Bearer realm="scim"');
    }
  });

  it('describes itself: PATCH and equality filters, two resource types, their schemas', async () => {
    const config = await scim('GET', '/ServiceProviderConfig');
    assert.equal(config.status, 200);
    assert.match(config.headers.get('content-type') ?? '', /^application\/scim\+json/);
    assert.deepEqual(
      [config.body['patch'], config.body['bulk'], config.body['filter']],
      [{ supported: true }, { supported: false, maxOperations: 0, maxPayloadSize: 0 }, { supported: true, maxResults: 200 }],
    );
    const types = await scim('GET', '/ResourceTypes');
    assert.deepEqual(
      (types.body['Resources'] as Json[]).map((type) => [type['id'], type['endpoint'], type['schema']]),
      [
        ['User', '/Users', USER],
        ['Group', '/Groups', GROUP],
      ],
    );
    assert.equal((await scim('GET', '/ResourceTypes/Group')).body['name'], 'Group');
    const schemas = await scim('GET', '/Schemas');
    assert.equal(schemas.body['totalResults'], 2);
    const user = await scim('GET', `/Schemas/${USER}`);
    assert.ok((user.body['attributes'] as Json[]).some((attribute) => attribute['name'] === 'active'));
  });

  it('creates, finds, pages and replaces users; userName is unique case-insensitively; a password is never kept', async () => {
    const created = await createUser('dora', { password: 'hunter2', emails: [{ value: 'dora@example.com', type: 'work', primary: true }] });
    const id = String(created['id']);
    assert.equal(created['active'], true);
    assert.equal(created['password'], undefined);
    assert.equal((created['meta'] as Json)['location'], `${harness.gateway.url}/scim/v2/Users/${id}`);

    const clash = await scim('POST', '/Users', { schemas: [USER], userName: 'DORA' });
    assert.equal(clash.status, 409);
    assert.equal(clash.body['scimType'], 'uniqueness');

    const found = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "Dora"')}`);
    assert.deepEqual([found.body['schemas'], found.body['totalResults']], [[LIST], 1]);
    assert.equal(((found.body['Resources'] as Json[])[0] ?? {})['id'], id);
    const byExternal = await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "ext-dora" and active eq true')}`);
    assert.equal(byExternal.body['totalResults'], 1);

    await createUser('edu');
    await createUser('fabi');
    const page = await scim('GET', '/Users?startIndex=2&count=1');
    assert.equal(page.body['startIndex'], 2);
    assert.equal(page.body['itemsPerPage'], 1);
    assert.ok(Number(page.body['totalResults']) >= 3);

    const replaced = await scim('PUT', `/Users/${id}`, { schemas: [USER], userName: 'dora', displayName: 'Dora Reis', active: true });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body['displayName'], 'Dora Reis');
    assert.equal(replaced.body['emails'], undefined, 'a PUT replaces the whole resource');
  });

  it("deactivates through PATCH in Entra ID's dialect and Okta's, and records it in the audit chain", async () => {
    const entra = String((await createUser('gabi'))['id']);
    const patched = await scim('PATCH', `/Users/${entra}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'gabi@example.com' },
      ],
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body['active'], false);
    assert.deepEqual(patched.body['emails'], [{ type: 'work', value: 'gabi@example.com' }]);

    const okta = String((await createUser('hugo'))['id']);
    const oktaPatched = await scim('PATCH', `/Users/${okta}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    assert.equal(oktaPatched.body['active'], false);

    const audit = await harness.gateway.parts.store.readAudit(0, 10_000);
    const deactivated = audit.filter((entry) => entry.type === 'directory.user_deactivated').map((entry) => entry.data['userName']);
    assert.deepEqual(deactivated, ['gabi', 'hugo']);
    assert.ok(audit.every((entry) => !JSON.stringify(entry.data).includes('hunter2')));
  });

  it('deletes a user (then 404), and the same userName can be provisioned again', async () => {
    const id = String((await createUser('ines'))['id']);
    assert.equal((await scim('DELETE', `/Users/${id}`)).status, 204);
    const gone = await scim('GET', `/Users/${id}`);
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.body['schemas'], [ERROR]);
    assert.equal((await scim('DELETE', `/Users/${id}`)).status, 404);
    const again = await createUser('ines');
    assert.notEqual(again['id'], id);
  });

  it('keeps groups and their members as IdPs change them, and shows each user its groups', async () => {
    const joao = String((await createUser('joao'))['id']);
    const lia = String((await createUser('lia'))['id']);
    const created = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'data-engineers', members: [{ value: joao }] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const group = String(created.body['id']);

    const added = await scim('PATCH', `/Groups/${group}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: lia }] }],
    });
    assert.deepEqual(
      (added.body['members'] as Json[]).map((member) => [member['value'], member['display']]),
      [
        [joao, 'joao'],
        [lia, 'lia'],
      ],
    );
    const user = await scim('GET', `/Users/${lia}`);
    assert.deepEqual(
      (user.body['groups'] as Json[]).map((entry) => entry['display']),
      ['data-engineers'],
    );
    const filtered = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent(`displayName eq "Data-Engineers" and members[value eq "${lia}"]`)}`,
    );
    assert.equal(filtered.body['totalResults'], 1);

    // Okta removes by filtered path, Entra ID by listing the members.
    const removedOkta = await scim('PATCH', `/Groups/${group}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `members[value eq "${joao}"]` }],
    });
    assert.deepEqual(
      (removedOkta.body['members'] as Json[]).map((member) => member['value']),
      [lia],
    );
    const removedEntra = await scim('PATCH', `/Groups/${group}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: lia }] }],
    });
    assert.deepEqual(removedEntra.body['members'], []);

    const standing = await harness.gateway.parts.store.directory.groupStanding('data-engineers');
    assert.deepEqual(standing, { exists: true, activeMembers: 0 });
    assert.equal((await scim('DELETE', `/Groups/${group}`)).status, 204);
    assert.equal((await scim('GET', `/Groups/${group}`)).status, 404);
  });

  it('answers bad requests with the SCIM error an IdP understands', async () => {
    const filter = await scim('GET', `/Users?filter=${encodeURIComponent('userName co "a"')}`);
    assert.deepEqual([filter.status, filter.body['scimType']], [400, 'invalidFilter']);
    assert.match(String(filter.body['detail']), /equality filters only/);
    const member = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'ghosts', members: [{ value: 'no-such-user' }] });
    assert.deepEqual([member.status, member.body['scimType']], [400, 'invalidValue']);
    const noName = await scim('POST', '/Users', { schemas: [USER], displayName: 'Nobody' });
    assert.deepEqual([noName.status, noName.body['scimType']], [400, 'invalidValue']);
    const noSchema = await scim('POST', '/Users', { userName: 'x' });
    assert.deepEqual([noSchema.status, noSchema.body['scimType']], [400, 'invalidSyntax']);
    const badJson = await scim('POST', '/Users', '{"schemas": [');
    assert.equal(badJson.status, 400);
    assert.deepEqual(badJson.body['schemas'], [ERROR]);
    const badPatch = await scim('PATCH', '/Users/whatever', { schemas: [PATCH], Operations: [{ op: 'remove' }] });
    assert.equal(badPatch.status, 404);
    assert.equal((await scim('GET', '/Nothing')).status, 404);
  });
});
