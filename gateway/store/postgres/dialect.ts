/**
 * PostgreSQL's side of the SQL the repositories share. JSON documents sit in text columns, as in
 * SQLite (the text a verifier digests is the text that was written), and are read as jsonb where
 * a query looks inside them. Row locks are real: several replicas write to one database.
 */
import type { SqlDialect, TableInfo } from '../sql/dialect.js';
import type { SqlExecutor } from '../sql/executor.js';

const json = (column: string): string => `(${column})::jsonb`;

export const postgresDialect: SqlDialect = {
  engine: 'postgres',
  jsonText: (column, key) => `(${json(column)} ->> '${key}')`,
  jsonNumber: (column, key) => `((${json(column)} ->> '${key}')::double precision)`,
  jsonHasValue: (column, key) => `COALESCE(jsonb_typeof(${json(column)} -> '${key}'), 'null') <> 'null'`,
  jsonSetText: (column, key) => `jsonb_set(${json(column)}, '{${key}}', to_jsonb(?::text))::text`,
  jsonWithout: (column, key) => `(${json(column)} - '${key}')::text`,
  jsonPurgeBody: (column) => `(${json(column)} || jsonb_build_object('body', NULL, 'purgedAt', ?::text))::text`,
  jsonArraysOverlap: (column) =>
    `EXISTS (SELECT 1 FROM jsonb_array_elements_text(${json(column)}) AS a(v) WHERE a.v IN (SELECT jsonb_array_elements_text(?::jsonb)))`,
  // gate_json_array (migration 008) reads text that is not a JSON array as an empty one.
  jsonElements: (column, alias) => `json_array_elements(gate_json_array(${column})) AS ${alias}(value)`,
  jsonElementText: (alias, key) => `(${alias}.value ->> '${key}')`,
  jsonTextParam: (alias) => `json_array_elements_text(?::json) AS ${alias}(value)`,
  writingWith: true,
  msSince: (column) => `(EXTRACT(EPOCH FROM (?::timestamptz - (${column})::timestamptz)) * 1000)`,
  lockRows: ' FOR UPDATE',
  createTempIds: (name) => `CREATE TEMP TABLE IF NOT EXISTS ${name} (id TEXT PRIMARY KEY)`,
  tempTable: (name) => `pg_temp.${name}`,
  async tables(sql: SqlExecutor): Promise<TableInfo[]> {
    const columns = await sql.all(
      'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position',
    );
    const keys = await sql.all(
      `SELECT c.conrelid::regclass::text AS table_name, a.attname AS from_column, c.confrelid::regclass::text AS to_table, f.attname AS to_column
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]
       WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
    );
    const tables = new Map<string, { columns: string[]; foreignKeys: Array<{ table: string; from: string; to: string }> }>();
    for (const row of columns) {
      const name = String(row['table_name']);
      const table = tables.get(name) ?? { columns: [], foreignKeys: [] };
      table.columns.push(String(row['column_name']));
      tables.set(name, table);
    }
    for (const row of keys) {
      tables.get(String(row['table_name']))?.foreignKeys.push({
        table: String(row['to_table']),
        from: String(row['from_column']),
        to: String(row['to_column']),
      });
    }
    return [...tables].map(([name, table]) => ({ name, ...table }));
  },
};
