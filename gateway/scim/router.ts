/**
 * `/scim/v2`: the SCIM 2.0 service provider (RFC 7644) the company's IdP provisions people and
 * groups to, and pushes deactivations through. Bearer auth with the SCIM token (compared in
 * constant time), bodies read strictly (JSON, `application/scim+json` or `application/json`),
 * answers in `application/scim+json`, errors in SCIM's error schema.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { GateError } from '../errors.js';
import { strictJsonBody } from '../http/jsonBody.js';
import type { Logger } from '../observability/logger.js';
import { StoreError } from '../store/types.js';
import { listOf, resourceTypes, schemas, serviceProviderConfig } from './discovery.js';
import { ScimError } from './errors.js';
import type { ListParameters, ScimProvisioning } from './provisioning.js';
import { project, type ScimObject } from './resources.js';

export const SCIM_PATH = '/scim/v2';
const MEDIA_TYPE = 'application/scim+json';

export interface ScimRouterOptions {
  readonly provisioning: ScimProvisioning;
  readonly token: string;
  /** The gateway's public URL (locations in answers). */
  readonly publicUrl: () => string;
  readonly bodyLimitBytes: number;
  readonly logger: Logger;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function integer(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^-?[0-9]{1,9}$/.test(value)) throw new ScimError(400, `${name} must be an integer`, 'invalidValue');
  return Math.max(min, Number(value));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function listParameters(req: Request): ListParameters {
  return {
    filter: text(req.query['filter']),
    startIndex: integer(req.query['startIndex'], 'startIndex', 1, 1),
    count: integer(req.query['count'], 'count', 100, 0),
  };
}

function send(res: Response, status: number, body: ScimObject | undefined, req?: Request): void {
  res.status(status).type(MEDIA_TYPE);
  if (body === undefined) {
    res.end();
    return;
  }
  const shaped = req ? project(body, text(req.query['attributes']), text(req.query['excludedAttributes'])) : body;
  res.send(`${JSON.stringify(shaped)}\n`);
}

export function scimRouter(options: ScimRouterOptions): Router {
  const router = express.Router();
  const expected = digest(options.token);
  const base = (): string => `${options.publicUrl()}${SCIM_PATH}`;
  const { provisioning } = options;

  router.use((req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1] ?? ''), expected)) {
      options.logger.warn(
        { requestId: req.requestId, path: req.path.slice(0, 100), ip: req.ip },
        'SCIM request refused: bad or missing token',
      );
      next(new ScimError(401, 'a valid bearer token is required (governance.scim.token)'));
      return;
    }
    next();
  });
  router.use(strictJsonBody(options.bodyLimitBytes));

  router.get('/ServiceProviderConfig', (_req, res) => send(res, 200, serviceProviderConfig(base())));
  router.get('/ResourceTypes', (_req, res) => send(res, 200, listOf(resourceTypes(base()))));
  router.get('/ResourceTypes/:id', (req, res) => {
    const found = resourceTypes(base()).find((type) => type['id'] === req.params['id']);
    if (!found) throw new ScimError(404, `resource type ${String(req.params['id'])} not found`);
    send(res, 200, found);
  });
  router.get('/Schemas', (_req, res) => send(res, 200, listOf(schemas(base()))));
  router.get('/Schemas/:id', (req, res) => {
    const found = schemas(base()).find((schema) => schema['id'] === req.params['id']);
    if (!found) throw new ScimError(404, `schema ${String(req.params['id'])} not found`);
    send(res, 200, found);
  });

  router.post('/Users', async (req, res) => {
    const created = await provisioning.createUser(req.body as unknown, base());
    res.setHeader('location', String((created['meta'] as ScimObject)['location']));
    send(res, 201, created);
  });
  router.get('/Users', async (req, res) => send(res, 200, await provisioning.listUsers(listParameters(req), base())));
  router.get('/Users/:id', async (req, res) => send(res, 200, await provisioning.getUser(String(req.params['id']), base()), req));
  router.put('/Users/:id', async (req, res) =>
    send(res, 200, await provisioning.replaceUser(String(req.params['id']), req.body as unknown, base()), req),
  );
  router.patch('/Users/:id', async (req, res) =>
    send(res, 200, await provisioning.patchUser(String(req.params['id']), req.body as unknown, base()), req),
  );
  router.delete('/Users/:id', async (req, res) => {
    await provisioning.deleteUser(String(req.params['id']));
    send(res, 204, undefined);
  });

  router.post('/Groups', async (req, res) => {
    const created = await provisioning.createGroup(req.body as unknown, base());
    res.setHeader('location', String((created['meta'] as ScimObject)['location']));
    send(res, 201, created);
  });
  router.get('/Groups', async (req, res) => send(res, 200, await provisioning.listGroups(listParameters(req), base())));
  router.get('/Groups/:id', async (req, res) => send(res, 200, await provisioning.getGroup(String(req.params['id']), base()), req));
  router.put('/Groups/:id', async (req, res) =>
    send(res, 200, await provisioning.replaceGroup(String(req.params['id']), req.body as unknown, base()), req),
  );
  router.patch('/Groups/:id', async (req, res) =>
    send(res, 200, await provisioning.patchGroup(String(req.params['id']), req.body as unknown, base()), req),
  );
  router.delete('/Groups/:id', async (req, res) => {
    await provisioning.deleteGroup(String(req.params['id']));
    send(res, 204, undefined);
  });

  router.use((req, _res, next) => next(new ScimError(404, `nothing is served at ${req.method} ${SCIM_PATH}${req.path.slice(0, 100)}`)));
  router.use(scimErrorHandler(options.logger));
  return router;
}

/** SCIM clients read errors in SCIM's schema, so this router answers its own (the gateway's handler speaks another). */
function scimErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let failure: ScimError;
    if (error instanceof ScimError) failure = error;
    else if (error instanceof GateError && error.status < 500)
      failure = new ScimError(error.status, error.message, error.status === 400 ? 'invalidSyntax' : undefined);
    else {
      logger.error({ requestId: req.requestId, err: error }, 'SCIM request failed');
      const unavailable = error instanceof StoreError || (error instanceof GateError && error.code === 'store_unavailable');
      failure = new ScimError(unavailable ? 503 : 500, unavailable ? 'the directory cannot be written right now; retry' : 'internal error');
    }
    if (failure.status === 401) res.setHeader('www-authenticate', 'Bearer realm="scim"');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    send(res, failure.status, failure.toJSON());
  };
}
