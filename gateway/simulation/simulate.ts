/**
 * Policy what-if: every session of a period replayed through the policy in force and through a
 * draft (replay.ts), compared decision by decision. It reads the store page by page on one
 * snapshot and writes nothing; `runSimulation` (service.ts) records that it ran.
 */
import type { AuditEntry } from '../audit/chain.js';
import type { ReadRepositories } from '../store/types.js';
import { factsOf, governed, replayCall, unkeptClaims, type PolicyUnderTest, type RecordedFacts } from './replay.js';
import { ReportBuilder, type SimulationReport } from './report.js';
import type { CallCursor, RecordedCall } from './types.js';

export interface SimulationRequest {
  /** ISO bounds: inclusive from, exclusive to. */
  readonly period: { readonly from: string; readonly to: string };
  /** Only the sessions of this generator. */
  readonly generator?: string | undefined;
  /** Calls listed at most per list (counts are always complete); default: every one. */
  readonly limit?: number | undefined;
}

/** Sessions read per page. */
const PAGE = 500;

/** A session refused before policy was asked has nothing to replay (its request was never inspected). */
function decidedByPolicy(call: RecordedCall): boolean {
  return call.ruleId !== 'gateway' && !call.ruleId.startsWith('gateway:');
}

function group(entries: readonly AuditEntry[]): Map<string, AuditEntry[]> {
  const bySession = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    if (entry.sessionId === undefined) continue;
    let list = bySession.get(entry.sessionId);
    if (!list) bySession.set(entry.sessionId, (list = []));
    list.push(entry);
  }
  return bySession;
}

function inputSchema(policy: PolicyUnderTest, generator: string | undefined): string {
  return JSON.stringify(policy.config.generators.get(generator ?? '')?.input ?? null);
}

/** Whether a rule of either policy names models for this upstream: then an unknown model matters. */
function modelsMatter(policies: readonly PolicyUnderTest[], upstream: string): boolean {
  return policies.some((policy) =>
    policy.config.rules.some((rule) => rule.models !== undefined && (rule.upstreams?.includes(upstream) || rule.upstreams?.includes('*'))),
  );
}

export async function simulate(
  reader: ReadRepositories,
  current: PolicyUnderTest,
  draft: PolicyUnderTest,
  request: SimulationRequest,
  now: Date,
): Promise<SimulationReport> {
  const builder = new ReportBuilder({
    generatedAt: now.toISOString(),
    current: { path: current.config.source.path, version: current.config.source.version },
    draft: { path: draft.config.source.path, version: draft.config.source.version },
    period: request.period,
    generator: request.generator ?? null,
    limit: request.limit ?? Number.POSITIVE_INFINITY,
  });
  let after: CallCursor | undefined;
  for (;;) {
    const calls = await reader.simulation.calls({ ...request.period, generator: request.generator, after, limit: PAGE });
    const replayable = calls.filter(decidedByPolicy);
    const entries = group(await reader.simulation.decidingEntries(replayable.map((call) => call.id)));
    for (const call of calls) {
      if (!decidedByPolicy(call)) builder.skip();
      else await replayOne(reader, builder, current, draft, call, factsOf(call, entries.get(call.id) ?? []));
    }
    const last = calls[calls.length - 1];
    if (!last || calls.length < PAGE) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  return builder.build();
}

async function replayOne(
  reader: ReadRepositories,
  builder: ReportBuilder,
  current: PolicyUnderTest,
  draft: PolicyUnderTest,
  call: RecordedCall,
  facts: RecordedFacts,
): Promise<void> {
  const notes: string[] = [];
  let validateInput = true;
  let now = replayCall(current, call, facts, { validateInput });
  if (now.step === 'parse') {
    // The gateway took this input; if the policy in force refuses it as recorded, its record cannot say.
    validateInput = false;
    now = replayCall(current, call, facts, { validateInput });
    notes.push(
      'its recorded input does not pass the input schema in force either (masked values, or a schema changed since): input checks were not replayed',
    );
  }
  now = await governed(current, call, facts, now, reader);
  const then = await governed(draft, call, facts, replayCall(draft, call, facts, { validateInput }), reader);
  if (now.ruleId.startsWith('governance:') || then.ruleId.startsWith('governance:'))
    notes.push("its generator's governance (definition pin, owner, attestation) was assessed as it stands now, not as it stood then");
  if (then.step === 'parse') {
    const events = await reader.maskingEvents.ofSession(call.id);
    if (events.some((event) => event.location.startsWith('input')))
      notes.push('its input was masked when recorded: the real input may pass the draft input schema');
  } else if (
    facts.entry === 'run' &&
    call.input === undefined &&
    inputSchema(current, call.generator) !== inputSchema(draft, call.generator)
  ) {
    notes.push('its input was not recorded (metadata only, or purged): the draft input schema was not checked against it');
  }
  const claims = unkeptClaims(draft, current, call, then.ruleId);
  if (claims.length > 0)
    notes.push(
      `draft rules test claim${claims.length > 1 ? 's' : ''} ${claims.join(', ')}, not recorded for this caller: the draft may decide otherwise`,
    );
  if (!facts.recorded && facts.entry === 'proxy' && modelsMatter([current, draft], call.upstream))
    notes.push('recorded before the gateway kept what inspection found: the model it named is unknown');
  builder.add(call, now, then, { stream: facts.entry === 'stream', derived: !facts.recorded }, notes);
}
