/** PostgreSQL's errors (and a lost connection), said the way an operator can act on them. */
import { StoreError } from '../types.js';

/** SQLSTATE of a server error, or the code of a network error. */
function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

function isServerError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'severity' in error && /^[0-9A-Z]{5}$/.test(codeOf(error) ?? '');
}

/** A connection that broke or could not be made (pg says so in words, without a code). */
function isConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && NETWORK.has(code)) return true;
  return (
    error instanceof Error &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(error.message)
  );
}

export function describeStoreFailure(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = codeOf(error) ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const hint =
    code === '55P03'
      ? 'a row or the audit chain stayed locked by another gateway longer than lockTimeout'
      : code === '53100'
        ? "the database server's disk is full"
        : code === '53300'
          ? 'the database refuses more connections (max_connections; mind poolSize across replicas)'
          : code === '25006'
            ? 'the database is read-only (a standby?)'
            : code === '28P01' || code === '28000'
              ? 'the database refused the credentials'
              : code === '3D000'
                ? 'the database does not exist'
                : code.startsWith('08') || code === '57P01' || code === '57P03' || isConnectionError(error)
                  ? 'the database cannot be reached'
                  : 'the write failed';
  return new StoreError(`${hint} (${message})`, { cause: error });
}

/** Database and connection errors become StoreErrors; a unit's own errors (a refusal, a conflict) pass unchanged. */
export function describeUnitFailure(error: unknown): unknown {
  return isServerError(error) || isConnectionError(error) ? describeStoreFailure(error) : error;
}
