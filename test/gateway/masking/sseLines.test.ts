/** SSE: no line kind passes unexamined, and a value split across data lines or events is caught. */
import { strict as assert } from 'node:assert';
import type { StreamMasker } from '../../../gateway/masking/index.js';
import { masker } from './fixtures.js';

const m = masker();

function run(stream: StreamMasker, input: string, size = input.length): string {
  let out = '';
  for (let i = 0; i < input.length; i += size) out += stream.push(input.slice(i, i + size)).value;
  return out + stream.end().value;
}

/**
 * The lines a client acts on: every non-data line, and the data as one text (plain data is one
 * stream across events, released when nothing in it can change, so events may come out empty).
 */
function read(sse: string): { lines: string[]; data: string } {
  const lines: string[] = [];
  const data: string[] = [];
  for (const event of sse.split('\n\n')) {
    const parts = event.split('\n').filter((line) => line !== '');
    const payload = parts.filter((line) => line.startsWith('data:')).map((line) => line.slice(6));
    lines.push(...parts.filter((line) => !line.startsWith('data:')));
    if (payload.length > 0) data.push(payload.join('\n'));
  }
  return { lines, data: data.join('') };
}

describe('SSE line kinds', () => {
  it('masks event names and ids as text, empties comments and drops fields no client reads', () => {
    const input = ': keep-alive for Maria da Silva\nevent: cpf-529.982.247-25\nid: ana@exemplo.com\nx-trace: (11) 98765-4321\ndata: ok\n\n';
    for (const size of [input.length, 1, 5]) {
      const out = read(run(m.sseStream(), input, size));
      assert.deepEqual(out, { lines: [':', 'event: cpf-[CPF]', 'id: [EMAIL]'], data: 'ok' });
    }
  });

  it('lets no CPF through comments that split it', () => {
    const out = run(m.sseStream(), ': 529.982\n: .247-25\n\ndata: ok\n\n');
    assert.doesNotMatch(out, /529|247/);
    assert.match(out, /^:\n/);
  });

  it('keeps a retry that is a plausible delay and drops any other retry', () => {
    const out = run(m.sseStream(), 'retry: 3000\nretry: 529.982.247-25\nretry: 52998224725\ndata: ok\n\n');
    assert.deepEqual(read(out), { lines: ['retry: 3000'], data: 'ok' });
  });

  it('repeats the masked event name on the event that releases held-back text', () => {
    const delta = (text: string): string =>
      `event: pedido de Maria da Silva\ndata: ${JSON.stringify({ type: 'response.output_text.delta', delta: text })}\n\n`;
    const out = run(m.sseStream(), `${delta('CPF 529.98')}${delta('2.247-25')}`);
    assert.doesNotMatch(out, /Maria|529|247/);
  });

  it('catches a number broken over two data lines of one event, and keeps other line breaks', () => {
    const out = run(m.sseStream(), 'data: CPF 529.982\ndata: .247-25 e\ndata: Maria da Silva\n\n');
    assert.doesNotMatch(out, /529|982|247|Maria/);
    assert.equal(read(out).data, 'CPF [CPF] e\n[NOME]');
  });

  it('gives back the line break between digit lines when they are no value', () => {
    const out = run(m.sseStream(), 'data: pedido 2024\ndata: 1234 entregue\n\n');
    assert.equal(read(out).data, 'pedido 2024\n1234 entregue');
  });

  it('catches a value split across plain events', () => {
    const out = run(m.sseStream(), 'data: CPF 529.98\n\ndata: 2.247-25 fim\n\n');
    assert.doesNotMatch(out, /529|247/);
    assert.match(out, /\[CPF\]/);
  });

  it('masks a JSON event written over several data lines structurally', () => {
    const out = run(m.sseStream(), 'data: {"nome":\ndata: "Maria da Silva", "cpf":\ndata: "529.982.247-25"}\n\n');
    assert.equal(out, 'data: {"nome":"[NOME]","cpf":"[CPF]"}\n\n');
  });
});
