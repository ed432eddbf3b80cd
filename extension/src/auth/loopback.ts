/**
 * The loopback redirect of a native app's sign-in (RFC 8252 §7.3): an HTTP listener on
 * 127.0.0.1 and a port the OS picks, that waits for the one redirect carrying our `state`,
 * answers the browser with a small page, and closes. Free of `vscode` imports.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { ExtensionError } from '../common/errors.js';
import { escapeHtml } from '../../../gateway/html.js';

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/callback`. */
  readonly redirectUri: string;
  readonly port: number;
  /**
   * Resolves with the query of the redirect that carried `state` (an OAuth error in it included:
   * the caller interprets it). Rejects when `signal` aborts or after the timeout.
   */
  waitForRedirect(signal?: AbortSignal): Promise<URLSearchParams>;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  /** The `state` of the authorization request; redirects without it are answered 400 and ignored. */
  readonly state: string;
  /** Default 5 minutes: enough to type a password and approve. */
  readonly timeoutMs?: number;
  /** Default `/callback`. */
  readonly path?: string;
}

/** A self-contained page (no scripts, styles under a nonce) for the browser tab. */
function callbackPage(title: string, message: string, ok: boolean): { html: string; csp: string } {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · AutoGen Gate</title>
<style nonce="${nonce}">
:root { color-scheme: light dark; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 34rem; margin: 4rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; color: ${ok ? 'inherit' : '#c62828'}; }
</style>
</head>
<body data-result="${ok ? 'signed-in' : 'failed'}">
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
</main>
</body>
</html>
`;
  return { html, csp: `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'` };
}

function send(res: ServerResponse, status: number, page: { html: string; csp: string }): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': page.csp,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(page.html);
}

/** Starts the listener. Close it in a `finally`: it holds a port. */
export async function startLoopbackRedirect(options: LoopbackOptions): Promise<LoopbackRedirect> {
  const path = options.path ?? '/callback';
  let settle: { resolve: (query: URLSearchParams) => void; reject: (error: unknown) => void } | undefined;
  let received: URLSearchParams | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== path) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    if (url.searchParams.get('state') !== options.state) {
      // A stale tab of an earlier attempt, or a forged request: not ours to act on.
      send(res, 400, callbackPage('This sign-in link has expired', 'Start the sign-in again from VS Code.', false));
      return;
    }
    if (received) {
      send(res, 200, callbackPage('Already signed in', 'You can close this tab and return to VS Code.', true));
      return;
    }
    received = url.searchParams;
    const error = url.searchParams.get('error');
    if (error) {
      const description = url.searchParams.get('error_description') ?? error;
      send(res, 200, callbackPage('Sign-in did not complete', `${description}. You can close this tab and try again from VS Code.`, false));
    } else {
      send(res, 200, callbackPage('You are signed in to AutoGen Gate', 'You can close this tab and return to VS Code.', true));
    }
    settle?.resolve(url.searchParams);
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new ExtensionError(
          'loopback_failed',
          `Cannot listen on 127.0.0.1 for the sign-in redirect: ${error.message}. Sign in with a device code instead.`,
          [],
          { cause: error },
        ),
      ),
    );
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;

  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    port,
    waitForRedirect(signal) {
      if (received) return Promise.resolve(received);
      return new Promise<URLSearchParams>((resolve, reject) => {
        const timeoutMs = options.timeoutMs ?? 5 * 60_000;
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(new ExtensionError('sign_in_failed', `The sign-in did not finish within ${Math.round(timeoutMs / 60_000)} minutes.`)),
            ),
          timeoutMs,
        );
        const onAbort = (): void => finish(() => reject(new ExtensionError('sign_in_cancelled', 'Sign-in cancelled.')));
        const finish = (action: () => void): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          settle = undefined;
          action();
        };
        if (signal?.aborted) {
          onAbort();
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        settle = { resolve: (query) => finish(() => resolve(query)), reject: (error) => finish(() => reject(error)) };
      });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
