/**
 * The README's walk-through ("Try it"), run as written: its shell blocks are read from
 * README.md, what `npm start` starts (`serve --dev`: gateway, dev IdP, demo runtime) runs in a
 * temp folder on free ports, and each command runs in one bash session, in order, as a reader
 * would type them in a second terminal. Only the addresses change (the README's ports, and
 * AUTOGEN_GATE_URL for the commands' default gateway); `npx autogen-gate` runs this checkout's
 * bin. Every command must succeed, the key ones must say what the README promises, and every
 * file the walk-through writes must land in walkthrough/ (ignored by git). So the README cannot
 * drift from the code.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoCustomers } from '../../gateway/dev/demoRuntime/demoData.js';
import { deadPort } from '../support/httpUpstream.js';
import { makeTempDir, removeDir } from '../support/tempDir.js';

interface CommandResult {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface Expectation {
  /** Which command of the walk-through this is about. */
  readonly command: RegExp;
  readonly check: (result: CommandResult) => void;
}

const README = readFileSync(resolve('README.md'), 'utf8');
const BIN = resolve('bin/autogen-gate.js');
/** The addresses `npm start` uses, as the README writes them. */
const DEFAULT_PORTS = { gateway: 8787, idp: 8788, runtime: 8789 } as const;

/** The "Try it" section: from its heading to the next second-level one. */
function walkthroughSection(readme: string): string {
  const start = readme.indexOf('### Try it');
  assert.ok(start >= 0, 'README.md has no "### Try it" section');
  const next = readme.slice(start).search(/^## /m);
  return next < 0 ? readme.slice(start) : readme.slice(start, start + next);
}

/** The commands of the section's ```sh blocks: continuation lines joined, comments and blank lines left out. */
function walkthroughCommands(section: string): string[] {
  const commands: string[] = [];
  for (const [, block = ''] of section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    let pending = '';
    for (const line of block.split('\n')) {
      if (pending === '' && (line.trim() === '' || line.trim().startsWith('#'))) continue;
      pending += pending === '' ? line : `\n${line}`;
      if (!line.endsWith('\\')) {
        commands.push(pending);
        pending = '';
      }
    }
    assert.equal(pending, '', 'a shell block ends in the middle of a command');
  }
  return commands;
}

function noDemoCpf(text: string): boolean {
  return demoCustomers(6).every((customer) => !text.includes(customer.cpf));
}

const EXPECTATIONS: readonly Expectation[] = [
  {
    command: /dev-token --user (ana|bruno|carla)\)$/,
    check: (result) =>
      assert.match(result.stderr, /^dev-token: (ana|bruno|carla) \(.*\) from http:\/\/127\.0\.0\.1:\d+ via authorization code/),
  },
  {
    command: /^npx autogen-gate generators$/,
    check: (result) => {
      assert.match(result.stdout, /^As Ana Souza \(ana; groups: developers\):/);
      assert.match(result.stdout, /config-template {2}now/);
      assert.match(
        result.stdout,
        /Not for you:\n {2}customer-report: denied by rule customer-report-data-engineers-only\.\n {4}Rule customer-report-privacy-approval would hold it/,
      );
    },
  },
  {
    command: /^npx autogen-gate run config-template --set service=payments-api$/,
    check: (result) => assert.match(result.stdout, /name: payments-api/),
  },
  {
    command: /^RUN=\$\(npx autogen-gate run customer-report .* --detach\)$/,
    check: (result) => assert.match(result.stderr, /held for approval by one member of privacy-office/),
  },
  {
    command: /^npx autogen-gate approvals$/,
    check: (result) => assert.match(result.stdout, /customer-report {2}Bruno Lima \(bruno\) .* pending {2}0 of 1 approval/),
  },
  {
    command: /^npx autogen-gate approvals decide "\$RUN" --approve/,
    check: (result) => assert.match(result.stdout, /^Approved [0-9a-f]{8} \(customer-report for Bruno Lima\): 1 of 1 approval\./),
  },
  {
    command: /^npx autogen-gate wait "\$RUN"$/,
    check: (result) => {
      assert.match(result.stdout, /Relatório de clientes — novembro de 2026/);
      assert.match(result.stdout, /\[CPF\]/);
      assert.ok(noDemoCpf(result.stdout), 'the report arrives masked');
      assert.match(result.stderr, /approved by Carla Mendes: "monthly report"/);
    },
  },
  {
    command: /^npx autogen-gate sessions$/,
    check: (result) => assert.match(result.stdout, /customer-report +approval \(customer-report-privacy-approval\) +succeeded +[1-9]/),
  },
  {
    command: /^npx autogen-gate sessions show "\$RUN"$/,
    check: (result) => {
      assert.match(result.stdout, /approval +approved by Carla Mendes: "monthly report"/);
      assert.match(result.stdout, /completed +succeeded/);
    },
  },
  {
    command: /^npx autogen-gate audit verify$/,
    check: (result) => assert.match(result.stdout, /^Audit chain of .*: OK\n/),
  },
  {
    command: /^npx autogen-gate evidence export /,
    check: (result) => assert.match(result.stdout + result.stderr, /Wrote .*walkthrough\/evidence\.json/),
  },
  {
    command: /^npx autogen-gate evidence verify walkthrough\/evidence\.json$/,
    check: (result) => assert.match(result.stdout, /^walkthrough\/evidence\.json: VERIFIED\n/),
  },
  {
    command: /\| npx autogen-gate mask$/,
    check: (result) => assert.equal(result.stdout, 'Cliente [NOME], CPF [CPF]\n'),
  },
  {
    command: /npx autogen-gate run config-template .*--out walkthrough\/config\.yaml$/,
    check: (result) => assert.match(result.stderr, /authenticated with client credentials of ci-bot/),
  },
];

