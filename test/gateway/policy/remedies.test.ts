import { strict as assert } from 'node:assert';
import { loadConfig } from '../../../gateway/config/load.js';
import { PolicyEngine, type PolicySubject } from '../../../gateway/policy/engine.js';
import { denialHint, denialMessage, remediesFor } from '../../../gateway/policy/remedies.js';
import { testPolicy } from './support.js';

const demo = new PolicyEngine(loadConfig('autogen-gate.yaml').rules);
const person = (groups: string[]): PolicySubject => ({ subject: 'u1', issuerId: 'dev', kind: 'person', groups, claims: {} });
const customerReport = { kind: 'generator', name: 'customer-report' } as const;

function policy(rules: string): PolicyEngine {
  return testPolicy('  report: { upstream: autogen, team: {} }', rules);
}

describe('policy remedies: what would let a denied caller through', () => {
  it('names the rule that would hold the run and the group the caller lacks', () => {
    const remedies = remediesFor(demo, person(['developers']), customerReport);
    assert.deepEqual(
      remedies.map((remedy) => remedy.text),
      ['rule customer-report-privacy-approval would hold it for approval by one member of privacy-office if you were in data-engineers'],
    );
    assert.deepEqual(remedies[0]?.lacks, [{ condition: 'groups', anyOf: ['data-engineers'] }]);
    assert.equal(remedies[0]?.effect, 'approval');
    assert.deepEqual(remedies[0]?.approval?.approvers, ['privacy-office']);
  });

  it('writes a denial message that names the deciding rule once, and what would allow the run', () => {
    const message = denialMessage(demo, person(['developers']), customerReport);
    assert.equal(
      message,
      'Policy does not let you run customer-report: rule customer-report-data-engineers-only denies it (Nobody else runs the customer report). ' +
        'Rule customer-report-privacy-approval would hold it for approval by one member of privacy-office if you were in data-engineers.',
    );
    assert.equal(message.split('customer-report-data-engineers-only').length, 2);
  });

  it('says when nothing is denied by a rule but by default, and offers the rule for the upstream', () => {
    const message = denialMessage(demo, person(['marketing']), { kind: 'upstream', name: 'autogen' });
    assert.match(message, /^Policy does not let you call upstream autogen: no rule allows it, so it is denied by default\. /);
    assert.match(message, /Rule developers-raw-autogen would allow it if you were in developers\.$/);
  });

  it('never offers a rule that an earlier deny shadows', () => {
    const engine = policy(`  - id: no-contractors
    generators: [report]
    when: { groups: [contractors] }
    decision: deny
  - id: developers
    generators: [report]
    when: { groups: [developers] }
    decision: allow
`);
    const subject = person(['contractors']);
    assert.deepEqual(remediesFor(engine, subject, { kind: 'generator', name: 'report' }), []);
    assert.equal(denialHint([]), 'No rule would let you; ask the owners of the policy for one that covers you.');
    assert.match(
      denialMessage(engine, subject, { kind: 'generator', name: 'report' }),
      /rule no-contractors denies it\. No rule would let you/,
    );
  });

  it('offers only the groups of a rule that would really be reached', () => {
    const engine = policy(`  - id: no-interns
    generators: [report]
    when: { groups: [interns] }
    decision: deny
  - id: staff
    generators: [report]
    when: { groups: [interns, employees] }
    decision: allow
`);
    const remedies = remediesFor(engine, person([]), { kind: 'generator', name: 'report' });
    assert.deepEqual(remedies[0]?.lacks, [{ condition: 'groups', anyOf: ['employees'] }]);
  });

  it('tells a pipeline which issuer and claims a rule wants, fewest changes first', () => {
    const engine = policy(`  - id: main-only
    generators: [report]
    when: { issuers: [github], claims: { repository: org/app, ref: refs/heads/main } }
    decision: allow
  - id: release-tags
    generators: [report]
    when: { issuers: [github], claims: { repository: org/app, ref: 'refs/tags/v*' } }
    decision: approval
    approval: { approvers: [release-managers, privacy-office], quorum: each }
  - id: nobody-else
    generators: [report]
    decision: deny
`);
    const pipeline: PolicySubject = {
      subject: 'repo:org/app',
      issuerId: 'github',
      kind: 'pipeline',
      groups: [],
      claims: { repository: 'org/app', ref: 'refs/heads/feature' },
    };
    assert.deepEqual(
      remediesFor(engine, pipeline, { kind: 'generator', name: 'report' }).map((remedy) => remedy.text),
      [
        "rule main-only would allow it if your token's ref claim were refs/heads/main",
        "rule release-tags would hold it for approval by one member of each of release-managers, privacy-office (distinct people) if your token's ref claim were refs/tags/v*",
      ],
    );
    const outsider: PolicySubject = { ...person([]), issuerId: 'company' };
    const [first] = remediesFor(engine, outsider, { kind: 'generator', name: 'report' });
    assert.equal(
      first?.text,
      "rule main-only would allow it if your token came from issuer github and your token's repository claim were org/app and your token's ref claim were refs/heads/main",
    );
  });

  it('offers nothing to a caller the policy already lets through', () => {
    assert.deepEqual(remediesFor(demo, person(['developers']), { kind: 'generator', name: 'config-template' }), []);
  });
});
