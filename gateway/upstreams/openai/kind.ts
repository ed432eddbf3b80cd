/**
 * An OpenAI-compatible model API through `/proxy`: the model-API routes only, the `model` a body
 * names goes to policy, and every prompt is masked before it leaves (requestMasking.ts); what is
 * recorded is what was sent.
 */
import type { UpstreamConfig } from '../../config/types.js';
import { configuredRoutes, RouteTable, type RouteMatch } from '../routes.js';
import type { KindInspection, KindRequest, UpstreamKind } from '../kind.js';
import { maskModelRequest } from './requestMasking.js';
import { MODEL_ROUTES, type ModelRoute } from './routes.js';

const tables = new WeakMap<UpstreamConfig, RouteTable<ModelRoute>>();

function tableOf(upstream: UpstreamConfig): RouteTable<ModelRoute> {
  let table = tables.get(upstream);
  if (!table) tables.set(upstream, (table = new RouteTable([...MODEL_ROUTES, ...configuredRoutes<ModelRoute>(upstream.routes ?? [], {})])));
  return table;
}

export const openaiKind: UpstreamKind = {
  acceptsText: false,
  accepts: 'JSON (application/json)',
  match(upstream: UpstreamConfig, method: string, path: string): RouteMatch<unknown> | undefined {
    return tableOf(upstream).match(method, path);
  },
  async inspect(request: KindRequest): Promise<KindInspection> {
    const { body, masker } = request;
    const value = body.kind === 'json' ? body.value : undefined;
    const model =
      typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { model?: unknown }).model === 'string'
        ? (value as { model: string }).model
        : undefined;
    const passUnreadable = request.upstream.uninspectable === 'passthrough';
    const query = new URLSearchParams();
    const events = [];
    // Query values go to the provider too: masked like the body.
    for (const [name, raw] of request.query) {
      const masked = masker ? masker.maskText(raw) : { value: raw, events: [] };
      query.append(name, masked.value);
      events.push(...masked.events.map((event) => ({ ...event, location: `request:query:${name}#${event.location}` })));
    }
    if (body.kind !== 'json' || !masker) {
      return {
        query,
        body,
        recorded: body.kind === 'json' ? body.value : body.kind === 'none' ? undefined : null,
        recordedEvents: events,
        model,
        notes: {},
        filtersRows: false,
      };
    }
    const masked = await maskModelRequest(body.value, masker, passUnreadable);
    return {
      query,
      body: { ...body, value: masked.body },
      recorded: masked.body,
      recordedEvents: [...events, ...masked.events],
      model,
      notes: {},
      filtersRows: false,
    };
  },
};
