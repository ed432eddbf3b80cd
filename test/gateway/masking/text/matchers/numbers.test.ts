/**
 * Numbers read with what belongs to them: birth dates marked by a symbol (the star of obituaries
 * and genealogies, an asterisk before a death's cross); an identity number's issuing body.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();

const NOTICE = `Comunicamos o falecimento de

OLGA TERESINHA WISNIEWSKI
★ 17/06/1939   ✝ 02/12/2026

Avô: * 08/01/1912 † 14/03/1990
Agenda:
* 06/12/2026 missa de sétimo dia
* 20/12/2026 - almoço da família`;

describe('masking: birth dates marked by a symbol', () => {
  it('masks the date after a star, or after an asterisk before a cross, and leaves the death dates and other bullets', () => {
    assert.equal(
      m.maskText(NOTICE).value,
      NOTICE.replace('OLGA TERESINHA WISNIEWSKI', '[NOME]')
        .replace('17/06/1939', '[DATA_NASCIMENTO]')
        .replace('08/01/1912', '[DATA_NASCIMENTO]'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, NOTICE, ['birth_date', 'name']);
  });
});

/** Dates whose month is a name or an abbreviation, as statistics packages, Oracle and forms print them. */
const MONTH_NAMES = `SAS: paciente_dn=04OCT1958 sexo=F
Data de nascimento: 23-ABR-1971
dob: 9/dic/2001 (hermano)
DN 15 fev. 1948, internação 02 fev. 2026
nasc_resp = 30-JUN-66
Consulta em 12out2026; retorno 3 set 2027, lote 7 mar 20 caixas`;

describe('masking: birth dates with the month in letters', () => {
  it('masks a day, a month name or abbreviation (Portuguese, English, Spanish) and a year after a birth cue, and leaves other such dates', () => {
    assert.equal(
      m.maskText(MONTH_NAMES).value,
      MONTH_NAMES.replace('04OCT1958', '[DATA_NASCIMENTO]')
        .replace('23-ABR-1971', '[DATA_NASCIMENTO]')
        .replace('9/dic/2001', '[DATA_NASCIMENTO]')
        .replace('15 fev. 1948', '[DATA_NASCIMENTO]')
        .replace('30-JUN-66', '[DATA_NASCIMENTO]'),
    );
  });

  it('leaves a day the calendar lacks', () => {
    const text = 'nascimento: 31abr1970; DN 30-FEB-1980';
    assert.equal(m.maskText(text).value, text);
  });

  it('normalises every spelling of a date to the same day', () => {
    const hashes = ['DN: 04OCT1958', 'DN: 04-out-1958', 'DN: 04/10/1958', 'DN: 4 de outubro de 1958'].map(
      (text) => m.maskText(text).events[0]?.hmac,
    );
    assert.ok(hashes[0] !== undefined);
    assert.equal(new Set(hashes).size, 1, JSON.stringify(hashes));
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, MONTH_NAMES, ['birth_date']);
  });
});

describe("masking: a record's next fields after a person's document or birth date", () => {
  const RECORD = 'Dados: Ana Lima, 28356218730, 2014-08-22, 962438264407297 fim\nPessoa("Jairo", "05113176702", "15824845879")';

  it('masks a bare CNS after the birth date and a bare PIS after the CPF, whole and in a stream cut anywhere', () => {
    assert.equal(m.maskText(RECORD).value, 'Dados: [NOME], [CPF], [DATA_NASCIMENTO], [CNS] fim\nPessoa("[NOME]", "[CPF]", "[PIS]")');
    assertStableMasking(m, RECORD, ['cpf', 'cns', 'pis', 'birth_date', 'name']);
  });
});

/** A failing test's report: the fixture gives the birth date under its key, the diff repeats it in other spellings. */
const REPEATED = `    cliente = Cliente(nome="Gildásio Prates", nascimento=date(1969, 4, 21))
>       assert linha == "GILDASIO PRATES;21/04/1969;ativo"
E       AssertionError: '1969-04-21' != '21/04/1969'
E       registro 21.04.1969 de outro cliente: 22/04/1969
Data da coleta: 21/04/1969`;

