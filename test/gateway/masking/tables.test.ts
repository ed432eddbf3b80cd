/**
 * Structure-aware masking: a column's header (or a key, an element, an attribute) is the cue for
 * the values under it, in every common way a table is written out as text. Each document is
 * written from the format's public description; `«LABEL:value»` marks a value and the label it
 * must be replaced by.
 */
import { strict as assert } from 'node:assert';
import type { TextSyntax } from '../../../gateway/masking/index.js';
import { chunksAt, drain, masker } from './fixtures.js';

const m = masker();

interface Case {
  readonly title: string;
  readonly syntax: TextSyntax;
  /** The document with each value to mask written `«LABEL:value»`. */
  readonly marked: string;
}

const MARK = /«([A-Z_]+):([^»]*)»/g;
const input = (c: Case): string => c.marked.replace(MARK, '$2');
const expected = (c: Case): string => c.marked.replace(MARK, '[$1]');

const CASES: readonly Case[] = [
  {
    title: 'a payroll export whose header follows a layout label, its fields named by glued abbreviations (Senior, COBOL-era)',
    syntax: 'plain',
    marked: [
      'LEIAUTE: numcad;nomfun;numcpf;numpis;datnas;endrua;endnum;nombai;nomcid;endcep;numtel;valsal',
      '00412;«NOME:ZANELLA ORTRUD MARLENE»;«CPF:31820477525»;«PIS:12056412545»;«DATA_NASCIMENTO:09/10/1971»;«ENDERECO:RUA ITAJAI»;«ENDERECO:1402»;«ENDERECO:VILA NOVA»;Timbó;«CEP:89120000»;«TELEFONE:4733820194»;2.310,00',
      '',
    ].join('\n'),
  },
  {
    title: "SAP tables shown by SE16 (HCM's infotypes 0002 and 0006)",
    syntax: 'plain',
    marked: [
      '|PERNR   |NACHN          |VORNA          |GBDAT     |',
      '|--------|---------------|---------------|----------|',
      '|00070211|«NOME:Tsukamoto»      |«NOME:Aiko»           |«DATA_NASCIMENTO:21.04.1983»|',
      '',
      '|PERNR   |STRAS                    |HSNMR |ORT01     |PSTLZ    |TELNR          |',
      '|--------|-------------------------|------|----------|---------|---------------|',
      '|00070211|«ENDERECO:Rua Sergipe»              |«ENDERECO:88»    |Maringá   |«CEP:87013-240»|«TELEFONE:44 99120-4471»|',
      '',
    ].join('\n'),
  },
  {
    title: "a name column beside a person's document: any name's words, not a firm's, a test row's or an anonymous one",
    syntax: 'plain',
    marked: [
      'nome;cpf;nascimento',
      '«NOME:Bùi Văn Tâm»;«CPF:318.204.775-25»;«DATA_NASCIMENTO:12/03/1979»',
      'Cooperativa Mista Vale Verde;;',
      'Cadastro Teste;;',
      'Anônimo;;',
      '',
    ].join('\n'),
  },
  {
    title: "a Markdown table whose cells are padded wider than a header's name may be, with a column of signatures",
    syntax: 'plain',
    marked: [
      `| Nº  | Nome${' '.repeat(40)}| Nasc.      | Endereço${' '.repeat(44)}| Assinatura   |`,
      `|-----|${'-'.repeat(44)}|------------|${'-'.repeat(52)}|--------------|`,
      `| 1   | «NOME:Nguyễn Thị Hoa»${' '.repeat(26)}| «DATA_NASCIMENTO:04/05/1988» | «ENDERECO:Rua Guaicurus, 1.120, casa 3, Jardim Peri»${' '.repeat(10)}| «NOME:Hoa N.» |`,
      '',
    ].join('\n'),
  },
  {
    title: "columns named by a role with its other gender in brackets, the dead's and a late registration's",
    syntax: 'plain',
    marked: ['Aluno(a);Falecido(a);Registrando;Turma', '«NOME:Tsiipré Xerente»;«NOME:Wenceslau Krahô»;«NOME:Hyãkre Apinajé»;5º B', ''].join(
      '\n',
    ),
  },
  {
    title: "a column named by a person's role, whose first names no list knows (a firm, a public body and a status left)",
    syntax: 'plain',
    marked: [
      'pasta;cliente;fase',
      '1;«NOME:Mamadou Lamine Diallo»;Inicial',
      '2;«NOME:Yoon Seo-yeon»;Citação',
      '3;Padaria e Confeitaria Nova Tabor Ltda.;Execução',
      '4;Fazenda Pública do Estado de São Paulo;Perícia',
      '',
    ].join('\n'),
  },
  {
    title: "a case-management CSV and a log table with a column of users (a person's login; a service's or a role's account left)",
    syntax: 'plain',
    marked: [
      '"pasta";"fase";"responsavel";"prazo"',
      '"2026-0031";"Instrução";"«NOME:tkawahara»";"09/12/2026"',
      '"2026-0044";"Perícia";"«NOME:Ivone Siqueira»";"11/12/2026"',
      '"2026-0051";"Citação";"Secretaria de Saúde";"21/12/2026"',
      '',
      'time,user,status',
      '07:02,«NOME:odete.macuxi»,422',
      '07:05,svc-totem,200',
      '07:09,admin.regional,200',
      '07:11,«NOME:rbenites»,201',
      '',
    ].join('\n'),
  },
  {
    title: "a CSV export with ; (bare PIS, CNH, RG, mother's name, street, number and bairro columns)",
    syntax: 'plain',
    marked: [
      'id;nome;nis;dt_nasc;cnh;rg;nome_mae;logradouro;nro;bairro;cidade',
      '1;«NOME:Maria Souza»;«PIS:12056874107»;«DATA_NASCIMENTO:12/03/1985»;«CNH:02650306461»;«RG:12.345.678-0»;«NOME:Ana Souza»;«ENDERECO:Rua das Flores»;«ENDERECO:928»;«ENDERECO:Centro»;Curitiba',
      '2;«NOME:Kauane Xyz»;«PIS:10979382111»;«DATA_NASCIMENTO:1990-07-01»;«CNH:02650306461»;«RG:MG-12.345.678»;«NOME:Francisca Xyz»;«ENDERECO:Av. Brasil»;«ENDERECO:12»;«ENDERECO:Boa Vista»;Recife',
      '',
    ].join('\n'),
  },
  {
    title: 'a TSV export',
    syntax: 'plain',
    marked: [
      'nome\tcpf\tpis_pasep\ttelefone',
      '«NOME:José Pereira»\t«CPF:529.982.247-25»\t«PIS:120.56874.10-7»\t«TELEFONE:(11) 98765-4321»',
      '',
    ].join('\n'),
  },
  {
    title: 'a Markdown table with alignment rules',
    syntax: 'plain',
    marked: [
      '| Paciente | CNS | Nascimento | Cidade |',
      '|:---------|----:|:----------:|--------|',
      '| «NOME:Maria Aparecida» | «CNS:706 6758 2926 6065» | «DATA_NASCIMENTO:12/03/1985» | Campinas |',
      '| «NOME:Kauane Xyz» | «CNS:112198034774099» | «DATA_NASCIMENTO:01/07/1990» | Santos |',
      '',
    ].join('\n'),
  },
  {
    title: 'psql output',
    syntax: 'plain',
    marked: [
      ' id |      nome_completo      |     cpf     |    dt_nasc    |     nis     |  rg',
      '----+-------------------------+-------------+---------------+-------------+----------',
      '  1 | «NOME:Maria Aparecida Souza»   | «CPF:52998224725» | «DATA_NASCIMENTO:1985-03-12»    | «PIS:12056874107» | «RG:1234567»',
      '  2 | «NOME:Kauane Xyz Bezerra»      | «CPF:11144477735» | «DATA_NASCIMENTO:1990-07-01»    | «PIS:10979382111» | «RG:20345671»',
      '(2 rows)',
      '',
    ].join('\n'),
  },
  {
    title: "cqlsh's expanded rows (EXPAND ON)",
    syntax: 'plain',
    marked: [
      '@ Row 1',
      '-------------+----------------------------',
      ' nome        | «NOME:Rosilda Prates Kaingang»',
      ' logradouro  | «ENDERECO:Rua Itaquitinga»',
      ' numero      | «ENDERECO:77»',
      ' plano       | Ouro',
      '',
      '(1 rows)',
      '',
    ].join('\n'),
  },
  {
    title: 'mysql client output with +---+ borders',
    syntax: 'plain',
    marked: [
      '+----+--------------------+-------------+------------+-------------+',
      '| id | nome               | cnh         | data_nasc  | registro    |',
      '+----+--------------------+-------------+------------+-------------+',
      '|  1 | «NOME:Josué Albuquerque»  | «CNH:02650306461» | «DATA_NASCIMENTO:03/07/1988» | «RG:4455667»     |',
      '|  2 | «NOME:Wesley Q. Ramos»    | «CNH:02650306461» | «DATA_NASCIMENTO:11/11/1979» | «RG:MG-12.345.6» |',
      '+----+--------------------+-------------+------------+-------------+',
      '2 rows in set (0.00 sec)',
      '',
    ].join('\n'),
  },
  {
    title: 'a box-drawing table',
    syntax: 'plain',
    marked: [
      '┌────┬──────────────────┬─────────────┐',
      '│ id │ nome             │ cpf         │',
      '├────┼──────────────────┼─────────────┤',
      '│ 1  │ «NOME:Maria da Silva»   │ «CPF:52998224725» │',
      '│ 2  │ «NOME:Kauane Xyz»       │ «CPF:11144477735» │',
      '└────┴──────────────────┴─────────────┘',
      '',
    ].join('\n'),
  },
  {
    title: 'print(df) of a pandas data frame (right-aligned, index column)',
    syntax: 'plain',
    marked: [
      '                 nome          cpf     dt_nasc    pis_pasep        cidade',
      '0  «NOME:Maria Silva Santos»  «CPF:52998224725»  «DATA_NASCIMENTO:1985-03-12»  «PIS:12056874107»     São Paulo',
      '1      «NOME:Kauane Bezerra»  «CPF:11144477735»  «DATA_NASCIMENTO:1990-07-01»  «PIS:10979382111»  Porto Alegre',
      '',
      '[2 rows x 5 columns]',
      '',
    ].join('\n'),
  },
  {
    title: 'a fixed-width report with multi-word headers',
    syntax: 'plain',
    marked: [
      'RELATÓRIO DE BENEFICIÁRIOS                                   PÁGINA 1',
      'NOME COMPLETO             CPF              NASCIMENTO    NOME DA MAE',
      '«NOME:JOSÉ CARLOS DA SILVA»      «CPF:529.982.247-25»   «DATA_NASCIMENTO:12/03/1985»    «NOME:ANA MARIA DA SILVA»',
      '«NOME:ADRIELY KAUANE ROCHA»      «CPF:111.444.777-35»   «DATA_NASCIMENTO:01/07/1990»    «NOME:FRANCISCA ROCHA»',
      '',
      'TOTAL: 2 registros',
      '',
    ].join('\n'),
  },
  {
    title: 'an HTML table (header cells, cells over several lines, tags in cells)',
    syntax: 'markup',
    marked: [
      '<table class="pacientes">',
      '  <thead><tr><th>Nome</th><th>CNS</th><th>Data de nascimento</th><th>Bairro</th><th>Logradouro</th></tr></thead>',
      '  <tbody>',
      '    <tr><td>«NOME:Maria Aparecida»</td><td>«CNS:706675829266065»</td><td>«DATA_NASCIMENTO:12/03/1985»</td><td>«ENDERECO:Centro»</td><td>«ENDERECO:Rua XV de Novembro, 928»</td></tr>',
      '    <tr>',
      '      <td><b>«NOME:Kauane Xyz»</b></td>',
      '      <td>«CNS:112198034774099»</td>',
      '      <td>«DATA_NASCIMENTO:01/07/1990»</td>',
      '      <td>«ENDERECO:Boa Vista»</td>',
      '      <td>«ENDERECO:Av. Brasil, 12»</td>',
      '    </tr>',
      '  </tbody>',
      '</table>',
      '',
    ].join('\n'),
  },
  {
    title: 'SQL: INSERT with a column list, INSERT after CREATE TABLE, COPY … FROM stdin',
    syntax: 'plain',
    marked: [
      'CREATE TABLE pacientes (',
      '  id SERIAL PRIMARY KEY,',
      '  nome_mae VARCHAR(120),',
      '  nis CHAR(11),',
      '  dt_nasc DATE,',
      '  PRIMARY KEY (id)',
      ');',
      'INSERT INTO clientes (id, nome, cpf, data_nascimento, telefone) VALUES',
      "  (1, '«NOME:Maria D''Ávila»', '«CPF:52998224725»', '«DATA_NASCIMENTO:1985-03-12»', '«TELEFONE:11987654321»'),",
      "  (2, '«NOME:Kauane Xyz»', '«CPF:111.444.777-35»', '«DATA_NASCIMENTO:1990-07-01»', '«TELEFONE:(21) 2345-6789»');",
      "INSERT INTO pacientes VALUES (7, '«NOME:Francisca Rocha»', '«PIS:12056874107»', '«DATA_NASCIMENTO:1979-11-11»');",
      'COPY public.funcionarios (id, nome, pis, rg) FROM stdin;',
      '1\t«NOME:Maria Souza»\t«PIS:12056874107»\t«RG:1234567»',
      '2\t«NOME:Wesley Ramos»\t«PIS:10979382111»\t«RG:20345671»',
      '\\.',
      'SELECT count(*) FROM clientes;',
      '',
    ].join('\n'),
  },
  {
    title: "SQL: Oracle's INSERT ALL, each INTO clause by its own columns; a date inside TO_DATE, CAST or a DATE literal",
    syntax: 'plain',
    marked: [
      'INSERT ALL',
      '  INTO RH_FROTA.COLABORADOR (MATRICULA, NOME, PIS, DT_NASC, CELULAR, LOGRADOURO, NUMERO, BAIRRO, CIDADE)',
      "    VALUES (1044, '«NOME:ADALGISA BANIWA FONTES»', '«PIS:12063854477»', TO_DATE('«DATA_NASCIMENTO:1983-02-17»','YYYY-MM-DD'), '«TELEFONE:92991407712»', '«ENDERECO:RUA BEIJA-FLOR»', '«ENDERECO:37»', '«ENDERECO:NOVA CIDADE»', 'MANAUS')",
      '  INTO RH_FROTA.VALE (MATRICULA, LINHA, COMPETENCIA)',
      "    VALUES (1044, '640', '2026-12')",
      'SELECT 1 FROM DUAL;',
      "INSERT INTO dependentes (nome, nascimento) VALUES ('«NOME:Ariel Pataxó»', DATE '«DATA_NASCIMENTO:2009-07-21»'), ('«NOME:Kaynã Pataxó»', CAST('«DATA_NASCIMENTO:2013-05-15»' AS DATE));",
      '',
    ].join('\n'),
  },
  {
    title: 'NF-e XML elements (xNome, xLgr, nro, xBairro) and attributes',
    syntax: 'markup',
    marked: [
      '<dest>',
      '  <CPF>«CPF:52998224725»</CPF>',
      '  <xNome>«NOME:MARIA APARECIDA DA SILVA»</xNome>',
      '  <enderDest>',
      '    <xLgr>«ENDERECO:RUA XV DE NOVEMBRO»</xLgr>',
      '    <nro>«ENDERECO:928»</nro>',
      '    <xBairro>«ENDERECO:CENTRO»</xBairro>',
      '    <xMun>CURITIBA</xMun>',
      '    <UF>PR</UF>',
      '    <CEP>«CEP:80020310»</CEP>',
      '    <fone>«TELEFONE:4132223344»</fone>',
      '  </enderDest>',
      '  <email>«EMAIL:maria@exemplo.com.br»</email>',
      '</dest>',
      '<paciente nome="«NOME:Kauane Xyz»" cpf="«CPF:111.444.777-35»" nis="«PIS:12056874107»" dtNasc="«DATA_NASCIMENTO:1990-07-01»"/>',
      '',
    ].join('\n'),
  },
  {
    title: 'an ISO 20022 payment (a PIX batch): postal address, contact numbers; the town and the amounts kept',
    syntax: 'markup',
    marked: [
      '<Cdtr>',
      '  <PstlAdr>',
      '    <StrtNm>«ENDERECO:Avenida Getúlio Vargas»</StrtNm><BldgNb>«ENDERECO:1044»</BldgNb><Flr>«ENDERECO:sala 7»</Flr>',
      '    <DstrctNm>«ENDERECO:Jardim Botânico»</DstrctNm><PstCd>«CEP:38410-106»</PstCd><TwnNm>Uberlândia</TwnNm>',
      '  </PstlAdr>',
      '  <CtctDtls><PhneNb>«TELEFONE:+55-34-32114477»</PhneNb><MobNb>«TELEFONE:+55-34-991557203»</MobNb></CtctDtls>',
      '</Cdtr>',
      '<InstdAmt Ccy="BRL">1250.00</InstdAmt><NbOfTxs>3</NbOfTxs>',
      '',
    ].join('\n'),
  },
  {
    title: 'JSON lines',
    syntax: 'plain',
    marked: [
      '{"id": 1, "nome": "«NOME:kauane xyz»", "cpf": "«CPF:52998224725»", "pis": «PIS:12056874107», "dt_nasc": "«DATA_NASCIMENTO:1985-03-12»"}',
      '{"id": 2, "nome": "«NOME:Wesley Q.»", "cpf": "«CPF:111.444.777-35»", "pis": "«PIS:10979382111»", "dt_nasc": "«DATA_NASCIMENTO:1990-07-01»"}',
      '',
    ].join('\n'),
  },
  {
    title: 'a vertical key/value table, a label with its value on the next line, a number label followed by words',
    syntax: 'plain',
    marked: [
      '| Campo | Valor |',
      '|---|---|',
      '| Nome | «NOME:Adriely Kauane» |',
      '| CPF | «CPF:529.982.247-25» |',
      '| Data de nascimento | «DATA_NASCIMENTO:12/03/1985» |',
      '| Endereço | «ENDERECO:Rua 7 de Setembro, 393, apto 697» |',
      '',
      'Nome:',
      '«NOME:Josué Bezerra de Albuquerque»',
      'RG: «RG:12.345.678-0 SSP/SP»',
      '',
    ].join('\n'),
  },
];

