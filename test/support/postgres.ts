/**
 * A real PostgreSQL server for the test run (mocha global fixtures, loaded by .mocharc.json):
 * started on loopback on a free port with a data directory of the run's own (fsync off: a test
 * run does not need to survive power loss), stopped and deleted at the end. The server refuses
 * to run as root, so under root it runs as the `postgres` user. Suites get databases of their
 * own from `freshPostgresUrl()`.
 *
 * The binaries come from Debian's `postgresql` (scripts/setupPostgres.sh installs it). With
 * AUTOGEN_GATE_TEST_POSTGRES set to a server URL (a CI service, say), that server is used instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const POSTGRES_URL_ENV = 'AUTOGEN_GATE_TEST_POSTGRES';

interface Started {
  readonly bin: string;
  readonly dataDir: string;
  readonly runAs: string | undefined;
}

let started: Started | undefined;

function serverBin(): string {
  const candidates = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((major) => join('/usr/lib/postgresql', major, 'bin'))
    : [];
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) candidates.push(onPath.replace(/\/initdb$/, ''));
  const bin = candidates.find((dir) => ['initdb', 'postgres', 'pg_ctl'].every((tool) => existsSync(join(dir, tool))));
  if (!bin) {
    throw new Error(
      'the store tests need a PostgreSQL server and none is installed: run scripts/setupPostgres.sh (npm test does), or set AUTOGEN_GATE_TEST_POSTGRES to a server URL',
    );
  }
  return bin;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a server tool, as the `postgres` user when this process is root. */
function tool(run: Started, name: string, args: readonly string[]): void {
  const command = join(run.bin, name);
  const [file, argv] = run.runAs ? ['runuser', ['-u', run.runAs, '--', command, ...args]] : [command, [...args]];
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function mochaGlobalSetup(): Promise<void> {
  if (process.env[POSTGRES_URL_ENV]) return;
  const bin = serverBin();
  const runAs = userInfo().uid === 0 ? 'postgres' : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'autogen-gate-pg-'));
  chmodSync(dataDir, 0o700);
  if (runAs) {
    const uid = Number(execFileSync('id', ['-u', runAs], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', runAs], { encoding: 'utf8' }).trim());
    chownSync(dataDir, uid, gid);
  }
  const run = { bin, dataDir, runAs };
  const port = await freePort();
  // Password authentication, as in production: a gateway that sends a wrong one is refused.
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dataDir, 'pwfile');
  try {
    writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
    tool(run, 'initdb', [
      '-D',
      join(dataDir, 'data'),
      '-U',
      'postgres',
      '--auth=scram-sha-256',
      `--pwfile=${pwfile}`,
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ]);
    const options = [
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dataDir}`,
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300',
    ].join(' ');
    tool(run, 'pg_ctl', ['-D', join(dataDir, 'data'), '-o', options, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    const log = existsSync(join(dataDir, 'server.log')) ? readFileSync(join(dataDir, 'server.log'), 'utf8').slice(-2000) : '';
    rmSync(dataDir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`could not start the test PostgreSQL server: ${(error as Error).message}\n${stderr}\n${log}`, { cause: error });
  }
  started = run;
  process.env[POSTGRES_URL_ENV] = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
}

export function mochaGlobalTeardown(): void {
  if (!started) return;
  try {
    tool(started, 'pg_ctl', ['-D', join(started.dataDir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    rmSync(started.dataDir, { recursive: true, force: true });
    started = undefined;
  }
}

/** A new, empty database on the test server; its URL. */
export async function freshPostgresUrl(): Promise<string> {
  const admin = process.env[POSTGRES_URL_ENV];
  if (!admin) throw new Error('no test PostgreSQL server: load test/support/postgres.js as a mocha global fixture (.mocharc.json does)');
  const name = `gate_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
