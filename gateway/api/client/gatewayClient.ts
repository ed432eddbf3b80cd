/**
 * The client of the gateway's HTTP API (`/api/v1`), shared by the CLI and the VS Code extension.
 * Free of `vscode` imports, so it is tested in Node against a real gateway. It adds the bearer
 * token (asking for a fresh one once when the gateway answers `invalid_token`), applies a
 * deadline to every call, and turns every failure into a {@link GatewayError} with a stable code.
 */
import type {
  ApprovalDecisionRequest,
  ApprovalDetailView,
  ApprovalPageView,
  ApprovalRevokeRequest,
  ApprovalVerdict,
  ErrorResponse,
  GeneratorList,
  GeneratorSummary,
  MeView,
  RunRequest,
  RunStatus,
  RunView,
  SessionDetailView,
  SessionPageView,
} from '../wire.js';
import { FINAL_RUN_STATUSES } from '../wire.js';
import { GatewayError } from './gatewayError.js';
import { readEventStream, type SseParser, type ServerSentEvent } from './sse.js';

/** Supplies the access token; `forceRefresh` after the gateway refused the last one. */
export type TokenSource = (options: { readonly forceRefresh: boolean }) => Promise<string>;

export interface GatewayClientOptions {
  /** Gateway base URL without a trailing slash, e.g. `http://127.0.0.1:8787`. */
  readonly baseUrl: string;
  readonly token: TokenSource;
  /** Deadline of an ordinary call (long-polls add their wait to it). */
  readonly timeoutMs: number;
  readonly userAgent?: string;
  /** For tests that count requests; default the global fetch. */
  readonly fetch?: typeof fetch;
}

/** Filters of GET /api/v1/sessions (all optional). */
export interface SessionQuery {
  /** Another person's subject (auditors only). */
  readonly subject?: string;
  readonly generator?: string;
  readonly decision?: 'allow' | 'deny' | 'approval';
  readonly status?: RunStatus;
  readonly kind?: 'run' | 'proxy';
  /** ISO date or time, inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** Filters of GET /api/v1/approvals. */
export interface ApprovalQuery {
  readonly status?: 'pending' | 'decided' | 'all';
  readonly role?: 'approver' | 'requester' | 'any';
  readonly scope?: 'mine' | 'all';
  readonly limit?: number;
  readonly cursor?: string;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

/** The answer to starting a run: finished (200) or held for approval (202). */
export interface StartedRun {
  readonly run: RunView;
  /** True when the gateway answered 202: the run waits for an approver. */
  readonly pending: boolean;
}

export interface WaitOptions extends RequestOptions {
  /** Called whenever the run's status changes while waiting. */
  readonly onUpdate?: (run: RunView) => void;
  /** Seconds per long-poll request (`?wait=`); default 25. */
  readonly pollSeconds?: number;
}

/** An exported evidence file as the gateway sent it. */
export interface EvidenceDownload {
  readonly body: Uint8Array;
  readonly contentType: string;
  /** From `Content-Disposition`, when the gateway names the file. */
  readonly fileName: string | undefined;
}

type Query = Readonly<Record<string, string | number | undefined>>;

interface CallOptions extends RequestOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly query?: Query;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Added to the deadline (long-polls). */
  readonly extraTimeoutMs?: number;
  /** Statuses that are answers, not errors (besides 2xx). */
  readonly accept?: readonly number[];
}

const FINAL = new Set<RunStatus>(FINAL_RUN_STATUSES);

export function isFinalStatus(status: RunStatus): boolean {
  return FINAL.has(status);
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  return typeof body === 'object' && body !== null && typeof (body as { error?: { code?: unknown } }).error?.code === 'string';
}

/** Network failures as fetch reports them (a TypeError whose cause has a system error code). */
function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class GatewayClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: GatewayClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** GET /api/v1/me: who the gateway says the token belongs to. */
  me(options: RequestOptions = {}): Promise<MeView> {
    return this.json<MeView>('/api/v1/me', options);
  }

  /**
   * GET /api/v1/generators: what the caller may run, with approval needs and input schema;
   * with `includeDenied`, also what the policy refuses (`decision: 'deny'`) and what would
   * let the caller through.
   */
  async generators(options: RequestOptions & { readonly includeDenied?: boolean } = {}): Promise<readonly GeneratorSummary[]> {
    const { includeDenied, ...rest } = options;
    return (await this.json<GeneratorList>('/api/v1/generators', { ...rest, query: { include: includeDenied ? 'denied' : undefined } }))
      .generators;
  }

