/**
 * A Server-Sent Events parser (WHATWG HTML §9.2.6, "Interpreting an event stream") that takes
 * the stream in arbitrary chunks: a line, a field or a multi-byte character split across chunks
 * is put back together. `EventSource` cannot send an `Authorization` header, so the gateway
 * client reads `/api/v1/events` with `fetch` and feeds the body through this.
 */

export interface ServerSentEvent {
  /** `event:` field; "message" when absent. */
  readonly type: string;
  /** `data:` lines joined with "\n". */
  readonly data: string;
  /** The last `id:` seen (it persists across events, as the spec says). */
  readonly lastEventId: string;
}

export class SseParser {
  private buffer = '';
  private eventType = '';
  private data: string[] = [];
  private hasData = false;
  private lastEventId = '';
  private sawCarriageReturn = false;
  /** Reconnection time the server asked for (`retry:`), in ms. */
  retryMs: number | undefined;

  /** Feeds decoded text; returns the events completed by it. */
  push(text: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let start = 0;
    let chunk = text;
    // A CRLF split across chunks: the LF that starts this chunk ends nothing.
    if (this.sawCarriageReturn && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.sawCarriageReturn = false;
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i];
      if (char !== '\n' && char !== '\r') continue;
      const line = this.buffer + chunk.slice(start, i);
      this.buffer = '';
      if (char === '\r') {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === '\n') i++;
        } else {
          this.sawCarriageReturn = true;
        }
      }
      start = i + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer += chunk.slice(start);
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // comment (keep-alive)
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const type = this.eventType || 'message';
    this.eventType = '';
    if (!this.hasData) return undefined;
    const event: ServerSentEvent = { type, data: this.data.join('\n'), lastEventId: this.lastEventId };
    this.data = [];
    this.hasData = false;
    return event;
  }

  /** The id to send as `Last-Event-ID` when reconnecting. */
  get lastId(): string {
    return this.lastEventId;
  }
}

/** Reads an SSE body to the end (or until `signal` aborts), yielding events as they complete. */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
  parser: SseParser = new SseParser(),
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}
