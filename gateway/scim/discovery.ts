/**
 * What the SCIM endpoint says about itself (RFC 7644 §4, RFC 7643 §5–7): the features it
 * supports (PATCH and equality filters; no bulk, sort, ETags or password changes), its two
 * resource types, and their schemas with the attributes the gateway acts on. IdPs read these
 * when a connection is set up.
 */
import { GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA, type ScimObject } from './resources.js';

export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** Largest page a list answers (`count` is capped to it). */
export const MAX_RESULTS = 200;

export function serviceProviderConfig(base: string): ScimObject {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'The token of governance.scim.token (or dataDir/keys/scim.token), sent as Authorization: Bearer.',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypes(base: string): ScimObject[] {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'People who may own generators; deactivating one orphans what they own.',
      schema: USER_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Groups whose members inherit the ownership of generators.',
      schema: GROUP_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}

interface AttributeSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean' | 'complex' | 'reference';
  readonly multiValued?: boolean;
  readonly required?: boolean;
  readonly mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  readonly uniqueness?: 'none' | 'server';
  readonly caseExact?: boolean;
  readonly description: string;
  readonly subAttributes?: readonly AttributeSpec[];
}

function attribute(spec: AttributeSpec): ScimObject {
  return {
    name: spec.name,
    type: spec.type,
    multiValued: spec.multiValued ?? false,
    description: spec.description,
    required: spec.required ?? false,
    caseExact: spec.caseExact ?? false,
    mutability: spec.mutability ?? 'readWrite',
    returned: 'default',
    uniqueness: spec.uniqueness ?? 'none',
    ...(spec.subAttributes ? { subAttributes: spec.subAttributes.map(attribute) } : {}),
  };
}

const USER_ATTRIBUTES: readonly AttributeSpec[] = [
  {
    name: 'userName',
    type: 'string',
    required: true,
    uniqueness: 'server',
    description: 'Unique name of the person; generator owners name people by it.',
  },
  {
    name: 'name',
    type: 'complex',
    description: 'The components of the person’s name.',
    subAttributes: [
      { name: 'formatted', type: 'string', description: 'Full name.' },
      { name: 'familyName', type: 'string', description: 'Family name.' },
      { name: 'givenName', type: 'string', description: 'Given name.' },
    ],
  },
  { name: 'displayName', type: 'string', description: 'Name shown to people.' },
  {
    name: 'emails',
    type: 'complex',
    multiValued: true,
    description: 'E-mail addresses.',
    subAttributes: [
      { name: 'value', type: 'string', description: 'The address.' },
      { name: 'type', type: 'string', description: 'work, home, other.' },
      { name: 'primary', type: 'boolean', description: 'The preferred address.' },
    ],
  },
  { name: 'active', type: 'boolean', description: 'false once the person left: generators they own are orphaned.' },
  {
    name: 'groups',
    type: 'complex',
    multiValued: true,
    mutability: 'readOnly',
    description: 'Groups the person is in (set through /Groups).',
    subAttributes: [
      { name: 'value', type: 'string', mutability: 'readOnly', description: 'Group id.' },
      { name: 'display', type: 'string', mutability: 'readOnly', description: 'Group name.' },
    ],
  },
];

const GROUP_ATTRIBUTES: readonly AttributeSpec[] = [
  { name: 'displayName', type: 'string', required: true, description: 'Group name, as tokens and the policy name it.' },
  {
    name: 'members',
    type: 'complex',
    multiValued: true,
    description: 'Members of the group.',
    subAttributes: [
      { name: 'value', type: 'string', mutability: 'immutable', description: 'User id.' },
      { name: 'display', type: 'string', mutability: 'readOnly', description: 'userName of the member.' },
    ],
  },
];

export function schemas(base: string): ScimObject[] {
  return [
    {
      schemas: [SCHEMA_SCHEMA],
      id: USER_SCHEMA,
      name: 'User',
      description: 'User account',
      attributes: USER_ATTRIBUTES.map(attribute),
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${USER_SCHEMA}` },
    },
    {
      schemas: [SCHEMA_SCHEMA],
      id: GROUP_SCHEMA,
      name: 'Group',
      description: 'Group',
      attributes: GROUP_ATTRIBUTES.map(attribute),
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${GROUP_SCHEMA}` },
    },
  ];
}

/** A ListResponse (RFC 7644 §3.4.2) of everything in one page. */
export function listOf(resources: readonly ScimObject[], total = resources.length, startIndex = 1): ScimObject {
  return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
}
