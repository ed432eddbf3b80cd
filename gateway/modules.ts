/**
 * The feature modules a full gateway runs, in order. Each adds routes and background work on
 * top of the core (the request path, approvals, recording).
 */
import type { GatewayModule } from './server.js';
import { evidenceModule } from './evidence/module.js';
import { retentionModule } from './retention/module.js';

export function gatewayModules(): GatewayModule[] {
  return [retentionModule(), evidenceModule()];
}
