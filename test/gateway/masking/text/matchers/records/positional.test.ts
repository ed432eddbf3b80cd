/**
 * Positional files of layouts no reader knows, their fields glued by position: each file is built
 * field by field here (widths, zero and space padding), with check digits generated; `«LABEL:value»`
 * marks a value and the label it must be replaced by, and everything unmarked must stay.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, breakCheck, chunksAt, cpf, drain, masker, pis } from '../../../fixtures.js';

const m = masker();

const MARK = /«([A-Z_]+):([^»]*)»/g;
const input = (marked: string): string => marked.replace(MARK, '$2');
const expected = (marked: string): string => marked.replace(MARK, '[$1]');

/** A field: its value, its width, and the label it is masked as (none: it stays). Numbers are zero-padded on the left, text space-padded on the right. */
type Field = readonly [value: string, width: number, label?: string];

function record(fields: readonly Field[]): string {
  return fields
    .map(([value, width, label]) => {
      const numeric = /^\d+$/.test(value);
      const cut = value.slice(0, width);
      // A house number is masked without the zeros that pad it.
      const house = label === 'ENDERECO' && numeric;
      const marked = label === undefined ? cut : `«${label}:${house ? cut.replace(/^0+/, '') : cut}»`;
      const pad = width - cut.length;
      if (!numeric) return marked + ' '.repeat(pad);
      const zeros = house ? (cut.match(/^0+/)?.[0] ?? '') : '';
      return '0'.repeat(pad) + zeros + marked;
    })
    .join('');
}

/** `file` with `margin` before each of its lines (pasted quoted or indented). */
function margined(file: string, margin: string): string {
  return file
    .split('\n')
    .map((line) => (line === '' ? line : margin + line))
    .join('\n');
}

/** A provisional CNS (from 7): 14 digits and one that makes the weighted sum (15..1) a multiple of 11. */
function cns(base: string): string {
  for (let bump = 0; bump < 10; bump++) {
    const head = base.slice(0, 13) + String((Number(base[13]) + bump) % 10);
    const sum = [...head].reduce((acc, d, i) => acc + Number(d) * (15 - i), 0);
    const last = (11 - (sum % 11)) % 11;
    if (last < 10) return head + String(last);
  }
  throw new Error('no CNS');
}

// A payroll export without a record type: registration, CPF, name, birth (AAAAMMDD), admission (DDMMAAAA), salary, role code.
const payrollCpfs = [
  cpf([2, 0, 4, 7, 1, 3, 9, 5, 8]),
  cpf([6, 1, 3, 0, 8, 2, 4, 4, 7]),
  cpf([3, 9, 5, 2, 6, 0, 1, 8, 3]),
  cpf([8, 4, 2, 1, 7, 5, 3, 0, 6]),
];
const PAYROLL = [
  'Exportação da folha (layout FOLHA-EXP v3, sem separadores):',
  record([
    ['000731', 6],
    [payrollCpfs[0]!, 11, 'CPF'],
    ['TEREZINHA BORGES DA MATA', 35, 'NOME'],
    ['19580214', 8, 'DATA_NASCIMENTO'],
    ['03022019', 8],
    ['000000487215', 12],
    ['0412', 4],
  ]),
  record([
    ['000732', 6],
    [payrollCpfs[1]!, 11, 'CPF'],
    ['WELLINGTON DIAS FERRAZ', 35, 'NOME'],
    ['19910930', 8, 'DATA_NASCIMENTO'],
    ['15072021', 8],
    ['000000312090', 12],
    ['0388', 4],
  ]),
  record([
    ['000745', 6],
    [payrollCpfs[2]!, 11, 'CPF'],
    ['JULIANA PASSOS ROCHA', 35, 'NOME'],
    ['19770611', 8, 'DATA_NASCIMENTO'],
    ['01092016', 8],
    ['000000655000', 12],
    ['0412', 4],
  ]),
  record([
    ['000750', 6],
    [payrollCpfs[3]!, 11, 'CPF'],
    ['ANTONIO CARLOS VIEIRA BRANDT', 35, 'NOME'],
    ['20010105', 8, 'DATA_NASCIMENTO'],
    ['20032023', 8],
    ['000000198740', 12],
    ['0101', 4],
  ]),
  'Total: 4 registros.',
  '',
].join('\n');

