/** What must be left alone: the numbers and words every log, report and program is full of. */
import { strict as assert } from 'node:assert';
import { masker, text } from './fixtures.js';

const m = masker();

const untouched: Record<string, string> = {
  'order numbers': 'Pedido #884512, pedido 2024-000123, protocolo 20241015-0042, NF 8812/2024, chamado INC-20241015-0042',
  timestamps: '2024-05-01T12:00:00Z 2024-05-01 12:00:00,123 1714567890 1714567890123 15:30:00 10h30',
  'ISO dates without a birth cue': 'vencimento 2025-01-15, emitido em 15/01/2025, período 01/2024 a 12/2024',
  UUIDs: '550e8400-e29b-41d4-a716-446655440000 and 12345678-1234-1234-1234-123456789012',
  'semantic versions': 'v1.2.3, 2.10.0-rc.1, node 20.19.0, versão 4.1.1.2',
  'git hashes': 'commit 9f2c4e1b7a3d5c6e8f9a0b1c2d3e4f5a6b7c8d9e (short 9f2c4e1)',
  prices: 'R$ 1.234,56 · R$12.345.678,90 · US$ 1,200.00 · 3,14% · total 1.000.000',
  'ordinary words': 'A rosa é vermelha e a paz é branca; o cliente pagou na data; Total geral; Vale lembrar.',
  'code identifiers': 'const maria_silva = new MariaSilva(); joao.save(); if (x.nome) return cpfValido(cpf);',
  'long identifiers':
    'chave NF-e 35240112345678000190550010000012341000012345 e boleto 23793.38128 60082.677139 66006.351006 1 96600000012345',
};

describe('masking leaves non-personal data alone', () => {
  for (const [what, input] of Object.entries(untouched)) {
    it(`leaves ${what}`, () => {
      const result = m.maskText(input);
      assert.equal(result.value, input);
      assert.deepEqual(result.events, []);
    });
  }

  it('leaves JSON identifiers, amounts and technical names', () => {
    const value = {
      id: 52998224725,
      order_id: '2024-000123',
      total: 1234.56,
      name: 'assistant_agent',
      model: 'gpt-4o',
      address: '0.0.0.0:8080',
      team: { name: 'RoundRobinGroupChat' },
    };
    assert.deepEqual(m.maskJson(value).value, value);
  });

  it('leaves a code after `geral` that qualifies no Registro (clínica geral), and masks an RG after Registro Geral', () => {
    const rows = '"clínica geral","48.00"\n"AG-7719066","2024-03-04 10:20:00.000"';
    assert.equal(text(m, rows), rows);
    assert.equal(text(m, 'Registro Geral: 12.345.678-9'), 'Registro Geral: [RG]');
    // A check digit X glued to the number: an RG after its cue, a code elsewhere.
    assert.equal(text(m, 'metalúrgico, RG 81673545X, e o lote 81673545X'), 'metalúrgico, RG [RG], e o lote 81673545X');
  });

  it("leaves a database object's path written like an address in capitals, and masks capital mailboxes", () => {
    assert.equal(text(m, 'RPIRES#WH_ATUARIAL@SEGUROS.SINISTROS>select 1;'), 'RPIRES#WH_ATUARIAL@SEGUROS.SINISTROS>select 1;');
    assert.equal(text(m, 'Contato: JOAO.SILVA@GMAIL.COM ou ana@seguros.exemplo'), 'Contato: [EMAIL] ou [EMAIL]');
  });

  it('keeps city names after an address', () => {
    assert.equal(text(m, 'Entrega em Campinas/SP e Porto Alegre - RS.'), 'Entrega em Campinas/SP e Porto Alegre - RS.');
  });
});