describe('masking: a birth date written again', () => {
  it('masks the same day written again later in another spelling, and leaves other days and a date its own label names', () => {
    assert.equal(
      m.maskText(REPEATED).value,
      `    cliente = Cliente(nome="[NOME]", nascimento=date([DATA_NASCIMENTO]))
>       assert linha == "[NOME];[DATA_NASCIMENTO];ativo"
E       AssertionError: '[DATA_NASCIMENTO]' != '[DATA_NASCIMENTO]'
E       registro [DATA_NASCIMENTO] de outro cliente: 22/04/1969
Data da coleta: 21/04/1969`,
    );
  });

  it('remembers forward only: the same day before the birth date is left', () => {
    const text = 'visita em 21/04/1969; nascimento: 21/04/1969';
    assert.equal(m.maskText(text).value, 'visita em 21/04/1969; nascimento: [DATA_NASCIMENTO]');
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, REPEATED, ['birth_date', 'name']);
  });
});

describe('masking: a birth year alone', () => {
  it('masks the year after `nascido em` or `born in`, and leaves a year something else was founded in', () => {
    const text = 'Dependente: Cauã, nascida em 2016, e o avô, born in 1941; a cooperativa, fundada em 2003.';
    assert.equal(
      m.maskText(text).value,
      'Dependente: [NOME], nascida em [DATA_NASCIMENTO], e o avô, born in [DATA_NASCIMENTO]; a cooperativa, fundada em 2003.',
    );
  });
});

describe("masking: an identity number's issuing body", () => {
  const CASES: readonly (readonly [string, string])[] = [
    ['Fiador: Ednaldo Kuikuro, RG 2.204.771 SEJUSP/MS, CPF 529.982.247-25.', 'Fiador: [NOME], RG [RG], CPF [CPF].'],
    ['(RG 3.551.902 - IFP/RJ) e', '(RG [RG]) e'],
    ['Identidade: 14.882.301-7 SSP-BA - Fone: (71) 3333-2222', 'Identidade: [RG] - Fone: [TELEFONE]'],
    ['RG nº AM-1.774.203 PC AM, lavradora', 'RG nº [RG], lavradora'],
    ['RG 6.118.227 SSP', 'RG [RG]'],
    ['portadora da Cédula de Identidade RG nº 4.118.902-7/PR, inscrita', 'portadora da Cédula de Identidade RG nº [RG]/PR, inscrita'],
    ['RG 12.345.678-9/SSP-SP x', 'RG [RG] x'],
  ];
  it('masks the body and the state after an RG with the number, and leaves a word that is no state', () => {
    for (const [text, want] of CASES) assert.equal(m.maskText(text).value, want, text);
    assert.equal(m.maskText('RG 6.118.227 CPF 529.982.247-25').value, 'RG [RG] CPF [CPF]');
    assert.equal(m.maskText('RG 6.118.227 SSP/XX').value, 'RG [RG] SSP/XX');
  });

  it('masks a number followed by an identity card issuer and its state as an RG with no cue, and leaves other bodies', () => {
    assert.equal(m.maskText('identificação no cadastro: 6.104.552 SDS/PE.').value, 'identificação no cadastro: [RG].');
    assert.equal(m.maskText('Documento 4.118.902-7/SSP-PR anexado').value, 'Documento [RG] anexado');
    assert.equal(m.maskText('matrícula 123456 PM/SP').value, 'matrícula 123456 PM/SP');
    assert.equal(m.maskText('versão 1234567 SSP/XX').value, 'versão 1234567 SSP/XX');
  });

  it('masks the number alone when its issuer is named apart: in brackets, after its label, as the next field', () => {
    assert.equal(
      m.maskText(
        '{Nome:Lourdes Dreher Documento:7041188523 Orgao:SSP/RS} Doc. 7041188523 (SSP/RS), outro 7041188524, órgão expedidor SSP-RS',
      ).value,
      '{Nome:[NOME] Documento:[RG] Orgao:SSP/RS} Doc. [RG] (SSP/RS), outro [RG], órgão expedidor SSP-RS',
    );
    assert.equal(m.maskText('lote 123456 (SP/SP); matrícula 123456 (PM/SP)').value, 'lote 123456 (SP/SP); matrícula 123456 (PM/SP)');
    assertStableMasking(m, '{Nome:Lourdes Dreher Documento:7041188523 Orgao:SSP/RS}', ['rg', 'name']);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    for (const [text] of CASES) assertStableMasking(m, text, ['rg', 'name', 'cpf', 'phone']);
  });
});

