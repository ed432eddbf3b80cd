/**
 * Principle 7, the chain covers every row: a session, a request or response body, a masking
 * event, an approval or a vote deleted or edited directly in the SQLite file is found by
 * `autogen-gate audit verify` and by the auditors' API, which name the row. Each test checks the
 * store verifies before, tampers with one row, checks verification fails naming it, and puts
 * the row back.
 */
import { strict as assert } from 'node:assert';
import type { AuditVerificationView } from '../../gateway/api/wire.js';
import { runCli } from '../support/cli.js';
import { call, useGate, type Gate } from './support/gate.js';
import { sqlitePathOf, withStoreFile, type Row, type StoreFile } from './support/storeFile.js';

const PROMPT = 'Cliente Maria Aparecida dos Santos, CPF 529.982.247-25, e-mail maria.santos@example.com';

interface Fixture {
  /** A model-API session: masked request and response bodies, masking events. */
  readonly proxySession: string;
  /** A generator run session. */
  readonly runSession: string;
  /** A held run nobody decided yet. */
  readonly pendingApproval: string;
  /** An approved run, with the approver's vote. */
  readonly decidedApproval: string;
}

const fixtures = new WeakMap<Gate, Promise<Fixture>>();

async function sessionOf(g: Gate, response: Response): Promise<string> {
  await response.arrayBuffer();
  const requestId = response.headers.get('x-request-id') ?? '';
  return withStoreFile(sqlitePathOf(g.harness.gateway.config), async (file) =>
    String((await file.one('SELECT id FROM sessions WHERE request_id = ?', [requestId]))['id']),
  );
}

async function held(g: Gate): Promise<string> {
  const response = await call(g, '/api/v1/generators/held-report/runs', { user: 'ana', body: { input: { note: PROMPT } } });
  const body = (await response.json()) as { approvalId?: string };
  assert.equal(response.status, 202, JSON.stringify(body));
  return body.approvalId ?? assert.fail('no approval id');
}

function fixture(g: Gate): Promise<Fixture> {
  let found = fixtures.get(g);
  if (!found) {
    found = (async () => {
      const proxySession = await sessionOf(
        g,
        await call(g, '/proxy/model/v1/chat/completions', {
          user: 'ana',
          body: { model: 'demo-echo', messages: [{ role: 'user', content: PROMPT }] },
        }),
      );
      const runSession = await sessionOf(
        g,
        await call(g, '/api/v1/generators/http-report/runs', { user: 'ana', body: { input: { note: PROMPT } } }),
      );
      const pendingApproval = await held(g);
      const decidedApproval = await held(g);
      const decision = await call(g, `/api/v1/approvals/${decidedApproval}/decision`, {
        user: 'carla',
        body: { decision: 'approve', reason: 'Finalidade conferida.' },
      });
      assert.equal(decision.status, 200, await decision.text());
      return { proxySession, runSession, pendingApproval, decidedApproval };
    })();
    fixtures.set(g, found);
  }
  return found;
}

/** Puts the store file back as it was. */
type Undo = (file: StoreFile) => Promise<void>;

async function verify(g: Gate): Promise<AuditVerificationView> {
  const response = await call(g, '/api/v1/audit/verify', { user: 'carla' });
  assert.equal(response.status, 200);
  return (await response.json()) as AuditVerificationView;
}

/** Tampers with the store (returning how to undo it), checks verification names one of `names`, undoes it. */
async function assertFound(g: Gate, names: readonly string[], tamper: (file: StoreFile) => Promise<Undo>): Promise<void> {
  const before = await verify(g);
  assert.equal(before.ok, true, `the store did not verify before tampering: ${JSON.stringify(before.problems.slice(0, 3))}`);
  const path = sqlitePathOf(g.harness.gateway.config);
  const undo = await withStoreFile(path, tamper);
  try {
    const after = await verify(g);
    assert.equal(after.ok, false, 'verification missed the change');
    const named = after.problems.some((problem) => names.some((name) => problem.sessionId === name || problem.message.includes(name)));
    assert.ok(named, `no problem names ${names.join(' or ')}: ${JSON.stringify(after.problems.slice(0, 5))}`);
  } finally {
    await withStoreFile(path, undo);
  }
}

