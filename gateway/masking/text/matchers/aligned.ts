/**
 * Aligned tables: columns lined up by spaces, as fixed-width reports, `print(df)` of pandas and
 * command-line tools print them. A line of column names is only a header once the next line
 * lines up under it (a word ending where a name ends, or starting where it starts, for at least
 * half the columns); from then on each word of a row belongs to the column whose span it
 * overlaps most (right-aligned columns reach left to the previous header, left-aligned ones
 * reach right to the next), up to a blank line or a line that does not fit.
 */
import { PSEUDONYM_IN, holdsMaskedOutput, redactionLabelAt } from '../maskOutput.js';
import { CLASS, WORD } from '../chars.js';
import { UF_CODES, W_STREET_ABBR, W_STREET_WORD } from '../lexicon.js';
import { plainFirstName } from '../handles.js';
import { SPACE_CHAR } from '../scanHelpers.js';
import { classifyKey } from '../keys.js';
import { memoryKeyId } from '../keyMemory.js';
import type { Scan } from '../scanner.js';
import type { AlignedColumn, AlignedTable } from '../structures.js';
import { classifyColumns, maskColumnCell } from './tables.js';
import { cnpjToken } from './orgContact.js';

const MAX_LINE = 400;
/** A tibble's line of column types: `<chr>`, `<date>`, `<dbl>`, `<int>`, `<fct>`, `<dttm>`… */
const TYPE_LINE = /^\s*(?:<[a-z]{2,5}>\s+)*<[a-z]{2,5}>\s*$/;
const MAX_TOKENS = 30;

/** Runs of non-space characters on a line, as line-relative [start, end) pairs. */
function words(line: string): number[] {
  const bounds: number[] = [];
  let q = 0;
  const n = line.length;
  while (q < n) {
    while (q < n && (line.charCodeAt(q) === SPACE_CHAR || line.charCodeAt(q) === 0x09)) q++;
    if (q >= n) break;
    const s = q;
    while (q < n && line.charCodeAt(q) !== SPACE_CHAR && line.charCodeAt(q) !== 0x09) q++;
    bounds.push(s, q);
  }
  return bounds;
}

