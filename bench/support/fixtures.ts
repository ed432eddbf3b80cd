/**
 * What the benchmark upstream serves: JSON bodies of a given size dense with Brazilian personal
 * data (every record a customer: name, CPF, e-mail, phone, address, CEP, birth date, and a free
 * text note quoting more), and an endless Server-Sent-Events stream of chat-completion chunks
 * whose text carries the same kind of data. Values come from the masking corpus's generators
 * (valid check digits), seeded so every run serves the same bytes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakerPT_BR as faker } from '@faker-js/faker';
import { genAddress, genBirth, genCep, genCpf, genName, genPhone } from '../mask/corpus.js';

const SEED = 1515;

function customer(id: number): Record<string, unknown> {
  const name = genName();
  return {
    id,
    nome: name,
    cpf: genCpf(),
    email: faker.internet.email({ firstName: name.split(' ')[0] }).toLowerCase(),
    telefone: genPhone(),
    endereco: genAddress(),
    cep: genCep(),
    nascimento: genBirth(),
    observacao: `Contato de ${genName()} (CPF ${genCpf()}), fone ${genPhone()}, pediu a 2ª via do contrato ${1000 + id}.`,
  };
}

/** A JSON document of about `bytes` bytes (never less than one record): `{ "clientes": [...] }`. */
export function denseJsonBody(bytes: number): string {
  faker.seed(SEED);
  const records: unknown[] = [];
  let size = '{"clientes":[]}'.length;
  do {
    const record = customer(records.length + 1);
    size += JSON.stringify(record).length + 1;
    records.push(record);
  } while (size < bytes);
  return JSON.stringify({ clientes: records });
}

/** Raw values the SSE stream carries, to check that none leaves the gateway unmasked. */
export const STREAM_CPF = '529.982.247-25';

/** One block of SSE chat-completion chunks (~16 characters of text each), repeated to fill a stream. */
export function sseBlock(): Buffer {
  faker.seed(SEED + 1);
  let text = '';
  while (text.length < 64 * 1024) {
    text += `Cliente ${genName()}, CPF ${genCpf()}, mora na ${genAddress()}, CEP ${genCep()}; telefone ${genPhone()}. `;
    text += `Confirmou os dados com a atendente em ${genBirth()}; referência CPF ${STREAM_CPF}. O pedido segue para entrega. `;
  }
  const events = (text.match(/[\s\S]{1,16}/g) ?? []).map(
    (piece) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', model: 'bench', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`,
  );
  return Buffer.from(events.join(''), 'utf8');
}

export interface FixtureUpstream {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The benchmark upstream: `GET /json/{bytes}` answers a dense JSON body of about that size
 * (built once per size), `GET /sse/{bytes}` streams that many bytes of SSE (whole events, so a
 * few more), honouring backpressure so the stream costs the upstream no memory.
 */
export function startFixtureUpstream(): Promise<FixtureUpstream> {
  const bodies = new Map<number, Buffer>();
  let block: Buffer | undefined;
  const server: Server = createServer((req, res) => {
    const [, kind, size] = /^\/(json|sse)\/(\d+)$/.exec(req.url ?? '') ?? [];
    const bytes = Number(size);
    if (!kind || !Number.isSafeInteger(bytes) || bytes <= 0) {
      res.writeHead(404).end();
      return;
    }
    if (kind === 'json') {
      let body = bodies.get(bytes);
      if (!body) bodies.set(bytes, (body = Buffer.from(denseJsonBody(bytes), 'utf8')));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
      return;
    }
    const events = (block ??= sseBlock());
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let sent = 0;
    let gone = false;
    const pump = (): void => {
      if (gone) return;
      while (sent < bytes) {
        sent += events.length;
        if (!res.write(events)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end('data: [DONE]\n\n');
    };
    res.on('close', () => {
      gone = true;
    });
    pump();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
