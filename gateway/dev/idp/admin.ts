/**
 * The dev IdP's admin page (`/admin`) and its offboard action: deactivate an account in the dev
 * IdP (no more sign-ins, refresh tokens or sessions for it) and push the change to the gateway
 * over SCIM, as a company's IdP does when someone leaves; reactivate undoes both. The page posts
 * a form that carries a per-process token (another site cannot forge it); the CLI
 * (`autogen-gate dev-offboard`) sends the admin secret of `<dataDir>/dev-idp/admin.secret`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../observability/logger.js';
import type { DevAccount } from '../accounts.js';
import type { DevAccountState } from './accountState.js';
import { writeSecretFileOnce } from './keys.js';
import { pushActive, type ProvisioningTarget } from './provisioning.js';
import { adminPage, type RenderedPage } from './views.js';

export const ADMIN_SECRET_FILE = 'admin.secret';
const MAX_BODY_BYTES = 16 * 1024;

export interface OffboardResult {
  readonly user: string;
  readonly active: boolean;
  /** The dev IdP's own state changed (false when it already was so). */
  readonly changed: boolean;
  readonly directory:
    | { readonly pushed: true; readonly id: string; readonly change: 'created' | 'updated' | 'unchanged' }
    | { readonly pushed: false; readonly error: string };
}

export interface AdminDependencies {
  readonly accounts: readonly DevAccount[];
  readonly state: DevAccountState;
  readonly adminSecret: string;
  /** Where the gateway's SCIM endpoint is, when there is one (read when an action runs). */
  readonly provisioning: () => ProvisioningTarget | undefined;
  readonly logger: Logger | undefined;
}

/** The admin secret the CLI sends: generated once under the dev IdP's state folder. */
export function loadAdminSecret(stateDir: string): string {
  const path = join(stateDir, ADMIN_SECRET_FILE);
  writeSecretFileOnce(path, `${randomBytes(32).toString('base64url')}\n`);
  return readFileSync(path, 'utf8').trim();
}

export function readAdminSecret(stateDir: string): string | undefined {
  try {
    return readFileSync(join(stateDir, ADMIN_SECRET_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function isAdminPath(pathname: string): boolean {
  return pathname === '/admin' || pathname === '/admin/offboard';
}

function same(a: string, b: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Deactivates (or reactivates) an account in the dev IdP and tells the gateway over SCIM. */
export async function setAccountActive(deps: AdminDependencies, username: string, active: boolean): Promise<OffboardResult> {
  const account = deps.accounts.find((candidate) => candidate.username === username && candidate.kind === 'person');
  if (!account)
    throw new AdminRequestError(
      404,
      `no person account ${username}; people are ${deps.accounts
        .filter((a) => a.kind === 'person')
        .map((a) => a.username)
        .join(', ')}`,
    );
  const changed = deps.state.set(username, active, new Date());
  deps.logger?.info({ user: username, active, changed }, active ? 'dev IdP account reactivated' : 'dev IdP account offboarded');
  const target = deps.provisioning();
  if (!target)
    return {
      user: username,
      active,
      changed,
      directory: { pushed: false, error: 'the gateway serves no SCIM endpoint (governance.scim), so it was not told' },
    };
  try {
    const pushed = await pushActive(target, account, active);
    return { user: username, active, changed, directory: { pushed: true, ...pushed } };
  } catch (error) {
    deps.logger?.warn({ user: username, err: error }, 'dev IdP could not push the change to the gateway');
    return { user: username, active, changed, directory: { pushed: false, error: (error as Error).message } };
  }
}

class AdminRequestError extends Error {
  override readonly name = 'AdminRequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AdminRequestError(413, 'the request is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, rendered: RenderedPage): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': rendered.csp,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  });
  res.end(rendered.html);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(`${JSON.stringify(body)}\n`);
}

export function createAdminHandler(deps: AdminDependencies): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  // Only a page this process rendered knows it: a form from another site cannot carry it.
  const formToken = randomBytes(24).toString('base64url');
  const people = (): Array<{ account: DevAccount; deactivatedAt: string | undefined }> =>
    deps.accounts
      .filter((account) => account.kind === 'person')
      .map((account) => ({ account, deactivatedAt: deps.state.deactivatedAt(account.username) }));

  return async (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    try {
      if (pathname === '/admin' && (req.method === 'GET' || req.method === 'HEAD')) {
        send(res, 200, adminPage({ people: people(), formToken, result: undefined, scim: deps.provisioning()?.scimUrl }));
        return;
      }
      if (pathname !== '/admin/offboard' || req.method !== 'POST')
        throw new AdminRequestError(405, 'use GET /admin, or POST /admin/offboard');
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      const body = await readBody(req);
      if (type === 'application/json') {
        if (bearer === undefined || !same(bearer, deps.adminSecret))
          throw new AdminRequestError(401, `send the admin secret of dev-idp/${ADMIN_SECRET_FILE} as a bearer token`);
        const request = JSON.parse(body) as { user?: unknown; active?: unknown };
        if (typeof request.user !== 'string') throw new AdminRequestError(400, 'give { "user": NAME, "active": false }');
        sendJson(res, 200, await setAccountActive(deps, request.user, request.active === true));
        return;
      }
      if (type !== 'application/x-www-form-urlencoded')
        throw new AdminRequestError(415, 'post the admin form, or JSON with the admin secret');
      const form = new URLSearchParams(body);
      if (!same(form.get('token') ?? '', formToken))
        throw new AdminRequestError(403, 'this form is stale or came from elsewhere; reload /admin');
      const result = await setAccountActive(deps, form.get('user') ?? '', form.get('action') === 'reactivate');
      send(res, 200, adminPage({ people: people(), formToken, result, scim: deps.provisioning()?.scimUrl }));
    } catch (error) {
      const status = error instanceof AdminRequestError ? error.status : error instanceof SyntaxError ? 400 : 500;
      const message =
        error instanceof AdminRequestError || error instanceof SyntaxError ? error.message : 'the admin action failed; see the log';
      if (status === 500) deps.logger?.error({ err: error }, 'dev IdP admin action failed');
      sendJson(res, status, { error: message });
    }
  };
}
