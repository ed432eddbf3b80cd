/** SQLite's errors, said the way an operator can act on them. */
import { StoreError } from '../types.js';

function sqliteCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** Turns a driver error into a StoreError whose message says what an operator can do. */
export function describeStoreFailure(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const hint =
    code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
      ? 'the database is locked by another process'
      : code === 'SQLITE_FULL'
        ? 'the disk is full'
        : code === 'SQLITE_READONLY'
          ? 'the database is read-only'
          : code === 'SQLITE_IOERR' || code === 'SQLITE_CANTOPEN'
            ? 'the database file cannot be written'
            : 'the write failed';
  return new StoreError(`${hint} (${message})`, { cause: error });
}

/** SQLite's errors become StoreErrors; a unit's own errors (a refusal, a conflict) pass unchanged. */
export function describeUnitFailure(error: unknown): unknown {
  return sqliteCode(error)?.startsWith('SQLITE') ? describeStoreFailure(error) : error;
}