/** Deletes the rows `where` selects, returning how to put them back. */
async function deleteRows(file: StoreFile, table: string, where: string, params: readonly unknown[]): Promise<Undo> {
  const rows = await file.all(`SELECT * FROM ${table} WHERE ${where}`, params);
  assert.ok(rows.length > 0, `nothing to delete in ${table}`);
  await file.run(`DELETE FROM ${table} WHERE ${where}`, params);
  return async (restore) => {
    for (const row of rows) await restore.insert(table, row);
  };
}

/** Sets one column of the rows `where` selects, returning how to set it back. */
async function editColumn(
  file: StoreFile,
  table: string,
  column: string,
  edit: (value: unknown) => unknown,
  where: string,
  params: readonly unknown[],
): Promise<Undo> {
  const rows: Row[] = await file.all(`SELECT rowid AS row_id, ${column} AS value FROM ${table} WHERE ${where}`, params);
  assert.ok(rows.length > 0, `nothing to edit in ${table}`);
  for (const row of rows) await file.run(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`, [edit(row['value']), row['row_id']]);
  return async (restore) => {
    for (const row of rows) await restore.run(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`, [row['value'], row['row_id']]);
  };
}

function replaceText(from: RegExp, to: string): (value: unknown) => unknown {
  return (value) => {
    const text = String(value);
    const edited = text.replace(from, to);
    assert.notEqual(edited, text, `nothing matched ${String(from)} in ${text.slice(0, 200)}`);
    return edited;
  };
}

async function approvalSession(g: Gate, approvalId: string): Promise<string> {
  return withStoreFile(sqlitePathOf(g.harness.gateway.config), async (file) =>
    String((await file.one('SELECT session_id FROM approvals WHERE id = ?', [approvalId]))['session_id']),
  );
}

