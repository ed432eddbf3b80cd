/**
 * Tables, found at the start of each line. A header that names sensitive columns (CSV, TSV,
 * `;`, pipes of Markdown, psql, mysql, ASCII and box-drawing tables) starts a delimited table
 * whose rows mask those columns; `COPY t (cols) FROM stdin` starts one of tab-separated rows up
 * to `\.`; a line of two cells whose first names personal data (`| CPF | 529… |`) masks its
 * second; and lines of words lined up in columns (fixed-width reports, `print(df)`) are
 * aligned tables (aligned.ts). A column's header is the cue for every value under it: the value
 * is masked whole when it fits the column (a CPF column holds numbers of a CPF's shape).
 */
import { detectorBit } from '../../detectors/registry.js';
import { CLASS, LOWER, WORD, fold } from '../chars.js';
import { W_STREET_ABBR, W_STREET_WORD } from '../lexicon.js';
import { valueFits } from '../fit.js';
import type { DetectorId } from '../../config.js';
import { memoryKeyId, refuses, rememberedClass, rememberedFits, teaches } from '../keyMemory.js';
import { classifyKey, partyKindKey, type KeyClass } from '../keys.js';
import { PSEUDONYM_IN, holdsMaskedOutput } from '../maskOutput.js';
import { SPACE_CHAR } from '../scanHelpers.js';
import { handleEnd, loginValue, userKey } from '../handles.js';
import { MAX_ROW, type Scan } from '../scanner.js';
import type { DelimitedTable } from '../structures.js';
import { alignedHeader, alignedRow, couldBeAligned } from './aligned.js';
import { couldBeRecord, recordLine } from './records/index.js';
import { couldBePositional, couldDeclareLayout, declaredLayout, positionalBlock, positionalLine } from './records/positional.js';
import { labelLine, labelLineBefore, valuesUnderLabels } from './labelAbove.js';
import { COMPANY_CONTACT } from './parties.js';
import { STREAM_CONTEXT } from '../behind.js';
import { birthdayListNear } from './numbers.js';

/** An indented remark of a printed report: `*** … ***`, `OBS:`, `NOTA:`. */
const REMARK_LINE = /^ {2,}(?:\*{2,}|OBS\b|NOTA\b)/i;

/** U+2502, the column rule of box-drawing tables (`│ nome │ cpf │`). */
const NAME = detectorBit('name');
const BOX_BAR = 0x2502;
const BOX_BAR_CHAR = String.fromCharCode(BOX_BAR);
const DELIMITERS = [0x2c, 0x3b, 0x09, 0x7c, BOX_BAR];

/**
 * At the start of a line: a row of the table the text is in, or the start of one. Returns where
 * the main loop resumes, or -1 to scan the line as text.
 */
