/**
 * Documents where the cue is a column header or an element name, not a word beside the value
 * (psql and data-frame output, Markdown, HTML and fixed-width tables, SQL inserts and COPY
 * blocks, NF-e XML), and legal text (parties, titles, surname-first citations among the names of
 * courts, public bodies, states and cities). Written from the formats' public descriptions, with
 * the corpus's generators (valid check digits) and seeded like the rest of the corpus.
 */
import { fakerPT_BR as faker } from '@faker-js/faker';
import {
  BAIRROS,
  Builder,
  STREETS,
  SURNAMES,
  chance,
  digits,
  genCep,
  genCnh,
  genCpf,
  genName,
  genPhone,
  genPis,
  genTitulo,
  pick,
  rnd,
  type Doc,
  type TruthKind,
} from './corpus.js';

/** RG of São Paulo, NN.NNN.NNN-D: mod 11 with weights 2..9, 10 written X. */
function genRg(): string {
  const base = digits(8);
  const rest = base.reduce((sum, v, i) => sum + v * (i + 2), 0) % 11;
  const s = `${base.join('')}${rest === 10 ? 'X' : rest}`;
  return chance(0.7) ? `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}-${s.slice(8)}` : s;
}

const bare = (value: string): string => value.replace(/[^0-9A-Za-z]/g, '');
const isoBirth = (): string => `${1940 + rnd(66)}-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`;

interface Column {
  readonly header: string;
  readonly kind: TruthKind;
  readonly label?: string;
  readonly value: () => string;
}

const ROW_ID: Column = { header: 'id', kind: 'negative', label: 'row number', value: () => String(1 + rnd(9999)) };
const ORDER: Column = { header: 'pedido', kind: 'negative', label: 'order number', value: () => String(100000 + rnd(900000)) };
const AMOUNT: Column = { header: 'valor', kind: 'negative', label: 'price', value: () => `${rnd(9999)}.${10 + rnd(89)}` };
const STATUS: Column = {
  header: 'status',
  kind: 'negative',
  label: 'word',
  value: () => pick(['ativo', 'inativo', 'pendente', 'baixado']),
};

/** Columns whose values say nothing by themselves: only the header tells what they are. */
const PERSON_COLUMNS: readonly Column[] = [
  { header: 'nome', kind: 'name', value: genName },
  { header: 'pis', kind: 'pis', value: () => bare(genPis()) },
  { header: 'cnh', kind: 'cnh', value: genCnh },
  { header: 'rg', kind: 'rg', value: genRg },
  { header: 'data_nascimento', kind: 'birth_date', value: isoBirth },
  { header: 'titulo_eleitor', kind: 'titulo_eleitor', value: () => bare(genTitulo()) },
  { header: 'cpf', kind: 'cpf', value: () => bare(genCpf()) },
  { header: 'celular', kind: 'phone', value: () => bare(genPhone()) },
];

function columns(): Column[] {
  const personal = faker.helpers.arrayElements(PERSON_COLUMNS, { min: 3, max: 5 });
  return [ROW_ID, ...personal, ...faker.helpers.arrayElements([ORDER, AMOUNT, STATUS], { min: 1, max: 2 })];
}

function cell(b: Builder, column: Column, value: string): void {
  if (column.kind === 'negative') b.neg(column.label ?? 'value', value);
  else b.pii(column.kind, value);
}

/** `SELECT … FROM clientes` as psql prints it. */
function psql(): Doc {
  const cols = columns();
  const rows = Array.from({ length: 6 }, () => cols.map((c) => c.value()));
  const widths = cols.map((c, k) => Math.max(c.header.length, ...rows.map((r) => (r[k] ?? '').length)));
  const b = new Builder();
  b.add(`${cols.map((c, k) => ` ${c.header.padEnd(widths[k] ?? 0)} `).join('|')}\n`);
  b.add(`${widths.map((w) => '-'.repeat(w + 2)).join('+')}\n`);
  for (const row of rows) {
    cols.forEach((c, k) => {
      const value = row[k] ?? '';
      b.add(k === 0 ? ' ' : '| ');
      cell(b, c, value);
      b.add(' '.repeat((widths[k] ?? 0) - value.length + 1));
    });
    b.add('\n');
  }
  b.add(`(${rows.length} rows)\n`);
  return { kind: 'psql output', text: b.text, spans: b.spans };
}

