/**
 * Ids people type: whole UUIDs, or their first characters as the listings show them
 * (`1b2c3d4e`). A prefix must name exactly one record: with several candidates the command
 * lists them and picks none.
 */
import type { GatewayClient } from '../../api/client/gatewayClient.js';
import type { SessionSummaryView } from '../../api/wire.js';
import { UsageError } from './failures.js';
import { relative, shortId } from '../output/when.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Characters a prefix needs at least: fewer would match too much to be meant. */
const MIN_PREFIX = 4;

export function isFullId(text: string): boolean {
  return UUID.test(text);
}

export interface PrefixSearch<T> {
  readonly prefix: string;
  readonly items: readonly T[];
  /** The ids an item answers to (an approval: its own id and its run's). */
  readonly ids: (item: T) => readonly string[];
  /** One line naming an item in a list of candidates. */
  readonly describe: (item: T) => string;
  /** What the items are, singular: "pending approval". */
  readonly what: string;
  /** The command that lists them. */
  readonly listCommand: string;
}

/** The one item a prefix names; a UsageError that lists the candidates otherwise. */
export function pickByPrefix<T>(search: PrefixSearch<T>): T {
  const prefix = search.prefix.trim().toLowerCase();
  if (prefix.length < MIN_PREFIX && !isFullId(prefix)) {
    throw new UsageError(
      `${JSON.stringify(search.prefix)} is too short to name a ${search.what}: give at least ${MIN_PREFIX} characters of its id`,
    );
  }
  const matches = search.items.filter((item) => search.ids(item).some((id) => id.toLowerCase().startsWith(prefix)));
  const [only, ...others] = matches;
  if (only && others.length === 0) return only;
  if (!only) {
    throw new UsageError(`no ${search.what} with an id starting ${search.prefix} is visible to you; list them with: ${search.listCommand}`);
  }
  const listed = matches.slice(0, 10).map((item) => `\n  ${search.describe(item)}`);
  throw new UsageError(
    `${search.prefix} matches ${matches.length} ${search.what}s; none was chosen. Give more characters of the id:${listed.join('')}`,
  );
}

/** Pages of the caller's sessions searched for a prefix (an auditor's: everyone's). */
const SESSION_PAGES = 4;

/** The full id of the session (or run) a prefix names, searching the caller's recent history. */
export async function resolveSessionId(client: GatewayClient, text: string, kind?: 'run'): Promise<string> {
  if (isFullId(text)) return text;
  const sessions: SessionSummaryView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < SESSION_PAGES; page++) {
    const answer = await client.sessions({ limit: 500, ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) });
    sessions.push(...answer.sessions);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return pickByPrefix({
    prefix: text,
    items: sessions,
    ids: (session) => [session.id],
    describe: (session) =>
      `${shortId(session.id)}  ${session.generator ?? session.upstream}  ${session.status}  ${relative(session.createdAt)}  (${session.principal.subject})`,
    what: kind === 'run' ? 'run' : 'session',
    listCommand: 'autogen-gate sessions',
  }).id;
}
