/**
 * `npm run bench:evidence`: how long the evidence work takes on a store of realistic
 * size. Records N sessions through the real session recorder (results masked by the real
 * engine, so each session has a start entry, a completion entry and masking events), then
 * measures: chain-only verification, full verification (chain + session and masking
 * cross-checks), an evidence bundle of one day, a data-subject look-up, and a retention purge
 * that deletes half the store (payloads, sessions, audit prefix) followed by a verification
 * from the signed anchor. Figures are medians of BENCH_ROUNDS runs where the step is repeatable.
 *
 * Environment: BENCH_SESSIONS (default 50000: 100 000 audit entries), BENCH_ROUNDS (default 3).
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../gateway/config/load.js';
import { openEvidenceContext } from '../../gateway/evidence/context.js';
import { createLogger } from '../../gateway/observability/logger.js';
import { createMetrics } from '../../gateway/observability/metrics.js';
import { SessionRecorder } from '../../gateway/recording/sessionRecorder.js';
import { MaskingProfiles } from '../../gateway/runs/maskingProfiles.js';
import { makeTempDir, removeDir } from '../../test/support/tempDir.js';
import { identity, decision, RawDb, testPolicy } from '../../test/gateway/evidence/support.js';
import { sqliteFileOf } from '../../test/support/storeFile.js';

const SESSIONS = Number(process.env['BENCH_SESSIONS'] ?? 50_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const DAY = 86_400_000;
const START = Date.parse('2024-01-01T00:00:00Z');
/** Spread over two years, so a purge at two years with one year of metadata deletes half. */
const STEP = Math.floor((2 * 365 * DAY) / SESSIONS);
const CPFS = ['529.982.247-25', '111.444.777-35', '390.533.447-05', '853.513.468-93'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const began = performance.now();
  const value = await work();
  return { ms: performance.now() - began, value };
}

async function main(): Promise<void> {
  const dir = makeTempDir('autogen-gate-bench-evidence-');
  try {
    const configPath = join(dir, 'autogen-gate.yaml');
    writeFileSync(
      configPath,
      testPolicy('retention: { payloads: 30d, metadata: 365d, purge: { every: "off" } }\nevidence: { checkpointEvery: "off" }\n'),
    );
    const config = loadConfig(configPath);
    let now = START;
    const clock = (): Date => new Date(now);
    const context = await openEvidenceContext(config, { clock });
    const recorder = new SessionRecorder(
      context.store,
      () => config.source.version,
      createMetrics({ defaultMetrics: false }),
      createLogger({ level: 'silent' }),
      clock,
    );
    const masker = new MaskingProfiles(config.masking, config.dataDir, config.baseDir).masker('lgpd');

    const fill = await timed(async () => {
      const batch = 500;
      for (let i = 0; i < SESSIONS; i += batch) {
        await Promise.all(
          Array.from({ length: Math.min(batch, SESSIONS - i) }, async (_, j) => {
            const n = i + j;
            now = START + n * STEP;
            const id = await recorder.begin({
              kind: 'run',
              requestId: `r${n}`,
              identity: identity(n % 3 === 0 ? 'ana' : 'bruno'),
              generator: 'customer-report',
              upstream: 'runtime',
              method: 'POST',
              path: '/api/v1/generators/customer-report/runs',
              decision: decision('allow'),
              status: 'running',
              request: { contentType: 'application/json', bytes: 20, body: { month: 'janeiro' } },
            });
            const result = masker.maskText(`Cliente ${n}: CPF ${CPFS[n % CPFS.length] ?? ''}, e-mail cliente${n % 97}@exemplo.com.br.`);
            await recorder.complete(id, {
              status: 'succeeded',
              httpStatus: 200,
              response: { contentType: 'application/json', bytes: result.value.length, body: { text: result.value } },
              maskingProfile: 'lgpd',
              events: result.events.map((event) => ({ ...event, location: `result:/text:${event.location}` })),
            });
          }),
        );
      }
    });
    const head = await context.store.readAudit(0, 1);
    const raw = await RawDb.open(sqliteFileOf(config.store));
    const [counts] = await raw.all<{ entries: number; events: number }>(
      'SELECT (SELECT COUNT(*) FROM audit_log) AS entries, (SELECT COALESCE(SUM(event_count), 0) FROM masking_batches) AS events',
    );
    await raw.close();
    const entries = counts?.entries ?? 0;
    const events = counts?.events ?? 0;
    void head;

    const chainOnly: number[] = [];
    const full: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const chain = await timed(() => context.evidence.verify({ chainOnly: true }));
      if (!chain.value.ok) throw new Error('the chain does not verify');
      chainOnly.push(chain.ms);
      const all = await timed(() => context.evidence.verify());
      if (!all.value.ok) throw new Error('the records do not verify');
      full.push(all.ms);
    }

    now = START + 2 * 365 * DAY;
    const day = new Date(START + 200 * DAY);
    const bundle = await timed(() =>
      context.evidence.exportBundle({ scope: 'period', from: day.toISOString(), to: new Date(day.getTime() + DAY).toISOString() }, 'bench'),
    );
    const lookups: number[] = [];
    let found = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const lookup = await timed(() =>
        context.subjects().find({ values: [{ detector: 'cpf', value: CPFS[0] ?? '' }], actor: 'bench', exported: false }),
      );
      lookups.push(lookup.ms);
      found = lookup.value.report.summary.sessions;
    }
    const purge = await timed(() => context.retention.purge({ trigger: 'cli' }));
    const afterPurge = await timed(() => context.evidence.verify());
    if (!afterPurge.value.ok) throw new Error('the chain does not verify after the purge');
    const size = statSync(sqliteFileOf(config.store)).size;
    await context.close();

    const figures = {
      sessions: SESSIONS,
      auditEntries: entries,
      maskingEvents: events,
      storeMiB: +(size / 1024 ** 2).toFixed(1),
      recordMs: Math.round(fill.ms),
      verifyChainOnlyMs: Math.round(median(chainOnly)),
      verifyChainOnlyEntriesPerSecond: Math.round(entries / (median(chainOnly) / 1000)),
      verifyFullMs: Math.round(median(full)),
      bundleOfOneDay: {
        ms: Math.round(bundle.ms),
        sessions: bundle.value.issued.document.content.summary.sessions,
        bytes: bundle.value.issued.text.length,
      },
      subjectLookup: { ms: +median(lookups).toFixed(1), sessionsFound: found },
      purgeHalf: {
        ms: Math.round(purge.ms),
        payloads: purge.value.totals.payloads,
        sessions: purge.value.totals.sessions,
        auditEntries: purge.value.audit.range?.count ?? 0,
      },
      verifyAfterPurge: {
        ms: Math.round(afterPurge.ms),
        entries: afterPurge.value.chain.entries,
        anchor: afterPurge.value.chain.anchor.kind,
      },
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    removeDir(dir);
  }
}

await main();
