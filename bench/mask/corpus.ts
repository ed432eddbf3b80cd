/**
 * Generated corpus of realistic Brazilian documents with ground-truth spans, for the masking
 * benchmark. Independent of the engine on purpose: check digits are computed here from the
 * published rules, names come from faker's pt_BR locale plus the surname and street lists
 * below (not from the engine's lexicons), and the truth is where the generator put each value.
 */
import { fakerPT_BR as faker } from '@faker-js/faker';
import type { DetectorId } from '../../gateway/masking/config.js';

export type TruthKind = DetectorId | 'negative';

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: TruthKind;
  /** For negatives: what it is (order number, uuid…). */
  readonly label: string;
}

export interface Doc {
  readonly kind: string;
  readonly text: string;
  readonly spans: Span[];
}

export class Builder {
  text = '';
  readonly spans: Span[] = [];
  add(part: string): this {
    this.text += part;
    return this;
  }
  pii(kind: TruthKind, value: string, label: string = kind): this {
    this.spans.push({ start: this.text.length, end: this.text.length + value.length, kind, label });
    this.text += value;
    return this;
  }
  neg(label: string, value: string): this {
    return this.pii('negative', value, label);
  }
}

export const rnd = (n: number): number => faker.number.int({ min: 0, max: n - 1 });
export const pick = <T>(items: readonly T[]): T => items[rnd(items.length)] as T;
export const digits = (n: number): number[] => Array.from({ length: n }, () => rnd(10));
export const chance = (p: number): boolean => faker.number.float({ min: 0, max: 1 }) < p;

function mod11(values: readonly number[], weights: readonly number[]): number {
  const rest = values.reduce((sum, v, i) => sum + v * (weights[i] ?? 0), 0) % 11;
  return rest < 2 ? 0 : 11 - rest;
}

