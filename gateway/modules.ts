/**
 * The feature modules a full gateway runs, in order. Each adds routes and background work on
 * top of the core (identity, policy, recording, runs, raw proxy).
 */
import type { GatewayModule } from './server.js';

export function gatewayModules(): GatewayModule[] {
  return [];
}