describe("masking: a birth told beside a name or a person's document, or by its year alone", () => {
  const CASES: readonly (readonly [string, string])[] = [
    [
      'Rosimar Tenório: os meninos são Caíque 14/09/2012, Luana 02/06/2016 e a caçula Ayla 19/11/2021',
      '[NOME]: os meninos são [NOME] [DATA_NASCIMENTO], [NOME] [DATA_NASCIMENTO] e a caçula [NOME] [DATA_NASCIMENTO]',
    ],
    ['Dependente: Henrique Yokota (1998-07-21), filho', 'Dependente: [NOME] ([DATA_NASCIMENTO]), filho'],
    ['Meu avô nasceu em Cametá, em 1931, e veio para Belém', 'Meu avô nasceu em Cametá, em [DATA_NASCIMENTO], e veio para Belém'],
    ['Eu nasci no ano de 1948 na beira do rio.', 'Eu nasci no ano de [DATA_NASCIMENTO] na beira do rio.'],
    ['Ele nasceu na aldeia Manga em 1951.', 'Ele nasceu na aldeia Manga em [DATA_NASCIMENTO].'],
    ['Ano de nascimento: 1963', 'Ano de nascimento: [DATA_NASCIMENTO]'],
    ['"2026-11-23 10:02:11","529.982.247-25","1994-08-21","SP"', '"2026-11-23 10:02:11","[CPF]","[DATA_NASCIMENTO]","SP"'],
    ['Rosimar Tenório;120.56412.54-5;19640712;F', '[NOME];[PIS];[DATA_NASCIMENTO];F'],
  ];
  it("masks a whole date right after a person's name or CPF/PIS in a record, and a year after one person's birth", () => {
    for (const [text, want] of CASES) assert.equal(m.maskText(text).value, want, text);
  });

  it("leaves an event's date and time after a name, a dash between fields, a date of this year, and births counted", () => {
    for (const text of [
      'Aprovado: Rosimar Tenório 04/03/2024 14:32',
      'Recebi cópia: Rosimar Tenório — 04/03/2024 — consumidor.gov.br',
      'Ele nasceu no hospital e mudou em 2010.',
      `Assinado por Rosimar Tenório em 04/03/2024`,
      `Rosimar Tenório 02/01/${new Date().getUTCFullYear()}`,
      'nascidos em 2020: 1.500 crianças; nasceram em 2021 outras 1.400',
      'Rosimar Tenório nasceu em Cametá e mudou-se em 1990',
      'CPF 529.982.247-25, 12/03/2024 às 10h',
    ])
      assert.equal(
        m
          .maskText(text)
          .value.replace(/\[NOME\]/g, 'Rosimar Tenório')
          .replace('[CPF]', '529.982.247-25'),
        text,
        text,
      );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    for (const [text] of CASES) assertStableMasking(m, text, ['birth_date', 'name', 'cpf', 'pis']);
  });
});

