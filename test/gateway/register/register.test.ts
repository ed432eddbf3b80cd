/**
 * The register of processing operations built from recorded sessions: what each generator was
 * observed doing in the period (runs, people, decisions, categories masked, and the sensitive
 * ones it never declared), a verification that catches figures edited even under a valid
 * signature, and a CSV a spreadsheet cannot be tricked by.
 */
import { strict as assert } from 'node:assert';
import { canonicalJson } from '../../../gateway/audit/canonical.js';
import { REGISTER_FORMAT, signDocument, type SignedDocument } from '../../../gateway/evidence/signedDocument.js';
import { GovernanceService } from '../../../gateway/governance/service.js';
import { registerCsv } from '../../../gateway/register/csv.js';
import { RegisterService } from '../../../gateway/register/service.js';
import type { ProcessingRegister } from '../../../gateway/register/types.js';
import { verifyRegisterText } from '../../../gateway/register/verify.js';
import { openTestGateway, type TestGateway } from '../evidence/support.js';

/** A valid CNS (SUS card number): health data, which the customer report does not declare. */
const CNS = '898 0016 4430 0003';

describe('register of processing operations', () => {
  let gateway: TestGateway;
  let service: RegisterService;
  let register: ProcessingRegister;
  let text: string;

  before(async () => {
    gateway = await openTestGateway({ start: '2026-03-01T09:00:00.000Z' });
    await gateway.run({ user: 'ana', effect: 'deny' });
    gateway.clock.advance(3_600_000);
    await gateway.run({ user: 'bruno', result: 'Cliente Maria Souza, CPF 529.982.247-25, e-mail maria@exemplo.com.br' });
    await gateway.run({ user: 'bruno', result: `Paciente com cartão SUS ${CNS}` });
    await gateway.run({ generator: 'config-template', user: 'ana', result: 'service: api' });
    gateway.clock.set('2026-04-15T00:00:00.000Z');
    await gateway.run({ user: 'carla', result: 'later, outside the period' });
    const { config, store, signer, trusted } = gateway.context;
    service = new RegisterService({ config, store, governance: new GovernanceService({ config, store }), signer, trusted });
    const exported = await service.export({ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' }, 'cli:test');
    text = exported.issued.text;
    register = exported.issued.document.content;
  });
  after(async () => {
    await gateway?.close();
  });

  it('counts what each generator was observed doing in the period, people counted and never named', () => {
    const report = register.operations.find((operation) => operation.generator === 'customer-report');
    assert.ok(report);
    assert.deepEqual(
      [report.observed.runs, report.observed.people, report.observed.pipelines, report.observed.decisions],
      [3, 2, 0, { deny: 1, allow: 2 }],
    );
    assert.equal(report.observed.firstRun, '2026-03-01T09:00:00.000Z');
    assert.deepEqual(
      report.dataCategories.map((category) => category.code),
      ['identification', 'government-id', 'contact', 'address'],
    );
    assert.ok((report.observed.maskedByCategory['government-id'] ?? 0) >= 1);
    assert.deepEqual(
      report.observed.undeclaredCategories,
      ['health'],
      'a SUS card was masked: health data the registration does not declare',
    );
    assert.equal(register.summary.undeclaredCategoryOperations, 1);
    assert.ok(
      !text.includes('Maria Souza') && !text.includes('529.982.247-25') && !text.includes('dev:ana'),
      'no personal value; who ran it is counted, never named',
    );
    assert.equal(register.operations[0]?.generator, 'customer-report', 'personal-data operations first');
    assert.deepEqual(
      report.recipients.map((recipient) => [recipient.name, recipient.country]),
      [['runtime', null]],
      'undeclared recipients: only the upstream is known',
    );
  });

  it('verifies as issued, and catches figures edited even under a valid signature', async () => {
    assert.equal((await service.verify(text)).ok, true);
    const edited: ProcessingRegister = {
      ...register,
      summary: { ...register.summary, runs: register.summary.runs - 1 },
      operations: register.operations.map((operation) =>
        operation.generator === 'customer-report' ? { ...operation, internationalTransfer: true } : operation,
      ),
    };
    // Re-signed with the gateway's own key: only the content's arithmetic can tell.
    const resigned = await signDocument(gateway.context.signer, REGISTER_FORMAT, edited, 'https://gate.example.test', new Date());
    const result = await verifyRegisterText(resigned.text, gateway.context.trusted);
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.problems.map((problem) => [problem.code, problem.message]),
      [
        ['inconsistent_operation', 'operation customer-report: internationalTransfer says true, but its recipients say false'],
        ['summary_mismatch', 'summary.internationalOperations says 0, but the operations add up to 1'],
        ['summary_mismatch', `summary.runs says ${register.summary.runs - 1}, but the operations add up to ${register.summary.runs}`],
      ],
    );
    const evidence = await verifyRegisterText(
      canonicalJson({ ...(JSON.parse(text) as object), format: 'autogen-gate.evidence-bundle/1' }),
      gateway.context.trusted,
    );
    assert.equal(evidence.ok, false);
  });

  it('writes a CSV row per operation whose cells a spreadsheet cannot run as formulas', () => {
    const csv = registerCsv({
      ...register,
      operations: register.operations.map((operation) => ({ ...operation, description: '=HYPERLINK("http://evil","click"), more' })),
    });
    const lines = csv.split('\r\n');
    assert.equal(lines.length, register.operations.length + 2);
    assert.ok(lines[1]?.startsWith('customer-report,"\'=HYPERLINK(""http://evil"",""click""), more",true,'), lines[1]);
  });

  it('records each export in the audit chain', async () => {
    const entries = (await gateway.context.store.readAudit(0, 10_000)).filter((entry) => entry.type === 'register.exported');
    const document = JSON.parse(text) as SignedDocument<ProcessingRegister>;
    assert.ok(entries.some((entry) => entry.actor === 'cli:test' && entry.data['from'] === document.content.period.from));
  });
});
