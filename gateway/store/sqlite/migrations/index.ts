/**
 * Every schema migration, in order. A migration runs once, inside a transaction, and its id is
 * recorded in `schema_migrations`; never edit one that has shipped: add the next.
 */
import { migration001Core } from './001_core.js';
import { migration002Approvals } from './002_approvals.js';
import { migration003Evidence } from './003_evidence.js';
import { migration004Governance } from './004_governance.js';

export interface Migration {
  readonly id: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration001Core, migration002Approvals, migration003Evidence, migration004Governance];