describe('masking: birth dates whose month is a word or a Roman numeral', () => {
  const CASES: readonly (readonly [string, string])[] = [
    ['Paciente: 44 anos (nasc. 23/set/1981)', 'Paciente: 44 anos (nasc. [DATA_NASCIMENTO])'],
    ['Data de nascimento ......: 07/XI/1958', 'Data de nascimento ......: [DATA_NASCIMENTO]'],
    ['nascida em Oiapoque, 1º/IV/1979, agricultora', 'nascida em Oiapoque, [DATA_NASCIMENTO], agricultora'],
    ['Nascimento: 2 fev. 1966', 'Nascimento: [DATA_NASCIMENTO]'],
    ['Nascimento ..... 30-dez-1973', 'Nascimento ..... [DATA_NASCIMENTO]'],
    [
      'nací — digo, nasci em Ciudad Guayana no dia 14 de noviembre de 1991',
      'nací — digo, nasci em Ciudad Guayana no dia [DATA_NASCIMENTO]',
    ],
    ['DOB: 5 March 1983', 'DOB: [DATA_NASCIMENTO]'],
    ['DN 09/mai/2001', 'DN [DATA_NASCIMENTO]'],
    ['nascida em Cametá, 17/jan/1995, agricultora', 'nascida em Cametá, [DATA_NASCIMENTO], agricultora'],
    ['filha (nasc. 08/2017)', 'filha (nasc. [DATA_NASCIMENTO])'],
    ['avó (Iracema, nasc. 1938)', 'avó ([NOME], nasc. [DATA_NASCIMENTO])'],
  ];
  it('masks the date after a birth cue, whatever the month is written as', () => {
    for (const [text, want] of CASES) assert.equal(m.maskText(text).value, want, text);
  });

  it('leaves such dates without a birth cue, days that do not exist, and codes with Roman numerals', () => {
    for (const text of [
      'reunião em 23/set/2025',
      'nascido em 31/fev/1990',
      'processo 12/VII/2020',
      'no dia 4 de março choveu',
      'nascimentos: 1951',
    ])
      assert.equal(m.maskText(text).value, text, text);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    for (const [text] of CASES) assertStableMasking(m, text, ['birth_date', 'name']);
  });
});

