import { strict as assert } from 'node:assert';
import { ConfigError, parseConfig } from '../../../gateway/config/load.js';

const BASE = `version: 1
identity:
  issuers:
    - id: company
      issuer: https://login.example.com
      audience: autogen-gate
upstreams:
  autogen:
    type: autogen-studio
    url: http://studio.internal:8081/
generators:
  report:
    upstream: autogen
    team: { label: report }
rules:
  - id: report-needs-approval
    generators: [report]
    when: { groups: [data-engineers] }
    decision: approval
    approval: { approvers: [privacy-office, security], quorum: each }
`;

function load(extra: string): ReturnType<typeof parseConfig> {
  return parseConfig(`${BASE}${extra}`, '/etc/autogen-gate/autogen-gate.yaml');
}

function problems(extra: string): string {
  try {
    load(extra);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return assert.fail('the configuration was accepted');
}

describe('approvals: configuration', () => {
  it('fills documented defaults when the section is absent', () => {
    const config = load('');
    assert.deepEqual(config.approvals, {
      inputKeys: [{ id: 'a1', secret: undefined }],
      maxWaitMs: 60_000,
      maxReasonLength: 500,
      maxConcurrentExecutions: 4,
      eventHeartbeatMs: 15_000,
      webhook: undefined,
    });
    const rule = config.rules[0];
    assert.deepEqual(rule?.approval, {
      approvers: ['privacy-office', 'security'],
      quorum: 'each',
      pendingTtlMs: 86_400_000,
      validForMs: 3_600_000,
    });
  });

  it('normalises keys, waits and the webhook', () => {
    const config = load(`approvals:
  inputKeys:
    - { id: a2027, secret: env:APPROVAL_KEY_2027 }
    - { id: a2026, secret: file:/run/secrets/approval-2026 }
  maxWait: 2m
  webhook:
    url: https://chat.example.com/hooks/gate
    secret: env:WEBHOOK_SECRET
    events: [requested, decided]
    retryDelay: 500ms
`);
    assert.deepEqual(
      config.approvals.inputKeys.map((key) => key.id),
      ['a2027', 'a2026'],
    );
    assert.equal(config.approvals.maxWaitMs, 120_000);
    assert.deepEqual(config.approvals.webhook, {
      url: 'https://chat.example.com/hooks/gate',
      secret: 'env:WEBHOOK_SECRET',
      events: ['requested', 'decided'],
      timeoutMs: 5000,
      maxAttempts: 8,
      retryDelayMs: 500,
    });
  });

  it('refuses inline secrets, a webhook without a secret, unknown events and duplicate key ids', () => {
    assert.match(problems('approvals:\n  inputKeys: [{ id: a1, secret: "0123456789abcdef0123456789abcdef" }]\n'), /secret reference/);
    assert.match(
      problems('approvals:\n  webhook: { url: https://chat.example.com/x }\n'),
      /approvals\.webhook\.secret: "secret" is required/,
    );
    assert.match(
      problems('approvals:\n  webhook: { url: https://chat.example.com/x, secret: env:S, events: [approved] }\n'),
      /must be one of "requested", "decided"/,
    );
    assert.match(problems('approvals:\n  inputKeys: [{ id: a1 }, { id: a1 }]\n'), /input key id "a1" is used twice/);
    assert.match(problems('approvals:\n  maxConcurrentExecutions: 0\n'), /maxConcurrentExecutions/);
    assert.match(problems('approvals:\n  maxWiat: 10s\n'), /did you mean "maxWait"/);
  });
});
