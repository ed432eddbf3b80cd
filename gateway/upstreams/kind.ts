/**
 * What an upstream kind contributes to a `/proxy` call: the routes it serves, the bodies it
 * takes, what the gateway changes in a request before it leaves, what policy learns from it, and
 * what it removes from a response. One module per kind (studio/, openai/, http/).
 */
import type { UpstreamConfig } from '../config/types.js';
import type { InspectedBody } from '../http/requestBody.js';
import type { Identity } from '../identity/types.js';
import type { Masker } from '../masking/index.js';
import type { PendingMaskingEvent } from '../recording/sessionRecorder.js';
import type { RouteMatch } from './routes.js';

export interface KindRequest {
  readonly upstream: UpstreamConfig;
  readonly route: RouteMatch<unknown>;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: InspectedBody;
  readonly identity: Identity;
  /** The upstream's masking profile (undefined: masking off for it). */
  readonly masker: Masker | undefined;
}

export interface KindInspection {
  /** Query to forward. */
  readonly query: URLSearchParams;
  /** Body to forward (re-serialised by the gateway). */
  readonly body: InspectedBody;
  /** Body as recorded (masked), and its masking events. */
  readonly recorded: unknown;
  readonly recordedEvents: readonly PendingMaskingEvent[];
  /** The model the request names (model APIs). */
  readonly model?: string | undefined;
  /** What the request carries that can execute code. */
  readonly codeExecution?: { readonly executesCode: boolean; readonly evidence: readonly string[] } | undefined;
  /** Facts for the audit log (e.g. user ids the gateway replaced). */
  readonly notes: Readonly<Record<string, unknown>>;
  /** The response lists records: rows of others are dropped. */
  readonly filtersRows: boolean;
}

export interface UpstreamKind {
  /** The route `method path` matches, or undefined (404). */
  match(upstream: UpstreamConfig, method: string, path: string): RouteMatch<unknown> | undefined;
  /** Whether text bodies (text/*, XML, forms) are read as text. JSON always is. */
  readonly acceptsText: boolean;
  /** What the routes take, for a 415's message. */
  readonly accepts: string;
  inspect(request: KindRequest): Promise<KindInspection>;
  /** Removes what the caller may not see from a JSON response (before masking). */
  filterJson?(request: KindRequest, value: unknown): unknown;
}

/** Masks a recorded copy of a JSON or text body with the upstream's profile. */
export function maskedCopy(body: InspectedBody, masker: Masker | undefined): { recorded: unknown; events: PendingMaskingEvent[] } {
  const locate = (events: readonly PendingMaskingEvent[]): PendingMaskingEvent[] =>
    events.map((event) => ({ ...event, location: `request${event.location.startsWith('/') ? '' : ':'}${event.location}` }));
  switch (body.kind) {
    case 'none':
      return { recorded: undefined, events: [] };
    case 'raw':
      return { recorded: null, events: [] };
    case 'json': {
      if (!masker) return { recorded: body.value, events: [] };
      const masked = masker.maskJson(body.value);
      return { recorded: masked.value, events: locate(masked.events) };
    }
    case 'text': {
      if (!masker) return { recorded: body.text, events: [] };
      const masked = masker.maskText(body.text);
      return { recorded: masked.value, events: locate(masked.events) };
    }
  }
}