describe('masking: a birth told by an age, an abbreviation, a sentence or a record', () => {
  const CASES: readonly (readonly [string, string])[] = [
    ['Requerente: Odete Schwantes, 71 anos (03/09/1953), viúva', 'Requerente: [NOME], 71 anos ([DATA_NASCIMENTO]), viúva'],
    ['Idade: 9 (2016-05-30)', 'Idade: 9 ([DATA_NASCIMENTO])'],
    ['Ruth Landsberg (n. 21.10.1931, Blumenau)', '[NOME] (n. [DATA_NASCIMENTO], Blumenau)'],
    ['Jorge Salloum, b. 1962-02-14, Beirut', '[NOME], b. [DATA_NASCIMENTO], Beirut'],
    ['D.N. 30071977', 'D.N. [DATA_NASCIMENTO]'],
    ['Nasc.: 1989.11.02', 'Nasc.: [DATA_NASCIMENTO]'],
    ['o Dinho faz aniversário dia 14/02, não esquece', 'o [NOME] faz aniversário dia [DATA_NASCIMENTO], não esquece'],
    ['o aniversário da Lucimar é no dia 21/07', 'o aniversário da [NOME] é no dia [DATA_NASCIMENTO]'],
    ['data_nasc: =DATA(1990;7;4)', 'data_nasc: =DATA([DATA_NASCIMENTO])'],
    ['aba.appendRow(["Ezequiel Bortolini", "11/08/1984", "Chapecó"]);', 'aba.appendRow(["[NOME]", "[DATA_NASCIMENTO]", "Chapecó"]);'],
    ['Ezequiel Bortolini | 11/08/1984 | Chapecó', '[NOME] | [DATA_NASCIMENTO] | Chapecó'],
    ['a Yasmin, que completa 12 anos (19/10/2014), vai', 'a [NOME], que completa 12 anos ([DATA_NASCIMENTO]), vai'],
    ['o Otávio faz 30 anos dia 2 de maio', 'o [NOME] faz 30 anos dia [DATA_NASCIMENTO]'],
    ['vovó fez 90 anos em 08/12, que festa', 'vovó fez 90 anos em [DATA_NASCIMENTO], que festa'],
    ['Hilda Brüggemann (1929–2020), parteira', '[NOME] ([DATA_NASCIMENTO]–2020), parteira'],
    ['Osvaldino Pires, 81 anos (n. 1944)', '[NOME], 81 anos (n. [DATA_NASCIMENTO])'],
    ['já tô com 63 anos (sou de 1962)', 'já tô com 63 anos (sou de [DATA_NASCIMENTO])'],
    ['nascida aos 3 dias do mês de maio de 1956', 'nascida aos [DATA_NASCIMENTO]'],
    ['Kaiowá 529.982.247-25 3/8/97 Dourados', 'Kaiowá [CPF] [DATA_NASCIMENTO] Dourados'],
    ['| 17 | 529.982.247-25  | 1971-06-02 | ativo |', '| 17 | [CPF]  | [DATA_NASCIMENTO] | ativo |'],
    ['Dependentes:\nMariana Souza Lima    filha    04-09-2012', 'Dependentes:\n[NOME]    filha    [DATA_NASCIMENTO]'],
    [' 0231  Zofia Kowalczyk Ribeiro          19450930   20261107', ' 0231  [NOME]          [DATA_NASCIMENTO]   20261107'],
    ['Ama pagode e fez aniversário ontem (6/12)!', 'Ama pagode e fez aniversário ontem ([DATA_NASCIMENTO])!'],
    [
      'pede folga no aniversário (25/12); faz aniversário no mesmo dia, 6/12',
      'pede folga no aniversário ([DATA_NASCIMENTO]); faz aniversário no mesmo dia, [DATA_NASCIMENTO]',
    ],
    ['fiz 17 no dia 29/11!! e a vó faz 88 dia 24/12', 'fiz 17 no dia [DATA_NASCIMENTO]!! e a vó faz 88 dia [DATA_NASCIMENTO]'],
    [
      'que fez 80 anos\ndia 2 de novembro! e a Josi fez vinte anos ontem, 18 de novembro',
      'que fez 80 anos\ndia [DATA_NASCIMENTO]! e a [NOME] fez vinte anos ontem, [DATA_NASCIMENTO]',
    ],
    ['0  Juvêncio   47330495603      1944-03-19            Cuiabá', '0  [NOME]   [CPF]      [DATA_NASCIMENTO]            Cuiabá'],
    ['Minha sogra Dona Zilda Ramos, que é de 1938, esperou', 'Minha sogra Dona [NOME], que é de [DATA_NASCIMENTO], esperou'],
    ['Meu primo Kauan, de 2019, é muito chato', 'Meu primo [NOME], de [DATA_NASCIMENTO], é muito chato'],
    ['a filha, Lia, fez 4 anos ontem (9 de março) já', 'a filha, [NOME], fez 4 anos ontem ([DATA_NASCIMENTO]) já'],
    ['o Davi fez 4 anos ontem (09/03/2022)', 'o [NOME] fez 4 anos ontem ([DATA_NASCIMENTO])'],
  ];
  it('masks the date after an age, after `n.`/`b.`, after a birthday told in a sentence, and beside a name in a record', () => {
    for (const [text, want] of CASES) assert.equal(m.maskText(text).value, want, text);
  });

  it("leaves the date beside a name under a printed table's column that names it, however far its column stands", () => {
    const rows = m.maskText(
      'MATRICULA  NOME                  ADMISSAO     CPF\n0001       Ezequiel Bortolini    20190301     52998224725',
    ).value;
    assert.equal(rows.split('\n')[1], '0001       [NOME]    20190301     [CPF]');
  });

  it("leaves a period after a duration, a firm's anniversary, a law's number and a date under a column that names it", () => {
    for (const text of [
      'Contrato: 5 anos (01/02/2019 a 01/02/2024)',
      'o aniversário da empresa é 03/02',
      'Lei n. 12/03/1990',
      'versão 2024.03.12',
      'paciente;data da consulta;unidade\nEzequiel Bortolini;11/08/2019;UBS Centro',
      'BPFDEC|75805124246|ODETE SCHWANTES|20190822|N|N|',
      'a loja faz 5 anos em 12/03/2024',
      'Ezequiel Bortolini (2019–2023), gerente',
      'Ezequiel Bortolini 3/8/97',
      'Comente com a data de nascimento!" • 2 de abril • 1.204 curtidas',
      'Trabalhei lá por 10 anos, de 2010 a 2020.',
      'O relatório do Pedro, de 2019, foi aprovado',
      'A casa da Maria, que é de 1950, caiu',
      'Meu primo Kauan, de 2019 a 2021, morou aqui',
      'a loja fez 4 anos ontem (9 de março de 2024)',
      'a loja fez 4 anos ontem (09/03/2024)',
      'o contrato faz 10 dias dia 12/03; entrega 6/12 sem falta',
      'CPF 75805124246      12/03/2026 14:00 entrada',
    ])
      assert.equal(
        m
          .maskText(text)
          .value.replace(/\[NOME\]/g, 'X')
          .replace('[CPF]', '75805124246'),
        text.replace(/Ezequiel Bortolini|ODETE SCHWANTES|Pedro|Maria|Kauan/g, 'X'),
        text,
      );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    for (const [text] of CASES) assertStableMasking(m, text, ['birth_date', 'name']);
  });
});

