/**
 * Tables: at the start of a line, a CSV/TSV/Markdown header that names sensitive columns starts
 * a table; the rows after it mask those columns whole.
 */
import { detectorBit } from '../../detectors/registry.js';
import { CLASS, WORD } from '../chars.js';
import { valueFits } from '../fit.js';
import { classifyKey, type KeyClass } from '../keys.js';
import { PSEUDONYM_IN } from '../maskOutput.js';
import { SPACE_CHAR } from '../scanHelpers.js';
import { MAX_ROW, type Scan, type TableState } from '../scanner.js';

/**
 * At the start of a line: a CSV/TSV/Markdown header that names sensitive columns starts a
 * table; the rows after it mask those columns whole. Returns where the main loop resumes, or
 * -1 to scan the line normally.
 */
export function lineStart(scan: Scan, p: number): number {
  const text = scan.text;
  let e = text.indexOf('\n', p);
  const complete = e >= 0 || scan.final;
  if (e < 0) e = scan.n;
  if (e - p >= MAX_ROW) {
    scan.table = undefined;
    return -1;
  }
  if (!complete) {
    if (scan.table !== undefined || couldBeHeader(scan, p, e)) {
      scan.openAt = p;
      return p;
    }
    return -1;
  }
  let lineEnd = e;
  if (lineEnd > p && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
  if (scan.table) {
    const rowEnd = row(scan, p, lineEnd, scan.table);
    if (rowEnd >= 0) return rowEnd;
    scan.table = undefined;
  }
  header(scan, p, lineEnd);
  return -1;
}

/** Whether a line's beginning may still turn out a header (the test only gets stricter as it grows). */
export function couldBeHeader(scan: Scan, p: number, e: number): boolean {
  let cell = 0;
  let words = 0;
  let inWord = false;
  for (let q = p; q < e; q++) {
    const c = scan.text.charCodeAt(q);
    if (c === 0x2c || c === 0x3b || c === 0x09 || c === 0x7c) {
      cell = 0;
      words = 0;
      inWord = false;
      continue;
    }
    if (!isHeaderChar(c) || ++cell > 48) return false;
    const space = c === SPACE_CHAR || c === 0x0d;
    if (!space && !inWord && ++words > 4) return false;
    inWord = !space;
  }
  return e - p < 1024;
}

export function header(scan: Scan, p: number, e: number): void {
  const text = scan.text;
  if (e - p > 1024 || e === p) return;
  // One pass: header characters only, short cells, and the most frequent delimiter.
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let pipes = 0;
  let cell = 0;
  for (let q = p; q < e; q++) {
    const c = text.charCodeAt(q);
    if (c === 0x2c) commas++;
    else if (c === 0x3b) semicolons++;
    else if (c === 0x09) tabs++;
    else if (c === 0x7c) pipes++;
    else {
      if (!isHeaderChar(c) || ++cell > 48) return;
      continue;
    }
    cell = 0;
  }
  const counts: [number, number][] = [
    [0x2c, commas],
    [0x3b, semicolons],
    [0x09, tabs],
    [0x7c, pipes],
  ];
  let best = -1;
  let bestCount = 0;
  for (const [d, count] of counts) {
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  if (best < 0) return;
  const line = text.slice(p, e);
  const markdown = best === 0x7c;
  const cells = splitCells(line, best, markdown);
  if (cells.length < 2) return;
  // Headers name their columns; only the first (an index column) may be blank.
  if (cells.slice(1).some((cell) => line.slice(cell.start, cell.end).trim().length === 0)) return;
  const columns: (KeyClass | undefined)[] = [];
  let sensitive = 0;
  let street = false;
  for (const cell of cells) {
    const label = unquote(line.slice(cell.start, cell.end).trim());
    for (let q = 0; q < label.length; q++) if (!isHeaderChar(label.charCodeAt(q))) return;
    if (label.length > 48 || label.split(/\s+/).length > 4 || (label.length > 0 && !/\p{L}/u.test(label))) return;
    // A cell holding a value this engine masked (`CNPJ_0a1b08e2`) is a row of data, no header.
    if (PSEUDONYM_IN.test(label)) return;
    const kc = label.length > 0 ? classifyKey(label, undefined, scan.options.extraKeys) : undefined;
    if (kc) sensitive++;
    if (kc?.detector === 'address') street = true;
    columns.push(kc);
  }
  if (sensitive === 0) return;
  // Two comma-separated cells read like prose ("Nome, CPF e telefone"): both must be keys.
  if (cells.length === 2 && best === 0x2c && sensitive < 2) return;
  // numero/bairro columns are address parts only beside a street column.
  const resolved = columns.map((kc) => (kc?.detector === 'address_part' && !street ? undefined : kc));
  scan.table = { delimiter: best, markdown, columns: resolved };
}

export function row(scan: Scan, p: number, e: number, table: TableState): number {
  const line = scan.text.slice(p, e);
  if (line.trim().length === 0) return -1;
  if (table.markdown && /^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$/.test(line)) return e;
  const cells = splitCells(line, table.delimiter, table.markdown);
  if (cells.length !== table.columns.length) return -1;
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c]!;
    let s = p + cell.start;
    let t = p + cell.end;
    while (s < t && scan.text.charCodeAt(s) === SPACE_CHAR) s++;
    while (t > s && (scan.text.charCodeAt(t - 1) === SPACE_CHAR || scan.text.charCodeAt(t - 1) === 0x0d)) t--;
    if (t - s >= 2 && scan.text.charCodeAt(s) === 0x22 && scan.text.charCodeAt(t - 1) === 0x22) {
      s++;
      t--;
    }
    const kc = table.columns[c];
    if (kc) {
      const detector = valueFits(kc, scan.text.slice(s, t), true);
      if (detector !== undefined && scan.on(detectorBit(detector))) {
        scan.add(s, t, detector);
        continue;
      }
    }
    // Scan the other cells as text, each on its own.
    const saved = scan.end;
    scan.end = t;
    let q = s;
    while (q < t) q = Math.max(q + 1, scan.step(q));
    scan.end = saved;
  }
  return e;
}

function isHeaderChar(c: number): boolean {
  const k = CLASS[c] ?? 0;
  return (
    (k & WORD) !== 0 ||
    c === SPACE_CHAR ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x2f ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x23 ||
    c === 0x22 ||
    c === 0xba ||
    c === 0xaa ||
    c === 0xb0 ||
    c === 0x0d
  );
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Cell ranges of a delimited line; double-quoted cells may hold the delimiter (RFC 4180). */
function splitCells(line: string, delimiter: number, markdown: boolean): { start: number; end: number }[] {
  const cells: { start: number; end: number }[] = [];
  let s = 0;
  let e = line.length;
  if (markdown) {
    while (s < e && line.charCodeAt(s) === SPACE_CHAR) s++;
    if (line.charCodeAt(s) === 0x7c) s++;
    while (e > s && (line.charCodeAt(e - 1) === SPACE_CHAR || line.charCodeAt(e - 1) === 0x0d)) e--;
    if (e > s && line.charCodeAt(e - 1) === 0x7c) e--;
  }
  let start = s;
  let quoted = false;
  for (let q = s; q < e; q++) {
    const c = line.charCodeAt(q);
    if (c === 0x22 && !markdown) quoted = !quoted;
    else if (c === delimiter && !quoted) {
      cells.push({ start, end: q });
      start = q + 1;
    }
  }
  cells.push({ start, end: e });
  return cells;
}
