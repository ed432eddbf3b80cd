/**
 * Deterministic, realistic Brazilian customer records for the demo runtime's `customer-report`:
 * valid CPFs, real-looking addresses with CEP, phones and e-mails. The demo exists to show that
 * the gateway masks all of it, so it must look like what a real generator would leak.
 */

export interface DemoCustomer {
  readonly nome: string;
  readonly cpf: string;
  readonly dataNascimento: string;
  readonly email: string;
  readonly telefone: string;
  readonly endereco: string;
  readonly cidade: string;
  readonly uf: string;
  readonly cep: string;
  readonly saldo: string;
}

/** A small seeded PRNG (mulberry32), so every run of the demo returns the same people. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mod-11 check digits of a CPF (Receita Federal algorithm). */
export function cpfCheckDigits(base: readonly number[]): [number, number] {
  const digit = (digits: readonly number[]): number => {
    const weightStart = digits.length + 1;
    const sum = digits.reduce((acc, d, i) => acc + d * (weightStart - i), 0);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  const first = digit(base);
  const second = digit([...base, first]);
  return [first, second];
}

export function formatCpf(digits: readonly number[]): string {
  const s = digits.join('');
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9, 11)}`;
}

const FIRST_NAMES = [
  'Maria',
  'José',
  'Ana',
  'João',
  'Francisca',
  'Antônio',
  'Adriana',
  'Carlos',
  'Juliana',
  'Paulo',
  'Márcia',
  'Lucas',
  'Fernanda',
  'Rafael',
  'Patrícia',
  'Gabriel',
  'Aline',
  'Marcos',
  'Sandra',
  'Luiz',
];
const SURNAMES = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Almeida',
  'Lopes',
  'Soares',
  'Fernandes',
  'Vieira',
  'Barbosa',
];
const STREETS = [
  { street: 'Rua das Laranjeiras', bairro: 'Laranjeiras', city: 'Rio de Janeiro', uf: 'RJ', cep: '22240-003', ddd: '21' },
  { street: 'Avenida Paulista', bairro: 'Bela Vista', city: 'São Paulo', uf: 'SP', cep: '01310-100', ddd: '11' },
  { street: 'Rua da Bahia', bairro: 'Centro', city: 'Belo Horizonte', uf: 'MG', cep: '30160-011', ddd: '31' },
  { street: 'Avenida Sete de Setembro', bairro: 'Vitória', city: 'Salvador', uf: 'BA', cep: '40080-001', ddd: '71' },
  { street: 'Rua XV de Novembro', bairro: 'Centro', city: 'Curitiba', uf: 'PR', cep: '80020-310', ddd: '41' },
  { street: 'Avenida Boa Viagem', bairro: 'Boa Viagem', city: 'Recife', uf: 'PE', cep: '51011-000', ddd: '81' },
  { street: 'Rua dos Andradas', bairro: 'Centro Histórico', city: 'Porto Alegre', uf: 'RS', cep: '90020-008', ddd: '51' },
];

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

export function demoCustomers(count: number, seed = 2026): DemoCustomer[] {
  const random = seededRandom(seed);
  const customers: DemoCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST_NAMES, random);
    const middle = pick(SURNAMES, random);
    const last = pick(SURNAMES, random);
    const nome = `${first} ${random() < 0.5 ? 'de ' : ''}${middle} ${last}`;
    const base = Array.from({ length: 9 }, () => Math.floor(random() * 10));
    const cpf = formatCpf([...base, ...cpfCheckDigits(base)]);
    const place = pick(STREETS, random);
    const number = 10 + Math.floor(random() * 1990);
    const apto = random() < 0.5 ? `, apto ${101 + Math.floor(random() * 1200)}` : '';
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const year = 1950 + Math.floor(random() * 55);
    const mobile = `9${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    customers.push({
      nome,
      cpf,
      dataNascimento: `${day}/${month}/${year}`,
      email: `${stripAccents(first).toLowerCase()}.${stripAccents(last).toLowerCase()}${i}@exemplo.com.br`,
      telefone: `(${place.ddd}) ${mobile.slice(0, 5)}-${mobile.slice(5)}`,
      endereco: `${place.street}, ${number}${apto} - ${place.bairro}`,
      cidade: place.city,
      uf: place.uf,
      cep: place.cep,
      saldo: `R$ ${(Math.floor(random() * 5_000_000) / 100).toLocaleString('pt-BR', { minimumFractionDigits: 2 })}`,
    });
  }
  return customers;
}

/** The Markdown report the demo `customer-report` team writes. */
export function customerReportMarkdown(month: string, customers: readonly DemoCustomer[]): string {
  const lines = [
    `# Relatório de clientes — ${month}`,
    '',
    `Gerado para a equipe de dados. ${customers.length} clientes com pendências no período.`,
    '',
    '| Nome | CPF | Nascimento | Telefone | E-mail | Saldo devedor |',
    '| --- | --- | --- | --- | --- | --- |',
    ...customers.map((c) => `| ${c.nome} | ${c.cpf} | ${c.dataNascimento} | ${c.telefone} | ${c.email} | ${c.saldo} |`),
    '',
    '## Endereços para cobrança',
    '',
    ...customers.map((c) => `- ${c.nome}: ${c.endereco}, ${c.cidade} - ${c.uf}, CEP ${c.cep}`),
    '',
    `Observação: o cliente ${customers[0]?.nome ?? ''} (CPF ${customers[0]?.cpf ?? ''}) pediu contato pelo e-mail ${customers[0]?.email ?? ''}.`,
    '',
  ];
  return lines.join('\n');
}

/** The YAML the demo `config-template` team writes: no personal data at all. */
export function configTemplateYaml(service: string, environment: string): string {
  return [
    `# Configuration template for ${service} (${environment})`,
    `service:`,
    `  name: ${service}`,
    `  environment: ${environment}`,
    `  replicas: 3`,
    `  port: 8080`,
    `  version: 2.14.1`,
    `logging:`,
    `  level: info`,
    `  format: json`,
    `database:`,
    `  host: \${DB_HOST}`,
    `  port: 5432`,
    `  pool: { min: 2, max: 20 }`,
    `  timeoutMs: 3000`,
    `featureFlags:`,
    `  newCheckout: false`,
    `  requestId: 6f1c2b9e-4a8d-4c1e-9f3a-2b7d5e8c1a90`,
    '',
  ].join('\n');
}