describe("masking: a relative's year of birth in brackets", () => {
  const CASES: readonly (readonly [string, string])[] = [
    ['O filho Gilmar (2004) ajuda na roça.', 'O filho [NOME] ([DATA_NASCIMENTO]) ajuda na roça.'],
    ['Filhos: Wisly (2015) e Pedro (2019).', 'Filhos: [NOME] ([DATA_NASCIMENTO]) e [NOME] ([DATA_NASCIMENTO]).'],
    // The next relatives of the list, whatever their given names.
    [
      'Netos: Anaïs (2011), Jorël (2013) e Ksawery (2016).',
      'Netos: [NOME] ([DATA_NASCIMENTO]), [NOME] ([DATA_NASCIMENTO]) e [NOME] ([DATA_NASCIMENTO]).',
    ],
  ];
  it("masks a family list's dependants, named before their relation in the next column, and the date or year after it", () => {
    const list =
      'Dependentes\nTaras Hnatyshyn        filho    2016      escola\nOksana Hnatyshyn       filha    11-04-2019\n  02  Wilmer Quispe Huanca — filho — DN 02/10/2015';
    assert.equal(
      m.maskText(list).value,
      'Dependentes\n[NOME]        filho    [DATA_NASCIMENTO]      escola\n[NOME]       filha    [DATA_NASCIMENTO]\n  02  [NOME] — filho — DN [DATA_NASCIMENTO]',
    );
    assertStableMasking(m, list, ['birth_date', 'name']);
    assert.equal(m.maskText('Joinville Esporte  filho  3 gols').value, 'Joinville Esporte  filho  3 gols');
  });

  it("masks the year right after a relative's name", () => {
    for (const [text, want] of CASES) assert.equal(m.maskText(text).value, want, text);
  });

  it("leaves a year after an office holder's name, and a year after a relative's name told later in the sentence", () => {
    assert.equal(m.maskText('O prefeito Joel Lima (2017) assinou').value, 'O prefeito [NOME] (2017) assinou');
    assert.equal(m.maskText('O filho Gilmar chegou. Em (2004) plantou').value, 'O filho [NOME] chegou. Em (2004) plantou');
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    for (const [text] of CASES) assertStableMasking(m, text, ['birth_date', 'name']);
  });
});