function freePorts(): Promise<{ gateway: number; idp: number; runtime: number }> {
  return (async () => {
    for (;;) {
      const [gateway, idp, runtime] = [await deadPort(), await deadPort(), await deadPort()];
      if (new Set([gateway, idp, runtime]).size === 3) return { gateway, idp, runtime };
    }
  })();
}

/** The README's addresses, moved to the test's ports. */
function readdress(text: string, ports: { gateway: number; idp: number; runtime: number }): string {
  return text
    .replaceAll(`127.0.0.1:${DEFAULT_PORTS.gateway}`, `127.0.0.1:${ports.gateway}`)
    .replaceAll(`127.0.0.1:${DEFAULT_PORTS.idp}`, `127.0.0.1:${ports.idp}`)
    .replaceAll(`127.0.0.1:${DEFAULT_PORTS.runtime}`, `127.0.0.1:${ports.runtime}`)
    .replace(`port: ${DEFAULT_PORTS.gateway}`, `port: ${ports.gateway}`);
}

async function waitUntilReady(url: string, serve: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (serve.exitCode !== null) throw new Error(`serve --dev exited (${serve.exitCode}):\n${log()}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`serve --dev was not ready within 60 s:\n${log()}`);
}

/** Runs the commands in one bash session, each command's streams and status kept apart. */
function runInBash(commands: readonly string[], cwd: string, scratch: string, env: NodeJS.ProcessEnv): Promise<CommandResult[]> {
  const out = join(scratch, 'results');
  mkdirSync(out, { recursive: true });
  const script = [
    // `npx autogen-gate` is this checkout's CLI (the README runs it from the repository root).
    'npx() { if [ "$1" = autogen-gate ]; then shift; node "$AG_BIN" "$@"; else command npx "$@"; fi; }',
    ...commands.map((command, i) => `{ ${command}\n} >"$AG_OUT/${i}.out" 2>"$AG_OUT/${i}.err" </dev/null; echo $? >"$AG_OUT/${i}.rc"`),
    '',
  ].join('\n');
  writeFileSync(join(scratch, 'walkthrough.sh'), script);
  return new Promise((resolvePromise, reject) => {
    const bash = spawn('bash', [join(scratch, 'walkthrough.sh')], {
      cwd,
      env: { ...env, AG_BIN: BIN, AG_OUT: out },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const timer = setTimeout(() => bash.kill('SIGKILL'), 240_000);
    bash.on('error', reject);
    bash.on('close', () => {
      clearTimeout(timer);
      resolvePromise(
        commands.map((command, i) => {
          const read = (suffix: string): string =>
            existsSync(join(out, `${i}.${suffix}`)) ? readFileSync(join(out, `${i}.${suffix}`), 'utf8') : '';
          const rc = read('rc').trim();
          return { command, code: rc === '' ? -1 : Number(rc), stdout: read('out'), stderr: read('err') };
        }),
      );
    });
  });
}

describe('README walk-through, as written, against what npm start starts', function () {
  this.timeout(300_000);
  const section = walkthroughSection(README);
  const commands = walkthroughCommands(section);
  let work: string;
  let scratch: string;
  let serve: ChildProcess | undefined;
  let serveLog = '';
  let results: CommandResult[] = [];

  before(async () => {
    work = makeTempDir('autogen-gate-readme-');
    scratch = makeTempDir('autogen-gate-readme-scratch-');
    const ports = await freePorts();
    writeFileSync(join(work, 'autogen-gate.yaml'), readdress(readFileSync(resolve('autogen-gate.yaml'), 'utf8'), ports));
    serve = spawn(process.execPath, [BIN, 'serve', '--dev'], {
      cwd: work,
      env: { PATH: process.env['PATH'] ?? '', HOME: scratch },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serve.stdout?.on('data', (chunk: Buffer) => (serveLog += chunk.toString()));
    serve.stderr?.on('data', (chunk: Buffer) => (serveLog += chunk.toString()));
    const gateway = `http://127.0.0.1:${ports.gateway}`;
    await waitUntilReady(gateway, serve, () => serveLog);
    results = await runInBash(
      commands.map((command) => readdress(command, ports)),
      work,
      scratch,
      {
        PATH: process.env['PATH'] ?? '',
        HOME: scratch,
        XDG_CONFIG_HOME: join(scratch, 'config'),
        AUTOGEN_GATE_URL: gateway,
      },
    );
  });

  after(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((done) => serve?.once('exit', done));
      serve.kill('SIGTERM');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
      if (serve.exitCode === null) serve.kill('SIGKILL');
    }
    removeDir(work);
    removeDir(scratch);
  });

  it('tells the reader to run the commands in a second terminal, next to npm start', () => {
    assert.match(section, /open a second terminal/);
    assert.ok(!commands.some((command) => /npm start|&\s*$/.test(command)), 'nothing is started or left running in the background');
    assert.ok(commands.length >= 15, `only ${commands.length} commands found`);
  });

  it('runs every command successfully', () => {
    for (const result of results) {
      assert.equal(result.code, 0, `${result.command}\nexit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
    }
  });

  it('prints what the README promises at each key step', () => {
    for (const expectation of EXPECTATIONS) {
      const matching = results.filter((result) => expectation.command.test(result.command));
      assert.ok(matching.length > 0, `no command of the walk-through matches ${expectation.command}: update this test with the README`);
      for (const result of matching) expectation.check(result);
    }
  });

  it('writes its files only into walkthrough/, which git ignores', () => {
    assert.deepEqual(readdirSync(work).sort(), ['autogen-gate.yaml', 'data', 'walkthrough']);
    assert.deepEqual(readdirSync(join(work, 'walkthrough')).sort(), ['config.yaml', 'evidence.json', 'report.html']);
    const ignored = readFileSync(resolve('.gitignore'), 'utf8').split('\n');
    assert.ok(ignored.includes('/walkthrough/') && ignored.includes('/data/'));
  });
});
