/**
 * Structured JSON logs (pino). Tokens and personal data never belong in a log line: headers that
 * carry credentials are redacted by path, and callers log identifiers, never payloads.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';

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

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? (process.env['AUTOGEN_GATE_LOG_LEVEL'] as LevelWithSilent | undefined) ?? 'info';
  const pinoOptions = {
    level,
    base: { service: 'autogen-gate' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
