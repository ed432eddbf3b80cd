/** Page cursors of lists ordered by (created_at, id) descending: opaque to clients. */
import { StoreError } from '../types.js';

export function encodeCursor(record: { readonly createdAt: string; readonly id: string }): string {
  return Buffer.from(`${record.createdAt}|${record.id}`).toString('base64url');
}

/** The (createdAt, id) a cursor stands for; a StoreError `invalid cursor` when it is not one of ours. */
export function decodeCursor(cursor: string): [string, string] {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id) throw new StoreError('invalid cursor');
  return [createdAt, id];
}
