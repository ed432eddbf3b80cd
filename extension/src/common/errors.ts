/**
 * Errors of the extension, shaped like jose's: a stable `code` callers switch on, a `name`, and
 * the `cause`. Each also says what the user can do about it (`fix`), which the reporting layer
 * (reporting.ts) turns into notification buttons, while the detail goes to the log.
 */

/** What a user can do about an error; becomes a button on the notification. */
export type FixAction =
  | { readonly kind: 'signIn' }
  | { readonly kind: 'openSettings'; readonly setting: string }
  | { readonly kind: 'showLog' }
  | { readonly kind: 'retry' };

export type ExtensionErrorCode =
  | 'invalid_settings'
  | 'not_signed_in'
  | 'sign_in_cancelled'
  | 'sign_in_failed'
  | 'session_expired'
  | 'audience_mismatch'
  | 'issuer_unreachable'
  | 'issuer_invalid'
  | 'loopback_failed'
  | 'access_denied'
  | 'invalid_input'
  | 'cancelled';

export class ExtensionError extends Error {
  override readonly name: string = 'ExtensionError';
  constructor(
    readonly code: ExtensionErrorCode,
    message: string,
    readonly fix: readonly FixAction[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** True when `error` means the user (or a cancellation token) stopped the operation. */
export function isCancellation(error: unknown): boolean {
  if (error instanceof ExtensionError) return error.code === 'cancelled' || error.code === 'sign_in_cancelled';
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  const code = (error as { code?: unknown }).code;
  const message = (error as { message?: unknown }).message;
  // VS Code's own: a CancellationError ("Canceled"), or the sign-in prompt refused.
  return (
    name === 'AbortError' ||
    name === 'Canceled' ||
    code === 'cancelled' ||
    code === 'ABORT_ERR' ||
    (typeof message === 'string' && /did not consent to login/i.test(message))
  );
}

/** The message of anything thrown, with its causes, for the log (never shown as is to users). */
export function describeForLog(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(`${current.name}${typeof code === 'string' ? `(${code})` : ''}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' ← caused by ');
}

/** Logging as a `vscode.LogOutputChannel` offers it; vscode-free modules log through this. */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(error: string | Error, ...args: unknown[]): void;
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
