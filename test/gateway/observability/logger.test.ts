/**
 * The production logger writes stdout in batches (observability/logger.ts): no line may be lost
 * or held longer than LOG_FLUSH_MS while the process lives, and whatever is buffered is written
 * when it exits, however it exits. Checked in child processes, since the destination is stdout.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LOG_FLUSH_MS } from '../../../gateway/observability/logger.js';

const loggerModule = fileURLToPath(new URL('../../../gateway/observability/logger.js', import.meta.url));

interface Line {
  readonly msg: string;
  readonly i?: number;
  readonly at: number;
}

/** Runs `body` (a module's text, `createLogger` imported) and collects its stdout lines with when each arrived. */
function run(body: string): Promise<{ lines: Line[]; code: number | null; started: number }> {
  const script = `import { createLogger } from ${JSON.stringify(loggerModule)};\nconst log = createLogger({ level: 'info' });\n${body}`;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    const lines: Line[] = [];
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let end: number;
      while ((end = pending.indexOf('\n')) >= 0) {
        const parsed = JSON.parse(pending.slice(0, end)) as { msg: string; i?: number };
        lines.push({ ...parsed, at: Date.now() });
        pending = pending.slice(end + 1);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ lines, code, started }));
  });
}

describe('logger: stdout written in batches', function () {
  this.timeout(20_000);

  it('writes a lone line within the flush interval while the process keeps running', async () => {
    // The child logs once, then stays alive for a second: the line must arrive long before it exits.
    const { lines, started } = await run(`log.info('lone'); setTimeout(() => log.info('last'), 1000);`);
    assert.deepEqual(
      lines.map((line) => line.msg),
      ['lone', 'last'],
    );
    const first = lines[0] as Line;
    const last = lines[1] as Line;
    assert.ok(last.at - first.at > 500, `the first line came ${last.at - first.at} ms before the last: held until exit`);
    assert.ok(first.at - started < 5_000);
    assert.ok(LOG_FLUSH_MS < 500);
  });

  it('writes every line, in order, of many more than one batch holds', async () => {
    const { lines, code } = await run(`for (let i = 0; i < 5000; i++) log.info({ i }, 'line');`);
    assert.equal(code, 0);
    assert.equal(lines.length, 5000);
    lines.forEach((line, i) => assert.equal(line.i, i));
  });

  it('writes what is buffered when the process exits at once, or fails', async () => {
    const exited = await run(`log.info('before exit'); process.exit(3);`);
    assert.equal(exited.code, 3);
    assert.deepEqual(
      exited.lines.map((line) => line.msg),
      ['before exit'],
    );
    const thrown = await run(`log.info('before throw'); throw new Error('boom');`);
    assert.equal(thrown.code, 1);
    assert.deepEqual(
      thrown.lines.map((line) => line.msg),
      ['before throw'],
    );
  });
});
