/**
 * What the IdP's SCIM requests do to the directory: each create, replace, patch and delete is one
 * unit of work with its audit entry (actor `scim`), so the chain proves when the IdP said that a
 * person left (`directory.user_deactivated`, `directory.user_deleted`) or changed groups. A
 * change that could orphan a generator wakes the governance notifier once it is durable.
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryGroup, DirectoryRepository, DirectoryUser, GroupFilter, UserFilter } from '../directory/types.js';
import type { Store, StoreTx } from '../store/types.js';
import { listOf, MAX_RESULTS } from './discovery.js';
import { invalidValue, ScimError } from './errors.js';
import { parseFilter, type Comparison } from './filter.js';
import { applyPatch } from './patch.js';
import { groupFromScim, groupToScim, userFromScim, userToScim, type GroupFields, type ScimObject, type UserFields } from './resources.js';

export const SCIM_ACTOR = 'scim';

export interface ListParameters {
  readonly filter: string | undefined;
  readonly startIndex: number;
  readonly count: number;
}

/** The attribute a filter names, without the core schema's URN (`urn:…:User:userName` is userName). */
function attributeOf(comparison: Comparison): string {
  const name = comparison.attribute;
  return name.startsWith('urn:') ? (name.split(':').pop() ?? name) : name;
}

function stringValue(comparison: Comparison): string {
  if (typeof comparison.value !== 'string') throw new ScimError(400, `${comparison.attribute} is compared with a string`, 'invalidFilter');
  return comparison.value;
}

function userFilterOf(filter: string | undefined): UserFilter {
  const result: { -readonly [K in keyof UserFilter]: UserFilter[K] } = {};
  for (const comparison of filter === undefined ? [] : parseFilter(filter)) {
    const attribute = attributeOf(comparison);
    if (attribute === 'username') result.userName = stringValue(comparison);
    else if (attribute === 'externalid') result.externalId = stringValue(comparison);
    else if (attribute === 'id') result.id = stringValue(comparison);
    else if (attribute === 'active' && typeof comparison.value === 'boolean') result.active = comparison.value;
    else
      throw new ScimError(400, `users can be filtered by userName, externalId, id or active, not ${comparison.attribute}`, 'invalidFilter');
  }
  return result;
}

function groupFilterOf(filter: string | undefined): GroupFilter {
  const result: { -readonly [K in keyof GroupFilter]: GroupFilter[K] } = {};
  for (const comparison of filter === undefined ? [] : parseFilter(filter)) {
    const attribute = attributeOf(comparison);
    if (attribute === 'displayname') result.displayName = stringValue(comparison);
    else if (attribute === 'externalid') result.externalId = stringValue(comparison);
    else if (attribute === 'id') result.id = stringValue(comparison);
    else if (attribute === 'members' || attribute === 'members.value') result.member = stringValue(comparison);
    else
      throw new ScimError(
        400,
        `groups can be filtered by displayName, externalId, id or members, not ${comparison.attribute}`,
        'invalidFilter',
      );
  }
  return result;
}

function notFound(kind: 'User' | 'Group', id: string): ScimError {
  return new ScimError(404, `${kind} ${id} not found`);
}

/** Which SCIM fields a write changed, for the audit entry. */
function changedFields(before: DirectoryUser, after: UserFields): string[] {
  const changed: string[] = [];
  if (before.userName !== after.userName) changed.push('userName');
  if (before.externalId !== after.externalId) changed.push('externalId');
  if (before.displayName !== after.displayName) changed.push('displayName');
  if (before.active !== after.active) changed.push('active');
  if (JSON.stringify(before.attributes) !== JSON.stringify(after.attributes)) changed.push('attributes');
  return changed;
}

export class ScimProvisioning {
  constructor(
    private readonly store: Store,
    /** Called once a change is durable (the governance notifier re-checks owners). */
    private readonly onChange: () => void = () => undefined,
  ) {}

  // ---- users --------------------------------------------------------------------------------

