/**
 * Positional files of a layout no reader here knows (a payroll export, a health plan's
 * beneficiaries, a benefits payment file): every record one line of fixed width, its fields
 * glued without separators (`1000002529982247250MARIA DA SILVA      19620319…`). Read as prose,
 * glued digit runs are not split and the CPFs, PIS and birth dates inside them stay.
 *
 * A block of such lines (three or more, mostly upper case, digits and spaces) gets its layout
 * inferred from what repeats across its records at the same columns: per record type (the
 * line's first character, when the file has one), a column where most values pass a document's
 * check digits is that document's, and each value is masked only when it passes them; a column
 * of valid dates decades apart (or under a birth cue) holds birth dates; columns of padded text
 * bounded where padding or digits start in every record are names when most hold a known first
 * name, an address from a column of streets up to the town's; a house number, CEP and phone
 * beside them likewise. Amounts, sequence numbers, codes and other dates are left.
 *
 * The layout is inferred from the block's first MAX_LINES lines only (a stream holds them) and
 * carried in the scan state, so later records, in this window or the next, are read by it.
 */
import type { DetectorId } from '../../../config.js';
import { fold } from '../../chars.js';
import { LOOK_BEHIND } from '../../behind.js';
import { STREET_TYPES, isFirstName, placeSet } from '../../lexicon.js';
import { SPACE_CHAR, isUf } from '../../scanHelpers.js';
import { companyName } from '../../../detectors/name.js';
import { bodyOrPlace } from '../../fit.js';
import { classifyKey } from '../../keys.js';
import type { Scan } from '../../scanner.js';
import type { PositionalField, PositionalFile, PositionalKind, PositionalRecord } from '../../structures.js';
import { calendarDay, validCnpj, validCns, validCpf, validDddCodes, validPis, validTitulo } from '../../validate.js';
import { isDigitCode, textField, trim } from './fields.js';

/** The records a layout is inferred from; a stream holds at most these lines before it decides. */
const MAX_LINES = 16;
/** Fewer records than this are no file to infer a layout from. */
const MIN_RECORDS = 3;
const MIN_WIDTH = 40;
const MAX_WIDTH = 2000;
/** Characters other than upper-case letters, digits and spaces a record may hold (`.`, `-`, `/`, an accent's lower case). */
const MAX_OTHER = 4;

interface Line {
  readonly p: number;
  readonly n: number;
}

/**
 * At the start of the complete line `[p, e)`, outside any structure: whether a positional block
 * starts here. Sets the layout as the scan's structure and reads the line by it (returns `e`),
 * or leaves a header line to the text reader (-1 with the structure set); holds the line in a
 * stream while the block's first records have not all arrived (returns `p`, `openAt` set);
 * -1 when no block starts here.
 */
export function positionalBlock(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  const m = marginOf(text, p, e);
  if (shape(text, p + m, e, true) !== 'yes') return -1;
  const margin = text.slice(p, p + m);
  const lines: Line[] = [{ p: p + m, n: e - p - m }];
  let q = e;
  while (lines.length < MAX_LINES) {
    // Past the line break (CR LF or LF).
    if (text.charCodeAt(q) === 0x0d) q++;
    if (text.charCodeAt(q) !== 0x0a) {
      if (q >= text.length && !scan.final) return hold(scan, p);
      break;
    }
    q++;
    const nl = text.indexOf('\n', q);
    if (nl < 0 && !scan.final) {
      // The next line still arriving: it decides whether the block goes on, unless its start already says no.
      const arrived = text.slice(q, q + m);
      if (q < text.length && (!margin.startsWith(arrived) || (q + m < text.length && shape(text, q + m, text.length, false) === 'no')))
        break;
      return hold(scan, p);
    }
    let end = nl < 0 ? text.length : nl;
    if (end > q && text.charCodeAt(end - 1) === 0x0d) end--;
    if (!text.startsWith(margin, q) || shape(text, q + m, end, true) !== 'yes') break;
    lines.push({ p: q + m, n: end - q - m });
    q = end;
  }
  if (lines.length < MIN_RECORDS) return -1;
  // A block with no personal column is remembered too (no records): its lines are text, and no
  // later line of it infers again.
  const file: PositionalFile = inferFile(scan, lines, margin) ?? { kind: 'positional', margin, records: [] };
  scan.setStructure(file);
  return positionalLine(scan, p, e, file);
}

