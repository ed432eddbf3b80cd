/** Durations in the policy file are written the way people say them: `90s`, `15m`, `24h`, `30d`. */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export const DURATION_PATTERN = '^[0-9]+(ms|s|m|h|d)$';

/** The JSON Schema of a duration key of the policy file, with its default (the example too). */
export function durationSchema(description: string, def?: string): Readonly<Record<string, unknown>> {
  return {
    type: 'string',
    pattern: DURATION_PATTERN,
    description: `${description} Written as a number and a unit: ms, s, m, h or d.`,
    ...(def === undefined ? {} : { default: def }),
    examples: [def ?? '30s'],
  };
}

/** Parses `15m` into milliseconds; returns undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = /^([0-9]+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = UNIT_MS[match[2] ?? ''];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

/** Formats milliseconds back into the largest whole unit, for messages and `policy check`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit] ?? 1;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
