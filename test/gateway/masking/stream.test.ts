/** Text and Server-Sent-Events streams: values split across chunks and events are still masked. */
import { strict as assert } from 'node:assert';
import type { MaskingEvent } from '../../../gateway/masking/index.js';
import { chunksAt, drain, masker } from './fixtures.js';

const m = masker();

function assertOffsets(output: string, events: readonly MaskingEvent[]): void {
  for (const event of events) {
    const at = Number(/^offset:(\d+)$/.exec(event.location)?.[1]);
    assert.equal(output.slice(at, at + event.replacement.length), event.replacement, `event at ${event.location}`);
  }
}

describe('text stream', () => {
  const input =
    'Contrato\nCONTRATANTE: Maria da Silva Santos, CPF 529.982.247-25, residente na Rua das Flores, 123, apto 4, Centro.\nContato: (11) 98765-4321 ou maria@exemplo.com.\n';

  it('masks values split across chunks exactly as the whole text', () => {
    const whole = m.maskText(input);
    const pieces = [
      'Contrato\nCONTRATANTE: Ma',
      'ria da Sil',
      'va Santos, CPF 529.98',
      '2.247-25, residente na Rua das Fl',
      'ores, 123, apto 4, Centro.\nContato: (11) 9876',
      '5-4321 ou maria@exem',
      'plo.com.\n',
    ];
    const streamed = drain(m.textStream(), pieces);
    assert.equal(streamed.value, whole.value);
    assert.deepEqual(streamed.events, whole.events);
    assert.doesNotMatch(streamed.value, /Maria|529|Flores|98765|exemplo/);
  });

  it('releases text as soon as nothing in it can still change', () => {
    const stream = m.textStream();
    const first = stream.push('O pedido chegou ontem à tarde e foi entregue ');
    assert.equal(first.value, 'O pedido chegou ontem à tarde e foi ');
    const held = stream.push('para João');
    assert.equal(held.value, 'entregue para ');
    assert.equal(stream.push(' Pereira.').value + stream.end().value, '[NOME].');
  });

  it('reports offsets into the masked output', () => {
    const streamed = drain(m.textStream(), [...input]);
    assert.ok(streamed.events.length >= 5);
    assertOffsets(streamed.value, streamed.events);
  });
});

describe('text stream: the same as the whole text at every cut', () => {
  const redact = masker({
    name: 'redact',
    birth_date: 'redact',
    cpf: 'redact',
    address: 'redact',
    phone: 'redact',
    cep: 'redact',
    email: 'redact',
  });
  /** Masks `input` whole, in chunks of 1 to 11 characters and cut once at every position: all give `expected`. */
  const everyCut = (input: string, expected: string): void => {
    assert.equal(redact.maskText(input).value, expected);
    for (let size = 1; size <= 11; size++) {
      const chunks = Array.from({ length: Math.ceil(input.length / size) }, (_, k) => input.slice(k * size, (k + 1) * size));
      assert.equal(drain(redact.textStream(), chunks).value, expected, `chunks of ${size}`);
    }
    for (let cut = 1; cut < input.length; cut++)
      assert.equal(drain(redact.textStream(), chunksAt(input, [cut])).value, expected, `cut at ${cut}`);
  };

  it('masks a long date whole when a comma follows its year (the day was released before the year arrived)', () => {
    everyCut(
      'Réu: motoboy, nascido em 02 de março de 2001, natural de Goianésia-GO',
      'Réu: motoboy, nascido em [DATA_NASCIMENTO], natural de Goianésia-GO',
    );
  });

  it('masks a name in capitals opened by a rare first word before `, brasileiro`, in a stream and whole alike', () => {
    everyCut('DECLARANTES:\n\nTEKÃ NAWAXI YAWANAWÁ, brasileiro, professor', 'DECLARANTES:\n\n[NOME], brasileiro, professor');
  });

  it('reads the next name of a list after a name the previous window ended with', () => {
    everyCut('Testemunhas: Heitor Vasconcelos, Xauã Tupinambá, Kauê Aroeira', 'Testemunhas: [NOME], [NOME], [NOME]');
  });

  it('waits for an RTF control word cut in two before deciding on its field', () => {
    everyCut('{\\info{\\author Ana Lima}{\\operator crschiavon}}', '{\\info{\\author [NOME]}{\\operator [NOME]}}');
  });

  it("decides a letterhead's contact line the same wherever the stream is cut", () => {
    everyCut(
      'ESTADO DE GOIÁS — DEPARTAMENTO ESTADUAL DE TRÂNSITO — DETRAN-GO\nAv. Atílio Correia Lima, 1223, Cidade Jardim, Goiânia/GO — CEP 74425-030\n\nCondutor: Rua das Flores, 12, Goiânia/GO — CEP 74000-000',
      'ESTADO DE GOIÁS — DEPARTAMENTO ESTADUAL DE TRÂNSITO — DETRAN-GO\nAv. Atílio Correia Lima, 1223, Cidade Jardim, Goiânia/GO — CEP 74425-030\n\nCondutor: [ENDERECO]',
    );
  });
});

