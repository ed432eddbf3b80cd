/**
 * The benchmark harness, run for real but briefly: CI checks that `npm run bench -- --json FILE`
 * still measures every participant and writes the summary the performance figures come from.
 * The figures themselves are not judged here (a timed test on a shared machine would flap):
 * only that each is a finite number.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Summary } from '../../bench/harness/report.js';
import { makeTempDir, removeDir } from '../support/tempDir.js';

const harness = fileURLToPath(new URL('../../bench/run.js', import.meta.url));

describe('bench harness (smoke)', () => {
  let dir: string;

  beforeEach(() => {
    dir = makeTempDir('autogen-gate-bench-smoke-');
  });

  afterEach(() => removeDir(dir));

  it('measures every participant and writes a summary whose figures are all finite numbers', async function () {
    this.timeout(180_000);
    const file = join(dir, 'summary.json');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        harness,
        ...['--json', file, '--seconds', '0.3', '--warmup', '0.1', '--prime', '0.1', '--rounds', '1'],
        ...['--sizes', '1k', '--connections', '1,32', '--stream-mb', '2', '--stream-seconds', '60', '--mask-seconds', '0.3'],
        ...['--participants', 'direct,bare,plain,masked'],
      ],
      { env: { ...process.env, BENCH_POSTGRES_URL: '', BENCH_BESIDE_DIR: '' }, maxBuffer: 16 * 1024 * 1024 },
    );
    assert.match(stdout, /Aims \(gateway with masking against the bare proxy, this run\)/);
    const summary = JSON.parse(readFileSync(file, 'utf8')) as Summary;
    for (const name of ['throughputRatio', 'p50AddedMs', 'p99AddedMs', 'streamPeakRssMb', 'maskMBps'] as const) {
      assert.ok(Number.isFinite(summary[name]), `${name} is ${String(summary[name])}`);
    }
    assert.equal(summary.stream?.complete, true);
    const cells = summary.rows.map((row) => `${row.participant} ${row.size} ×${row.connections}`).sort();
    assert.deepEqual(cells, [
      'bare 1024 ×1',
      'bare 1024 ×32',
      'direct 1024 ×1',
      'direct 1024 ×32',
      'masked 1024 ×1',
      'masked 1024 ×32',
      'plain 1024 ×1',
      'plain 1024 ×32',
    ]);
    for (const row of summary.rows) {
      for (const [name, value] of Object.entries(row)) {
        if (typeof value !== 'string') assert.ok(Number.isFinite(value), `${row.participant} ${name} is ${String(value)}`);
      }
      assert.ok(row.rps > 0, `${row.participant} served nothing`);
    }
  });
});
