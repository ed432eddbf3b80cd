/** The `retention` section: defaults, overrides, and the mistakes the loader refuses. */
import { strict as assert } from 'node:assert';
import { parseConfig, ConfigError } from '../../../gateway/config/load.js';
import { payloadRecordingPolicy } from '../../../gateway/retention/config.js';
import { testPolicy } from '../evidence/support.js';

const FILE = '/srv/gate/autogen-gate.yaml';

describe('retention configuration', () => {
  it('defaults to 30 days of payloads and five years of metadata, purged hourly', () => {
    const { retention } = parseConfig(testPolicy(), FILE);
    assert.deepEqual(retention.defaults, { payloadsMs: 30 * 86_400_000, metadataOnly: false, metadataMs: 1825 * 86_400_000 });
    assert.equal(retention.auditMs, 1825 * 86_400_000);
    assert.equal(retention.purgeEveryMs, 3_600_000);
  });

  it('applies per-generator and per-upstream overrides, metadata-only included', () => {
    const { retention } = parseConfig(
      testPolicy(
        'retention:\n  payloads: forever\n  metadata: forever\n  generators:\n    customer-report: { payloads: metadata-only }\n  upstreams:\n    runtime: { payloads: 12h }\n  purge: { every: "off" }\n',
      ),
      FILE,
    );
    assert.deepEqual(retention.defaults, { payloadsMs: undefined, metadataOnly: false, metadataMs: undefined });
    assert.deepEqual(retention.generators.get('customer-report'), { payloadsMs: 0, metadataOnly: true, metadataMs: undefined });
    assert.equal(retention.upstreams.get('runtime')?.payloadsMs, 12 * 3_600_000);
    assert.equal(retention.purgeEveryMs, undefined);
    const policy = payloadRecordingPolicy(retention);
    assert.equal(policy({ generator: 'customer-report', upstream: 'runtime', kind: 'run' }), 'metadata-only');
    assert.equal(policy({ generator: 'config-template', upstream: 'runtime', kind: 'run' }), 'full');
    assert.equal(policy({ generator: undefined, upstream: 'runtime', kind: 'proxy' }), 'full');
  });

  it('refuses unknown generators, payloads kept longer than their metadata, and bad periods, naming the key', () => {
    const error = (() => {
      try {
        parseConfig(
          testPolicy('retention:\n  metadata: 10d\n  payloads: 30d\n  generators:\n    customer-reprot: { payloads: 1d }\n'),
          FILE,
        );
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    assert.ok(error instanceof ConfigError);
    const issues = error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    assert.ok(
      issues.some((i) => /^retention\.payloads: payloads are kept \(30d\) longer than the metadata they belong to \(10d\)/.test(i)),
      issues.join('\n'),
    );
    assert.ok(
      issues.some((i) =>
        /^retention\.generators\.customer-reprot: unknown generator "customer-reprot"; defined: customer-report, config-template/.test(i),
      ),
      issues.join('\n'),
    );
    assert.throws(() => parseConfig(testPolicy('retention:\n  payloads: 30 days\n'), FILE), /retention\.payloads/);
  });
});
