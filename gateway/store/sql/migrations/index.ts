/**
 * Every schema migration, in order, for every engine: one id, the SQL written once with the
 * column types that differ filled in per engine. A migration runs once, inside a transaction,
 * and its id is recorded in `schema_migrations`; never edit one that has shipped: add the next.
 */
import { migration001Core } from './001_core.js';
import { migration002Approvals } from './002_approvals.js';
import { migration003Evidence } from './003_evidence.js';
import { migration004Replicas } from './004_replicas.js';
import { migration005MaskingAggregates } from './005_masking_aggregates.js';
import { migration006Governance } from './006_governance.js';
import { migration007MaskingHmacPrefix } from './007_masking_hmac_prefix.js';
import { migration008MaskingBatches } from './008_masking_batches.js';
import { migration009MaskingSubjectsRecent } from './009_masking_subjects_recent.js';

/** Column types by what they hold, as each engine spells them. */
export interface ColumnTypes {
  /** Migration 008 whole, in the engine's dialect (it converts rows with the engine's JSON functions). */
  readonly migration008: string;
  /** A 64-bit integer (SQLite's INTEGER is one; an INTEGER PRIMARY KEY is also the rowid). */
  readonly bigint: string;
  readonly real: string;
  readonly blob: string;
  /** What ends a CREATE TABLE whose primary key is all it holds (SQLite: ` WITHOUT ROWID`, else empty). */
  readonly withoutRowid: string;
}

export interface Migration {
  readonly id: string;
  readonly sql: (types: ColumnTypes) => string;
}

export const MIGRATIONS: readonly Migration[] = [
  migration001Core,
  migration002Approvals,
  migration003Evidence,
  migration004Replicas,
  migration005MaskingAggregates,
  migration006Governance,
  migration007MaskingHmacPrefix,
  migration008MaskingBatches,
  migration009MaskingSubjectsRecent,
];
