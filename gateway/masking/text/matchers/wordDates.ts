/**
 * Birth dates with words in them, as certidões, deeds, letters and call transcripts write them:
 * `doze de fevereiro de mil novecentos e cinquenta e cinco`, `primeiro de maio de 1990`,
 * spoken `dezenove do sete de sessenta e oito`, a month and year (`agosto de 1927`, `fev/1971`),
 * a year alone in words (`nasceu em sessenta e sete`). Taken after a birth cue only, like a date
 * in figures, with the date in figures a deed repeats in parentheses after it.
 */
import { detectorBit } from '../../detectors/registry.js';
import { DIGIT, LOWER, UPPER, WORD, fold } from '../chars.js';
import { SMALL_NUMBER_WORDS, TENS_WORDS, W_DATE_WORD, W_MONTH_PT } from '../lexicon.js';
import { SPACE_CHAR } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';
import { monthOfName } from '../validate.js';
import type { WordOpenings } from '../wordTable.js';
import { birthYearCue, wordedBirthCue } from './numbers.js';

const BIRTH = detectorBit('birth_date');
const THIS_YEAR = new Date().getUTCFullYear();

/** What each number word adds: `dezenove` 19, `sessenta` 60, `novecentos` 900 (`mil` multiplies). */
const VALUES = new Map<string, number>([
  ...SMALL_NUMBER_WORDS.map((word, k): [string, number] => [
    word,
    [1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 14, 15, 16, 17, 18, 19][k] ?? 0,
  ]),
  ...TENS_WORDS.map((word, k): [string, number] => [word, 20 + 10 * k]),
  ...'CEM CENTO DUZENTOS TREZENTOS QUATROCENTOS QUINHENTOS SEISCENTOS SETECENTOS OITOCENTOS NOVECENTOS'
    .split(' ')
    .map((word, k): [string, number] => [word, k < 2 ? 100 : 100 * k]),
  ['PRIMEIRO', 1],
]);
const THOUSAND = 'MIL';

/** A word at `p` (letters), folded, and its end; undefined when none starts there. */
function wordAt(scan: Scan, p: number): { word: string; end: number } | undefined {
  let e = p;
  while (scan.cls(e) & (UPPER | LOWER)) e++;
  return e > p ? { word: fold(scan.text.slice(p, e)), end: e } : undefined;
}

/** `<word> ` at `p` when the word is `expected`: the index after the space, or -1. */
function expect(scan: Scan, p: number, expected: string): number {
  const w = wordAt(scan, p);
  return w !== undefined && w.word === expected && scan.at(w.end) === SPACE_CHAR ? w.end + 1 : -1;
}

/** A number written out from `p` (`vinte e um`, `mil novecentos e cinquenta e cinco`): its end and value, or undefined. */
function numberWords(scan: Scan, p: number, allowed: (word: string) => boolean): { end: number; value: number } | undefined {
  let end = -1;
  let total = 0;
  let part = 0;
  let q = p;
  for (let words = 0; words < 10; words++) {
    const w = wordAt(scan, q);
    if (w === undefined || !allowed(w.word)) break;
    if (w.word === THOUSAND) {
      total += (part || 1) * 1000;
      part = 0;
    } else part += VALUES.get(w.word) ?? 0;
    end = w.end;
    if (scan.at(end) !== SPACE_CHAR) break;
    // `mil novecentos`, `dois mil`: parts side by side; `e` joins them only when another part follows it.
    const next = wordAt(scan, end + 1);
    if (next !== undefined && allowed(next.word)) {
      q = end + 1;
      continue;
    }
    const joiner = expect(scan, end + 1, 'E');
    const after = joiner < 0 ? undefined : wordAt(scan, joiner);
    if (after === undefined || !allowed(after.word)) break;
    q = joiner;
  }
  return end < 0 ? undefined : { end, value: total + part };
}

/** `dias do mês de ` (or `dia do mês de `) at `p`: the index after it, or -1. */
function daysOfMonth(scan: Scan, p: number): number {
  let q = expect(scan, p, 'DIAS');
  if (q < 0) q = expect(scan, p, 'DIA');
  for (const word of ['DO', 'MES', 'DE']) if (q >= 0) q = expect(scan, q, word);
  return q;
}

/** One to nineteen: part of a day or of a year. */
const SMALL: ReadonlySet<string> = new Set(SMALL_NUMBER_WORDS);
const dayWord = (word: string): boolean => SMALL.has(word) || word === 'VINTE' || word === 'TRINTA' || word === 'PRIMEIRO';
const yearWord = (word: string): boolean => word === THOUSAND || VALUES.has(word);

/** A year written out, as a full year: `sessenta e oito` is 1968 (a birth told in speech), `mil novecentos e dois` 1902. */
function fullYear(value: number): number {
  return value >= 100 ? value : value > THIS_YEAR % 100 ? 1900 + value : 2000 + value;
}

/** A birth's year from `p`: four digits or words. Its end, or -1 when none is there or it names no year of a living person's birth. */
function yearAt(scan: Scan, p: number): number {
  let y = p;
  while (scan.cls(y) & DIGIT) y++;
  if (y - p === 4) return scan.cls(y) & WORD ? -1 : birthYear(Number(scan.text.slice(p, y))) ? y : -1;
  if (y > p) return -1;
  const words = numberWords(scan, p, yearWord);
  return words !== undefined && birthYear(fullYear(words.value)) ? words.end : -1;
}