export function genCpf(): string {
  const base = digits(9);
  const d1 = mod11(base, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11([...base, d1], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const s = [...base, d1, d2].join('');
  return chance(0.7) ? `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}` : s;
}

export function genCnpj(): string {
  const alphanumeric = chance(0.3);
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const base = alphanumeric ? Array.from({ length: 8 }, () => chars[rnd(36)]).join('') + '0001' : digits(8).join('') + '0001';
  const values = [...base].map((c) => c.charCodeAt(0) - 48);
  const d1 = mod11(values, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11([...values, d1], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const s = `${base}${d1}${d2}`;
  return chance(0.75) ? `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}` : s;
}

/** CNH: first check digit mod 11 of weights 9..1 (10+ → 0, and then the second is decremented by 2). */
export function genCnh(): string {
  for (;;) {
    const base = digits(9);
    if (new Set(base).size === 1) continue;
    let sum = base.reduce((acc, v, i) => acc + v * (9 - i), 0);
    let d1 = sum % 11;
    let dec = 0;
    if (d1 >= 10) {
      d1 = 0;
      dec = 2;
    }
    sum = base.reduce((acc, v, i) => acc + v * (i + 1), 0);
    let d2 = ((((sum % 11) - dec) % 11) + 11) % 11;
    if (d2 >= 10) d2 = 0;
    return `${base.join('')}${d1}${d2}`;
  }
}

export function genPis(): string {
  const base = digits(10);
  const weights = [3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  const rest = 11 - (base.reduce((acc, v, i) => acc + v * (weights[i] ?? 0), 0) % 11);
  const s = `${base.join('')}${rest >= 10 ? 0 : rest}`;
  return chance(0.6) ? `${s.slice(0, 3)}.${s.slice(3, 8)}.${s.slice(8, 10)}-${s.slice(10)}` : s;
}

/** Título de eleitor: 8 digits, UF 01-28, two mod-11 digits (SP/MG turn a 0 remainder into 1). */
export function genTitulo(): string {
  const seq = digits(8);
  const uf = 1 + rnd(28);
  const ufd = [Math.floor(uf / 10), uf % 10];
  let r1 = seq.reduce((acc, v, i) => acc + v * (i + 2), 0) % 11;
  if (r1 === 10) r1 = 0;
  else if (r1 === 0 && uf <= 2) r1 = 1;
  let r2 = ((ufd[0] ?? 0) * 7 + (ufd[1] ?? 0) * 8 + r1 * 9) % 11;
  if (r2 === 10) r2 = 0;
  else if (r2 === 0 && uf <= 2) r2 = 1;
  const s = `${seq.join('')}${ufd.join('')}${r1}${r2}`;
  return chance(0.5) ? `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8)}` : s;
}

function genCard(): string {
  const prefix = pick(['4', '51', '52', '53', '54', '55', '2221', '4011', '5067', '6062']);
  const body = [...prefix].map(Number).concat(digits(15 - prefix.length));
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let v = body[body.length - 1 - i] ?? 0;
    if (i % 2 === 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  const s = `${body.join('')}${(10 - (sum % 10)) % 10}`;
  return pick([s.replace(/(\d{4})(?=\d)/g, '$1 '), s.replace(/(\d{4})(?=\d)/g, '$1-'), s]);
}

const DDDS = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55,
  61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
];

export function genPhone(): string {
  const ddd = pick(DDDS);
  const mobile = chance(0.65);
  const sub = mobile ? `9${digits(8).join('')}` : `${2 + rnd(4)}${digits(7).join('')}`;
  const a = sub.slice(0, sub.length - 4);
  const b = sub.slice(-4);
  return pick([
    `(${ddd}) ${a}-${b}`,
    `(${ddd}) ${a}-${b}`,
    `${ddd} ${a}-${b}`,
    `+55 ${ddd} ${a}-${b}`,
    `+55 (${ddd}) ${a}-${b}`,
    `(${ddd})${a}-${b}`,
    `+55${ddd}${sub}`,
  ]);
}

export function genCep(): string {
  const d = `${1 + rnd(9)}${digits(7).join('')}`;
  return chance(0.8) ? `${d.slice(0, 5)}-${d.slice(5)}` : `${d.slice(0, 2)}.${d.slice(2, 5)}-${d.slice(5)}`;
}

export function genIp(): string {
  if (chance(0.2)) return `2001:db8:${rnd(65535).toString(16)}::${(1 + rnd(65534)).toString(16)}`;
  return `${pick([10, 172, 192, 177, 189, 200, 201, 187])}.${rnd(256)}.${rnd(256)}.${1 + rnd(254)}`;
}

const MONTHS = [
  'janeiro',
  'fevereiro',
  'março',
  'abril',
  'maio',
  'junho',
  'julho',
  'agosto',
  'setembro',
  'outubro',
  'novembro',
  'dezembro',
];
export function genBirth(): string {
  const d = 1 + rnd(28);
  const m = 1 + rnd(12);
  const y = 1940 + rnd(66);
  const p = (n: number): string => String(n).padStart(2, '0');
  return pick([
    `${p(d)}/${p(m)}/${y}`,
    `${p(d)}/${p(m)}/${y}`,
    `${y}-${p(m)}-${p(d)}`,
    `${d} de ${MONTHS[m - 1]} de ${y}`,
    `${p(d)}.${p(m)}.${y}`,
  ]);
}

// Surnames and streets typed for this corpus, with a long tail of foreign-origin and rare ones.
export const SURNAMES =
  `Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins Carvalho Almeida Lopes
Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Gonçalves
Santana Teixeira Araújo Castro Pinto Correia Azevedo Monteiro Moura Cavalcanti Bezerra Pires Reis Batista Campos Miranda Nogueira
Brito Barros Medeiros Farias Fonseca Tavares Coelho Sales Franco Xavier Melo Aguiar Pacheco Macedo Matos Queiroz Siqueira Borges
Guimarães Leite Paiva Duarte Figueiredo Assis Prado Peixoto Braga Rezende Abreu Cruz Rosa Neves Barreto Cunha Lacerda Maciel Leal
Sampaio Torres Camargo Bueno Amaral Amorim Antunes Arruda Bastos Cabral Chaves Cordeiro Coutinho Dantas Dutra Esteves Falcão Faria
Feitosa Fontes Freire Furtado Galvão Garcia Godoy Guedes Holanda Lemos Lobo Loureiro Maia Meireles Mesquita Montenegro Novaes Paes
Pimentel Pinheiro Rangel Rios Sobral Toledo Trindade Valadares Vargas Veloso Ventura Viana Vilela Nakamura Tanaka Yamamoto Haddad
Schmidt Becker Rossi Ferrari Colombo Bortolotto Zanella Kowalski Novak Abdalla Salomão Kruger Hoffmann Muniz Rebouças Carneiro
Quintela Sardinha Magalhães Nóbrega Tenório Albuquerque Wanderley Brandão Cerqueira Bittencourt Lisboa Serpa Aragão Bandeira`.split(/\s+/);
export const STREETS = [
  'das Flores',
  'Sete de Setembro',
  'XV de Novembro',
  'Brasil',
  'Paulista',
  'dos Andradas',
  'Augusta',
  'da Consolação',
  'Getúlio Vargas',
  'Presidente Vargas',
  'Barão de Mauá',
  'Dr. Arnaldo',
  'Santos Dumont',
  'das Palmeiras',
  'João Pessoa',
  'Marechal Deodoro',
  'Tiradentes',
  'Rio Branco',
  'São João',
  'Bela Cintra',
  'Voluntários da Pátria',
  'Cel. Oscar Porto',
  '25 de Março',
  'Professor Alfredo Gomes',
  'Visconde de Pirajá',
  'Ipiranga',
  'das Acácias',
  'Frei Caneca',
  'Padre Anchieta',
  'Benjamin Constant',
];
const TYPES = ['Rua', 'Rua', 'Rua', 'Av.', 'Avenida', 'R.', 'Travessa', 'Alameda', 'Praça', 'Rodovia', 'Estrada'];
export const BAIRROS = [
  'Centro',
  'Jardim América',
  'Vila Mariana',
  'Boa Viagem',
  'Savassi',
  'Moinhos de Vento',
  'Copacabana',
  'Pinheiros',
  'Aldeota',
  'Batel',
  'Bela Vista',
  'Tijuca',
];
export const CITIES = [
  'São Paulo/SP',
  'Rio de Janeiro - RJ',
  'Belo Horizonte/MG',
  'Porto Alegre - RS',
  'Recife/PE',
  'Curitiba/PR',
  'Fortaleza - CE',
  'Salvador/BA',
  'Campinas/SP',
  'Goiânia/GO',
];

const stripAccents = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

export function genName(): string {
  const first = faker.person.firstName();
  const parts = [first];
  if (chance(0.3)) parts.push(faker.person.firstName());
  const count = 1 + rnd(3);
  for (let i = 0; i < count; i++) {
    if (chance(0.25)) parts.push(pick(['da', 'de', 'dos', 'do', 'das']));
    parts.push(pick(SURNAMES));
  }
  let name = parts.join(' ');
  if (chance(0.15)) name = name.toUpperCase();
  if (chance(0.1)) name = stripAccents(name);
  return name;
}

export function genAddress(): string {
  const type = pick(TYPES);
  let a = `${type} ${pick(STREETS)}`;
  a += pick([`, ${1 + rnd(4000)}`, `, nº ${1 + rnd(4000)}`, ` ${1 + rnd(4000)}`, ', s/n']);
  if (chance(0.4))
    a += pick([
      `, apto ${10 + rnd(200)}`,
      `, apto. ${10 + rnd(200)}, bloco ${pick(['A', 'B', 'C'])}`,
      `, sala ${100 + rnd(900)}`,
      `, casa ${1 + rnd(9)}`,
      ` - ${1 + rnd(20)}º andar`,
    ]);
  if (chance(0.5)) a += `${pick([' - ', ', '])}${pick(BAIRROS)}`;
  return a;
}

// ---- negatives ---------------------------------------------------------------------------

const NEGATIVES: ReadonlyArray<[string, () => string]> = [
  [
    'order number',
    () => pick([`${100000 + rnd(900000)}`, `2024-${String(rnd(999999)).padStart(6, '0')}`, `#${10000 + rnd(90000)}`, `PED-${rnd(99999)}`]),
  ],
  ['timestamp', () => faker.date.recent({ days: 400 }).toISOString()],
  ['iso date', () => faker.date.recent({ days: 400 }).toISOString().slice(0, 10)],
  ['uuid', () => faker.string.uuid()],
  ['version', () => `${rnd(20)}.${rnd(30)}.${rnd(40)}`],
  ['git hash', () => faker.git.commitSha({ length: pick([7, 10, 40]) })],
  ['price', () => `R$ ${(rnd(99999) + rnd(100) / 100).toLocaleString('pt-BR', { minimumFractionDigits: 2 })}`],
  [
    'word',
    () =>
      pick([
        'Relatório',
        'Total',
        'Observações',
        'Resumo',
        'Pagamento',
        'Entrega',
        'Aprovado',
        'Pendente',
        'Status',
        'Vale',
        'Nova',
        'Glória',
        'Rosa',
        'Luz',
        'Flor',
      ]),
  ],
  ['identifier', () => pick(['customerName', 'user_id', 'getCpf', 'nomeCliente', 'MariaDB', 'JoaoService', 'parse_endereco'])],
];

function negative(b: Builder): void {
  const [label, make] = pick(NEGATIVES);
  b.neg(label, make());
}

// ---- documents ----------------------------------------------------------------------------

function contract(): Doc {
  const b = new Builder();
  b.add('CONTRATO DE PRESTAÇÃO DE SERVIÇOS Nº ')
    .neg('order number', `${rnd(9999)}/2024`)
    .add('\n\nCONTRATANTE: ')
    .pii('name', genName());
  b.add(', brasileira, casada, portadora da cédula de identidade RG nº ').pii(
    'rg',
    `${digits(2).join('')}.${digits(3).join('')}.${digits(3).join('')}-${rnd(10)}`,
  );
  b.add(' SSP/SP, inscrita no CPF sob o nº ').pii('cpf', genCpf()).add(', nascida em ').pii('birth_date', genBirth());
  b.add(', residente e domiciliada na ')
    .pii('address', genAddress())
    .add(`, ${pick(CITIES)}, CEP `)
    .pii('cep', genCep())
    .add(', telefone ')
    .pii('phone', genPhone());
  b.add(', e-mail ')
    .pii('email', faker.internet.email().toLowerCase())
    .add('.\n\nCONTRATADA: ACME SERVIÇOS LTDA, CNPJ ')
    .pii('cnpj', genCnpj());
  b.add(', com sede na ')
    .pii('address', genAddress())
    .add(`, ${pick(CITIES)}.\n\nCLÁUSULA 1ª – O valor mensal é de `)
    .neg('price', `R$ ${1000 + rnd(9000)},${10 + rnd(89)}`);
  b.add(', pago até o dia 10, conforme proposta ')
    .neg('order number', `${100000 + rnd(900000)}`)
    .add(' de ')
    .neg('iso date', faker.date.recent().toISOString().slice(0, 10))
    .add('.\n');
  b.add('Testemunha: ')
    .pii('name', genName())
    .add(', CNH ')
    .pii('cnh', genCnh())
    .add('; PIS ')
    .pii('pis', genPis())
    .add('; título de eleitor ')
    .pii('titulo_eleitor', genTitulo())
    .add('.\n');
  return { kind: 'contract', text: b.text, spans: b.spans };
}

function csv(): Doc {
  const b = new Builder();
  b.add('id;nome;cpf;data_nascimento;telefone;email;endereco;cep;pedido;valor\n');
  for (let r = 0; r < 8; r++) {
    b.add(`${r + 1};`)
      .pii('name', genName())
      .add(';')
      .pii('cpf', genCpf())
      .add(';')
      .pii('birth_date', genBirth())
      .add(';')
      .pii('phone', genPhone())
      .add(';');
    b.pii('email', faker.internet.email().toLowerCase())
      .add(';"')
      .pii('address', genAddress())
      .add('";')
      .pii('cep', genCep())
      .add(';')
      .neg('order number', `${100000 + rnd(900000)}`)
      .add(';')
      .neg('price', `${rnd(9999)},${10 + rnd(89)}`)
      .add('\n');
  }
  return { kind: 'csv', text: b.text, spans: b.spans };
}

function json(): Doc {
  const b = new Builder();
  b.add('{"pedidos":[');
  for (let r = 0; r < 4; r++) {
    if (r > 0) b.add(',');
    b.add('{"id":"')
      .neg('uuid', faker.string.uuid())
      .add('","cliente":{"nome":"')
      .pii('name', genName())
      .add('","cpf":"')
      .pii('cpf', genCpf())
      .add('","email":"')
      .pii('email', faker.internet.email().toLowerCase());
    b.add('","telefone":"')
      .pii('phone', genPhone())
      .add('","endereco":"')
      .pii('address', genAddress())
      .add('","cep":"')
      .pii('cep', genCep())
      .add('"},"criadoEm":"')
      .neg('timestamp', faker.date.recent().toISOString());
    b.add('","total":')
      .neg('price', `${rnd(9999)}.${10 + rnd(89)}`)
      .add(',"cartao":"')
      .pii('credit_card', genCard())
      .add('","ip":"')
      .pii('ip', genIp())
      .add('","versao":"')
      .neg('version', `${rnd(9)}.${rnd(20)}.${rnd(30)}`)
      .add('"}');
  }
  b.add(']}\n');
  return { kind: 'json', text: b.text, spans: b.spans };
}

function logs(): Doc {
  const b = new Builder();
  for (let r = 0; r < 10; r++) {
    b.neg('timestamp', faker.date.recent().toISOString()).add(pick([' INFO ', ' WARN ', ' DEBUG ']));
    switch (rnd(5)) {
      case 0:
        b.add('login ok user=')
          .pii('email', faker.internet.email().toLowerCase())
          .add(' ip=')
          .pii('ip', genIp())
          .add(' req=')
          .neg('uuid', faker.string.uuid())
          .add('\n');
        break;
      case 1:
        b.add('cadastro atualizado cpf=')
          .pii('cpf', genCpf())
          .add(' pedido=')
          .neg('order number', `${100000 + rnd(900000)}`)
          .add(' build ')
          .neg('version', `${rnd(9)}.${rnd(20)}.${rnd(30)}`)
          .add('\n');
        break;
      case 2:
        b.add('pagamento aprovado cartao=')
          .pii('credit_card', genCard())
          .add(' valor=')
          .neg('price', `R$ ${rnd(999)},${10 + rnd(89)}`)
          .add(' commit=')
          .neg('git hash', faker.git.commitSha({ length: 7 }))
          .add('\n');
        break;
      case 3:
        b.add('SMS enviado para ').pii('phone', genPhone()).add(' cliente="').pii('name', genName()).add('"\n');
        break;
      default:
        b.add('entrega agendada CEP ')
          .pii('cep', genCep())
          .add(' empresa CNPJ ')
          .pii('cnpj', genCnpj())
          .add(' lote ')
          .neg('order number', `${rnd(99999)}`)
          .add('\n');
    }
  }
  return { kind: 'log', text: b.text, spans: b.spans };
}

function code(): Doc {
  const b = new Builder();
  b.add('// fixtures geradas em ').neg('iso date', faker.date.recent().toISOString().slice(0, 10)).add('\nexport const clientes = [\n');
  for (let r = 0; r < 4; r++) {
    b.add("  { id: '")
      .neg('uuid', faker.string.uuid())
      .add("', nome: '")
      .pii('name', genName())
      .add("', cpf: '")
      .pii('cpf', genCpf())
      .add("', telefone: '")
      .pii('phone', genPhone());
    b.add("', nascimento: '")
      .pii('birth_date', genBirth())
      .add("', email: '")
      .pii('email', faker.internet.email().toLowerCase())
      .add("' },\n");
  }
  b.add('];\n\nfunction ')
    .neg('identifier', pick(['validarCpf', 'formatarNome', 'buscarEndereco']))
    .add('(nome: string, cpf: string): boolean {\n  return cpf.length === 11 && nome.trim() !== "";\n}\n');
  return { kind: 'code', text: b.text, spans: b.spans };
}

function report(): Doc {
  const b = new Builder();
  b.add('## ')
    .neg('word', pick(['Relatório', 'Resumo']))
    .add(' de atendimento\n\n');
  b.add('O cliente ')
    .pii('name', genName())
    .add(' (CPF ')
    .pii('cpf', genCpf())
    .add(') ligou do número ')
    .pii('phone', genPhone())
    .add(' pedindo a mudança do endereço para ')
    .pii('address', genAddress());
  b.add(`, ${pick(CITIES)}. O chamado `)
    .neg('order number', `${100000 + rnd(900000)}`)
    .add(' foi aberto às ')
    .add(`${10 + rnd(9)}:${10 + rnd(49)}`)
    .add(' e fechado em ')
    .neg('iso date', faker.date.recent().toISOString().slice(0, 10))
    .add('.\n\n');
  b.add('| Nome | Telefone | Status |\n|---|---|---|\n');
  for (let r = 0; r < 3; r++)
    b.add('| ')
      .pii('name', genName())
      .add(' | ')
      .pii('phone', genPhone())
      .add(' | ')
      .neg('word', pick(['Aprovado', 'Pendente', 'Entregue']))
      .add(' |\n');
  b.add('\nA paciente ')
    .pii('name', genName())
    .add(', data de nascimento ')
    .pii('birth_date', genBirth())
    .add(', pediu cópia pelo e-mail ')
    .pii('email', faker.internet.email().toLowerCase())
    .add('. ');
  negative(b);
  b.add(' — versão ')
    .neg('version', `${rnd(9)}.${rnd(20)}.${rnd(30)}`)
    .add(' do sistema, valor ')
    .neg('price', `R$ ${rnd(9999)},${10 + rnd(89)}`)
    .add('. ');
  negative(b);
  b.add('.\n');
  return { kind: 'report', text: b.text, spans: b.spans };
}

/** `count` documents of every kind, reproducible from `seed`. */
export function generateCorpus(count: number, seed = 2026): Doc[] {
  faker.seed(seed);
  const makers = [contract, csv, json, logs, code, report];
  const docs: Doc[] = [];
  for (let i = 0; i < count; i++) for (const make of makers) docs.push(make());
  return docs;
}

// ---- realistic mix ---------------------------------------------------------------------------
// What the gateway mostly carries: generated reports, answers, code and logs, where a personal
// value turns up now and then (one per 200-500 bytes here) among ordinary prose, numbers,
// identifiers and proper nouns that are not people.

const WORDS = `o a os as um uma de do da dos das em no na nos nas por para com sem sobre entre que e ou mas
como quando onde porque se já ainda também muito mais menos cada todo toda todos foi será é são está estão
tem têm pode podem deve devem precisa fazer feito ser ter processo sistema cliente clientes pedido pedidos
relatório análise dados resultado resultados prazo entrega pagamento contrato serviço serviços equipe projeto
versão arquivo tabela campo valor valores total mês ano semana período etapa fluxo regra regras consulta
atendimento suporte chamado solicitação cadastro conta acesso usuário usuários empresa área setor gestão
melhoria problema erro falha ajuste revisão teste testes ambiente produção homologação integração api banco
registro registros mudança mudanças proposta plano meta custo custos receita despesa margem crescimento
aumento queda estável recente anterior próximo atual novo nova principal importante necessário possível`.split(/\s+/);
const PROPER = [
  'São Paulo',
  'Rio de Janeiro',
  'Belo Horizonte',
  'Curitiba',
  'Recife',
  'Porto Alegre',
  'Brasil',
  'Python',
  'TypeScript',
  'PostgreSQL',
  'Kubernetes',
  'AutoGen',
  'OpenAI',
  'Azure',
  'Google Cloud',
  'Banco Central',
  'Receita Federal',
  'Natal',
  'Janeiro',
  'Março',
  'Segunda',
  'Sexta',
  'Black Friday',
  'Copa do Mundo',
  'Excel',
  'Power BI',
  'SAP',
  'Salesforce',
  'Mercado Livre',
  'Nubank',
];
const HEADINGS = [
  'Resumo executivo',
  'Contexto',
  'Principais resultados',
  'Próximos passos',
  'Riscos e mitigação',
  'Análise de custos',
  'Indicadores do período',
  'Recomendações',
  'Detalhes técnicos',
  'Pendências',
];

function sentence(): string {
  const length = 8 + rnd(14);
  const words: string[] = [];
  for (let i = 0; i < length; i++) {
    const r = rnd(20);
    if (r === 0) words.push(pick(PROPER));
    else if (r === 1)
      words.push(
        pick([
          `${rnd(100)}%`,
          `R$ ${(rnd(99999) + rnd(100) / 100).toLocaleString('pt-BR', { minimumFractionDigits: 2 })}`,
          `${1 + rnd(28)}/${1 + rnd(12)}/2024`,
          `${rnd(5000)}`,
          `${rnd(60)} dias`,
          `v${rnd(9)}.${rnd(20)}.${rnd(30)}`,
        ]),
      );
    else words.push(pick(WORDS));
  }
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${pick(['.', '.', '.', ';', ':', '!'])}`;
}

/** One personal value in a sentence the way generated text writes it. */
function personalSentence(b: Builder): void {
  switch (rnd(12)) {
    case 0:
      b.add('O cliente ').pii('name', genName()).add(' informou o CPF ').pii('cpf', genCpf()).add('. ');
      break;
    case 1:
      b.add('Para dúvidas, escreva para ').pii('email', faker.internet.email().toLowerCase()).add('. ');
      break;
    case 2:
      b.add('Contato do responsável: ').pii('phone', genPhone()).add('. ');
      break;
    case 3:
      b.add('A entrega será feita na ')
        .pii('address', genAddress())
        .add(`, ${pick(CITIES)}. `);
      break;
    case 4:
      b.add('Atendido por ').pii('name', genName()).add(' em ').neg('iso date', faker.date.recent().toISOString().slice(0, 10)).add('. ');
      break;
    case 5:
      b.add('Fornecedor com CNPJ ').pii('cnpj', genCnpj()).add(' aprovado. ');
      break;
    case 6:
      b.add('Acesso registrado a partir do IP ').pii('ip', genIp()).add('. ');
      break;
    case 7:
      b.add('CEP de entrega ').pii('cep', genCep()).add('. ');
      break;
    case 8:
      b.add('A paciente ').pii('name', genName()).add(', nascida em ').pii('birth_date', genBirth()).add(', foi atendida. ');
      break;
    case 9:
      b.add('Pagamento com cartão ').pii('credit_card', genCard()).add(' recusado. ');
      break;
    case 10:
      b.add('Sr. ').pii('name', genName()).add(' pediu retorno. ');
      break;
    default:
      b.add('Segundo ').pii('name', genName()).add(', o prazo foi mantido. ');
  }
}

/** Appends filler from `more` until `target` bytes, with a personal value every `gapMin`-`gapMax` bytes (inside `open`…`close`). */
function sprinkle(b: Builder, target: number, more: (b: Builder) => void, gapMin: number, gapMax: number, open = '', close = ''): void {
  let next = b.text.length + gapMin + rnd(gapMax - gapMin);
  while (b.text.length < target) {
    more(b);
    if (b.text.length >= next) {
      b.add(open);
      personalSentence(b);
      b.add(close);
      next = b.text.length + gapMin + rnd(gapMax - gapMin);
    }
  }
}

function realisticReport(gapMin: number, gapMax: number): Doc {
  const b = new Builder();
  b.add(`# ${pick(HEADINGS)} – ${pick(PROPER)}\n\n`);
  sprinkle(
    b,
    2500 + rnd(2500),
    (d) => {
      const r = rnd(10);
      if (r === 0) d.add(`\n## ${pick(HEADINGS)}\n\n`);
      else if (r === 1) d.add(`- ${sentence()}\n`);
      else if (r === 2) d.add(`| ${pick(WORDS)} | ${rnd(1000)} | ${rnd(100)}% |\n`);
      else d.add(`${sentence()} ${sentence()}\n\n`);
    },
    gapMin,
    gapMax,
  );
  return { kind: 'report', text: b.text, spans: b.spans };
}

function realisticCode(gapMin: number, gapMax: number): Doc {
  const b = new Builder();
  b.add(`import { ${pick(['readFile', 'createServer', 'randomUUID'])} } from 'node:${pick(['fs', 'http', 'crypto'])}';\n\n`);
  sprinkle(
    b,
    2500 + rnd(2500),
    (d) => {
      const name = `${pick(['buscar', 'validar', 'calcular', 'listar', 'salvar'])}${pick(['Pedido', 'Cliente', 'Total', 'Entrega', 'Conta'])}`;
      d.add(`/** ${sentence()} */\nexport async function ${name}(id: string, limite = ${rnd(100)}): Promise<number> {\n`);
      d.add(
        `  const resultado = await db.query('SELECT total FROM ${pick(WORDS)} WHERE id = $1', [id]);\n  if (resultado.rows.length > limite) throw new Error('${sentence()}');\n`,
      );
      d.add(`  // ${sentence()}\n  return resultado.rows.reduce((soma, linha) => soma + linha.total, 0) * ${rnd(10)}.${rnd(99)};\n}\n\n`);
    },
    gapMin,
    gapMax,
    '// ',
    '\n',
  );
  return { kind: 'code', text: b.text, spans: b.spans };
}

function realisticLogs(gapMin: number, gapMax: number): Doc {
  const b = new Builder();
  sprinkle(
    b,
    2500 + rnd(2500),
    (d) => {
      d.neg('timestamp', faker.date.recent().toISOString()).add(
        ` ${pick(['INFO', 'INFO', 'DEBUG', 'WARN'])} [${pick(['api', 'worker', 'scheduler'])}] `,
      );
      d.add(`${pick(['GET', 'POST', 'PUT'])} /v1/${pick(WORDS)}/${rnd(99999)} ${pick([200, 200, 201, 404, 500])} ${rnd(900)}ms req=`)
        .neg('uuid', faker.string.uuid())
        .add('\n');
    },
    gapMin,
    gapMax,
    `${faker.date.recent().toISOString()} INFO [audit] `,
    '\n',
  );
  return { kind: 'log', text: b.text, spans: b.spans };
}

/**
 * Realistic mix: reports, code and logs of 2.5-5 KB with a personal value after every
 * `gapMin`-`gapMax` bytes of filler (one per ~350 bytes on average with the defaults),
 * reproducible from `seed`.
 */
export function generateRealisticCorpus(count: number, seed = 2027, gapMin = 120, gapMax = 330): Doc[] {
  faker.seed(seed);
  const docs: Doc[] = [];
  for (let i = 0; i < count; i++) docs.push(realisticReport(gapMin, gapMax), realisticCode(gapMin, gapMax), realisticLogs(gapMin, gapMax));
  return docs;
}
