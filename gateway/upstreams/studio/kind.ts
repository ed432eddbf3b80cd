/**
 * AutoGen Studio through `/proxy`: the Studio API routes only (routes.ts), `user_id` replaced by
 * the verified caller in the query and the body (Studio trusts whatever it is sent), every record
 * a path or body names checked against the caller (ownership.ts), components that are created,
 * updated or validated inspected for code execution (components.ts), and others' rows dropped
 * from lists.
 */
import type { UpstreamConfig } from '../../config/types.js';
import { principalOf } from '../../identity/types.js';
import type { InspectedBody } from '../../http/requestBody.js';
import type { KindInspection, KindRequest, UpstreamKind } from '../kind.js';
import { maskRequestBody } from '../requestMasking.js';
import { STUDIO_REQUEST_WALK } from './requestMasking.js';
import { configuredRoutes, RouteTable, type RouteMatch } from '../routes.js';
import { inspectComponents } from './components.js';
import { keepOwnRows, StudioOwnership } from './ownership.js';
import { STUDIO_ROUTES, type StudioRoute } from './routes.js';

const tables = new WeakMap<UpstreamConfig, RouteTable<StudioRoute>>();
const owners = new WeakMap<UpstreamConfig, StudioOwnership>();

function tableOf(upstream: UpstreamConfig): RouteTable<StudioRoute> {
  let table = tables.get(upstream);
  if (!table)
    tables.set(upstream, (table = new RouteTable([...STUDIO_ROUTES, ...configuredRoutes<StudioRoute>(upstream.routes ?? [], {})])));
  return table;
}

export function studioOwnership(upstream: UpstreamConfig): StudioOwnership {
  let ownership = owners.get(upstream);
  if (!ownership) owners.set(upstream, (ownership = new StudioOwnership(upstream)));
  return ownership;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `user_id` in the query and at the top of a JSON body become the caller; what was claimed is noted. */
function replaceUserIds(
  query: URLSearchParams,
  body: InspectedBody,
  userId: string,
): { query: URLSearchParams; body: InspectedBody; replaced: string[] } {
  const replaced: string[] = [];
  const forwarded = new URLSearchParams(query);
  for (const value of forwarded.getAll('user_id')) if (value !== userId) replaced.push(value.slice(0, 80));
  forwarded.delete('user_id');
  forwarded.set('user_id', userId);
  if (body.kind !== 'json' || !isObject(body.value)) return { query: forwarded, body, replaced };
  const claimed = body.value['user_id'];
  if (claimed !== undefined && claimed !== userId) replaced.push(String(claimed).slice(0, 80));
  return { query: forwarded, body: { ...body, value: { ...body.value, user_id: userId } }, replaced };
}

export const studioKind: UpstreamKind = {
  acceptsText: false,
  accepts: 'JSON (application/json)',
  match(upstream: UpstreamConfig, method: string, path: string): RouteMatch<unknown> | undefined {
    const match = tableOf(upstream).match(method, path);
    // The run socket is served by the WebSocket entry; over plain HTTP it is not a route.
    return match?.spec.meta.socket ? undefined : match;
  },
  async inspect(request: KindRequest): Promise<KindInspection> {
    const meta = request.route.spec.meta as StudioRoute;
    const principal = principalOf(request.identity);
    const rewritten = replaceUserIds(request.query, request.body, principal);
    const ownership = studioOwnership(request.upstream);
    const id = request.route.params['id'];
    if (meta.names && id !== undefined) await ownership.assertOwned(meta.names, id, principal);
    if (meta.bodyNames && rewritten.body.kind === 'json' && isObject(rewritten.body.value)) {
      for (const [field, record] of Object.entries(meta.bodyNames)) {
        const named = rewritten.body.value[field];
        if (named !== undefined && named !== null) await ownership.assertOwned(record, String(named), principal);
      }
    }
    const codeExecution = meta.component === 'body' && rewritten.body.kind === 'json' ? inspectComponents(rewritten.body.value) : undefined;
    // What leaves is masked, and recorded as it left.
    const masked =
      rewritten.body.kind === 'json' && request.masker
        ? await maskRequestBody(rewritten.body.value, request.masker, STUDIO_REQUEST_WALK)
        : undefined;
    const body: InspectedBody = masked && rewritten.body.kind === 'json' ? { ...rewritten.body, value: masked.body } : rewritten.body;
    return {
      query: rewritten.query,
      body,
      recorded: body.kind === 'json' ? body.value : body.kind === 'none' ? undefined : null,
      recordedEvents: masked?.events ?? [],
      codeExecution,
      notes: rewritten.replaced.length > 0 ? { userIdsReplaced: rewritten.replaced.slice(0, 5) } : {},
      filtersRows: meta.lists === true,
    };
  },
  filterJson(request: KindRequest, value: unknown): unknown {
    return keepOwnRows(value, principalOf(request.identity));
  },
};
