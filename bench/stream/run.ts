/**
 * `npm run bench:stream`: what masking costs on streams, measured in one run against a baseline.
 * - SSE: the demo model's `demo-report` token stream (≈5 characters per event), fetched directly
 *   from the demo runtime and through the gateway (identity, policy, recording, LGPD masking).
 * - WebSocket: an AutoGen Studio run (chunk frames + messages + result), directly and through
 *   the gateway's terminating WebSocket proxy.
 * - In-process: the SSE and Studio-frame maskers alone, without network, to show the CPU share.
 * Figures: events (frames) per second, and the added latency per event, (T_gateway − T_direct) /
 * events, as medians across rounds. Everything runs in separate processes except the in-process part.
 *
 * Environment: BENCH_ROUNDS (default 5), BENCH_STREAMS per round (default 8, run concurrently).
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { builtinProfile } from '../../gateway/masking/config.js';
import { createMasker, keyringFromSecrets } from '../../gateway/masking/index.js';
import { StudioFrameMasker } from '../../gateway/proxy/studioFrames.js';
import { startTestIdp } from '../../test/support/devIdp.js';
import { makeTempDir, removeDir } from '../../test/support/tempDir.js';
import { forkServer, median, type ChildServer } from '../support/processes.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const STREAMS = Number(process.env['BENCH_STREAMS'] ?? 8);
const serversPath = fileURLToPath(new URL('../support/servers.js', import.meta.url));

interface StreamRun {
  readonly events: number;
  readonly ms: number;
}

async function sseStream(url: string, headers: Record<string, string>): Promise<StreamRun> {
  const began = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'demo-report', stream: true, messages: [{ role: 'user', content: 'report' }] }),
  });
  if (!response.ok || !response.body) throw new Error(`SSE ${url}: HTTP ${response.status}`);
  const text = await response.text();
  const events = text.split('\n\n').filter((event) => event.startsWith('data: ')).length;
  return { events, ms: performance.now() - began };
}

async function studioRun(base: string, wsBase: string, headers: Record<string, string>, tokenQuery: string): Promise<StreamRun> {
  const json = { 'content-type': 'application/json', ...headers };
  const session = (await (
    await fetch(`${base}/api/sessions`, { method: 'POST', headers: json, body: JSON.stringify({ user_id: 'dev:ana', name: 'bench' }) })
  ).json()) as { data: { id: number } };
  const run = (await (
    await fetch(`${base}/api/runs`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ session_id: session.data.id, user_id: 'dev:ana' }),
    })
  ).json()) as { data: { run_id: number } };
  return new Promise((resolve, reject) => {
    const began = performance.now();
    let frames = 0;
    const socket = new WebSocket(`${wsBase}/api/ws/runs/${run.data.run_id}${tokenQuery}`);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'start', task: 'month: maio', team_config: { label: 'customer-report' } })));
    socket.on('message', (data) => {
      frames++;
      if (String(data).startsWith('{"type":"result"')) {
        socket.close();
        resolve({ events: frames, ms: performance.now() - began });
      }
    });
    socket.on('error', reject);
  });
}

async function concurrently(
  count: number,
  one: () => Promise<StreamRun>,
): Promise<{ eventsPerSecond: number; perEventMs: number; events: number; ms: number }> {
  const began = performance.now();
  const runs = await Promise.all(Array.from({ length: count }, one));
  const wall = performance.now() - began;
  const events = runs.reduce((sum, run) => sum + run.events, 0);
  const ms = median(runs.map((run) => run.ms));
  return { eventsPerSecond: events / (wall / 1000), perEventMs: ms / (events / count), events: events / count, ms };
}

function inProcess(): void {
  const masker = createMasker(builtinProfile(), keyringFromSecrets([{ id: 'bench', secret: Buffer.alloc(32, 7) }]));
  // The same shapes the runtime sends, generated once.
  const report =
    'Cliente Maria Aparecida dos Santos, CPF 529.982.247-25, mora na Rua das Laranjeiras, 123, apto 45 - Laranjeiras, Rio de Janeiro - RJ, CEP 22240-003; telefone (21) 98765-4321; e-mail maria.santos@exemplo.com.br. '.repeat(
      40,
    );
  const pieces = report.match(/[\s\S]{1,5}/g) ?? [];
  const sse = pieces.map(
    (piece) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`,
  );
  const frames = pieces.map((piece) =>
    JSON.stringify({ type: 'message_chunk', data: { source: 'writer', content: piece, type: 'ModelClientStreamingChunkEvent' } }),
  );
  const time = (label: string, count: number, work: () => void): void => {
    work(); // warm-up
    const began = performance.now();
    const rounds = 5;
    for (let i = 0; i < rounds; i++) work();
    const seconds = (performance.now() - began) / 1000;
    console.log(
      `  ${label.padEnd(44)} ${((count * rounds) / seconds).toFixed(0).padStart(9)} events/s   ${((seconds * 1e6) / (count * rounds)).toFixed(1).padStart(6)} µs/event`,
    );
  };
  console.log('\nIn-process masking (no network):');
  time('SSE masker (chat.completion.chunk deltas)', sse.length, () => {
    const stream = masker.sseStream();
    for (const event of sse) stream.push(event);
    stream.end();
  });
  time('Studio frame masker (message_chunk frames)', frames.length, () => {
    const studio = new StudioFrameMasker(masker);
    for (const frame of frames) studio.frame(frame);
    studio.end();
  });
}

async function main(): Promise<void> {
  const dir = makeTempDir('autogen-gate-bench-stream-');
  const children: ChildServer[] = [];
  const idp = await startTestIdp(join(dir, 'idp'));
  try {
    const token = await idp.token('ana');
    const runtime = await forkServer(serversPath, ['runtime']);
    children.push(runtime);
    const policyPath = join(dir, 'policy.yaml');
    writeFileSync(
      policyPath,
      `version: 1
dataDir: ${join(dir, 'data')}
server: { port: 0 }
identity:
  issuers: [{ id: dev, issuer: '${idp.issuer}', audience: autogen-gate }]
upstreams:
  autogen: { type: autogen-studio, url: '${runtime.url}' }
  model: { type: openai, url: '${runtime.url}' }
rules:
  - { id: devs, upstreams: [autogen, model], when: { groups: [developers] }, decision: allow }
`,
    );
    const gateway = await forkServer(serversPath, ['gateway', policyPath]);
    children.push(gateway);
    const auth = { authorization: `Bearer ${token}` };
    // The demo runtime checks nothing: direct calls name the user the gateway would have set.
    const targets = {
      sse: [
        { name: 'SSE direct (demo runtime)', run: () => sseStream(`${runtime.url}/v1/chat/completions`, {}) },
        { name: 'SSE through the gateway (masked)', run: () => sseStream(`${gateway.url}/proxy/model/v1/chat/completions`, auth) },
      ],
      ws: [
        { name: 'WebSocket direct (demo runtime)', run: () => studioRun(runtime.url, runtime.url.replace(/^http/, 'ws'), {}, '') },
        {
          name: 'WebSocket through the gateway (masked)',
          run: () =>
            studioRun(`${gateway.url}/proxy/autogen`, `${gateway.url.replace(/^http/, 'ws')}/proxy/autogen`, auth, `?token=${token}`),
        },
      ],
    };
    console.log(`bench:stream: ${ROUNDS} rounds × ${STREAMS} concurrent streams per target`);
    for (const [kind, pair] of Object.entries(targets)) {
      const results = pair.map(() => [] as Array<Awaited<ReturnType<typeof concurrently>>>);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [index, target] of pair.entries()) results[index]?.push(await concurrently(STREAMS, target.run));
      }
      console.log(`\n${kind.toUpperCase()} (medians across rounds):`);
      const summary = pair.map((target, index) => {
        const runs = results[index] ?? [];
        return {
          name: target.name,
          eventsPerSecond: median(runs.map((r) => r.eventsPerSecond)),
          perEventMs: median(runs.map((r) => r.perEventMs)),
          events: median(runs.map((r) => r.events)),
        };
      });
      for (const row of summary) {
        console.log(
          `  ${row.name.padEnd(42)} ${row.eventsPerSecond.toFixed(0).padStart(8)} events/s  ${row.events.toFixed(0).padStart(5)} events/stream  ${(row.perEventMs * 1000).toFixed(0).padStart(6)} µs/event`,
        );
      }
      const [direct, gated] = summary;
      if (direct && gated) {
        console.log(
          `  → throughput ratio ${(gated.eventsPerSecond / direct.eventsPerSecond).toFixed(2)}; added latency per event ${((gated.perEventMs - direct.perEventMs) * 1000).toFixed(0)} µs`,
        );
      }
    }
    inProcess();
  } finally {
    for (const child of children.reverse()) await child.stop();
    await idp.close();
    removeDir(dir);
  }
}

await main();
