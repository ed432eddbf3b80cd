/**
 * Masks the frames AutoGen Studio streams over a run's WebSocket before they reach the client.
 * `message_chunk` frames carry a model's tokens a few characters at a time: they are joined per
 * source through a text stream, so a CPF split across two frames is still caught; each chunk
 * frame carries what the stream releases, and what it held back goes out in one more chunk
 * frame just before the next frame of another kind (or at the end). Every other frame is JSON
 * masked structurally; a frame that is not JSON is masked as text.
 */
import type { Masker, StreamMasker } from '../masking/index.js';
import type { PendingMaskingEvent } from '../recording/sessionRecorder.js';

interface ChunkFrame {
  readonly type: 'message_chunk';
  readonly data: Record<string, unknown> & { readonly source?: unknown; readonly content?: unknown };
}

function isChunkFrame(frame: unknown): frame is ChunkFrame {
  if (typeof frame !== 'object' || frame === null) return false;
  const { type, data } = frame as { type?: unknown; data?: unknown };
  return (
    type === 'message_chunk' && typeof data === 'object' && data !== null && typeof (data as { content?: unknown }).content === 'string'
  );
}

export interface MaskedFrames {
  /** Frames to send, in order (serialised). */
  readonly frames: string[];
  readonly events: PendingMaskingEvent[];
}

export class StudioFrameMasker {
  private readonly streams = new Map<string, { stream: StreamMasker; template: ChunkFrame }>();
  private sent = 0;

  constructor(private readonly masker: Masker) {}

  /** Masks one frame from the runtime. Throws (MaskingError) when it cannot. */
  frame(raw: string): MaskedFrames {
    const out: MaskedFrames = { frames: [], events: [] };
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      this.flushInto(out);
      const masked = this.masker.maskText(raw);
      this.emit(out, masked.value, masked.events, '');
      return out;
    }
    if (isChunkFrame(frame)) {
      const source = typeof frame.data.source === 'string' ? frame.data.source : '';
      let entry = this.streams.get(source);
      if (!entry) {
        entry = { stream: this.masker.textStream(), template: frame };
        this.streams.set(source, entry);
      }
      const released = entry.stream.push(frame.data.content as string);
      this.emitChunk(out, frame, source, released.value, released.events);
      return out;
    }
    this.flushInto(out);
    const masked = this.masker.maskJson(frame);
    this.emit(out, JSON.stringify(masked.value), masked.events, '');
    return out;
  }

  /** Releases what the chunk streams still hold (the connection is ending). */
  end(): MaskedFrames {
    const out: MaskedFrames = { frames: [], events: [] };
    this.flushInto(out);
    return out;
  }

  private flushInto(out: MaskedFrames): void {
    for (const [source, entry] of this.streams) {
      const tail = entry.stream.end();
      if (tail.value !== '' || tail.events.length > 0) this.emitChunk(out, entry.template, source, tail.value, tail.events);
    }
    this.streams.clear();
  }

  private emitChunk(
    out: MaskedFrames,
    template: ChunkFrame,
    source: string,
    content: string,
    events: ReadonlyArray<PendingMaskingEvent>,
  ): void {
    // Offsets count from the start of that source's joined chunk text.
    const located = events.map((event) => ({ ...event, location: `chunks:${source}:${event.location}` }));
    this.emit(out, JSON.stringify({ ...template, data: { ...template.data, content } }), located, 'chunk');
  }

  private emit(out: MaskedFrames, serialised: string, events: ReadonlyArray<PendingMaskingEvent>, kind: string): void {
    const index = this.sent++;
    out.frames.push(serialised);
    for (const event of events) {
      out.events.push(
        kind === 'chunk' ? event : { ...event, location: `frame:${index}${event.location.startsWith('/') ? '' : ':'}${event.location}` },
      );
    }
  }
}
