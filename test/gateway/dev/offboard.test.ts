/**
 * Offboarding in the dev IdP: the admin page and `autogen-gate dev-offboard` deactivate an
 * account (no more sign-ins, across restarts) and push it to the gateway's SCIM endpoint the way
 * a company IdP does (look up by userName, create or PATCH `active`); reactivating undoes both.
 * The page's form cannot be forged from another site; the CLI needs the admin secret.
 */
import { strict as assert } from 'node:assert';
import type { ServerResponse } from 'node:http';
import { runCli } from '../../support/cli.js';
import { startTestIdp, type TestIdp } from '../../support/devIdp.js';
import { startTestUpstream, type ReceivedRequest, type TestUpstream } from '../../support/httpUpstream.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

/** A SCIM endpoint that knows the users it was sent, enough to watch what the dev IdP pushes. */
function fakeScim(): {
  handler: (request: ReceivedRequest, response: ServerResponse) => void;
  users: Map<string, Record<string, unknown>>;
} {
  const users = new Map<string, Record<string, unknown>>();
  const send = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/scim+json' }).end(JSON.stringify(body));
  };
  return {
    users,
    handler: (request, response) => {
      if (request.headers.authorization !== 'Bearer scim-token-for-tests') return send(response, 401, { detail: 'bad token' });
      const url = new URL(request.url, 'http://scim');
      if (request.method === 'GET') {
        const name = /userName eq "([^"]+)"/.exec(url.searchParams.get('filter') ?? '')?.[1];
        const found = [...users.values()].filter((user) => user['userName'] === name);
        return send(response, 200, { totalResults: found.length, Resources: found });
      }
      if (request.method === 'POST') {
        const user = { ...(JSON.parse(request.body) as Record<string, unknown>), id: `id-${users.size + 1}` };
        users.set(String(user['id']), user);
        return send(response, 201, user);
      }
      const id = url.pathname.split('/').pop() ?? '';
      const patch = JSON.parse(request.body) as { Operations: Array<{ path: string; value: unknown }> };
      const user = users.get(id);
      if (!user) return send(response, 404, { detail: 'no such user' });
      for (const operation of patch.Operations) user[operation.path] = operation.value;
      return send(response, 200, user);
    },
  };
}

function formToken(html: string): string {
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the page carries its form token');
  return token;
}

describe('dev IdP: offboarding', function () {
  this.timeout(30_000);
  let dir: string;
  let idp: TestIdp;
  let scim: TestUpstream;
  const fake = fakeScim();
  let target: { scimUrl: string; token: string } | undefined;

  async function admin(form: Record<string, string>): Promise<Response> {
    return fetch(`${idp.issuer}/admin/offboard`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  before(async () => {
    dir = makeTempDir('autogen-gate-offboard-');
    scim = await startTestUpstream(fake.handler);
    target = { scimUrl: `${scim.url}/scim/v2`, token: 'scim-token-for-tests' };
    idp = await startTestIdp(dir, { provisioning: () => target });
  });
  after(async () => {
    await idp?.close();
    await scim?.close();
    removeDir(dir);
  });

  it('lists the people with an action each, on a page whose forms another site cannot forge', async () => {
    const page = await fetch(`${idp.issuer}/admin`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await page.text();
    assert.match(html, /data-page="admin"/);
    for (const user of ['ana', 'bruno', 'carla']) assert.match(html, new RegExp(`<tr data-user="${user}" data-active="true">`));
    assert.doesNotMatch(html, /data-user="ci-bot"/, 'pipelines are not offboarded here');
    assert.match(html, new RegExp(`SCIM endpoint: <code>${scim.url}/scim/v2</code>`));
    const forged = await admin({ token: 'guessed', user: 'ana', action: 'offboard' });
    assert.equal(forged.status, 403);
    assert.ok(await idp.tokens('ana'), 'nothing happened');
  });

  it('offboards from the page: no more sign-ins, and the gateway is told (created, since it never saw ana)', async () => {
    const token = formToken(await (await fetch(`${idp.issuer}/admin`)).text());
    const done = await admin({ token, user: 'ana', action: 'offboard' });
    assert.equal(done.status, 200);
    const html = await done.text();
    assert.match(html, /ana is offboarded in the dev IdP; the gateway was told over SCIM \(created\)\./);
    assert.match(html, /<tr data-user="ana" data-active="false">/);
    await assert.rejects(idp.tokens('ana'), /offboarded/);
    const pushed = [...fake.users.values()].find((user) => user['userName'] === 'ana');
    assert.deepEqual([pushed?.['active'], pushed?.['externalId'], pushed?.['displayName']], [false, 'ana', 'Ana Souza']);
    assert.deepEqual(
      scim.received.map((request) => `${request.method} ${decodeURIComponent(request.url)}`),
      ['GET /scim/v2/Users?filter=userName eq "ana"', 'POST /scim/v2/Users'],
    );
  });

  it('stays offboarded across a restart; reactivating PATCHes active back', async () => {
    await idp.restart();
    await assert.rejects(idp.tokens('ana'), /offboarded/);
    const token = formToken(await (await fetch(`${idp.issuer}/admin`)).text());
    const html = await (await admin({ token, user: 'ana', action: 'reactivate' })).text();
    assert.match(html, /ana is active again in the dev IdP; the gateway was told over SCIM \(updated\)\./);
    assert.ok(await idp.tokens('ana'));
    assert.equal(scim.received[scim.received.length - 1]?.method, 'PATCH');
    assert.deepEqual(JSON.parse(scim.received[scim.received.length - 1]?.body ?? '{}'), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: true }],
    });
  });

  it('offboards from the command line with the admin secret, and says so when the gateway could not be told', async () => {
    const result = await runCli(['dev-offboard', '--user', 'carla', '--issuer', idp.issuer, '--data-dir', dir], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'carla offboarded in the dev IdP.\nThe gateway was told over SCIM (user id-2, created).\n');

    target = undefined;
    const untold = await runCli(['dev-offboard', '--user', 'carla', '--reactivate', '--issuer', idp.issuer, '--data-dir', dir], {
      cwd: dir,
    });
    assert.equal(untold.code, 1);
    assert.equal(untold.stdout, 'carla reactivated in the dev IdP.\n');
    assert.match(untold.stderr, /the gateway was NOT told: the gateway serves no SCIM endpoint \(governance\.scim\)/);
  });

  it('refuses production, unknown people, and a caller without the admin secret', async () => {
    const production = await runCli(['dev-offboard', '--user', 'bruno', '--issuer', idp.issuer, '--data-dir', dir], {
      cwd: dir,
      env: { NODE_ENV: 'production' },
    });
    assert.equal(production.code, 1);
    assert.match(production.stderr, /refuses to run with NODE_ENV=production/);
    const unknown = await runCli(['dev-offboard', '--user', 'ci-bot', '--issuer', idp.issuer], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /the dev people are ana, bruno, carla/);
    const empty = makeTempDir('autogen-gate-no-secret-');
    const noSecret = await runCli(['dev-offboard', '--user', 'bruno', '--issuer', idp.issuer, '--data-dir', empty], { cwd: dir });
    removeDir(empty);
    assert.match(noSecret.stderr, /no admin secret under .*dev-idp: start the dev IdP/);
    const wrong = await fetch(`${idp.issuer}/admin/offboard`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'bruno' }),
    });
    assert.equal(wrong.status, 401);
  });
});
