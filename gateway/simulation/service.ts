/**
 * Runs a policy simulation for someone: the replay reads one consistent snapshot of the store,
 * and the only write is one audit entry saying who simulated which draft (its SHA-256, and the
 * version in force it was compared with) over which period, and what it found.
 */
import { basename } from 'node:path';
import type { AuditEntry } from '../audit/chain.js';
import type { GatewayConfig } from '../config/types.js';
import type { Store } from '../store/types.js';
import { GovernanceService } from '../governance/service.js';
import { policyUnderTest } from './replay.js';
import { transitionKey, type SimulationReport } from './report.js';
import { simulate, type SimulationRequest } from './simulate.js';

export interface SimulationRun {
  readonly report: SimulationReport;
  /** The audit entry that records the simulation. */
  readonly entry: AuditEntry;
}

export async function runSimulation(
  store: Store,
  current: GatewayConfig,
  draft: GatewayConfig,
  request: SimulationRequest,
  actor: string,
): Promise<SimulationRun> {
  const inForce = policyUnderTest(current, new GovernanceService({ config: current, store }));
  const proposed = policyUnderTest(draft, new GovernanceService({ config: draft, store }));
  const report = await store.withReadSnapshot((snapshot) => simulate(snapshot, inForce, proposed, request, store.clock()));
  const entry = await store.transact((tx) =>
    tx.appendAudit({
      type: 'policy.simulated',
      actor,
      data: {
        draft: { file: basename(draft.source.path), version: draft.source.version },
        current: { version: current.source.version },
        period: report.period,
        generator: report.generator,
        sessions: report.sessions.total,
        replayed: report.sessions.replayed,
        changed: report.changed,
        transitions: Object.fromEntries(report.transitions.map((t) => [transitionKey(t.from, t.to), t.count])),
        uncertain: report.uncertainCount,
      },
    }),
  );
  return { report, entry };
}
