/**
 * What differs between the SQL engines, as SQL fragments: the repositories under store/sql/ are
 * written once in the SQL both engines share (`?` placeholders, ISO-8601 text timestamps, JSON
 * documents in text columns) and ask the dialect for the rest. Each engine's folder implements
 * it (store/sqlite/dialect.ts, store/postgres/dialect.ts), so the dialect stays there.
 */
import type { StoreEngine } from '../types.js';
import type { SqlExecutor } from './executor.js';

/** A table of the schema, as the retention purge needs to see it. */
export interface TableInfo {
  readonly name: string;
  readonly columns: readonly string[];
  /** Foreign keys: this table's `from` column refers to `table`.`to`. */
  readonly foreignKeys: ReadonlyArray<{ readonly table: string; readonly from: string; readonly to: string }>;
}

export interface SqlDialect {
  readonly engine: StoreEngine;
  /** The text value of `key` in the JSON document of `column` (NULL when absent or JSON null). */
  jsonText(column: string, key: string): string;
  /** The numeric value of `key` in the JSON document of `column`. */
  jsonNumber(column: string, key: string): string;
  /** A condition: `key` in the JSON document of `column` holds a value other than JSON null (without reading it out). */
  jsonHasValue(column: string, key: string): string;
  /** The document of `column` with `key` set to the text parameter `?`. */
  jsonSetText(column: string, key: string): string;
  /** The document of `column` without `key` (as text). */
  jsonWithout(column: string, key: string): string;
  /** A payload document whose body is deleted: `body` set to JSON null and `purgedAt` to the parameter `?`. */
  jsonPurgeBody(column: string): string;
  /** True when the JSON array in `column` and the JSON array text parameter `?` share an element. */
  jsonArraysOverlap(column: string): string;
  /**
   * A FROM item: the elements of the JSON array in `column`, as `alias` (none when the text is not
   * valid JSON: a stored row edited by hand must not stop a purge).
   */
  jsonElements(column: string, alias: string): string;
  /** The text value of `key` in an element of `jsonElements` (NULL when absent or not an object). */
  jsonElementText(alias: string, key: string): string;
  /** A FROM item: the strings of the JSON array text parameter `?`, as `alias`, read as `alias.value`. */
  jsonTextParam(alias: string): string;
  /**
   * Whether a statement may write through a WITH clause (`WITH b AS (INSERT … RETURNING …) INSERT …`):
   * then two dependent inserts are one round trip (PostgreSQL; SQLite has no such clause).
   */
  readonly writingWith: boolean;
  /**
   * Rows as one JSON array text parameter `?` (each row an array of values): the FROM item naming
   * them `alias`, and the value at `index` of a row. Only on an engine whose writer gathers guarded
   * writes (GuardedWrite); SQLite.
   */
  readonly jsonRows?: {
    from(alias: string): string;
    value(alias: string, index: number): string;
    /** A FROM item: the elements of the JSON array text `expression`, as `alias`, read as `alias.value`. */
    elements(expression: string, alias: string): string;
  };
  /** Milliseconds from the ISO timestamp in `column` to the ISO timestamp parameter `?`. */
  msSince(column: string): string;
  /** Appended to a SELECT of rows a transaction is about to change: locks them until it ends. */
  readonly lockRows: string;
  /** Creates (if needed) a temporary one-column table of ids, private to the connection. */
  createTempIds(name: string): string;
  /** How statements name that temporary table. */
  tempTable(name: string): string;
  /** The application's tables, their columns and foreign keys. */
  tables(sql: SqlExecutor): Promise<TableInfo[]>;
}
