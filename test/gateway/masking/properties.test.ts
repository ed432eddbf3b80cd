/**
 * Properties over generated documents (fast-check): no valid CPF or CNPJ survives, masking is
 * idempotent, chunking never changes the output (text and SSE), and JSON keeps its shape.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { chunksAt, cnpj, cpf, formatCnpj, formatCpf, masker } from './fixtures.js';

const m = masker();

const digit = fc.integer({ min: 0, max: 9 });
const cpfValue = fc
  .array(digit, { minLength: 9, maxLength: 9 })
  .filter((base) => new Set(base).size > 1)
  .map((base) => cpf(base));
const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const cnpjValue = fc.oneof(
  fc
    .array(digit, { minLength: 12, maxLength: 12 })
    .filter((base) => new Set(base).size > 1)
    .map((base) => cnpj(base.join(''))),
  fc
    .array(alnum, { minLength: 12, maxLength: 12 })
    .filter((base) => new Set(base).size > 1)
    .map((base) => cnpj(base.join(''))),
);
const cpfText = fc.tuple(cpfValue, fc.boolean()).map(([value, formatted]) => ({ value, text: formatted ? formatCpf(value) : value }));
const cnpjText = fc.tuple(cnpjValue, fc.boolean()).map(([value, formatted]) => ({ value, text: formatted ? formatCnpj(value) : value }));

const filler = fc.constantFrom(
  'O cliente',
  'informou',
  'CPF',
  'CNPJ',
  'da empresa',
  'no dia 12/03/2024,',
  'pedido 88451',
  '—',
  'R$ 1.234,56',
  'versão 2.3.1',
  '\n',
  ',',
  ':',
  '(',
  ')',
  '"',
  'nome:',
  'email =',
  'Rua',
  'São Paulo/SP',
);
const personal = fc.oneof(
  cpfText.map((v) => v.text),
  cnpjText.map((v) => v.text),
  fc.constantFrom(
    'Maria da Silva',
    'JOÃO DOS SANTOS',
    'Ana Beatriz Souza',
    'Sr. Xavier',
    'Rua das Flores, 123, apto 4 - Centro',
    'Av. Paulista, 1578',
    '(11) 98765-4321',
    '+55 21 2345-6789',
    'ana.souza@exemplo.com',
    'CEP 01310-100',
    '4111 1111 1111 1111',
    '192.168.10.20',
    'nascida em 03/07/1988',
    'RG 12.345.678-9',
  ),
);
const documentArb = fc
  .array(fc.oneof({ weight: 3, arbitrary: filler }, { weight: 2, arbitrary: personal }), { minLength: 1, maxLength: 30 })
  .chain((parts) =>
    fc
      .array(fc.constantFrom(' ', ' ', '  ', '\n', ', ', '; '), { minLength: parts.length, maxLength: parts.length })
      .map((seps) => parts.map((part, i) => part + (seps[i] ?? ' ')).join('')),
  );

const digitsOnly = (text: string): string => text.replace(/[^0-9A-Z]/g, '');

describe('masking properties', function () {
  this.timeout(120_000);

  it('lets no valid CPF or CNPJ through, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(cpfText, cnpjText), { minLength: 1, maxLength: 5 }), documentArb, (values, context) => {
        const input = values.map((v) => `${context} ${v.text} ${context}`).join(' ');
        const out = m.maskText(input).value;
        for (const v of values) {
          assert.ok(!out.includes(v.text), `${v.text} survived`);
          assert.ok(
            !digitsOnly(out.replace(/\s+/g, '')).includes(v.value) ||
              digitsOnly(input).split(v.value).length > values.filter((w) => w.value === v.value).length + 1,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: masking masked text changes nothing (synthetic fakes look real and are masked again)', () => {
    for (const strategy of ['redact', 'partial', 'pseudonym'] as const) {
      const mk = masker(
        Object.fromEntries(
          [
            'cpf',
            'cnpj',
            'name',
            'address',
            'phone',
            'email',
            'cep',
            'credit_card',
            'ip',
            'birth_date',
            'rg',
            'pis',
            'cnh',
            'cns',
            'titulo_eleitor',
          ].map((id) => [id, strategy]),
        ),
      );
      fc.assert(
        fc.property(documentArb, (doc) => {
          const once = mk.maskText(doc).value;
          assert.equal(mk.maskText(once).value, once);
        }),
        { numRuns: 150 },
      );
    }
  });

  it('gives the same text output and events for any chunking', () => {
    fc.assert(
      fc.property(documentArb, fc.array(fc.nat(), { maxLength: 8 }), (doc, cuts) => {
        const whole = m.maskText(doc);
        const points = [...new Set(cuts.map((c) => c % (doc.length + 1)))].sort((a, b) => a - b);
        const stream = m.textStream();
        let out = '';
        const events = [];
        let last = 0;
        for (const point of [...points, doc.length]) {
          const r = stream.push(doc.slice(last, point));
          out += r.value;
          events.push(...r.events);
          last = point;
        }
        const tail = stream.end();
        out += tail.value;
        events.push(...tail.events);
        assert.equal(out, whole.value);
        assert.deepEqual(events, whole.events);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same SSE output for any chunking of the bytes and any split of the content into events', () => {
    fc.assert(
      fc.property(documentArb, fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), (doc, contentCuts, byteCuts) => {
        const parts = chunksAt(doc, contentCuts);
        const sse =
          parts
            .map(
              (content) =>
                `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`,
            )
            .join('') +
          `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;
        const single = m.sseStream();
        const whole = single.push(sse).value + single.end().value;
        const content = whole
          .split('\n')
          .filter((line) => line.startsWith('data: {'))
          .map((line) => (JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
          .join('');
        assert.equal(content, m.maskText(doc).value);
        const bytes = [...new Set(byteCuts.map((c) => c % (sse.length + 1)))].sort((a, b) => a - b);
        const stream = m.sseStream();
        let out = '';
        let from = 0;
        for (const point of [...bytes, sse.length]) {
          out += stream.push(sse.slice(from, point)).value;
          from = point;
        }
        out += stream.end().value;
        assert.equal(out, whole);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps JSON valid and its shape: keys, order, array lengths, types', () => {
    const sensitive = fc.constantFrom('nome', 'cpf', 'email', 'telefone', 'endereco', 'dataNascimento', 'obs', 'id', 'itens');
    const leaf = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      personal,
      cpfValue.map(Number),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(sensitive, fc.string({ maxLength: 6 })), tie('node'), { maxKeys: 5 }),
      ),
    })).node;
    const shape = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(shape);
      if (value !== null && typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([, v]) => shape(v));
      return typeof value === 'number' || typeof value === 'string' ? 'scalar' : value;
    };
    fc.assert(
      fc.property(tree, (value) => {
        const masked = m.maskJson(value).value;
        const roundTrip: unknown = JSON.parse(JSON.stringify(masked));
        assert.deepEqual(shape(roundTrip), shape(JSON.parse(JSON.stringify(value))));
        if (value !== null && typeof value === 'object' && !Array.isArray(value))
          assert.equal(Object.keys(masked as object).length, Object.keys(value).length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('masking: a document a record layout cut in two (a property run counterexample)', () => {
  it('masks a valid CNPJ standing across the fields inferred for rows of other widths', () => {
    const rows = [
      'JOÃO DOS SANTOS Rua   00000000000191 53691755356 —, CPF',
      'JOÃO DOS SANTOS Rua   53691755356 —, CPF',
      'JOÃO DOS SANTOS Rua   00000000191 53691755356 —, CPF',
    ].join('\n');
    const out = m.maskText(rows).value;
    assert.ok(!out.includes('00000000000191'), out);
    assert.ok(!out.includes('53691755356'), out);
  });
});

describe('masking: an alphanumeric CNPJ that opens with a legal form after a name (a property run counterexample)', () => {
  it('masks the name and the CNPJ whose first letters spell a legal form (SS, Sociedade Simples)', () => {
    assert.equal(m.maskText('Maria da Silva SS CLN.QFD.MN8S.04 x').value, '[NOME] [CNPJ] x');
  });
});

describe('masking: a CNPJ written across a space before more numbers (a property run counterexample)', () => {
  it('masks both CNPJs of a chain of groups, and a CEP before a log field', () => {
    assert.equal(m.maskText('ID96.188-323 7811-99 48.831 433.4693.34 fim').value, 'ID[CNPJ] [CNPJ] fim');
    assert.equal(m.maskText('cep: 97050-330 443').value, 'cep: [CEP] 443');
  });
});

describe("masking: an alphanumeric CNPJ that opens with KM after a street's type (a property run counterexample)", () => {
  it('masks the whole CNPJ, no kilometre or complement of an address cut from it, and still reads a real kilometre', () => {
    assert.equal(m.maskText('Rua  Rua  KM.000.V00/0000-60 Rua').value, 'Rua  Rua  [CNPJ] Rua');
    assert.equal(m.maskText('Rua  00000000000P20 Rua  Rua  KM.000.V00/0000-60 Rua').value, 'Rua  [CNPJ] Rua  Rua  [CNPJ] Rua');
    assert.equal(m.maskText('Rodovia BR-101, km 12.5, Zona Rural').value, '[ENDERECO]');
  });
});