/** A column name: letters, digits and `_ . - / # º ( ) %` (a share's column), nothing a sentence puts between words. */
const NAME_TOKEN = /^[\p{L}\p{N}_.\-/#º°()%]+$/u;

/** Whether a stream should wait for the end of this line: it may still be a header of an aligned table. */
export function couldBeAligned(scan: Scan, p: number, e: number): boolean {
  if (!nameLine(scan.text, p, e, 0)) return false;
  const line = scan.text.slice(p, e);
  const bounds = words(line);
  const tokens = bounds.length / 2;
  if (tokens > MAX_TOKENS) return false;
  let wide = false;
  let keys = 0;
  for (let k = 0; k < bounds.length; k += 2) {
    const token = line.slice(bounds[k], bounds[k + 1]);
    if (!NAME_TOKEN.test(token)) return false;
    if (k > 0 && (bounds[k] ?? 0) - (bounds[k - 1] ?? 0) >= 2) wide = true;
    if (classifyKey(token, undefined, scan.options.extraKeys)) keys++;
  }
  // As alignedHeader decides: spaced columns, or (the last word may be cut) mostly key words.
  return wide || (keys + 1) * 2 >= tokens;
}

/**
 * Whether `[p, e)` holds only what column names and the spaces between them are made of, in at
 * most MAX_TOKENS words: the cheap test that lets most lines of prose and code through untouched.
 */
function nameLine(text: string, p: number, e: number, minTokens: number): boolean {
  if (e - p > MAX_LINE) return false;
  let tokens = 0;
  let inWord = false;
  for (let q = p; q < e; q++) {
    const c = text.charCodeAt(q);
    if (c === SPACE_CHAR || c === 0x09 || c === 0x0d) {
      inWord = false;
      continue;
    }
    if (!((CLASS[c] ?? 0) & WORD || NAME_PUNCTUATION.has(c) || (c > 0x7f && /[\p{L}\p{N}]/u.test(String.fromCharCode(c))))) return false;
    if (!inWord && ++tokens > MAX_TOKENS) return false;
    inWord = true;
  }
  return tokens >= minTokens;
}

const NAME_PUNCTUATION = new Set([...'.-/#º°()%'].map((ch) => ch.charCodeAt(0)));

/** A line of column names naming sensitive data: a candidate header, confirmed by the next line. */
export function alignedHeader(scan: Scan, p: number, e: number): void {
  if (!nameLine(scan.text, p, e, 2)) return;
  const line = scan.text.slice(p, e);
  const bounds = words(line);
  const tokens = bounds.length / 2;
  if (tokens < 2 || tokens > MAX_TOKENS) return;
  // Columns are set apart by two spaces or more; with single spaces only, each word is a column.
  let wide = false;
  for (let k = 2; k < bounds.length; k += 2) if ((bounds[k] ?? 0) - (bounds[k - 1] ?? 0) >= 2) wide = true;
  const cells: { start: number; end: number }[] = [];
  for (let k = 0; k < bounds.length; k += 2) {
    const start = bounds[k] ?? 0;
    const end = bounds[k + 1] ?? 0;
    // Length checked first: reading index -1 of an array is V8's slow path.
    const last = cells.length > 0 ? cells[cells.length - 1] : undefined;
    // pandas sets right-aligned names one space apart where a value is wider than its name
    // (`cpf data_nascimento`): words that each name a kind of their own are columns of their own.
    if (wide && last && start - last.end === 1 && !ownKinds(scan, line.slice(last.start, last.end), line.slice(start, end))) last.end = end;
    else cells.push({ start, end });
  }
  if (cells.length < 2) return;
  const names = cells.map((cell) => line.slice(cell.start, cell.end));
  // A column's name has a letter in it (`Rua  (` is no header), or is a share's `%`.
  if (names.some((name) => !/\p{L}/u.test(name) && name !== '%')) return;
  // A value this engine masked (`CPF_0a1b08e2`) makes a row of data, no header.
  if (names.some((name) => PSEUDONYM_IN.test(name) || redactionLabelAt(name, 0, name.length) > 0)) return;
  // Names of columns hold few digits: a line with numbers in it is data, not names; nor is a code of
  // capitals and digits (`KDOQPB0CMWMT63`, `UP/UEK-U0F/OQYL/30`: alphanumeric CNPJs).
  if (
    names.some(
      (name) =>
        (name.match(/\d/g)?.length ?? 0) > 3 ||
        name.split(' ').some((word) => CODE_NAME.test(word) || cnpjToken(word)) ||
        DECIMAL.test(name),
    )
  )
    return;
  // Nor a town with its state (`São Paulo/SP`, `Caruaru-PE`): a value (`Cidade/UF` names a column).
  if (names.some(townWithState)) return;
  // Nor a person's name (`Maria da Silva  CPF`): a line of someone's data.
  if (names.some((name) => personsName(scan, name))) return;
  // Nor words opening with a particle, an article or a dash (`da empresa  CPF`, `Rua  O cliente`, `— O cliente  CNPJ`): the rest of a sentence, a line of dialogue.
  if (names.some((name) => PARTICLE_OPENING.test(name))) return;
  // A line of prose with one key word in it is no header: spaced columns, or mostly key words.
  // Told before the columns are classified, as most words of a line of prose name nothing.
  if (!wide && (!mostlyKeys(scan, names) || names.some((name) => PROSE_WORDS.has(name.toUpperCase())))) return;
  const columns = classifyColumns(scan, names);
  if (columns === undefined) return;
  if (!wide && columns.filter((kc) => kc !== undefined).length * 2 < columns.length) return;
  const wordColumns = wide && cells.length < tokens ? singleWordColumns(scan, line, bounds) : undefined;
  scan.setStructure({
    kind: 'aligned',
    confirmed: false,
    spaced: wide,
    columns: cells.map((cell, k) => ({
      start: cell.start,
      end: cell.end,
      kc: columns[k],
      right: false,
      id: memoryKeyId(names[k] ?? ''),
    })),
    ...(wordColumns ? { wordColumns } : {}),
  });
}

/** Whether `name` opens with a common given name and goes on to more words (`Maria da Silva`): a person, no column. */
function personsName(scan: Scan, name: string): boolean {
  const first = /^\p{Lu}[\p{L}'-]+(?= )/u.exec(name)?.[0];
  return first !== undefined && classifyKey(first, undefined, scan.options.extraKeys) === undefined && plainFirstName(first);
}

/** Digits on both sides of a point or a comma (`versão 2.3.1`, `1,5`): a version or an amount, no column's name. */
const DECIMAL = /\d[.,]\d/;
const PARTICLE_OPENING = /^(?:d[aeo]s? |e |[—–-] |[Oo]s? |[Uu]ma? )/;
const STATE_AFTER = /\p{L}[/-]([A-Z]{2})$/u;

/** Whether `name` ends with a town's state after a slash or a dash (`São Paulo/SP`). */
function townWithState(name: string): boolean {
  const m = STATE_AFTER.exec(name);
  return m !== null && UF_CODES.has(m[1] ?? '');
}

/** Ten capitals and digits or more, a digit among them: a code or a document, no column's name. */
const CODE_NAME = /^(?=[A-Z]*\d)[A-Z0-9]{10,}$/;

/** Whether the header text before a single space and the word after it name different kinds of data. */
function ownKinds(scan: Scan, before: string, word: string): boolean {
  const next = classifyKey(word, undefined, scan.options.extraKeys)?.detector;
  if (next === undefined) return false;
  const previous = classifyKey(before.slice(before.lastIndexOf(' ') + 1), undefined, scan.options.extraKeys)?.detector;
  return previous !== undefined && previous !== next;
}

/** Articles and prepositions: a line of single-spaced words with one in it is prose (`Rua O cliente`), never column names. */
const PROSE_WORDS: ReadonlySet<string> = new Set([
  'O',
  'A',
  'OS',
  'AS',
  'E',
  'DE',
  'DA',
  'DO',
  'DAS',
  'DOS',
  'EM',
  'NO',
  'NA',
  'UM',
  'UMA',
  'THE',
  'OF',
]);

/** Each word of the header line its own column (R's tibble sets its names one space apart). */
function singleWordColumns(scan: Scan, line: string, bounds: readonly number[]): AlignedColumn[] | undefined {
  const names: string[] = [];
  for (let k = 0; k < bounds.length; k += 2) names.push(line.slice(bounds[k], bounds[k + 1]));
  const kcs = classifyColumns(scan, names);
  return kcs?.map((kc, k) => ({ start: bounds[2 * k] ?? 0, end: bounds[2 * k + 1] ?? 0, kc, right: false }));
}

/** Whether at least half of `names` are keys, reading no further than the word that settles it. */
function mostlyKeys(scan: Scan, names: readonly string[]): boolean {
  let none = 0;
  for (const name of names) {
    if (name.length === 0 || classifyKey(name, undefined, scan.options.extraKeys) === undefined) none++;
    if (none * 2 > names.length) return false;
  }
  return true;
}

/** A row of the aligned table (or the line that confirms its header); -1 when the table ends here. */
export function alignedRow(scan: Scan, p: number, e: number, table: AlignedTable): number {
  const line = scan.text.slice(p, e);
  if (table.ruled) return ruledRow(scan, p, line, table.columns);
  const bounds = words(line);
  // A rule of one run of dashes under the whole header (a printed report's) sets no columns: the rows below do.
  if (!table.confirmed && bounds.length === 2 && FULL_RULE.test(line)) return e;
  // One blank line between the header and its first row (SAS's `proc print`): the row below still confirms it.
  if (!table.confirmed && bounds.length === 0 && table.gap !== true && line.trim() === '') {
    scan.setStructure({ ...table, gap: true });
    return e;
  }
  if (bounds.length < 4 || /^\[\d+ rows x \d+ columns\]$/.test(line.trim())) return -1;
  // Under a header of single-spaced names each value is one word: a longer line is prose (an
  // address whose words happen to start where the names do), not a row.
  if (!table.spaced && bounds.length / 2 > table.columns.length) return -1;
  let columns = table.columns;
  let slack = table.shifted === true ? 1 : 0;
  if (!table.confirmed) {
    // Masking changes widths: a line with masked values in it says nothing about alignment, and
    // confirming on it would mask more on a second pass than on the first.
    if (holdsMaskedOutput(line)) return -1;
    // `São Paulo/SP  CPF` over `Av. Paulista, 1578`: a street's line under two names lines up by chance;
    // cut into cells its address would be read in pieces.
    if (columns.length <= 2 && streetOpens(scan, p, e)) return -1;
    const ruled = RULE_LINE.test(line) ? ruledColumns(scan, p, bounds) : undefined;
    if (ruled !== undefined) {
      scan.setStructure({ kind: 'aligned', confirmed: true, spaced: false, ruled: true, columns: ruled });
      return e;
    }
    // R prints a tibble's column types under its header, one per name, and sets its columns one space apart.
    const typed = TYPE_LINE.test(line) && (table.wordColumns ?? columns).length === bounds.length / 2;
    if (typed) columns = table.wordColumns ?? columns;
    // Rows lined up exactly, or else (a report printed a column to the side of its header) one off;
    // a rule's dashes are no row, and confirm nothing off their marks.
    let fit = lineUp(columns, bounds, 0);
    let shifted = false;
    if (!fit.ok && !typed && !DASHES_ONLY.test(line)) {
      fit = lineUp(columns, bounds, 1);
      shifted = true;
    }
    if (!fit.ok) return -1;
    if (shifted) slack = 1;
    const right = fit.right;
    columns = columns.map((column, k) => ({ ...column, right: right[k] ?? false }));
    scan.setStructure({
      kind: 'aligned',
      confirmed: true,
      spaced: table.spaced,
      columns,
      ...(typed ? { typed } : {}),
      ...(shifted ? { shifted } : {}),
    });
    if (typed) return e;
  }
  // Each word goes to the column whose reach it overlaps most; a row number left of an unnamed
  // index column (pandas) belongs to none.
  const first = new Int32Array(columns.length).fill(-1);
  const last = new Int32Array(columns.length);
  let k0 = 0;
  if ((columns[0]?.start ?? 0) > 0 && (bounds[0] ?? 0) <= 1 && /^\d{1,7}$/.test(line.slice(bounds[0], bounds[1]))) {
    scan.scanRange(p + (bounds[0] ?? 0), p + (bounds[1] ?? 0));
    k0 = 2;
  }
  let previous = -1;
  for (let k = k0; k < bounds.length; k += 2) {
    const ws = bounds[k] ?? 0;
    const we = bounds[k + 1] ?? 0;
    const c = columnOf(columns, ws, we, line.length);
    // Columns set apart by two spaces or more never meet at a single space: a line where they
    // would is prose, or one value (an address) running across the columns, read whole as text.
    // A word that starts where its column's name starts is that column's all the same (a report's full-width field before it).
    if (
      table.spaced &&
      !table.typed &&
      previous >= 0 &&
      c !== previous &&
      ws - (bounds[k - 1] ?? 0) === 1 &&
      !(c > previous && near(ws, columns[c]?.start ?? -9, slack))
    )
      return -1;
    previous = c;
    if (first[c] === -1) first[c] = ws;
    last[c] = we;
  }
  // A row keeps lining up under its header: a word at the aligned edge of half its columns.
  let used = 0;
  let lined = 0;
  for (let c = 0; c < columns.length; c++) {
    if (first[c] === -1) continue;
    used++;
    const column = columns[c]!;
    for (let k = k0; k < bounds.length; k += 2) {
      if (column.right ? near(bounds[k + 1], column.end, slack) : near(bounds[k], column.start, slack)) {
        lined++;
        break;
      }
    }
  }
  if (used < 2 || lined * 2 < used) return -1;
  for (let c = 0; c < columns.length; c++) {
    const s = first[c] ?? -1;
    if (s >= 0) maskColumnCell(scan, p + s, p + (last[c] ?? s), columns[c]?.kc, columns[c]?.id);
  }
  return e;
}

/** Whether the line `[p, e)` opens with a street's type (`Rua`, `Av.`), its indentation skipped. */
function streetOpens(scan: Scan, p: number, e: number): boolean {
  let q = p;
  while (q < e && scan.text.charCodeAt(q) === SPACE_CHAR) q++;
  const w = scan.wordEnd(q);
  return w > q && (scan.words.get(scan.text, q, w) & (W_STREET_WORD | W_STREET_ABBR)) !== 0;
}

/** Whether a word's edge lines up with a column's, `slack` characters off at most. */
function near(edge: number | undefined, column: number, slack: number): boolean {
  return edge !== undefined && edge >= column - slack && edge <= column + slack;
}

interface LineUp {
  readonly ok: boolean;
  /** Per column: a word ends where it ends (a right-aligned column). */
  readonly right: boolean[];
}

/** How the words of the line under a header line up with its columns, `slack` characters off at most. */
function lineUp(columns: readonly AlignedColumn[], bounds: readonly number[], slack: number): LineUp {
  let lined = 0;
  // Every line starts at its margin: a first column lined up there alone tells nothing.
  let telling = 0;
  const right: boolean[] = [];
  const exact: boolean[] = [];
  for (const column of columns) {
    let ends = false;
    let starts = false;
    let both = false;
    for (let k = 0; k < bounds.length; k += 2) {
      if (near(bounds[k + 1], column.end, slack)) ends = true;
      if (near(bounds[k], column.start, slack)) starts = true;
      if (bounds[k] === column.start && bounds[k + 1] === column.end) both = true;
    }
    if (ends || starts) lined++;
    if (ends || (starts && column.start > 0)) telling++;
    right.push(ends);
    exact.push(both);
  }
  // A word exactly as wide as its name (`(11)` under `fone`) says nothing of the column's side:
  // it takes the side most of the other columns show (pandas right, a Stata listing left).
  let rights = 0;
  let lefts = 0;
  for (let c = 0; c < columns.length; c++) if (!exact[c]) right[c] ? rights++ : lefts++;
  for (let c = 0; c < columns.length; c++) if (exact[c]) right[c] = rights >= lefts;
  return { ok: telling > 0 && lined >= Math.max(2, Math.ceil(columns.length / 2)), right };
}

const DASHES_ONLY = /^[\s=_-]+$/;
/** One rule of dashes, `=` or underscores across a header. */
const FULL_RULE = /^\s*(?:-{8,}|={8,}|_{8,})\s*$/;

/**
 * A rule of dashes (or `=`) under a header, one group per column, set apart by one space (SQL*Plus,
 * sqlcmd, isql): there columns may meet at a single space, and only the rule tells them apart.
 * Rules spaced wider (sqlite's `.mode column`) are lined-up tables, read as such.
 */
const RULE_LINE = /^[-=]{2,}(?: [-=]{2,})+ *\r?$/;

/**
 * The columns a rule of dashes at `p` sets under the header line above it: each group of dashes
 * is a column, named by the header's text above it (SQL*Plus cuts a name to its column's width,
 * and sets columns one space apart). Undefined when the line above is not the header.
 */
function ruledColumns(scan: Scan, p: number, bounds: readonly number[]): AlignedColumn[] | undefined {
  const text = scan.text;
  if (p < 2) return undefined;
  const headerStart = text.lastIndexOf('\n', p - 2) + 1;
  const header = text.slice(headerStart, p - 1).replace(/\r$/, '');
  const names: string[] = [];
  for (let k = 0; k < bounds.length; k += 2) names.push(header.slice(bounds[k], bounds[k + 1]).trim());
  if (names.some((name) => name === '' || !/\p{L}/u.test(name))) return undefined;
  const kcs = classifyColumns(scan, names);
  if (kcs === undefined) return undefined;
  return names.map((name, k) => ({
    start: bounds[2 * k] ?? 0,
    // The last column reaches the line's end: its values may be wider than its rule.
    end: k === names.length - 1 ? MAX_LINE : (bounds[2 * k + 1] ?? 0),
    kc: kcs[k],
    right: false,
    id: memoryKeyId(name),
  }));
}

/** A row of a ruled table: each column's cell is the text within its rule's width; -1 at a blank or an unruled line. */
function ruledRow(scan: Scan, p: number, line: string, columns: readonly AlignedColumn[]): number {
  if (line.trim() === '' || line.length > MAX_LINE) return -1;
  // The row must fill the first column from its start, as the rule set it (a footer, `4 linhas selecionadas.`, is prose).
  // A number may stand right-aligned in it instead (isql sets `      10422` flush with its rule's end).
  const first = columns[0];
  if (first === undefined || line.length < (columns[1]?.start ?? 0)) return -1;
  if (line.charCodeAt(first.start) === SPACE_CHAR && !rightAlignedNumber(line, first.start, first.end)) return -1;
  // Masking changed the widths of a line masked before, or a hand cut a word across a rule's edge:
  // its words go to the columns they overlap most.
  if (holdsMaskedOutput(line) || !fitsRule(line, columns)) {
    const bounds = words(line);
    const first = new Int32Array(columns.length).fill(-1);
    const last = new Int32Array(columns.length);
    for (let k = 0; k < bounds.length; k += 2) {
      const c = columnOf(columns, bounds[k] ?? 0, bounds[k + 1] ?? 0, line.length);
      if (first[c] === -1) first[c] = bounds[k] ?? 0;
      last[c] = bounds[k + 1] ?? 0;
    }
    for (let c = 0; c < columns.length; c++)
      if ((first[c] ?? -1) >= 0) maskColumnCell(scan, p + (first[c] ?? 0), p + (last[c] ?? 0), columns[c]?.kc, columns[c]?.id);
    return p + line.length;
  }
  for (const column of columns) {
    const cell = line.slice(column.start, Math.min(column.end, line.length));
    const lead = cell.length - cell.trimStart().length;
    const value = cell.trim().replace(/\r$/, '');
    if (value !== '') maskColumnCell(scan, p + column.start + lead, p + column.start + lead + value.length, column.kc, column.id);
  }
  return p + line.length;
}

/** Whether no word of a ruled row crosses the space between two rules' columns. */
function fitsRule(line: string, columns: readonly AlignedColumn[]): boolean {
  for (let k = 0; k + 1 < columns.length; k++) {
    const edge = columns[k]?.end ?? 0;
    if (edge < line.length && line.charCodeAt(edge) !== SPACE_CHAR) return false;
  }
  return true;
}

/** Whether `[start, end)` of a ruled row holds a number flush with the column's end, spaces before it. */
function rightAlignedNumber(line: string, start: number, end: number): boolean {
  return /^ +[\d.,-]+$/.test(line.slice(start, end)) && line.charCodeAt(end) === SPACE_CHAR;
}

/** The column whose reach `[ws, we)` overlaps most (the nearest when it overlaps none). */
function columnOf(columns: readonly AlignedColumn[], ws: number, we: number, width: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!;
    const from = column.right ? (c > 0 ? (columns[c - 1]?.end ?? 0) : 0) : column.start;
    const to = column.right ? column.end : c + 1 < columns.length ? (columns[c + 1]?.start ?? width) : Math.max(width, column.end);
    const overlap = Math.min(we, to) - Math.max(ws, from);
    const score = overlap > 0 ? overlap : overlap - 1000;
    // A tie goes to the column that starts nearer the word (a row set a few characters off its rule).
    if (score > bestScore || (score === bestScore && Math.abs(ws - column.start) < Math.abs(ws - (columns[best]?.start ?? 0)))) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}