// A health plan's beneficiaries: header H, detail D (card number, CNS, CPF, name, sex, birth DDMMAAAA, plan, mother's name, town, state, CEP), trailer T.
const cardCns = [cns('70840271935612'), cns('78012249305517'), cns('75533018462290')];
const holderCpf = cpf([5, 5, 1, 2, 0, 9, 7, 3, 4]);
const dependantCpf = cpf([1, 7, 6, 4, 3, 8, 0, 2, 9]);
const wrongCpf = breakCheck(cpf([9, 0, 3, 3, 1, 6, 2, 5, 8]));
const HEALTH = [
  'Movimentação de beneficiários enviada à operadora (data de nascimento na posição 115):',
  record([
    ['H', 1],
    ['ASSOCIACAO DOS SERVIDORES DE ITABUNA', 40],
    ['20261130', 8],
    ['000412', 6],
  ]),
  record([
    ['D', 1],
    ['0087412000000101', 16],
    [cardCns[0]!, 15, 'CNS'],
    [holderCpf, 11, 'CPF'],
    ['MARLENE APARECIDA SOUTO', 40, 'NOME'],
    ['F', 1],
    ['22081966', 8, 'DATA_NASCIMENTO'],
    ['PL0040', 6],
    ['GERALDA SOUTO NUNES', 30, 'NOME'],
    ['ITABUNA', 20],
    ['BA', 2],
    ['45600130', 8, 'CEP'],
  ]),
  record([
    ['D', 1],
    ['0087412000000102', 16],
    [cardCns[1]!, 15, 'CNS'],
    [dependantCpf, 11, 'CPF'],
    ['RAFAEL SOUTO GUIMARAES', 40, 'NOME'],
    ['M', 1],
    ['09042012', 8, 'DATA_NASCIMENTO'],
    ['PL0040', 6],
    ['MARLENE APARECIDA SOUTO', 30, 'NOME'],
    ['ITABUNA', 20],
    ['BA', 2],
    ['45603210', 8, 'CEP'],
  ]),
  record([
    ['D', 1],
    ['0087412000000201', 16],
    [cardCns[2]!, 15, 'CNS'],
    [wrongCpf, 11],
    ['DEBORA LIMA CAVALCANTE', 40, 'NOME'],
    ['F', 1],
    ['30111990', 8, 'DATA_NASCIMENTO'],
    ['PL0075', 6],
    ['IVONE LIMA CAVALCANTE', 30, 'NOME'],
    ['ILHEUS', 20],
    ['BA', 2],
    ['45653002', 8, 'CEP'],
  ]),
  record([
    ['T', 1],
    ['000003', 6],
    ['000000000000', 12],
  ]),
  '',
].join('\n');

// A benefits payment file: header 0, detail 1 (sequence, NIS, CPF, name, bank, agency, account, amount, payment date, month), trailer 9.
const nis = [pis([1, 2, 0, 4, 5, 5, 8, 1, 3, 7]), pis([1, 6, 3, 9, 0, 2, 7, 4, 4, 1]), pis([2, 0, 9, 1, 3, 6, 5, 8, 2, 2])];
const benefitCpfs = [cpf([4, 4, 0, 9, 1, 2, 6, 7, 5]), cpf([7, 3, 8, 2, 0, 5, 1, 9, 6]), cpf([0, 6, 1, 5, 7, 3, 2, 8, 4])];
const BENEFITS = [
  record([
    ['0', 1],
    ['PAGBENEF', 8],
    ['SECRETARIA MUNICIPAL ASSISTENCIA SOCIAL', 40],
    ['05122026', 8],
    ['000077', 6],
  ]),
  ...[0, 1, 2].map((i) =>
    record([
      ['1', 1],
      [`00000${i + 2}`, 6],
      [nis[i]!, 11, 'PIS'],
      [benefitCpfs[i]!, 11, 'CPF'],
      [['CLEONICE RAMOS DE ARAUJO', 'JOSUE BATISTA MOREIRA', 'SEBASTIANA COSTA LEAL'][i]!, 30, 'NOME'],
      ['104', 3],
      [['0371', '1290', '0371'][i]!, 4],
      [['0000123456', '0000987001', '0000450128'][i]!, 10],
      [['00000060000', '00000041250', '00000060000'][i]!, 11],
      ['10122026', 8],
      ['202612', 6],
    ]),
  ),
  record([
    ['9', 1],
    ['000005', 6],
    ['000000000161250', 15],
  ]),
  '',
].join('\n');

