/**
 * The gateway image's application files, built from deploy/Dockerfile without a container engine
 * (support/imageBuild.ts says which steps run as written and which are stood in for), then run:
 * the gateway starts from those files alone with a shipped policy and generated keys, writes
 * nothing outside its data folder and temporary directory, answers its health check, and stops
 * cleanly on SIGTERM.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { deadPort, startTestUpstream } from '../support/httpUpstream.js';
import { makeTempDir, removeDir } from '../support/tempDir.js';
import { buildImageFiles, type BuiltImageFiles } from './support/imageBuild.js';
import { shippedPolicies } from './support/shippedPolicies.js';

/** Development tools that must not reach the image. */
const DEV_TOOLS = [
  'typescript',
  'mocha',
  'eslint',
  'prettier',
  'esbuild',
  'playwright-core',
  '@vscode/vsce',
  'kubernetes-models',
  'dclint',
];

/** Every file below `root` (relative path → size and modification time), symbolic links included. */
function snapshot(root: string, dir = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(join(root, dir))) {
    const path = dir ? `${dir}/${name}` : name;
    const stat = lstatSync(join(root, path));
    if (stat.isDirectory()) for (const [file, state] of snapshot(root, path)) files.set(file, state);
    else files.set(path, `${stat.size}:${stat.mtimeMs}`);
  }
  return files;
}

/** Runs node without blocking this process, which may be serving the request the child makes. */
function runNode(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('close', (status) => resolvePromise({ status, output }));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null) resolvePromise(child.exitCode);
    else child.once('exit', (code) => resolvePromise(code));
  });
}

