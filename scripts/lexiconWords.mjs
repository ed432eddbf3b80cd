// What the lexicon builders share: folding a word as the engine does, the ordinary words of
// Debian's word lists (wbrazilian, wamerican), which say a name is also a word, the unpacked faker
// package, hand-written lists and the survey's first names.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

export const WORD_LISTS = ['/usr/share/dict/brazilian', '/usr/share/dict/american-english'];

/** Capitals without accents, as the engine's word table keys its words. */
export const fold = (word) =>
  word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

/** The folded lower-case words of the word lists; exits with a hint when one is missing. */
export function ordinaryWords() {
  const ordinary = new Set();
  for (const path of WORD_LISTS) {
    if (!existsSync(path)) {
      console.error(`missing ${path} (apt-get install wbrazilian wamerican)`);
      process.exit(1);
    }
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const word = line.trim();
      if (word.length < 2 || word.includes("'") || word !== word.toLowerCase()) continue;
      ordinary.add(fold(word));
    }
  }
  return ordinary;
}

/**
 * The @faker-js/faker package unpacked in the folder the command line names (`npm pack
 * @faker-js/faker@9.9.0 && tar xzf …`): its module and version; exits with the usage otherwise.
 */
export function unpackedFaker(script) {
  const fakerDir = process.argv[2];
  if (!fakerDir || !existsSync(resolve(fakerDir, 'package.json'))) {
    console.error(`usage: node scripts/${script} path/to/@faker-js/faker (an unpacked package)`);
    process.exit(1);
  }
  const { version } = JSON.parse(readFileSync(resolve(fakerDir, 'package.json'), 'utf8'));
  return { faker: createRequire(import.meta.url)(resolve(fakerDir, 'dist/index.cjs')), version };
}

/** The words of a hand-written list: lines starting with `#` are comments. */
export function handList(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join(' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** The IBGE survey's names in gateway/masking/lexicon/firstNames.ts, each with its frequency letter. */
export function surveyedFirstNames(root) {
  const source = readFileSync(resolve(root, 'gateway/masking/lexicon/firstNames.ts'), 'utf8');
  const names = new Map();
  for (const entry of (/FIRST_NAMES_DATA =\s*'([^']*)'/.exec(source)?.[1] ?? '').split(',')) {
    const m = /^([A-Z]+)([a-z])~?$/.exec(entry);
    if (m) names.set(m[1], m[2]);
  }
  if (names.size < 60000) throw new Error('firstNames.ts was not read: rebuild it first');
  return names;
}

/** Every entry of `person.<field>` in the faker `locales` (a list, or lists by gender); throws naming a locale that lacks it. */
export function fakerPersonNames(faker, locales, field) {
  const names = [];
  for (const locale of locales) {
    const list = faker[locale]?.rawDefinitions?.person?.[field];
    if (!list) throw new Error(`${locale} has no person.${field} in this faker version`);
    names.push(...(Array.isArray(list) ? list : Object.values(list).flat()));
  }
  return names;
}

/**
 * Writes a generated lexicon: `comment` (its lines, each written after `// `), the count and what
 * the words are, then `export const <constant>` holding the words sorted and joined by spaces.
 */
export function writeWordLexicon(path, comment, what, constant, words, candidates) {
  const sorted = [...words].sort();
  writeFileSync(
    path,
    `${comment.map((line) => `// ${line}\n`).join('')}// ${sorted.length} ${what}, folded to capitals without accents, separated by spaces.
export const ${constant} =
  '${sorted.join(' ')}';
`,
  );
  console.log(`wrote ${path}: ${sorted.length} ${what} from ${candidates} candidates`);
}