// A vehicle registry extract: record 1 (owner: CPF, name, birth AAAAMMDD, town, state, date of issue), record 2 (address: street, number, complement, bairro, town, state, CEP, phone).
const ownerCpfs = [cpf([3, 3, 8, 1, 4, 0, 5, 9, 2]), cpf([5, 0, 2, 6, 6, 1, 7, 3, 8]), cpf([2, 8, 7, 4, 9, 3, 0, 1, 5])];
const owners = ['LUCIMAR FREITAS PONTES', 'EDNALDO SILVEIRA CUNHA', 'PATRICIA MOURA TAVARES'];
const addresses: readonly (readonly [string, string, string, string, string])[] = [
  ['RUA DOS ANDRADAS', '00415', 'CASA 2', 'JARDIM AMERICA', '38408174'],
  ['AVENIDA RONDON PACHECO', '02210', '', 'SARAIVA', '38408343'],
  ['TRAVESSA SANTA LUZIA', '00007', 'FUNDOS', 'MARTA HELENA', '38402024'],
];
const phones = ['34991823507', '34988102244', '34996640718'];
const REGISTRY = [
  'EXTRATO CADASTRO PROPRIETARIOS - LAYOUT 2',
  ...[0, 1, 2].flatMap((i) => {
    const [street, number, complement, bairro, cep] = addresses[i]!;
    return [
      record([
        ['1', 1],
        [`00${i + 1}`, 3],
        ['PLACA', 5],
        [`RXA${i}E${i}${i + 4}`, 7],
        [ownerCpfs[i]!, 11, 'CPF'],
        [owners[i]!, 35, 'NOME'],
        [['19690423', '19850717', '19731102'][i]!, 8, 'DATA_NASCIMENTO'],
        ['UBERLANDIA', 20],
        ['MG', 2],
        ['20250110', 8],
      ]),
      record([
        ['2', 1],
        [`00${i + 1}`, 3],
        [street, 30, 'ENDERECO'],
        [number, 5, 'ENDERECO'],
        ...(complement === '' ? [['', 12] as const] : [[complement, 12, 'ENDERECO'] as const]),
        [bairro, 20, 'ENDERECO'],
        ['UBERLANDIA', 20],
        ['MG', 2],
        [cep, 8, 'CEP'],
        [phones[i]!, 11, 'TELEFONE'],
      ]),
    ];
  }),
  '',
].join('\n');

// An untyped extract whose records open with a 14-digit inscription (a CPF right-aligned in zeros), names of rare or foreign first names, CRLF lines, a header of the same width.
const inscriptions = [cpf([7, 2, 9, 0, 3, 1, 4, 6, 8]), cpf([1, 5, 8, 3, 2, 7, 0, 9, 4]), cpf([4, 9, 6, 7, 5, 0, 2, 3, 1])];
const INSCRIPTIONS = [
  record([
    ['00000000000000', 14],
    ['COOPERATIVA AGRICOLA SERRANA LTDA', 34],
    ['20261201', 8],
    ['0000000', 7],
  ]),
  record([
    [`000${inscriptions[0]!}`, 14, 'CPF'],
    ['IKENNA OKAFOR TEMBE', 34, 'NOME'],
    ['19640812', 8, 'DATA_NASCIMENTO'],
    ['0031450', 7],
  ]),
  record([
    [`000${inscriptions[1]!}`, 14, 'CPF'],
    ['YAKECAN PORANGA XAVANTE', 34, 'NOME'],
    ['19880227', 8, 'DATA_NASCIMENTO'],
    ['0012000', 7],
  ]),
  record([
    [`000${inscriptions[2]!}`, 14, 'CPF'],
    ['NAYARA CRISTINA MOTA', 34, 'NOME'],
    ['19751219', 8, 'DATA_NASCIMENTO'],
    ['0008890', 7],
  ]),
  '',
]
  .join('\r\n')
  .replace(/«CPF:000/g, '000«CPF:');

