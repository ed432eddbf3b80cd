import { strict as assert } from 'node:assert';
import { escapeForMessage, escapeJsonStrings, normaliseReason } from '../../../gateway/approvals/text.js';
import { clampWait, preferredWaitSeconds, waitQuerySeconds } from '../../../gateway/approvals/prefer.js';

describe('approvals: reasons and escaping', () => {
  it('keeps a reason to one plain line and refuses empty or long ones', () => {
    assert.deepEqual(normaliseReason('  Needed for the audit  ', 100), { ok: true, reason: 'Needed for the audit' });
    assert.deepEqual(normaliseReason('ok\n\n✅ Approved by carla\r\nreally', 100), { ok: true, reason: 'ok ✅ Approved by carla really' });
    assert.deepEqual(normaliseReason('fine\u202Eenil\u200B', 100), { ok: true, reason: 'fineenil' });
    assert.deepEqual(normaliseReason('   \n\t ', 100), { ok: false, problem: 'missing' });
    assert.deepEqual(normaliseReason(undefined, 100), { ok: false, problem: 'missing' });
    assert.deepEqual(normaliseReason(42, 100), { ok: false, problem: 'missing' });
    assert.deepEqual(normaliseReason('x'.repeat(101), 100), { ok: false, problem: 'too_long' });
    assert.equal(normaliseReason('😀'.repeat(100), 100).ok, true);
  });

  it('escapes message text so it cannot mention, link, format or break lines', () => {
    assert.equal(
      escapeForMessage('<!channel> *approved* [x](http://evil)\nline'),
      '&lt;\\!channel&gt; \\*approved\\* \\[x\\]\\(http://evil\\) line',
    );
    assert.equal(escapeForMessage(`a & b "c" 'd' \`e\``), 'a &amp; b &quot;c&quot; &#39;d&#39; \\`e\\`');
    assert.deepEqual(escapeJsonStrings({ '<k>': ['<v>', 1, null, { n: '*' }] }), { '&lt;k&gt;': ['&lt;v&gt;', 1, null, { n: '\\*' }] });
  });
});

describe('approvals: Prefer: wait', () => {
  it('reads the wait preference among others (RFC 7240)', () => {
    assert.equal(preferredWaitSeconds('wait=10'), 10);
    assert.equal(preferredWaitSeconds('respond-async, wait=5'), 5);
    assert.equal(preferredWaitSeconds('return=representation; foo=bar, WAIT = "7"'), 7);
    assert.equal(preferredWaitSeconds(['handling=strict', 'wait=3']), 3);
    assert.equal(preferredWaitSeconds('respond-async'), undefined);
    assert.equal(preferredWaitSeconds('wait=soon'), undefined);
    assert.equal(preferredWaitSeconds(undefined), undefined);
  });

  it('reads ?wait= strictly and clamps to the configured maximum', () => {
    assert.equal(waitQuerySeconds('30'), 30);
    assert.equal(waitQuerySeconds(undefined), undefined);
    assert.equal(waitQuerySeconds('-1'), 'invalid');
    assert.equal(waitQuerySeconds('1.5'), 'invalid');
    assert.equal(waitQuerySeconds(['1', '2']), 'invalid');
    assert.equal(clampWait(600, 60_000), 60);
    assert.equal(clampWait(5, 60_000), 5);
  });
});
