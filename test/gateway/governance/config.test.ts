/**
 * The registry keys in the policy file: what the loader demands of a personal-data generator,
 * the LGPD checks it makes (sensitive data needs an Art. 11 basis, a recipient abroad an Art. 33
 * mechanism), and the `governance` section; each refusal names the key and shows an example.
 */
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../../gateway/config/load.js';

const FILE = '/etc/autogen-gate/autogen-gate.yaml';

function policy(generator: string, extra = ''): string {
  return `version: 1
identity:
  issuers:
    - { id: company, issuer: https://login.example.com, audience: autogen-gate }
upstreams:
  autogen: { type: autogen-studio, url: http://studio:8081 }
generators:
  report:
    upstream: autogen
    team: { label: report }
    personalData: true
${generator}rules:
  - { id: engineers, generators: [report], when: { groups: [data-engineers] }, decision: allow }
${extra}`;
}

const REGISTERED = `    owner: { person: bruno, group: data-engineers }
    purpose: Monthly report of customers with pending payments.
    legalBasis: art7-v-contract
    dataCategories: [identification, contact]
`;

function issues(text: string): ConfigError['issues'] {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  assert.fail('the policy was accepted');
}

describe('governance keys of the policy file', () => {
  it('refuses a personal-data generator that does not say who owns it, why, on what basis and which data', () => {
    const found = issues(policy(''));
    assert.deepEqual(
      found.map((issue) => issue.path),
      ['generators.report.owner', 'generators.report.purpose', 'generators.report.legalBasis', 'generators.report.dataCategories'],
    );
    const owner = found[0];
    assert.match(owner?.message ?? '', /a generator with personalData: true must declare owner: who answers for it\. LGPD Art\. 37/);
    assert.equal(owner?.example, 'owner: { person: bruno, group: data-engineers }');
    assert.equal(owner?.line, 9, "the line where the generator's keys begin");
  });

  it('reads a registration: legal bases and categories by their codes, recipients abroad flagged', () => {
    const config = parseConfig(
      policy(
        `${REGISTERED}    recipients:
      - { name: autogen, role: upstream, country: BR }
      - { name: OpenAI, role: model-provider, country: US, transferMechanism: art33-ii-b-standard-clauses }
    retention: Kept a week for billing.
`,
      ),
      FILE,
    );
    const registration = config.generators.get('report')?.registration;
    assert.deepEqual(registration?.owner, { person: 'bruno', group: 'data-engineers' });
    assert.deepEqual(registration?.legalBases, ['art7-v-contract']);
    assert.deepEqual(
      registration?.recipients?.map((recipient) => [recipient.name, recipient.international]),
      [
        ['autogen', false],
        ['OpenAI', true],
      ],
    );
    assert.equal(config.governance.attestEveryMs, 90 * 86_400_000);
    assert.equal(config.governance.actions.definition_changed, 'deny');
    assert.equal(config.governance.actions.owner_unknown, 'record');
  });

  it('holds sensitive data to an Art. 11 basis, and Art. 11 to sensitive data', () => {
    const sensitive = issues(policy(REGISTERED.replace('[identification, contact]', '[identification, health]')));
    assert.deepEqual(
      sensitive.map((issue) => [issue.path, issue.example]),
      [['generators.report.legalBasis', 'legalBasis: art11-ii-a-legal-obligation']],
    );
    assert.match(sensitive[0]?.message ?? '', /sensitive data \(health; LGPD Art\. 5 II\) can only be processed on an Art\. 11 basis/);
    const art11Only = issues(policy(REGISTERED.replace('art7-v-contract', 'art11-ii-f-health-protection')));
    assert.match(art11Only[0]?.message ?? '', /Art\. 11 bases are for sensitive data/);
    const both = parseConfig(
      policy(REGISTERED.replace('art7-v-contract', '[art7-v-contract, art11-ii-f-health-protection]').replace('contact]', 'health]')),
      FILE,
    );
    assert.equal(both.generators.get('report')?.registration.legalBases.length, 2);
  });

  it('refuses a transfer abroad without an Art. 33 mechanism, and recipients that name no upstream', () => {
    const found = issues(
      policy(`${REGISTERED}    recipients:
      - { name: studio, role: upstream, country: BR }
      - { name: OpenAI, role: model-provider, country: US }
`),
    );
    assert.deepEqual(
      found.map((issue) => issue.path),
      ['generators.report.recipients[0].name', 'generators.report.recipients[1].transferMechanism'],
    );
    assert.match(found[1]?.message ?? '', /OpenAI processes data in US, outside Brazil: say which LGPD Art\. 33 case permits the transfer/);
    assert.equal(found[1]?.example, 'transferMechanism: art33-ii-b-standard-clauses');
  });

  it('names the legal basis codes it accepts, with the closest one, and checks a pin looks like one', () => {
    const found = issues(policy(REGISTERED.replace('art7-v-contract', 'art7-v-contrato').concat('    pinned: abc123\n')));
    const basis = found.find((issue) => issue.path === 'generators.report.legalBasis');
    assert.match(basis?.message ?? '', /must be one of "art7-i-consent", .*; did you mean "art7-v-contract"\?/);
    assert.ok(found.some((issue) => issue.path === 'generators.report.pinned'));
  });

  it('refuses an owner principal of an issuer it does not know', () => {
    const found = issues(policy(REGISTERED.replace('person: bruno', 'person: github:repo-bot')));
    assert.deepEqual(
      found.map((issue) => issue.path),
      ['generators.report.owner.person'],
    );
    assert.match(found[0]?.message ?? '', /names issuer "github", which identity.issuers does not define \(company\)/);
  });

  it('asks for approvers when a violation holds runs, and for SCIM before an unknown owner may deny', () => {
    const found = issues(policy(REGISTERED, 'governance:\n  violations: { attestationLapsed: approval, ownerUnknown: deny }\n'));
    assert.deepEqual(
      found.map((issue) => [issue.path, issue.example]),
      [
        ['governance.approval', 'approval:\n  approvers: [privacy-office]'],
        ['governance.violations.ownerUnknown', 'scim:\n  token: env:AUTOGEN_GATE_SCIM_TOKEN'],
      ],
    );
    const fine = parseConfig(
      policy(REGISTERED, 'governance:\n  onViolation: approval\n  approval: { approvers: [privacy-office] }\n  attestEvery: off\n'),
      FILE,
    );
    assert.equal(fine.governance.actions.unpinned, 'approval');
    assert.equal(fine.governance.attestEveryMs, undefined);
  });

  it('registers the demo generators: the customer report owned by bruno and data-engineers, pinned', () => {
    const config = loadConfig(resolve('autogen-gate.yaml'));
    const report = config.generators.get('customer-report')?.registration;
    assert.deepEqual(report?.owner, { person: 'bruno', group: 'data-engineers' });
    assert.match(report?.pinned ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.match(config.generators.get('config-template')?.registration.pinned ?? '', /^sha256:/);
    assert.equal(config.governance.actions.unregistered_team, 'approval');
    assert.ok(config.governance.scim);
  });
});