/** A comment or a heading that may declare a layout: `# pos 001-001 tipo | 002-009 …`, `* 010-059 NOME`, `Layout: …`. */
const LAYOUT_OPENING = /^\s*(?:#|\/\/|--|\*|;|\/\*|(?:pos(?:i[cç][oõ]es|ição|icao)?|layout|leiaute|campos?)\b)/i;
/** What a layout's declaration opens with, lower-cased: `#`, `/`, `-`, `*`, `;`, and `pos`, `layout`, `leiaute`, `campos`. */
const LAYOUT_FIRST: ReadonlySet<number> = new Set([...('#/-*;' + 'plc')].map((ch) => ch.charCodeAt(0) | 0x20));
/** One field of a declared layout: its first and last column (counted from 1), then its name. */
const LAYOUT_FIELD = /(\d{1,4})\s*[-–a]\s*(\d{1,4})\s*[:=]?\s+(\p{L}[\p{L} ./_]{0,40}?)\s*(?=[|;,]|\s+\d{1,4}\s*[-–a]\s*\d|\s*$)/gu;
const LAYOUT_KINDS: ReadonlySet<PositionalKind> = new Set<PositionalKind>([
  'cpf',
  'cnpj',
  'pis',
  'cns',
  'titulo_eleitor',
  'birth_date',
  'name',
  'address',
  'cep',
  'phone',
]);

const LAYOUT_KINDS_BY_DETECTOR: ReadonlyMap<string, PositionalKind> = new Map([...LAYOUT_KINDS].map((kind) => [kind, kind]));

/** Whether the incomplete line `[p, e)` may still declare a layout (a stream waits for its end). */
export function couldDeclareLayout(text: string, p: number, e: number): boolean {
  return e - p <= 600 && (e - p < 3 || LAYOUT_OPENING.test(text.slice(p, Math.min(e, p + 16))));
}

/**
 * A line declaring a positional layout (`# pos 001-001 tipo | 002-009 prontuário | 010-059 nome |
 * 060-070 CPF | 071-078 nasc AAAAMMDD`): three fields or more, each named as a key is. Sets the
 * layout as the scan's structure, so the records after it are read by it, and says whether it did.
 */
export function declaredLayout(scan: Scan, p: number, e: number): boolean {
  const text = scan.text;
  // Every line of a text comes here: its first character rules out nearly all of them.
  let q = p;
  while (q < e && (text.charCodeAt(q) === SPACE_CHAR || text.charCodeAt(q) === 0x09)) q++;
  if (!LAYOUT_FIRST.has(text.charCodeAt(q) | 0x20)) return false;
  if (e - p > 600 || !LAYOUT_OPENING.test(text.slice(p, Math.min(e, p + 16)))) return false;
  const fields: PositionalField[] = [];
  let count = 0;
  let width = 0;
  for (const m of text.slice(p, e).matchAll(LAYOUT_FIELD)) {
    const start = Number(m[1]) - 1;
    const end = Number(m[2]);
    if (start < 0 || end <= start) return false;
    count++;
    width = Math.max(width, end);
    const words = (m[3] ?? '').trim();
    const detector = classifyKey(words)?.detector ?? classifyKey(words.split(/\s+/)[0] ?? '')?.detector;
    const kind = LAYOUT_KINDS_BY_DETECTOR.get(detector === 'address_part' ? 'address' : (detector ?? ''));
    if (kind !== undefined) fields.push({ start, end, kind });
  }
  if (count < 3 || fields.length === 0 || width < MIN_WIDTH) return false;
  fields.sort((a, b) => a.start - b.start);
  scan.setStructure({ kind: 'positional', margin: '', records: [{ type: undefined, width, fields }], declared: 'waiting' });
  return true;
}

/** The margin of a line pasted indented or quoted (`    `, `> `): up to eight spaces and `>`. */
function marginOf(text: string, p: number, e: number): number {
  let q = p;
  while (q < e && q - p < 8 && (text.charCodeAt(q) === SPACE_CHAR || text.charCodeAt(q) === 0x3e)) q++;
  return q - p;
}

/** Whether the incomplete line `[p, e)` may still open a positional block (a stream waits for its end). */
export function couldBePositional(text: string, p: number, e: number): boolean {
  const m = marginOf(text, p, e);
  return e > p && (p + m === e || shape(text, p + m, e, false) !== 'no');
}

function hold(scan: Scan, p: number): number {
  scan.openAt = p;
  return p;
}

/**
 * The complete line `[p, e)` inside a positional file: read by its record's layout (returns
 * `e`); a record-shaped line of a type without a layout (a header, a trailer) is left to the
 * text reader (-1); any other line ends the file (its structure is dropped, -1).
 */
export function positionalLine(scan: Scan, lineP: number, e: number, file: PositionalFile): number {
  const text = scan.text;
  const margined = text.startsWith(file.margin, lineP);
  const p = lineP + file.margin.length;
  const record = margined ? recordOf(file, text.charCodeAt(p), e - p) : undefined;
  if (record === undefined) {
    // A declared layout's file ends at a blank line after its records (blank lines before them are the comment's).
    if (file.declared !== undefined ? e === lineP && file.declared === 'reading' : !margined || shape(text, p, e, true) !== 'yes')
      scan.setStructure(undefined);
    return -1;
  }
  if (!namesSomeone(text, p, e, record)) return -1;
  if (file.declared === 'waiting') scan.setStructure({ ...file, declared: 'reading' });
  // The columns between fields are read for documents too: one the layout did not place (a valid
  // CPF or CNPJ in a column of other values) is still masked, never left because of where it stands.
  const before = scan.found.length;
  let gap = p;
  for (const field of record.fields) {
    const s = p + field.start;
    if (s > gap && s <= e) scan.scanNumbersOnly(gap, s);
    readField(scan, s, Math.min(e, p + field.end), field.kind);
    gap = Math.max(gap, Math.min(e, p + field.end));
  }
  if (gap < e) scan.scanNumbersOnly(gap, e);
  documentsAcrossFields(scan, p, e, before);
  return e;
}

/**
 * A valid CPF or CNPJ standing alone in the line `[p, e)` that the layout's fields cut in two (a
 * record set off the inferred columns), bare or in its layout, alphanumeric too
 * (`V4.WR4.BWN/DAJ5-74`), is masked all the same: the layout never lets one through.
 * `before`: how many values the scan had found before the line.
 */
function documentsAcrossFields(scan: Scan, p: number, e: number, before: number): void {
  const text = scan.text;
  for (let q = p; q < e;) {
    if (!DOCUMENT_CHAR.test(text[q] ?? '')) {
      q++;
      continue;
    }
    let r = q;
    while (r < e && DOCUMENT_CHAR.test(text[r] ?? '')) r++;
    const detector = documentToken(text.slice(q, r));
    if (detector !== undefined && !coveredSince(scan, before, q, r)) scan.add(q, r, detector);
    q = r;
  }
}

/** What a CPF's or a CNPJ's token is written with: capitals, digits and its layout's separators. */
const DOCUMENT_CHAR = /[0-9A-Z./-]/;

/** `cpf` or `cnpj` when the token is one of them, bare or in its layout, with valid check digits; else undefined. */
function documentToken(token: string): DetectorId | undefined {
  if (token.length < 11 || token.length > 18) return undefined;
  const chars = token.replace(/[./-]/g, '');
  if (chars.length === 11 && /^\d+$/.test(chars) && validCpf(chars)) return 'cpf';
  return chars.length === 14 && /^[0-9A-Z]{12}\d\d$/.test(chars) && validCnpj(chars) ? 'cnpj' : undefined;
}

/** Whether a value found since `before` covers all of `[s, e)`. */
function coveredSince(scan: Scan, before: number, s: number, e: number): boolean {
  for (let k = before; k < scan.found.length; k++) {
    const found = scan.found[k];
    if (found !== undefined && found.start <= s && found.end >= e) return true;
  }
  return false;
}

/**
 * Whether the line `[p, e)` names someone where its record's layout has a document or a name
 * column: a valid document there, or a name-shaped value. A header of the same width as the
 * records (a company, a file date) names no one and is left to the text reader.
 */
function namesSomeone(text: string, p: number, e: number, record: PositionalRecord): boolean {
  let asks = false;
  for (const field of record.fields) {
    const s = p + field.start;
    const t = Math.min(e, p + field.end);
    const check = CHECKS.get(field.kind);
    if (check !== undefined) {
      asks = true;
      if (check[1](text.slice(s, t))) return true;
    } else if (field.kind === 'name') {
      asks = true;
      const [a, b] = trim(text, s, t);
      if (nameShaped(fold(text.slice(a, b)))) return true;
    }
  }
  return !asks;
}

function recordOf(file: PositionalFile, type: number, n: number): PositionalRecord | undefined {
  return file.records.find((record) =>
    file.declared !== undefined
      ? // A declared layout's record may end early (its last fields blank, trailing spaces cut): it reaches into its last personal field.
        n > (record.fields[record.fields.length - 1]?.start ?? 0) && n <= record.width + 8
      : (record.type === undefined || record.type === type) && n * 4 >= record.width * 3 && n * 4 <= record.width * 5,
  );
}

/**
 * Whether `[p, e)` is shaped as a positional record: `'no'` as soon as a prefix says it cannot
 * be (so a stream need not wait for the rest), `'maybe'` for an incomplete line that still may.
 * A complete line must also be wide enough and hold a run of six digits or more, a fifth of
 * its characters digits.
 */
function shape(text: string, p: number, e: number, complete: boolean): 'yes' | 'no' | 'maybe' {
  const first = text.charCodeAt(p);
  if (!(isDigitCode(first) || (first >= 0x41 && first <= 0x5a))) return 'no';
  if (e - p > MAX_WIDTH) return 'no';
  let other = 0;
  let digits = 0;
  let run = 0;
  let longest = 0;
  let spaces = 0;
  for (let q = p; q < e; q++) {
    const c = text.charCodeAt(q);
    if (isDigitCode(c)) {
      digits++;
      run++;
      if (run > longest) longest = run;
      continue;
    }
    run = 0;
    if (c === SPACE_CHAR) spaces++;
    else if (!((c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xdd && c !== 0xd7)) && ++other > MAX_OTHER) return 'no';
  }
  if (!complete) return 'maybe';
  const n = e - p;
  return n >= MIN_WIDTH && longest >= 6 && digits * 5 >= n - spaces && spaces * 2 < n ? 'yes' : 'no';
}

// ---- the layout ------------------------------------------------------------------------------

/** The layouts of a block's records, or undefined when no record type has enough records. */
function inferFile(scan: Scan, lines: readonly Line[], margin: string): PositionalFile | undefined {
  const text = scan.text;
  const counts = new Map<number, Line[]>();
  for (const line of lines) {
    const type = text.charCodeAt(line.p);
    counts.set(type, [...(counts.get(type) ?? []), line]);
  }
  // Typed when every record between the first and the last shares its first character with another.
  const typed = lines.slice(1, -1).every((line) => (counts.get(text.charCodeAt(line.p))?.length ?? 0) >= 2);
  const cue = birthCue(scan, lines);
  const records: PositionalRecord[] = [];
  if (typed) {
    for (const [type, group] of counts) {
      if (group.length < MIN_RECORDS) continue;
      const record = inferRecord(text, group, cue, type);
      if (record !== undefined) records.push(record);
    }
  } else {
    const widths = lines.map((line) => line.n).sort((a, b) => a - b);
    const median = widths[widths.length >> 1] ?? 0;
    const group = lines.filter((line) => line.n * 4 >= median * 3 && line.n * 4 <= median * 5);
    const record = group.length >= MIN_RECORDS ? inferRecord(text, group, cue, undefined) : undefined;
    if (record !== undefined) records.push(record);
  }
  return records.length > 0 ? { kind: 'positional', margin, records } : undefined;
}

/** A birth cue in the block's lines or in the text just before it (`NASC`, `nascimento`, `DT_NASC`). */
function birthCue(scan: Scan, lines: readonly Line[]): boolean {
  const first = lines[0]?.p ?? 0;
  const last = lines[lines.length - 1];
  const end = last === undefined ? first : last.p + last.n;
  return /NASC|\bDN\b|\bDOB\b/.test(fold(scan.text.slice(Math.max(0, first - LOOK_BEHIND), end)));
}

/** A document whose check digits mark its columns; `strong` ones (two check digits) may show in most rows, the others must in every one. */
interface Document {
  readonly kind: PositionalKind;
  readonly detector: DetectorId;
  readonly width: number;
  readonly strong: boolean;
  readonly valid: (digits: string) => boolean;
}

const DOCUMENTS: readonly Document[] = [
  { kind: 'cpf', detector: 'cpf', width: 11, strong: true, valid: validCpf },
  { kind: 'cnpj', detector: 'cnpj', width: 14, strong: true, valid: validCnpj },
  { kind: 'titulo_eleitor', detector: 'titulo_eleitor', width: 12, strong: true, valid: validTitulo },
  { kind: 'pis', detector: 'pis', width: 11, strong: false, valid: validPis },
  { kind: 'cns', detector: 'cns', width: 15, strong: false, valid: validCns },
];

/** A column of a document's values; `firm` when two check digits hold in every row, or one in every row of four or more. */
interface DocumentColumn extends PositionalField {
  readonly firm: boolean;
  /** One check digit failing in one row: taken only between two fields' edges. */
  readonly loose: boolean;
}

/** One record type's lines read column by column. */
class Columns {
  readonly width: number;
  /** Per line, the length of the run of digits from each column (a window's test in one look). */
  private readonly runs: Map<Line, Uint16Array>;
  constructor(
    readonly text: string,
    readonly lines: readonly Line[],
  ) {
    this.width = Math.max(...lines.map((line) => line.n));
    this.runs = new Map(
      lines.map((line) => {
        const run = new Uint16Array(line.n + 1);
        for (let c = line.n - 1; c >= 0; c--) run[c] = isDigitCode(text.charCodeAt(line.p + c)) ? (run[c + 1] ?? 0) + 1 : 0;
        return [line, run];
      }),
    );
  }

  /** The character at column `c` of `line` (a space past its end: trailing padding is often cut). */
  at(line: Line, c: number): number {
    return c < line.n ? this.text.charCodeAt(line.p + c) : SPACE_CHAR;
  }

  value(line: Line, s: number, t: number): string {
    return this.text.slice(line.p + Math.min(s, line.n), line.p + Math.min(t, line.n));
  }

  digits(line: Line, s: number, t: number): boolean {
    return t <= line.n && (this.runs.get(line)?.[s] ?? 0) >= t - s;
  }

  /** How many lines `test` holds for. */
  count(test: (line: Line) => boolean): number {
    let n = 0;
    for (const line of this.lines) if (test(line)) n++;
    return n;
  }
}

function inferRecord(text: string, lines: readonly Line[], cue: boolean, type: number | undefined): PositionalRecord | undefined {
  const cols = new Columns(text, lines);
  const k = lines.length;
  const taken = new Uint8Array(cols.width + 1);
  const fields: PositionalField[] = [];
  const take = (start: number, end: number, kind: PositionalKind): void => {
    fields.push({ start, end, kind });
    taken.fill(1, start, end);
  };
  const free = (s: number, t: number): boolean => {
    for (let c = s; c < t; c++) if (taken[c]) return false;
    return true;
  };
  // Firm documents first, then birth dates, then the other documents where a field's edge is.
  const documents = documentColumns(cols);
  for (const found of documents) if (found.firm && free(found.start, found.end)) take(found.start, found.end, found.kind);
  let spreadOnly = false;
  for (let c = 0; c + 8 <= cols.width; c++) {
    const dates = free(c, c + 8) ? birthDates(cols, c, cue) : 'none';
    if (dates === 'none') continue;
    take(c, c + 8, 'birth_date');
    spreadOnly ||= dates === 'spread';
  }
  if (!cue) dropLaterDates(cols, fields);
  for (const found of documents)
    if (
      !found.firm &&
      free(found.start, found.end) &&
      (found.loose ? walled(cols, taken, found.start, found.end) : bounded(cols, taken, found.start, found.end))
    )
      take(found.start, found.end, found.kind);
  const person = fields.some((field) => field.kind !== 'birth_date');
  textColumns(cols, taken, take, person);
  // Dates decades apart with no cue are birth dates only in a person's record (a document or a name beside them).
  if (spreadOnly && !fields.some((field) => field.kind !== 'birth_date' && field.kind !== 'text')) {
    for (let i = fields.length - 1; i >= 0; i--) if (fields[i]?.kind === 'birth_date') fields.splice(i, 1);
  }
  fields.sort((a, b) => a.start - b.start);
  const personal = fields.some((field) => field.kind !== 'text');
  return personal && k >= MIN_RECORDS ? { type, width: cols.width, fields } : undefined;
}

/**
 * Of two date columns, the one whose dates come 14 years or more after the other's in every row
 * is an admission's or an issue's, not a birth's: removed from `fields` (its columns stay taken,
 * so they are left).
 */
function dropLaterDates(cols: Columns, fields: PositionalField[]): void {
  const dates = fields.filter((field) => field.kind === 'birth_date');
  const years = (field: PositionalField): number[] =>
    cols.lines.map((line) => {
      const v = cols.value(line, field.start, field.end);
      return Math.max(dayOfCalendar(v, false)?.[0] ?? 0, dayOfCalendar(v, true)?.[0] ?? 0);
    });
  const later = dates.filter((b) =>
    dates.some((a) => a !== b && years(a).every((year, row) => year >= 1900 && year + 14 <= (years(b)[row] ?? 0))),
  );
  for (const field of later) fields.splice(fields.indexOf(field), 1);
}

/** The columns of documents with check digits, best first: those that hold in the most rows, strong ones before weak ones. */
function documentColumns(cols: Columns): DocumentColumn[] {
  const k = cols.lines.length;
  const found: { column: DocumentColumn; score: number }[] = [];
  DOCUMENTS.forEach((doc, rank) => {
    for (let c = 0; c + doc.width <= cols.width; c++) {
      const values = cols.lines.filter((line) => cols.digits(line, c, c + doc.width)).map((line) => cols.value(line, c, c + doc.width));
      const valid = values.filter(doc.valid);
      if (new Set(valid).size < 2) continue;
      // One check digit may fail in one row of four or more (a wrong number the file flags) when the
      // column is walled on both sides (see walled).
      const enough = doc.strong
        ? valid.length >= Math.max(2, Math.ceil(k * 0.6))
        : (valid.length === k || (values.length >= 4 && valid.length >= values.length - 1)) &&
          k >= MIN_RECORDS &&
          valid.every((v) => v[0] !== '0');
      if (!enough) continue;
      // A single check digit holding by chance in every one of four rows at some column: about one block in 200.
      const loose = !doc.strong && valid.length < k;
      const column = { start: c, end: c + doc.width, kind: doc.kind, firm: doc.strong ? valid.length === k : k >= 4 && !loose, loose };
      found.push({ column, score: (doc.strong ? 1000 : 0) + valid.length * 10 - rank });
    }
  });
  return found.sort((a, b) => b.score - a.score).map((entry) => entry.column);
}

/**
 * Whether columns `[s, t)` are bounded on one side at least: digits start or stop there in every
 * record, or a field already found meets them. Within a run of glued digits (amounts, accounts),
 * a window that passes a single check digit in a few rows by chance has no such edge.
 */
function bounded(cols: Columns, taken: Uint8Array, s: number, t: number): boolean {
  const left = s === 0 || taken[s - 1] === 1 || cols.count((line) => !isDigitCode(cols.at(line, s - 1))) === cols.lines.length;
  return left || taken[t] === 1 || cols.count((line) => !isDigitCode(cols.at(line, t))) === cols.lines.length;
}

/** Whether columns `[s, t)` are bounded on both sides: by a field already found, or where digits stop in every record. */
function walled(cols: Columns, taken: Uint8Array, s: number, t: number): boolean {
  const k = cols.lines.length;
  const left = s === 0 || taken[s - 1] === 1 || cols.count((line) => !isDigitCode(cols.at(line, s - 1))) === k;
  return left && (taken[t] === 1 || cols.count((line) => !isDigitCode(cols.at(line, t))) === k);
}

/** A date `DDMMAAAA` or `AAAAMMDD` at column `c` of a line, as [year, month, day], or undefined. */
function dateAt(cols: Columns, line: Line, c: number, yearFirst: boolean): [number, number, number] | undefined {
  return cols.digits(line, c, c + 8) ? dayOfCalendar(cols.value(line, c, c + 8), yearFirst) : undefined;
}

/** Eight digits as a day of the calendar, [year, month, day]: `DDMMAAAA`, or `AAAAMMDD` when `yearFirst`. */
function dayOfCalendar(v: string, yearFirst: boolean): [number, number, number] | undefined {
  const [y, m, d] = yearFirst ? [+v.slice(0, 4), +v.slice(4, 6), +v.slice(6, 8)] : [+v.slice(4, 8), +v.slice(2, 4), +v.slice(0, 2)];
  return calendarDay(y, m, d) ? [y, m, d] : undefined;
}

/**
 * Whether column `c` holds birth dates: valid dates in nearly every row, none in the future nor
 * before 1900, different, and decades apart unless the file has a birth cue (an admission or
 * payment date is shared or close).
 */
function birthDates(cols: Columns, c: number, cue: boolean): 'cue' | 'spread' | 'none' {
  const k = cols.lines.length;
  const now = new Date();
  const today = now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
  for (const yearFirst of [false, true]) {
    const dates = cols.lines.map((line) => dateAt(cols, line, c, yearFirst)).filter((d) => d !== undefined);
    if (dates.length < Math.max(2, Math.ceil(k * 0.8))) continue;
    const days = dates.map(([y, m, d]) => y * 10000 + m * 100 + d);
    if (days.some((day) => day > today || day < 19000101) || new Set(days).size < 2) continue;
    const years = dates.map(([y]) => y);
    if (cue) return 'cue';
    if (Math.max(...years) - Math.min(...years) >= 10) return 'spread';
  }
  return 'none';
}

/** A record's padded text columns and the numbers beside them, classified left to right. */
function textColumns(
  cols: Columns,
  taken: Uint8Array,
  take: (start: number, end: number, kind: PositionalKind) => void,
  person: boolean,
): void {
  const k = cols.lines.length;
  const bounds = new Set<number>([0, cols.width]);
  const digitAt = (line: Line, c: number): boolean => isDigitCode(cols.at(line, c));
  for (let c = 1; c < cols.width; c++) {
    if (taken[c] !== taken[c - 1]) bounds.add(c);
    // Digits start or stop here in every record.
    else if (cols.count((line) => digitAt(line, c - 1) !== digitAt(line, c)) === k) bounds.add(c);
    // Padding ends here in most records (two spaces or more, then a value).
    else if (
      cols.count((line) => cols.at(line, c - 2) === SPACE_CHAR && cols.at(line, c - 1) === SPACE_CHAR && cols.at(line, c) !== SPACE_CHAR) >=
      Math.max(2, Math.ceil(k / 2))
    )
      bounds.add(c);
  }
  // A state's code glued before a number (`…VALADARESMG35010161`) is a field of its own.
  for (const b of [...bounds]) {
    if (b >= 3 && cols.count((line) => digitAt(line, b) && isUf(cols.at(line, b - 2), cols.at(line, b - 1))) === k) bounds.add(b - 2);
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  let address = false;
  let afterStreet = false;
  let town = false;
  // A CEP follows a street's columns or a state's code (`…ITABUNA             BA45600130`).
  let afterUf = false;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const s = sorted[i] ?? 0;
    const t = sorted[i + 1] ?? 0;
    if (taken[s]) continue;
    const values = cols.lines.map((line) => trimmed(cols, line, s, t)).filter((v) => v.length > 0);
    if (values.length === 0) continue;
    const numeric = values.every((v) => /^\d+$/.test(v));
    if (numeric) {
      const all = cols.count((line) => cols.digits(line, s, t)) === k;
      const postal = (address || afterUf) && all && cepColumn(cols, s);
      if (afterStreet && t - s <= 6) take(s, t, 'house_number');
      else if (postal && t - s === 8) take(s, t, 'cep');
      else if ((person || address) && all && (address || t - s === 11) && phoneColumn(cols, s, t)) take(s, t, 'phone');
      else if (postal && t - s > 8) numbersAfterAddress(cols, s, t, take);
      afterStreet = false;
      afterUf = false;
      continue;
    }
    afterStreet = false;
    afterUf = false;
    const folded = values.map((v) => fold(v));
    const most = (test: (v: string) => boolean): boolean => folded.filter(test).length * 5 >= folded.length * 3;
    // A state's code, and a town (which ends the address's text; its CEP may follow).
    if (folded.every((v) => v.length === 2 && isUf(v.charCodeAt(0), v.charCodeAt(1)))) {
      afterUf = true;
      continue;
    }
    if (most((v) => placeSet().has(v))) {
      if (address) town = true;
      continue;
    }
    // A state's code glued before the street (`…PRR CAP LEONIDAS MARQUES 845`): the street starts after it.
    // Not when the column runs on into glued numbers (its end was not found): they would go with the street.
    const ufFirst =
      !most(street) &&
      most((v) => v.length > 3 && isUf(v.charCodeAt(0), v.charCodeAt(1)) && street(v.slice(2))) &&
      !folded.some((v) => /\d{8,}$/.test(v));
    if (most(street) || ufFirst) {
      take(ufFirst ? s + 2 : s, t, 'address');
      address = true;
      afterStreet = true;
    } else if ((!address || town) && (most(personName) || (person && most(nameShaped) && folded.some(personName)))) take(s, t, 'name');
    else if (address && !town) take(s, t, 'address');
    else take(s, t, 'text');
  }
}

function trimmed(cols: Columns, line: Line, s: number, t: number): string {
  const [a, b] = trim(cols.text, line.p + Math.min(s, line.n), line.p + Math.min(t, line.n));
  return cols.text.slice(a, b);
}

/** A street's name: its type first (`RUA`, `AV`, `TRAVESSA`). */
function street(value: string): boolean {
  const word = /^[A-Z]+/.exec(value)?.[0] ?? '';
  return word.length < value.length && STREET_TYPES.has(word);
}

/** Two words or more of letters, not a company's nor a body's name. */
function nameShaped(value: string): boolean {
  return /^[A-Z][A-Z' ]*[A-Z]$/.test(value) && value.includes(' ') && !companyName(value) && !bodyOrPlace(value);
}

/** A person's name: name-shaped, a known first name among its first three words (registers write the surname first). */
function personName(value: string): boolean {
  if (!nameShaped(value)) return false;
  return value
    .split(' ')
    .slice(0, 3)
    .some((word) => isFirstName(word));
}

/** Columns `[s, t)`, digits in every record, as a phone: a DDD that exists, then eight digits, or nine from a 9 (ten digits only beside an address: an account number is often shaped so). */
function phoneColumn(cols: Columns, s: number, t: number): boolean {
  if (t - s !== 10 && t - s !== 11) return false;
  return cols.lines.every((line) => {
    const v = cols.value(line, s, t);
    return validDddCodes(v.charCodeAt(0), v.charCodeAt(1)) && (t - s === 10 ? v[2] !== '9' && v[2] !== '0' && v[2] !== '1' : v[2] === '9');
  });
}

/** Whether the eight digits at column `s` are CEPs: none below 01000-000, none a date (`…SP20260115` is a state and a day). */
function cepColumn(cols: Columns, s: number): boolean {
  return cols.lines.every((line) => {
    const v = cols.value(line, s, s + 8);
    return (
      v.length === 8 &&
      // CEPs start at 01000-000: a zero-padded amount or count does not.
      !v.startsWith('00') &&
      ![false, true].some((yearFirst) => {
        const year = dayOfCalendar(v, yearFirst)?.[0] ?? 0;
        return year >= 1900 && year <= 2100;
      })
    );
  });
}

/** A run of digits after an address (`3501016133991147720`): its CEP first, then a phone. */
function numbersAfterAddress(cols: Columns, s: number, t: number, take: (start: number, end: number, kind: PositionalKind) => void): void {
  take(s, s + 8, 'cep');
  for (const width of [11, 10]) {
    if (t - s - 8 >= width && phoneColumn(cols, s + 8, s + 8 + width)) {
      take(s + 8, s + 8 + width, 'phone');
      return;
    }
  }
}

// ---- reading a record ------------------------------------------------------------------------

/** The detector of a document's column and its check digits. */
const CHECKS: ReadonlyMap<PositionalKind, readonly [DetectorId, (digits: string) => boolean]> = new Map(
  DOCUMENTS.map((doc) => [doc.kind, [doc.detector, doc.valid]] as const),
);

/** Field `[s, t)` of a record masked as its column's kind, each value on its own merit. */
function readField(scan: Scan, s: number, t: number, kind: PositionalKind): void {
  if (s >= t) return;
  const text = scan.text;
  const value = text.slice(s, t);
  const check = CHECKS.get(kind);
  const [a, b] = trim(text, s, t);
  if (check !== undefined) {
    if (/^\d+$/.test(value) && check[1](value)) scan.add(s, t, check[0]);
    // A value that fails the column's check digits is still read for documents (an alphanumeric
    // CNPJ, a value the layout cut differently), as the columns between fields are (positionalLine).
    else if (a < b) scan.scanNumbersOnly(a, b);
    return;
  }
  if (a === b) return;
  const inner = text.slice(a, b);
  switch (kind) {
    case 'birth_date':
      if (/^\d{8}$/.test(value) && [false, true].some((yearFirst) => (dayOfCalendar(value, yearFirst)?.[0] ?? 0) >= 1900))
        scan.add(s, t, 'birth_date');
      return;
    case 'name':
      if (/^[A-ZÀ-Ý][A-ZÀ-Ý' .-]*$/.test(inner) && !companyName(inner) && !bodyOrPlace(inner)) scan.add(a, b, 'name');
      else textField(scan, a, b);
      return;
    case 'address':
      scan.add(a, b, 'address');
      return;
    case 'house_number': {
      let q = a;
      while (q < b - 1 && text.charCodeAt(q) === 0x30) q++;
      if (!/^0+$/.test(inner)) scan.add(q, b, 'address');
      return;
    }
    case 'cep':
    case 'phone':
      if (/^\d+$/.test(inner) && !/^0+$/.test(inner)) scan.add(a, b, kind);
      return;
    default:
      textField(scan, a, b);
  }
}
