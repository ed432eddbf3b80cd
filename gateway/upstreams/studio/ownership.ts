/**
 * Whose is a Studio record. Studio filters most reads by the `user_id` query parameter, which the
 * gateway sets to the verified caller, but it reads runs by id alone and upserts teams, sessions
 * and settings by the id in the body, so the gateway asks Studio itself who owns every record a
 * request names before forwarding it. Someone else's record is answered as missing (404), like a
 * run of the gateway's own API: its existence is not the caller's business.
 */
import type { UpstreamConfig } from '../../config/types.js';
import { GateError } from '../../errors.js';
import { upstreamFailure } from '../../proxy/upstreamErrors.js';
import type { StudioRecord } from './routes.js';

const COLLECTION: Readonly<Record<Exclude<StudioRecord, 'settings'>, string>> = {
  session: 'sessions',
  run: 'runs',
  team: 'teams',
  gallery: 'gallery',
};

function notFound(record: StudioRecord, id: string, upstream: string): GateError {
  return new GateError('not_found', 404, `No ${record} ${JSON.stringify(id.slice(0, 64))} of yours exists on upstream ${upstream}.`);
}

/** The `user_id` of Studio's answer (`{ status, data }`, data an object or a one-row list). */
function ownerOf(body: unknown): { id: unknown; userId: unknown } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const data = (body as { data?: unknown }).data;
  const row = Array.isArray(data) ? data[0] : data;
  if (typeof row !== 'object' || row === null) return undefined;
  return { id: (row as { id?: unknown }).id, userId: (row as { user_id?: unknown }).user_id };
}

export class StudioOwnership {
  constructor(private readonly upstream: UpstreamConfig) {}

  /** Resolves when `principal` owns `record` `id`; throws 404 otherwise (or 502/504 when Studio cannot say). */
  async assertOwned(record: StudioRecord, id: string, principal: string): Promise<void> {
    const owner = await this.lookUp(record, id, principal);
    if (!owner || owner.userId !== principal || (record === 'settings' && String(owner.id) !== id))
      throw notFound(record, id, this.upstream.name);
  }

  private async lookUp(record: StudioRecord, id: string, principal: string): Promise<{ id: unknown; userId: unknown } | undefined> {
    const user = encodeURIComponent(principal);
    const path =
      record === 'settings' ? `/api/settings/?user_id=${user}` : `/api/${COLLECTION[record]}/${encodeURIComponent(id)}?user_id=${user}`;
    let response: Response;
    try {
      response = await fetch(`${this.upstream.url}${path}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.upstream.connectTimeoutMs + 5_000),
      });
    } catch (error) {
      throw upstreamFailure(this.upstream.name, error);
    }
    if (response.status === 404 || response.status === 422) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw upstreamFailure(
        this.upstream.name,
        Object.assign(new Error(`owner look-up answered HTTP ${response.status}`), { code: 'upstream_error' }),
      );
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (typeof body === 'object' && body !== null && (body as { status?: unknown }).status === false) return undefined;
    return ownerOf(body);
  }
}

function ownRows(rows: readonly unknown[], principal: string): unknown[] {
  return rows.filter((row: unknown) => {
    if (typeof row !== 'object' || row === null) return true;
    const userId = (row as { user_id?: unknown }).user_id;
    return userId === undefined || userId === principal;
  });
}

/**
 * Drops the rows of a list response that belong to someone else (Studio filters too; this does
 * not rely on it). Lists come as `data: [...]`, or nested as `data: { runs: [...] }`.
 */
export function keepOwnRows(body: unknown, principal: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const data = (body as { data?: unknown }).data;
  if (Array.isArray(data)) return { ...(body as Record<string, unknown>), data: ownRows(data, principal) };
  if (typeof data !== 'object' || data === null) return body;
  const nested = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Array.isArray(value) ? ownRows(value, principal) : value]),
  );
  return { ...(body as Record<string, unknown>), data: nested };
}
