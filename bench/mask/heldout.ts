/**
 * The held-out masking corpus: hand-written Brazilian documents in `bench/mask/heldout/*.txt`, each
 * personal value marked inline as `⟦kind:value⟧` and each look-alike that must stay untouched as
 * `⟦keep:label:value⟧` (see `heldout/README.md`). This module strips the markers and returns the
 * plain text with the marked spans, so a benchmark can score the masking engine on documents that
 * were written without reading it.
 *
 * Offsets are UTF-16 code unit indices into `text` (what `String.prototype.slice` takes), `end`
 * exclusive. Personal values have `kind` = the detector id and `label` = the same id; keeps have
 * `kind` = 'negative' and `label` = the keep label (`place`, `org`, `invalid-cpf`, ...).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HeldoutSpan {
  readonly start: number;
  readonly end: number;
  readonly kind: string;
  readonly label: string;
}

export interface HeldoutDoc {
  readonly kind: string;
  readonly file: string;
  readonly text: string;
  readonly spans: HeldoutSpan[];
}

/** The detector ids a personal value may be marked with. */
export const HELDOUT_KINDS: readonly string[] = [
  'cpf',
  'cnpj',
  'rg',
  'cnh',
  'pis',
  'titulo_eleitor',
  'cns',
  'name',
  'address',
  'cep',
  'phone',
  'email',
  'ip',
  'birth_date',
  'credit_card',
];

/** The span kind of a keep marker (a look-alike the engine must leave alone). */
export const NEGATIVE = 'negative';

const OPEN = '\u27E6';
const CLOSE = '\u27E7';
const KNOWN_KINDS = new Set(HELDOUT_KINDS);
const KEEP_LABEL = /^[a-z][a-z0-9-]*$/;
const FILE_NAME = /^\d{2,}-([a-z0-9]+(?:-[a-z0-9]+)*)\.txt$/;

/** The nearest directory at or above `from` that holds a package.json. */
function repositoryRoot(from: string): string {
  for (let dir = from; ;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`held-out corpus: no package.json at or above ${from}`);
    dir = parent;
  }
}

/**
 * `bench/mask/heldout` of the repository this module belongs to, found by walking up to package.json,
 * so it resolves the same from `bench/mask/heldout.ts` and from `out/bench/mask/heldout.js`.
 */
export function defaultHeldoutDir(): string {
  return join(repositoryRoot(dirname(fileURLToPath(import.meta.url))), 'bench', 'mask', 'heldout');
}

/**
 * Strips the markers of one annotated document. Throws, naming `file`, the line and the column, on a
 * marker that is unclosed, nested, spans a line break, has an unknown kind, a bad keep label, or an
 * empty or space-padded value, and on a `⟧` that closes nothing.
 */
export function parseHeldout(file: string, source: string): { text: string; spans: HeldoutSpan[] } {
  const spans: HeldoutSpan[] = [];
  const lines = source.split('\n');
  let text = '';
  lines.forEach((line, index) => {
    const where = (column: number): string => `${file}:${index + 1}:${column + 1}`;
    let at = 0;
    for (;;) {
      const open = line.indexOf(OPEN, at);
      const stray = line.indexOf(CLOSE, at);
      if (stray >= 0 && (open < 0 || stray < open)) throw new Error(`${where(stray)}: '${CLOSE}' without an opening '${OPEN}'`);
      if (open < 0) {
        text += line.slice(at);
        break;
      }
      text += line.slice(at, open);
      const close = line.indexOf(CLOSE, open + 1);
      if (close < 0) throw new Error(`${where(open)}: marker not closed on its line (markers may not span a line break)`);
      const inner = line.slice(open + 1, close);
      const nested = inner.indexOf(OPEN);
      if (nested >= 0) throw new Error(`${where(open + 1 + nested)}: nested marker`);
      const { kind, label, value } = readMarker(inner, where(open));
      spans.push({ start: text.length, end: text.length + value.length, kind, label });
      text += value;
      at = close + 1;
    }
    if (index < lines.length - 1) text += '\n';
  });
  return { text, spans };
}

function readMarker(inner: string, where: string): { kind: string; label: string; value: string } {
  const colon = inner.indexOf(':');
  if (colon < 0) throw new Error(`${where}: marker '${OPEN}${inner}${CLOSE}' has no 'kind:'`);
  const head = inner.slice(0, colon);
  let kind: string;
  let label: string;
  let value: string;
  if (head === 'keep') {
    const second = inner.indexOf(':', colon + 1);
    if (second < 0) throw new Error(`${where}: keep marker '${OPEN}${inner}${CLOSE}' has no 'label:'`);
    label = inner.slice(colon + 1, second);
    if (!KEEP_LABEL.test(label)) throw new Error(`${where}: keep label '${label}' is not lower-case words joined by '-'`);
    kind = NEGATIVE;
    value = inner.slice(second + 1);
  } else {
    if (!KNOWN_KINDS.has(head)) throw new Error(`${where}: unknown kind '${head}' (expected keep or one of ${HELDOUT_KINDS.join(', ')})`);
    kind = head;
    label = head;
    value = inner.slice(colon + 1);
  }
  if (value.length === 0) throw new Error(`${where}: marker '${OPEN}${inner}${CLOSE}' has an empty value`);
  if (value.trim() !== value) throw new Error(`${where}: value of '${OPEN}${inner}${CLOSE}' starts or ends with white space`);
  return { kind, label, value };
}

/**
 * Every `NN-genre.txt` of `dir` (default: `bench/mask/heldout` of this repository), sorted by name,
 * with its markers stripped. `kind` of a document is the genre part of its file name.
 */
export function loadHeldoutCorpus(dir: string = defaultHeldoutDir()): HeldoutDoc[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort();
  if (files.length === 0) throw new Error(`held-out corpus: no .txt files in ${dir}`);
  return files.map((file) => {
    const genre = FILE_NAME.exec(file)?.[1];
    if (genre === undefined) throw new Error(`held-out corpus: ${join(dir, file)}: file name is not NN-genre.txt`);
    const { text, spans } = parseHeldout(file, readFileSync(join(dir, file), 'utf8'));
    return { kind: genre, file, text, spans };
  });
}
