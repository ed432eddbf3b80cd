#!/usr/bin/env node
// Generates gateway/masking/lexicon/foreignFirstNames.ts, the given names of families from abroad
// that the IBGE survey (firstNames.ts) lacks: the Latin-script person.first_name lists of
// @faker-js/faker's locales for the countries Brazil's immigrants and refugees came from (Europe,
// West and Southern Africa, Spanish America, Vietnam), plus the transliterated given names listed
// in scripts/foreignFirstNames.txt (Arabic, Ukrainian, Japanese, Korean, Chinese, Haitian,
// Venezuelan…), less every name already in the survey, every word that is also an ordinary
// Portuguese or English word (Debian's wbrazilian and wamerican), names shorter than four letters
// (five from the generated lists) and the product and place names below. The gateway reads only
// the generated file.
//
// usage: npm pack @faker-js/faker@9.9.0 && tar xzf faker-js-faker-9.9.0.tgz
//        node scripts/buildForeignNameLexicon.mjs path/to/package
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold, ordinaryWords } from './lexiconWords.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fakerDir = process.argv[2];
if (!fakerDir || !existsSync(resolve(fakerDir, 'package.json'))) {
  console.error('usage: node scripts/buildForeignNameLexicon.mjs path/to/@faker-js/faker (an unpacked package)');
  process.exit(1);
}
const fakerPackage = JSON.parse(readFileSync(resolve(fakerDir, 'package.json'), 'utf8'));
const ordinary = ordinaryWords();

// Every name of the survey: the survey's own weight stands for those.
const surveyed = new Set();
const firstNamesSource = readFileSync(resolve(root, 'gateway/masking/lexicon/firstNames.ts'), 'utf8');
for (const entry of (/FIRST_NAMES_DATA =\s*'([^']*)'/.exec(firstNamesSource)?.[1] ?? '').split(',')) {
  const m = /^([A-Z]+)[a-z]~?$/.exec(entry);
  if (m) surveyed.add(m[1]);
}
if (surveyed.size < 60000) throw new Error('firstNames.ts was not read: rebuild it first');

// Given names that name a product, a program, a language or a place far more often in generated text.
const NOT_NAMES = new Set(
  `JAVA PYTHON RUBY RUST SWIFT KOTLIN SCALA JULIA PERL DART ELIXIR ERLANG HASKELL LINUX DEBIAN UBUNTU ALPINE
  ORACLE AZURE ALEXA SIRI CORTANA TESLA MERCEDES PORSCHE LEXUS CAMRY COROLLA CIVIC KIA SKODA SEAT FIAT
  AMAZON NIKE ADIDAS PUMA CHANEL DIOR PRADA GUCCI ZARA MANGO APPLE ANDROID WINDOWS EXCEL OFFICE TEAMS
  PARIS LONDON BERLIN ROMA MILANO MADRID LISBOA PORTO VENEZIA FIRENZE NAPOLI SIENA VERONA TORINO GENOVA
  FLORENCE SYDNEY VICTORIA VIRGINIA GEORGIA CAROLINA CHELSEA BROOKLYN DALLAS AUSTIN DENVER PHOENIX
  ATLANTA HOUSTON MEMPHIS NEVADA DAKOTA MONTANA ARIZONA INDIANA TEXAS ASIA AFRICA AMERICA EUROPA
  SAHARA NAIROBI LAGOS ACCRA DAKAR KANO ABUJA HAVANA BOGOTA LIMA QUITO CARACAS MEDELLIN CALI
  NORMAN KING QUEEN PRINCE DUKE BARON MAJOR BISHOP CARDINAL DEACON PASTOR DEAN PROVOST SAINT
  MONDAY FRIDAY SUNDAY JANUARY APRIL JUNE AUGUST MAIO JUNHO JULHO AGOSTO ISIN IBAN SWIFT CUSIP SEDOL`.split(/\s+/),
);

// The locales whose person.first_name lists are in Latin script and whose people settled in Brazil.
const LOCALES = [
  'fakerPL',
  'fakerIT',
  'fakerDE',
  'fakerDE_CH',
  'fakerES',
  'fakerES_MX',
  'fakerFR',
  'fakerFR_SN',
  'fakerNL',
  'fakerCS_CZ',
  'fakerSK',
  'fakerHR',
  'fakerHU',
  'fakerRO',
  'fakerLV',
  'fakerTR',
  'fakerEN_US',
  'fakerEN_NG',
  'fakerYO_NG',
  'fakerEN_GH',
  'fakerZU_ZA',
  'fakerVI',
  'fakerPT_PT',
];
const faker = createRequire(import.meta.url)(resolve(fakerDir, 'dist/index.cjs'));
// A generated list's names of four letters are often a code's or an acronym's letters in capitals
// (`ISIN`, `ALTA`): only the hand list's, read one by one, are kept that short.
const candidates = [];
const handListed = new Set();
for (const locale of LOCALES) {
  const firstNames = faker[locale]?.rawDefinitions?.person?.first_name;
  if (!firstNames) throw new Error(`${locale} has no person.first_name in this faker version`);
  // Vietnamese lists a given name of two syllables as two words: each is a given name's word.
  for (const name of Array.isArray(firstNames) ? firstNames : Object.values(firstNames).flat()) candidates.push(...name.split(/[\s-]+/));
}
for (const name of readFileSync(resolve(root, 'scripts/foreignFirstNames.txt'), 'utf8')
  .split('\n')
  .filter((line) => !line.startsWith('#'))
  .join(' ')
  .split(/\s+/)) {
  candidates.push(name);
  handListed.add(fold(name));
}

const names = new Set();
for (const candidate of candidates) {
  if (!/^\p{Script=Latin}+$/u.test(candidate)) continue;
  const word = fold(candidate);
  if (word.length < (handListed.has(word) ? 4 : 5) || !/^[A-Z]+$/.test(word)) continue;
  if (surveyed.has(word) || ordinary.has(word) || NOT_NAMES.has(word)) continue;
  names.add(word);
}
const sorted = [...names].sort();

const out = resolve(root, 'gateway/masking/lexicon/foreignFirstNames.ts');
writeFileSync(
  out,
  `// Generated by scripts/buildForeignNameLexicon.mjs from @faker-js/faker ${fakerPackage.version} (MIT) and
// scripts/foreignFirstNames.txt, less the IBGE survey's names, the ordinary words of the wbrazilian and
// wamerican lists, and product and place names. Do not edit.
// ${sorted.length} given names, folded to capitals without accents, separated by spaces.
export const FOREIGN_FIRST_NAMES_DATA =
  '${sorted.join(' ')}';
`,
);
console.log(`wrote ${out}: ${sorted.length} given names from ${candidates.length} candidates`);