  async createUser(body: unknown, base: string): Promise<ScimObject> {
    const fields = userFromScim(body);
    const user = await this.store.transact(async (tx) => {
      await this.assertUserNameFree(tx.directory, fields.userName, undefined);
      const now = tx.now.toISOString();
      const created: DirectoryUser = { id: randomUUID(), ...fields, createdAt: now, updatedAt: now, deletedAt: undefined };
      await tx.directory.insertUser(created);
      await tx.appendAudit({
        type: 'directory.user_created',
        actor: SCIM_ACTOR,
        data: { userId: created.id, userName: created.userName, externalId: created.externalId ?? null, active: created.active },
      });
      return created;
    });
    this.onChange();
    return userToScim(user, [], base);
  }

  async getUser(id: string, base: string): Promise<ScimObject> {
    const user = await this.store.directory.user(id);
    if (!user) throw notFound('User', id);
    return userToScim(user, await this.store.directory.groupsOf(id), base);
  }

  async listUsers(parameters: ListParameters, base: string): Promise<ScimObject> {
    const page = await this.store.directory.users(
      userFilterOf(parameters.filter),
      parameters.startIndex,
      Math.min(parameters.count, MAX_RESULTS),
    );
    const resources = await Promise.all(
      page.items.map(async (user) => userToScim(user, await this.store.directory.groupsOf(user.id), base)),
    );
    return listOf(resources, page.total, parameters.startIndex);
  }

  async replaceUser(id: string, body: unknown, base: string): Promise<ScimObject> {
    return this.writeUser(id, () => userFromScim(body), base);
  }

  async patchUser(id: string, body: unknown, base: string): Promise<ScimObject> {
    return this.writeUser(
      id,
      (current, groups) => {
        const { groups: _readOnly, meta: _meta, ...document } = userToScim(current, groups, base);
        return userFromScim(applyPatch(document, body));
      },
      base,
    );
  }

  async deleteUser(id: string): Promise<void> {
    await this.store.transact(async (tx) => {
      const user = await tx.directory.user(id);
      if (!user || !(await tx.directory.deleteUser(id, tx.now.toISOString()))) throw notFound('User', id);
      await tx.appendAudit({
        type: 'directory.user_deleted',
        actor: SCIM_ACTOR,
        data: { userId: id, userName: user.userName, externalId: user.externalId ?? null },
      });
    });
    this.onChange();
  }

  private async writeUser(
    id: string,
    next: (current: DirectoryUser, groups: readonly DirectoryGroup[]) => UserFields,
    base: string,
  ): Promise<ScimObject> {
    const user = await this.store.transact(async (tx) => {
      const current = await tx.directory.user(id);
      if (!current) throw notFound('User', id);
      const fields = next(current, await tx.directory.groupsOf(id));
      if (fields.userName.toLowerCase() !== current.userName.toLowerCase())
        await this.assertUserNameFree(tx.directory, fields.userName, id);
      const changed = changedFields(current, fields);
      const updated: DirectoryUser = { ...current, ...fields, updatedAt: tx.now.toISOString() };
      if (changed.length === 0) return current;
      await tx.directory.updateUser(updated);
      const type = !changed.includes('active')
        ? 'directory.user_updated'
        : fields.active
          ? 'directory.user_reactivated'
          : 'directory.user_deactivated';
      await tx.appendAudit({
        type,
        actor: SCIM_ACTOR,
        data: { userId: id, userName: updated.userName, externalId: updated.externalId ?? null, active: updated.active, changed },
      });
      return updated;
    });
    this.onChange();
    return userToScim(user, await this.store.directory.groupsOf(id), base);
  }

  private async assertUserNameFree(directory: DirectoryRepository, userName: string, self: string | undefined): Promise<void> {
    const taken = await directory.users({ userName }, 1, 1);
    const other = taken.items.find((user) => user.id !== self);
    if (other) throw new ScimError(409, `userName ${userName} is already taken by user ${other.id}`, 'uniqueness');
  }

  // ---- groups -------------------------------------------------------------------------------