describe('security 7: the chain covers every row', function () {
  this.timeout(60_000);
  const gate = useGate();

  describe('sessions', () => {
    it('a deleted proxy session row is named', async () => {
      const g = await gate();
      const { proxySession } = await fixture(g);
      await assertFound(g, [proxySession], (file) => deleteRows(file, 'sessions', 'id = ?', [proxySession]));
    });

    it('a deleted generator-run session row is named', async () => {
      const g = await gate();
      const { runSession } = await fixture(g);
      await assertFound(g, [runSession], (file) => deleteRows(file, 'sessions', 'id = ?', [runSession]));
    });

    it('an edited response body is named', async () => {
      const g = await gate();
      const { proxySession } = await fixture(g);
      await assertFound(g, [proxySession], (file) =>
        editColumn(file, 'sessions', 'response_json', replaceText(/\[CPF\]/, 'ok'), 'id = ?', [proxySession]),
      );
    });

    it('an edited generator result is named', async () => {
      const g = await gate();
      const { runSession } = await fixture(g);
      await assertFound(g, [runSession], (file) =>
        editColumn(file, 'sessions', 'response_json', replaceText(/generated/, 'edited'), 'id = ?', [runSession]),
      );
    });

    it('an edited request body is named', async () => {
      const g = await gate();
      const { proxySession } = await fixture(g);
      await assertFound(g, [proxySession], (file) =>
        editColumn(file, 'sessions', 'request_json', replaceText(/demo-echo/, 'gpt-4o'), 'id = ?', [proxySession]),
      );
    });

    it('an edited caller identity is named', async () => {
      const g = await gate();
      const { runSession } = await fixture(g);
      await assertFound(g, [runSession], (file) =>
        editColumn(file, 'sessions', 'identity_json', replaceText(/developers/, 'privacy-office'), 'id = ?', [runSession]),
      );
    });

    it('an edited upstream status is named', async () => {
      const g = await gate();
      const { proxySession } = await fixture(g);
      await assertFound(g, [proxySession], (file) => editColumn(file, 'sessions', 'upstream_status', () => 503, 'id = ?', [proxySession]));
    });

    it('an edited masking summary is named', async () => {
      const g = await gate();
      const { proxySession } = await fixture(g);
      await assertFound(g, [proxySession], (file) => editColumn(file, 'sessions', 'masking_json', () => '{}', 'id = ?', [proxySession]));
    });
  });

  describe('masking events', () => {
    // A write's events are one row since migration 008, a JSON array: an event is edited or deleted inside it.
    const FIRST_BATCH = 'session_id = ? AND first_seq = (SELECT MIN(first_seq) FROM masking_batches WHERE session_id = ?)';
    const editEvents =
      (edit: (events: Array<Record<string, unknown>>) => Array<Record<string, unknown>>) =>
      (value: unknown): unknown =>
        JSON.stringify(edit(JSON.parse(String(value)) as Array<Record<string, unknown>>));

    it('an edited masking event is named', async () => {
      const g = await gate();
      const { proxySession } = await fixture(g);
      await assertFound(g, [proxySession], (file) =>
        editColumn(
          file,
          'masking_batches',
          'events_json',
          editEvents(([first, ...rest]) => [{ ...first, detector: 'email' }, ...rest]),
          FIRST_BATCH,
          [proxySession, proxySession],
        ),
      );
    });

    it('a deleted masking event is named', async () => {
      const g = await gate();
      const { proxySession } = await fixture(g);
      await assertFound(g, [proxySession], (file) =>
        editColumn(
          file,
          'masking_batches',
          'events_json',
          editEvents((events) => events.slice(1)),
          FIRST_BATCH,
          [proxySession, proxySession],
        ),
      );
    });

    it("an edited masking event's HMAC is named", async () => {
      const g = await gate();
      const { runSession } = await fixture(g);
      await assertFound(g, [runSession], (file) =>
        editColumn(
          file,
          'masking_batches',
          'events_json',
          editEvents((events) =>
            events.map((event) => ({ ...event, hmac: String(event['hmac']).replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) })),
          ),
          'session_id = ?',
          [runSession],
        ),
      );
    });
  });

  describe('approvals', () => {
    const cases: ReadonlyArray<readonly [string, 'pendingApproval' | 'decidedApproval', (file: StoreFile, id: string) => Promise<Undo>]> = [
      ['a deleted approval', 'pendingApproval', (file, id) => deleteRows(file, 'approvals', 'id = ?', [id])],
      [
        "an edited approval's approver list",
        'pendingApproval',
        (file, id) => editColumn(file, 'approvals', 'approvers_json', replaceText(/privacy-office/, 'developers'), 'id = ?', [id]),
      ],
      [
        "an edited approval's status",
        'decidedApproval',
        (file, id) => editColumn(file, 'approvals', 'status', () => 'denied', 'id = ?', [id]),
      ],
      [
        "an edited vote's reason",
        'decidedApproval',
        (file, id) => editColumn(file, 'approval_votes', 'reason', () => 'Sem finalidade.', 'approval_id = ?', [id]),
      ],
      ['a deleted vote', 'decidedApproval', (file, id) => deleteRows(file, 'approval_votes', 'approval_id = ?', [id])],
    ];
    for (const [label, which, tamper] of cases) {
      it(`${label} is named`, async () => {
        const g = await gate();
        const approvalId = (await fixture(g))[which];
        const session = await approvalSession(g, approvalId);
        await assertFound(g, [approvalId, session], (file) => tamper(file, approvalId));
      });
    }
  });

  it('`autogen-gate audit verify` fails and names a deleted session row', async () => {
    const g = await gate();
    const { runSession } = await fixture(g);
    const path = sqlitePathOf(g.harness.gateway.config);
    const clean = await runCli(['audit', 'verify', '--config', g.harness.policyPath]);
    assert.equal(clean.code, 0, `the store did not verify before tampering: ${clean.stdout}${clean.stderr}`);
    const undo = await withStoreFile(path, (file) => deleteRows(file, 'sessions', 'id = ?', [runSession]));
    try {
      const result = await runCli(['audit', 'verify', '--config', g.harness.policyPath]);
      assert.notEqual(result.code, 0, `verify passed: ${result.stdout}`);
      assert.ok(
        `${result.stdout}${result.stderr}`.includes(runSession),
        `the output does not name ${runSession}: ${result.stdout}${result.stderr}`,
      );
    } finally {
      await withStoreFile(path, undo);
    }
  });
});
