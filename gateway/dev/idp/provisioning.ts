/**
 * The dev IdP as a SCIM client, the way Entra ID and Okta provision an application: look the
 * person up by userName, create them if the application has never seen them, else PATCH
 * `active`. This is how the gateway hears that an owner left (docs/governance.md).
 */
import type { DevAccount } from '../accounts.js';

/** Where the gateway's SCIM endpoint is, and the bearer token it expects. */
export interface ProvisioningTarget {
  /** The SCIM base URL, e.g. http://127.0.0.1:8787/scim/v2. */
  readonly scimUrl: string;
  readonly token: string;
}

export interface ProvisioningResult {
  /** The gateway's SCIM id of the person. */
  readonly id: string;
  /** `created` (the gateway had no record), `updated`, or `unchanged`. */
  readonly change: 'created' | 'updated' | 'unchanged';
}

const SCIM_JSON = 'application/scim+json';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export class ProvisioningError extends Error {
  override readonly name = 'ProvisioningError';
  readonly code = 'provisioning_failed';
}

async function call(target: ProvisioningTarget, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(`${target.scimUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.token}`, accept: SCIM_JSON, ...(body === undefined ? {} : { 'content-type': SCIM_JSON }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ProvisioningError(`the gateway's SCIM endpoint ${target.scimUrl} cannot be reached: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const text = await response.text();
  const parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  if (!response.ok)
    throw new ProvisioningError(
      `SCIM ${method} ${path} answered ${response.status}: ${typeof parsed['detail'] === 'string' ? parsed['detail'] : text.slice(0, 200)}`,
    );
  return parsed;
}

/** Makes the gateway's record of `account` say `active` (creating the record if needed). */
export async function pushActive(target: ProvisioningTarget, account: DevAccount, active: boolean): Promise<ProvisioningResult> {
  const filter = encodeURIComponent(`userName eq ${JSON.stringify(account.username)}`);
  const found = await call(target, 'GET', `/Users?filter=${filter}`);
  const existing = Array.isArray(found['Resources']) ? (found['Resources'][0] as Record<string, unknown> | undefined) : undefined;
  if (!existing) {
    const created = await call(target, 'POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: account.username,
      externalId: account.username,
      displayName: account.name,
      name: { formatted: account.name },
      ...(account.email ? { emails: [{ value: account.email, type: 'work', primary: true }] } : {}),
      active,
    });
    return { id: String(created['id']), change: 'created' };
  }
  const id = String(existing['id']);
  if (existing['active'] === active) return { id, change: 'unchanged' };
  await call(target, 'PATCH', `/Users/${encodeURIComponent(id)}`, {
    schemas: [PATCH_SCHEMA],
    Operations: [{ op: 'replace', path: 'active', value: active }],
  });
  return { id, change: 'updated' };
}
