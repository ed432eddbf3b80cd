/**
 * Policy-file section `store`: where sessions, approvals, masking events and the audit chain are
 * recorded. Exactly one engine: `sqlite` (one gateway, the embedded default) or `postgres`
 * (several replicas on one database). `driver:` of earlier files still reads.
 */
import { durationSchema } from '../config/duration.js';
import { SECRET_REF_PATTERN } from '../config/secrets.js';

type JsonSchema = Readonly<Record<string, unknown>>;

const duration = durationSchema;

export const sqliteSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'An SQLite file next to the gateway: one gateway process. The default when no engine is named.',
  examples: [{ path: 'autogen-gate.db', synchronous: 'full' }],
  properties: {
    path: {
      type: 'string',
      minLength: 1,
      default: 'autogen-gate.db',
      description: 'Database file, relative to dataDir.',
      examples: ['autogen-gate.db'],
    },
    synchronous: {
      enum: ['full', 'normal'],
      default: 'normal',
      description:
        'normal (WAL): a record is committed to the write-ahead log before the request proceeds, so it survives a crash of the gateway; an operating-system crash or power loss may lose the last commits. full: every commit is also fsynced (survives power loss; adds one disk flush, ~2 ms here, to each record).',
      examples: ['full'],
    },
    busyTimeout: duration('How long a write waits for a lock held by another process before the request is refused (503).', '2s'),
    minFreeBytes: {
      type: 'integer',
      minimum: 0,
      default: 67108864,
      description:
        'Free space (bytes) the disk holding the database must keep. Below it the store refuses every write, so requests are refused (503, recorded nowhere and never forwarded) and /readyz fails naming the store, until there is room again (checked at most once a second while writes come, and at each /readyz). SQLite can go on committing into space its log file already holds after the disk fills, so a full disk alone is noticed late and by whichever record first needs a new block; the reserve makes the refusal come first and all at once. 0 turns the check off (a full disk still fails the write that meets it).',
      examples: [67108864],
    },
  },
};

const postgresSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  description:
    'A PostgreSQL database: several gateway replicas share it (held runs, live events, one audit chain). The schema is created and migrated at start.',
  examples: [{ url: 'postgres://autogen_gate@db.internal:5432/autogen_gate?sslmode=require', password: 'env:AUTOGEN_GATE_DB_PASSWORD' }],
  properties: {
    url: {
      type: 'string',
      minLength: 1,
      description:
        'Connection URL postgres://USER@HOST:PORT/DATABASE (libpq parameters such as sslmode in the query), or a secret reference (env:NAME or file:PATH) that holds one. A password written inside a literal URL is refused: give it in `password`.',
      examples: ['postgres://autogen_gate@db.internal:5432/autogen_gate?sslmode=require', 'env:AUTOGEN_GATE_DATABASE_URL'],
    },
    password: {
      type: 'string',
      pattern: SECRET_REF_PATTERN,
      description: "The database user's password, as a secret reference (env:NAME or file:PATH); it replaces one in a referenced URL.",
      examples: ['env:AUTOGEN_GATE_DB_PASSWORD'],
    },
    poolSize: {
      type: 'integer',
      minimum: 2,
      maximum: 200,
      default: 10,
      description:
        'Connections this replica opens (one is kept for live events; the batching writer and readers share the rest). Mind max_connections across replicas.',
      examples: [10],
    },
    connectTimeout: duration('How long opening a connection may take before the store counts as unavailable.', '5s'),
    lockTimeout: duration(
      'How long a write waits for a row or the chain head locked by another replica before the request is refused (503).',
      '5s',
    ),
    replicaTimeout: duration(
      'A replica whose heartbeat (every few seconds) is older than this is dead: a live replica closes what it left in flight as interrupted. Longer than the longest pause a live replica may take.',
      '30s',
    ),
  },
};

export const storeSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    'Where sessions, approvals, masking events and the audit chain are recorded: exactly one of `sqlite` (one gateway; the default) or `postgres` (several replicas).',
  default: {},
  examples: [
    { sqlite: { path: 'autogen-gate.db', synchronous: 'full' } },
    { postgres: { url: 'postgres://autogen_gate@db.internal:5432/autogen_gate', password: 'env:AUTOGEN_GATE_DB_PASSWORD' } },
  ],
  properties: {
    driver: {
      enum: ['sqlite', 'postgres'],
      description: 'Engine, as earlier files name it; optional: the engine key below (sqlite or postgres) says the same.',
      examples: ['sqlite'],
    },
    sqlite: sqliteSchema,
    postgres: postgresSchema,
  },
};