export function lineStart(scan: Scan, lineP: number): number {
  const text = scan.text;
  let e = text.indexOf('\n', lineP);
  const complete = e >= 0 || scan.final;
  if (e < 0) e = scan.n;
  // A line of a JSON array of printed lines (a notebook's output: `"   nome   cpf\n",`): its table is inside the quotes.
  const quoted = quotedLine(text, lineP, e, complete);
  const p = quoted?.[0] ?? lineP;
  if (quoted !== undefined) e = quoted[1];
  const structure = scan.state.structure;
  const lineLevel =
    structure?.kind === 'delimited' || structure?.kind === 'aligned' || structure?.kind === 'expanded' || structure?.kind === 'positional';
  if (e - p >= MAX_ROW) {
    if (lineLevel) scan.setStructure(undefined);
    return -1;
  }
  if (!complete) {
    // A stream waits for the end of a line that may still be a row or a header.
    if (
      lineLevel ||
      // A quoted line (a JSON array's printed line, a form export's quoted header) is decided whole.
      quoted !== undefined ||
      couldBeHeader(scan, p, e) ||
      couldBeAligned(scan, p, e) ||
      couldBeAligned(scan, ...(framedLine(text, p, e, true) ?? [p, e])) ||
      RECORD_LINE.startsWith(text.slice(p, Math.min(e, p + 10))) ||
      CQL_ROW_LINE.startsWith(text.slice(p, Math.min(e, p + 6))) ||
      couldBeLatexRow(text, p, e) ||
      ((structure === undefined || lineLevel) && couldBeRecord(text, p, e)) ||
      (structure === undefined && quoted === undefined && (couldBePositional(text, p, e) || couldDeclareLayout(text, p, e))) ||
      ((structure === undefined || lineLevel) && quoted === undefined && labelLineBefore(scan, p) !== undefined)
    ) {
      scan.openAt = lineP;
      return lineP;
    }
    return -1;
  }
  let lineEnd = e;
  if (lineEnd > p && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
  // Values printed under a line of their labels (a registration card).
  if (structure === undefined && quoted === undefined) {
    const values = underLabels(scan, p, lineEnd);
    if (values >= 0) return values;
  }
  // An HL7 segment or a CNAB record is read by position (records.ts); it is no row of a table.
  if (structure === undefined || lineLevel) {
    const record = recordLine(scan, p, lineEnd);
    if (record >= 0) {
      if (lineLevel) scan.setStructure(undefined);
      return record;
    }
  }
  // A positional file of a layout inferred from its first records (records/positional.ts).
  if (structure?.kind === 'positional') {
    const read = positionalLine(scan, p, lineEnd, structure);
    if (read >= 0 || scan.state.structure !== undefined) return read;
  } else if (structure === undefined && quoted === undefined) {
    if (declaredLayout(scan, p, lineEnd)) return -1;
    const block = positionalBlock(scan, p, lineEnd);
    if (block >= 0 || scan.state.structure !== undefined) return block;
  }
  // A LaTeX tabular row: cells split at `&`, the row ends at `\\` (a rule may follow it).
  const tex = latexRowEnd(text, p, lineEnd);
  if (structure?.kind === 'delimited' && structure.delimiter === AMPERSAND) {
    if (LATEX_RULE.test(text.slice(p, lineEnd))) return lineEnd;
    if (tex >= 0) {
      const rowEnd = delimitedRow(scan, p, tex, structure);
      if (rowEnd >= 0) return lineEnd;
    }
    scan.setStructure(undefined);
  } else if (structure?.kind === 'delimited') {
    const rowEnd = delimitedRow(scan, p, lineEnd, structure);
    if (rowEnd >= 0) return rowEnd;
    scan.setStructure(undefined);
  } else if (structure?.kind === 'aligned') {
    // Right under a line of labels (a card's, or a report's header), values pair with labels in
    // order, however loosely aligned; the rows after it are the table's.
    const values = quoted === undefined ? underLabels(scan, p, lineEnd) : -1;
    if (values >= 0) return values;
    // A report's indented remark between its rows (`   *** TRANSLADO LIBERADO ***`) is read as text, and the table goes on.
    if (structure.confirmed && REMARK_LINE.test(text.slice(p, Math.min(lineEnd, p + 40)))) return -1;
    const framed = framedLine(text, p, lineEnd);
    // A framed table's rule under its header (`|-----|`) neither confirms nor ends it.
    if (framed !== undefined && !structure.confirmed && FRAME_RULE.test(text.slice(framed[0], framed[1]))) return lineEnd;
    // A card's next line of labels is no row: it may head values of its own.
    const rowEnd = labelLine(scan, p, lineEnd) ? -1 : alignedRow(scan, ...(framed ?? [p, lineEnd]), structure);
    if (rowEnd >= 0) return rowEnd;
    scan.setStructure(undefined);
  } else if (structure?.kind === 'expanded') {
    const fieldEnd = expandedField(scan, p, lineEnd);
    if (fieldEnd >= 0) return fieldEnd;
    scan.setStructure(undefined);
  } else if (structure !== undefined) return -1;
  // psql's `\x` display and cqlsh's `EXPAND ON`: the fields of each record follow, one per line.
  if (expandedRecordLine(text, p)) {
    scan.setStructure({ kind: 'expanded' });
    return lineEnd;
  }
  // One look at the line says which openings it may be: most lines of prose and code are none.
  if (tex >= 0 && header(scan, p, tex, AMPERSAND)) return -1;
  const framed = framedLine(text, p, lineEnd);
  if (framed !== undefined) {
    alignedHeader(scan, framed[0], framed[1]);
    if (scan.state.structure !== undefined) return -1;
  }
  const facts = lineFacts(scan, p, lineEnd);
  if (facts & HAS_DELIMITER && (facts & HEADER_CHARS || quotedCells(text, p, lineEnd)) && header(scan, p, lineEnd)) return -1;
  // `LEIAUTE: numcad;nomfun;numcpf`, `# columns: nome,cpf`: a label naming the line a layout, then its header.
  const named = layoutLabelEnd(text, p, lineEnd);
  if (named > 0 && header(scan, named, lineEnd)) return -1;
  if ((text.charCodeAt(p) | 0x20) === 0x63 && copyStatement(scan, p, lineEnd)) return -1;
  if (facts & HAS_PAIR_DELIMITER) {
    const pair = keyValueRow(scan, p, lineEnd);
    if (pair >= 0) return pair;
  }
  if (facts & NAME_CHARS) alignedHeader(scan, p, lineEnd);
  return -1;
}

const RECORD_LINE = '-[ RECORD ';
/** cqlsh's record line (`@ Row 1`), under `EXPAND ON`. */
const CQL_ROW_LINE = '@ Row ';

/** Whether a record of an expanded display opens at `p` (psql's `-[ RECORD 1 ]`, cqlsh's `@ Row 1`). */
function expandedRecordLine(text: string, p: number): boolean {
  return text.startsWith(RECORD_LINE, p) || text.startsWith(CQL_ROW_LINE, p);
}

/** cqlsh's rule under its record line: dashes crossed by one `+`. */
const EXPANDED_RULE = /^-+\+-+\r?$/;

/** A framed table's rule: dashes (or `=`), maybe crossed by `+` where columns meet. */
const FRAME_RULE = /^[-=+]{3,}$/;

/**
 * The inside of a line framed by bars and holding no other (`  | id   nome        fone |`), as
 * Stata's `list` and other reports box an aligned table: the columns inside are lined up by
 * spaces, the bars are no delimiters. Undefined when the line is not so framed; `open`: a line a
 * stream has not yet ended, with its first bar and no other so far.
 */
function framedLine(text: string, p: number, e: number, open = false): [number, number] | undefined {
  let s = p;
  while (s < e && text.charCodeAt(s) === SPACE_CHAR && s - p < 8) s++;
  if (text.charCodeAt(s) !== 0x7c) return undefined;
  // A stream's line not yet ended: framed so far while no second bar came.
  const second = text.indexOf('|', s + 1);
  if (open && (second < 0 || second >= e)) return [s + 1, e];
  let t = e;
  while (t > s + 1 && text.charCodeAt(t - 1) === SPACE_CHAR) t--;
  if (t - s < 4 || text.charCodeAt(t - 1) !== 0x7c) return undefined;
  return second === t - 1 ? [s + 1, t - 1] : undefined;
}

/** The complete line `[p, e)` read as values under the label line before it (labelAbove.ts); -1 when it is none. */
function underLabels(scan: Scan, p: number, e: number): number {
  const labels = labelLineBefore(scan, p);
  return labels === undefined ? -1 : valuesUnderLabels(scan, p, e, labels);
}

/**
 * A field of a psql `\x` or a cqlsh `EXPAND ON` record at `line` (`logradouro       | Rua São Pedro`,
 * ` nome_social  |`), the next record's `-[ RECORD n ]` or `@ Row n` line, or cqlsh's rule under it:
 * the field name is a column's, so it decides for the value as a header does. Returns the line's end, or -1 when the line is neither.
 */
function expandedField(scan: Scan, line: number, e: number): number {
  const text = scan.text;
  if (expandedRecordLine(text, line) || EXPANDED_RULE.test(text.slice(line, e))) return e;
  // cqlsh sets its field names one space in.
  const p = text.charCodeAt(line) === SPACE_CHAR && text.charCodeAt(line + 1) !== SPACE_CHAR ? line + 1 : line;
  const c = text.charCodeAt(p);
  if (p === e || c === SPACE_CHAR || c === 0x7c) return -1;
  let bar = p + 1;
  while (bar < e && !(text.charCodeAt(bar) === 0x7c && text.charCodeAt(bar - 1) === SPACE_CHAR)) bar++;
  if (bar === e || (bar + 1 < e && text.charCodeAt(bar + 1) !== SPACE_CHAR)) return -1;
  const name = text.slice(p, bar).trim();
  if (!columnName(name)) return -1;
  if (bar + 2 < e) {
    const kc = classifyKey(name, undefined, scan.options.extraKeys);
    scan.scanRange(p, bar);
    maskCell(scan, bar + 2, e, kc);
  }
  return e;
}

/**
 * Where the next pipe, tab and box bar stand at or after `from` in the scan's text (-1: none;
 * below `from`: not yet looked for). Line starts come in order, so each is searched for once
 * per occurrence instead of every line being read to its end.
 */
const NEXT_PAIR = { owner: undefined as Scan | undefined, from: 0, bar: -2, tab: -2, box: -2 };

function pairDelimiterIn(scan: Scan, s: number, e: number): boolean {
  const memo = NEXT_PAIR;
  if (memo.owner !== scan || s < memo.from) {
    memo.owner = scan;
    memo.bar = memo.tab = memo.box = -2;
  }
  memo.from = s;
  const text = scan.text;
  if (memo.bar !== -1 && memo.bar < s) memo.bar = text.indexOf('|', s);
  if (memo.bar >= 0 && memo.bar < e) return true;
  if (memo.tab !== -1 && memo.tab < s) memo.tab = text.indexOf('\t', s);
  if (memo.tab >= 0 && memo.tab < e) return true;
  if (memo.box !== -1 && memo.box < s) memo.box = text.indexOf(BOX_BAR_CHAR, s);
  return memo.box >= 0 && memo.box < e;
}

const HAS_DELIMITER = 1;
/** A pipe, box bar or tab: a key/value row may split there. */
const HAS_PAIR_DELIMITER = 2;
/**
 * The inside of a line that is one JSON string of an array (`   "text\n",`), or undefined. While
 * a stream's line is incomplete, only its opening quote is known: the end is the line's end.
 */
function quotedLine(text: string, p: number, e: number, complete: boolean): [number, number] | undefined {
  let s = p;
  while (s < e && (text.charCodeAt(s) === SPACE_CHAR || text.charCodeAt(s) === 0x09)) s++;
  if (s >= e || text.charCodeAt(s) !== 0x22 || s - p > 24) return undefined;
  if (!complete) {
    // The closing `\n",` may have begun already: only what stands before it is known to be the inside.
    const partial = /(?:\\n?)?(?:",?)?$/.exec(text.slice(Math.max(s + 1, e - 4), e));
    return [s + 1, e - (partial?.[0].length ?? 0)];
  }
  let t = e;
  while (t > s && (text.charCodeAt(t - 1) === SPACE_CHAR || text.charCodeAt(t - 1) === 0x0d)) t--;
  if (text.charCodeAt(t - 1) === 0x2c) t--;
  if (t - 1 <= s || text.charCodeAt(t - 1) !== 0x22 || text.charCodeAt(t - 2) === 0x5c) return undefined;
  t--;
  if (text.charCodeAt(t - 1) === 0x6e && text.charCodeAt(t - 2) === 0x5c) t -= 2;
  // A string that is a key or holds quotes is JSON, not a printed line.
  return text.slice(s + 1, t).includes('"') ? undefined : [s + 1, t];
}

/** Only header characters and delimiters. */
const HEADER_CHARS = 4;
/** Only what column names of an aligned table are made of, and spaces. */
const NAME_CHARS = 8;

/** Per character: 1 header character (delimiters too), 2 column-name character, 4 delimiter, 8 pair delimiter. */
const LINE_CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  let bits = isHeaderChar(c) ? 1 : 0;
  if ((CLASS[c] ?? 0) & WORD || '.-/#º°()%'.includes(String.fromCharCode(c)) || (c > 0x24f && /[\p{L}\p{N}]/u.test(String.fromCharCode(c))))
    bits |= 2;
  if (c === SPACE_CHAR || c === 0x0d) bits |= 2;
  if (DELIMITERS.includes(c)) bits |= 4 | 1;
  if (c === 0x7c || c === BOX_BAR || c === 0x09) bits |= 8;
  if (c === 0x09) bits |= 2;
  LINE_CLASS[c] = bits;
}

function lineFacts(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  let all = 3;
  let any = 0;
  let q = p;
  for (; q < e && all !== 0; q++) {
    const k = LINE_CLASS[text.charCodeAt(q)] ?? 0;
    any |= k;
    all &= k;
  }
  let facts = 0;
  if (any & 4) facts |= HAS_DELIMITER;
  // The rest of a line that is no header needs only one question: a key/value delimiter?
  if (any & 8 || (q < e && pairDelimiterIn(scan, q, e))) facts |= HAS_PAIR_DELIMITER;
  if (all & 1) facts |= HEADER_CHARS;
  if (all & 2) facts |= NAME_CHARS;
  return facts;
}

/** Whether every cell of `[p, e)` is quoted (`"Nome","CPF","Qual a sua idade?"`): at least two, cells of up to 96 characters. */
function quotedCells(text: string, p: number, e: number): boolean {
  if (text.charCodeAt(p) !== 0x22 || e - p > 1024) return false;
  let cells = 0;
  let q = p;
  while (q < e) {
    if (text.charCodeAt(q) !== 0x22) return false;
    const close = text.indexOf('"', q + 1);
    if (close < 0 || close >= e || close - q > 97) return false;
    cells++;
    q = close + 1;
    if (q === e || (q === e - 1 && text.charCodeAt(q) === 0x0d)) return cells >= 2;
    const d = text.charCodeAt(q);
    if (d !== 0x2c && d !== 0x3b && d !== 0x09) return false;
    q++;
  }
  return false;
}

/** Whether a line's beginning may still turn out a delimited header (the test only gets stricter as it grows). */
function couldBeHeader(scan: Scan, p: number, e: number): boolean {
  // A quoted line may be a form's header with questions in it: wait for its end.
  if (scan.text.charCodeAt(p) === 0x22) return e - p < 1024;
  // A layout's label, or what may still become one, before the header.
  if (e - p < LAYOUT_LABEL_REACH && LAYOUT_LABEL_START.test(scan.text.slice(p, e))) return true;
  const named = layoutLabelEnd(scan.text, p, e);
  if (named > 0) p = named;
  let cell = 0;
  let words = 0;
  let inWord = false;
  for (let q = p; q < e; q++) {
    const c = scan.text.charCodeAt(q);
    if (DELIMITERS.includes(c)) {
      cell = 0;
      words = 0;
      inWord = false;
      continue;
    }
    // A cell's padding (a Markdown table's columns set wide) is no length of its name.
    if (!isHeaderChar(c) || (c !== SPACE_CHAR && ++cell > 48)) return false;
    // As columnName counts: words hold a letter or a digit (`/` alone is no word).
    const space = c === SPACE_CHAR || c === 0x0d;
    const wordChar = !space && ((CLASS[c] ?? 0) & WORD) !== 0;
    if (wordChar && !inWord && ++words > 5) return false;
    inWord = wordChar || (inWord && !space);
  }
  return e - p < 1024;
}

/** A label that names the line after it a layout: the words a system's export prints before its header. */
const LAYOUT_LABEL =
  /^(?:(?:#|\/\/|--) ?)?(?:leiaute|layout|campos|colunas|columns|fields|header|cabe[cç]alho)(?: do arquivo| do registro)? ?: ?/i;
/** What a layout's label may start with, for a stream that has not read the whole label yet. */
const LAYOUT_LABEL_START = /^(?:(?:#|\/\/|--) ?)?[a-zç]*$/i;
const LAYOUT_LABEL_REACH = 24;

/**
 * Where the header after a layout's label starts (`LEIAUTE: numcad;nomfun`), or -1. A system
 * prints its field names with nothing between them and the delimiter; a list in prose after a
 * label (`Campos: nome, CPF, RG`) spaces its commas and is no header.
 */
function layoutLabelEnd(text: string, p: number, e: number): number {
  const c = text.charCodeAt(p) | 0x20;
  if (c !== 0x23 && c !== 0x2f && c !== 0x2d && c !== 0x6c && c !== 0x63 && c !== 0x66 && c !== 0x68) return -1;
  const label = LAYOUT_LABEL.exec(text.slice(p, Math.min(e, p + LAYOUT_LABEL_REACH + 8)));
  if (label === null) return -1;
  const from = p + label[0].length;
  for (let q = from; q < e - 1; q++) if (DELIMITERS.includes(text.charCodeAt(q)) && text.charCodeAt(q + 1) === SPACE_CHAR) return -1;
  return from;
}

const AMPERSAND = 0x26;
/** `\texttt{` opening a cell that its `}` closes. */
const LATEX_COMMAND = /^\\[a-zA-Z]+\{(?=[^{}]*\}$)/;
/** A rule between LaTeX rows: `\hline`, `\midrule`, `\cline{2-3}`… */
const LATEX_RULE = /^\s*(?:\\(?:hline|toprule|midrule|bottomrule|cline\{[\d-]+\})\s*)+$/;

const LATEX_ROW_END = /\\\\(?:\s*\\(?:hline|toprule|midrule|bottomrule|cline\{[\d-]+\}))*\s*$/;

/** Whether a line's beginning may still turn out a LaTeX row (it has an `&` and is short enough to be one). */
function couldBeLatexRow(text: string, p: number, e: number): boolean {
  if (e - p >= 1024) return false;
  for (let q = p; q < e; q++) if (text.charCodeAt(q) === AMPERSAND) return true;
  return false;
}

/** Where a LaTeX tabular row's closing `\\` stands in `[p, e)` (only rules may follow it), or -1. */
function latexRowEnd(text: string, p: number, e: number): number {
  let last = e - 1;
  while (last > p && (text.charCodeAt(last) === SPACE_CHAR || text.charCodeAt(last) === 0x09)) last--;
  // Cheap first: such a row ends with `\\`, or a rule's last letter or brace.
  const c = text.charCodeAt(last);
  if (c !== 0x5c && c !== 0x65 && c !== 0x7d) return -1;
  // Most lines of prose end in `e` too: only one with a backslash in it is worth the regex.
  let slash = last;
  while (slash >= p && text.charCodeAt(slash) !== 0x5c) slash--;
  if (slash < p) return -1;
  const match = LATEX_ROW_END.exec(text.slice(p, e));
  if (!match || text.slice(p, p + match.index).indexOf('&') < 0) return -1;
  return p + match.index;
}

/** What heads an index column (`| # | Nome | CPF |`): a header may start with it. */
const INDEX_LABEL = /^(?:#|n[º°o.]?|n\.º|item|seq)$/i;

/** A delimited header naming sensitive columns; starts the table and says whether it did. */
function header(scan: Scan, p: number, e: number, only?: number): boolean {
  const text = scan.text;
  if (e - p > 1024 || e === p) return false;
  // One pass: header characters only, short cells, and the most frequent delimiter (or `only`).
  const delimiters = only === undefined ? DELIMITERS : [only];
  const counts = [0, 0, 0, 0, 0];
  // A form's export quotes every header, and its headers are questions (`"Qual a sua data de nascimento?"`).
  const questions = quotedCells(text, p, e);
  let cell = 0;
  for (let q = p; q < e; q++) {
    const c = text.charCodeAt(q);
    const d = delimiters.indexOf(c);
    if (d >= 0) {
      counts[d] = (counts[d] ?? 0) + 1;
      cell = 0;
    } else if (!questions && (!isHeaderChar(c) || (c !== SPACE_CHAR && ++cell > 48))) return false;
  }
  let best = -1;
  let bestCount = 0;
  delimiters.forEach((d, k) => {
    if ((counts[k] ?? 0) > bestCount) {
      best = d;
      bestCount = counts[k] ?? 0;
    }
  });
  if (best < 0) return false;
  const line = text.slice(p, e);
  const framed = best === 0x7c || best === BOX_BAR;
  const cells = splitCells(line, best, framed);
  if (cells.length < 2) return false;
  // Headers name their columns; only the first (an index column) may be blank.
  if (cells.slice(1).some((c) => line.slice(c.start, c.end).trim().length === 0)) return false;
  const labels = cells.map((c) => unquote(line.slice(c.start, c.end).trim()));
  const unnamed = labels.filter((label, k) => label.length > 0 && !columnName(label) && !(k === 0 && INDEX_LABEL.test(label))).length;
  // Questions may stand among a form's headers, as long as most cells name columns.
  if (unnamed > 0 && (!questions || unnamed * 2 > labels.length)) return false;
  // A cell holding a value this engine masked (`CNPJ_0a1b08e2`) is a row of data, no header.
  if (labels.some((label) => PSEUDONYM_IN.test(label))) return false;
  const classified = classifyColumns(scan, labels);
  if (classified === undefined) return false;
  // A key with a number after it (`RG 12.345.678-9`) is a value with its label, in a line of data: no column's name.
  if (classified.some((kc, k) => kc !== undefined && NUMBER_IN_CELL.test(labels[k] ?? ''))) return false;
  const columns = birthdayColumns(text, p, labels, classified);
  // Two cells are a header only when both name columns: "Nome, CPF e telefone" is prose, and
  // `| Nome | Maria Souza |` is a key and its value.
  if (cells.length === 2 && columns.some((kc) => kc === undefined)) return false;
  if (unnamed > 0 && columns.filter((kc) => kc !== undefined).length < 2) return false;
  const partyKind = labels.findIndex((label) => partyKindKey(label));
  const ids = labels.map((label) => memoryKeyId(label));
  scan.setStructure({
    kind: 'delimited',
    delimiter: best,
    framed,
    columns,
    confirmed: false,
    ids,
    ...(partyKind >= 0 ? { partyKind } : {}),
  });
  return true;
}

/** Six digits or more in one number, its groups joined by dots, dashes or slashes. */
const NUMBER_IN_CELL = /\d(?:[./-]?\d){5}/;

/** A column's name for the day of the month: under a list of birthdays, the day of someone's birth. */
const DAY_LABELS: ReadonlySet<string> = new Set(['DIA', 'DATA', 'DD/MM', 'DIA/MES', 'DAY', 'DATE']);
const BIRTHDAY_COLUMN: KeyClass = { detector: 'birth_date', generic: false };

/** `columns`, with a day's column under a heading that lists birthdays (`ANIVERSARIANTES DE DEZEMBRO`) a birth date's. */
function birthdayColumns(
  text: string,
  p: number,
  labels: readonly string[],
  columns: readonly (KeyClass | undefined)[],
): readonly (KeyClass | undefined)[] {
  const days = labels.map((label) => DAY_LABELS.has(fold(label)));
  // A header's line is read whole, so all a stream keeps behind its window lies before it.
  if (!days.some(Boolean) || !birthdayListNear(text, p, STREAM_CONTEXT)) return columns;
  return columns.map((kc, k) => (days[k] && kc === undefined ? BIRTHDAY_COLUMN : kc));
}

/** A column of users (`user`, `login`) no key names otherwise: a name there must look like a person's. */
const GENERIC_NAME: KeyClass = { detector: 'name', generic: true };

/**
 * The key class of each column name, or undefined when none is sensitive. numero, complemento
 * and bairro are address parts only beside a street column.
 */
export function classifyColumns(scan: Scan, names: readonly string[]): (KeyClass | undefined)[] | undefined {
  const columns = names.map((name) => {
    if (name.length === 0 || compositeColumn(scan, name)) return undefined;
    const kc = classifyKey(name, undefined, scan.options.extraKeys);
    return (kc === undefined || kc.detector === 'name') && userKey(name) ? { ...(kc ?? GENERIC_NAME), login: true } : kc;
  });
  if (!columns.some((kc) => kc !== undefined)) return undefined;
  const street = columns.some((kc) => kc?.detector === 'address');
  // Beside a person's own document or birth date, a column named `nome` is the person's name, whatever its words.
  const personal = columns.some((kc) => kc !== undefined && PERSONAL_COLUMNS.has(kc.detector));
  // A bairro's column beside a person's own document is where the person lives, a street's column or not.
  const resolved = columns.map((kc, k) =>
    kc?.detector === 'address_part' && !street && !(personal && BAIRRO_NAME.test(fold(names[k] ?? '')))
      ? undefined
      : personal && kc?.detector === 'name' && kc.generic && kc.role !== true && kc.login !== true
        ? PERSON_NAME_COLUMN
        : kc,
  );
  return resolved.some((kc) => kc !== undefined) ? resolved : undefined;
}

/** A bairro's column (`Bairro`, `NM_BAIRRO`), not a number's or a complement's. */
const BAIRRO_NAME = /(?:^|[^A-Z])BAIRRO(?:$|[^A-Z])/;
/** Columns only a person's record has: beside one, a generic name column is a person's. */
const PERSONAL_COLUMNS: ReadonlySet<string> = new Set(['cpf', 'birth_date', 'pis', 'cns', 'rg', 'cnh', 'titulo_eleitor']);
const PERSON_NAME_COLUMN: KeyClass = { detector: 'name', generic: false, role: true };

/**
 * `ALUNO / NASC. / ID INEP`, `REQUERENTE / CPF`: a column holding several fields of different kinds
 * (a report's lines of one record). No one kind masks its cells whole: they are read as text, where
 * each value keeps its own cue.
 */
function compositeColumn(scan: Scan, name: string): boolean {
  if (!name.includes('/')) return false;
  const parts = name.split('/');
  if (parts.length < 2) return false;
  let kind: string | undefined;
  for (const part of parts) {
    const detector = classifyKey(part.trim(), undefined, scan.options.extraKeys)?.detector;
    const family = detector === 'address_part' ? 'address' : detector;
    if (family === undefined) continue;
    if (kind !== undefined && family !== kind) return true;
    kind = family;
  }
  return false;
}

/** A line of rules between rows: `|---|:--|`, `-----+-----`, `+====+`, `├────┼────┤`. */
function ruleLine(line: string): boolean {
  return /^[\s|+:=\-─━┼├┤┬┴┌┐└┘│╞╡╪═╔╗╚╝╠╣╦╩╬]*$/.test(line) && /[-=─━═]{3}/.test(line);
}

function delimitedRow(scan: Scan, p: number, e: number, table: DelimitedTable): number {
  const line = scan.text.slice(p, e);
  if (table.endLine !== undefined && line === table.endLine) {
    scan.setStructure(undefined);
    return e;
  }
  if (line.trim().length === 0) return table.endLine === undefined ? -1 : e;
  if (table.framed && ruleLine(line)) return e;
  // Masking changes how many delimiters a line holds (an address with commas becomes one label):
  // a line with masked values in it must not be what makes a header, or a second pass would
  // mask more than the first.
  if (table.confirmed === false && holdsMaskedOutput(line)) return -1;
  const cells = splitCells(line, table.delimiter, table.framed);
  if (cells.length !== table.columns.length) return -1;
  // `Rua das Flores, 123, apto 4` under a "header" with no address column: the line above was a
  // sentence with commas, and this one is an address written across its "cells", read as text.
  if (table.confirmed === false && !table.columns.some((kc) => kc?.detector === 'address') && streetLine(scan, p, cells)) return -1;
  if (table.confirmed === false) scan.setStructure({ ...table, confirmed: true });
  const kindCell = table.partyKind === undefined ? undefined : cells[table.partyKind];
  const company = kindCell !== undefined && companyKind(line.slice(kindCell.start, kindCell.end));
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c]!;
    const kc = table.columns[c];
    // A company's own address, CEP and phone in a customer export name no one.
    if (company && kc !== undefined && COMPANY_CONTACT.has(kc.detector)) continue;
    // A company's row teaches its columns nothing.
    maskColumnCell(scan, p + cell.start, p + cell.end, kc, company ? undefined : table.ids?.[c]);
  }
  return e;
}

/** Whether a line's first cell opens with a street's type and its second with a house number. */
function streetLine(scan: Scan, p: number, cells: readonly { start: number; end: number }[]): boolean {
  const [first, second] = cells;
  if (first === undefined || second === undefined) return false;
  let s = p + first.start;
  while (scan.text.charCodeAt(s) === SPACE_CHAR) s++;
  let w = s;
  while (w < p + first.end && (CLASS[scan.text.charCodeAt(w)] ?? 0) & WORD) w++;
  if (w === s || !(scan.words.get(scan.text, s, w) & (W_STREET_WORD | W_STREET_ABBR))) return false;
  let d = p + second.start;
  while (scan.text.charCodeAt(d) === SPACE_CHAR) d++;
  return /\d/.test(scan.text.charAt(d));
}

/** Whether a party-kind cell says the record is a company's: `J`, `PJ`, `Jurídica`, `Pessoa Jurídica`. */
function companyKind(cell: string): boolean {
  const value = fold(unquote(cell.trim()));
  return value === 'J' || value === 'PJ' || value === 'JURIDICA' || value === 'PESSOA JURIDICA';
}

/**
 * One cell under a column: masked whole when the column names personal data and the value
 * fits it, otherwise scanned as text on its own. Spaces and one pair of quotes around the
 * value are left.
 */
export function maskCell(scan: Scan, from: number, to: number, kc: KeyClass | undefined): DetectorId | undefined {
  const text = scan.text;
  let s = from;
  let t = to;
  while (s < t && (text.charCodeAt(s) === SPACE_CHAR || text.charCodeAt(s) === 0x09)) s++;
  while (t > s && (text.charCodeAt(t - 1) === SPACE_CHAR || text.charCodeAt(t - 1) === 0x0d || text.charCodeAt(t - 1) === 0x09)) t--;
  const q = text.charCodeAt(s);
  if (t - s >= 2 && (q === 0x22 || q === 0x27 || q === 0x60) && text.charCodeAt(t - 1) === q) {
    s++;
    t--;
  }
  // A LaTeX cell's command stays (`\texttt{…}`): its argument is the value.
  const command = q === 0x5c ? LATEX_COMMAND.exec(text.slice(s, t)) : null;
  if (command) {
    s += command[0].length;
    t--;
  }
  // An organisation's own contact column (`telefone_empresa`) names no one: its address, CEP,
  // phones and desk mailboxes are read as a letterhead's. Whatever else the cell holds (a CNPJ, a
  // person's mailbox) is still masked.
  if (kc?.organisation) {
    const state = scan.state;
    scan.state = { ...state, letterhead: 'contact' };
    scan.scanRange(s, t);
    scan.state = state;
    return undefined;
  }
  if (kc) {
    // `lsakamoto` under `responsavel`, `lauri.mueller` under `user`: a login stands for its person; a service's (`svc-deploy`) for no one.
    if (kc.login === true && scan.cls(s) & LOWER && handleEnd(scan, s) === t) {
      if (scan.on(NAME)) loginValue(scan, s, t);
      return undefined;
    }
    const detector = valueFits(kc, text.slice(s, t), true);
    if (detector !== undefined && scan.on(detectorBit(detector))) {
      if (kc.inferred) scan.addInferred(s, t, detector);
      else scan.add(s, t, detector);
      return undefined;
    }
  }
  return scanTeaching(scan, s, t, kc === undefined);
}

/**
 * A cell under a column named `kc`, or under a column the memory knows by `id` (keyMemory.ts): a
 * column that names nothing holds the kind its earlier cells held, and a cell filled by one value
 * the engine's own matchers found teaches it.
 */
export function maskColumnCell(
  scan: Scan,
  from: number,
  to: number,
  kc: KeyClass | undefined,
  id: string | undefined,
  /** A column's header names the cell (not a label above a line of prose). */
  headed = kc !== undefined || id !== undefined,
): void {
  if (headed) scan.headedColumn++;
  try {
    columnCell(scan, from, to, kc, id);
  } finally {
    if (headed) scan.headedColumn--;
  }
}

function columnCell(scan: Scan, from: number, to: number, kc: KeyClass | undefined, id: string | undefined): void {
  if (kc?.detector === 'name' && kc.generic && id !== undefined) {
    genericNameCell(scan, from, to, kc, id);
    return;
  }
  if (kc !== undefined || id === undefined) {
    maskCell(scan, from, to, kc);
    return;
  }
  const kind = scan.remembersKeys ? scan.rememberedKey(id, from) : undefined;
  if (kind !== undefined) {
    maskCell(scan, from, to, rememberedClass(kind));
    return;
  }
  const taught = maskCell(scan, from, to, undefined);
  const last = scan.lastFound();
  if (taught !== undefined && last !== undefined) scan.learnKey(id, taught, last.end);
  // A firm's or a place's name in the column: it holds look-alikes, and learns nothing.
  else if (taught === undefined && refuses(unquote(scan.text.slice(from, to).trim()))) scan.refuseKey(id, to);
}

/**
 * A cell under a generic name column (`Nome`, `name`: files and products have names too): a
 * person's name found in it teaches the column, and once taught, a rare name of a person's shape
 * (`Tuyuka Park`, `Djeneba Traoré`) is a name under it too; a firm's or a place's teaches it nothing after.
 */
function genericNameCell(scan: Scan, from: number, to: number, kc: KeyClass, id: string): void {
  const value = unquote(scan.text.slice(from, to).trim());
  if (scan.remembersKeys && scan.rememberedKey(id, from) === 'name' && rememberedFits('name', value)) {
    maskCell(scan, from, to, rememberedClass('name'));
    return;
  }
  const before = scan.found.length;
  maskCell(scan, from, to, kc);
  const found = scan.found.length > before ? scan.lastFound() : undefined;
  if (found?.detector === 'name' && teaches('name', value)) scan.learnKey(id, 'name', found.end);
  else if (found === undefined && refuses(value)) scan.refuseKey(id, to);
}

/**
 * Scans the cell `[s, t)` as text; returns the kind of the value found in it when one value the
 * engine's own matchers found fills it whole (the column then holds that kind), when `learn`.
 */
function scanTeaching(scan: Scan, s: number, t: number, learn: boolean): DetectorId | undefined {
  const before = scan.found.length;
  const inferred = scan.inferredCount;
  scan.scanRange(s, t);
  if (!learn || scan.found.length !== before + 1 || scan.inferredCount !== inferred) return undefined;
  const found = scan.found[before]!;
  return found.start === s && found.end === t && teaches(found.detector, scan.text.slice(s, t)) ? found.detector : undefined;
}

/** `COPY public.clientes (id, nome, cpf) FROM stdin;`: tab-separated rows follow, up to `\.`. */
function copyStatement(scan: Scan, p: number, e: number): boolean {
  const c = scan.text.charCodeAt(p) | 0x20;
  if (c !== 0x63) return false;
  const m = /^copy\s+[\w."`]+\s*\(([^)]*)\)\s*from\s+stdin\b/i.exec(scan.text.slice(p, e));
  if (!m) return false;
  const columns = classifyColumns(
    scan,
    (m[1] ?? '').split(',').map((name) => name.trim().replace(/^["`]|["`]$/g, '')),
  );
  if (columns === undefined) return false;
  scan.setStructure({ kind: 'delimited', delimiter: 0x09, framed: false, columns, endLine: '\\.' });
  return true;
}

/** `| CPF | 529.982.247-25 |`, `Nome;Maria da Silva`, `Telefone\t(11) 98765-4321`: a key and its value. */
function keyValueRow(scan: Scan, p: number, e: number): number {
  const line = scan.text.slice(p, e);
  for (const delimiter of [0x7c, BOX_BAR, 0x09]) {
    if (line.indexOf(String.fromCharCode(delimiter)) < 0) continue;
    const framed = delimiter === 0x7c || delimiter === BOX_BAR;
    const cells = splitCells(line, delimiter, framed);
    if (cells.length !== 2) continue;
    const [key, value] = cells as [{ start: number; end: number }, { start: number; end: number }];
    const name = unquote(line.slice(key.start, key.end).trim());
    if (!columnName(name)) continue;
    const kc = classifyKey(name, undefined, scan.options.extraKeys);
    if (!kc || kc.detector === 'address_part') continue;
    scan.scanRange(p + key.start, p + key.end);
    maskCell(scan, p + value.start, p + value.end, kc);
    return e;
  }
  return -1;
}

/** A column name: at most four short words of header characters, a letter, no run of four digits (that is data). */
function columnName(label: string): boolean {
  // `Endereço / Ponto de embarque`: a slash between words is no word of its own.
  const words = label.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  if (label.length === 0 || label.length > 48 || words > 5 || !/\p{L}/u.test(label) || /\d{4}/.test(label)) return false;
  for (let q = 0; q < label.length; q++) if (!isHeaderChar(label.charCodeAt(q))) return false;
  return true;
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
    c === 0x60 ||
    c === 0xba ||
    c === 0xaa ||
    c === 0xb0 ||
    c === 0x0d
  );
}

function unquote(value: string): string {
  const q = value.charCodeAt(0);
  return value.length >= 2 && (q === 0x22 || q === 0x60) && value.charCodeAt(value.length - 1) === q ? value.slice(1, -1) : value;
}

/** Cell ranges of a delimited line; double-quoted cells may hold the delimiter (RFC 4180). */
function splitCells(line: string, delimiter: number, framed: boolean): { start: number; end: number }[] {
  const cells: { start: number; end: number }[] = [];
  let s = 0;
  let e = line.length;
  if (framed) {
    while (s < e && line.charCodeAt(s) === SPACE_CHAR) s++;
    if (line.charCodeAt(s) === delimiter) s++;
    while (e > s && (line.charCodeAt(e - 1) === SPACE_CHAR || line.charCodeAt(e - 1) === 0x0d)) e--;
    if (e > s && line.charCodeAt(e - 1) === delimiter) e--;
  }
  let start = s;
  let quoted = false;
  for (let q = s; q < e; q++) {
    const c = line.charCodeAt(q);
    if (c === 0x22 && !framed) quoted = !quoted;
    else if (c === delimiter && !quoted) {
      cells.push({ start, end: q });
      start = q + 1;
    }
  }
  cells.push({ start, end: e });
  return cells;
}
