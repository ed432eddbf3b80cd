import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { parseConfig } from '../../gateway/config/load.js';
import { DEMO_POLICY } from './gatewayHarness.js';
import { PolicyBuilder } from './policyBuilder.js';

describe('test support: the policy builder', () => {
  it('changes the demo policy into one the loader accepts, with the change in it', () => {
    const text = new PolicyBuilder(DEMO_POLICY)
      .upstream('slow', { type: 'http', url: 'http://127.0.0.1:9' })
      .generator('slow-report', { upstream: 'slow', personalData: true })
      .ruleFirst({ id: 'slow-first', generators: ['slow-report'], when: { groups: ['ci'] }, decision: 'deny' })
      .ruleApproval('customer-report-privacy-approval', { quorum: 2, approvers: ['privacy-office', 'developers'] })
      .change(['retention', 'purge', 'every'], '5m')
      .toString();
    const config = parseConfig(text, join('/tmp', 'autogen-gate.yaml'));
    assert.equal(config.rules[0]?.id, 'slow-first');
    assert.equal(config.upstreams.get('slow')?.type, 'http');
    const approval = config.rules.find((rule) => rule.id === 'customer-report-privacy-approval')?.approval;
    assert.deepEqual(approval?.approvers, ['privacy-office', 'developers']);
    assert.match(text, /every: 5m/);
  });

  it('removes a field set to undefined', () => {
    const text = new PolicyBuilder(DEMO_POLICY)
      .rule('customer-report-privacy-approval', { decision: 'allow', approval: undefined })
      .toString();
    const rule = parseConfig(text, '/tmp/autogen-gate.yaml').rules.find((r) => r.id === 'customer-report-privacy-approval');
    assert.equal(rule?.decision, 'allow');
  });

  it('throws on an edit of what the policy does not have, instead of testing another policy', () => {
    const policy = new PolicyBuilder(DEMO_POLICY);
    assert.throws(() => policy.rule('no-such-rule', { decision: 'deny' }), /no rule no-such-rule/);
    assert.throws(() => policy.ruleApproval('developers-raw-autogen', { quorum: 2 }), /has no approval/);
    assert.throws(() => policy.change(['retention', 'purge', 'never'], '1h'), /no retention\.purge\.never/);
    assert.throws(() => policy.set(['nowhere', 'key'], 1), /no nowhere section/);
    assert.throws(() => policy.generator('customer-report', { upstream: 'autogen' }), /already has generators\.customer-report/);
  });
});
