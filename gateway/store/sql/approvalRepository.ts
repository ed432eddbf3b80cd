/** Held runs, their votes and webhook deliveries (tables from migration 002_approvals). */
import type { ApprovalStatus, PrincipalView } from '../../api/wire.js';
import type {
  ApprovalChange,
  ApprovalPage,
  ApprovalQuery,
  ApprovalRecord,
  ApprovalRepository,
  DeliveryRecord,
  NewApproval,
  NewVote,
  OutcomeCode,
  VoteRecord,
} from '../../approvals/repository.js';
import type { SealedInput } from '../../approvals/inputCipher.js';
import type { Quorum } from '../../config/types.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { approvalDigest, recordKey, voteDigest, type RecordSeals } from '../../audit/rowDigests.js';
import type { SqlDialect } from './dialect.js';
import { sealedWrite } from './sealedWrite.js';
import type { SqlExecutor, SqlParam, SqlRow, SqlValue } from './executor.js';

type Row = SqlRow;

function str(value: SqlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function text(value: SqlValue | undefined): string {
  return typeof value === 'string' ? value : String(value ?? '');
}

function quorumOf(value: SqlValue | undefined): Quorum {
  const raw = text(value);
  return raw === 'any' || raw === 'each' ? raw : Number(raw);
}

export function toApproval(row: Row): ApprovalRecord {
  const sealedBlob = row['input_sealed'];
  const keyId = text(row['input_key_id']);
  const outcomeCode = str(row['outcome_code']);
  return {
    id: text(row['id']),
    sessionId: text(row['session_id']),
    status: text(row['status']) as ApprovalStatus,
    createdAt: text(row['created_at']),
    updatedAt: text(row['updated_at']),
    expiresAt: text(row['expires_at']),
    decidedAt: str(row['decided_at']),
    validUntil: str(row['valid_until']),
    executedAt: str(row['executed_at']),
    requester: text(row['requester']),
    requesterView: JSON.parse(text(row['requester_json'])) as PrincipalView,
    generator: text(row['generator']),
    ruleId: text(row['rule_id']),
    policyVersion: text(row['policy_version']),
    requirement: {
      approvers: JSON.parse(text(row['approvers_json'])) as string[],
      quorum: quorumOf(row['quorum']),
      pendingTtlMs: Number(row['pending_ttl_ms']),
      validForMs: Number(row['valid_for_ms']),
    },
    bindingHash: text(row['binding_hash']),
    sealed: Buffer.isBuffer(sealedBlob) ? { keyId, blob: sealedBlob } : undefined,
    inputKeyId: keyId,
    inputDeletedAt: str(row['input_deleted_at']),
    outcome:
      outcomeCode === undefined
        ? undefined
        : {
            code: outcomeCode as OutcomeCode,
            reason: str(row['outcome_reason']),
            actor: str(row['outcome_actor']),
            at: text(row['outcome_at']),
          },
  };
}

export function toVote(row: Row): VoteRecord {
  return {
    approvalId: text(row['approval_id']),
    seq: Number(row['seq']),
    approver: text(row['approver']),
    approverView: JSON.parse(text(row['approver_json'])) as PrincipalView,
    groups: JSON.parse(text(row['groups_json'])) as string[],
    decision: text(row['decision']) === 'deny' ? 'deny' : 'approve',
    reason: text(row['reason']),
    bindingHash: text(row['binding_hash']),
    at: text(row['at']),
    withdrawnAt: str(row['withdrawn_at']),
    withdrawReason: str(row['withdraw_reason']),
  };
}

function toDelivery(row: Row): DeliveryRecord {
  return {
    id: text(row['id']),
    approvalId: text(row['approval_id']),
    event: text(row['event']),
    payload: text(row['payload']),
    createdAt: text(row['created_at']),
    attempts: Number(row['attempts']),
    nextAttemptAt: text(row['next_attempt_at']),
    status: text(row['status']) as DeliveryRecord['status'],
    lastError: str(row['last_error']),
  };
}

const DECIDED: readonly ApprovalStatus[] = ['approved', 'executing', 'executed', 'denied', 'expired', 'revoked', 'cancelled', 'aborted'];

export class SqlApprovalRepository implements ApprovalRepository {
  /** `seals`: where the digests of written approvals and votes go (a unit of work's; none on a reader). */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly dialect: SqlDialect,
    private readonly seals?: RecordSeals,
  ) {}

  /** Runs a write of approval rows, sealing each row it wrote; how many. */
  private writeApprovals(statement: string, params: readonly SqlParam[]): Promise<number> {
    return sealedWrite(this.sql, this.seals, statement, params, (row) => {
      const approval = toApproval(row);
      return [recordKey.approval(approval.id), approvalDigest(approval)];
    });
  }

  /** Runs a write of vote rows, sealing each row it wrote; how many. */
  private writeVotes(statement: string, params: readonly SqlParam[]): Promise<number> {
    return sealedWrite(this.sql, this.seals, statement, params, (row) => {
      const vote = toVote(row);
      return [recordKey.vote(vote.approvalId, vote.seq), voteDigest(vote)];
    });
  }

  async insert(a: NewApproval): Promise<void> {
    await this.writeApprovals(
      `INSERT INTO approvals (id, session_id, status, created_at, updated_at, expires_at, requester, requester_json, generator, rule_id, policy_version,
        approvers_json, quorum, pending_ttl_ms, valid_for_ms, binding_hash, input_key_id, input_sealed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        a.id,
        a.sessionId,
        a.status,
        a.createdAt,
        a.createdAt,
        a.expiresAt,
        a.requester,
        JSON.stringify(a.requesterView),
        a.generator,
        a.ruleId,
        a.policyVersion,
        JSON.stringify(a.requirement.approvers),
        String(a.requirement.quorum),
        a.requirement.pendingTtlMs,
        a.requirement.validForMs,
        a.bindingHash,
        a.sealed.keyId,
        a.sealed.blob,
      ],
    );
  }

  async get(id: string): Promise<ApprovalRecord | undefined> {
    const row = await this.sql.get<Row>('SELECT * FROM approvals WHERE id = ?', [id]);
    return row ? toApproval(row) : undefined;
  }

  async getForUpdate(id: string): Promise<ApprovalRecord | undefined> {
    const row = await this.sql.get<Row>(`SELECT * FROM approvals WHERE id = ?${this.dialect.lockRows}`, [id]);
    return row ? toApproval(row) : undefined;
  }

  async getBySession(sessionId: string): Promise<ApprovalRecord | undefined> {
    const row = await this.sql.get<Row>('SELECT * FROM approvals WHERE session_id = ?', [sessionId]);
    return row ? toApproval(row) : undefined;
  }

  async votes(approvalId: string): Promise<VoteRecord[]> {
    return (await this.sql.all<Row>('SELECT * FROM approval_votes WHERE approval_id = ? ORDER BY seq', [approvalId])).map(toVote);
  }

  async votesFor(approvalIds: readonly string[]): Promise<VoteRecord[]> {
    if (approvalIds.length === 0) return [];
    const rows = await this.sql.all<Row>(
      `SELECT * FROM approval_votes WHERE approval_id IN (${approvalIds.map(() => '?').join(', ')}) ORDER BY approval_id, seq`,
      [...approvalIds],
    );
    return rows.map(toVote);
  }

  async addVote(vote: NewVote): Promise<number> {
    const next = await this.sql.get<{ n: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM approval_votes WHERE approval_id = ?', [
      vote.approvalId,
    ]);
    const seq = Number(next?.n ?? 1);
    await this.writeVotes(
      `INSERT INTO approval_votes (approval_id, seq, approver, approver_json, groups_json, decision, reason, binding_hash, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        vote.approvalId,
        seq,
        vote.approver,
        JSON.stringify(vote.approverView),
        JSON.stringify(vote.groups),
        vote.decision,
        vote.reason,
        vote.bindingHash,
        vote.at,
      ],
    );
    return seq;
  }

  async withdrawVote(approvalId: string, approver: string, at: string, reason: string): Promise<boolean> {
    const changed = await this.writeVotes(
      'UPDATE approval_votes SET withdrawn_at = ?, withdraw_reason = ? WHERE approval_id = ? AND approver = ? AND withdrawn_at IS NULL',
      [at, reason, approvalId, approver],
    );
    return changed > 0;
  }

  async transition(id: string, from: readonly ApprovalStatus[], change: ApprovalChange): Promise<boolean> {
    if (from.length === 0) return false;
    const sets = ['status = ?', 'updated_at = ?'];
    const params: SqlParam[] = [change.status, change.at];
    const optional: Array<[string, string | undefined]> = [
      ['decided_at', change.decidedAt],
      ['valid_until', change.validUntil],
      ['executed_at', change.executedAt],
    ];
    for (const [column, value] of optional) {
      if (value !== undefined) {
        sets.push(`${column} = ?`);
        params.push(value);
      }
    }
    if (change.deleteInput) {
      sets.push('input_sealed = NULL', 'input_deleted_at = COALESCE(input_deleted_at, ?)');
      params.push(change.at);
    }
    if (change.outcome) {
      sets.push('outcome_code = ?', 'outcome_reason = ?', 'outcome_actor = ?', 'outcome_at = ?');
      params.push(change.outcome.code, change.outcome.reason ?? null, change.outcome.actor ?? null, change.outcome.at);
    }
    params.push(id, ...from);
    const changed = await this.writeApprovals(
      `UPDATE approvals SET ${sets.join(', ')} WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`,
      params,
    );
    return changed === 1;
  }

  async claim(id: string, now: string): Promise<SealedInput | undefined> {
    // Read then conditionally update inside the caller's transaction: the WHERE clause alone decides the
    // race (a second claimer changes nothing, and gets nothing).
    const row = await this.sql.get<Row>(
      "SELECT input_key_id, input_sealed FROM approvals WHERE id = ? AND status = 'approved' AND valid_until > ?",
      [id, now],
    );
    if (!row) return undefined;
    const changed = await this.writeApprovals(
      "UPDATE approvals SET status = 'executing', updated_at = ?, input_sealed = NULL, input_deleted_at = ? WHERE id = ? AND status = 'approved' AND valid_until > ?",
      [now, now, id, now],
    );
    if (changed !== 1) return undefined;
    const blob = row['input_sealed'];
    return Buffer.isBuffer(blob) ? { keyId: text(row['input_key_id']), blob } : { keyId: text(row['input_key_id']), blob: Buffer.alloc(0) };
  }

  async list(query: ApprovalQuery): Promise<ApprovalPage> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    const eligible = this.dialect.jsonArraysOverlap('approvals.approvers_json');
    if (query.role === 'approver') {
      where.push(`(requester <> ? AND ${eligible})`);
      params.push(query.principal, JSON.stringify(query.groups));
    } else if (query.role === 'requester') {
      where.push('requester = ?');
      params.push(query.principal);
    } else if (!query.everything) {
      where.push(`(requester = ? OR ${eligible})`);
      params.push(query.principal, JSON.stringify(query.groups));
    }
    if (query.status === 'pending') where.push("status = 'pending'");
    else if (query.status === 'decided') where.push(`status IN (${DECIDED.map((status) => `'${status}'`).join(', ')})`);
    if (query.cursor !== undefined) {
      const [createdAt, id] = decodeCursor(query.cursor);
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      params.push(createdAt, createdAt, id);
    }
    params.push(query.limit + 1);
    const rows = await this.sql.all<Row>(
      `SELECT * FROM approvals ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
      params,
    );
    const approvals = rows.slice(0, query.limit).map(toApproval);
    const last = approvals[approvals.length - 1];
    return { approvals, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : undefined };
  }

  async due(now: string, limit: number): Promise<Array<{ id: string; status: ApprovalStatus }>> {
    const rows = await this.sql.all<Row>(
      `SELECT id, status FROM approvals WHERE status = 'pending' AND expires_at <= ?
       UNION ALL SELECT id, status FROM approvals WHERE status = 'approved' AND valid_until <= ? LIMIT ?`,
      [now, now, limit],
    );
    return rows.map((row) => ({ id: text(row['id']), status: text(row['status']) as ApprovalStatus }));
  }

  async nextDeadline(): Promise<string | undefined> {
    const row = await this.sql.get<Row>(
      `SELECT MIN(deadline) AS deadline FROM (
         SELECT MIN(expires_at) AS deadline FROM approvals WHERE status = 'pending'
         UNION ALL SELECT MIN(valid_until) FROM approvals WHERE status = 'approved') AS deadlines`,
    );
    return str(row?.['deadline']);
  }

  async inStatus(statuses: readonly ApprovalStatus[], limit: number): Promise<ApprovalRecord[]> {
    if (statuses.length === 0) return [];
    const rows = await this.sql.all<Row>(
      `SELECT * FROM approvals WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY created_at LIMIT ?`,
      [...statuses, limit],
    );
    return rows.map(toApproval);
  }

  async enqueueDelivery(d: Omit<DeliveryRecord, 'attempts' | 'status' | 'lastError'>): Promise<void> {
    await this.sql.run(
      `INSERT INTO approval_webhook_outbox (id, approval_id, event, payload, created_at, updated_at, attempts, next_attempt_at, status)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?, 'pending')`,
      [d.id, d.approvalId, d.event, d.payload, d.createdAt, d.createdAt, d.nextAttemptAt],
    );
  }

  async dueDeliveries(now: string, limit: number): Promise<DeliveryRecord[]> {
    const rows = await this.sql.all<Row>(
      "SELECT * FROM approval_webhook_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
      [now, limit],
    );
    return rows.map(toDelivery);
  }

  async nextDeliveryAt(): Promise<string | undefined> {
    const row = await this.sql.get<Row>("SELECT MIN(next_attempt_at) AS at FROM approval_webhook_outbox WHERE status = 'pending'");
    return str(row?.['at']);
  }

  async updateDelivery(
    id: string,
    change: {
      status: DeliveryRecord['status'];
      attempts: number;
      nextAttemptAt: string;
      lastError: string | undefined;
      payload: string;
      at: string;
    },
  ): Promise<void> {
    await this.sql.run(
      'UPDATE approval_webhook_outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, payload = ?, updated_at = ? WHERE id = ?',
      [change.status, change.attempts, change.nextAttemptAt, change.lastError ?? null, change.payload, change.at, id],
    );
  }
}
