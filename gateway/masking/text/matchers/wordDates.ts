/**
 * Birth dates written out in words, as certidões and deeds write them: `doze de fevereiro de mil
 * novecentos e cinquenta e cinco`, `vinte e um de outubro de dois mil e vinte e seis`,
 * `primeiro de maio de 1990`. Taken after a birth cue only, like a date in figures, with the
 * date in figures a deed repeats in parentheses after it.
 */
import { detectorBit } from '../../detectors/registry.js';
import { DIGIT, LOWER, UPPER, fold } from '../chars.js';
import { SMALL_NUMBER_WORDS, W_DAY_WORD, W_MONTH_PT } from '../lexicon.js';
import { SPACE_CHAR } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';
import type { WordOpenings } from '../wordTable.js';

const BIRTH = detectorBit('birth_date');

/** One to nineteen: part of a day or of a year. */
const SMALL = new Set(SMALL_NUMBER_WORDS);
const TENS = new Set(['VINTE', 'TRINTA', 'QUARENTA', 'CINQUENTA', 'SESSENTA', 'SETENTA', 'OITENTA', 'NOVENTA']);
const HUNDREDS = new Set([
  'CEM',
  'CENTO',
  'DUZENTOS',
  'TREZENTOS',
  'QUATROCENTOS',
  'QUINHENTOS',
  'SEISCENTOS',
  'SETECENTOS',
  'OITOCENTOS',
  'NOVECENTOS',
]);

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

/** The end of a number written out from `p` (`vinte e um`, `mil novecentos e cinquenta e cinco`), or -1. */
function numberWords(scan: Scan, p: number, allowed: (word: string) => boolean): number {
  let end = -1;
  let q = p;
  for (let words = 0; words < 10; words++) {
    const w = wordAt(scan, q);
    if (w === undefined || !allowed(w.word)) break;
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
  return end;
}

/** `dias do mês de ` (or `dia do mês de `) at `p`: the index after it, or -1. */
function daysOfMonth(scan: Scan, p: number): number {
  let q = expect(scan, p, 'DIAS');
  if (q < 0) q = expect(scan, p, 'DIA');
  for (const word of ['DO', 'MES', 'DE']) if (q >= 0) q = expect(scan, q, word);
  return q;
}

const dayWord = (word: string): boolean => SMALL.has(word) || word === 'VINTE' || word === 'TRINTA' || word === 'PRIMEIRO';
const yearWord = (word: string): boolean => word === 'MIL' || SMALL.has(word) || TENS.has(word) || HUNDREDS.has(word);

/** How the words of a day written out open (um, dois… trinta): most words before `de` open otherwise. */
let dayWordOpenings: WordOpenings | undefined;

/** Whether the word `[i, j)` may open a day written out (a day's word, then ` de` or ` e`): the cheap test first. */
export function mayOpenWordsDate(scan: Scan, i: number, j: number): boolean {
  if (j - i < 2 || j - i > 9 || scan.at(j) !== SPACE_CHAR) return false;
  const next = scan.at(j + 1) | 0x20;
  return (
    (next === 0x64 || next === 0x65) &&
    (dayWordOpenings ??= scan.words.openings(W_DAY_WORD)).may(scan.text, i, j) &&
    (scan.words.get(scan.text, i, j) & W_DAY_WORD) !== 0
  );
}

/**
 * A birth date written out from `i` (the day's first word), after a birth cue:
 * adds it and returns its end, or -1 when there is none.
 */
export function wordsDate(scan: Scan, i: number): number {
  if (!scan.on(BIRTH) || !scan.cueBefore(i, BIRTH, 3)) return -1;
  const dayEnd = numberWords(scan, i, dayWord);
  if (dayEnd < 0 || scan.at(dayEnd) !== SPACE_CHAR) return -1;
  // `quatro de janeiro`, or a deed's `quatro dias do mês de janeiro`.
  const de = expect(scan, dayEnd + 1, 'DE');
  const month = de >= 0 ? de : daysOfMonth(scan, dayEnd + 1);
  if (month < 0) return -1;
  const m = wordAt(scan, month);
  if (m === undefined || !(scan.words.get(scan.text, month, m.end) & W_MONTH_PT)) return -1;
  let end = m.end;
  const year = scan.at(end) === SPACE_CHAR ? expect(scan, end + 1, 'DE') : -1;
  if (year >= 0) {
    let y = year;
    while (scan.cls(y) & DIGIT) y++;
    const yearEnd = y - year === 4 ? y : numberWords(scan, year, yearWord);
    if (yearEnd > 0) end = yearEnd;
  }
  // `(12/02/1955)`: the same date in figures, repeated (read through `at`, so a stream waits for it).
  scan.at(end + 14);
  const repeat = /^ \(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\)/.exec(scan.text.slice(end, end + 14));
  scan.add(i, end, 'birth_date');
  if (repeat === null) return end;
  scan.add(end + 2, end + repeat[0].length - 1, 'birth_date');
  return end + repeat[0].length;
}
