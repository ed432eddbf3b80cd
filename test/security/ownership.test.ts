/**
 * Principle 6, ownership everywhere: every Studio route that names a run, a session or a team
 * answers 404 unless Studio's record says the caller owns it (`user_id` is `issuer:subject`),
 * over REST as over the run WebSocket, and list answers hold only the caller's rows even when
 * Studio returns everyone's. The capture Studio is lax on purpose (it ignores `user_id` when
 * reading one row, as Studio's run routes do), so only the gateway stands in the way.
 */
import { strict as assert } from 'node:assert';
import type { StudioRow, StudioRun } from '../support/captureUpstream.js';
import { openRunSocket } from '../support/studioClient.js';
import { assertError, call, read, useGate, type Gate } from './support/gate.js';

const SECRET = 'segredo-do-bruno';

interface Records {
  readonly session: StudioRow;
  readonly run: StudioRun;
  readonly team: StudioRow;
  readonly own: { readonly session: StudioRow; readonly run: StudioRun; readonly team: StudioRow };
}

/**
 * Bruno's session, run (in it) and team, and ana's own, seeded straight into Studio's records;
 * fresh ones for every test, since some attempts change or delete what they reach.
 */
function records(g: Gate): Records {
  const studio = g.capture.studio;
  const session = studio.addSession('dev:bruno', { name: SECRET });
  const run = studio.addRun('dev:bruno', {
    sessionId: session.id,
    task: { content: SECRET, source: 'user' },
    messages: [{ config: { content: SECRET } }],
  });
  const team = studio.addTeam('dev:bruno', { provider: 'autogen_agentchat.teams.RoundRobinGroupChat', label: SECRET, config: {} });
  const ownSession = studio.addSession('dev:ana', { name: 'da ana' });
  const ownRun = studio.addRun('dev:ana', { sessionId: ownSession.id });
  // Someone else's run filed under ana's session: Studio lists it with the session.
  studio.addRun('dev:bruno', { sessionId: ownSession.id, task: { content: SECRET, source: 'user' } });
  studio.addSession('dev:carla', { name: SECRET });
  studio.addTeam('dev:carla', { label: SECRET });
  return { session, run, team, own: { session: ownSession, run: ownRun, team: studio.addTeam('dev:ana') } };
}

interface Attempt {
  readonly label: string;
  readonly method: string;
  readonly path: (r: Records) => string;
  readonly body?: (r: Records) => unknown;
}

/** Routes that name someone else's run, session or team. */
const FOREIGN: readonly Attempt[] = [
  { label: 'read their run', method: 'GET', path: (r) => `/api/runs/${r.run.id}` },
  { label: "read their run's messages", method: 'GET', path: (r) => `/api/runs/${r.run.id}/messages` },
  { label: 'read their run with a trailing slash', method: 'GET', path: (r) => `/api/runs/${r.run.id}/` },
  { label: 'read their run with a leading zero', method: 'GET', path: (r) => `/api/runs/0${r.run.id}` },
  { label: 'read their run with a plus sign', method: 'GET', path: (r) => `/api/runs/+${r.run.id}` },
  { label: "read their run's messages with a leading zero", method: 'GET', path: (r) => `/api/runs/00${r.run.id}/messages` },
  { label: 'read their session', method: 'GET', path: (r) => `/api/sessions/${r.session.id}?user_id=dev:ana` },
  { label: "list their session's runs", method: 'GET', path: (r) => `/api/sessions/${r.session.id}/runs?user_id=dev:ana` },
  {
    label: 'rename their session',
    method: 'PUT',
    path: (r) => `/api/sessions/${r.session.id}?user_id=dev:ana`,
    body: () => ({ name: 'mine now' }),
  },
  { label: 'delete their session', method: 'DELETE', path: (r) => `/api/sessions/${r.session.id}?user_id=dev:ana` },
  {
    label: 'start a run in their session',
    method: 'POST',
    path: () => '/api/runs',
    body: (r) => ({ session_id: r.session.id, user_id: 'dev:ana' }),
  },
  {
    label: 'open a session on their team',
    method: 'POST',
    path: () => '/api/sessions',
    body: (r) => ({ user_id: 'dev:ana', name: 'x', team_id: r.team.id }),
  },
  { label: 'read their team', method: 'GET', path: (r) => `/api/teams/${r.team.id}?user_id=dev:ana` },
  { label: "list their team's agents", method: 'GET', path: (r) => `/api/teams/${r.team.id}/agents` },
  { label: 'link an agent to their team', method: 'POST', path: (r) => `/api/teams/${r.team.id}/agents/7`, body: () => ({}) },
  { label: 'delete their team', method: 'DELETE', path: (r) => `/api/teams/${r.team.id}?user_id=dev:ana` },
  {
    label: 'overwrite their team (upsert with its id)',
    method: 'POST',
    path: () => '/api/teams/',
    body: (r) => ({ id: r.team.id, user_id: 'dev:ana', component: { label: 'mine now' } }),
  },
];

