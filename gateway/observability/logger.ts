/**
 * Structured JSON logs (pino). Tokens and personal data never belong in a log line: headers that
 * carry credentials are redacted by path, and callers log identifiers, never payloads.
 */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'headers.authorization',
  'headers.cookie',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'secret',
];

export interface LoggerOptions {
  readonly level?: LevelWithSilent;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  readonly destination?: NodeJS.WritableStream;
}

/** Bytes of log lines gathered before they are written to stdout together (below sonic-boom's 16 KB cap of one write). */
export const LOG_BUFFER_BYTES = 4096;
/** The longest a line waits in that buffer: a quiet gateway's lines still leave within this. */
export const LOG_FLUSH_MS = 100;

/**
 * Standard output, written in batches: lines gather until LOG_BUFFER_BYTES, or LOG_FLUSH_MS after
 * the first of them, and go in one write. Pino's default destination hands every line to libuv's
 * thread pool as a write of its own (one wake-up of a pool thread per request's access line, on
 * the threads node-sqlite3's statements use), gathering lines only while a write is in flight.
 * Whatever is buffered is written at exit (pino flushes its destination synchronously then).
 */
function batchedStdout(): { readonly destination: DestinationStream; readonly written: () => void } {
  const destination = pino.destination({ dest: process.stdout.fd, minLength: LOG_BUFFER_BYTES, sync: false });
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    try {
      destination.flush();
    } catch {
      // Closed meanwhile (the process is ending): what was buffered was written as it closed.
    }
  };
  return {
    destination,
    written: () => {
      if (timer !== undefined) return;
      timer = setTimeout(flush, LOG_FLUSH_MS);
      timer.unref();
    },
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? (process.env['AUTOGEN_GATE_LOG_LEVEL'] as LevelWithSilent | undefined) ?? 'info';
  const pinoOptions = {
    level,
    base: { service: 'autogen-gate' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (options.destination) return pino(pinoOptions, options.destination);
  const stdout = batchedStdout();
  return pino(
    {
      ...pinoOptions,
      hooks: {
        streamWrite: (line: string): string => {
          stdout.written();
          return line;
        },
      },
    },
    stdout.destination,
  );
}
