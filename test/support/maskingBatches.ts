/**
 * Editing stored masking events by hand, as someone with access to the database would: since
 * migration 008 a recorded write's events are one row of `masking_batches` (a JSON array), so an
 * event is edited, deleted or added inside that array. Works on either engine through a raw SQL
 * function taking `?` placeholders.
 */
export type RawSql = <T = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<T[]>;

export type StoredEvent = Record<string, unknown>;

/** Rewrites each stored batch of `sessionId` with what `edit` returns for its events (edited in place when it returns nothing). */
export async function editStoredEvents(
  raw: RawSql,
  sessionId: string,
  edit: (events: StoredEvent[]) => StoredEvent[] | void,
): Promise<void> {
  const batches = await raw<{ id: number | string; events_json: string }>(
    'SELECT id, events_json FROM masking_batches WHERE session_id = ? ORDER BY first_seq',
    [sessionId],
  );
  if (batches.length === 0) throw new Error(`session ${sessionId} has no stored masking events`);
  for (const batch of batches) {
    const events = JSON.parse(batch.events_json) as StoredEvent[];
    const edited = edit(events) ?? events;
    await raw('UPDATE masking_batches SET events_json = ? WHERE id = ?', [JSON.stringify(edited), batch.id]);
  }
}

/** How many masking events are stored (each batch counts its events). */
export async function storedEventCount(raw: RawSql, where = '1 = 1', params: readonly unknown[] = []): Promise<number> {
  const rows = await raw<{ n: number | string }>(`SELECT COALESCE(SUM(event_count), 0) AS n FROM masking_batches WHERE ${where}`, params);
  return Number(rows[0]?.n ?? 0);
}
