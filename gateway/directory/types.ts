/**
 * The company directory as the IdP provisions it over SCIM (gateway/scim/): people and groups,
 * whether each person is still active, and who is in which group. Governance reads it to know
 * whether a generator's owner left. Deleted users stay as tombstones (invisible to SCIM, which
 * must answer 404 for them), so "deleted by the IdP" is told apart from "never provisioned".
 */

export interface DirectoryUser {
  /** The gateway's id (SCIM `id`). */
  readonly id: string;
  readonly userName: string;
  /** The IdP's own id for the user (SCIM `externalId`). */
  readonly externalId: string | undefined;
  readonly displayName: string | undefined;
  readonly active: boolean;
  /** The stored SCIM attributes beyond the indexed ones (name, emails, …), without `groups` and `meta`. */
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set when the IdP deleted the user; such a record is a tombstone. */
  readonly deletedAt: string | undefined;
}

export interface DirectoryGroup {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type NewDirectoryUser = Omit<DirectoryUser, 'deletedAt'>;
export type NewDirectoryGroup = DirectoryGroup;

/** Equality filters the store answers (SCIM `attr eq "value"`, joined by `and`). userName and displayName compare case-insensitively. */
export interface UserFilter {
  readonly id?: string;
  readonly userName?: string;
  readonly externalId?: string;
  readonly active?: boolean;
}

export interface GroupFilter {
  readonly id?: string;
  readonly displayName?: string;
  readonly externalId?: string;
  /** Groups that have this user as a member. */
  readonly member?: string;
}

export interface Page<T> {
  readonly total: number;
  readonly items: readonly T[];
}

/** What a group's owner status needs: does it exist, and how many active people are in it. */
export interface GroupStanding {
  readonly exists: boolean;
  readonly activeMembers: number;
}

export interface DirectoryReader {
  /** A live user (tombstones are not found). */
  user(id: string): Promise<DirectoryUser | undefined>;
  /** Live users matching every given field, in creation order; `startIndex` is 1-based (SCIM). */
  users(filter: UserFilter, startIndex: number, count: number): Promise<Page<DirectoryUser>>;
  /** Every record, tombstones included, whose userName or externalId is one of these (case-insensitive userName). */
  usersNamed(names: readonly string[]): Promise<readonly DirectoryUser[]>;
  group(id: string): Promise<DirectoryGroup | undefined>;
  groups(filter: GroupFilter, startIndex: number, count: number): Promise<Page<DirectoryGroup>>;
  /** Member user ids of a group, in the order they were added. */
  members(groupId: string): Promise<readonly string[]>;
  /** The groups a user is in (SCIM's read-only `groups` attribute). */
  groupsOf(userId: string): Promise<readonly DirectoryGroup[]>;
  /** Whether a group of this displayName exists, and its active members. */
  groupStanding(displayName: string): Promise<GroupStanding>;
}

export interface DirectoryRepository extends DirectoryReader {
  insertUser(user: NewDirectoryUser): Promise<void>;
  /** Replaces a live user's fields; false when there is no such live user. */
  updateUser(user: NewDirectoryUser): Promise<boolean>;
  /** Turns a live user into a tombstone and takes it out of every group; false when there is none. */
  deleteUser(id: string, at: string): Promise<boolean>;
  insertGroup(group: NewDirectoryGroup): Promise<void>;
  updateGroup(group: NewDirectoryGroup): Promise<boolean>;
  deleteGroup(id: string): Promise<boolean>;
  /** Sets a group's members to exactly these (live) user ids. */
  setMembers(groupId: string, userIds: readonly string[]): Promise<void>;
}
