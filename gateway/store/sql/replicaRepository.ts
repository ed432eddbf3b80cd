/** Gateway processes and their heartbeats (table from migration 004_replicas). */
import type { ReplicaRecord, ReplicaRepository } from '../types.js';
import type { SqlExecutor } from './executor.js';

export class SqlReplicaRepository implements ReplicaRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async list(): Promise<ReplicaRecord[]> {
    return (await this.sql.all('SELECT id, started_at, heartbeat_at, host, pid FROM replicas ORDER BY started_at, id')).map((row) => ({
      id: String(row['id']),
      startedAt: String(row['started_at']),
      heartbeatAt: String(row['heartbeat_at']),
      host: String(row['host']),
      pid: Number(row['pid']),
    }));
  }

  async beat(replica: Omit<ReplicaRecord, 'heartbeatAt'>, at: string): Promise<void> {
    await this.sql.run(
      `INSERT INTO replicas (id, started_at, heartbeat_at, host, pid) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
      [replica.id, replica.startedAt, at, replica.host, replica.pid],
    );
  }

  async remove(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.sql.run(`DELETE FROM replicas WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids])).changes;
  }
}