  /**
   * POST /api/v1/generators/{name}/runs. Resolves with the finished run (200) or the held one
   * (202, `pending`); a refusal (403 `denied_by_policy`), bad input (400) or failed upstream
   * (502/504) rejects with a GatewayError.
   */
  async startRun(generator: string, input: Readonly<Record<string, unknown>>, options: RequestOptions = {}): Promise<StartedRun> {
    const body: RunRequest = { input };
    const { status, body: run } = await this.call<RunView>(`/api/v1/generators/${encodeURIComponent(generator)}/runs`, {
      ...options,
      method: 'POST',
      body,
    });
    return { run, pending: status === 202 || run.status === 'pending_approval' };
  }

  /** GET /api/v1/runs/{id}; with `waitSeconds` the gateway may hold the answer until the status changes. */
  run(runId: string, options: RequestOptions & { readonly waitSeconds?: number } = {}): Promise<RunView> {
    const wait = options.waitSeconds;
    return this.json<RunView>(`/api/v1/runs/${encodeURIComponent(runId)}`, {
      ...options,
      ...(wait === undefined ? {} : { query: { wait }, extraTimeoutMs: wait * 1000 }),
    });
  }

  /**
   * Waits until a run reaches a final status, long-polling `?wait=`. A gateway that answers at
   * once (no long-poll) is polled every 2 s instead. Cancel with `signal`.
   */
  async waitForRun(runId: string, options: WaitOptions = {}): Promise<RunView> {
    let lastStatus: RunStatus | undefined;
    for (;;) {
      const began = Date.now();
      const run = await this.run(runId, { waitSeconds: options.pollSeconds ?? 25, ...(options.signal ? { signal: options.signal } : {}) });
      if (run.status !== lastStatus) {
        lastStatus = run.status;
        options.onUpdate?.(run);
      }
      if (isFinalStatus(run.status)) return run;
      const elapsed = Date.now() - began;
      if (elapsed < 1_500) await sleep(2_000 - elapsed, options.signal);
    }
  }

  /** GET /api/v1/sessions: one page of the caller's history (everyone's for auditors). */
  sessions(query: SessionQuery = {}, options: RequestOptions = {}): Promise<SessionPageView> {
    return this.json<SessionPageView>('/api/v1/sessions', { ...options, query: { ...query } });
  }

  /** GET /api/v1/sessions/{id}: the whole record, masked, with its masking events. */
  session(sessionId: string, options: RequestOptions = {}): Promise<SessionDetailView> {
    return this.json<SessionDetailView>(`/api/v1/sessions/${encodeURIComponent(sessionId)}`, options);
  }

  /**
   * GET /api/v1/approvals: by default the pending approvals the caller may decide or asked for;
   * `decided` or `all` for history, `role` to narrow, `scope: 'all'` for auditors.
   */
  approvals(query: ApprovalQuery = {}, options: RequestOptions = {}): Promise<ApprovalPageView> {
    return this.json<ApprovalPageView>('/api/v1/approvals', { ...options, query: { ...query } });
  }

  /** GET /api/v1/approvals/{id}: one approval in full, with the masked input and what the caller may do. */
  approval(approvalId: string, options: RequestOptions = {}): Promise<ApprovalDetailView> {
    return this.json<ApprovalDetailView>(`/api/v1/approvals/${encodeURIComponent(approvalId)}`, options);
  }

  /**
   * POST /api/v1/approvals/{id}/decision. Refusals come back as GatewayErrors: 403 (own request,
   * not an approver), 409 (already decided, expired).
   */
  decide(approvalId: string, decision: ApprovalVerdict, reason: string, options: RequestOptions = {}): Promise<ApprovalDetailView> {
    const body: ApprovalDecisionRequest = { decision, reason };
    return this.post<ApprovalDetailView>(`/api/v1/approvals/${encodeURIComponent(approvalId)}/decision`, body, options);
  }

  /** POST /api/v1/approvals/{id}/revoke: withdraws the caller's approval before the run executes. */
  revoke(approvalId: string, reason: string, options: RequestOptions = {}): Promise<ApprovalDetailView> {
    const body: ApprovalRevokeRequest = { reason };
    return this.post<ApprovalDetailView>(`/api/v1/approvals/${encodeURIComponent(approvalId)}/revoke`, body, options);
  }

