import assert from 'node:assert/strict';
import { readEventStream, SseParser } from '../../../../gateway/api/client/sse.js';

describe('SSE parser', () => {
  it('parses events, ids, comments and retry', () => {
    const parser = new SseParser();
    const events = parser.push(
      'retry: 3000\n: comment\n\nid: e-1\nevent: run.updated\ndata: {"a":1}\n\nevent: x\ndata: line1\ndata: line2\n\n',
    );
    assert.equal(parser.retryMs, 3000);
    assert.deepEqual(events, [
      { type: 'run.updated', data: '{"a":1}', lastEventId: 'e-1' },
      { type: 'x', data: 'line1\nline2', lastEventId: 'e-1' },
    ]);
  });

  it('puts lines split across chunks back together, CRLF split included', () => {
    const text = 'id: 7\r\nevent: approval.updated\r\ndata: {"approvalId":"a"}\r\n\r\ndata: tail\r\n\r\n';
    for (let size = 1; size <= 7; size++) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      assert.deepEqual(
        events,
        [
          { type: 'approval.updated', data: '{"approvalId":"a"}', lastEventId: '7' },
          { type: 'message', data: 'tail', lastEventId: '7' },
        ],
        `chunks of ${size}`,
      );
    }
  });

  it('ignores events without data and unknown fields', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('event: ping\n\nfoo: bar\ndata\n\n'), [{ type: 'message', data: '', lastEventId: '' }]);
  });

  it('reads a byte stream with multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: relatório ✓\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readEventStream(body)) events.push(event);
    assert.deepEqual(events, [{ type: 'message', data: 'relatório ✓', lastEventId: '' }]);
  });
});
