/**
 * The container images' Dockerfiles, parsed (no daemon runs here): what each stage installs and
 * copies, who the gateway runs as, what it may write, how its health is checked, and that nothing
 * secret reaches a layer or the build context.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import type { Instruction } from 'dockerfile-ast';
import { DEFAULT_HEAP_MB } from '../../gateway/config/heap.js';
import { configSchema } from '../../gateway/config/schema.js';
import { argumentsOf, buildContextFiles, execForm, flagsOf, instructionsOf, parseDockerfile, type Stage } from './support/dockerfile.js';
import { POLICY_MOUNT_PATH, loadShippedPolicy, shippedPolicies } from './support/shippedPolicies.js';

const BUILD_TOOLS = /\b(python3?|make|g\+\+|gcc|build-essential|node-gyp)\b/;
const PACKAGE_INSTALLS = /\b(apt-get|apt|apk|pip3?|npm (ci|install|i)|yarn|pnpm)\b/;
const SECRET_NAMES = /secret|password|passwd|token|private|credential|_key\b|^key$/i;

function contentOf(instruction: Instruction): string {
  return (instruction.getArgumentsContent() ?? '').replace(/\s+/g, ' ');
}

function only<T>(items: readonly T[], what: string): T {
  assert.equal(items.length, 1, `expected exactly one ${what}, found ${items.length}`);
  return items[0] as T;
}

describe('deploy/Dockerfile (the gateway image)', () => {
  const dockerfile = parseDockerfile(resolve('deploy/Dockerfile'));
  const build = dockerfile.stages[0] as Stage;
  const runtime = dockerfile.stages.at(-1) as Stage;
  const policies = shippedPolicies().map(loadShippedPolicy);

  it('builds in one stage and runs from another, both on the same slim Node 20 image', () => {
    assert.equal(dockerfile.stages.length, 2);
    assert.equal(build.name, 'build');
    assert.equal(runtime.name, 'runtime');
    assert.match(runtime.image, /^node:20[.\w-]*-slim$/, 'a slim Node 20 image at run time');
    // The sqlite3 addon compiled in the first stage must load in the second: same Node ABI and glibc.
    assert.equal(runtime.image, build.image);
  });

  it('installs compilers in the build stage only, and nothing at all in the runtime stage', () => {
    assert.ok(
      instructionsOf(build, 'RUN').some((run) => BUILD_TOOLS.test(contentOf(run))),
      'the build stage installs what sqlite3 needs to compile',
    );
    for (const run of instructionsOf(runtime, 'RUN')) {
      assert.doesNotMatch(contentOf(run), PACKAGE_INSTALLS, `runtime stage: ${contentOf(run)}`);
      assert.doesNotMatch(contentOf(run), BUILD_TOOLS, `runtime stage: ${contentOf(run)}`);
    }
  });

  it('compiles the gateway, then keeps production dependencies only', () => {
    const runs = instructionsOf(build, 'RUN').map(contentOf);
    const compile = runs.findIndex((run) => /\btsc -p deploy\/tsconfig\.gateway\.json\b/.test(run));
    const prune = runs.findIndex((run) => /\bnpm prune --omit=dev\b/.test(run));
    assert.ok(compile >= 0, 'the build stage compiles with deploy/tsconfig.gateway.json');
    assert.ok(prune > compile, 'dependencies are pruned after compiling (TypeScript is a dev dependency)');
    assert.ok(
      runs.some((run) => /^npm ci --ignore-scripts && npm rebuild sqlite3\b/.test(run)),
      'install scripts run for sqlite3 alone',
    );
  });

  it('copies into the runtime stage built output and production files, never sources', () => {
    const copies = instructionsOf(runtime, 'COPY').map((copy) => ({ from: flagsOf(copy).get('from'), words: argumentsOf(copy) }));
    const fromBuild = copies.filter((copy) => copy.from === 'build').flatMap((copy) => copy.words.slice(0, -1));
    assert.deepEqual(fromBuild.sort(), ['/app/bin/', '/app/node_modules/', '/app/out/gateway/', '/app/package.json']);
    const fromContext = copies.filter((copy) => copy.from === undefined).flatMap((copy) => copy.words.slice(0, -1));
    assert.deepEqual(fromContext, ['deploy/healthcheck.mjs']);
    assert.equal(instructionsOf(runtime, 'ADD').length, 0);
  });

  it('runs as a fixed, numeric, unprivileged user who owns the data folder and nothing else', () => {
    const user = argumentsOf(only(instructionsOf(runtime, 'USER'), 'USER'))[0] ?? '';
    const [uid, gid] = user.split(':');
    assert.match(user, /^[1-9]\d*:[1-9]\d*$/, 'numeric uid:gid (Kubernetes checks runAsNonRoot against it)');
    const setup = instructionsOf(runtime, 'RUN').map(contentOf).join(' && ');
    assert.match(setup, new RegExp(`useradd [^&]*--uid ${uid} --gid ${gid}\\b`));
    const volume = execForm(only(instructionsOf(runtime, 'VOLUME'), 'VOLUME').getArgumentsContent()) ?? [];
    assert.match(setup, new RegExp(`chown ${uid}:${gid} ${volume[0] ?? '-'}(\\s|$)`), 'the data folder belongs to the gateway user');
    assert.equal((setup.match(/chown/g) ?? []).length, 1, 'the application files stay owned by root');
    const keywords = runtime.instructions.map((instruction) => instruction.getKeyword());
    assert.ok(keywords.lastIndexOf('RUN') < keywords.indexOf('USER'), 'no RUN after switching to the gateway user');
  });

  it('declares as its one volume the data folder of every shipped policy, and their port', () => {
    const volume = execForm(only(instructionsOf(runtime, 'VOLUME'), 'VOLUME').getArgumentsContent());
    const port = argumentsOf(only(instructionsOf(runtime, 'EXPOSE'), 'EXPOSE'));
    for (const config of policies) {
      assert.deepEqual(volume, [config.dataDir], config.source.path);
      assert.deepEqual(port, [String(config.server.port)]);
    }
  });

  it('finds the policy where every example mounts it, and runs in production mode', () => {
    const env = new Map(
      instructionsOf(runtime, 'ENV').flatMap((instruction) =>
        argumentsOf(instruction).map((pair) => pair.split('=', 2) as [string, string]),
      ),
    );
    assert.equal(env.get('AUTOGEN_GATE_CONFIG'), POLICY_MOUNT_PATH);
    assert.equal(env.get('NODE_ENV'), 'production');
  });

  it('gives the gateway a heap within its memory limit in which the largest JSON answer it accepts by default is masked', function () {
    this.timeout(120_000);
    const options = instructionsOf(runtime, 'ENV')
      .flatMap((instruction) => argumentsOf(instruction))
      .find((pair) => pair.startsWith('NODE_OPTIONS='));
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(options ?? '')?.[1]);
    assert.ok(heapMb > 0, 'NODE_OPTIONS sets --max-old-space-size');
    // The budgets of what calls hold are shares of the heap limit: image and `serve` agree on it.
    assert.equal(heapMb, DEFAULT_HEAP_MB, "the image's heap is serve's own default (server.heapMb)");
    const limitMb = Number(/memory: (\d+)M\b/.exec(readFileSync(resolve('deploy/compose/compose.yaml'), 'utf8'))?.[1]);
    assert.ok(heapMb <= limitMb * 0.8, `a ${heapMb} MB heap leaves room for the rest of a ${limitMb} MB container`);
    const server = (configSchema['properties'] as Record<string, { properties: Record<string, { default: unknown }> }>)['server'];
    const maxBytes = Number(server?.properties['maxResponseBytes']?.default);
    // A body of that size dense with personal data, masked whole in a process with that heap.
    const script = `
      const { denseJsonBody } = await import(${JSON.stringify(resolve('out/bench/support/fixtures.js'))});
      const m = await import(${JSON.stringify(resolve('out/gateway/masking/index.js'))});
      const masker = m.createMasker(m.builtinProfile(), m.keyringFromSecrets([{ id: 'k', secret: Buffer.alloc(32, 1) }]));
      const masked = await masker.maskJsonAsync(JSON.parse(denseJsonBody(${maxBytes})));
      process.stdout.write(String(masked.events.length));`;
    const events = execFileSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.ok(Number(events) > 10_000, `masked ${events} values`);
  });

  it('checks health with node alone (the slim image has no curl), on /healthz of the exposed port', () => {
    const healthcheck = only(instructionsOf(runtime, 'HEALTHCHECK'), 'HEALTHCHECK');
    const command = execForm((healthcheck.getArgumentsContent() ?? '').replace(/^CMD\s+/, ''));
    assert.deepEqual(command, ['node', '/app/deploy/healthcheck.mjs']);
    assert.deepEqual([...flagsOf(healthcheck).keys()].sort(), ['interval', 'retries', 'start-period', 'timeout']);
    const script = readFileSync(resolve('deploy/healthcheck.mjs'), 'utf8');
    assert.match(script, /'http:\/\/127\.0\.0\.1:8787\/healthz'/);
    for (const instruction of runtime.instructions) assert.doesNotMatch(contentOf(instruction), /\b(curl|wget)\b/);
  });

  it('starts node itself (exec form), so SIGTERM reaches the gateway and it shuts down gracefully', () => {
    assert.deepEqual(execForm(only(instructionsOf(runtime, 'ENTRYPOINT'), 'ENTRYPOINT').getArgumentsContent()), [
      'node',
      '/app/bin/autogen-gate.js',
    ]);
    assert.deepEqual(execForm(only(instructionsOf(runtime, 'CMD'), 'CMD').getArgumentsContent()), ['serve']);
  });

  it('bakes no secret into a layer: no secret-looking variable, no key or data file copied', () => {
    for (const stage of dockerfile.stages) {
      for (const instruction of [...instructionsOf(stage, 'ENV'), ...instructionsOf(stage, 'ARG')]) {
        for (const pair of argumentsOf(instruction)) {
          const [name = '', value = ''] = pair.split('=', 2);
          assert.doesNotMatch(name, SECRET_NAMES, `${instruction.getKeyword()} ${name}`);
          assert.doesNotMatch(value, /^(env|file):|BEGIN .*PRIVATE KEY/, `${instruction.getKeyword()} ${name}`);
        }
      }
      for (const copy of [...instructionsOf(stage, 'COPY'), ...instructionsOf(stage, 'ADD')]) {
        for (const source of argumentsOf(copy).slice(0, -1)) {
          assert.doesNotMatch(source, /(^|\/)(data|secrets|keys)(\/|$)|\.(pem|key|jwk)$|(^|\/)\.env/, `COPY ${source}`);
        }
      }
    }
  });

  it('sends the builder only what the build stage copies (.dockerignore is an allow-list)', () => {
    const copied = dockerfile.stages
      .flatMap((stage) => instructionsOf(stage, 'COPY'))
      .filter((copy) => flagsOf(copy).get('from') === undefined)
      .flatMap((copy) => argumentsOf(copy).slice(0, -1))
      .map((source) => source.replace(/\/+$/, ''));
    const context = buildContextFiles(resolve('.'));
    assert.ok(context.length > 0);
    for (const file of context) {
      assert.ok(
        copied.some((source) => file === source || file.startsWith(`${source}/`)),
        `${file} is in the build context but no COPY uses it`,
      );
    }
    const ignore = dockerignoreModule.default({ ignorecase: false }).add(readFileSync(resolve('.dockerignore'), 'utf8'));
    for (const secret of [
      'data/keys/masking-k1.key',
      'data/autogen-gate.db',
      'deploy/compose/secrets/masking-key',
      'deploy/compose/secrets/evidence-signing-key.pem',
      '.env',
      '.git/config',
      'node_modules/sqlite3/package.json',
      'out/gateway/server.js',
      'test-artifacts/screenshot.png',
    ]) {
      assert.ok(ignore.ignores(secret), `${secret} must stay out of the build context`);
    }
  });
});

describe('deploy/autogen-studio/Dockerfile (the runtime behind the gateway)', () => {
  const [stage] = parseDockerfile(resolve('deploy/autogen-studio/Dockerfile')).stages;

  it('pins AutoGen Studio, runs it as a numeric non-root user, and checks its health without curl', () => {
    assert.ok(stage);
    const pinned = instructionsOf(stage, 'ARG')
      .map(contentOf)
      .find((arg) => arg.startsWith('AUTOGENSTUDIO_VERSION='));
    assert.match(pinned ?? '', /^AUTOGENSTUDIO_VERSION=\d+(\.\d+)+$/);
    assert.match(argumentsOf(only(instructionsOf(stage, 'USER'), 'USER'))[0] ?? '', /^[1-9]\d*:[1-9]\d*$/);
    const healthcheck = execForm(
      (only(instructionsOf(stage, 'HEALTHCHECK'), 'HEALTHCHECK').getArgumentsContent() ?? '').replace(/^CMD\s+/, ''),
    );
    assert.equal(healthcheck?.[0], 'python');
  });

  it('listens on loopback unless the deployment says otherwise', () => {
    assert.ok(stage);
    const entrypoint = execForm(only(instructionsOf(stage, 'ENTRYPOINT'), 'ENTRYPOINT').getArgumentsContent()) ?? [];
    const command = execForm(only(instructionsOf(stage, 'CMD'), 'CMD').getArgumentsContent()) ?? [];
    assert.deepEqual(entrypoint.slice(0, 2), ['autogenstudio', 'ui']);
    assert.ok(!entrypoint.includes('--host'), 'the host is left to CMD, so a deployment can choose it');
    assert.deepEqual(command, ['--host', '127.0.0.1']);
  });
});
