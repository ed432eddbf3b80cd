/**
 * Builders for the evidence tests (audit, evidence, retention, subjects): a real SQLite store in
 * a temp folder under a real policy file, sessions recorded through the real session recorder
 * with values masked by the real masking engine, a clock the test moves, the CLI run in-process,
 * and a raw connection to tamper with stored rows the way an attacker with file access would.
 */
import { PassThrough } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { main } from '../../../gateway/cli/main.js';
import type { CliIo } from '../../../gateway/cli/context.js';
import { loadConfig } from '../../../gateway/config/load.js';
import type { GatewayConfig } from '../../../gateway/config/types.js';
import { openEvidenceContext, type EvidenceContext } from '../../../gateway/evidence/context.js';
import type { Identity } from '../../../gateway/identity/types.js';
import { createLogger } from '../../../gateway/observability/logger.js';
import { createMetrics } from '../../../gateway/observability/metrics.js';
import type { PolicyDecision } from '../../../gateway/policy/engine.js';
import { SessionRecorder, type PendingMaskingEvent } from '../../../gateway/recording/sessionRecorder.js';
import { MaskingProfiles } from '../../../gateway/runs/maskingProfiles.js';
import { payloadRecordingPolicy } from '../../../gateway/retention/config.js';
import type { Masker } from '../../../gateway/masking/index.js';
import { makeTempDir, removeDir } from '../../support/tempDir.js';
import { sqliteFileOf } from '../../support/storeFile.js';

/** A policy with two http generators: one with personal data, one without. */
export function testPolicy(extra = ''): string {
  return `version: 1
dataDir: ./data
server: { host: 127.0.0.1, port: 0, publicUrl: "https://gate.example.test" }
store: { sqlite: { path: gate.db, synchronous: normal } }
identity:
  issuers:
    - { id: dev, issuer: "https://idp.example.test", audience: autogen-gate }
upstreams:
  runtime: { type: http, url: "http://127.0.0.1:9" }
generators:
  customer-report: { upstream: runtime, personalData: true, masking: lgpd, path: /report }
  config-template: { upstream: runtime, personalData: false, path: /template }
rules:
  - { id: engineers-report, generators: [customer-report], when: { groups: [data-engineers] }, decision: allow }
  - { id: developers-template, generators: [config-template], when: { groups: [developers] }, decision: allow }
  - { id: nobody-else, generators: ["*"], decision: deny }
access: { auditors: [privacy-office] }
${extra}`;
}

