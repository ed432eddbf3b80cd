/**
 * The store is swappable only while nothing outside gateway/store/ speaks SQL, nothing outside an
 * engine's folder speaks its dialect, and no domain reaches for an engine's classes. These tests
 * read the gateway's sources and name every line that crosses a boundary.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

interface Rule {
  readonly name: string;
  readonly pattern: RegExp;
  /** Folders (relative to the repository, `/`-separated, with a trailing slash) where the rule does not apply. */
  readonly allowedUnder: readonly string[];
}

const RULES: readonly Rule[] = [
  {
    name: 'SQL statement',
    pattern:
      /\bSELECT\b[^;]*\bFROM\b|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|\b(?:CREATE|DROP|ALTER)\s+(?:TEMP\s+|UNIQUE\s+)?(?:TABLE|INDEX)\b|\bSAVEPOINT\b|\bON\s+CONFLICT\b|\bFOR\s+UPDATE\b/,
    allowedUnder: ['gateway/store/'],
  },
  {
    name: 'SQLite dialect',
    pattern:
      /\bjson_(?:extract|set|each|type|group_array)\b|\bINSERT\s+OR\s+(?:IGNORE|REPLACE)\b|\bPRAGMA\b|\bjulianday\b|\bsqlite_master\b|\bBEGIN\s+IMMEDIATE\b|['"]sqlite3['"]/i,
    allowedUnder: ['gateway/store/sqlite/'],
  },
  {
    name: 'PostgreSQL dialect',
    pattern:
      /\bjsonb\b|::(?:jsonb?|text|int|integer|bigint|numeric|timestamptz|regclass)\b|\bpg_(?:advisory|notify|try_advisory)\w*|['"`](?:UN)?LISTEN\s|['"]pg['"]/,
    allowedUnder: ['gateway/store/postgres/'],
  },
  {
    name: "an engine's classes",
    pattern: /from\s+'(?:\.\.?\/)+(?:store\/)?(?:sqlite|postgres)\//,
    allowedUnder: ['gateway/store/'],
  },
];

interface Crossing {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly text: string;
}

/** Every line of `text` (the file at `file`, repository-relative) that breaks a rule. */
function crossings(file: string, text: string): Crossing[] {
  const found: Crossing[] = [];
  const lines = text.split('\n');
  for (const rule of RULES) {
    if (rule.allowedUnder.some((folder) => file.startsWith(folder))) continue;
    lines.forEach((line, index) => {
      if (rule.pattern.test(line)) found.push({ file, line: index + 1, rule: rule.name, text: line.trim() });
    });
  }
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function gatewayCrossings(): Crossing[] {
  const root = process.cwd();
  return sources(join(root, 'gateway')).flatMap((path) => crossings(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8')));
}

function describeCrossings(list: readonly Crossing[]): string {
  return list.map((c) => `${c.file}:${c.line} (${c.rule}): ${c.text}`).join('\n');
}

describe('store boundary', () => {
  it('finds SQL, dialect and engine imports where they do not belong', () => {
    // The scanner itself: each rule names a line that breaks it, and leaves prose alone.
    const domain = [
      "const row = await sql.get('SELECT id FROM approvals WHERE id = ?', [id]);",
      "await sql.run('INSERT OR IGNORE INTO audit_checkpoints (seq) VALUES (?)');",
      "  await db.run(`UPDATE sessions SET status = 'failed'`);",
      "import { SqliteStore } from '../store/sqlite/sqliteStore.js';",
      "const rows = await client.query('SELECT body::jsonb FROM sessions');",
      '// select the sessions from the store and update them',
    ].join('\n');
    assert.deepEqual(
      crossings('gateway/approvals/example.ts', domain).map((c) => [c.line, c.rule]),
      [
        [1, 'SQL statement'],
        [2, 'SQL statement'],
        [3, 'SQL statement'],
        [5, 'SQL statement'],
        [2, 'SQLite dialect'],
        [5, 'PostgreSQL dialect'],
        [4, "an engine's classes"],
      ],
    );
    assert.deepEqual(
      crossings('gateway/store/postgres/example.ts', domain).map((c) => c.rule),
      ['SQLite dialect'],
      'an engine folder may speak SQL and its own dialect, not another',
    );
  });

  it('keeps SQL inside gateway/store/ and each dialect inside its engine folder', () => {
    const found = gatewayCrossings();
    assert.equal(found.length, 0, `SQL or an engine's dialect outside the store:\n${describeCrossings(found)}`);
  });

  it('keeps the store types free of the HTTP wire types', () => {
    const types = readFileSync(join(process.cwd(), 'gateway', 'store', 'types.ts'), 'utf8');
    assert.doesNotMatch(types, /from '\.\.\/api\//);
  });
});