  async createGroup(body: unknown, base: string): Promise<ScimObject> {
    const fields = groupFromScim(body);
    const group = await this.store.transact(async (tx) => {
      const members = await this.liveMembers(tx, fields.members);
      const now = tx.now.toISOString();
      const created: DirectoryGroup = {
        id: randomUUID(),
        displayName: fields.displayName,
        externalId: fields.externalId,
        attributes: fields.attributes,
        createdAt: now,
        updatedAt: now,
      };
      await tx.directory.insertGroup(created);
      await tx.directory.setMembers(created.id, members);
      await tx.appendAudit({
        type: 'directory.group_created',
        actor: SCIM_ACTOR,
        data: { groupId: created.id, displayName: created.displayName, members },
      });
      return created;
    });
    this.onChange();
    return this.groupView(group, base);
  }

  async getGroup(id: string, base: string): Promise<ScimObject> {
    const group = await this.store.directory.group(id);
    if (!group) throw notFound('Group', id);
    return this.groupView(group, base);
  }

  async listGroups(parameters: ListParameters, base: string): Promise<ScimObject> {
    const page = await this.store.directory.groups(
      groupFilterOf(parameters.filter),
      parameters.startIndex,
      Math.min(parameters.count, MAX_RESULTS),
    );
    const resources = await Promise.all(page.items.map((group) => this.groupView(group, base)));
    return listOf(resources, page.total, parameters.startIndex);
  }

  async replaceGroup(id: string, body: unknown, base: string): Promise<ScimObject> {
    return this.writeGroup(id, () => groupFromScim(body), base);
  }

  async patchGroup(id: string, body: unknown, base: string): Promise<ScimObject> {
    return this.writeGroup(
      id,
      async (current) => {
        const { meta: _meta, ...document } = await this.groupView(current, base);
        return groupFromScim(applyPatch(document, body));
      },
      base,
    );
  }

  async deleteGroup(id: string): Promise<void> {
    await this.store.transact(async (tx) => {
      const group = await tx.directory.group(id);
      if (!group || !(await tx.directory.deleteGroup(id))) throw notFound('Group', id);
      await tx.appendAudit({ type: 'directory.group_deleted', actor: SCIM_ACTOR, data: { groupId: id, displayName: group.displayName } });
    });
    this.onChange();
  }

  private async writeGroup(
    id: string,
    next: (current: DirectoryGroup) => GroupFields | Promise<GroupFields>,
    base: string,
  ): Promise<ScimObject> {
    const group = await this.store.transact(async (tx) => {
      const current = await tx.directory.group(id);
      if (!current) throw notFound('Group', id);
      const fields = await next(current);
      const before = await tx.directory.members(id);
      const members = await this.liveMembers(tx, fields.members);
      const updated: DirectoryGroup = {
        ...current,
        displayName: fields.displayName,
        externalId: fields.externalId,
        attributes: fields.attributes,
        updatedAt: tx.now.toISOString(),
      };
      await tx.directory.updateGroup(updated);
      await tx.directory.setMembers(id, members);
      await tx.appendAudit({
        type: 'directory.group_updated',
        actor: SCIM_ACTOR,
        data: {
          groupId: id,
          displayName: updated.displayName,
          added: members.filter((member) => !before.includes(member)),
          removed: before.filter((member) => !members.includes(member)),
        },
      });
      return updated;
    });
    this.onChange();
    return this.groupView(group, base);
  }

  /** Members must be users the directory holds: a group of unknown ids would prove nothing. */
  private async liveMembers(tx: StoreTx, ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    for (const id of unique) {
      if (!(await tx.directory.user(id))) throw invalidValue(`member ${id} is not a user of this directory; provision the user first`);
    }
    return unique;
  }

  private async groupView(group: DirectoryGroup, base: string): Promise<ScimObject> {
    const ids = await this.store.directory.members(group.id);
    const members = await Promise.all(ids.map(async (id) => ({ id, display: (await this.store.directory.user(id))?.userName })));
    return groupToScim(group, members, base);
  }
}
