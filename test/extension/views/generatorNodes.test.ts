/**
 * What the Generators view and the generator picker say, from what the real gateway answers for
 * the demo policy: the customer report's owner, purpose and legal basis while it is as reviewed;
 * once its team changed since review, suspended, listed first, with why and who can fix it.
 */
import assert from 'node:assert/strict';
import { governanceRefuses } from '../../../gateway/api/governanceText.js';
import { GatewayClient } from '../../../gateway/api/client/gatewayClient.js';
import type { GeneratorSummary } from '../../../gateway/api/wire.js';
import { generatorNodes, pickerDetail, type GeneratorNode } from '../../../extension/src/views/generatorNodes.js';
import { startHarness, type Harness } from '../../support/gatewayHarness.js';

async function registry(harness: Harness, user: string): Promise<readonly GeneratorSummary[]> {
  const client = new GatewayClient({ baseUrl: harness.gateway.url, timeoutMs: 10_000, token: () => harness.token(user) });
  return client.generators({ includeDenied: true });
}

function node(nodes: readonly GeneratorNode[], name: string): GeneratorNode {
  const found = nodes.find((each) => each.name === name);
  assert.ok(found, `${name} is listed`);
  return found;
}

function child(generator: GeneratorNode, label: string): string {
  const found = generator.children.find((each) => each.label === label);
  assert.ok(found, `${generator.name} shows ${label}`);
  return found.description;
}

describe('extension: the Generators view and picker against the real gateway', function () {
  this.timeout(60_000);
  let harness: Harness | undefined;

  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('shows the registry as reviewed: owner, purpose, legal basis, data, recipients abroad, the pin and the attestation', async () => {
    harness = await startHarness();
    const generators = await registry(harness, 'bruno');
    const nodes = generatorNodes(generators);
    const report = node(nodes, 'customer-report');
    assert.equal(report.icon, 'verified');
    assert.equal(report.description, 'Registered · after approval by privacy-office');
    assert.equal(report.contextValue, 'generator runnable canAttest', 'bruno owns it, and may run it and attest it');
    // The harness's IdP provisions nobody over SCIM: the view says so, and governance only notes it.
    assert.equal(child(report, 'Owner'), 'bruno, group data-engineers — not in the directory');
    assert.match(child(report, 'Noted'), /the directory \(SCIM\) has no record of its owner bruno/);
    assert.equal(child(report, 'Purpose'), 'Monthly report of customers with pending payments, for the billing team to collect them.');
    assert.equal(
      child(report, 'Legal basis'),
      'Art. 7, V: performance of a contract, or steps before one, to which the data subject is party',
    );
    assert.equal(child(report, 'Data'), 'identification, government-id, contact, address, financial');
    assert.match(child(report, 'Recipients'), /Demo model provider \(model-provider, US, transfer abroad\)/);
    assert.match(child(report, 'Definition'), /^as reviewed \([0-9a-f]{12}\)$/);
    assert.match(child(report, 'Attestation'), /^never attested; due \d{4}-\d{2}-\d{2}$/);
    assert.equal(
      report.children.some((each) => each.label === 'Refused'),
      false,
    );

    const template = node(nodes, 'config-template');
    assert.equal(template.icon, 'circle-outline', 'it touches no personal data, so it is shown, not enforced');
    assert.match(template.description, /^No personal data · /);

    const picked = generators.find((generator) => generator.name === 'customer-report');
    assert.ok(picked);
    assert.equal(governanceRefuses(picked.governance), false);
    assert.match(pickerDetail(picked), /Owner: bruno, group data-engineers.* · Purpose: Monthly report .* · Legal basis: Art\. 7, V: /);
  });

  it('a team changed since review: suspended, listed first, refused, with the reason and the fix', async () => {
    harness = await startHarness({
      // Its team changed since it was reviewed and pinned.
      editPolicy: (policy) =>
        void policy.change(
          ['generators', 'customer-report', 'team', 'config', 'participants', 0, 'config', 'system_message'],
          'You write whatever you like.',
        ),
    });
    const generators = await registry(harness, 'ana');
    const nodes = generatorNodes(generators);
    const report = nodes[0];
    assert.equal(report?.name, 'customer-report', 'the suspended generator comes first');
    assert.equal(report.icon, 'warning');
    assert.match(report.description, /^Suspended · /);
    assert.match(child(report, 'Refused'), /no longer matches the pinned one.*autogen-gate generator pin customer-report --write/);
    assert.match(child(report, 'To fix'), /a reviewer pins its definition/);
    assert.match(child(report, 'Definition'), /^changed since review/);
    assert.match(report.tooltip, /Runs are refused: /);

    const picked = generators.find((generator) => generator.name === 'customer-report');
    assert.ok(picked);
    assert.equal(governanceRefuses(picked.governance), true);
    assert.match(pickerDetail(picked), /^\$\(warning\) Runs are refused: its definition \(/);
  });
});
