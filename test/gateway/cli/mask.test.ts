/** `autogen-gate mask`, run in-process through main(argv, io). */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../../gateway/cli/main.js';
import type { CliIo } from '../../../gateway/cli/context.js';

function run(argv: string[], input: string | Readable, cwd: string): { code: Promise<number>; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const stdin = typeof input === 'string' ? Readable.from([input]) : input;
  const io: CliIo = { stdin, stdout, stderr, env: {}, cwd };
  return { code: main(['mask', ...argv], io), out: () => out, err: () => err };
}

describe('autogen-gate mask', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'mask-cli-'));
  });

  it('masks stdin text with the built-in profile and writes events when asked', async () => {
    const r = run(['--events', 'events.jsonl'], 'Cliente Maria da Silva, CPF 529.982.247-25.\n', cwd);
    assert.equal(await r.code, 0);
    assert.equal(r.out(), 'Cliente [NOME], CPF [CPF].\n');
    const events = readFileSync(join(cwd, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { detector: string; location: string });
    assert.deepEqual(
      events.map((event) => [event.detector, event.location]),
      [
        ['name', 'offset:8'],
        ['cpf', 'offset:20'],
      ],
    );
    assert.doesNotMatch(readFileSync(join(cwd, 'events.jsonl'), 'utf8'), /Maria|529\.982|52998224725/);
    assert.ok(readFileSync(join(cwd, 'data', 'keys', 'masking-k1.key'), 'utf8').length > 40);
  });

  it('masks a JSON document structurally', async () => {
    const r = run(['--format', 'json'], '{"nome":"Ana Souza","idade":30}', cwd);
    assert.equal(await r.code, 0);
    assert.deepEqual(JSON.parse(r.out()), { nome: '[NOME]', idade: 30 });
  });

  it('answers each JSON line before the next is read, in order, and flags bad lines', async () => {
    const stdin = new PassThrough();
    const r = run(['--format', 'jsonl'], stdin, cwd);
    stdin.write('{"id":1,"text":"Sr. Oliveira, cpf 52998224725","extra":true}\n');
    for (let i = 0; i < 50 && !r.out().includes('\n'); i++) await new Promise((done) => setTimeout(done, 10));
    assert.deepEqual(JSON.parse(r.out()), JSON.parse(r.out()));
    const first = JSON.parse(r.out().split('\n')[0] ?? '') as { id: number; masked: string; events: unknown[] };
    assert.equal(first.id, 1);
    assert.equal(first.masked, 'Sr. [NOME], cpf [CPF]');
    assert.equal(first.events.length, 2);
    stdin.end('not json\n{"id":"b","text":"nada"}\n');
    assert.equal(await r.code, 1);
    const lines = r
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 3);
    assert.match(String(lines[1]?.['error']), /line 2/);
    assert.deepEqual(lines[2], { id: 'b', masked: 'nada', events: [] });
  });

  it('uses a profile and keys from the policy file', async () => {
    writeFileSync(join(cwd, 'key.txt'), 'a'.repeat(64));
    writeFileSync(
      join(cwd, 'policy.yaml'),
      [
        'version: 1',
        'identity:',
        '  issuers:',
        '    - id: company',
        '      issuer: https://login.example.com',
        '      audience: autogen-gate',
        'upstreams:',
        '  autogen:',
        '    type: http',
        '    url: http://127.0.0.1:9',
        'rules:',
        '  - id: nobody',
        '    upstreams: [autogen]',
        '    when: { groups: [nobody] }',
        '    decision: deny',
        'masking:',
        '  keys:',
        '    - id: k2026',
        '      secret: file:key.txt',
        '  profiles:',
        '    relatorio:',
        '      strategy: partial',
        '      detectors:',
        '        name: pseudonym',
      ].join('\n'),
    );
    const r = run(
      ['--config', 'policy.yaml', '--profile', 'relatorio', '--format', 'jsonl'],
      '{"id":7,"text":"João Pereira, CPF 529.982.247-25"}\n',
      cwd,
    );
    const code = await r.code;
    if (code !== 0) assert.fail(r.err());
    const line = JSON.parse(r.out()) as { masked: string; events: { keyId: string }[] };
    assert.match(line.masked, /^NOME_[0-9a-f]{8}, CPF \*\*\*\.982\.247-\*\*$/);
    assert.equal(line.events[0]?.keyId, 'k2026');
  });

  it('exits 2 for an unknown profile and 1 for input that is not JSON, without echoing it', async () => {
    const unknown = run(['--profile', 'nope'], '', cwd);
    assert.equal(await unknown.code, 2);
    assert.match(unknown.err(), /unknown masking profile "nope"/);
    const bad = run(['--format', 'json'], '{"cpf": 52998224725', cwd);
    assert.equal(await bad.code, 1);
    assert.doesNotMatch(bad.err(), /52998224725/);
  });
});
