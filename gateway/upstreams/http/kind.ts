/**
 * Any HTTP generator: the gateway does not know its API, so it serves every path unless the
 * upstream lists its `routes`, reads JSON and text bodies (recorded masked), and forwards them as
 * it read them.
 */
import { configuredRoutes, RouteTable, type RouteMatch } from '../routes.js';
import type { UpstreamConfig } from '../../config/types.js';
import { maskedCopy, type KindInspection, type KindRequest, type UpstreamKind } from '../kind.js';

const ANY_PATH = new RouteTable<unknown>([{ methods: '*', path: '/*', meta: {} }]);
const tables = new WeakMap<UpstreamConfig, RouteTable<unknown>>();

export const httpKind: UpstreamKind = {
  acceptsText: true,
  accepts: 'JSON (application/json) or text',
  match(upstream: UpstreamConfig, method: string, path: string): RouteMatch<unknown> | undefined {
    if (upstream.routes === undefined) return ANY_PATH.match(method, path);
    let table = tables.get(upstream);
    if (!table) tables.set(upstream, (table = new RouteTable(configuredRoutes(upstream.routes, {}))));
    return table.match(method, path);
  },
  inspect(request: KindRequest): Promise<KindInspection> {
    const copy = maskedCopy(request.body, request.masker);
    return Promise.resolve({
      query: request.query,
      body: request.body,
      recorded: copy.recorded,
      recordedEvents: copy.events,
      notes: {},
      filtersRows: false,
    });
  },
};
