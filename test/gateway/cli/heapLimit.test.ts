import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocatorEnv, heapFlags, userSizedHeap } from '../../../gateway/cli/heapLimit.js';
import { DEFAULT_HEAP_MB } from '../../../gateway/config/heap.js';
import { startGatewayProcess, type GatewayProcess } from '../../support/gatewayProcess.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';

/** A process's children's `file` in /proc (`cmdline`, `environ`: NUL-separated), as lists (Linux). */
function ofChildren(pid: number, file: 'cmdline' | 'environ'): string[][] {
  const list = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(list)) return [];
  return readFileSync(list, 'utf8')
    .trim()
    .split(/\s+/)
    .filter((id) => id !== '')
    .map((id) =>
      readFileSync(`/proc/${id}/${file}`, 'utf8')
        .split('\0')
        .filter((arg) => arg !== ''),
    );
}

/** The command lines of a process's children. */
function childCommandLines(pid: number): string[][] {
  return ofChildren(pid, 'cmdline');
}

function policy(dir: string, heapMb?: number): string {
  const path = join(dir, `policy-${heapMb ?? 'default'}.yaml`);
  writeFileSync(
    path,
    `version: 1
dataDir: ${join(dir, `data-${heapMb ?? 'default'}`)}
server: { port: 0${heapMb === undefined ? '' : `, heapMb: ${heapMb}`} }
identity:
  issuers: [{ id: dev, issuer: 'https://login.example.com', audience: autogen-gate }]
upstreams:
  echo: { type: http, url: 'http://127.0.0.1:9', masking: lgpd }
rules:
  - { id: devs, upstreams: [echo], when: { groups: [developers] }, decision: allow }
`,
  );
  return path;
}

describe('the gateway heap limit (server.heapMb)', () => {
  it('leaves the heap to the user who sized it, on the command line or in NODE_OPTIONS, in either spelling', () => {
    assert.equal(userSizedHeap([], {}), false);
    assert.equal(userSizedHeap(['--max-semi-space-size=16'], { NODE_OPTIONS: '--enable-source-maps' }), false);
    assert.equal(userSizedHeap(['--max-old-space-size=512'], {}), true);
    assert.equal(userSizedHeap([], { NODE_OPTIONS: '--enable-source-maps --max_old_space_size=512' }), true);
    assert.equal(userSizedHeap([], { NODE_OPTIONS: '--max-heap-size=600' }), true);
  });

  it('gives Node a limit only when there is one', () => {
    assert.deepEqual(heapFlags(384), ['--max-old-space-size=384', '--max-semi-space-size=8']);
    assert.deepEqual(heapFlags(0), []);
  });

  it('sizes the young generation with the old one, never above what Node gives a large host', () => {
    assert.deepEqual(heapFlags(96), ['--max-old-space-size=96', '--max-semi-space-size=2']);
    assert.deepEqual(heapFlags(10), ['--max-old-space-size=10', '--max-semi-space-size=1']);
    assert.deepEqual(heapFlags(4096), ['--max-old-space-size=4096', '--max-semi-space-size=16']);
  });

  it("holds glibc's mmap threshold at its default unless the user tunes the allocator", () => {
    assert.deepEqual(allocatorEnv({}), { MALLOC_MMAP_THRESHOLD_: String(128 * 1024) });
    assert.deepEqual(allocatorEnv({ MALLOC_ARENA_MAX: '2' }), {});
    assert.deepEqual(allocatorEnv({ MALLOC_MMAP_THRESHOLD_: '65536' }), {});
    assert.deepEqual(allocatorEnv({ GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=0' }), {});
  });

  describe('autogen-gate serve', function () {
    this.timeout(60_000);
    let dir: string;
    const running: GatewayProcess[] = [];
    const env = { NODE_OPTIONS: '' };

    before(() => {
      dir = makeTempDir('heap-limit-');
    });
    afterEach(async () => {
      for (const gateway of running.splice(0)) await gateway.kill('SIGTERM');
    });
    after(() => removeDir(dir));

    async function serve(path: string, extra: NodeJS.ProcessEnv = env): Promise<GatewayProcess> {
      const gateway = await startGatewayProcess({ policyPath: path, env: extra });
      running.push(gateway);
      return gateway;
    }

    it('runs the gateway in a child with the default limit, which answers', async () => {
      const gateway = await serve(policy(dir));
      const [child, ...more] = childCommandLines(gateway.child.pid ?? 0);
      assert.equal(more.length, 0);
      assert.equal(DEFAULT_HEAP_MB, 384);
      assert.ok(child?.includes(`--max-old-space-size=${DEFAULT_HEAP_MB}`), String(child));
      assert.ok(ofChildren(gateway.child.pid ?? 0, 'environ')[0]?.includes(`MALLOC_MMAP_THRESHOLD_=${128 * 1024}`));
      assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200);
    });

    it("starts it again with the policy's limit, or Node's own for 0", async () => {
      const limited = await serve(policy(dir, 200));
      assert.ok(childCommandLines(limited.child.pid ?? 0)[0]?.includes('--max-old-space-size=200'));
      const unlimited = await serve(policy(dir, 0));
      const child = childCommandLines(unlimited.child.pid ?? 0)[0] ?? [];
      assert.ok(child.includes('serve') && !child.some((arg) => arg.startsWith('--max-old-space-size')), String(child));
    });

    it('runs in one process when NODE_OPTIONS sizes the heap', async () => {
      const gateway = await serve(policy(dir), { NODE_OPTIONS: '--max-old-space-size=300' });
      assert.deepEqual(childCommandLines(gateway.child.pid ?? 0), []);
      assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200);
    });

    it('does not outlive a launcher killed outright', async () => {
      const gateway = await serve(policy(dir));
      const url = gateway.url;
      await gateway.kill('SIGKILL');
      let answered = true;
      for (let attempt = 0; attempt < 100 && answered; attempt++) {
        answered = await fetch(`${url}/healthz`).then(
          () => true,
          () => false,
        );
        if (answered) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(answered, false);
    });
  });
});
