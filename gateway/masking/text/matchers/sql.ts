/**
 * SQL: `INSERT` `INTO t (nome, cpf, …) VALUES (…), (…);` masks each tuple's values by the column
 * list (or, without one, by the columns a `CREATE` `TABLE t (…)` seen earlier defined). Tuples are
 * read one at a time, so a bulk insert of any size streams with bounded memory.
 */
import { CLASS, LOWER, UPPER, WORD, isJsSpace } from '../chars.js';
import type { KeyClass } from '../keys.js';
import { SPACE_CHAR, foldedEquals } from '../scanHelpers.js';
import { MAX_ROW, type Scan } from '../scanner.js';
import { classifyColumns, maskColumnCell } from './tables.js';
import { memoryKeyId } from '../keyMemory.js';

/** Longest `CREATE` `TABLE` column list read. */
const MAX_DEFINITION = 16 * 1024;
const CONSTRAINTS = new Set(['PRIMARY', 'KEY', 'UNIQUE', 'CONSTRAINT', 'INDEX', 'FOREIGN', 'CHECK', 'FULLTEXT', 'SPATIAL', 'EXCLUDE']);

/** Reads SQL tokens through `scan.at`, so a statement cut by the end of a stream chunk stays open. */
class Cursor {
  constructor(
    private readonly scan: Scan,
    public p: number,
  ) {}

  space(): void {
    for (;;) {
      const c = this.scan.at(this.p);
      if (c === SPACE_CHAR || c === 0x0a || c === 0x0d || c === 0x09) this.p++;
      else return;
    }
  }

  /** The next word, when it is `word` (case-insensitive). */
  keyword(word: string): boolean {
    this.space();
    const s = this.p;
    let e = s;
    while (this.scan.cls(e) & (UPPER | LOWER)) e++;
    if (e === s || !foldedEquals(this.scan.text, s, e, word)) return false;
    this.p = e;
    return true;
  }

  /** A (possibly quoted, possibly qualified) name: `clientes`, `public.clientes`, `` `t` ``, `"t"`, `[t]`. */
  name(): string | undefined {
    this.space();
    let out = '';
    for (;;) {
      const c = this.scan.at(this.p);
      if (c === 0x60 || c === 0x22 || c === 0x5b) {
        const close = c === 0x5b ? 0x5d : c;
        const s = ++this.p;
        while (this.scan.at(this.p) !== close) {
          if (this.scan.at(this.p) < 0 || this.p - s > 128) return undefined;
          this.p++;
        }
        out += this.scan.text.slice(s, this.p++);
      } else {
        const s = this.p;
        while (this.scan.cls(this.p) & WORD) this.p++;
        if (this.p === s) return undefined;
        out += this.scan.text.slice(s, this.p);
      }
      if (this.scan.at(this.p) !== 0x2e) return out;
      out += '.';
      this.p++;
    }
  }

  /** The top-level items of a parenthesised list (the cursor at `(`), as [start, end) pairs; undefined when unbalanced or too long. */
  list(limit: number): number[] | undefined {
    const items: number[] = [];
    let depth = 0;
    let start = this.p + 1;
    let quote = 0;
    for (let q = this.p; q - this.p < limit; q++) {
      const c = this.scan.at(q);
      if (c < 0) return undefined;
      if (quote !== 0) {
        if (c === 0x5c && quote === 0x27) q++;
        else if (c === quote) {
          if (this.scan.at(q + 1) === quote) q++;
          else quote = 0;
        }
        continue;
      }
      if (c === 0x27 || c === 0x22 || c === 0x60) quote = c;
      else if (c === 0x28) depth++;
      else if (c === 0x29) {
        if (--depth === 0) {
          items.push(start, q);
          this.p = q + 1;
          return items;
        }
      } else if (c === 0x2c && depth === 1) {
        items.push(start, q);
        start = q + 1;
      }
    }
    return undefined;
  }
}

function tableKey(name: string): string {
  return (name.slice(name.lastIndexOf('.') + 1) || name).toLowerCase();
}

/**
 * `INSERT [IGNORE] INTO t [(cols)] VALUES`, or Oracle's multi-table `INSERT ALL INTO t (cols) VALUES (…)
 * INTO …`: enters the tuples; returns where the first one may start, or -1.
 */
