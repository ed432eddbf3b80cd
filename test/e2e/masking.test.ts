/**
 * Masking in the request path (issue 3, end to end): the demo runtime's customer report, run
 * through the gateway under a policy that allows it, comes back with no personal data of the
 * demo customers in clear, the SQLite file holds none of it either, and the session's masking
 * events list what was masked with keyed hashes.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunView, SessionDetailView } from '../../gateway/api/wire.js';
import { demoCustomers } from '../../gateway/dev/demoRuntime/demoData.js';
import { startHarness, type Harness } from '../support/gatewayHarness.js';
import { sqliteFileOf } from '../support/storeFile.js';

describe('masking in the request path, end to end', function () {
  this.timeout(60_000);
  let harness: Harness;

  before(async () => {
    // The shipped demo policy, with bruno's approval requirement replaced by a plain allow.
    harness = await startHarness({
      editPolicy: (policy) =>
        policy.replace(
          /decision: approval\n\s+approval:\n\s+approvers: \[privacy-office\]\n\s+quorum: any\n\s+pendingTtl: 24h\n\s+validFor: 1h/,
          'decision: allow',
        ),
    });
  });
  after(async () => {
    await harness.stop();
  });

  it('returns the customer report with every name, CPF, address, phone and e-mail masked, and records proof of each', async () => {
    const response = await harness.call('/api/v1/generators/customer-report/runs', {
      user: 'bruno',
      method: 'POST',
      body: JSON.stringify({ input: { month: 'novembro de 2026' } }),
    });
    assert.equal(response.status, 200);
    const run = (await response.json()) as RunView;
    const text = run.result?.text ?? '';
    const everything = JSON.stringify(run);
    assert.match(text, /# Relatório de clientes — novembro de 2026/, 'the report is still a report');

    const customers = demoCustomers(6);
    for (const customer of customers) {
      for (const value of [
        customer.nome,
        customer.cpf,
        customer.cpf.replace(/\D/g, ''),
        customer.email,
        customer.telefone,
        customer.endereco,
      ]) {
        assert.ok(!everything.includes(value), `"${value}" left the gateway in clear`);
      }
    }

    const session = (await (await harness.call(`/api/v1/sessions/${run.runId}`, { user: 'bruno' })).json()) as SessionDetailView;
    const detectors = new Set(session.maskingEvents.map((event) => event.detector));
    for (const kind of ['cpf', 'name', 'address', 'email', 'phone'])
      assert.ok(detectors.has(kind), `no ${kind} masking event (got ${[...detectors].join(', ')})`);
    for (const event of session.maskingEvents) {
      assert.match(event.hmac, /^[0-9a-f]{64}$/);
      assert.ok(event.keyId.length > 0);
      for (const occurrence of event.occurrences) assert.ok(occurrence.location.startsWith('result:/'), occurrence.location);
      assert.equal(event.occurrences.length, Math.min(event.count, 64));
    }
    // One row per distinct value, each counting its occurrences: the counts add up to every masked value.
    const occurrences = session.maskingEvents.reduce((sum, event) => sum + event.count, 0);
    assert.equal(session.masking.count, occurrences);
    assert.equal(run.masking.count, occurrences);
    assert.equal(
      new Set(session.maskingEvents.map((event) => `${event.detector}/${event.hmac}/${event.replacement}`)).size,
      session.maskingEvents.length,
    );

    // The store never saw the originals: scan the database file and its WAL byte for byte.
    await harness.gateway.close();
    const dbDir = dirname(sqliteFileOf(harness.gateway.config.store));
    const bytes = readdirSync(dbDir)
      .filter((file) => file.startsWith('autogen-gate.db'))
      .map((file) => readFileSync(join(dbDir, file)).toString('latin1'))
      .join('\n');
    const utf8 = (value: string): string => Buffer.from(value, 'utf8').toString('latin1');
    for (const customer of customers) {
      for (const value of [customer.nome, customer.cpf, customer.email, customer.endereco]) {
        assert.ok(!bytes.includes(utf8(value)), `"${value}" is in the SQLite file`);
      }
    }
    await harness.restartGateway();
  });

  it('records the input masked as well', async () => {
    const response = await harness.call('/api/v1/generators/customer-report/runs', {
      user: 'bruno',
      method: 'POST',
      body: JSON.stringify({ input: { month: 'maio, cliente 529.982.247-25' } }),
    });
    const run = (await response.json()) as RunView;
    const session = (await (await harness.call(`/api/v1/sessions/${run.runId}`, { user: 'bruno' })).json()) as SessionDetailView;
    assert.ok(!JSON.stringify(session.request).includes('529.982.247-25'));
    assert.ok(session.maskingEvents.some((event) => event.location.startsWith('input') && event.detector === 'cpf'));
  });
});
