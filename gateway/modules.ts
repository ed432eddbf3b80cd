/**
 * The feature modules a full gateway runs, in order. Each adds routes and background work on
 * top of the core (identity, policy, recording, runs, raw proxy).
 */
import type { GatewayModule } from './server.js';
import { approvalsModule } from './approvals/module.js';
import { evidenceModule } from './evidence/module.js';
import { retentionModule } from './retention/module.js';

export function gatewayModules(): GatewayModule[] {
  // Retention first: it tells the recorder what may be stored before approvals recover held runs.
  return [retentionModule(), evidenceModule(), approvalsModule()];
}
