/** The queries of generator governance and its notifications outbox (tables from migration 006_governance). */
import type {
  AttestationRecord,
  GovernanceRecord,
  GovernanceRepository,
  NotificationRecord,
  OwnershipRecord,
} from '../../governance/repository.js';
import type { DeliveryStatus, DeliveryUpdate } from '../../webhooks/dispatcher.js';
import { sealedWrite } from './sealedWrite.js';
import type { SqlExecutor, SqlParam, SqlRow, SqlValue } from './executor.js';
import { governanceDigest, recordKey, type RecordSeals } from '../../audit/rowDigests.js';

type Row = SqlRow;

function str(value: SqlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function text(value: SqlValue | undefined): string {
  return typeof value === 'string' ? value : String(value ?? '');
}

function json<T>(value: SqlValue | undefined): T | undefined {
  return typeof value === 'string' ? (JSON.parse(value) as T) : undefined;
}

export function governanceRecordOf(row: Row): GovernanceRecord {
  return {
    generator: text(row['generator']),
    registeredAt: text(row['registered_at']),
    ownership: json<OwnershipRecord>(row['ownership_json']),
    attestation: json<AttestationRecord>(row['attestation_json']),
    notifiedAt: str(row['notified_at']),
    notifiedState: str(row['notified_state']),
  };
}

function toNotification(row: Row): NotificationRecord {
  return {
    id: text(row['id']),
    generator: text(row['generator']),
    event: text(row['event']),
    payload: text(row['payload']),
    createdAt: text(row['created_at']),
    attempts: Number(row['attempts']),
    nextAttemptAt: text(row['next_attempt_at']),
    status: text(row['status']) as DeliveryStatus,
    lastError: str(row['last_error']),
  };
}

export class SqlGovernanceRepository implements GovernanceRepository {
  /** `seals`: where the digests of written records go (a unit of work's; none on a reader). */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly seals?: RecordSeals,
  ) {}

  /** Runs a write of governance records; the records it wrote are sealed (their digests go to the unit's next audit entry). */
  private async write(statement: string, params: readonly SqlParam[]): Promise<void> {
    await sealedWrite(this.sql, this.seals, statement, params, (row) => {
      const record = governanceRecordOf(row);
      return [recordKey.governance(record.generator), governanceDigest(record)];
    });
  }

  async record(generator: string): Promise<GovernanceRecord | undefined> {
    const row = await this.sql.get<Row>('SELECT * FROM generator_governance WHERE generator = ?', [generator]);
    return row ? governanceRecordOf(row) : undefined;
  }

  async records(): Promise<readonly GovernanceRecord[]> {
    const rows = await this.sql.all<Row>('SELECT * FROM generator_governance ORDER BY generator');
    return rows.map(governanceRecordOf);
  }

  async register(generator: string, at: string): Promise<boolean> {
    const existing = await this.sql.get<Row>('SELECT 1 AS found FROM generator_governance WHERE generator = ?', [generator]);
    if (existing) return false;
    await this.write('INSERT INTO generator_governance (generator, registered_at, updated_at) VALUES (?, ?, ?)', [generator, at, at]);
    return true;
  }

  async setOwnership(generator: string, ownership: OwnershipRecord): Promise<void> {
    await this.write('UPDATE generator_governance SET ownership_json = ?, attestation_json = NULL, updated_at = ? WHERE generator = ?', [
      JSON.stringify(ownership),
      ownership.at,
      generator,
    ]);
  }

  async setAttestation(generator: string, attestation: AttestationRecord): Promise<void> {
    await this.write('UPDATE generator_governance SET attestation_json = ?, updated_at = ? WHERE generator = ?', [
      JSON.stringify(attestation),
      attestation.at,
      generator,
    ]);
  }

  async setNotified(generator: string, at: string, state: string): Promise<void> {
    await this.sql.run('UPDATE generator_governance SET notified_at = ?, notified_state = ?, updated_at = ? WHERE generator = ?', [
      at,
      state,
      at,
      generator,
    ]);
  }

  async enqueueNotification(n: Omit<NotificationRecord, 'attempts' | 'status' | 'lastError'>): Promise<void> {
    await this.sql.run(
      `INSERT INTO governance_notifications (id, generator, event, payload, created_at, updated_at, attempts, next_attempt_at, status)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?, 'pending')`,
      [n.id, n.generator, n.event, n.payload, n.createdAt, n.createdAt, n.nextAttemptAt],
    );
  }

  async dueNotifications(now: string, limit: number): Promise<NotificationRecord[]> {
    const rows = await this.sql.all<Row>(
      "SELECT * FROM governance_notifications WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
      [now, limit],
    );
    return rows.map(toNotification);
  }

  async nextNotificationAt(): Promise<string | undefined> {
    const row = await this.sql.get<Row>("SELECT MIN(next_attempt_at) AS at FROM governance_notifications WHERE status = 'pending'");
    return str(row?.['at']);
  }

  async updateNotification(id: string, change: DeliveryUpdate): Promise<void> {
    await this.sql.run(
      'UPDATE governance_notifications SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, payload = ?, updated_at = ? WHERE id = ?',
      [change.status, change.attempts, change.nextAttemptAt, change.lastError ?? null, change.payload, change.at, id],
    );
  }
}