describe('masking: tables and structures', () => {
  for (const c of CASES) {
    it(`masks every sensitive column of ${c.title}`, () => {
      assert.equal(m.maskText(input(c), { syntax: c.syntax }).value, expected(c));
    });
  }

  it('masks them the same in a stream, whatever the chunks', () => {
    for (const c of CASES) {
      const text = input(c);
      for (const size of [1, 3, 7, 40]) {
        const cuts = Array.from({ length: Math.ceil(text.length / size) }, (_, k) => k * size);
        assert.equal(drain(m.textStream({ syntax: c.syntax }), chunksAt(text, cuts)).value, expected(c), `${c.title}, chunks of ${size}`);
      }
    }
  });

  it('does not take a line of prose with a key word in it for a header', () => {
    const text = 'O nome do cliente e o CPF estão abaixo\nMaria chegou cedo  e saiu tarde ontem\n1 2 3';
    assert.equal(m.maskText(text).value, text.replace('Maria', '[NOME]'));
    // A label like a layout's before a list of documents in prose: the line after it is no row.
    const listed = 'Campos: nome, CPF, RG, comprovante de endereço\nPrazo: 10 dias, 3 vias, 2 cópias, 1 envelope';
    assert.equal(m.maskText(listed).value, listed);
  });

  it("reads a day's column under a heading that lists birthdays as birth dates, and leaves it elsewhere", () => {
    const post =
      '🎉 Aniversariantes de março — equipe de Logística\n\nMande seus parabéns pelo chat! Quem quiser pode trazer bolo para a copa do terceiro andar, combinado com o RH.\n\n' +
      '| Dia | Nome | Setor |\n|---|---|---|\n| 04/03 | Raimunda Tuyuka | Expedição |\n| 19/03 | Joana Park | Frota |\n';
    assert.equal(
      m.maskText(post).value,
      post
        .replace('04/03', '[DATA_NASCIMENTO]')
        .replace('19/03', '[DATA_NASCIMENTO]')
        .replace('Raimunda Tuyuka', '[NOME]')
        .replace('Joana Park', '[NOME]'),
    );
    const shifts = 'Escala de março\n\n| Dia | Nome | Setor |\n|---|---|---|\n| 04/03 | Raimunda Tuyuka | Expedição |\n';
    assert.equal(m.maskText(shifts).value, shifts.replace('Raimunda Tuyuka', '[NOME]'));
  });

  it("masks rare names under a generic name column once a person's name taught it, and names written surname first", () => {
    const table =
      '| Nome | Setor | Ramal |\n|---|---|---|\n| Marcos Vieira | Frota | 2201 |\n| Tuyuka Baré | Frota | 2202 |\n| Djeneba Traoré | RH | 2203 |\n';
    assert.equal(m.maskText(table).value, table.replace(/Marcos Vieira|Tuyuka Baré|Djeneba Traoré/g, '[NOME]'));
    const products =
      'nome;preco;estoque;fornecedor\nCreme Dental Menta;5,10;3;Distribuidora Sol Ltda\nTuyuka Baré;4,00;9;Distribuidora Sol Ltda\n';
    assert.equal(m.maskText(products).value, products);
    const insured =
      '| SEGURADO | CPF | VALOR |\n|---|---|---|\n| ABDALLA SAHIUM, GEORGES | 529.982.247-25 | 48210.00 |\n| Nakayama, Toshio | 111.444.777-35 | 9300.00 |\n';
    assert.equal(
      m.maskText(insured).value,
      insured
        .replace('ABDALLA SAHIUM, GEORGES', '[NOME]')
        .replace('Nakayama, Toshio', '[NOME]')
        .replace(/\d{3}\.\d{3}\.\d{3}-\d{2}/g, '[CPF]'),
    );
  });

  it('ends a table at a blank line, and an insert at its semicolon', () => {
    const csv = 'nome;cpf\nKauane Xyz;11144477735\n\nkauane xyz;rascunho\n';
    assert.equal(m.maskText(csv).value, 'nome;cpf\n[NOME];[CPF]\n\nkauane xyz;rascunho\n');
    // (A word of the name itself would be masked anyway, as a login spelled from a name the text gave.)
    const sql = "INSERT INTO t (nome) VALUES ('Kauane Xyz');\nSELECT ('zuleica abc');";
    assert.equal(m.maskText(sql).value, "INSERT INTO t (nome) VALUES ('[NOME]');\nSELECT ('zuleica abc');");
  });

  it("masks a bairro's column beside a person's own document, and leaves it in a table of no one's", () => {
    const people = 'Nome,CPF,Bairro,Turma\nRaimundo Baniwa,859.165.576-12,Cidade Nova,EJA-2B';
    assert.equal(m.maskText(people).value, 'Nome,CPF,Bairro,Turma\n[NOME],[CPF],[ENDERECO],EJA-2B');
    const shops = 'Loja,Bairro,Vendas\nCentro,Cidade Nova,100';
    assert.equal(m.maskText(shops).value, shops);
  });
});