// A pensioners' file: surname first, a PIS the file flags as wrong in one row, the state glued before the street.
const pensionCpfs = [
  cpf([3, 1, 7, 4, 0, 9, 2, 2, 5]),
  cpf([5, 0, 2, 8, 6, 1, 7, 3, 9]),
  cpf([7, 7, 1, 0, 3, 5, 8, 2, 4]),
  cpf([9, 2, 6, 5, 1, 4, 0, 8, 3]),
];
const pensionPis = [
  pis([1, 2, 0, 4, 8, 8, 3, 1, 7, 5]),
  pis([1, 3, 7, 7, 2, 0, 5, 6, 1, 9]),
  pis([2, 0, 9, 1, 5, 3, 8, 4, 6, 2]),
  pis([1, 6, 4, 2, 9, 7, 0, 3, 8, 1]),
];
const pensioner = (seq: string, k: number, name: string, born: string, street: string, flagged = false): string =>
  record([
    ['1', 1],
    [seq, 7],
    [name, 36, 'NOME'],
    [pensionCpfs[k]!, 11, 'CPF'],
    [born, 8, 'DATA_NASCIMENTO'],
    flagged ? [breakCheck(pensionPis[k]!), 11] : [pensionPis[k]!, 11, 'PIS'],
    ['SC', 2],
    [street, 38, 'ENDERECO'],
  ]) + '000000452190';
const PENSIONS = [
  '* layout: tp(1) seq(7) nome(36) cpf(11) nasc(8) pis(11) uf(2) endereco(38) valor(12)',
  pensioner('0000118', 0, 'WISNIEWSKI IRENE JADWIGA', '19410215', 'R DOS IMIGRANTES 410 ITOUPAVA'),
  pensioner('0000124', 1, 'NWOSU CHIDINMA GRACE', '19520930', 'AV BEIRA RIO 1288 AP 304 CENTRO'),
  pensioner('0000131', 2, 'DOS ANJOS GERALDA', '19480704', 'TV PARAISO 77 FUNDOS GARCIA', true),
  pensioner('0000139', 3, 'KUHNEN BRUNO ALFREDO', '19390111', 'R HERMANN HERING 92 BOM RETIRO'),
  '',
].join('\n');

const FILES: readonly { readonly title: string; readonly marked: string }[] = [
  { title: 'a pension file with surname-first names, a flagged wrong PIS and the state glued before the street', marked: PENSIONS },
  { title: 'a payroll export with no record type', marked: PAYROLL },
  { title: "a health plan's beneficiary file with letter record types", marked: HEALTH },
  { title: 'a benefits payment file with header, detail and trailer', marked: BENEFITS },
  { title: 'a registry extract whose owner and address records alternate', marked: REGISTRY },
  { title: 'an untyped extract of zero-padded inscriptions and rare first names, with a header and CRLF lines', marked: INSCRIPTIONS },
  { title: 'the benefits file quoted in an e-mail reply', marked: margined(BENEFITS, '> ') },
  { title: 'the registry extract indented as code in Markdown', marked: margined(REGISTRY, '    ') },
];