/** A clock the test sets and moves. */
export class TestClock {
  constructor(private current: Date) {}
  readonly now = (): Date => new Date(this.current);
  set(date: Date | string): void {
    this.current = new Date(date);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const DAY = 86_400_000;

export function identity(user: 'ana' | 'bruno' | 'carla', groups?: string[]): Identity {
  const defaults: Record<string, string[]> = { ana: ['developers'], bruno: ['developers', 'data-engineers'], carla: ['privacy-office'] };
  return {
    subject: user,
    issuer: 'https://idp.example.test',
    issuerId: 'dev',
    kind: 'person',
    name: user[0]?.toUpperCase() + user.slice(1),
    email: `${user}@example.test`,
    username: user,
    groups: groups ?? defaults[user] ?? [],
    clientId: 'vscode',
    claims: {},
    tokenExpiresAt: undefined,
  };
}

export function decision(effect: 'allow' | 'deny', ruleId = effect === 'allow' ? 'engineers-report' : 'nobody-else'): PolicyDecision {
  return { effect, ruleId, approval: undefined, reason: 'test' };
}

export interface TestGateway {
  readonly dir: string;
  readonly configPath: string;
  readonly config: GatewayConfig;
  readonly clock: TestClock;
  readonly context: EvidenceContext;
  readonly masking: MaskingProfiles;
  /** From now on, sessions are recorded under the retention policy's "metadata only" overrides. */
  applyPayloadPolicy(): void;
  /** Records one run: request and result masked by the real engine, the result's events recorded. */
  run(options: RunOptions): Promise<string>;
  close(): Promise<void>;
}

export interface RunOptions {
  readonly user?: 'ana' | 'bruno' | 'carla';
  readonly generator?: 'customer-report' | 'config-template';
  readonly effect?: 'allow' | 'deny';
  /** Text the upstream "returned", masked before it is recorded. */
  readonly result?: string;
  /** Input fields, masked before they are recorded. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** Another masker (e.g. under rotated keys); default: the policy's `lgpd` profile. */
  readonly masker?: Masker;
}

export async function openTestGateway(options: { readonly policyExtra?: string; readonly start?: string } = {}): Promise<TestGateway> {
  const dir = makeTempDir('autogen-gate-evidence-');
  const configPath = join(dir, 'autogen-gate.yaml');
  writeFileSync(configPath, testPolicy(options.policyExtra));
  const config = loadConfig(configPath);
  const clock = new TestClock(new Date(options.start ?? '2026-01-05T09:00:00.000Z'));
  const context = await openEvidenceContext(config, { clock: clock.now });
  const metrics = createMetrics({ defaultMetrics: false });
  const logger = createLogger({ level: 'silent' });
  let recorder = new SessionRecorder(context.store, () => config.source.version, metrics, logger, clock.now);
  const masking = new MaskingProfiles(config.masking, config.dataDir, config.baseDir);
  await context.store.transact((tx) =>
    tx.appendAudit({
      type: 'gateway.started',
      actor: 'gateway',
      data: {
        policyVersion: config.source.version,
        policyPath: configPath,
        rules: config.rules.map((rule) => ({ id: rule.id, decision: rule.decision })),
      },
    }),
  );

  const run = async (run: RunOptions): Promise<string> => {
    const generator = run.generator ?? 'customer-report';
    const effect = run.effect ?? 'allow';
    const masker = run.masker ?? masking.masker('lgpd');
    const input = masker.maskJson(run.input ?? { month: 'janeiro' });
    const requestEvents: PendingMaskingEvent[] = input.events.map((event) => ({ ...event, location: `input${event.location}` }));
    const sessionId = await recorder.begin({
      kind: 'run',
      requestId: `req-${Math.random().toString(36).slice(2, 10)}`,
      identity: identity(run.user ?? 'bruno'),
      generator,
      upstream: 'runtime',
      method: 'POST',
      path: `/api/v1/generators/${generator}/runs`,
      decision: decision(
        effect,
        effect === 'allow' ? (generator === 'customer-report' ? 'engineers-report' : 'developers-template') : 'nobody-else',
      ),
      status: effect === 'deny' ? 'denied' : 'running',
      request: { contentType: 'application/json', bytes: JSON.stringify(run.input ?? {}).length, body: input.value },
      requestEvents,
      ...(effect === 'deny' ? { httpStatus: 403, error: { code: 'denied_by_policy', message: 'denied' } } : {}),
    });
    if (effect === 'deny') return sessionId;
    const result = masker.maskText(run.result ?? 'Nothing personal here.');
    const body = { format: 'markdown', text: result.value, messages: [] };
    await recorder.complete(
      sessionId,
      {
        status: 'succeeded',
        httpStatus: 200,
        upstreamStatus: 200,
        response: { contentType: 'application/json', bytes: JSON.stringify(body).length, body },
        upstreamMs: 12,
        totalMs: 15,
        maskingProfile: 'lgpd',
        events: result.events.map((event) => ({ ...event, location: `result:/text:${event.location}` })),
      },
      requestEvents.length,
    );
    return sessionId;
  };

  return {
    dir,
    configPath,
    config,
    clock,
    context,
    masking,
    run,
    applyPayloadPolicy() {
      recorder = new SessionRecorder(
        context.store,
        () => config.source.version,
        metrics,
        logger,
        clock.now,
        payloadRecordingPolicy(config.retention),
      );
    },
    async close() {
      await context.close();
      removeDir(dir);
    },
  };
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `autogen-gate ARGS` in-process, in `cwd`, capturing its output. */
export async function cli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const io: CliIo = { stdin: new PassThrough(), stdout, stderr, env: { USER: 'privacy-officer', ...env }, cwd };
  const code = await main(args, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** A raw read-write connection to the store file, as someone with file access has. */
export class RawDb {
  private constructor(private readonly db: sqlite3.Database) {}

  static open(path: string): Promise<RawDb> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(path, sqlite3.OPEN_READWRITE, (error) => (error ? reject(error) : resolve(new RawDb(db))));
    });
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve(this.changes);
      });
    });
  }

  all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows)));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  }
}

/** Applies raw SQL to the store file of a gateway (then closes the raw connection). */
export async function tamper(gateway: TestGateway, ...statements: ReadonlyArray<string | readonly [string, unknown[]]>): Promise<void> {
  const db = await RawDb.open(sqliteFileOf(gateway.config.store));
  try {
    for (const statement of statements) {
      if (typeof statement === 'string') await db.run(statement);
      else await db.run(statement[0], [...statement[1]]);
    }
  } finally {
    await db.close();
  }
}
