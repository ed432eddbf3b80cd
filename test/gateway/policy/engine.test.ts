import { strict as assert } from 'node:assert';
import { DEFAULT_DENY_RULE, type PolicySubject } from '../../../gateway/policy/engine.js';
import { testPolicy } from './support.js';

const engine = testPolicy(
  `  config-template: { upstream: autogen, team: {} }
  customer-report: { upstream: autogen, team: {}, personalData: true }`,
  `  - id: ci-main-only
    generators: [customer-report]
    when: { issuers: [github], claims: { repository: org/app, ref: refs/heads/main } }
    decision: allow
  - id: engineers-with-approval
    generators: [customer-report]
    when: { groups: [data-engineers] }
    decision: approval
    approval: { approvers: [privacy-office], quorum: each, validFor: 30m }
  - id: nobody-else
    generators: [customer-report]
    decision: deny
  - id: devs
    generators: ['*']
    when: { groups: [developers], kinds: [person] }
    decision: allow
  - id: raw
    upstreams: [autogen]
    when: { groups: [developers] }
    decision: allow
`,
);
const person = (groups: string[]): PolicySubject => ({ subject: 'u1', issuerId: 'company', kind: 'person', groups, claims: {} });
const pipeline = (claims: Record<string, string>): PolicySubject => ({
  subject: 'repo:org/app',
  issuerId: 'github',
  kind: 'pipeline',
  groups: [],
  claims,
});

describe('policy decisions', () => {
  it('lets the first matching rule decide and records its id', () => {
    const decision = engine.decide(person(['developers']), { kind: 'generator', name: 'config-template' });
    assert.equal(decision.effect, 'allow');
    assert.equal(decision.ruleId, 'devs');
  });

  it("requires approval with the rule's approvers, quorum and validity", () => {
    const decision = engine.decide(person(['developers', 'data-engineers']), { kind: 'generator', name: 'customer-report' });
    assert.equal(decision.effect, 'approval');
    assert.equal(decision.ruleId, 'engineers-with-approval');
    assert.deepEqual(decision.approval?.approvers, ['privacy-office']);
    assert.equal(decision.approval?.quorum, 'each');
    assert.equal(decision.approval?.validForMs, 30 * 60_000);
  });

  it('an explicit deny rule wins over a later allow', () => {
    const decision = engine.decide(person(['developers']), { kind: 'generator', name: 'customer-report' });
    assert.equal(decision.effect, 'deny');
    assert.equal(decision.ruleId, 'nobody-else');
  });

  it('denies by default when no rule covers the target', () => {
    const decision = engine.decide(person(['marketing']), { kind: 'upstream', name: 'autogen' });
    assert.equal(decision.effect, 'deny');
    assert.equal(decision.ruleId, DEFAULT_DENY_RULE);
  });

  it('matches pipelines by issuer and claims: only main of the repository', () => {
    assert.equal(
      engine.decide(pipeline({ repository: 'org/app', ref: 'refs/heads/main' }), { kind: 'generator', name: 'customer-report' }).effect,
      'allow',
    );
    const other = engine.decide(pipeline({ repository: 'org/app', ref: 'refs/heads/feature' }), {
      kind: 'generator',
      name: 'customer-report',
    });
    assert.equal(other.effect, 'deny');
    assert.equal(other.ruleId, 'nobody-else');
  });

  it('does not let a pipeline use a rule meant for people', () => {
    const subject: PolicySubject = { ...pipeline({}), groups: ['developers'] };
    assert.equal(engine.decide(subject, { kind: 'generator', name: 'config-template' }).ruleId, DEFAULT_DENY_RULE);
  });

  it('explains why each rule did or did not match', () => {
    const { decision, evaluations } = engine.explain(person(['developers']), { kind: 'generator', name: 'customer-report' });
    assert.equal(decision.ruleId, 'nobody-else');
    assert.match(evaluations[0]?.why ?? '', /token issuer company is not one of github/);
    assert.match(evaluations[1]?.why ?? '', /none of the groups data-engineers/);
    assert.equal(evaluations[2]?.matched, true);
    assert.match(evaluations[3]?.why ?? '', /not reached/);
  });
});
