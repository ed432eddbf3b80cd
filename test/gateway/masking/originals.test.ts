/**
 * Every masking event says where the original value was: `input.slice(offset, offset + length)`
 * is the value that was masked, for text, JSON, text streams and SSE (the body as received),
 * also when normalisation read it through invisible characters or escapes.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { MaskingEvent } from '../../../gateway/masking/index.js';
import { chunksAt, drain, masker } from './fixtures.js';

const m = masker();

function originals(input: string, events: readonly MaskingEvent[]): string[] {
  return events.map((event) => input.slice(event.original.offset, event.original.offset + event.original.length));
}

const TEXT =
  'CONTRATANTE: Maria da Silva Santos, CPF 529.982.247-25, residente na Rua das Flores, 123, apto 4 - Centro.\n' +
  'Contato: (11) 98765-4321 ou maria@exemplo.com; CNPJ 12.ABC.345/01DE-35.\n';

const EXPECTED = [
  'Maria da Silva Santos',
  '529.982.247-25',
  'Rua das Flores, 123, apto 4 - Centro',
  '(11) 98765-4321',
  'maria@exemplo.com',
  '12.ABC.345/01DE-35',
];

describe('masking events: original offset and length', () => {
  it('points at each masked value in a text', () => {
    const masked = m.maskText(TEXT);
    assert.deepEqual(originals(TEXT, masked.events), EXPECTED);
  });

  it('covers the whole original span when the value was read through invisible characters and escapes', () => {
    const input = 'CPF 529.\u200b982.247\u2013&#50;5 e nome Ma\u00adria da Sil\u200dva.';
    const masked = m.maskText(input);
    assert.equal(masked.value, 'CPF [CPF] e nome [NOME].');
    assert.deepEqual(originals(input, masked.events), ['529.\u200b982.247\u2013&#50;5', 'Ma\u00adria da Sil\u200dva']);
  });

  it('points into the original string at the pointer in JSON, and at a masked key', () => {
    const value = { cliente: { nome: 'Ana Souza', obs: 'ligar para (11) 98765-4321 amanhã' }, 'ana@exemplo.com': 1 };
    const masked = m.maskJson(value);
    const at = (event: MaskingEvent): string => {
      if (event.location === '/[EMAIL]') return 'ana@exemplo.com';
      return event.location === '/cliente/nome' ? value.cliente.nome : value.cliente.obs;
    };
    for (const event of masked.events) {
      const source = at(event);
      const original = source.slice(event.original.offset, event.original.offset + event.original.length);
      if (event.detector === 'name') assert.equal(original, 'Ana Souza');
      if (event.detector === 'phone') assert.equal(original, '(11) 98765-4321');
      if (event.detector === 'email') assert.equal(original, 'ana@exemplo.com');
    }
    assert.equal(masked.events.length, 3);
  });

  it('points into the whole stream input for a text stream, however it is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), (cuts) => {
        assert.deepEqual(originals(TEXT, drain(m.textStream(), chunksAt(TEXT, cuts)).events), EXPECTED);
      }),
      { numRuns: 100 },
    );
  });

  it('points into the SSE body as received: JSON deltas with escapes, values split across events, event names and ids', () => {
    const chunk = (content: string, finish: string | null = null): string =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
    const sse =
      'event: cliente José Pereira\nid: ana@exemplo.com\n' +
      chunk('O CPF é 529.982') +
      chunk('.247-25 e o telefone "(11) 98765-4321".', 'stop') +
      'data: plain CPF 111.444.777-35\n\n';
    const out = drain(m.sseStream(), [sse]);
    const found = originals(sse, out.events);
    assert.ok(found.includes('José Pereira'));
    assert.ok(found.includes('ana@exemplo.com'));
    assert.ok(found.includes('111.444.777-35'));
    // JSON.stringify wrote the quotes inside the content as \" : the span is the raw text.
    assert.ok(found.includes('(11) 98765-4321'));
    // A value split across two events spans the framing between its parts.
    const split = found.find((text) => text.startsWith('529.982'));
    assert.ok(split?.endsWith('.247-25'), split);
    assert.match(split ?? '', /529\.982"[^]*"content":"\.247-25$/);
  });

  it('points into the SSE body for values across a run of token events with one envelope, escapes included', () => {
    const chunk = (raw: string): string =>
      `data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${raw}"},"finish_reason":null}]}\n\n`;
    const sse =
      chunk('Resumo: ') +
      chunk('o paciente Jo\\u00e3o ') +
      chunk('Pereira, CPF 529.982') +
      chunk('.247-25, disse \\"liga pro (11) 98765-4321\\" ') +
      chunk('ontem.') +
      'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n';
    const out = drain(m.sseStream(), [sse]);
    const found = originals(sse, out.events);
    assert.ok(
      found.some((text) => text.startsWith('Jo\\u00e3o ') && text.endsWith('Pereira')),
      found.join(' | '),
    );
    assert.ok(
      found.some((text) => text.startsWith('529.982') && text.endsWith('.247-25')),
      found.join(' | '),
    );
    assert.ok(found.includes('(11) 98765-4321'), found.join(' | '));
    assert.doesNotMatch(out.value, /Jo(ã|\\u00e3)o|Pereira|529|98765/);
  });

  it('points into the SSE body for a value written with a JSON escape', () => {
    const sse = 'data: {"choices":[{"index":0,"delta":{"content":"Jo\\u00e3o Pereira chegou."},"finish_reason":"stop"}]}\n\n';
    const out = drain(m.sseStream(), [sse]);
    assert.deepEqual(originals(sse, out.events), ['Jo\\u00e3o Pereira']);
  });
});
