/** A minimal AutoGen Studio client for tests: REST session + run, then the run WebSocket. */
import WebSocket from 'ws';

export interface StudioRun {
  readonly sessionId: number;
  readonly runId: number;
}

/** Creates a Studio session and run through `base` (e.g. the gateway's /proxy/autogen). */
export async function createStudioRun(base: string, token: string, userId = 'ignored-by-the-gateway'): Promise<StudioRun> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const session = (await (
    await fetch(`${base}/api/sessions`, { method: 'POST', headers, body: JSON.stringify({ user_id: userId, name: 'test' }) })
  ).json()) as { data: { id: number } };
  const run = (await (
    await fetch(`${base}/api/runs`, { method: 'POST', headers, body: JSON.stringify({ session_id: session.data.id, user_id: userId }) })
  ).json()) as { data: { run_id: number } };
  return { sessionId: session.data.id, runId: run.data.run_id };
}

export interface RunStream {
  readonly frames: Array<Record<string, unknown>>;
  readonly socket: WebSocket;
  /** Resolves with the close code once the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Resolves once a frame matching `predicate` arrived. */
  waitFor(predicate: (frame: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export function openRunSocket(url: string, headers: Record<string, string> = {}): Promise<RunStream> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const frames: Array<Record<string, unknown>> = [];
    const waiters: Array<{ predicate: (frame: Record<string, unknown>) => boolean; resolve: (frame: Record<string, unknown>) => void }> =
      [];
    const closed = new Promise<{ code: number; reason: string }>((resolveClose) =>
      socket.on('close', (code, reason) => resolveClose({ code, reason: reason.toString() })),
    );
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      frames.push(frame);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(frame)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
    socket.once('unexpected-response', (_request, response) =>
      reject(Object.assign(new Error(`upgrade refused: HTTP ${response.statusCode ?? '?'}`), { status: response.statusCode })),
    );
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        frames,
        socket,
        closed,
        waitFor: (predicate, timeoutMs = 10_000) =>
          new Promise((resolveFrame, rejectFrame) => {
            const found = frames.find(predicate);
            if (found) {
              resolveFrame(found);
              return;
            }
            const timer = setTimeout(
              () =>
                rejectFrame(new Error(`no matching frame within ${timeoutMs} ms; got ${frames.map((f) => String(f['type'])).join(', ')}`)),
              timeoutMs,
            );
            waiters.push({ predicate, resolve: (frame) => (clearTimeout(timer), resolveFrame(frame)) });
          }),
      }),
    );
  });
}
