/**
 * `npm run bench:mask`: throughput and accuracy of the masking engine on the generated corpus,
 * side by side with two open-source redactors from npm run on the same documents.
 *
 * Recall counts a ground-truth value as caught only when every letter and digit of it (bar name
 * particles) is covered; a negative (order number, timestamp, UUID, version, hash, price, word,
 * identifier) counts as a false positive when any of its characters is covered.
 */
import { OpenRedaction } from '@openredaction/openredaction';
import { Redactor } from '@redactpii/node';
import { builtinProfile, createMasker, keyringFromSecrets } from '../../gateway/masking/index.js';
import { DETECTOR_IDS } from '../../gateway/masking/config.js';
import { scanText } from '../../gateway/masking/text/scanner.js';
import { extraKeyTable } from '../../gateway/masking/text/keys.js';
import { generateCorpus, type Doc, type Span } from './corpus.js';

type Range = readonly [number, number];

interface Engine {
  readonly name: string;
  detect(text: string): Range[];
  /** The engine's full masking call (what throughput measures). */
  mask(text: string): unknown;
}

const keyring = keyringFromSecrets([{ id: 'bench', secret: Buffer.alloc(32, 9) }]);
const masker = createMasker(builtinProfile(), keyring);
const scanOptions = { enabled: new Set(DETECTOR_IDS), extraKeys: extraKeyTable([]) };

const ours: Engine = {
  name: 'autogen-gate',
  detect: (text) => scanText(text, 0, true, undefined, scanOptions).found.map((c) => [c.start, c.end] as const),
  mask: (text) => masker.maskText(text),
};

const openRedaction = new OpenRedaction();
const openredaction: Engine = {
  name: '@openredaction/openredaction',
  detect: (text) => openRedaction.detect(text).detections.map((d) => [d.position[0], d.position[1]] as const),
  mask: (text) => openRedaction.detect(text),
};

const SENTINEL = '\u0000';
const redactor = new Redactor({ globalReplaceWith: SENTINEL });
const redactpii: Engine = {
  name: '@redactpii/node',
  // It returns only the redacted text: spans are recovered by aligning it with the input.
  detect: (text) => align(text, redactor.redact(text)),
  mask: (text) => redactor.redact(text),
};

function align(input: string, output: string): Range[] {
  const pieces = output.split(SENTINEL);
  const ranges: Range[] = [];
  let cursor = pieces[0]?.length ?? 0;
  for (let k = 1; k < pieces.length; k++) {
    const piece = pieces[k] ?? '';
    const at = k === pieces.length - 1 && piece.length > 0 ? input.length - piece.length : piece.length === 0 ? cursor + 1 : input.indexOf(piece, cursor + 1);
    const end = at < 0 ? input.length : at;
    ranges.push([cursor, end]);
    cursor = end + piece.length;
  }
  return ranges;
}

const PARTICLES = /^(de|da|do|dos|das|e)$/i;

function covered(mask: Uint8Array, text: string, span: Span, strict: boolean): boolean {
  if (!strict) {
    for (let i = span.start; i < span.end; i++) if (mask[i] && /[\p{L}\p{N}]/u.test(text[i] ?? '')) return true;
    return false;
  }
  const value = text.slice(span.start, span.end);
  const re = /[\p{L}\p{N}]+/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) {
    if (span.kind === 'name' && PARTICLES.test(m[0])) continue;
    for (let i = span.start + m.index; i < span.start + m.index + m[0].length; i++) if (!mask[i]) return false;
  }
  return true;
}

interface Score {
  recall: Map<string, [number, number]>;
  negatives: Map<string, [number, number]>;
  spill: [number, number];
  mbps: number;
}