export function insertStatement(scan: Scan, j: number): number {
  const cursor = new Cursor(scan, j);
  if (cursor.keyword('IGNORE') || cursor.keyword('ALL')) cursor.space();
  if (!cursor.keyword('INTO')) return -1;
  const table = cursor.name();
  if (table === undefined) return -1;
  cursor.space();
  let names: readonly string[] | undefined;
  if (scan.at(cursor.p) === 0x28) {
    const items = cursor.list(MAX_ROW);
    if (items === undefined) return -1;
    const list: string[] = [];
    for (let k = 0; k < items.length; k += 2)
      list.push(
        scan.text
          .slice(items[k], items[k + 1])
          .trim()
          .replace(/^[`"[]|[`"\]]$/g, ''),
      );
    names = list;
  } else names = scan.state.schema?.get(tableKey(table));
  if (!cursor.keyword('VALUES') && !cursor.keyword('VALUE')) return -1;
  if (names === undefined) return -1;
  const columns = classifyColumns(scan, names);
  if (columns === undefined) return -1;
  scan.setStructure({ kind: 'sql', columns, ids: names.map((name) => memoryKeyId(name)) });
  return cursor.p;
}

/** `CREATE` `TABLE t (col type, …)`: remembers the column names for inserts without a list. Never consumes. */
export function createTable(scan: Scan, j: number): void {
  const cursor = new Cursor(scan, j);
  if (cursor.keyword('TEMPORARY') || cursor.keyword('TEMP')) cursor.space();
  if (!cursor.keyword('TABLE')) return;
  if (cursor.keyword('IF')) {
    if (!cursor.keyword('NOT') || !cursor.keyword('EXISTS')) return;
  }
  const table = cursor.name();
  if (table === undefined) return;
  cursor.space();
  if (scan.at(cursor.p) !== 0x28) return;
  const items = cursor.list(MAX_DEFINITION);
  if (items === undefined) return;
  const names: string[] = [];
  for (let k = 0; k < items.length; k += 2) {
    const definition = scan.text.slice(items[k], items[k + 1]).trim();
    const name = /^[`"[]?([^`"\]\s(]+)/.exec(definition)?.[1];
    if (name !== undefined && !CONSTRAINTS.has(name.toUpperCase())) names.push(name);
  }
  const schema = new Map(scan.state.schema ?? []);
  schema.set(tableKey(table), names);
  scan.state = { ...scan.state, schema };
}

/** In the tuples of an insert: one tuple at `(`, masked by its columns; -1 when the tuples have ended. */
export function sqlStep(scan: Scan, i: number, columns: readonly (KeyClass | undefined)[], ids?: readonly (string | undefined)[]): number {
  const c = scan.text.charCodeAt(i);
  if (c === SPACE_CHAR || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c) return i + 1;
  if (c === 0x3b) {
    scan.setStructure(undefined);
    return i + 1;
  }
  if (c !== 0x28) {
    // Oracle's `INSERT ALL`: the next `INTO t (cols) VALUES (…)` clause of the same statement.
    const clause = (c | 0x20) === 0x69 ? insertStatement(scan, i) : -1;
    if (clause >= 0) return clause;
    scan.setStructure(undefined);
    return -1;
  }
  const cursor = new Cursor(scan, i);
  const items = cursor.list(MAX_ROW);
  if (items === undefined) {
    if (scan.openAt < 0) scan.setStructure(undefined);
    return -1;
  }
  if (items.length / 2 !== columns.length) {
    scan.scanRange(i + 1, cursor.p - 1);
    return cursor.p;
  }
  for (let k = 0; k < items.length; k += 2) {
    const [s, e] = callLiteral(scan, items[k] ?? 0, items[k + 1] ?? 0);
    maskColumnCell(scan, s, e, columns[k / 2], ids?.[k / 2]);
  }
  return cursor.p;
}

/**
 * `TO_DATE('1983-02-17','YYYY-MM-DD')`, `CAST('…' AS DATE)`, `DATE '1983-02-17'`: a call's or a typed
 * literal's first quoted string is the cell's value, so the call stays SQL.
 */
function callLiteral(scan: Scan, s: number, e: number): [number, number] {
  let p = s;
  while (p < e && isJsSpace(scan.at(p))) p++;
  const name = p;
  while (p < e && scan.cls(p) & WORD) p++;
  if (p === name || p - name > 24) return [s, e];
  if (scan.at(p) === 0x28) p++;
  else if (!foldedEquals(scan.text, name, p, 'DATE') && !foldedEquals(scan.text, name, p, 'TIMESTAMP')) return [s, e];
  while (p < e && isJsSpace(scan.at(p))) p++;
  if (scan.at(p) !== 0x27) return [s, e];
  const close = scan.text.indexOf("'", p + 1);
  return close > p && close < e ? [p, close + 1] : [s, e];
}

/** Whether the word at `[i, j)` is INSERT or CREATE (any case), the words that open the statements above. */
export function sqlKeyword(scan: Scan, i: number, j: number): 'insert' | 'create' | undefined {
  if (j - i !== 6 || !((CLASS[scan.text.charCodeAt(i)] ?? 0) & (UPPER | LOWER))) return undefined;
  if (foldedEquals(scan.text, i, j, 'INSERT')) return 'insert';
  if (foldedEquals(scan.text, i, j, 'CREATE')) return 'create';
  return undefined;
}
