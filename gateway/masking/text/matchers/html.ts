/**
 * HTML tables: the text of each `<th>` names its column, and each `<td>` under a sensitive
 * column is masked whole when it fits it. Tags around a cell's text (`<td><b>…</b></td>`) stay.
 */
import { classifyKey } from '../keys.js';
import type { Scan } from '../scanner.js';
import { maskCell } from './tables.js';

/** Longest tag and cell read. */
const MAX_TAG = 512;
const MAX_CELL = 4096;

/** The end of the tag at `i` (past its `>`), or -1. */
function tagEnd(scan: Scan, i: number): number {
  let quote = 0;
  for (let q = i + 1; q - i < MAX_TAG; q++) {
    const c = scan.at(q);
    if (c < 0) return -1;
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return q + 1;
  }
  return -1;
}

/** The lower-case name of the tag at `i` (`/table` for a closing one), at most `longest` letters and digits, or ''. */
export function tagName(scan: Scan, i: number, longest = 6): string {
  let q = i + 1;
  let name = '';
  if (scan.at(q) === 0x2f) {
    name = '/';
    q++;
  }
  for (let k = 0; k < longest; k++, q++) {
    const c = scan.at(q);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) name += String.fromCharCode(c | 0x20);
    else break;
  }
  const after = scan.at(q);
  return after === 0x3e || after === 0x20 || after === 0x2f || after === 0x0a || after === 0x0d || after === 0x09 ? name : '';
}

/** Where the cell that starts at `s` ends: at its closing tag, or where the next cell or row begins. */
function cellEnd(scan: Scan, s: number): number {
  for (let q = s; q - s < MAX_CELL; q++) {
    const c = scan.at(q);
    if (c < 0) return -1;
    if (c !== 0x3c) continue;
    const name = tagName(scan, q);
    if (name === '/td' || name === '/th' || name === 'td' || name === 'th' || name === 'tr' || name === '/tr' || name === '/table')
      return q;
  }
  return -1;
}

/** The text of a cell without the tags that wrap it. */
function innerSpan(text: string, s: number, e: number): [number, number] {
  let a = s;
  let b = e;
  for (;;) {
    while (a < b && /\s/.test(text[a] ?? '')) a++;
    while (b > a && /\s/.test(text[b - 1] ?? '')) b--;
    if (text.charCodeAt(a) === 0x3c) {
      const close = text.indexOf('>', a);
      if (close < 0 || close >= b) break;
      a = close + 1;
      continue;
    }
    if (text.charCodeAt(b - 1) === 0x3e) {
      const open = text.lastIndexOf('<', b - 1);
      if (open < a) break;
      b = open;
      continue;
    }
    break;
  }
  return [a, b];
}

/** A tag at `i` that opens or closes a table, a row or a cell; returns where the main loop resumes, or -1. */
export function htmlTag(scan: Scan, i: number): number {
  const name = tagName(scan, i);
  if (name === '') return -1;
  const structure = scan.state.structure;
  if (name === 'table') {
    const end = tagEnd(scan, i);
    if (end < 0) return -1;
    scan.setStructure({ kind: 'html', columns: [], cell: 0 });
    return end;
  }
  if (structure?.kind !== 'html') return -1;
  if (name === '/table') {
    scan.setStructure(undefined);
    return -1;
  }
  if (name === 'tr') {
    scan.setStructure({ ...structure, cell: 0 });
    return -1;
  }
  if (name !== 'th' && name !== 'td') return -1;
  const open = tagEnd(scan, i);
  if (open < 0) return -1;
  const close = cellEnd(scan, open);
  if (close < 0) return -1;
  const [s, e] = innerSpan(scan.text, open, close);
  if (name === 'th') {
    const columns = [...structure.columns];
    columns[structure.cell] = s < e ? classifyKey(scan.text.slice(s, e), undefined, scan.options.extraKeys) : undefined;
    scan.setStructure({ kind: 'html', columns, cell: structure.cell + 1 });
    return close;
  }
  // The tags wrapping the cell's text are read too: their attributes may hold a value (`<a href="tel:…">`).
  if (open < s) scan.scanRange(open, s);
  maskCell(scan, s, e, structure.columns[structure.cell]);
  if (e < close) scan.scanRange(e, close);
  scan.setStructure({ ...structure, cell: structure.cell + 1 });
  return close;
}