/** A year alone in words: tens at least (`sessenta e sete`, `mil novecentos…`, `dois mil e um`), never `uma` or `três`. */
function yearAlone(scan: Scan, i: number, word: string): number {
  if (!yearWord(word) || word === 'PRIMEIRO') return -1;
  const words = numberWords(scan, i, yearWord);
  return words !== undefined && words.value >= 20 && birthYear(fullYear(words.value)) ? words.end : -1;
}

function birthYear(year: number): boolean {
  return year >= 1890 && year <= THIS_YEAR;
}

/** How the words that open a date in words open: most words are spared the table's probe. */
let dateWordOpenings: WordOpenings | undefined;

/**
 * Whether the word `[i, j)` may open a date in words: a day's, a year's or a month's word, with
 * what may follow one (` de`, ` do`, ` e`, ` mil`/` novecentos`, a year, or `/`, `.`, `-`). The cheap tests first.
 */
export function mayOpenWordsDate(scan: Scan, i: number, j: number): boolean {
  if (j - i < 2 || j - i > 10) return false;
  const c = scan.at(j);
  if (c === SPACE_CHAR) {
    const next = scan.at(j + 1) | 0x20;
    if (next !== 0x64 && next !== 0x65 && next !== 0x6e && next !== 0x6d && next !== 0x31 && next !== 0x32) return false;
  } else if (c !== 0x2f && c !== 0x2e && c !== 0x2d) return false;
  return (
    (dateWordOpenings ??= scan.words.openings(W_DATE_WORD)).may(scan.text, i, j) && (scan.words.get(scan.text, i, j) & W_DATE_WORD) !== 0
  );
}

/**
 * A birth date in words from `i` (its first word), after a birth cue: adds it and returns its
 * end, or -1 when there is none.
 */
export function wordsDate(scan: Scan, i: number): number {
  if (!scan.on(BIRTH)) return -1;
  const first = wordAt(scan, i);
  if (first === undefined) return -1;
  let end = dayFirst(scan, i, first.word);
  if (end < 0) end = monthFirst(scan, i, first.word, first.end);
  if (end >= 0) {
    if (!wordedBirthCue(scan, i)) return -1;
  } else {
    // `nasceu em sessenta e sete`: a year alone, after what makes a year alone a birth's.
    end = yearAlone(scan, i, first.word);
    if (end < 0 || !birthYearCue(scan, i)) return -1;
  }
  // `(12/02/1955)`: the same date in figures, repeated (read through `at`, so a stream waits for it).
  scan.at(end + 14);
  const repeat = /^ \(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\)/.exec(scan.text.slice(end, end + 14));
  scan.add(i, end, 'birth_date');
  if (repeat === null) return end;
  scan.add(end + 2, end + repeat[0].length - 1, 'birth_date');
  return end + repeat[0].length;
}

/**
 * `quatro de janeiro [de 1990]`, a deed's `quatro dias do mês de janeiro`, spoken `dezenove do sete
 * de sessenta e oito`: the end, or -1.
 */
function dayFirst(scan: Scan, i: number, word: string): number {
  if (!dayWord(word)) return -1;
  const day = numberWords(scan, i, dayWord);
  if (day === undefined || day.value < 1 || day.value > 31 || scan.at(day.end) !== SPACE_CHAR) return -1;
  let end: number;
  const de = expect(scan, day.end + 1, 'DE');
  const monthStart = de >= 0 ? de : daysOfMonth(scan, day.end + 1);
  if (monthStart >= 0) {
    const m = wordAt(scan, monthStart);
    if (m === undefined || !(scan.words.get(scan.text, monthStart, m.end) & W_MONTH_PT)) return -1;
    end = m.end;
  } else {
    // Spoken: the month by its number after `do`.
    const doStart = expect(scan, day.end + 1, 'DO');
    const month = doStart < 0 ? undefined : numberWords(scan, doStart, dayWord);
    if (month === undefined || month.value < 1 || month.value > 12 || scan.at(month.end) !== SPACE_CHAR) return -1;
    const yearStart = expect(scan, month.end + 1, 'DE');
    const year = yearStart < 0 ? -1 : yearAt(scan, yearStart);
    return year;
  }
  const yearStart = scan.at(end) === SPACE_CHAR ? expect(scan, end + 1, 'DE') : -1;
  const year = yearStart < 0 ? -1 : yearAt(scan, yearStart);
  return year > 0 ? year : end;
}

/** A day's number right before a month: `31/`, `12`, `31 de `. */
const DAY_BEFORE = /\d(?:[/.\- ]| de )?$/i;

/** `agosto de 1927`, `março/1971`, `fev. 1971`, `abr-1995`, `julho de mil novecentos e oitenta`: the end, or -1. */
function monthFirst(scan: Scan, i: number, word: string, wordEnd: number): number {
  if (monthOfName(word) === undefined) return -1;
  // `31/fev/1990`, `12mar1969`, `31 de fevereiro`: the month of a day's date, which the number before it was read with.
  if (DAY_BEFORE.test(scan.text.slice(Math.max(0, i - 5), i))) return -1;
  let p = wordEnd;
  if (scan.at(p) === 0x2e) p++;
  const c = scan.at(p);
  if (c === 0x2f || c === 0x2d) p++;
  else if (c === SPACE_CHAR) {
    const de = expect(scan, p + 1, 'DE');
    p = de >= 0 ? de : p + 1;
  } else return -1;
  return yearAt(scan, p);
}