async function attempt(g: Gate, request: Attempt, user = 'ana') {
  const r = records(g);
  return read(
    await call(g, `/proxy/autogen${request.path(r)}`, {
      user,
      method: request.method,
      ...(request.body === undefined ? {} : { body: request.body(r) }),
    }),
  );
}

function rowsOf(body: unknown): Array<Record<string, unknown>> {
  const data = (body as { data?: unknown }).data;
  const rows = Array.isArray(data)
    ? data
    : Array.isArray((data as { runs?: unknown } | undefined)?.runs)
      ? (data as { runs: unknown[] }).runs
      : [];
  return rows as Array<Record<string, unknown>>;
}

describe('security 6: ownership everywhere', function () {
  this.timeout(60_000);
  const gate = useGate();

  describe("someone else's run, session or team is 404, and nothing about it is changed", () => {
    for (const request of FOREIGN) {
      it(`${request.label} (${request.method})`, async () => {
        const g = await gate();
        const mark = g.capture.mark();
        const response = await attempt(g, request);
        assertError(response, 404, 'not_found');
        assert.ok(!response.text.includes(SECRET), 'their data reached the caller');
        const changes = g.capture.since(mark).filter((captured) => captured.method !== 'GET');
        assert.deepEqual(
          changes.map((captured) => `${captured.method} ${captured.target}`),
          [],
          'a change reached Studio',
        );
      });
    }

    it("refuses the run WebSocket of someone else's run with 404", async () => {
      const g = await gate();
      const r = records(g);
      const url = `${g.url.replace(/^http/, 'ws')}/proxy/autogen/api/ws/runs/${r.run.id}?token=${encodeURIComponent(await g.token('ana'))}`;
      const outcome = await openRunSocket(url).then(
        (stream) => (stream.socket.terminate(), { status: 101 }),
        (error: { status?: number }) => error,
      );
      assert.equal(outcome.status, 404, 'the upgrade answer');
    });

    it('answers an unknown run with 404', async () => {
      const g = await gate();
      assertError(await read(await call(g, '/proxy/autogen/api/runs/987654', { user: 'ana' })), 404, 'not_found');
    });
  });

  describe("the caller's own records are served", () => {
    for (const [label, path] of [
      ['their run', (r: Records) => `/api/runs/${r.own.run.id}`],
      ["their run's messages", (r: Records) => `/api/runs/${r.own.run.id}/messages`],
      ['their session', (r: Records) => `/api/sessions/${r.own.session.id}?user_id=dev:ana`],
      ['their team', (r: Records) => `/api/teams/${r.own.team.id}?user_id=dev:ana`],
    ] as const) {
      it(label, async () => {
        const g = await gate();
        const response = await call(g, `/proxy/autogen${path(records(g))}`, { user: 'ana' });
        assert.equal(response.status, 200, await response.text());
      });
    }
  });

  describe("lists hold only the caller's rows, whatever Studio returns", () => {
    for (const [label, path] of [
      ['sessions', () => '/api/sessions?user_id=dev:ana'],
      ['sessions, with someone else named in the query', () => '/api/sessions?user_id=dev:bruno'],
      ['sessions, without user_id', () => '/api/sessions'],
      ['teams', () => '/api/teams/?user_id=dev:ana'],
      ["runs of the caller's session", (r: Records) => `/api/sessions/${r.own.session.id}/runs?user_id=dev:ana`],
    ] as const) {
      it(label, async () => {
        const g = await gate();
        const response = await call(g, `/proxy/autogen${path(records(g))}`, { user: 'ana' });
        const text = await response.text();
        assert.equal(response.status, 200, text);
        const rows = rowsOf(JSON.parse(text));
        assert.ok(rows.length > 0, 'the caller sees their own rows');
        assert.deepEqual(
          rows.filter((row) => row['user_id'] !== 'dev:ana').map((row) => row['user_id']),
          [],
          "someone else's rows reached the caller",
        );
        assert.ok(!text.includes(SECRET), 'their data reached the caller');
      });
    }
  });
});