function score(engine: Engine, docs: readonly Doc[], corpusText: string): Score {
  const recall = new Map<string, [number, number]>();
  const negatives = new Map<string, [number, number]>();
  const spill: [number, number] = [0, 0];
  for (const doc of docs) {
    const mask = new Uint8Array(doc.text.length);
    for (const [s, e] of engine.detect(doc.text)) mask.fill(1, Math.max(0, s), Math.min(doc.text.length, e));
    const inSpan = new Uint8Array(doc.text.length);
    for (const span of doc.spans) {
      inSpan.fill(1, span.start, span.end);
      if (span.kind === 'negative') {
        const entry = negatives.get(span.label) ?? [0, 0];
        entry[0] += covered(mask, doc.text, span, false) ? 1 : 0;
        entry[1]++;
        negatives.set(span.label, entry);
      } else {
        const entry = recall.get(span.kind) ?? [0, 0];
        entry[0] += covered(mask, doc.text, span, true) ? 1 : 0;
        entry[1]++;
        recall.set(span.kind, entry);
      }
    }
    for (let i = 0; i < doc.text.length; i++) {
      if (inSpan[i] || !/[\p{L}\p{N}]/u.test(doc.text[i] ?? '')) continue;
      spill[1]++;
      if (mask[i]) spill[0]++;
    }
  }
  // Throughput: the engine's own masking call over the whole corpus, one core, after a warm-up.
  engine.mask(corpusText.slice(0, 20_000));
  const bytes = Buffer.byteLength(corpusText);
  const started = process.cpuUsage();
  let rounds = 0;
  const t0 = performance.now();
  do {
    engine.mask(corpusText);
    rounds++;
  } while (performance.now() - t0 < 1500);
  const cpu = process.cpuUsage(started);
  const mbps = (bytes * rounds) / 1e6 / ((cpu.user + cpu.system) / 1e6);
  return { recall, negatives, spill, mbps };
}

const pct = (entry: readonly [number, number] | undefined): string => (entry && entry[1] > 0 ? `${((100 * entry[0]) / entry[1]).toFixed(1)}%` : '-');

function main(): void {
  const docs = generateCorpus(Number(process.env['BENCH_DOCS'] ?? 40));
  const corpusText = docs.map((doc) => doc.text).join('\n\n');
  const engines = process.env['BENCH_ONLY'] === 'ours' ? [ours] : [ours, openredaction, redactpii];
  const truthCount = docs.reduce((sum, doc) => sum + doc.spans.filter((s) => s.kind !== 'negative').length, 0);
  console.log(`corpus: ${docs.length} documents (contracts, CSV, JSON, logs, code, Markdown reports), ${(Buffer.byteLength(corpusText) / 1024).toFixed(0)} KiB, ${truthCount} personal values, ${docs.reduce((s, d) => s + d.spans.filter((x) => x.kind === 'negative').length, 0)} negatives`);
  const scores = engines.map((engine) => ({ engine, score: score(engine, docs, corpusText) }));

  // Scanning alone, to separate detection from the HMAC-SHA256 each masked value costs.
  const started = process.cpuUsage();
  let rounds = 0;
  const t0 = performance.now();
  do {
    ours.detect(corpusText);
    rounds++;
  } while (performance.now() - t0 < 1500);
  const cpu = process.cpuUsage(started);
  const scanMbps = (Buffer.byteLength(corpusText) * rounds) / 1e6 / ((cpu.user + cpu.system) / 1e6);
  const valuesPerKiB = ours.detect(corpusText).length / (Buffer.byteLength(corpusText) / 1024);

  const width = 30;
  const row = (label: string, cells: string[]): string => `${label.padEnd(22)}${cells.map((c) => c.padStart(width)).join('')}`;
  console.log('');
  console.log(row('', scores.map((s) => s.engine.name)));
  console.log(row('throughput (MB/s, CPU)', scores.map((s) => s.score.mbps.toFixed(1))));
  console.log('recall (value fully masked)');
  const kinds = [...new Set(docs.flatMap((doc) => doc.spans.map((s) => s.kind)).filter((k) => k !== 'negative'))];
  for (const kind of kinds) console.log(row(`  ${kind}`, scores.map((s) => `${pct(s.score.recall.get(kind))} of ${s.score.recall.get(kind)?.[1] ?? 0}`)));
  console.log('false positives (negative touched)');
  const labels = [...new Set(docs.flatMap((doc) => doc.spans.filter((s) => s.kind === 'negative').map((s) => s.label)))];
  for (const label of labels) console.log(row(`  ${label}`, scores.map((s) => `${pct(s.score.negatives.get(label))} of ${s.score.negatives.get(label)?.[1] ?? 0}`)));
  const allNeg = (s: Score): [number, number] => [...s.negatives.values()].reduce<[number, number]>((acc, [a, b]) => [acc[0] + a, acc[1] + b], [0, 0]);
  console.log(row('  all negatives', scores.map((s) => pct(allNeg(s.score)))));
  console.log(row('other text masked', scores.map((s) => pct(s.score.spill))));
  console.log('');
  console.log(`autogen-gate scanning alone: ${scanMbps.toFixed(1)} MB/s on this corpus (${valuesPerKiB.toFixed(1)} personal values per KiB); masking adds an HMAC-SHA256 per value.`);
}

main();