describe('masking: positional files of an unknown layout', () => {
  for (const f of FILES) {
    it(`masks ${f.title} field by field, and leaves its amounts, sequences, codes and other dates`, () => {
      assert.equal(m.maskText(input(f.marked)).value, expected(f.marked));
    });
  }

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    for (const f of FILES) assertStableMasking(m, input(f.marked), ['cpf', 'pis', 'cns', 'name', 'birth_date', 'address', 'cep', 'phone']);
  });

  it('masks the same in chunks of a few characters', () => {
    for (const f of FILES) {
      const text = input(f.marked);
      const whole = m.maskText(text);
      for (const size of [1, 7, 64]) {
        const cuts = Array.from({ length: Math.ceil(text.length / size) }, (_, k) => k * size);
        assert.deepEqual(drain(m.textStream(), chunksAt(text, cuts)), whole, `${f.title}, chunks of ${size}`);
      }
    }
  });

  it('leaves two records, and a column of dates close together with no birth cue', () => {
    const two = PAYROLL.split('\n').slice(1, 3).join('\n');
    assert.ok(!m.maskText(input(two)).value.includes('[DATA_NASCIMENTO]'));
    const admissions = [
      record([
        ['000731', 6],
        ['TEREZINHA BORGES DA MATA', 35],
        ['03022019', 8],
        ['000000487215', 12],
      ]),
      record([
        ['000732', 6],
        ['WELLINGTON DIAS FERRAZ', 35],
        ['15072021', 8],
        ['000000312090', 12],
      ]),
      record([
        ['000745', 6],
        ['JULIANA PASSOS ROCHA', 35],
        ['01092016', 8],
        ['000000655000', 12],
      ]),
    ].join('\n');
    const masked = m.maskText(admissions).value;
    for (const kept of ['03022019', '15072021', '01092016', '000000487215', '000731']) assert.ok(masked.includes(kept), kept);
  });

  it('leaves a date column that comes decades after the birth dates in every row (an admission)', () => {
    const marked = [
      ['TEREZINHA BORGES DA MATA', '19580214', '03021987'],
      ['WELLINGTON DIAS FERRAZ', '19910930', '15072021'],
      ['JULIANA PASSOS ROCHA', '19770611', '01092004'],
    ]
      .map(([name, birth, admission], i) =>
        record([
          [`00${i + 1}`, 3],
          [payrollCpfs[i]!, 11, 'CPF'],
          [name!, 30, 'NOME'],
          [birth!, 8, 'DATA_NASCIMENTO'],
          [admission!, 8],
          ['000000125000', 12],
        ]),
      )
      .join('\n');
    assert.equal(m.maskText(input(marked)).value, expected(marked));
  });

  it('leaves a window of glued digits that passes a single check digit in three records, with no field edge beside it', () => {
    const accounts = [pis([1, 3, 0, 2, 8, 8, 4, 1, 9, 5]), pis([1, 7, 7, 5, 0, 3, 2, 6, 1, 4]), pis([1, 1, 9, 6, 4, 2, 5, 0, 3, 8])];
    const marked = [0, 1, 2]
      .map((i) =>
        record([
          [`00${i + 1}`, 3],
          [payrollCpfs[i]!, 11, 'CPF'],
          [['TEREZINHA BORGES DA MATA', 'WELLINGTON DIAS FERRAZ', 'JULIANA PASSOS ROCHA'][i]!, 30, 'NOME'],
          [`7${accounts[i]!}345`, 15],
          ['000000125000', 12],
        ]),
      )
      .join('\n');
    assert.equal(m.maskText(input(marked)).value, expected(marked));
  });

  it('leaves dates decades apart in records that name no one (contracts, products)', () => {
    const contracts = [
      record([
        ['CT', 2],
        ['0004471', 7],
        ['19980305', 8],
        ['000000125000', 12],
        ['FINANCIAMENTO RURAL', 25],
        ['0012', 4],
      ]),
      record([
        ['CT', 2],
        ['0005102', 7],
        ['20070911', 8],
        ['000000048700', 12],
        ['CAPITAL DE GIRO', 25],
        ['0031', 4],
      ]),
      record([
        ['CT', 2],
        ['0006893', 7],
        ['20190620', 8],
        ['000000302210', 12],
        ['CREDITO PESSOAL', 25],
        ['0012', 4],
      ]),
      '',
    ].join('\n');
    assert.equal(m.maskText(contracts).value, contracts);
  });
});
