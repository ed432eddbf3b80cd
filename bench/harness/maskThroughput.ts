/**
 * The masking engine alone, on one core: MB of text masked per CPU second on the realistic mix
 * of bench:mask (reports, code and logs with a personal value every ~350 bytes). The headline is
 * a fresh masker per pass, so every value is found, normalised and HMAC-ed (what new traffic
 * costs); a long-lived masker that has seen the values before is shown beside it. Runs in a
 * child process, so nothing else shares its event loop.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtinProfile, createMasker, keyringFromSecrets, type Masker } from '../../gateway/masking/index.js';
import { generateRealisticCorpus } from '../mask/corpus.js';

export interface MaskThroughput {
  /** Fresh masker per pass: every value new. */
  readonly coldMBps: number;
  /** One masker that has seen the values: caches warm. */
  readonly warmMBps: number;
  readonly corpusBytes: number;
}

function freshMasker(): Masker {
  return createMasker(builtinProfile(), keyringFromSecrets([{ id: 'bench', secret: Buffer.alloc(32, 9) }]));
}

function cpuMBps(bytes: number, seconds: number, work: () => void): number {
  for (let i = 0; i < 3; i++) work();
  const started = process.cpuUsage();
  const until = performance.now() + seconds * 1000;
  let passes = 0;
  do {
    work();
    passes++;
  } while (performance.now() < until);
  const cpu = process.cpuUsage(started);
  return (bytes * passes) / 1e6 / ((cpu.user + cpu.system) / 1e6);
}

function measureHere(seconds: number): MaskThroughput {
  const mix = generateRealisticCorpus(20)
    .map((doc) => doc.text)
    .join('\n\n');
  const bytes = Buffer.byteLength(mix);
  const warm = freshMasker();
  return {
    coldMBps: cpuMBps(bytes, seconds, () => freshMasker().maskText(mix)),
    warmMBps: cpuMBps(bytes, seconds / 2, () => warm.maskText(mix)),
    corpusBytes: bytes,
  };
}

const self = fileURLToPath(import.meta.url);

export function measureMaskThroughput(seconds: number): Promise<MaskThroughput> {
  return new Promise((resolve, reject) => {
    const child = fork(self, ['--mask-throughput', String(seconds)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (result: MaskThroughput) => resolve(result));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the masking measurement exited with ${code}`));
    });
  });
}

if (process.send && process.argv[2] === '--mask-throughput') {
  const result = measureHere(Number(process.argv[3] ?? 3));
  process.send(result, () => process.exit(0));
}
