/**
 * SCIM User and Group resources (RFC 7643 §4) to and from the directory's records. What an IdP
 * sends is read leniently where the big IdPs differ from the letter of the RFC (Entra ID writes
 * booleans as "True"/"False" and attribute names in any case) and strictly where it matters
 * (userName and displayName present, members that exist). A password is never kept: the gateway
 * does not authenticate anyone with it.
 */
import type { DirectoryGroup, DirectoryUser } from '../directory/types.js';
import { invalidValue, ScimError } from './errors.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type ScimObject = Record<string, unknown>;

/** Attributes the gateway keeps as fields (or ignores); the rest are stored as sent. */
const USER_FIELDS = ['schemas', 'id', 'meta', 'groups', 'password', 'username', 'externalid', 'active', 'displayname'];
const GROUP_FIELDS = ['schemas', 'id', 'meta', 'members', 'displayname', 'externalid'];

export interface UserFields {
  readonly userName: string;
  readonly externalId: string | undefined;
  readonly displayName: string | undefined;
  readonly active: boolean;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface GroupFields {
  readonly displayName: string;
  readonly externalId: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Member user ids, as sent. */
  readonly members: readonly string[];
}

export function isObject(value: unknown): value is ScimObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of `name` in `object`, compared case-insensitively (RFC 7643 §2.1). */
export function field(object: ScimObject, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function optionalString(object: ScimObject, name: string): string | undefined {
  const value = field(object, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidValue(`${name} must be a string`);
  return value;
}

/** Entra ID sends `"active": "False"`: a boolean written as text still means the boolean. */
function booleanOf(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalidValue(`${name} must be true or false`);
}

function schemasOf(object: ScimObject, core: string): void {
  const schemas = field(object, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((schema) => typeof schema === 'string' && schema.toLowerCase() === core.toLowerCase()))
    throw new ScimError(400, `the resource must list "${core}" in schemas`, 'invalidSyntax');
}

function rest(object: ScimObject, known: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !known.includes(key.toLowerCase())));
}

export function userFromScim(body: unknown): UserFields {
  if (!isObject(body)) throw new ScimError(400, 'the body must be a SCIM User object', 'invalidSyntax');
  schemasOf(body, USER_SCHEMA);
  const userName = optionalString(body, 'userName');
  if (userName === undefined || userName.trim() === '') throw invalidValue('userName is required');
  return {
    userName,
    externalId: optionalString(body, 'externalId'),
    displayName: optionalString(body, 'displayName'),
    active: booleanOf(field(body, 'active'), 'active', true),
    attributes: rest(body, USER_FIELDS),
  };
}

export function groupFromScim(body: unknown): GroupFields {
  if (!isObject(body)) throw new ScimError(400, 'the body must be a SCIM Group object', 'invalidSyntax');
  schemasOf(body, GROUP_SCHEMA);
  const displayName = optionalString(body, 'displayName');
  if (displayName === undefined || displayName.trim() === '') throw invalidValue('displayName is required');
  const members = field(body, 'members') ?? [];
  if (!Array.isArray(members)) throw invalidValue('members must be a list of { "value": USER_ID }');
  return {
    displayName,
    externalId: optionalString(body, 'externalId'),
    attributes: rest(body, GROUP_FIELDS),
    members: members.map((member) => {
      const value = isObject(member) ? field(member, 'value') : undefined;
      if (typeof value !== 'string' || value === '') throw invalidValue('each member must be { "value": USER_ID }');
      return value;
    }),
  };
}

function meta(resourceType: 'User' | 'Group', base: string, record: { id: string; createdAt: string; updatedAt: string }): ScimObject {
  return {
    resourceType,
    created: record.createdAt,
    lastModified: record.updatedAt,
    location: `${base}/${resourceType}s/${record.id}`,
  };
}

/** The SCIM form of a user, with the groups it is in; `base` is the SCIM base URL. */
export function userToScim(user: DirectoryUser, groups: readonly DirectoryGroup[], base: string): ScimObject {
  const extensions = Object.keys(user.attributes).filter((key) => key.startsWith('urn:'));
  return {
    schemas: [USER_SCHEMA, ...extensions],
    id: user.id,
    ...(user.externalId === undefined ? {} : { externalId: user.externalId }),
    userName: user.userName,
    ...(user.displayName === undefined ? {} : { displayName: user.displayName }),
    active: user.active,
    ...user.attributes,
    groups: groups.map((group) => ({ value: group.id, display: group.displayName, $ref: `${base}/Groups/${group.id}` })),
    meta: meta('User', base, user),
  };
}

/** The SCIM form of a group; `members` pairs each id with its userName. */
export function groupToScim(
  group: DirectoryGroup,
  members: ReadonlyArray<{ readonly id: string; readonly display: string | undefined }>,
  base: string,
): ScimObject {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId === undefined ? {} : { externalId: group.externalId }),
    displayName: group.displayName,
    ...group.attributes,
    members: members.map((member) => ({
      value: member.id,
      ...(member.display === undefined ? {} : { display: member.display }),
      $ref: `${base}/Users/${member.id}`,
    })),
    meta: meta('Group', base, group),
  };
}

/** `attributes` / `excludedAttributes` (RFC 7644 §3.9), top level: keeps what is asked, always id and schemas. */
export function project(resource: ScimObject, attributes: string | undefined, excluded: string | undefined): ScimObject {
  const names = (list: string | undefined): string[] | undefined =>
    list
      ?.split(',')
      .map((name) => name.trim().toLowerCase().split('.')[0] ?? '')
      .filter((name) => name !== '')
      .map((name) => name.replace(/^urn:.*:/, ''));
  const keep = names(attributes);
  const drop = names(excluded);
  return Object.fromEntries(
    Object.entries(resource).filter(([key]) => {
      const lower = key.toLowerCase();
      if (lower === 'id' || lower === 'schemas') return true;
      if (keep !== undefined) return keep.includes(lower);
      return drop === undefined || !drop.includes(lower);
    }),
  );
}