/** `print(df)` of a pandas data frame: right-aligned columns, the index first. */
function dataFrame(): Doc {
  const cols = columns().slice(1);
  const rows = Array.from({ length: 6 }, () => cols.map((c) => c.value()));
  const widths = cols.map((c, k) => Math.max(c.header.length, ...rows.map((r) => (r[k] ?? '').length)));
  const b = new Builder();
  b.add(`   ${cols.map((c, k) => c.header.padStart(widths[k] ?? 0)).join('  ')}\n`);
  rows.forEach((row, r) => {
    b.add(String(r).padEnd(3));
    cols.forEach((c, k) => {
      const value = row[k] ?? '';
      b.add(`${k === 0 ? '' : '  '}${' '.repeat((widths[k] ?? 0) - value.length)}`);
      cell(b, c, value);
    });
    b.add('\n');
  });
  b.add(`\n[${rows.length} rows x ${cols.length} columns]\n`);
  return { kind: 'data frame', text: b.text, spans: b.spans };
}

/** A Markdown table in a generated report. */
function markdown(): Doc {
  const cols = columns();
  const b = new Builder();
  b.add(`### Cadastro conferido em ${faker.date.recent().toISOString().slice(0, 10)}\n\n`);
  b.add(`| ${cols.map((c) => c.header.replace('_', ' ')).join(' | ')} |\n`);
  b.add(`|${cols.map((_, k) => (k === 0 ? '---:' : ':---')).join('|')}|\n`);
  for (let r = 0; r < 6; r++) {
    b.add('|');
    for (const c of cols) {
      b.add(' ');
      cell(b, c, c.value());
      b.add(' |');
    }
    b.add('\n');
  }
  return { kind: 'markdown table', text: b.text, spans: b.spans };
}

/** An HTML table, header cells first, cells over several lines now and then. */
function html(): Doc {
  const cols = columns();
  const b = new Builder();
  b.add('<table class="clientes">\n  <thead><tr>');
  for (const c of cols) b.add(`<th>${c.header.replace('_', ' ')}</th>`);
  b.add('</tr></thead>\n  <tbody>\n');
  for (let r = 0; r < 5; r++) {
    b.add('    <tr>');
    for (const c of cols) {
      b.add(chance(0.2) ? '\n      <td>' : '<td>');
      cell(b, c, c.value());
      b.add('</td>');
    }
    b.add('</tr>\n');
  }
  b.add('  </tbody>\n</table>\n');
  return { kind: 'html table', text: b.text, spans: b.spans };
}

/** A fixed-width report as a mainframe or a report tool prints it: upper-case headers, no separators. */
function fixedWidth(): Doc {
  const cols = columns();
  const rows = Array.from({ length: 6 }, () => cols.map((c) => c.value()));
  const widths = cols.map((c, k) => Math.max(c.header.length, ...rows.map((r) => (r[k] ?? '').length)) + 2);
  const b = new Builder();
  b.add(`RELATORIO DE BENEFICIARIOS${' '.repeat(20)}PAG. ${1 + rnd(9)}\n`);
  b.add(
    `${cols
      .map((c, k) =>
        c.header
          .toUpperCase()
          .replace('_', ' ')
          .padEnd(widths[k] ?? 0),
      )
      .join('')}\n`,
  );
  for (const row of rows) {
    cols.forEach((c, k) => {
      const value = row[k] ?? '';
      cell(b, c, value);
      b.add(' '.repeat((widths[k] ?? 0) - value.length));
    });
    b.add('\n');
  }
  return { kind: 'fixed-width report', text: b.text, spans: b.spans };
}