describe('masking: birth dates in the documents of people born abroad', () => {
  const CASES: readonly (readonly [string, string])[] = [
    ['Fecha de nacimiento: 14/08/1991', 'Fecha de nacimiento: [DATA_NASCIMENTO]'],
    ['Date de naissance : 02/01/1988', 'Date de naissance : [DATA_NASCIMENTO]'],
    ['Data urodzenia: 23.06.1979', 'Data urodzenia: [DATA_NASCIMENTO]'],
    ['Geburtsdatum: 05.11.1964', 'Geburtsdatum: [DATA_NASCIMENTO]'],
    ['Date of birth: August 14th, 1991', 'Date of birth: [DATA_NASCIMENTO]'],
    ['{"fecha_nacimiento": "1991-08-14"}', '{"fecha_nacimiento": "[DATA_NASCIMENTO]"}'],
  ];

  it('masks a birth date after the cue in Spanish, French, Polish, German or English, an ordinal day included', () => {
    for (const [text, want] of CASES) assert.equal(m.maskText(text).value, want, text);
    assert.equal(m.maskText('Reunión: August 14th, 2026').value, 'Reunión: August 14th, 2026');
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    for (const [text] of CASES) assertStableMasking(m, text, ['birth_date']);
  });
});

describe('masking: a day stored as a moment (ISO 8601 at midnight, in UTC or from a Brazilian zone), or with its time of birth', () => {
  const TEXT = [
    'dt_nasc: 1966-01-20T00:00:00Z',
    'Ana Lima;529.982.247-25;1991-06-13T00:00:00.000;Caruaru',
    'nasc=1951-03-08',
    '2026-12-04T07:14:02-0400 totem-cras-02 senha N021 chamada',
    'created: 2025-01-20T10:00:00Z',
    "{ nome: 'Kauê Baía Tenório', nascimento: 2011-08-04T03:00:00.000Z, parentesco: 'Filho' }",
    'criado: 2024-03-12T03:00:00.000Z',
    'Data de nascimento: 19/09/2018 03:12   DNV nº 21-88410237-4',
    'Atendido em 12/03/2024 14:30 por',
    'Birthdate: 12/19/1975 12:00:00 AM',
    'Nascimento: 12/03/1986 12:00:00',
    'Atualizado em 12/19/2025 18:04:11 por',
  ].join('\n');

  it('masks the date of a birth (and the midnight it was stored at) after its label or its person, and leaves its time of birth and a moment of the day', () => {
    assert.equal(
      m.maskText(TEXT).value,
      [
        'dt_nasc: [DATA_NASCIMENTO]',
        '[NOME];[CPF];[DATA_NASCIMENTO];Caruaru',
        'nasc=[DATA_NASCIMENTO]',
        '2026-12-04T07:14:02-0400 totem-cras-02 senha N021 chamada',
        'created: 2025-01-20T10:00:00Z',
        "{ nome: '[NOME]', nascimento: [DATA_NASCIMENTO], parentesco: 'Filho' }",
        'criado: 2024-03-12T03:00:00.000Z',
        'Data de nascimento: [DATA_NASCIMENTO] 03:12   DNV nº 21-88410237-4',
        'Atendido em 12/03/2024 14:30 por',
        'Birthdate: [DATA_NASCIMENTO]',
        'Nascimento: [DATA_NASCIMENTO] 12:00:00',
        'Atualizado em 12/19/2025 18:04:11 por',
      ].join('\n'),
    );
  });

  it('masks the midnight with the date it was stored at, under the keyed hash of the day alone', () => {
    const [stored, iso, plain] = m.maskText(
      '  DataNascimento  12/02/1968 00:00:00\nNascimento: 1968-02-12T00:00:00.000Z; nasc. 12/02/1968.',
    ).events;
    assert.equal(stored?.original.length, '12/02/1968 00:00:00'.length);
    assert.equal(stored?.hmac, plain?.hmac, 'the same day, with its midnight or without');
    assert.equal(iso?.hmac, plain?.hmac);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, TEXT, ['birth_date', 'name', 'cpf']);
  });
});

