/** SQLite's side of the SQL the repositories share (JSON1 functions, julianday, PRAGMA introspection). */
import type { SqlDialect, TableInfo } from '../sql/dialect.js';
import type { SqlExecutor } from '../sql/executor.js';
import type { ColumnTypes } from '../sql/migrations/index.js';
import { SQLITE_MIGRATION_008 } from './migration008.js';

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

export const sqliteDialect: SqlDialect = {
  engine: 'sqlite',
  jsonText: (column, key) => `json_extract(${column}, '$.${key}')`,
  jsonNumber: (column, key) => `json_extract(${column}, '$.${key}')`,
  jsonHasValue: (column, key) => `COALESCE(json_type(${column}, '$.${key}'), 'null') <> 'null'`,
  jsonSetText: (column, key) => `json_set(${column}, '$.${key}', ?)`,
  jsonWithout: (column, key) => `json_remove(${column}, '$.${key}')`,
  jsonPurgeBody: (column) => `json_set(${column}, '$.body', json('null'), '$.purgedAt', ?)`,
  jsonArraysOverlap: (column) => `EXISTS (SELECT 1 FROM json_each(${column}) AS a WHERE a.value IN (SELECT value FROM json_each(?)))`,
  jsonElements: (column, alias) => `json_each(CASE WHEN json_valid(${column}) THEN ${column} ELSE '[]' END) AS ${alias}`,
  jsonElementText: (alias, key) => `json_extract(CASE WHEN ${alias}.type = 'object' THEN ${alias}.value END, '$.${key}')`,
  jsonTextParam: (alias) => `json_each(?) AS ${alias}`,
  writingWith: false,
  jsonRows: {
    from: (alias) => `json_each(?) AS ${alias}`,
    value: (alias, index) => `${alias}.value ->> ${index}`,
    elements: (expression, alias) => `json_each(${expression}) AS ${alias}`,
  },
  msSince: (column) => `(julianday(?) - julianday(${column})) * 86400000.0`,
  // One writer: a unit of work already excludes every other.
  lockRows: '',
  createTempIds: (name) => `CREATE TEMP TABLE IF NOT EXISTS ${name} (id TEXT PRIMARY KEY)`,
  tempTable: (name) => `temp.${name}`,
  async tables(sql: SqlExecutor): Promise<TableInfo[]> {
    const names = (await sql.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((row) =>
      String(row['name']),
    );
    const tables: TableInfo[] = [];
    for (const name of names) {
      const columns = (await sql.all(`PRAGMA table_info(${quote(name)})`)).map((row) => String(row['name']));
      const foreignKeys = (await sql.all(`PRAGMA foreign_key_list(${quote(name)})`)).map((row) => ({
        table: String(row['table']),
        from: String(row['from']),
        to: String(row['to'] ?? 'id'),
      }));
      tables.push({ name, columns, foreignKeys });
    }
    return tables;
  },
};

export const SQLITE_COLUMN_TYPES: ColumnTypes = {
  migration008: SQLITE_MIGRATION_008,
  bigint: 'INTEGER',
  real: 'REAL',
  blob: 'BLOB',
  withoutRowid: ' WITHOUT ROWID',
};
