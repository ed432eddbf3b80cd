/**
 * The harness talks to its participants over IPC: a participant that dies (out of heap, say)
 * must fail the question in hand, not leave the run waiting for an answer that cannot come.
 */
import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask, forkServer, ParticipantExited } from '../../../bench/support/processes.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

const serversPath = fileURLToPath(new URL('../../../bench/support/servers.js', import.meta.url));

describe('bench participants over IPC', () => {
  let dir: string;

  beforeEach(() => {
    dir = makeTempDir('autogen-gate-bench-ipc-');
  });

  afterEach(() => removeDir(dir));

  it('rejects a question when the participant exits before it answers', async () => {
    // A child that ends as soon as it is asked anything, as a gateway dying mid-window does.
    const script = join(dir, 'dies.mjs');
    writeFileSync(script, 'process.on("message", () => process.exit(7));\n');
    const child = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const error = await ask(child, { type: 'stats', id: 1 }, 'the dying child').then(
      () => undefined,
      (reason: unknown) => reason,
    );
    assert.ok(error instanceof ParticipantExited, String(error));
    assert.equal(error.exitCode, 7);
    assert.match(error.message, /the dying child exited \(code 7\)/);
  });

  it('rejects at once when the participant has already ended', async () => {
    const server = await forkServer(serversPath, ['fixture']);
    const stats = await server.stats();
    assert.ok(stats.rssBytes > 0);
    const ended = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGKILL');
    await ended;
    await assert.rejects(server.stats(), (error: unknown) => {
      assert.ok(error instanceof ParticipantExited);
      assert.equal(error.signal, 'SIGKILL');
      assert.match(error.message, /^fixture \(pid \d+\) exited \(signal SIGKILL\)/);
      return true;
    });
    await server.stop();
  });
});