describe("masking: a date with its month's abbreviation and a dot (`18 de jun. de 1966`)", () => {
  const TEXT = [
    'Polo,Nome,Nascimento,CPF',
    'Polo Cidade Nova,Raimundo Nonato Baniwa,18 de jun. de 1966,859.165.576-12',
    'Data de nascimento: 3 de mai. de 1972',
    'Reunião em 18 de jun. de 2024, às 14h.',
  ].join('\n');

  it('masks such a birth date after its cue or under its column, and leaves one with no cue', () => {
    assert.equal(
      m.maskText(TEXT).value,
      [
        'Polo,Nome,Nascimento,CPF',
        'Polo Cidade Nova,[NOME],[DATA_NASCIMENTO],[CPF]',
        'Data de nascimento: [DATA_NASCIMENTO]',
        'Reunião em 18 de jun. de 2024, às 14h.',
      ].join('\n'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, TEXT, ['birth_date', 'name', 'cpf']);
  });
});

describe("masking: a date after a person's name and their relation in brackets, or opening a list's line", () => {
  const TEXT = [
    'CONTATOS EXAMINADOS',
    '1. Esperança Mbemba Nsimba (mãe), 02/03/1968 - PT 0 mm',
    'CUIDADORA PRINCIPAL: Marinalva Araújo (filha), 21/02/1972, CPF 529.982.247-25',
    'RAIMUNDA CARVALHO SOARES (mãe, agregada)          27/11/1944   cumprida',
    'Dependentes:',
    '  Wendel Corrêa Pantoja — 09/09/2006',
    'Reunião com João Silva — 12/03/2024 sobre a obra.',
  ].join('\n');

  it('masks the date as a birth, and leaves a date after a name inside a sentence', () => {
    assert.equal(
      m.maskText(TEXT).value,
      [
        'CONTATOS EXAMINADOS',
        '1. [NOME] (mãe), [DATA_NASCIMENTO] - PT 0 mm',
        'CUIDADORA PRINCIPAL: [NOME] (filha), [DATA_NASCIMENTO], CPF [CPF]',
        '[NOME] (mãe, agregada)          [DATA_NASCIMENTO]   cumprida',
        'Dependentes:',
        '  [NOME] — [DATA_NASCIMENTO]',
        'Reunião com [NOME] — 12/03/2024 sobre a obra.',
      ].join('\n'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, TEXT, ['birth_date', 'name', 'cpf']);
  });
});

describe("masking: a date after a person's name and their relation between commas, or after their CPF in a list", () => {
  const TEXT = [
    'Composição familiar:',
    '- Josué da Conceição, companheiro, 02/03/1981, desempregado',
    '- Kaynã Pataxó da Conceição, filha, 15/05/2013, CPF 390.533.447-05',
    'Passageiros:',
    '1. Lindaura Amélia Prado – 529.982.247-25 – 30/03/1951',
    'Retorno: Lindaura Prado, filha, saiu em 12/03/2026; protocolo 111.444.777-35 – 01/12/2026 10:00',
  ].join('\n');

  it('masks the date as a birth, and leaves a date of this year or one with its time', () => {
    assert.equal(
      m.maskText(TEXT).value,
      [
        'Composição familiar:',
        '- [NOME], companheiro, [DATA_NASCIMENTO], desempregado',
        '- [NOME], filha, [DATA_NASCIMENTO], CPF [CPF]',
        'Passageiros:',
        '1. [NOME] – [CPF] – [DATA_NASCIMENTO]',
        'Retorno: [NOME], filha, saiu em 12/03/2026; protocolo [CPF] – 01/12/2026 10:00',
      ].join('\n'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, TEXT, ['birth_date', 'name', 'cpf']);
  });
});