describe('the gateway image, built without a container engine', function () {
  // Compiling the gateway and pruning dependencies take most of it (about 40 s on two cores).
  this.timeout(240_000);
  let work: string;
  let image: BuiltImageFiles;

  before(() => {
    work = makeTempDir('autogen-gate-image-');
    image = buildImageFiles(resolve('deploy/Dockerfile'), resolve('.'), join(work, 'stages'));
  });
  after(() => removeDir(work));

  it('runs every build step as written except the system packages and npm ci', () => {
    const notRun = image.steps
      .filter((step) => step.how !== 'ran')
      .map((step) => `${step.how}: ${step.stage}: ${step.instruction.split(' ').slice(0, 3).join(' ')}`);
    assert.deepEqual(notRun, [
      'skipped: build: RUN apt-get update',
      'stood in: build: RUN npm ci',
      'skipped: runtime: RUN groupadd --system',
    ]);
    assert.equal(image.appWorkdir, '/app');
  });

  it('holds the compiled gateway and its production dependencies, without sources or development tools', () => {
    const files = [...snapshot(image.appDir).keys()];
    for (const expected of [
      'package.json',
      'bin/autogen-gate.js',
      'out/gateway/cli/main.js',
      'out/gateway/server.js',
      'deploy/healthcheck.mjs',
      'node_modules/sqlite3/build/Release/node_sqlite3.node',
      'node_modules/express/package.json',
      'node_modules/jose/package.json',
    ]) {
      assert.ok(files.includes(expected), `${expected} is missing`);
    }
    const ownFiles = files.filter((file) => !file.startsWith('node_modules/'));
    assert.deepEqual(
      ownFiles.filter((file) => file.endsWith('.ts') || /^out\/(?!gateway\/)/.test(file) || file.startsWith('gateway/')),
      [],
      'no TypeScript sources, tests, extension or benchmarks',
    );
    for (const tool of DEV_TOOLS) assert.ok(!existsSync(join(image.appDir, 'node_modules', tool)), `${tool} is a development tool`);
    assert.ok(!existsSync(join(image.appDir, 'node_modules/sqlite3/deps')), "sqlite3's sources are left in the build stage");
  });

  it('starts the gateway from those files alone', async () => {
    const help = await runNode(['bin/autogen-gate.js', 'serve', '--help'], { cwd: image.appDir, env: { PATH: process.env['PATH'] ?? '' } });
    assert.equal(help.status, 0, help.output);
    assert.match(help.output, /--config <file>/);
  });

  describe('serving the sidecar policy with keys from make-secrets.sh', () => {
    let dataDir: string;
    let tmpDir: string;
    let port: number;
    let gateway: ChildProcess;
    let stderr = '';
    let appFilesBefore: Map<string, string>;

    it('starts, with the store in its data folder and no key generated', async () => {
      const secrets = join(work, 'secrets');
      const made = spawnSync('sh', [resolve('deploy/make-secrets.sh'), secrets], { encoding: 'utf8' });
      assert.equal(made.status, 0, made.stderr);
      dataDir = join(work, 'data');
      tmpDir = join(work, 'tmp');
      mkdirSync(tmpDir);

      // Everything outside this machine points at a port nothing listens on: tests send traffic to loopback only.
      const unreachable = `http://127.0.0.1:${await deadPort()}`;
      const sidecar = shippedPolicies().find((policy) => policy.example === 'sidecar');
      assert.ok(sidecar);
      const policy = parseDocument(sidecar.text);
      policy.setIn(['dataDir'], dataDir);
      policy.setIn(['upstreams', 'autogen', 'url'], unreachable);
      policy.setIn(['identity', 'issuers', 0, 'issuer'], `${unreachable}/company`);
      policy.setIn(['identity', 'issuers', 1, 'issuer'], `${unreachable}/github`);
      const policyFile = join(work, 'autogen-gate.yaml');
      writeFileSync(policyFile, policy.toString().replaceAll('file:/run/secrets/autogen-gate/', `file:${secrets}/`));

      appFilesBefore = snapshot(image.appDir);
      port = await deadPort();
      gateway = spawn(
        process.execPath,
        ['bin/autogen-gate.js', 'serve', '--config', policyFile, '--host', '127.0.0.1', '--port', String(port)],
        {
          cwd: image.appDir,
          env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', HOME: join(work, 'no-home'), TMPDIR: tmpDir },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      await new Promise<void>((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${stderr}`)), 30_000);
        gateway.stderr?.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('AutoGen Gate listening on')) {
            clearTimeout(timer);
            resolvePromise();
          }
        });
        gateway.once('exit', (code) => reject(new Error(`the gateway exited (${code}):\n${stderr}`)));
      });

      assert.ok(existsSync(join(dataDir, 'autogen-gate.db')));
      assert.deepEqual(readdirSync(join(dataDir, 'keys')), ['evidence-public.jwks'], 'every private key came from a secret file');
    });

    it('answers the image health check, and proves the store writable on /readyz', async () => {
      const healthy = await runNode(['deploy/healthcheck.mjs'], {
        cwd: image.appDir,
        env: { PATH: '', AUTOGEN_GATE_HEALTHCHECK_URL: `http://127.0.0.1:${port}/healthz` },
      });
      assert.equal(healthy.status, 0, healthy.output);

      const readiness = await fetch(`http://127.0.0.1:${port}/readyz`);
      const body = (await readiness.json()) as { checks: { name: string; ok: boolean }[] };
      assert.equal(readiness.status, 503, 'not ready: the identity providers and Studio are unreachable here');
      assert.deepEqual(
        body.checks.filter((check) => check.ok).map((check) => check.name),
        ['store'],
      );
    });

    it('stops on SIGTERM with exit code 0, having written nothing among its own files', async () => {
      gateway.kill('SIGTERM');
      assert.equal(await exited(gateway), 0, stderr);
      assert.deepEqual(snapshot(image.appDir), appFilesBefore, 'the root filesystem can be read-only');
      assert.ok(!existsSync(join(work, 'no-home')), 'nothing is written under HOME');
    });

    after(() => {
      if (gateway.exitCode === null) gateway.kill('SIGKILL');
    });
  });

  it('reports unhealthy when the gateway does not answer 200', async () => {
    const refused = await runNode(['deploy/healthcheck.mjs'], {
      cwd: image.appDir,
      env: { PATH: '', AUTOGEN_GATE_HEALTHCHECK_URL: `http://127.0.0.1:${await deadPort()}/healthz` },
    });
    assert.equal(refused.status, 1);

    const failing = await startTestUpstream((_request, response) => {
      response.statusCode = 503;
      response.end('{"status":"shutting down"}');
    });
    try {
      const answered = await runNode(['deploy/healthcheck.mjs'], {
        cwd: image.appDir,
        env: { PATH: '', AUTOGEN_GATE_HEALTHCHECK_URL: `${failing.url}/healthz` },
      });
      assert.equal(answered.status, 1, answered.output);
      assert.equal(failing.received.length, 1, 'the health check asked, and was answered 503');
    } finally {
      await failing.close();
    }
  });
});
