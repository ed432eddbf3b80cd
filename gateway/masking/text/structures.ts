/**
 * The structures a scan may be inside, carried from line to line (and from chunk to chunk in a
 * stream): they say which key names the values at the current position, so a column header is
 * the cue for every value under it, however far away it stands.
 */
import type { KeyClass } from './keys.js';
import type { KnownKeys } from './keyMemory.js';

/** Delimited rows under a header: CSV, TSV, `;`, pipes (Markdown, psql, mysql, ASCII and box tables), COPY data. */
export interface DelimitedTable {
  readonly kind: 'delimited';
  readonly delimiter: number;
  /** Cells may be framed by outer pipes and padded with spaces. */
  readonly framed: boolean;
  readonly columns: readonly (KeyClass | undefined)[];
  /** A line that ends the table (`\.` after COPY … FROM stdin). */
  readonly endLine?: string;
  /** False until a row of as many cells followed the header (a COPY statement's columns need none). */
  readonly confirmed?: boolean;
  /** The column that says whether a row is a person's or a company's (`A1_PESSOA`: F or J). */
  readonly partyKind?: number;
  /** Each column's name as the key memory knows it (keyMemory.ts); undefined where it may learn nothing (a firm's, a place's). */
  readonly ids?: readonly (string | undefined)[];
}

/** A column of an aligned table: where its header stands on the line and how its values line up. */
export interface AlignedColumn {
  readonly start: number;
  readonly end: number;
  readonly kc: KeyClass | undefined;
  /** Values end where the header ends (numbers, pandas) or start where it starts (reports). */
  readonly right: boolean;
  /** The column's name as the key memory knows it (keyMemory.ts); undefined where it may learn nothing. */
  readonly id?: string;
}

/** Columns aligned by spaces: fixed-width reports, `print(df)`, CLI output without pipes. */
export interface AlignedTable {
  readonly kind: 'aligned';
  /** False until a row lined up under the header (a line of words is not a header by itself). */
  readonly confirmed: boolean;
  /** The header's names are set apart by two spaces or more; with single spaces, a row has one word per column. */
  readonly spaced: boolean;
  readonly columns: readonly AlignedColumn[];
  /** A line of column types (`<chr> <date>`, R's tibble) confirmed it: columns may meet at a single space. */
  readonly typed?: boolean;
  /** One column per word of a spaced header whose names met at single spaces: a tibble's, should a line of types confirm it. */
  readonly wordColumns?: readonly AlignedColumn[];
  /** A rule of dashes under the header (SQL*Plus, sqlcmd, isql) set each column's exact width: a row is cut by it. */
  readonly ruled?: boolean;
  /** The rows line up one character off the header's names (a report printed so): edges match within one. */
  readonly shifted?: boolean;
  /** A blank line stood between the header and its first row (SAS's `proc print` sets one there). */
  readonly gap?: boolean;
}

/** The tuples after `INSERT` `INTO t (cols) VALUES`, until `;`. */
export interface SqlValues {
  readonly kind: 'sql';
  readonly columns: readonly (KeyClass | undefined)[];
  /** Each column's name as the key memory knows it (keyMemory.ts). */
  readonly ids?: readonly (string | undefined)[];
}

/** An HTML table: its header cells, and the index of the next cell in the current row. */
export interface HtmlTable {
  readonly kind: 'html';
  readonly columns: readonly (KeyClass | undefined)[];
  /** Each header cell's text as the key memory knows it (keyMemory.ts). */
  readonly ids?: readonly (string | undefined)[];
  readonly cell: number;
}

/** psql's expanded display (`\x`): under `-[ RECORD n ]`, one `name | value` field per line. */
export interface ExpandedRecord {
  readonly kind: 'expanded';
}

/** What a field of a positional record holds: a document, a birth date, a name, an address's part, a phone, text to read, or nothing personal. */
export type PositionalKind =
  'cpf' | 'cnpj' | 'pis' | 'cns' | 'titulo_eleitor' | 'birth_date' | 'name' | 'address' | 'house_number' | 'cep' | 'phone' | 'text';

/** A field of a positional record: columns `[start, end)` counted from 0 at the line's start. */
export interface PositionalField {
  readonly start: number;
  readonly end: number;
  readonly kind: PositionalKind;
}

/** The layout inferred for one record type (the line's first character), or for every line when the file has no type prefix. */
export interface PositionalRecord {
  readonly type: number | undefined;
  readonly width: number;
  readonly fields: readonly PositionalField[];
}

/** A positional file of an unknown layout (fields glued by position), its layout inferred from its first records. */
export interface PositionalFile {
  readonly kind: 'positional';
  /** What opens every line before its record when the file was pasted indented or quoted (`    `, `> `). */
  readonly margin: string;
  readonly records: readonly PositionalRecord[];
  /**
   * The layout was declared in the text (`pos 010-059 nome`): a line it does not fit is text, and
   * only a blank line after its first record (`reading`; `waiting` before it) ends the file.
   */
  readonly declared?: 'waiting' | 'reading';
}

export type Structure = DelimitedTable | AlignedTable | SqlValues | HtmlTable | ExpandedRecord | PositionalFile;

/** A party block of a fiscal XML document (`<emit>`): its tag, and whether its document was a CNPJ. */
export interface Party {
  readonly tag: string;
  readonly company: boolean;
}

/** A line of a letterhead block: its contact details, or the line naming its officer (`Oficial: …`). */
export type LetterheadLine = 'contact' | 'staff';

/** What a scan carries from one position to the next. */
export interface ScanState {
  readonly structure: Structure | undefined;
  /** Column names of the tables a `CREATE` `TABLE` defined, by table name (for `INSERT … VALUES` without a list). */
  readonly schema: ReadonlyMap<string, readonly string[]> | undefined;
  /** The fiscal XML party block the scan is inside (parties.ts). */
  readonly party?: Party;
  /** The line is in an organisation's letterhead (letterhead.ts): a contact line, or its staff's line. */
  readonly letterhead?: LetterheadLine;
  /** A name ends this many characters before the state's position (a list of names goes on: names.ts). */
  readonly nameBefore?: number;
  /** A person's document (a CPF, a PIS, a CNS) ends this many characters before the state's position (a birth date may follow it). */
  readonly documentBefore?: number;
  /** A birth date ends this many characters before the state's position (a record's next field, a CNS, may follow it). */
  readonly birthBefore?: number;
  /** The words of the names found before the state's position, folded (a person named again by one of them). */
  readonly knownNames?: ReadonlySet<string>;
  /** The days of the birth dates found before the state's position (`YYYY-MM-DD`): the same day written again is the same birth. */
  readonly knownBirths?: ReadonlySet<string>;
  /** The keys that held a kind of personal data before the state's position (keyMemory.ts). */
  readonly knownKeys?: KnownKeys;
  /** A key that names nothing stands before, its value starting this many characters after the state's position (it may teach the key). */
  readonly keyBefore?: { readonly key: string; readonly quote: number; readonly after: number };
}

export const NO_STATE: ScanState = { structure: undefined, schema: undefined };