  /**
   * GET /api/v1/events: the live stream (Server-Sent Events) of approval and run changes the
   * caller may see. Ends when the server closes it or `signal` aborts; reconnecting is the
   * caller's business (see liveEvents.ts), with `lastEventId` to resume.
   */
  async *events(
    options: RequestOptions & { readonly lastEventId?: string; readonly onOpen?: () => void; readonly parser?: SseParser } = {},
  ): AsyncGenerator<ServerSentEvent> {
    const response = await this.send('/api/v1/events', {
      ...options,
      headers: { accept: 'text/event-stream', ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}) },
      // The stream stays open: only the connection itself has a deadline.
      extraTimeoutMs: Number.POSITIVE_INFINITY,
    });
    if (!response.body)
      throw new GatewayError(
        'bad_response',
        'The gateway sent an empty event stream.',
        response.status,
        response.headers.get('x-request-id') ?? undefined,
      );
    options.onOpen?.();
    yield* readEventStream(response.body, options.parser);
  }

  /** Any GET of the API returning JSON (for routes added by gateway modules). */
  json<T>(path: string, options: CallOptions = {}): Promise<T> {
    return this.call<T>(path, options).then((answer) => answer.body);
  }

  /** POST a JSON body to the API and read the JSON answer. */
  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.json<T>(path, { ...options, method: 'POST', body });
  }

  /** A GET whose body is a file (evidence bundles). */
  async download(path: string, query: Query, options: RequestOptions = {}): Promise<EvidenceDownload> {
    const response = await this.send(path, { ...options, query, headers: { accept: '*/*' } });
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
    return {
      body: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      fileName: fileName === undefined ? undefined : decodeURIComponent(fileName),
    };
  }

  private async call<T>(path: string, options: CallOptions): Promise<{ status: number; body: T }> {
    const response = await this.send(path, { ...options, headers: { accept: 'application/json', ...options.headers } });
    const requestId = response.headers.get('x-request-id') ?? undefined;
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new GatewayError(
        'bad_response',
        `The gateway answered ${path} with something that is not JSON.`,
        response.status,
        requestId,
        {},
        { cause: error },
      );
    }
    if (typeof body !== 'object' || body === null) {
      throw new GatewayError('bad_response', `The gateway answered ${path} with an unexpected body.`, response.status, requestId);
    }
    return { status: response.status, body: body as T };
  }

  /**
   * One request with the token, a deadline and error mapping; retries once with a fresh token
   * on 401 `invalid_token` (the token may have expired between the check and the call).
   */
  private async send(path: string, options: CallOptions): Promise<Response> {
    let response = await this.attempt(path, options, false);
    if (response.status === 401) {
      await response.body?.cancel();
      response = await this.attempt(path, options, true);
    }
    if (response.ok || options.accept?.includes(response.status)) return response;
    throw await this.errorFrom(response);
  }

  private async attempt(path: string, options: CallOptions, forceRefresh: boolean): Promise<Response> {
    const url = new URL(`${this.options.baseUrl}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    }
    // Sign-in errors (not signed in, session expired) pass through with their own codes and fixes.
    const token = await this.options.token({ forceRefresh });
    const headers = new Headers({ authorization: `Bearer ${token}`, ...options.headers });
    if (this.options.userAgent) headers.set('user-agent', this.options.userAgent);
    if (options.body !== undefined) headers.set('content-type', 'application/json');

    const timeoutMs = this.options.timeoutMs + (options.extraTimeoutMs ?? 0);
    const deadline = Number.isFinite(timeoutMs) ? AbortSignal.timeout(timeoutMs) : undefined;
    // The connection deadline of a stream: abort if no headers arrived in time.
    const connectTimer = Number.isFinite(timeoutMs) ? undefined : new AbortController();
    const connectTimeout = connectTimer
      ? setTimeout(() => connectTimer.abort(new DOMException('connect timeout', 'TimeoutError')), this.options.timeoutMs)
      : undefined;
    const signals = [options.signal, deadline, connectTimer?.signal].filter((signal): signal is AbortSignal => signal !== undefined);
    const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
    try {
      return await this.fetchImpl(url, {
        method: options.method ?? 'GET',
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw new GatewayError('cancelled', 'The request was cancelled.', 0, undefined, {}, { cause: error });
      if (deadline?.aborted || connectTimer?.signal.aborted) {
        throw new GatewayError(
          'timeout',
          `The gateway at ${this.options.baseUrl} did not answer within ${Math.round(this.options.timeoutMs / 1000)} s.`,
          0,
          undefined,
          {},
          { cause: error },
        );
      }
      const code = networkCode(error);
      throw new GatewayError(
        'gateway_unreachable',
        `Cannot reach the gateway at ${this.options.baseUrl}${code ? ` (${code})` : ''}. Is it running (npm start), and is the gateway URL right?`,
        0,
        undefined,
        {},
        { cause: error },
      );
    } finally {
      if (connectTimeout) clearTimeout(connectTimeout);
    }
  }

  private async errorFrom(response: Response): Promise<GatewayError> {
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const retryAfter = Number(response.headers.get('retry-after') ?? '');
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (isErrorResponse(body)) {
      const { code, message, requestId: bodyRequestId, ...details } = body.error;
      return new GatewayError(code, message, response.status, bodyRequestId || requestId, {
        ...details,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfter } : {}),
      });
    }
    return new GatewayError(
      'bad_response',
      `The gateway answered HTTP ${response.status} without an error description.`,
      response.status,
      requestId,
    );
  }
}
