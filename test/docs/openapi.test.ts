/**
 * Keeps docs/openapi.yaml true to the running gateway: every documented operation is served
 * (never the "nothing is served here" fallback), answers with a status the document lists,
 * and every JSON body it answers validates against the documented schema. Each request body
 * example is valid against its own schema.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { useHarness } from '../support/gatewayHarness.js';

interface MediaType {
  readonly schema?: unknown;
  readonly example?: unknown;
}
interface ResponseObject {
  readonly $ref?: string;
  readonly content?: Record<string, MediaType>;
}
interface Operation {
  readonly responses: Record<string, ResponseObject>;
  readonly requestBody?: { readonly $ref?: string; readonly content?: Record<string, MediaType> };
}
interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: Record<string, Record<string, unknown>>;
}

const DOC_ID = 'https://autogen-gate.local/openapi.json';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const document = parse(readFileSync('docs/openapi.yaml', 'utf8')) as OpenApiDocument;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, DOC_ID);

/** JSON Pointer escaping of one path segment (RFC 6901). */
function pointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function resolveRef<T>(ref: string): { value: T; pointer: string } {
  assert.ok(ref.startsWith('#/'), `only local references: ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    assert.ok(node !== null && typeof node === 'object' && key in node, `${ref} does not resolve`);
    node = (node as Record<string, unknown>)[key];
  }
  return { value: node as T, pointer: ref.slice(1) };
}

function operations(): { path: string; method: (typeof METHODS)[number]; op: Operation; pointer: string }[] {
  const out = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (op) out.push({ path, method, op, pointer: `/paths/${pointerSegment(path)}/${method}` });
    }
  }
  return out;
}

/** Validates `body` against the JSON schema of the documented response for `status`. */
function assertBodyMatches(pointer: string, op: Operation, status: string, body: unknown): void {
  let response = op.responses[status] ?? op.responses['default'];
  let responsePointer = `${pointer}/responses/${status in op.responses ? status : 'default'}`;
  assert.ok(response, `${pointer}: status ${status} is not documented`);
  if (response.$ref) {
    const resolved = resolveRef<ResponseObject>(response.$ref);
    response = resolved.value;
    responsePointer = resolved.pointer;
  }
  if (!response.content?.['application/json']?.schema) return;
  const validate = ajv.compile({ $ref: `${DOC_ID}#${responsePointer}/content/application~1json/schema` });
  assert.ok(validate(body), `${pointer} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 600)}`);
}

/** The operation's JSON request body (resolving a shared one), if it takes one. */
function requestBodyOf(op: Operation, pointer: string): { media: MediaType; pointer: string } | undefined {
  if (!op.requestBody) return undefined;
  const { value, pointer: bodyPointer } = op.requestBody.$ref
    ? resolveRef<{ content?: Record<string, MediaType> }>(op.requestBody.$ref)
    : { value: op.requestBody, pointer: `${pointer}/requestBody` };
  const media = value.content?.['application/json'];
  return media ? { media, pointer: `${bodyPointer}/content/application~1json` } : undefined;
}

/** Ids of the run the walk creates, so later operations address real records. */
interface WalkIds {
  runId?: string;
  sessionId?: string;
  approvalId?: string;
}

/** Who calls each operation, with what: chosen so that most answer 2xx. */
function requestFor(path: string, method: string, op: Operation, pointer: string, ids: WalkIds): { url: string; user: string | undefined; body?: string } {
  const user = path.startsWith('/api/v1/generators/') ? 'bruno' : path.startsWith('/proxy') ? 'ana' : path.startsWith('/api/v1') ? 'carla' : undefined;
  const url = path
    .replace('{name}', 'customer-report')
    .replace('{upstream}', 'autogen')
    .replace('{path}', 'api/version')
    .replace('{runId}', ids.runId ?? 'no-such-run')
    .replace('{sessionId}', ids.sessionId ?? 'no-such-session')
    .replace('{approvalId}', ids.approvalId ?? 'no-such-approval');
  if (method === 'get' || method === 'delete') return { url: path === '/api/v1/evidence' ? `${url}?from=2026-01-01T00:00:00Z&to=2099-01-01T00:00:00Z` : url, user };
  const example = requestBodyOf(op, pointer)?.media.example;
  return { url, user, body: JSON.stringify(example ?? {}) };
}

describe('docs/openapi.yaml', function () {
  this.timeout(60_000);
  const harness = useHarness();

  it('is OpenAPI 3.1 whose references all resolve', () => {
    assert.match(document.openapi, /^3\.1\./);
    const refs = [...readFileSync('docs/openapi.yaml', 'utf8').matchAll(/\$ref:\s*'?([^'\s}]+)'?/g)].map((m) => m[1] ?? '');
    assert.ok(refs.length > 20);
    for (const ref of new Set(refs)) resolveRef(ref);
  });

  it('gives request body examples that validate against their schemas', () => {
    let examples = 0;
    for (const { path, method, op, pointer } of operations()) {
      const body = requestBodyOf(op, pointer);
      if (!body) continue;
      assert.ok(body.media.example !== undefined, `${method.toUpperCase()} ${path} has no request example`);
      const validate = ajv.compile({ $ref: `${DOC_ID}#${body.pointer}/schema` });
      assert.ok(validate(body.media.example), `${method.toUpperCase()} ${path} example: ${ajv.errorsText(validate.errors)}`);
      examples++;
    }
    assert.ok(examples >= 4);
  });

  it('documents only operations the gateway serves, with the statuses and bodies it answers', async () => {
    const checked: string[] = [];
    const ids: WalkIds = {};
    for (const { path, method, op, pointer } of operations()) {
      if (path.includes('/api/ws/')) continue; // a WebSocket upgrade: test/e2e/autogenProtocols.test.ts
      const request = requestFor(path, method, op, pointer, ids);
      const controller = new AbortController();
      const response = await harness().call(request.url, {
        method: method.toUpperCase(),
        user: request.user,
        signal: controller.signal,
        ...(request.body !== undefined ? { body: request.body } : {}),
        ...(path === '/api/v1/generators/{name}/runs' ? { body: JSON.stringify({ input: { month: 'novembro de 2026' } }) } : {}),
      });
      const status = String(response.status);
      const label = `${method.toUpperCase()} ${path} → ${status}`;
      assert.ok(status in op.responses || 'default' in op.responses, `${label}: status not documented`);
      const type = response.headers.get('content-type') ?? '';
      if (type.startsWith('text/event-stream')) {
        controller.abort();
      } else if (type.startsWith('application/json')) {
        const body: unknown = await response.json();
        const message = (body as { error?: { message?: string } }).error?.message ?? '';
        assert.ok(!message.startsWith('Nothing is served at'), `${label}: the gateway does not serve it`);
        assertBodyMatches(pointer, op, status, body);
        if (path === '/api/v1/generators/{name}/runs') {
          const run = body as { runId: string; approvalId?: string; links: { session: string } };
          Object.assign(ids, { runId: run.runId, approvalId: run.approvalId, sessionId: run.links.session.split('/').pop() });
        }
      } else {
        await response.arrayBuffer();
      }
      checked.push(label);
    }
    assert.ok(checked.length >= 25, checked.join('\n'));
    // Most operations must have answered with success, so their bodies were checked too.
    assert.ok(checked.filter((label) => /→ 2\d\d$/.test(label)).length >= 20, checked.join('\n'));
  });
});