describe('SSE stream', () => {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'demo', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const contentOf = (sse: string): string =>
    sse
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
      .join('');

  it('masks a name and a CPF split across OpenAI chat-completion chunks', () => {
    const parts = ['O cliente é Mar', 'ia da Sil', 'va, CPF 529.982', '.247-25. Ligue (11) 9', '8765-4321.'];
    const sse = [
      chunk({ role: 'assistant', content: '' }),
      ...parts.map((content) => chunk({ content })),
      chunk({}, 'stop'),
      'data: [DONE]\n\n',
    ].join('');
    const out = drain(m.sseStream(), [sse]);
    assert.equal(contentOf(out.value), m.maskText(parts.join('')).value);
    assert.equal(contentOf(out.value), 'O cliente é [NOME], CPF [CPF]. Ligue [TELEFONE].');
    assert.doesNotMatch(out.value, /Maria|Silva|529|98765/);
    assert.match(out.value, /data: \[DONE\]\n\n$/);
    assertOffsets(out.value, out.events);
  });

  it('gives the same output however the bytes are chunked', () => {
    const sse = [
      chunk({ content: 'Sr. João Pe' }),
      chunk({ content: 'reira, nascido em 01/02/19' }),
      chunk({ content: '80.' }),
      chunk({}, 'stop'),
    ].join('');
    const whole = drain(m.sseStream(), [sse]);
    for (const size of [1, 3, 7, 50]) {
      const pieces: string[] = [];
      for (let i = 0; i < sse.length; i += size) pieces.push(sse.slice(i, i + size));
      assert.equal(drain(m.sseStream(), pieces).value, whole.value);
    }
    assert.equal(contentOf(whole.value), 'Sr. [NOME], nascido em [DATA_NASCIMENTO].');
  });

  it('releases held-back text before a stream that ends without a finish event', () => {
    const out = drain(m.sseStream(), [chunk({ content: 'Att., Ana Beatriz Souza' })]);
    assert.equal(contentOf(out.value), 'Att., [NOME]');
  });

  it('masks Anthropic content blocks and keeps a comment as an empty keep-alive, ids and event names', () => {
    const block = (text: string): string =>
      `event: content_block_delta\nid: 7\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })}\n\n`;
    const sse = `: keep-alive\n\n${block('Paciente: Kauane ')}${block('Xyz, CPF 52998224725')}event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n`;
    const out = drain(m.sseStream(), [sse]).value;
    assert.match(out, /^:\n\n/);
    assert.match(out, /event: content_block_delta\nid: 7\n/);
    const text = out
      .split('\n')
      .filter((line) => line.startsWith('data: {"type":"content_block_delta"'))
      .map((line) => (JSON.parse(line.slice(6)) as { delta: { text: string } }).delta.text)
      .join('');
    assert.equal(text, 'Paciente: [NOME], CPF [CPF]');
  });

  it('repeats the envelope of the last event on the one that releases held-back text, however envelopes alternate', () => {
    const event = (id: string, content: string): string =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    // An envelope with personal data in it (masked on every event) between runs of a clean one.
    const sse = [
      event('c1', 'Pedido aprovado. '),
      event('c1', 'Cliente: '),
      event('req-529.982.247-25', 'Ana '),
      event('c1', 'Beatriz '),
      event('c1', 'Souza'),
    ].join('');
    const out = drain(m.sseStream(), [sse]);
    const ids = out.value
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { id: string }).id);
    assert.equal(ids.at(-1), 'c1');
    assert.ok(ids.includes('req-[CPF]'), ids.join(' '));
    assert.doesNotMatch(out.value, /529|Ana|Beatriz|Souza/);
    assert.equal(contentOf(out.value), 'Pedido aprovado. Cliente: [NOME]');
    assertOffsets(out.value, out.events);
  });

  it('masks other JSON events structurally and plain data as text', () => {
    const sse = 'event: result\ndata: {"nome":"Ana Souza","ok":true}\n\ndata: Cliente Ana Souza\n\n';
    const out = drain(m.sseStream(), [sse]);
    assert.match(out.value, /^event: result\ndata: \{"nome":"\[NOME\]","ok":true\}\n\n/);
    const plain = out.value
      .split('\n')
      .filter((line) => line.startsWith('data: ') && !line.startsWith('data: {'))
      .map((line) => line.slice(6))
      .join('');
    assert.equal(plain, 'Cliente [NOME]');
    assertOffsets(out.value, out.events);
  });
});
