/**
 * Any HTTP generator: the gateway does not know its API, so it serves every path unless the
 * upstream lists its `routes`, reads JSON and text bodies, and forwards them masked (ids stay
 * exact), recorded as they left.
 */
import { configuredRoutes, RouteTable, type RouteMatch } from '../routes.js';
import type { UpstreamConfig } from '../../config/types.js';
import type { InspectedBody } from '../../http/requestBody.js';
import { maskedCopy, type KindInspection, type KindRequest, type UpstreamKind } from '../kind.js';
import { isIdField, maskRequestBody, type MaskingWalk } from '../requestMasking.js';

const HTTP_REQUEST_WALK: MaskingWalk = { keep: (key, _parent, value) => isIdField(key, value) };

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
  async inspect(request: KindRequest): Promise<KindInspection> {
    const { body, masker, query } = request;
    const leaves = (
      forwarded: InspectedBody,
      recorded: unknown,
      recordedEvents: KindInspection['recordedEvents'],
    ): Promise<KindInspection> => Promise.resolve({ query, body: forwarded, recorded, recordedEvents, notes: {}, filtersRows: false });
    if (masker && body.kind === 'text') {
      const masked = await masker.maskTextAsync(body.text, { syntax: body.syntax });
      return leaves(
        { ...body, text: masked.value },
        masked.value,
        masked.events.map((event) => ({ ...event, location: `request:${event.location}` })),
      );
    }
    if (masker && body.kind === 'json') {
      const masked = await maskRequestBody(body.value, masker, HTTP_REQUEST_WALK);
      return leaves({ ...body, value: masked.body }, masked.body, masked.events);
    }
    const copy = maskedCopy(body, masker);
    return leaves(body, copy.recorded, copy.events);
  },
};
