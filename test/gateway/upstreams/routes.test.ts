import { strict as assert } from 'node:assert';
import { GateError } from '../../../gateway/errors.js';
import { canonicalTarget, configuredRoutes, RouteTable } from '../../../gateway/upstreams/routes.js';
import { MODEL_ROUTES } from '../../../gateway/upstreams/openai/routes.js';
import { STUDIO_ROUTES } from '../../../gateway/upstreams/studio/routes.js';

function refused(rest: string): string {
  try {
    canonicalTarget(rest);
  } catch (error) {
    assert.ok(error instanceof GateError);
    assert.equal(error.status, 404);
    return error.message;
  }
  return 'accepted';
}

describe('upstream routes', () => {
  it('serves a kind its own routes only, with named segments and an optional trailing slash', () => {
    const studio = new RouteTable(STUDIO_ROUTES);
    assert.deepEqual(studio.match('GET', '/api/runs/42/messages')?.params, { id: '42' });
    assert.ok(studio.match('GET', '/api/teams/'));
    assert.ok(studio.match('GET', '/api/teams'));
    assert.equal(studio.match('POST', '/api/runs/42'), undefined, 'a method the route does not take');
    assert.equal(studio.match('POST', '/v1/chat/completions'), undefined, 'a model route under a Studio upstream');
    const model = new RouteTable(MODEL_ROUTES);
    assert.ok(model.match('POST', '/v1/chat/completions'));
    assert.equal(model.match('GET', '/api/sessions'), undefined, 'a Studio route under a model upstream');
    assert.equal(model.match('POST', '/V1/chat/completions'), undefined, 'paths are case-sensitive');
    assert.equal(model.match('POST', '/v1/chat/completions/extra'), undefined);
  });

  it('adds configured routes with wildcards', () => {
    const table = new RouteTable(configuredRoutes(['POST /v1/batches', 'GET /v1/files/*'], {}));
    assert.ok(table.match('POST', '/v1/batches'));
    assert.ok(table.match('GET', '/v1/files/abc/content'));
    assert.equal(table.match('GET', '/v1/batches'), undefined);
  });

  it('refuses every spelling a runtime could read differently from the gateway', () => {
    for (const rest of [
      '/api/../v1/chat/completions',
      '/api/./runs',
      '/api//runs',
      '/api/runs%2F42',
      '/api/%2e%2e/x',
      '/api\\runs',
      '/api/runs;x=1',
      '/api/ru ns',
      'api/runs',
    ]) {
      assert.notEqual(refused(rest), 'accepted', rest);
    }
  });

  it('keeps the query apart and decoded', () => {
    const target = canonicalTarget('/api/sessions/?user_id=dev%3Aana&x=1');
    assert.equal(target.path, '/api/sessions/');
    assert.equal(target.query.get('user_id'), 'dev:ana');
  });
});
