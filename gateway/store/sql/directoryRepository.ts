/** The queries of the SCIM directory (tables from migration 006_governance). */
import type {
  DirectoryGroup,
  DirectoryRepository,
  DirectoryUser,
  GroupFilter,
  GroupStanding,
  NewDirectoryGroup,
  NewDirectoryUser,
  Page,
  UserFilter,
} from '../../directory/types.js';
import { sealedWrite } from './sealedWrite.js';
import type { SqlExecutor, SqlParam, SqlRow, SqlValue } from './executor.js';
import { directoryUserDigest, recordKey, type RecordSeals } from '../../audit/rowDigests.js';

type Row = SqlRow;

function str(value: SqlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function text(value: SqlValue | undefined): string {
  return typeof value === 'string' ? value : String(value ?? '');
}

function attributesOf(value: SqlValue | undefined): Record<string, unknown> {
  return JSON.parse(text(value)) as Record<string, unknown>;
}

export function directoryUserOf(row: Row): DirectoryUser {
  return {
    id: text(row['id']),
    userName: text(row['user_name']),
    externalId: str(row['external_id']),
    displayName: str(row['display_name']),
    active: Number(row['active']) === 1,
    attributes: attributesOf(row['attributes_json']),
    createdAt: text(row['created_at']),
    updatedAt: text(row['updated_at']),
    deletedAt: str(row['deleted_at']),
  };
}

/** The columns a user's SCIM attributes fill, in the order user_name … attributes_json. */
function userFields(user: NewDirectoryUser): SqlParam[] {
  return [
    user.userName,
    user.userName.toLowerCase(),
    user.externalId ?? null,
    user.displayName ?? null,
    user.active ? 1 : 0,
    JSON.stringify(user.attributes),
  ];
}

function toGroup(row: Row): DirectoryGroup {
  return {
    id: text(row['id']),
    displayName: text(row['display_name']),
    externalId: str(row['external_id']),
    attributes: attributesOf(row['attributes_json']),
    createdAt: text(row['created_at']),
    updatedAt: text(row['updated_at']),
  };
}

/** A WHERE clause of equality conditions (always at least one term). */
function where(terms: ReadonlyArray<readonly [string, SqlParam | undefined]>, base: string[] = []): { sql: string; params: SqlParam[] } {
  const parts = [...base];
  const params: SqlParam[] = [];
  for (const [clause, value] of terms) {
    if (value === undefined) continue;
    parts.push(clause);
    params.push(value);
  }
  return { sql: parts.length === 0 ? '1 = 1' : parts.join(' AND '), params };
}

export class SqlDirectoryRepository implements DirectoryRepository {
  /** `seals`: where the digests of written users go (a unit of work's; none on a reader). */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly seals?: RecordSeals,
  ) {}

  /** Runs a write of user rows; how many it changed. The rows it wrote are sealed (their digests go to the unit's next audit entry). */
  private writeUsers(statement: string, params: readonly SqlParam[]): Promise<number> {
    return sealedWrite(this.sql, this.seals, statement, params, (row) => {
      const user = directoryUserOf(row);
      return [recordKey.user(user.id), directoryUserDigest(user)];
    });
  }

  /** One SCIM page of a table's rows matching `condition`, in creation order, and how many match in all. */
  private async page<T>(
    table: 'directory_users' | 'directory_groups',
    condition: { sql: string; params: SqlParam[] },
    startIndex: number,
    count: number,
    map: (row: Row) => T,
  ): Promise<Page<T>> {
    const total = await this.sql.get<Row>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${condition.sql}`, condition.params);
    const rows =
      count === 0
        ? []
        : await this.sql.all<Row>(`SELECT * FROM ${table} WHERE ${condition.sql} ORDER BY created_at, id LIMIT ? OFFSET ?`, [
            ...condition.params,
            count,
            startIndex - 1,
          ]);
    return { total: Number(total?.['n'] ?? 0), items: rows.map(map) };
  }

  async user(id: string): Promise<DirectoryUser | undefined> {
    const row = await this.sql.get<Row>('SELECT * FROM directory_users WHERE id = ? AND deleted_at IS NULL', [id]);
    return row ? directoryUserOf(row) : undefined;
  }

  async users(filter: UserFilter, startIndex: number, count: number): Promise<Page<DirectoryUser>> {
    const condition = where(
      [
        ['id = ?', filter.id],
        ['user_name_key = ?', filter.userName?.toLowerCase()],
        ['external_id = ?', filter.externalId],
        ['active = ?', filter.active === undefined ? undefined : filter.active ? 1 : 0],
      ],
      ['deleted_at IS NULL'],
    );
    return this.page('directory_users', condition, startIndex, count, directoryUserOf);
  }

  async usersNamed(names: readonly string[]): Promise<readonly DirectoryUser[]> {
    if (names.length === 0) return [];
    const marks = names.map(() => '?').join(', ');
    const rows = await this.sql.all<Row>(
      `SELECT * FROM directory_users WHERE user_name_key IN (${marks}) OR external_id IN (${marks}) ORDER BY created_at, id`,
      [...names.map((name) => name.toLowerCase()), ...names],
    );
    return rows.map(directoryUserOf);
  }

  async group(id: string): Promise<DirectoryGroup | undefined> {
    const row = await this.sql.get<Row>('SELECT * FROM directory_groups WHERE id = ?', [id]);
    return row ? toGroup(row) : undefined;
  }

  async groups(filter: GroupFilter, startIndex: number, count: number): Promise<Page<DirectoryGroup>> {
    const condition = where([
      ['id = ?', filter.id],
      ['display_name_key = ?', filter.displayName?.toLowerCase()],
      ['external_id = ?', filter.externalId],
      ['id IN (SELECT group_id FROM directory_group_members WHERE user_id = ?)', filter.member],
    ]);
    return this.page('directory_groups', condition, startIndex, count, toGroup);
  }

  async members(groupId: string): Promise<readonly string[]> {
    const rows = await this.sql.all<Row>('SELECT user_id FROM directory_group_members WHERE group_id = ? ORDER BY added_seq', [groupId]);
    return rows.map((row) => text(row['user_id']));
  }

  async groupsOf(userId: string): Promise<readonly DirectoryGroup[]> {
    const rows = await this.sql.all<Row>(
      `SELECT g.* FROM directory_groups g JOIN directory_group_members m ON m.group_id = g.id
       WHERE m.user_id = ? ORDER BY g.display_name_key, g.id`,
      [userId],
    );
    return rows.map(toGroup);
  }

  async groupStanding(displayName: string): Promise<GroupStanding> {
    const key = displayName.toLowerCase();
    const groups = await this.sql.get<Row>('SELECT COUNT(*) AS n FROM directory_groups WHERE display_name_key = ?', [key]);
    const members = await this.sql.get<Row>(
      `SELECT COUNT(DISTINCT u.id) AS n FROM directory_groups g
       JOIN directory_group_members m ON m.group_id = g.id
       JOIN directory_users u ON u.id = m.user_id
       WHERE g.display_name_key = ? AND u.deleted_at IS NULL AND u.active = 1`,
      [key],
    );
    return { exists: Number(groups?.['n'] ?? 0) > 0, activeMembers: Number(members?.['n'] ?? 0) };
  }

  async insertUser(user: NewDirectoryUser): Promise<void> {
    await this.writeUsers(
      `INSERT INTO directory_users (id, user_name, user_name_key, external_id, display_name, active, attributes_json, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [user.id, ...userFields(user), user.createdAt, user.updatedAt],
    );
  }

  async updateUser(user: NewDirectoryUser): Promise<boolean> {
    const changed = await this.writeUsers(
      `UPDATE directory_users SET user_name = ?, user_name_key = ?, external_id = ?, display_name = ?, active = ?, attributes_json = ?, updated_at = ?
       WHERE id = ? AND deleted_at IS NULL`,
      [...userFields(user), user.updatedAt, user.id],
    );
    return changed > 0;
  }

  async deleteUser(id: string, at: string): Promise<boolean> {
    const changed = await this.writeUsers(
      'UPDATE directory_users SET deleted_at = ?, updated_at = ?, active = 0 WHERE id = ? AND deleted_at IS NULL',
      [at, at, id],
    );
    if (changed === 0) return false;
    await this.sql.run('DELETE FROM directory_group_members WHERE user_id = ?', [id]);
    return true;
  }

  async insertGroup(group: NewDirectoryGroup): Promise<void> {
    await this.sql.run(
      `INSERT INTO directory_groups (id, display_name, display_name_key, external_id, attributes_json, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        group.id,
        group.displayName,
        group.displayName.toLowerCase(),
        group.externalId ?? null,
        JSON.stringify(group.attributes),
        group.createdAt,
        group.updatedAt,
      ],
    );
  }

  async updateGroup(group: NewDirectoryGroup): Promise<boolean> {
    const result = await this.sql.run(
      'UPDATE directory_groups SET display_name = ?, display_name_key = ?, external_id = ?, attributes_json = ?, updated_at = ? WHERE id = ?',
      [
        group.displayName,
        group.displayName.toLowerCase(),
        group.externalId ?? null,
        JSON.stringify(group.attributes),
        group.updatedAt,
        group.id,
      ],
    );
    return result.changes > 0;
  }

  async deleteGroup(id: string): Promise<boolean> {
    await this.sql.run('DELETE FROM directory_group_members WHERE group_id = ?', [id]);
    const result = await this.sql.run('DELETE FROM directory_groups WHERE id = ?', [id]);
    return result.changes > 0;
  }

  async setMembers(groupId: string, userIds: readonly string[]): Promise<void> {
    await this.sql.run('DELETE FROM directory_group_members WHERE group_id = ?', [groupId]);
    for (const [index, userId] of [...new Set(userIds)].entries()) {
      await this.sql.run('INSERT INTO directory_group_members (group_id, user_id, added_seq) VALUES (?, ?, ?)', [groupId, userId, index]);
    }
  }
}