/** INSERT with a column list, then the same table as a COPY … FROM stdin block. */
function sql(): Doc {
  const cols = columns();
  const b = new Builder();
  b.add(`INSERT INTO clientes (${cols.map((c) => c.header).join(', ')}) VALUES\n`);
  for (let r = 0; r < 4; r++) {
    b.add('  (');
    cols.forEach((c, k) => {
      if (k > 0) b.add(', ');
      const quoted = c !== ROW_ID && c !== AMOUNT;
      b.add(quoted ? "'" : '');
      cell(b, c, c.value().replace(/'/g, ''));
      b.add(quoted ? "'" : '');
    });
    b.add(r === 3 ? ');\n\n' : '),\n');
  }
  b.add(`COPY public.clientes (${cols.map((c) => c.header).join(', ')}) FROM stdin;\n`);
  for (let r = 0; r < 4; r++) {
    cols.forEach((c, k) => {
      if (k > 0) b.add('\t');
      cell(b, c, c.value());
    });
    b.add('\n');
  }
  b.add('\\.\n');
  return { kind: 'sql', text: b.text, spans: b.spans };
}

/** The recipient block of an NF-e (layout 4.00): element names are the only cue. */
function nfe(): Doc {
  const b = new Builder();
  b.add('<?xml version="1.0" encoding="UTF-8"?>\n<nfeProc versao="4.00"><NFe><infNFe Id="NFe');
  b.neg('access key', `35${digits(42).join('')}`).add('" versao="4.00">\n<ide><nNF>');
  b.neg('order number', String(1000 + rnd(90000)))
    .add('</nNF><dhEmi>')
    .neg('timestamp', faker.date.recent().toISOString())
    .add('</dhEmi></ide>\n');
  b.add('<dest>\n  <CPF>').pii('cpf', bare(genCpf())).add('</CPF>\n  <xNome>').pii('name', genName()).add('</xNome>\n  <enderDest>\n');
  b.add('    <xLgr>')
    .pii('address', `${pick(['Rua', 'Avenida', 'Travessa', 'Alameda'])} ${pick(STREETS)}`)
    .add('</xLgr>\n    <nro>')
    .pii('address', String(1 + rnd(3000)), 'address number')
    .add('</nro>\n');
  if (chance(0.5))
    b.add('    <xCpl>')
      .pii('address', `apto ${10 + rnd(300)}`, 'address complement')
      .add('</xCpl>\n');
  b.add('    <xBairro>').pii('address', pick(BAIRROS), 'bairro').add('</xBairro>\n');
  b.add('    <cMun>3550308</cMun><xMun>São Paulo</xMun><UF>SP</UF>\n    <CEP>').pii('cep', bare(genCep())).add('</CEP>\n');
  b.add('    <fone>').pii('phone', bare(genPhone())).add('</fone>\n  </enderDest>\n  <email>');
  b.pii('email', faker.internet.email().toLowerCase()).add('</email>\n</dest>\n');
  b.add('<det nItem="1"><prod><cProd>')
    .neg('order number', String(10000 + rnd(90000)))
    .add('</cProd><xProd>SERVICO DE MANUTENCAO</xProd><vProd>')
    .neg('price', `${rnd(9999)}.${10 + rnd(89)}`)
    .add('</vProd></prod></det>\n</infNFe></NFe></nfeProc>\n');
  return { kind: 'nfe xml', text: b.text, spans: b.spans };
}

const COURTS = [
  'Tribunal de Justiça do Estado de São Paulo',
  'Tribunal Regional Federal da 4ª Região',
  'Superior Tribunal de Justiça',
  'Tribunal de Justiça de Minas Gerais',
  'Tribunal Regional do Trabalho da 2ª Região',
];
const BODIES = [
  'Instituto Nacional do Seguro Social',
  'Ministério Público do Estado do Rio Grande do Sul',
  'Defensoria Pública da União',
  'Caixa Econômica Federal',
  'Município de Ribeirão Preto',
  'Estado de Santa Catarina',
  'Agência Nacional de Saúde Suplementar',
  'Banco do Brasil S.A.',
];
const PLACES = ['Juiz de Fora - MG', 'Comarca de Campinas', 'Porto Velho/RO', 'Distrito Federal', 'Feira de Santana - BA', 'Vila Velha-ES'];
const TITLES = ['Des.', 'Desembargador', 'Juíza de Direito', 'Min.', 'Dr.', 'Dra.', 'o advogado', 'a perita'];

function caseNumber(): string {
  return `${digits(7).join('')}-${digits(2).join('')}.${2015 + rnd(10)}.8.${String(1 + rnd(26)).padStart(2, '0')}.${digits(4).join('')}`;
}

/** A court decision's header, report and signature: parties, titles, citations, courts and places. */
function decision(): Doc {
  const b = new Builder();
  b.add('APELAÇÃO CÍVEL Nº ').neg('case number', caseNumber()).add(' – ').neg('place', pick(PLACES)).add('\n');
  b.add('APELANTE: ').pii('name', genName().toUpperCase()).add('\n');
  b.add('APELADO: ').neg('organisation', pick(BODIES).toUpperCase()).add('\n');
  b.add('RELATOR: ')
    .add(pick(['Des. ', 'Desembargador ']))
    .pii('name', genName())
    .add('\n\n');
  b.add('ACÓRDÃO\n\nVistos, relatados e discutidos estes autos, em que é apelante ');
  b.pii('name', genName()).add(', inscrito no CPF sob o nº ').pii('cpf', genCpf()).add(', residente na ');
  b.pii('address', `${pick(['Rua', 'Avenida'])} ${pick(STREETS)}, ${1 + rnd(2000)}`).add(', e apelado o ');
  b.neg('organisation', pick(BODIES)).add('.\n\n');
  b.add('Trata-se de recurso contra sentença proferida pela ')
    .neg('organisation', pick(['1ª Vara Cível', '2ª Vara da Fazenda Pública', 'Vara do Trabalho']))
    .add(' de ')
    .neg('place', pick(PLACES))
    .add(', que julgou improcedente o pedido. ');
  b.add(`O autor sustenta, com apoio em `).pii(
    'name',
    `${pick(SURNAMES).toUpperCase()}, ${faker.person.firstName()} ${pick(SURNAMES)}`,
    'surname-first citation',
  );
  b.add(` (${2000 + rnd(24)}), que o ato do `)
    .neg('organisation', pick(BODIES))
    .add(' violou o art. 5º da Constituição.\n\n');
  b.add(`Ouvida a testemunha `)
    .pii('name', genName())
    .add(`, ${pick(['motorista', 'professora', 'comerciante'])}, e o laudo de `);
  b.add(`${pick(TITLES)} `)
    .pii('name', `${faker.person.firstName()} ${pick(SURNAMES)}`)
    .add(', o ');
  b.neg('organisation', pick(COURTS)).add(' manteve a decisão.\n\n');
  b.add('DIANTE DO EXPOSTO, NEGA-SE PROVIMENTO AO RECURSO.\n\n');
  b.add(`${pick(['São Paulo', 'Belo Horizonte', 'Porto Alegre'])}, ${1 + rnd(28)} de março de ${2020 + rnd(5)}.\n\n`);
  b.add('Assinado eletronicamente por: ').pii('name', genName()).add('\n');
  return { kind: 'court decision', text: b.text, spans: b.spans };
}

const STRUCTURED = [psql, dataFrame, markdown, html, fixedWidth, sql, nfe, decision];

/** `count` documents of every structured and legal kind, reproducible from `seed`. */
export function generateStructuredCorpus(count: number, seed = 2028): Doc[] {
  faker.seed(seed);
  const docs: Doc[] = [];
  for (let i = 0; i < count; i++) for (const make of STRUCTURED) docs.push(make());
  return docs;
}
