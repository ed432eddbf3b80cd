/**
 * HTML tables: the text of each `<th>` names its column, and each `<td>` under a sensitive
 * column is masked whole when it fits it. Tags around a cell's text (`<td><b>…</b></td>`) stay.
 */
import { WORD, fold } from '../chars.js';
import { classifyKey } from '../keys.js';
import { SPACE_CHAR } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';
import { maskCell, maskColumnCell } from './tables.js';
import { memoryKeyId } from '../keyMemory.js';

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

const CELL_ENDS: ReadonlySet<string> = new Set(['/td', '/th', 'td', 'th', 'tr', '/tr', '/table']);
const TERM_ENDS: ReadonlySet<string> = new Set(['/dt', '/dd', 'dt', 'dd', '/dl']);

/** Where the cell that starts at `s` ends: at its closing tag, or where the next cell or row begins (`ends`: the tags that end it). */
function cellEnd(scan: Scan, s: number, ends: ReadonlySet<string> = CELL_ENDS): number {
  for (let q = s; q - s < MAX_CELL; q++) {
    const c = scan.at(q);
    if (c < 0) return -1;
    if (c === 0x3c && ends.has(tagName(scan, q))) return q;
  }
  return -1;
}

/**
 * A description list's term and its description (`<dt>Nascimento</dt> <dd>07/04/2006</dd>`): the
 * term is the description's label, as a header cell is its column's. Returns where the main loop
 * resumes (past the description), or -1 when the term names nothing sensitive.
 */
function describedTerm(scan: Scan, i: number): number {
  const open = tagEnd(scan, i);
  if (open < 0) return -1;
  const close = cellEnd(scan, open, TERM_ENDS);
  if (close < 0) return -1;
  const [ts, te] = innerSpan(scan.text, open, close);
  const kc = ts < te && te - ts <= 64 ? classifyKey(scan.text.slice(ts, te), undefined, scan.options.extraKeys) : undefined;
  if (kc === undefined) return -1;
  let q = tagName(scan, close) === '/dt' ? tagEnd(scan, close) : close;
  if (q < 0) return -1;
  while (scan.at(q) === 0x20 || scan.at(q) === 0x0a || scan.at(q) === 0x0d || scan.at(q) === 0x09) q++;
  if (tagName(scan, q) !== 'dd') return -1;
  const dd = tagEnd(scan, q);
  if (dd < 0) return -1;
  const end = cellEnd(scan, dd, TERM_ENDS);
  if (end < 0) return -1;
  const [s, e] = innerSpan(scan.text, dd, end);
  maskCell(scan, s, e, kc);
  return end;
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
/** Who a subtitle's voice may be without naming anyone. */
const VOICE_ROLES = new Set([
  'NARRADOR',
  'NARRADORA',
  'LOCUTOR',
  'LOCUTORA',
  'ENTREVISTADOR',
  'ENTREVISTADORA',
  'REPORTER',
  'APRESENTADOR',
  'APRESENTADORA',
  'VOZ',
  'CORO',
  'TODOS',
  'NARRATOR',
  'SPEAKER',
  'INTERVIEWER',
  'HOST',
]);

/**
 * WebVTT's voice span `<v Srêzêkwa Xerente>`, `<v.lider Rosa Xerente>`: the speaker it names is a
 * person, whatever names they have; a role (`<v Narrador>`) is left. Returns the tag's end, or -1.
 */
function voiceSpan(scan: Scan, i: number): number {
  const end = tagEnd(scan, i);
  if (end < 0) return -1;
  let s = i + 2;
  // Classes first (`.lider.loud`), then a space, then the name.
  while (scan.at(s) === 0x2e) {
    s++;
    while (scan.cls(s) & WORD) s++;
  }
  if (scan.at(s) !== SPACE_CHAR) return -1;
  const [vs, ve] = innerSpan(scan.text, s, end - 1);
  const voice = scan.text.slice(vs, ve);
  if (vs >= ve || !/^\p{Lu}[\p{L}'’.-]*(?: [\p{L}'’.-]+){0,5}$/u.test(voice) || VOICE_ROLES.has(fold(voice))) return -1;
  scan.add(vs, ve, 'name');
  return end;
}

export function htmlTag(scan: Scan, i: number): number {
  if ((scan.at(i + 1) | 0x20) === 0x76 && (scan.at(i + 2) === SPACE_CHAR || scan.at(i + 2) === 0x2e)) return voiceSpan(scan, i);
  const name = tagName(scan, i);
  if (name === '') return -1;
  if (name === 'dt') return describedTerm(scan, i);
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
    const ids = [...(structure.ids ?? [])];
    columns[structure.cell] = s < e ? classifyKey(scan.text.slice(s, e), undefined, scan.options.extraKeys) : undefined;
    ids[structure.cell] = s < e ? memoryKeyId(scan.text.slice(s, e)) : undefined;
    scan.setStructure({ kind: 'html', columns, ids, cell: structure.cell + 1 });
    return close;
  }
  // The tags wrapping the cell's text are read too: their attributes may hold a value (`<a href="tel:…">`).
  if (open < s) scan.scanRange(open, s);
  maskColumnCell(scan, s, e, structure.columns[structure.cell], structure.ids?.[structure.cell]);
  if (e < close) scan.scanRange(e, close);
  scan.setStructure({ ...structure, cell: structure.cell + 1 });
  return close;
}
