/**
 * Plain-text tables for people at a terminal: left-aligned columns two spaces apart, no colour,
 * nothing that breaks when piped to a file. Scripts use `--json` instead.
 */

/** Characters a cell may take before it is cut with an ellipsis; the last column is never cut. */
const MAX_CELL = 60;

function cell(text: string, last: boolean): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return !last && line.length > MAX_CELL ? `${line.slice(0, MAX_CELL - 1)}…` : line;
}

export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cells = [headers, ...rows].map((row) => headers.map((_, column) => cell(row[column] ?? '', column === headers.length - 1)));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return (
    cells
      .map((row) =>
        row
          .map((text, column) => text.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** `key  value` lines with the keys aligned, for one record. */
export function renderFacts(facts: ReadonlyArray<readonly [string, string | undefined]>): string {
  const shown = facts.filter((fact): fact is readonly [string, string] => fact[1] !== undefined && fact[1] !== '');
  const width = Math.max(0, ...shown.map(([key]) => key.length));
  return shown.map(([key, value]) => `${`${key}:`.padEnd(width + 1)}  ${value}`).join('\n') + '\n';
}
