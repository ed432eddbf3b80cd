/**
 * The webview's end of the protocol (protocol.ts): `ready` once listening, typed requests that
 * resolve with the host's response, and typed notification handlers. The only channel to the
 * extension: the webview has no network access (CSP `connect-src 'none'`) and no token.
 */
import {
  isHostToWebview,
  PROTOCOL_VERSION,
  type NotificationMethod,
  type NotificationParams,
  type PanelProtocol,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
  type WebviewToHost,
} from '../protocol.js';

/** The API VS Code injects into webviews (`acquireVsCodeApi`, callable once per document). */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): unknown;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** A failed request, with the host's error code (e.g. `denied_by_policy`, `not_signed_in`). */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class HostConnection<P extends PanelProtocol> {
  private readonly api: VsCodeApi;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: RequestError) => void }>();
  private readonly handlers = new Map<string, Array<(params: unknown) => void>>();

  constructor(api: VsCodeApi = acquireVsCodeApi()) {
    this.api = api;
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  /** Tells the host we listen; call once the handlers are registered. */
  ready(): void {
    this.post({ kind: 'ready', protocol: PROTOCOL_VERSION });
  }

  request<M extends RequestMethod<P>>(method: M, params: RequestParams<P, M>): Promise<RequestResult<P, M>> {
    const id = this.nextId++;
    return new Promise<RequestResult<P, M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.post({ kind: 'request', id, method, params });
    });
  }

  onNotification<M extends NotificationMethod<P>>(method: M, handler: (params: NotificationParams<P, M>) => void): void {
    const list = this.handlers.get(method) ?? [];
    list.push(handler as (params: unknown) => void);
    this.handlers.set(method, list);
  }

  /** Webview state VS Code keeps while the panel lives (and across reloads with a serializer). */
  getState<T>(): T | undefined {
    return (this.api.getState() as T | undefined) ?? undefined;
  }

  setState<T>(state: T): void {
    this.api.setState(state);
  }

  private post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  private receive(data: unknown): void {
    if (!isHostToWebview(data)) return;
    if (data.kind === 'response') {
      const pending = this.pending.get(data.id);
      if (!pending) return;
      this.pending.delete(data.id);
      if (data.ok) pending.resolve(data.result);
      else pending.reject(new RequestError(data.error.code, data.error.message));
      return;
    }
    for (const handler of this.handlers.get(data.method) ?? []) handler(data.params);
  }
}
