/**
 * One webview alone in headless Chromium: the document the panel would set (webviewHtml, with
 * its strict CSP) served over loopback HTTP with the real bundle from dist/webview, and a fake
 * `acquireVsCodeApi` that records what the webview posts and delivers what the "host" sends.
 * Content-Security-Policy violations and page errors are collected: a test fails on any.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { webviewHtml } from '../../extension/src/panels/webviewHtml.js';
import type { WebviewName } from '../../webview-ui/src/protocol.js';
import { strict as assert } from 'node:assert';
import { closeBrowser, fakeVsCodeApi, launchBrowser, newPage, type FakeVsCodeApi } from '../support/browser.js';
import { ensureBundles } from '../extension/support/vsix.js';

const DIST = resolve('dist/webview');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export interface WebviewPage {
  readonly page: Page;
  readonly api: FakeVsCodeApi;
  /** Waits for the webview to post a request of `method`; returns it. */
  request(method: string, timeoutMs?: number): Promise<{ id: number; method: string; params: Record<string, unknown> }>;
  /** Answers a request as the host would. */
  respond(id: number, result: unknown): Promise<void>;
  fail(id: number, code: string, message: string): Promise<void>;
  notify(method: string, params: unknown): Promise<void>;
  /** CSP violations and uncaught errors seen so far. */
  problems(): Promise<string[]>;
  /** Requests of `method` posted so far. */
  requests(method: string): Promise<Array<{ id: number; params: Record<string, unknown> }>>;
}

interface Request {
  readonly kind: 'request';
  readonly id: number;
  readonly method: string;
  readonly params: Record<string, unknown>;
}

function isRequest(message: unknown, method: string): message is Request {
  return (
    typeof message === 'object' && message !== null && (message as Request).kind === 'request' && (message as Request).method === method
  );
}

/** Serves dist/webview and one document per webview name (`/<name>.html`). */
async function startWebviewServer(): Promise<{ origin: string; close(): Promise<void> }> {
  ensureBundles();
  if (!existsSync(join(DIST, 'approvals.js'))) throw new Error('dist/webview is not built: run npm run build (or node scripts/bundle.mjs)');
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const page = /^\/(\w+)\.html$/.exec(path);
    if (page?.[1]) {
      const name = page[1];
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        webviewHtml({
          cspSource: origin,
          scriptUri: `${origin}/dist/webview/${name}.js`,
          styleUri: `${origin}/dist/webview/${name}.css`,
          title: name,
          name,
        }),
      );
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end(); // Chromium asks; VS Code's webview host answers it
      return;
    }
    const file = normalize(join(resolve('.'), path));
    if (!path.startsWith('/dist/webview/') || !file.startsWith(DIST) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** Opens one webview; with `clock`, the page's time is frozen there. */
async function openWebview(
  browser: Browser,
  origin: string,
  name: WebviewName,
  options: { readonly state?: unknown; readonly clock?: Date } = {},
): Promise<WebviewPage> {
  const page = await newPage(browser, { viewport: { width: 1100, height: 800 } });
  if (options.clock) {
    // Frozen at `clock`: time moves only when the test says (page.clock.runFor).
    await page.clock.install({ time: new Date(options.clock.getTime() - 1_000) });
    await page.clock.pauseAt(options.clock);
  }
  const api = await fakeVsCodeApi(page, options.state);
  await page.addInitScript(() => {
    const target = globalThis as unknown as {
      __problems: string[];
      document: { addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void };
    };
    target.__problems = [];
    target.document.addEventListener('securitypolicyviolation', (event) =>
      target.__problems.push(`CSP ${event.violatedDirective} blocked ${event.blockedURI}`),
    );
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  const handedOut = new Map<string, number>();
  await page.goto(`${origin}/${name}.html`);
  await api.waitForPosted((message) => typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'ready');
  return {
    page,
    api,
    request: async (method, timeoutMs) => {
      // The next one not yet handed out: tests take requests in the order they are made.
      const found = await api.waitForPosted(
        (message) => isRequest(message, method) && message.id > (handedOut.get(method) ?? 0),
        timeoutMs,
      );
      const request = found as Request;
      handedOut.set(method, request.id);
      return request;
    },
    respond: (id, result) => api.send({ kind: 'response', id, ok: true, result }),
    fail: (id, code, message) => api.send({ kind: 'response', id, ok: false, error: { code, message } }),
    notify: (method, params) => api.send({ kind: 'notification', method, params }),
    problems: async () => [...errors, ...(await page.evaluate(() => (globalThis as unknown as { __problems: string[] }).__problems))],
    requests: async (method) =>
      (await api.posted())
        .filter((message): message is Request => isRequest(message, method))
        .map((message) => ({ id: message.id, params: message.params })),
  };
}

export const SIGNED_IN = {
  status: 'signedIn',
  subject: 'carla',
  label: 'carla',
  name: 'Carla Mendes',
  groups: ['privacy-office'],
  auditor: true,
} as const;
export const SIGNED_OUT = {
  status: 'signedOut',
  subject: undefined,
  label: undefined,
  name: undefined,
  groups: [],
  auditor: false,
} as const;

export const BRUNO = {
  subject: 'bruno',
  issuerId: 'dev',
  kind: 'person',
  name: 'Bruno Lima',
  email: 'bruno@autogen-gate.dev',
  groups: ['developers', 'data-engineers'],
} as const;
export const CARLA = {
  subject: 'carla',
  issuerId: 'dev',
  kind: 'person',
  name: 'Carla Mendes',
  email: 'carla@autogen-gate.dev',
  groups: ['privacy-office'],
} as const;

/** What `useWebview` gives a suite: the page of the running test, and a way to open another. */
export interface WebviewSuite {
  /** The webview opened for the current test. */
  readonly view: WebviewPage;
  /** Opens the same webview again (e.g. to restore saved state); the test closes it. */
  reopen(options?: { readonly state?: unknown }): Promise<WebviewPage>;
}

/**
 * Registers the suite's hooks: one static server and one Chromium for the suite, a fresh page of
 * webview `name` for each test, and after each test, no CSP violation or script error.
 */
export function useWebview(name: WebviewName, options: { readonly clock?: Date } = {}): WebviewSuite {
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof startWebviewServer>> | undefined;
  let current: WebviewPage | undefined;
  const open = (state?: unknown): Promise<WebviewPage> => {
    if (!browser || !server) throw new Error('useWebview: the suite has not started');
    return openWebview(browser, server.origin, name, { ...options, ...(state !== undefined ? { state } : {}) });
  };
  before(async () => {
    server = await startWebviewServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await closeBrowser(browser);
    await server?.close();
  });
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    if (!current) return;
    assert.deepEqual(await current.problems(), [], 'no CSP violation or script error');
    await current.page.context().close();
  });
  return {
    get view(): WebviewPage {
      if (!current) throw new Error('useWebview: no test is running');
      return current;
    },
    reopen: (reopenOptions = {}) => open(reopenOptions.state),
  };
}
