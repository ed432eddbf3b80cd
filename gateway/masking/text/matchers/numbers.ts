/**
 * Numbers: a chain of digit groups (`529.982.247-25`, `(11) 98765-4321`, `+55 11 3456 7890`,
 * `12/03/1985`) is read once, described by its digits and shape, and offered to the detectors
 * that claim numbers of that many digits (see NumberRule). Dates, IPv4 addresses, prices and
 * versions are told apart here first; alphanumeric codes (hashes, UUIDs, the new CNPJ) go to
 * `compound`.
 */
import type { DetectorId } from '../../config.js';
import { bareShape } from '../../detectors/common.js';
import type { NumberFacts, NumberRule } from '../../detectors/descriptor.js';
import { DETECTORS, detectorBit } from '../../detectors/registry.js';
import { CLASS, DIGIT, LOWER, UNDERSCORE, UPPER, WORD, fold, isDigit, isJsSpace } from '../chars.js';
import { LOOK_BEHIND } from '../behind.js';
import { CUE_VERSION } from '../cues.js';
import { UF_CODES } from '../lexicon.js';
import { NBSP, SPACE_CHAR, foldedEquals, keyBefore } from '../scanHelpers.js';
import { classifyKey } from '../keys.js';
import type { Scan } from '../scanner.js';
import { servicePhone } from './orgContact.js';
import { BRACKETED_KIN_GAP, KIN_GAP, kinListBefore } from './personContext.js';
import { birthCalendarDay, calendarDay, dayOf, monthOfName, repeated, validCard, validCnpj, validCpf } from '../validate.js';
import { serverAt, validIpv4 } from './ip.js';

const CNPJ = detectorBit('cnpj');
const CPF = detectorBit('cpf');
const BIRTH = detectorBit('birth_date');
const IP = detectorBit('ip');
const CEP = detectorBit('cep');

// Shapes (group lengths and separators: 529.982.247-25 is "3.3.3-2"), compiled once; each is
// tried only on shapes of its length.
const DATE_SHAPE = /^[12]([/.-])[12]\1[24]$/;
const ISO_DATE_SHAPE = /^4([/.-])2\1[2]$/;
const IPV4_SHAPE = /^[123]\.[123]\.[123]\.[123]$/;
const VERSION_SHAPE = /^[123](\.[123]){2,3}$/;
const PRICE_SHAPE = /^[123](\.3)*$/;
/** Where the formatted alphanumeric CNPJ (AA.AAA.AAA/AAAA-DD) puts its separators: after 2, 5, 8, 12 characters. */
const CNPJ_SEPARATOR_AT = [2, 5, 8, 12];
/** A year, a month and a day set apart by spaces (`1972 4 18`): a date's parts as a call's arguments. */
const SPACED_DATE_SHAPE = /^4 [12] [12]$/;
/** The unified lawsuit number of CNJ Resolution 65/2008. */
const CNJ_CASE_SHAPE = '7-2.4.1.2.4';
const CPF_SHAPE = '3.3.3-2';
/** Groups of four digits set apart by spaces (`4 4 4 4 4 4…`). */
const ACCESS_KEY_SHAPE = /^4(?: 4)+$/;
/** `nasceu Kaiany Alencar Yawanawá, em 08/08/2021`: a birth verb, the child's name, then the date. */
const NAMED_BIRTH_BEFORE =
  /\b[Nn]asc(?:eu|eram|id[oa]s?)\s+(?:(?:d[aeo]s?\s+|e\s+)?\p{Lu}[\p{L}'-]*\s+){0,5}?(?:d[aeo]s?\s+|e\s+)?\p{Lu}[\p{L}'-]*,?\s+(?:em|no dia|aos)\s+$/u;
/**
 * `D.N.:` (data de nascimento), dotted, which the word reader sees as two letters; `n.` and `b.`
 * (nascido, born) after a name's comma or in brackets, as biographies and genealogies write them.
 */
const DN_BEFORE = /\bD\.\s?N\.?\s*:?\s*$|(?:\(|\p{L}, ?)[nb]\. ?$/iu;
/**
 * `Joana Lima, 44 anos (12/03/1980)`, `Idade: 44 (12/03/1980)`: a person's age, then a date in brackets
 * or after a comma: the birth the age counts from.
 */
const AGE_BEFORE = /(?:\p{L}, ?\d{1,3} ?(?:anos|years(?: old)?)|\bidade ?:? ?\d{1,3}(?: ?anos)?) ?(?:\(|, ?|- ?|– ?)$/iu;
/**
 * `faz 18 anos dia 22 de junho`, `completa 15 anos (07/03/2012)`, `fez 70 anos em 14/03`: the day a
 * person turns an age, which is their birthday (in brackets, the birth date itself).
 */
const TURNING = /\b(?:faz|far[aá]|fez|fiz|completa|completar[aá]|completou|vai fazer|vai completar) (?:\d{1,3}|[a-zçã]+) (?:anos|aninhos)/i;
/**
 * The day after the age turned (`fez 80 anos⏎dia 2 de novembro`, `fez vinte anos ontem, 18 de novembro`), or
 * after an age alone when a day follows (`fiz 17 no dia 29/11`, `ela faz 88 dia 24/12`).
 */
const TURNING_DAY = new RegExp(
  `(?:${TURNING.source}(?:\\s(?:agora|no próximo|no proximo|ontem|hoje|amanhã|amanha),?)?\\s(?:dia|em|no dia|\\()?|` +
    `\\b(?:faz|far[aá]|fez|fiz|completa|completou) \\d{1,3} (?:no )?dia)(?: \\(?\\d{1,2} de)? ?$`,
  'i',
);
/** `completa 15 anos (07/03/2012)`, `fez 4 anos ontem (9 de março)`: the birthday in brackets after the age. */
const TURNING_BRACKET = new RegExp(`${TURNING.source}(?: (?:agora|ontem|hoje|amanhã|amanha))? ?\\($`, 'i');
/*
 * Every date weighs DN_BEFORE, AGE_BEFORE and TURNING_BRACKET against the slice behind it:
 * anchored at the slice's end, each is tried from every character of it, and nearly all fail.
 * What their matches must end with is looked at first (a test that only rules out: when it
 * passes, the pattern decides). NAMED_BIRTH_BEFORE needs none: it opens with a literal, which
 * the engine finds faster than a test written here would.
 */

/** `DN_BEFORE` of the ten characters before `i`: its matches end with `N`, `.` or `:`, then white space. */
function dnBefore(text: string, i: number): boolean {
  const from = Math.max(0, i - 10);
  let q = i - 1;
  while (q >= from && isJsSpace(text.charCodeAt(q))) q--;
  if (q < from) return false;
  const c = text.charCodeAt(q);
  if (c !== 0x4e && c !== 0x6e && c !== 0x2e && c !== 0x3a) return false;
  return DN_BEFORE.test(text.slice(from, i));
}

/** Whether an age's or a birthday's words may end right before `i` (`AGE_BEFORE`, `TURNING_BRACKET`): a bracket, a comma or a dash, a space after either of the last two. */
function ageMayEnd(text: string, i: number): boolean {
  let c = text.charCodeAt(i - 1);
  if (c === 0x28) return true;
  if (c === SPACE_CHAR) c = text.charCodeAt(i - 2);
  return c === 0x2c || c === 0x2d || c === 0x2013;
}

/** A second date after the first, a period's end (`12/03/2019 a 12/03/2024`): the first is when it began. */
const PERIOD_AFTER = /^\)? ?(?:a|até|ate|to|-|–) ?\d/;
/** `born in ` right before a year (the Portuguese forms are BIRTH_YEAR_BEFORE's). */
const BORN_IN_BEFORE = /\bborn in $/i;

/**
 * `★ 12/04/1936 ✝ 04/12/2026`: the star marks a birth in obituaries and genealogies, the birthday
 * cake in yearbooks and profiles (`🎂 12/03/2009`); an asterisk does only before a cross.
 */
const STAR_BEFORE = /(?:^|[\s(])([★✱*]|\u{1f382})\s?$/u;
const DEATH_MARKS = new Set([0x271d, 0x2020, 0x271e, 0x271f]);
/**
 * `nascido em São Gabriel da Cachoeira-AM, aos 14/08/1995`, `nascido em Ciudad Bolívar, Venezuela, em …`:
 * the birthplace between the cue and `aos` (`, em`, `no dia`) may run past the words a cue reaches, across a line break;
 * no sentence ends between, and no number or masked value stands there.
 */
const BORN_AT_BEFORE =
  /(?:\bnasc(?:i|eu|eram|emos|id[oa]s?)\b[^.;:!?\d[\]]*(?:\baos|,\s*em|\bno dia)|\bnasc(?:i|eu|eram|emos|id[oa]s?)\s+(?:em|no ano de))\s*$/i;
/** `Ano de nascimento: 1952`, `nasc. 1951`, `nasci, na colônia, em 1936`: one person's birth, so a year alone is the birth's (`nascidos em 2020` counts many). */
const BIRTH_YEAR_BEFORE =
  /(?:\bano (?:de )?nasc(?:imento)?\.?\s*:?|\bnasc(?:\.|imento\s*:)|[(,] ?n\.|\b\d{1,3} anos,? ?\(?(?:(?:sou|é|eh|era|ela é|ele é) )?de|\bnasc(?:i|eu|id[oa])\b[^.;:!?\d[\]]*,\s*em|\bnasc(?:i|eu|id[oa]) (?:n[ao]|em) (?:(?! e | que | mas )[^.;:!?\d[\]\n,]){1,40} em|\bnasc(?:i|eu|id[oa])\s+(?:em|no ano de))\s*$/i;
const CNPJ_SHAPE = '2.3.3/4-2';
/** "1" … "24": group lengths as they appear in shapes, without a number-to-string per group. */
const GROUP_LENGTHS = Array.from({ length: 25 }, (_, length) => String(length));

/**
 * A token of letters and digits joined by `.-/_:`: hashes, UUIDs, codes; maybe an alphanumeric
 * CNPJ, or a document number glued to a word (`ID123.456.789-09`, `CPF52998224725`), which is
 * taken only when its check digits hold.
 */
export function compound(scan: Scan, i: number): number {
  // 0xx48 99904-1187: the long-distance prefix written out, then the DDD and the number.
  if (scan.at(i) === 0x30 && (scan.at(i + 1) | 0x20) === 0x78 && (scan.at(i + 2) | 0x20) === 0x78 && scan.cls(i + 3) & DIGIT) {
    const bracketed = bracketedPrefixPhone(scan, i);
    if (bracketed > 0) return bracketed;
    const before = scan.found.length;
    const end = numeric(scan, i + 3, false);
    const found = scan.found[before];
    if (scan.found.length === before + 1 && found?.start === i + 3 && found.detector === 'phone') {
      scan.found[before] = { ...found, start: i };
      return end;
    }
    scan.found.length = before;
  }
  const cnpj = alnumCnpj(scan, i);
  if (cnpj > 0) return cnpj;
  let letters = i;
  while (scan.cls(letters) & (UPPER | LOWER)) letters++;
  // An alphanumeric CNPJ after a short prefix (`ID00000000000Z49`) starts after one of its letters.
  for (let k = i + 1; k <= letters && k - i <= 6; k++) {
    const glued = alnumCnpj(scan, k);
    if (glued > 0) return glued;
  }
  if (letters > i && scan.cls(letters) & DIGIT) {
    const before = scan.found.length;
    const end = numeric(scan, letters, false);
    if (keepChecked(scan, before)) return end;
  }
  let p = i;
  for (;;) {
    const code = codeDocument(scan, p);
    if (code > 0) p = code;
    while (scan.cls(p) & WORD) p++;
    const c = scan.at(p);
    // A path's segments are read each on its own (`/v2/entries/89724994392`): a `/` ends the token.
    if ((c === 0x2e || c === 0x2d || c === 0x3a) && scan.cls(p + 1) & WORD) {
      p++;
      continue;
    }
    // Always advance: the main loop must make progress whatever it was handed.
    return Math.max(p, i + 1);
  }
}

/** A subscriber's number after a DDD: `3226-1184`, `99904-1187`, `32261184`. */
const SUBSCRIBER = /^(?:9?\d{4}-\d{4}|9?\d{8})(?![\d\p{L}-])/u;

/**
 * `(0xx55) 3226-1184`: the long-distance prefix and the DDD in brackets (`i` at the `0`), then the
 * number. Only a phone is written so: it is added whole, brackets included, cue or none; returns
 * its end, or -1. Read through `at`, so a stream waits for the number.
 */
function bracketedPrefixPhone(scan: Scan, i: number): number {
  if (scan.at(i - 1) !== 0x28 || !(scan.cls(i + 4) & DIGIT) || scan.at(i + 5) !== 0x29 || !scan.on(PHONE_BIT)) return -1;
  let k = i + 6;
  if (scan.at(k) === SPACE_CHAR) k++;
  scan.at(k + 12);
  const number = SUBSCRIBER.exec(scan.text.slice(k, k + 12));
  if (number === null) return -1;
  scan.add(i - 1, k + number[0].length, 'phone');
  return k + number[0].length;
}

/**
 * SpedEFD-27287285000140-283445129-Remessa, `17882718661_laudo.pdf`: a segment of a code's or a
 * file's name that is a CNPJ's fourteen digits or a CPF's eleven, whole, its check digits holding
 * (a timestamp, 20250401123456, aside), which the chain of digits would otherwise run past. Adds
 * it and returns its end, or -1.
 */
function codeDocument(scan: Scan, p: number): number {
  // A glance at the raw text first (most numbers are short), then the run is measured: nothing
  // past the number is read through `at` unless it has eleven or fourteen digits.
  const last = scan.text.charCodeAt(p + 10);
  if (!(last >= 0x30 && last <= 0x39)) return -1;
  const length = digitRun(scan, p);
  const detector = length === 14 ? 'cnpj' : length === 11 ? 'cpf' : undefined;
  if (detector === undefined || !scan.on(detector === 'cnpj' ? CNPJ : CPF)) return -1;
  const after = scan.at(p + length);
  const before = scan.at(p - 1);
  // Inside a name: glued by a separator to letters after it or to a word before it (a record's
  // digits running into a date, `00000012652024-07-09`, are no code's name).
  if (
    !(after === 0x2d || after === 0x2e || after === 0x5f) ||
    !(scan.cls(p + length + 1) & WORD) ||
    !(scan.cls(p + length + 1) & (UPPER | LOWER) || ((before === 0x2d || before === 0x5f) && scan.cls(p - 2) & (UPPER | LOWER)))
  )
    return -1;
  const run = scan.text.slice(p, p + length);
  if (compactDate(run.slice(0, 8)) || !(detector === 'cnpj' ? validCnpj(run) : validCpf(run) && !repeated(run))) return -1;
  scan.add(p, p + length, detector);
  return p + length;
}

/** How many digits run from `p`, up to 15 (enough to tell a CNPJ's fourteen). */
function digitRun(scan: Scan, p: number): number {
  let q = p;
  while (q - p < 15 && scan.cls(q) & DIGIT) q++;
  return q - p;
}

/** Detectors with check digits. */
const CHECKED: ReadonlySet<DetectorId> = new Set(DETECTORS.filter((d) => d.validate !== undefined).map((d) => d.id));

/**
 * Keeps, of what was found since `before`, only values with check digits, and says whether any
 * is left: only those stand out of a word or an identifier (8-digit codes, dates and phones do not).
 */
function keepChecked(scan: Scan, before: number): boolean {
  let kept = before;
  for (let k = before; k < scan.found.length; k++) {
    const item = scan.found[k]!;
    if (CHECKED.has(item.detector)) scan.found[kept++] = item;
  }
  scan.found.length = kept;
  return kept > before;
}

/** Alphanumeric CNPJ (IN RFB 2.229/2024): 12 of 0-9/A-Z then 2 digits, bare, as AA.AAA.AAA/AAAA-DD, or with some of those separators. */
export function alnumCnpj(scan: Scan, i: number): number {
  const end = alnumCnpjEnd(scan, i);
  if (end > 0) scan.add(i, end, 'cnpj');
  return end;
}

/** Where the alphanumeric CNPJ at `i` ends, or -1 when there is none (nothing is added). */
export function alnumCnpjEnd(scan: Scan, i: number): number {
  if (!scan.on(CNPJ)) return -1;
  let p = i;
  let count = 0;
  let letters = 0;
  let separators = 0;
  // A separator (any of . / - or a space) stands only where the formatted layout puts one.
  let nextSeparator = 0;
  while (count <= 14) {
    const c = scan.at(p);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) {
      if (c >= 0x41) letters++;
      count++;
      p++;
      continue;
    }
    if (c === 0x2e || c === 0x2f || c === 0x2d || c === SPACE_CHAR) {
      while (nextSeparator < CNPJ_SEPARATOR_AT.length && (CNPJ_SEPARATOR_AT[nextSeparator] ?? 0) < count) nextSeparator++;
      const next = scan.at(p + 1);
      if (count === CNPJ_SEPARATOR_AT[nextSeparator] && ((next >= 0x30 && next <= 0x39) || (next >= 0x41 && next <= 0x5a))) {
        nextSeparator++;
        separators++;
        p++;
        continue;
      }
    }
    break;
  }
  if (count !== 14 || scan.cls(p) & WORD) return -1;
  if (letters === 0) return -1;
  const raw = scan.text.slice(i, p);
  const chars = separators === 0 ? raw : raw.replace(/[./ -]/g, '');
  // The two check digits are digits even in the alphanumeric layout.
  if (!isDigit(chars.charCodeAt(12)) || !isDigit(chars.charCodeAt(13)) || !validCnpj(chars)) return -1;
  return p;
}

/** The groups of the chain being read (chains never nest): bounds, and where each starts in the shape and digits. */
const MAX_GROUPS = 24;
const GROUP_START = new Int32Array(MAX_GROUPS);
const GROUP_END = new Int32Array(MAX_GROUPS);
const GROUP_SHAPE = new Int32Array(MAX_GROUPS);
const GROUP_SHAPE_END = new Int32Array(MAX_GROUPS);
const GROUP_DIGITS = new Int32Array(MAX_GROUPS);
/** Whether a space stands before the group (a later group may then belong to something else). */
const GROUP_SPACED = new Uint8Array(MAX_GROUPS);

/**
 * A chain of digit groups: `529.982.247-25`, `(11) 98765-4321`, `+55 11 3456 7890`,
 * `12/03/1985`. `glued`: a chain that runs into letters is a code (`10kg`, `3f9a…`); the glued
 * matcher itself calls with false, and then such a chain is only cut short.
 */
export function numeric(scan: Scan, i: number, glued = true): number {
  const text = scan.text;
  let p = i;
  let plus = false;
  let paren = false;
  if (text.charCodeAt(p) === 0x2b) {
    plus = true;
    p++;
  } else if (text.charCodeAt(p) === 0x28) {
    paren = true;
    p++;
  }
  // Two, five or eight digits (the alphanumeric CNPJ's first groups, some separators left out),
  // a separator, then letters or digits: maybe an alphanumeric CNPJ (`45 XFO 48O 04ZY.97`,
  // `66781 5ZK 3Y3G 66`).
  if (!plus && !paren) {
    const date = monthNameDate(scan, p);
    if (date > 0) return date;
  }
  if (!plus && !paren) {
    const lead = runLength(scan, p);
    const after = scan.at(p + lead);
    if (
      (lead === 2 || lead === 5 || lead === 8) &&
      (after === SPACE_CHAR || after === 0x2e || after === 0x2d || after === 0x2f) &&
      scan.cls(p + lead + 1) & (UPPER | DIGIT)
    ) {
      const cnpj = alnumCnpj(scan, p);
      if (cnpj > 0) return cnpj;
    }
  }
  if (!plus && !paren) {
    const code = codeDocument(scan, p);
    if (code > 0) return code;
  }
  let digits = '';
  let shape = plus ? '+' : paren ? '(' : '';
  let openParen = paren;
  let groups = 0;
  let dvX = false;
  let end = p;
  let spaced = false;
  /** Whether two check digits written apart after a long group were joined to the chain. */
  let checkPair = false;
  /** Whether the chain ran past the longest number: what is kept of it may hold a value and the start of the next. */
  let overflow = false;
  /** Groups from this one on are left out: they run into a code or past the longest number. */
  let cut = -1;
  for (;;) {
    const gs = p;
    while (scan.cls(p) & DIGIT) p++;
    if (p === gs) break;
    if (groups === MAX_GROUPS || digits.length + p - gs > 20) {
      overflow = true;
      cut = groups;
      break;
    }
    GROUP_START[groups] = gs;
    GROUP_END[groups] = p;
    GROUP_SHAPE[groups] = shape.length;
    GROUP_DIGITS[groups] = digits.length;
    GROUP_SPACED[groups] = spaced ? 1 : 0;
    spaced = false;
    digits += text.slice(gs, p);
    shape += GROUP_LENGTHS[p - gs] ?? String(p - gs);
    GROUP_SHAPE_END[groups] = shape.length;
    groups++;
    end = p;
    const c = scan.at(p);
    if (c < 0) break;
    if ((CLASS[c] ?? 0) & WORD) {
      // `1966-01-20T00:00:00`: ISO 8601 glues a day stored as a moment to its midnight; the date stands apart
      // (a moment of the day, `2026-12-04T07:14:02`, stays one timestamp).
      if (c === 0x54 && groups === 3 && ISO_DATE_SHAPE.test(shape) && midnightAt(scan, p)) break;
      // `RG 81673545X`: an identity number's check digit X glued to it, after the RG's cue.
      if (
        (c === 0x58 || c === 0x78) &&
        !(scan.cls(p + 1) & WORD) &&
        digits.length >= 6 &&
        scan.on(RG_CUE) &&
        scan.cueBefore(i, RG_CUE, 2)
      ) {
        scan.add(i, p + 1, 'rg');
        return p + 1;
      }
      // A value written with its separators stands out of the letters glued to it
      // (`529.982.247-25abc`) when its check digits hold.
      if (groups >= 3 && !plus && !paren && !spacedChain(groups)) {
        const before = scan.found.length;
        if (classifyDigits(scan, i, p, digits, shape, false, false) && keepChecked(scan, before)) return p;
      }
      // Digits glued to letters: a code, hash or measure (10kg, 12h30, 3f9a…).
      cut = groups - 1;
      break;
    }
    if (c === 0x29 && openParen) {
      // Only a DDD stands in parentheses before a number: `(52998224725)` is a CPF in brackets.
      if (paren && (groups !== 1 || p - gs < 2 || p - gs > 3)) return numeric(scan, i + 1, glued);
      openParen = false;
      shape += ')';
      p++;
      if (scan.at(p) === SPACE_CHAR) {
        shape += ' ';
        p++;
      }
      continue;
    }
    if (c === 0x2e || c === 0x2d || c === 0x2f || c === SPACE_CHAR || c === NBSP) {
      const next = scan.at(p + 1);
      // `19/09/2026 03:12`: a whole date, then its time of day, are two values, not one number.
      if ((c === SPACE_CHAR || c === NBSP) && groups === 3 && (DATE_SHAPE.test(shape) || ISO_DATE_SHAPE.test(shape)) && timeAt(scan, p + 1))
        break;
      // A space joins short groups only (11 98765 4321, 4111 1111 …): two numbers side by side stay two.
      if ((c === SPACE_CHAR || c === NBSP) && next >= 0x30 && next <= 0x39) {
        const run = runLength(scan, p + 1);
        if (scan.cls(p + 1 + run) & (UPPER | LOWER | UNDERSCORE)) break;
        if ((run > 6 || p - gs > 6) && digits.length + run <= 14 && scan.cueBefore(i, CPF | CNPJ, 1)) {
          // After `CPF`/`CNPJ` the groups are that document's however they were cut.
        } else if (plus && run <= 8 && p - gs <= 6 && digits.length + run <= 15) {
          // A number abroad after its country code: groups of up to eight (`+49 1522 4417803`), E.164's fifteen digits at most.
        } else if (run > 6 || p - gs > 6) {
          // Two numbers side by side, unless together they make a CPF or a CNPJ whose check
          // digits hold (`529 98224725`): like a bare run, such a value stands out without a cue.
          if (!plus && !paren) {
            const document = spacedDocument(scan, i, p + 1, digits);
            if (document > 0) return document;
          }
          if (run > 6) break;
          // Check digits written apart (`529982247 25`, `11222333/0001 81`): a CPF's or a CNPJ's length, then two.
          const total = digits.length;
          if (run !== 2 || (total !== 9 && total !== 12)) break;
          checkPair = true;
        }
      }
      if (next >= 0x30 && next <= 0x39) {
        // Two digits that start an alphanumeric CNPJ (`01310-100 80 F0Z G78 EFBD/49`) begin a value of their own.
        if (runLength(scan, p + 1) === 2 && !(scan.cls(p + 3) & WORD) && alnumCnpjEnd(scan, p + 1) > 0) break;
        if (c === SPACE_CHAR || c === NBSP) spaced = true;
        shape += c === NBSP ? ' ' : String.fromCharCode(c);
        p++;
        continue;
      }
      if (c === 0x2d && (next === 0x58 || next === 0x78) && !(scan.cls(p + 2) & WORD)) {
        dvX = true;
        shape += '-X';
        end = p + 2;
      } else if (c !== SPACE_CHAR && c !== NBSP && next >= 0x41 && next <= 0x5a) {
        // 1.998.402-SSDS/PB, 4.118.902-7/PR: an identity number, then the body or the state that issued it.
        if ((c === 0x2d || c === 0x2f) && issuerAt(scan, p + 1)) break;
        // 19/VII/1992: a day, then its month in Roman numerals.
        if (groups === 1 && romanMonthAt(scan, p + 1, c)) break;
        // 12.ABC.345/01DE-35: an alphanumeric CNPJ, or another code of letters and digits.
        cut = groups - 1;
        break;
      }
      if (c === SPACE_CHAR && next === 0x28 && plus && groups === 1 && scan.cls(p + 2) & DIGIT) {
        // +55 (21) 2345-6789
        shape += ' (';
        p += 2;
        openParen = true;
        spaced = true;
        continue;
      }
      if (c === SPACE_CHAR && next === 0x2d && scan.at(p + 2) === SPACE_CHAR && scan.cls(p + 3) & DIGIT && groups <= 2) {
        // "11 - 98765-4321"
        shape += ' - ';
        p += 3;
        spaced = true;
        continue;
      }
    }
    break;
  }
  if (groups === 0) return i + 1;
  if (cut >= 0) {
    // The groups since the last space belong to the code (or the overflow): keep those before it.
    let keep = cut;
    while (keep > 0 && !(keep < groups ? GROUP_SPACED[keep] === 1 : spaced)) keep--;
    if (keep === 0) {
      if (cut === groups) return skipDigits(scan, p);
      if (!glued) return -1;
      return compound(scan, plus || paren ? i + 1 : i);
    }
    groups = keep;
    end = GROUP_END[keep - 1] ?? end;
    digits = digits.slice(0, (GROUP_DIGITS[keep - 1] ?? 0) + (GROUP_END[keep - 1] ?? 0) - (GROUP_START[keep - 1] ?? 0));
    shape = shape.slice(0, GROUP_SHAPE_END[keep - 1] ?? shape.length);
    dvX = false;
  }
  // `(52998224725` never closed: the parenthesis is punctuation, not a DDD's.
  if (openParen) return paren ? numeric(scan, i + 1, glued) : end;
  // A lawsuit's number as the CNJ writes it (NNNNNNN-DD.AAAA.J.TR.OOOO) names a case, not a person.
  if (shape === CNJ_CASE_SHAPE) return end;
  // `+5573988120455` in a path: a number written with its country code is a phone wherever it stands.
  const plain = plus ? NUMBER : plainNumber(scan, i, end, shape, groups);
  if (plain === NOT_A_NUMBER) return end;
  if (plain === IN_IDENTIFIER) {
    const before = scan.found.length;
    classifyDigits(scan, i, end, digits, shape, plus, dvX);
    keepChecked(scan, before);
    return end;
  }
  if (classifyDigits(scan, i, end, digits, shape, plus, dvX)) return end;
  // `6.104.552 SDS/PE`: a number followed by the body and the state that issue identity cards is an RG, cue or none.
  if (!plus && !paren && scan.on(RG_CUE) && digits.length >= 5 && digits.length <= 10) {
    const issued = identityIssuerAfter(scan, end);
    if (issued > 0) {
      scan.add(i, issued, 'rg');
      return issued;
    }
  }
  if (
    groups > 1 &&
    (digits.length >= 12 || checkPair || overflow) &&
    // A CPF or CNPJ in its own layout whose check digits fail is a mistyped document, not a phone inside it.
    shape !== CPF_SHAPE &&
    shape !== CNPJ_SHAPE &&
    !(shape.length === 5 && (DATE_SHAPE.test(shape) || ISO_DATE_SHAPE.test(shape))) &&
    // An access key or a barcode in groups of four (`1725 1262 0966 … 1478`, 44 digits) holds no card.
    !(groups >= 6 && ACCESS_KEY_SHAPE.test(shape))
  ) {
    // What follows the last value found is read again as a chain of its own.
    const before = scan.found.length;
    const last = segments(scan, groups, digits, shape, plus);
    const split = last > 0 ? -1 : sharedGroup(scan, groups, digits, shape, plus);
    // Four groups of a longer dotted chain (`31.47.82.11.90-07`, a receipt's number) are no IP address.
    dropGluedIps(scan, before);
    if (last > 0) return last;
    if (split > 0) return split;
  }
  // `97050-330 443`, `(55) 99674-2031 443`: a value in its own layout, then a number a space apart (a log's next field).
  const laidOut = laidOutBeforeSpace(scan, i, groups, digits, shape, plus);
  return laidOut > 0 ? laidOut : end;
}

const RG_CUE = detectorBit('rg');

/**
 * An identity number after its state's letters (`RG nº MG-17.442.905`, `RG M-3.118.447`): one or
 * two capitals at `i` (ending at `j`), a hyphen, then the number, after an RG cue. Returns the
 * end of the RG taken, or -1 (the prefix hides the cue from the number's own reading).
 */
export function prefixedRg(scan: Scan, i: number, j: number): number {
  if (j - i > 2 || scan.at(j) !== 0x2d || !(scan.cls(j + 1) & DIGIT) || !scan.cueBefore(i, RG_CUE, 2)) return -1;
  let q = j + 1;
  let digits = 0;
  while (scan.cls(q) & DIGIT || (scan.at(q) === 0x2e && scan.cls(q + 1) & DIGIT && scan.cls(q - 1) & DIGIT)) {
    if (scan.cls(q) & DIGIT) digits++;
    q++;
  }
  // A check digit after a hyphen (`-9`, `-X`).
  if (scan.at(q) === 0x2d && (scan.cls(q + 1) & DIGIT || (scan.at(q + 1) | 0x20) === 0x78) && !(scan.cls(q + 2) & WORD)) q += 2;
  if (digits < 5 || digits > 13 || scan.cls(q) & WORD) return -1;
  const e = issuerEnd(scan, q);
  scan.add(i, e, 'rg');
  return e;
}

/** Bodies that issue identity cards, named alone after the number (`RG 4.552.118 SSP`). */
const ISSUERS: ReadonlySet<string> = new Set(
  'SSP SESP SESDEC SDS SSPDS SEJUSP SJS SJTC SPTC IFP IIRGD IIPR IGP ITEP DGPC POLITEC DETRAN PC PM DPF SEDS IDTC'.split(' '),
);

/**
 * The end of an identity number's issuing body after it at `q` (`SSP/MA`, ` - SESDEC/RO`,
 * `SSP MT`, `PC-PI`): an RG is one state's number, so the body and the state are part of it.
 * Any capitals followed by a state; a known body alone. Returns `q` when none follows.
 */
export function issuerEnd(scan: Scan, q: number): number {
  let p = q;
  if (scan.at(p) === SPACE_CHAR && scan.at(p + 1) === 0x2d && scan.at(p + 2) === SPACE_CHAR) p += 3;
  else if (scan.at(p) === SPACE_CHAR || scan.at(p) === 0x2d || scan.at(p) === 0x2f) p++;
  const s = p;
  while (scan.cls(p) & UPPER && p - s <= 7) p++;
  if (p - s < 2 || p - s > 7 || scan.cls(p) & (LOWER | DIGIT | UNDERSCORE)) return q;
  const body = scan.text.slice(s, p);
  const sep = scan.at(p);
  if (
    (sep === 0x2f || sep === 0x2d || sep === SPACE_CHAR) &&
    scan.cls(p + 1) & UPPER &&
    scan.cls(p + 2) & UPPER &&
    !(scan.cls(p + 3) & WORD)
  ) {
    return UF_CODES.has(scan.text.slice(p + 1, p + 3)) ? p + 3 : q;
  }
  // (`PC.UJA.SE2/JVOC-45`: letters that run on past a separator open a code, an alphanumeric CNPJ, no body.)
  return ISSUERS.has(body) && !(scan.cls(p) & WORD) && !((sep === 0x2f || sep === 0x2d || sep === 0x2e) && scan.cls(p + 1) & WORD) ? p : q;
}

/** Bodies that issue identity cards and nothing else a number is followed by (not PM, DETRAN or DPF, which number other things). */
const IDENTITY_ISSUERS: ReadonlySet<string> = new Set(
  'SSP SESP SESDEC SDS SSPDS SEJUSP SJS SJTC SPTC IFP IIRGD IIPR IGP ITEP DGPC POLITEC PC SEDS IDTC'.split(' '),
);
const ISSUED_AFTER = /^(?: - | |\/|-)([A-Z]{2,7})[/ -]([A-Z]{2})(?![\p{L}\d])/u;

/** The end of an identity card's issuing body and state after a number ending at `q` (` SDS/PE`, `/SSP-PR`), or -1. */
function identityIssuerAfter(scan: Scan, q: number): number {
  scan.at(q + 40);
  const m = ISSUED_AFTER.exec(scan.text.slice(q, q + 14));
  if (m !== null) return IDENTITY_ISSUERS.has(m[1] ?? '') && UF_CODES.has(m[2] ?? '') ? q + m[0].length : -1;
  // `7041188523 (SSP/RS)`, `7041188523 Orgao:SSP/RS`, `…, órgão expedidor SSP-RS`: the issuer named apart; the number alone is the value.
  const named = ISSUER_NAMED_AFTER.exec(scan.text.slice(q, q + 40));
  return named !== null && IDENTITY_ISSUERS.has(named[1] ?? '') && UF_CODES.has(named[2] ?? '') ? q : -1;
}
/** An identity card's issuer in brackets or after its label (`Órgão emissor:`, Go's `Orgao:`) after a number. */
const ISSUER_NAMED_AFTER =
  /^(?: ?\(|,? ?(?:[ÓOóo]rg[aã]o(?:[ _](?:[Ee]missor|[Ee]xpedidor))?|[Ee]missor|[Ee]xpedidor) ?[:=]? ?)([A-Z]{2,7})[/ -]([A-Z]{2})(?![\p{L}\d])/u;

/** An issuing body in capitals (`SSP`, `SSDS/PB`, `PC-MG`, `DETRAN`): two to six letters, then a UF or the end of the word. */
function issuerAt(scan: Scan, p: number): boolean {
  let q = p;
  while (scan.cls(q) & UPPER && q - p <= 6) q++;
  if (q - p < 2 || q - p > 6 || scan.cls(q) & (LOWER | DIGIT)) return false;
  const c = scan.at(q);
  if (c === 0x2f || c === 0x2d) return (scan.cls(q + 1) & UPPER) !== 0 && (scan.cls(q + 2) & UPPER) !== 0 && !(scan.cls(q + 3) & WORD);
  return !(scan.cls(q) & WORD);
}

/**
 * A CPF or CNPJ cut by one space where its layout puts none: the chain's `digits` so far, then
 * the run at `next`, and nothing after it. Adds it and returns its end, or -1.
 */
function spacedDocument(scan: Scan, i: number, next: number, digits: string): number {
  let end = next;
  while (scan.cls(end) & DIGIT) end++;
  const after = scan.at(end);
  if (scan.cls(end) & WORD || ((after === 0x2e || after === 0x2d || after === 0x2f || after === SPACE_CHAR) && scan.cls(end + 1) & DIGIT))
    return -1;
  const whole = digits + scan.text.slice(next, end);
  if (repeated(whole)) return -1;
  // Two digits then nine are a DDD and a mobile number (`11 987654321`), whatever their sum.
  const cpf = whole.length === 11 && digits.length !== 2 && scan.on(CPF) && validCpf(whole);
  const id = cpf ? 'cpf' : whole.length === 14 && scan.on(CNPJ) && validCnpj(whole) ? 'cnpj' : undefined;
  if (id === undefined) return -1;
  scan.add(i, end, id);
  return end;
}

/** Whether a space stands between any two of the first `groups` groups of the chain being read. */
function spacedChain(groups: number): boolean {
  for (let k = 1; k < groups; k++) if (GROUP_SPACED[k] === 1) return true;
  return false;
}

/**
 * Two values glued with no separator between them share a group (`01310-100529.982.247-25`: a
 * CEP then a CPF): the last two or three digits of a group may start a value written with its
 * separators, and what stands before them is then read as a chain of its own. Returns the end
 * of the value taken, or -1.
 */
function sharedGroup(scan: Scan, groups: number, digits: string, shape: string, plus: boolean): number {
  for (let g = 0; g < groups - 2; g++) {
    const gs = GROUP_START[g] ?? 0;
    const ge = GROUP_END[g] ?? 0;
    for (let head = 2; head <= 3 && head < ge - gs; head++) {
      const from = ge - head;
      for (let t = groups - 1; t >= g + 2; t--) {
        const tailShape = String(head) + shape.slice(GROUP_SHAPE_END[g] ?? 0, GROUP_SHAPE_END[t] ?? 0);
        // Only a value with its separators says where it starts.
        if (tailShape.includes(' ')) continue;
        const firstDigit = (GROUP_DIGITS[g] ?? 0) + ge - gs - head;
        const tailDigits = digits.slice(firstDigit, (GROUP_DIGITS[t] ?? 0) + (GROUP_END[t] ?? 0) - (GROUP_START[t] ?? 0));
        const before = scan.found.length;
        if (!classifyDigits(scan, from, GROUP_END[t] ?? 0, tailDigits, tailShape, false, false) || !keepChecked(scan, before)) continue;
        const tail = scan.found.splice(before);
        // What stands before is a value of its own, or nothing.
        const start = GROUP_START[0] ?? 0;
        const headShape = shape.slice(0, GROUP_SHAPE[g] ?? 0) + String(ge - gs - head);
        classifyDigits(scan, start, from, digits.slice(0, firstDigit), headShape, plus, false);
        scan.found.push(...tail);
        return GROUP_END[t] ?? 0;
      }
    }
  }
  return -1;
}

/**
 * The groups before a chain's first space, when they are written with a separator of their own
 * (`97050-330`, `99674-2031`) and make a value: taken alone, and the end returned (-1 when not).
 */
function laidOutBeforeSpace(scan: Scan, i: number, groups: number, digits: string, shape: string, plus: boolean): number {
  let k = 1;
  while (k < groups && GROUP_SPACED[k] !== 1) k++;
  if (k >= groups || k < 2) return -1;
  const subShape = shape.slice(0, GROUP_SHAPE_END[k - 1] ?? 0);
  // A date before a number is a moment (`2025-03-18 12`, a blame's line), read as the whole chain.
  if (!/[-.]/.test(subShape) || DATE_SHAPE.test(subShape) || ISO_DATE_SHAPE.test(subShape)) return -1;
  const subDigits = digits.slice(0, (GROUP_DIGITS[k - 1] ?? 0) + (GROUP_END[k - 1] ?? 0) - (GROUP_START[k - 1] ?? 0));
  // Only a value found there takes the groups: one read as nothing personal leaves the chain to the readers after.
  const before = scan.found.length;
  if (!classifyDigits(scan, i, GROUP_END[k - 1] ?? 0, subDigits, subShape, plus, false)) return -1;
  if (scan.found.length > before) return GROUP_END[k - 1] ?? 0;
  scan.found.length = before;
  return -1;
}

/**
 * A chain that is nothing as a whole may be two values side by side (`01310-100 529.982.247-25`,
 * a CEP then a CPF): the longest run of groups from each group on that is something is taken.
 * Returns the end of the last value taken, or -1.
 */
function segments(scan: Scan, groups: number, digits: string, shape: string, plus: boolean): number {
  let last = -1;
  let s = 0;
  while (s < groups) {
    let matched = -1;
    for (let t = s === 0 ? groups - 2 : groups - 1; t >= s; t--) {
      const from = GROUP_START[s] ?? 0;
      const subShape = shape.slice(s === 0 && plus ? 0 : (GROUP_SHAPE[s] ?? 0), GROUP_SHAPE_END[t] ?? 0);
      const subDigits = digits.slice(GROUP_DIGITS[s] ?? 0, (GROUP_DIGITS[t] ?? 0) + (GROUP_END[t] ?? 0) - (GROUP_START[t] ?? 0));
      if (classifyDigits(scan, from, GROUP_END[t] ?? 0, subDigits, subShape, plus && s === 0, false)) {
        matched = t;
        last = GROUP_END[t] ?? 0;
        break;
      }
    }
    s = matched >= 0 ? matched + 1 : s + 1;
  }
  return last;
}

/** Whether a group of four digits stands a space before `i` and a space after `end` (`… 0118 6300 1000 0881 4719 9088 …`). */
function amongGroups(scan: Scan, i: number, end: number): boolean {
  const group = (from: number): boolean => {
    for (let k = 0; k < 4; k++) if (!(scan.cls(from + k) & DIGIT)) return false;
    return !(scan.cls(from + 4) & DIGIT);
  };
  return (
    i >= 5 &&
    scan.at(i - 1) === SPACE_CHAR &&
    group(i - 5) &&
    // A group of its own: not the end of a phone or a code (`98765-4321 4111 1111 …`).
    (i < 6 || scan.at(i - 6) === SPACE_CHAR || scan.at(i - 6) === 0x0a || scan.at(i - 6) === 0x09) &&
    scan.at(end) === SPACE_CHAR &&
    group(end + 1) &&
    // Two cards written one after the other are two cards, whichever was masked first.
    !cardAt(scan, end + 1)
  );
}

/** Whether a card of four groups of four digits (`4111 1111 1111 1111`) that passes its checks starts at `p`. */
function cardAt(scan: Scan, p: number): boolean {
  scan.at(p + 20);
  const m = /^(\d{4}) (\d{4}) (\d{4}) (\d{4})(?!\d)/.exec(scan.text.slice(p, p + 20));
  return m !== null && validCard(`${m[1]}${m[2]}${m[3]}${m[4]}`);
}

/** Removes the IP addresses found since `before` that a `.` or `-` glues to more digits. */
function dropGluedIps(scan: Scan, before: number): void {
  const glued = (c: number, d: number): boolean => (c === 0x2e || c === 0x2d) && ((CLASS[d] ?? 0) & DIGIT) !== 0;
  let kept = before;
  for (let k = before; k < scan.found.length; k++) {
    const item = scan.found[k]!;
    const text = scan.text;
    const drop =
      item.detector === 'ip' &&
      (glued(text.charCodeAt(item.end), text.charCodeAt(item.end + 1)) ||
        glued(text.charCodeAt(item.start - 1), text.charCodeAt(item.start - 2)));
    if (!drop) scan.found[kept++] = item;
  }
  scan.found.length = kept;
}

const NUMBER = 0;
const NOT_A_NUMBER = 1;
/** A bare run after `ABC-`, `/path/`, `v2.`, `x_`: part of a larger identifier, where only check digits stand out. */
const IN_IDENTIFIER = 2;

/** A dotted number just before (`versão 2.3.1 —⏎192.168.10.20`): the version's cue spoke of that one. */
const VERSION_GIVEN_BEFORE = /\d\.\d+(?:\.\d+)*[^\d.]{1,6}$/;

/** Whether a chain is a number worth classifying: not a version, a price, or part of an identifier. */
function plainNumber(scan: Scan, i: number, end: number, shape: string, groups: number): number {
  const text = scan.text;
  if (
    (shape.length === 5 || shape.length === 7) &&
    VERSION_SHAPE.test(shape) &&
    scan.cueBefore(i, CUE_VERSION) &&
    !VERSION_GIVEN_BEFORE.test(text.slice(Math.max(0, i - 24), i))
  )
    return NOT_A_NUMBER;
  // Prices and decimals: R$ 1.234,56 · 12.345.678,90 · 3,14.
  const after = scan.at(end);
  if (after === 0x2c && scan.cls(end + 1) & DIGIT && PRICE_SHAPE.test(shape)) return NOT_A_NUMBER;
  if (currencyBefore(scan, i)) return NOT_A_NUMBER;
  const before = i > 0 ? text.charCodeAt(i - 1) : -1;
  if (
    groups === 1 &&
    (before === 0x2d || before === 0x2f || before === 0x2e || before === 0x5f) &&
    i > 1 &&
    (CLASS[text.charCodeAt(i - 2)] ?? 0) & WORD &&
    // A dial string's number (`SIP/trunk/083988417702`) is the number dialled, no part of a name;
    // a CEP lookup's segment (`viacep.com.br/ws/79002174`) the CEP looked up.
    !(before === 0x2f && (dialContext(text, i) || cepLookup(text, i)))
  )
    return IN_IDENTIFIER;
  return NUMBER;
}

function runLength(scan: Scan, p: number): number {
  let q = p;
  while (scan.cls(q) & DIGIT && q - p < 8) q++;
  return q - p;
}

function skipDigits(scan: Scan, p: number): number {
  let q = p;
  for (;;) {
    while (scan.cls(q) & DIGIT) q++;
    const c = scan.at(q);
    if ((c === 0x2e || c === 0x2d || c === 0x2f || c === SPACE_CHAR) && scan.cls(q + 1) & DIGIT) {
      q++;
      continue;
    }
    return q;
  }
}

function currencyBefore(scan: Scan, i: number): boolean {
  let p = i - 1;
  while (p >= 0 && scan.text.charCodeAt(p) === SPACE_CHAR && i - p < 3) p--;
  const c = p >= 0 ? scan.text.charCodeAt(p) : -1;
  return c === 0x24 || c === 0x20ac || c === 0xa3;
}

/** The detectors whose numbers have `n` digits, in registry order. */
const BY_LENGTH: readonly (readonly NumberDetector[])[] = Array.from({ length: 21 }, (_, n) =>
  DETECTORS.flatMap((d) =>
    d.number?.lengths.includes(n) ? [{ id: d.id, bit: detectorBit(d.id), rule: d.number, validate: d.validate }] : [],
  ),
);

interface NumberDetector {
  readonly id: DetectorId;
  readonly bit: number;
  readonly rule: NumberRule;
  readonly validate: ((normalised: string) => boolean) | undefined;
}

/** What the detectors are told about the number being classified (one scan at a time). */
class Facts implements NumberFacts {
  scan: Scan | undefined;
  at = 0;
  bit = 0;
  digits = '';
  shape = '';
  plus = false;
  dvX = false;

  cue(reach: number): boolean {
    const scan = this.scan!;
    return (
      scan.cueBefore(this.at, this.bit, reach) ||
      (this.bit === PHONE_BIT && dialContext(scan.text, this.at)) ||
      (this.bit === CEP && cepLookup(scan.text, this.at))
    );
  }

  afterDocument(): boolean {
    const scan = this.scan!;
    // Under a named column its header says what the number is, whether a reader knows the word or not.
    if (scan.headedColumn !== 0) return false;
    // `|28356218730|2014-08-22|962438264407297`: the person's birth date found as the field before
    // (in this window or, through the state, the one before it).
    const birthEnd = scan.lastBirthEnd();
    if (birthEnd >= 0 && birthEnd >= scan.cueFloor) {
      const gap = scan.text.slice(birthEnd, this.at);
      return gap.length <= FIELD_REACH && FIELD_GAP.test(gap);
    }
    return documentFieldBefore(scan, this.at);
  }

  listedAfterPhone(): boolean {
    // Read in the text, not in what was found: a stream's earlier window may hold the first phone.
    const scan = this.scan!;
    return scan.text.charCodeAt(this.at - 1) !== 0x2d && PHONE_LISTED_BEFORE.test(scan.text.slice(Math.max(0, this.at - 28), this.at));
  }

  recordField(): boolean {
    const scan = this.scan!;
    const end = this.at + this.digits.length;
    // Read through `at`, so a stream waits for what closes the field.
    scan.at(end + 4);
    // Under a named column or key, its name says what the number is (`"cpf": "77960354466"`, a CPF mistyped).
    if (scan.headedColumn !== 0) return false;
    const key = keyBefore(scan.text, this.at);
    if (key !== undefined && classifyKey(key, undefined, scan.options.extraKeys) !== undefined) return false;
    const before = scan.text.slice(Math.max(0, this.at - 4), this.at);
    const after = scan.text.slice(end, end + 4);
    const quote = before.charCodeAt(before.length - 1);
    if ((quote === 0x22 || quote === 0x27) && after.charCodeAt(0) === quote) return true;
    return FIELD_OPEN.test(before) && FIELD_CLOSE.test(after);
  }
}

/** What opens a record's field before a bare number: a delimiter (`;`, `|`, `,`, a tab), a printed column's gap, a line's start. */
const FIELD_OPEN = /(?:[;|,\t] ?| {2,}|^|\n)$/;
/** What closes it after: a delimiter, a column's gap, the line's or the text's end. */
const FIELD_CLOSE = /^(?: ?[;|,\t]| {2,}|\r?\n|$)/;

/** A phone in its layout (`(92) 99165-8830`, `92 3533-1207`), then a list's slash, comma, semicolon, `ou` or `e`. */
const PHONE_LISTED_BEFORE = /(?:\(\d{2}\) ?|\b\d{2} )9?\d{4}-\d{4}(?: ?[/,;] ?| ou | e )$/;

/** A heading or a phrase that lists people's birthdays. */
const BIRTHDAYS = /\b(?:aniversariantes|anivers[aá]rios|birthdays|fazem anos|faz anos|parab[eé]ns aos)\b/i;

/** Whether a list of birthdays is announced on this line or one of the six before (within what a stream keeps behind its window). */
export function birthdayListNear(text: string, i: number, reach = 3 * LOOK_BEHIND): boolean {
  let s = i;
  for (let lines = 0; lines < 7 && s > 0; lines++) s = text.lastIndexOf('\n', s - 2) + 1;
  return BIRTHDAYS.test(text.slice(Math.max(s, i - reach), i));
}

/** Cue words that name the day of a birth without its year (`Aniversário:`, `birthday`). */
const BIRTHDAY_CUES = /(?:anivers[aá]rio|birthday|natal[ií]cio|aniver)\s*(?:\([^)]{0,12}\))?\s*[:=]?\s*["']?$/i;
/**
 * `faz aniversário em 12/03`, `o aniversário da Kênia é dia 03/02`, `meu aniversário é 12/03`: the
 * birthday told in a sentence, with only a person (a pronoun, or a capitalised name after `de`) and
 * linking words between.
 */
const BIRTHDAY_SENTENCE =
  /\b[Aa]nivers[aá]rio(?: (?:d[aoe] \p{Lu}[\p{L}'-]+|dele|dela|del[ea]s|meu|minha|seu|sua|nosso|nossa|é|e|eh|será|sera|foi|cai|caiu|em|no|dia|mesmo|ontem|hoje|amanhã|amanha|:),?)* ?\(?$/u;

function birthdayCueBefore(scan: Scan, i: number): boolean {
  const before = scan.text.slice(Math.max(0, i - 48), i);
  return BIRTHDAY_CUES.test(before) || BIRTHDAY_SENTENCE.test(before) || TURNING_DAY.test(before);
}

/** A day and a month (`02/12`, `6/12`). */
const DAY_MONTH_SHAPE = /^[12]\/[12]$/;

/** `02/12`, `6/12` as a day and a month that exist (29 February included). */
function dayMonth(value: string): boolean {
  const [day, month] = value.split('/').map(Number);
  // A leap year, so 29 February passes: the year is not written.
  return calendarDay(2000, month ?? 0, day ?? 0);
}

const PHONE_BIT = detectorBit('phone');
/**
 * Where telephony writes a caller's or a callee's number: after a display name in quotes
 * (`"Zilda Zumba" <83996603318>`, a caller ID), in a dial string (`SIP/trunk-vono/083988417702`),
 * or in a `tel:` or `sip:` address.
 */
const DIAL_BEFORE = /(?:"[ \t]?<|\b(?:SIP|PJSIP|IAX2|DAHDI|Local)\/[\w.-]{0,40}\/|\b(?:tel|sip|sips):\+?)$/;

function dialContext(text: string, at: number): boolean {
  return DIAL_BEFORE.test(text.slice(Math.max(0, at - 48), at));
}

const FACTS = new Facts();

/** A CEP lookup's path (`viacep.com.br/ws/79002174/json`, `/api/cep/01310100`): the segment is a CEP someone looked up. */
const CEP_PATH_BEFORE = /(?:viacep\.com\.br\/ws|\/ceps?|\/postal-?codes?|\/zip-?codes?)\/$/i;

function cepLookup(text: string, at: number): boolean {
  return text.charCodeAt(at - 1) === 0x2f && CEP_PATH_BEFORE.test(text.slice(Math.max(0, at - 24), at));
}

/** Adds what the number between `i` and `end` is, and says whether it is something. */
function classifyDigits(scan: Scan, i: number, end: number, d: string, shape: string, plus: boolean, dvX: boolean): boolean {
  const n = d.length;
  const length = shape.length;
  // Dates first: a date is never a phone or a document (and is something, even when left).
  // Shapes are group lengths: 529.982.247-25 is "3.3.3-2", 12/03/1985 is "2/2/4".
  if (length === 5 && (DATE_SHAPE.test(shape) || ISO_DATE_SHAPE.test(shape))) {
    if (
      scan.on(BIRTH) &&
      plausibleDate(scan, i, end) &&
      (scan.cueBefore(i, BIRTH, 3) ||
        dnBefore(scan.text, i) ||
        agedDate(scan, i, end) ||
        starred(scan, i, end) ||
        bornAtBefore(scan, i) ||
        NAMED_BIRTH_BEFORE.test(scan.text.slice(Math.max(0, i - LOOK_BEHIND), i)) ||
        personsDate(scan, i, end) ||
        knownBirthAt(scan, i, end))
    )
      scan.add(i, midnightEnd(scan, end), 'birth_date');
    return true;
  }
  // `(jt/local-date 1966 9 4)`, `fromGregorian 1972 4 18`, `DateSerial(1979, 10, 1)`: a date built
  // from its year, month and day by code, after a birth cue.
  if (n === 4 && shape === '4' && scan.on(BIRTH)) {
    const parts = dateFromParts(scan, end, d);
    if (parts > 0) {
      if (
        scan.cueBefore(i, BIRTH, 4) ||
        (Number(d) < THIS_YEAR && scan.headedColumn === 0 && documentFieldBefore(scan, i)) ||
        knownBirthAt(scan, i, parts)
      )
        scan.add(i, parts, 'birth_date');
      return true;
    }
    // `nasci aqui mesmo, na colônia, em 1936`, `Ano de nascimento: 1952`, `born in 1987`: a birth's year alone.
    const year = Number(d);
    if (
      year >= 1890 &&
      year < THIS_YEAR &&
      (birthYearCue(scan, i) || kinYear(scan, i, end) || kinColumnYear(scan, i) || appositionYear(scan, i))
    ) {
      // `por 10 anos, de 2010 a 2020`: a period's start, not a birth.
      scan.at(end + 8);
      if (!PERIOD_AFTER.test(scan.text.slice(end, end + 8))) scan.add(i, end, 'birth_date');
      return true;
    }
  }
  // `Genoveva Lehmkuhl (1934–2021)`, `(1936 – 2026)`: a life span in brackets after a person's name; its first year is the birth's.
  if ((shape === '4-4' || shape === '4 - 4') && scan.on(BIRTH) && lifespan(scan, i, end, d)) {
    scan.add(i, i + 4, 'birth_date');
    return true;
  }
  if (SPACED_DATE_SHAPE.test(shape) && scan.on(BIRTH)) {
    const [year, month, day] = scan.text.slice(i, end).split(/ +/).map(Number);
    if (birthCalendarDay(year ?? 0, month ?? 0, day ?? 0)) {
      if (scan.cueBefore(i, BIRTH, 4)) scan.add(i, end, 'birth_date');
      return true;
    }
  }
  // 19880312 (YYYYMMDD, HL7 and vCard write dates so) or 12031988, after a birth cue.
  if (
    n === 8 &&
    shape === '8' &&
    scan.on(BIRTH) &&
    compactDate(d) &&
    (scan.cueBefore(i, BIRTH, 3) || dnBefore(scan.text, i) || personsDate(scan, i, end))
  ) {
    scan.add(i, end, 'birth_date');
    return true;
  }
  // `02/12 – Ilse Ramlow` under `ANIVERSARIANTES DO MÊS`: a day and a month in a list of birthdays.
  // `Aniversário: 03/02`, `birthday: 12/05`: a day and a month after a birthday's own cue.
  if (
    DAY_MONTH_SHAPE.test(shape) &&
    scan.on(BIRTH) &&
    dayMonth(scan.text.slice(i, end)) &&
    (birthdayListNear(scan.text, i) || birthdayCueBefore(scan, i))
  ) {
    scan.add(i, end, 'birth_date');
    return true;
  }
  if ((n === 1 || n === 2) && shape.length === 1 && scan.on(BIRTH)) {
    // `26 / 07 / 1957`: a form's date with spaces around its separators, after a birth cue.
    const spaced = spacedDate(scan, i, end);
    if (spaced > 0) {
      if (scan.cueBefore(i, BIRTH, 3)) scan.add(i, spaced, 'birth_date');
      return true;
    }
  }
  if ((n === 1 || n === 2) && bareShape(shape)) {
    const long = wordedDate(scan, i, end);
    if (long > 0) {
      if (scan.on(BIRTH) && wordedBirthCue(scan, i) && ageFitsYear(scan, i, long)) scan.add(i, long, 'birth_date');
      return true;
    }
  }
  // `nasc. 12/1994`: a month and a year after a birth cue.
  // Not the end of a longer date (`**/07/1988`, a partial mask's day before it).
  if (shape === '2/4' && scan.on(BIRTH) && Number(d.slice(0, 2)) >= 1 && Number(d.slice(0, 2)) <= 12 && scan.at(i - 1) !== 0x2f) {
    const year = Number(d.slice(2));
    if (year >= 1890 && year < THIS_YEAR && (scan.cueBefore(i, BIRTH, 2) || dnBefore(scan.text, i))) {
      scan.add(i, end, 'birth_date');
      return true;
    }
  }
  if (length === 7 && IPV4_SHAPE.test(shape) && validIpv4(scan.text.slice(i, end))) {
    // `ID136.160.169.83`: glued to a word, an address is dropped as an identifier's part; a CPF dotted
    // throughout is a CPF there by its check digits.
    if (shape === '3.3.3.2' && scan.cls(i - 1) & (UPPER | LOWER) && scan.on(CPF) && validCpf(d) && !repeated(d)) {
      scan.add(i, end, 'cpf');
      return true;
    }
    // A CIDR suffix (/24) is left: it says the network size, not who. A product's version in
    // a user agent (`Chrome/123.0.0.0`) is no address.
    if (scan.on(IP) && !(i >= 2 && scan.text.charCodeAt(i - 1) === 0x2f && scan.cls(i - 2) & (UPPER | LOWER)) && !serverAt(scan, i, end))
      scan.add(i, end, 'ip');
    // `189.144.248.12`: a CPF dotted throughout reads as an address too; where no IP is masked, its check digits decide.
    else if (!scan.on(IP) && shape === '3.3.3.2' && scan.on(CPF) && validCpf(d) && !repeated(d)) scan.add(i, end, 'cpf');
    return true;
  }
  const candidates = BY_LENGTH[n];
  if (candidates === undefined || candidates.length === 0) return false;
  const facts = FACTS;
  facts.scan = scan;
  facts.at = i;
  facts.digits = d;
  facts.shape = shape;
  facts.plus = plus;
  facts.dvX = dvX;
  // A cue decides first (`PIS 12056874107` is a PIS even if it also passes as a CPF), then
  // layouts, then the layouts that say less.
  for (let phase = 0; phase < 3; phase++) {
    for (const candidate of candidates) {
      if (!scan.on(candidate.bit)) continue;
      const claim = phase === 0 ? candidate.rule.cued : phase === 1 ? candidate.rule.plain : candidate.rule.loose;
      facts.bit = candidate.bit;
      if (claim === undefined || !claim(facts)) continue;
      if (candidate.validate !== undefined && !candidate.validate(d)) continue;
      if (!noOnes(scan, candidate.id, i, end, d)) scan.add(i, candidate.id === 'rg' ? issuerEnd(scan, end) : end, candidate.id);
      return true;
    }
  }
  return false;
}

/**
 * Whether the number at `[i, end)` is something, and no one's: an organisation's service line
 * (`SAC: (11) 3003-1234`) or its letterhead's CEP; four groups inside a longer run of them (an
 * access key, a barcode).
 */
function noOnes(scan: Scan, id: DetectorId, i: number, end: number, digits: string): boolean {
  if (id === 'phone') return servicePhone(scan, i, end, digits);
  if (id === 'cep') return scan.state.letterhead === 'contact';
  return id === 'credit_card' && amongGroups(scan, i, end);
}

/**
 * Whether the date `[i, end)` is a day a birth date found before it in the text fell on (a test's
 * diff, a log repeating a record). A date after a label is what its label says (`Data do
 * preenchimento: …`, a newborn's form filled in on the day of the birth).
 */
function knownBirthAt(scan: Scan, i: number, end: number): boolean {
  let p = i - 1;
  while (p > 0 && scan.text.charCodeAt(p) === SPACE_CHAR) p--;
  const before = scan.text.charCodeAt(p);
  if (before === 0x3a || before === 0x3d) return false;
  const day = dayOf(scan.text.slice(i, end));
  return day !== undefined && scan.knownBirth(day, i);
}

/** Whether the years `d` (eight digits) at `[i, end)` stand in brackets right after a person's name, as far apart as a life. */
function lifespan(scan: Scan, i: number, end: number, d: string): boolean {
  if (nameBeforeBrackets(scan, i, end) < 0) return false;
  const born = Number(d.slice(0, 4));
  const died = Number(d.slice(4));
  // A mandate or a job runs a few years (`Prefeito Joel Lima (2017–2020)`); a life is longer.
  return born >= 1800 && died - born >= 20 && died - born < 120;
}

/**
 * `o filho Gilmar (2004)`, `Filhos: Wisly (2015) e Naïka (2019)`: a year in brackets right after a
 * relative's name is the year they were born.
 */
function kinYear(scan: Scan, i: number, end: number): boolean {
  const nameEnd = nameBeforeBrackets(scan, i, end);
  return nameEnd >= 0 && kinListBefore(scan.text, nameEnd);
}

/**
 * `Dona Zilda Ramos, que é de 1938,`, `Meu primo Kauan, de 2019,`: a year set after a person's name
 * as what she is `de` (of), the year she was born; `de` alone only after a relative's word, where
 * the year cannot be a document's or an event's (`o relatório do Pedro, de 2019`).
 */
const YEAR_OF_PERSON = /^(?:,? que (?:é|e|era|eh) d[eo](?: ano de)?|(?<kin>, de)) $/;

function appositionYear(scan: Scan, i: number): boolean {
  const nameEnd = scan.lastNameEnd();
  if (nameEnd < scan.cueFloor || nameEnd < 0 || i - nameEnd > NAME_DATE_REACH) return false;
  const gap = YEAR_OF_PERSON.exec(scan.text.slice(nameEnd, i));
  if (gap === null) return false;
  if (kinListBefore(scan.text, nameEnd)) return true;
  // `A casa da Maria, que é de 1950`: after a possessive `da`, the year may be the thing's.
  const nameStart = scan.lastFound()?.start ?? nameEnd;
  return gap.groups?.['kin'] === undefined && !POSSESSED_BEFORE.test(scan.text.slice(Math.max(0, nameStart - 4), nameStart));
}

const POSSESSED_BEFORE = /\bd[aoe]s? $/i;

/** `Bohdan Chomiak        filho    2015`: a year alone after a dependant's name and relation in a family's list. */
function kinColumnYear(scan: Scan, i: number): boolean {
  const nameEnd = scan.lastNameEnd();
  return nameEnd >= scan.cueFloor && nameEnd >= 0 && i - nameEnd <= NAME_DATE_REACH && KIN_GAP.test(scan.text.slice(nameEnd, i));
}

/** Where the person's name ends that `(` right before `[i, end)` follows (` (` or `(`), the `)` right after it: or -1. */
function nameBeforeBrackets(scan: Scan, i: number, end: number): number {
  if (scan.text.charCodeAt(i - 1) !== 0x28 || scan.at(end) !== 0x29) return -1;
  const nameEnd = scan.lastNameEnd();
  return nameEnd >= scan.cueFloor && nameEnd >= 0 && /^ ?\($/.test(scan.text.slice(nameEnd, i)) ? nameEnd : -1;
}

/** An age just turned, told before a date (`fez 4 anos ontem (`): group 1 is the age in digits. */
const TURNED_AGE =
  /\b(?:faz|far[aá]|fez|fiz|completa|completar[aá]|completou|vai fazer|vai completar) (\d{1,3}) (?:anos|aninhos)\b[^\n]{0,24}$/i;

/**
 * Whether the year of the date `[i, end)`, if it has one, is the birth's of the age turned just
 * before it: `fez 4 anos ontem (9 de março de 2024)` is a firm's anniversary, not a birth in 2022.
 */
function ageFitsYear(scan: Scan, i: number, end: number): boolean {
  const age = TURNED_AGE.exec(scan.text.slice(Math.max(0, i - 48), i))?.[1];
  const year = /(\d{4})\D*$/.exec(scan.text.slice(i, end))?.[1];
  return age === undefined || year === undefined || Math.abs(THIS_YEAR - Number(year) - Number(age)) <= 1;
}

/** Whether a person's age stands right before the date `[i, end)`, and the date begins no period. */
function agedDate(scan: Scan, i: number, end: number): boolean {
  if (!ageMayEnd(scan.text, i)) return false;
  const before = scan.text.slice(Math.max(0, i - 40), i);
  if (!AGE_BEFORE.test(before.slice(-24)) && !(TURNING_BRACKET.test(before) && ageFitsYear(scan, i, end))) return false;
  scan.at(end + 8);
  return !PERIOD_AFTER.test(scan.text.slice(end, end + 8));
}

/** Whether a birth's star stands before the date `[i, end)` (`★ 12/04/1936`), or an asterisk with a death's cross after it (`* 1936 † 2026`). */
function starred(scan: Scan, i: number, end: number): boolean {
  const star = STAR_BEFORE.exec(scan.text.slice(Math.max(0, i - 4), i))?.[1];
  if (star === undefined) return false;
  if (star === '★' || star === '✱') return true;
  // A cake beside a date this year or later marks a party's day or an order's, no birth.
  if (star === '\u{1f382}') return Number(/\d{4}/.exec(scan.text.slice(i, end))?.[0] ?? THIS_YEAR) < THIS_YEAR;
  // Read through `at`, so a stream waits for the cross.
  let q = end;
  while (scan.at(q) === SPACE_CHAR || scan.at(q) === 0x09 || scan.at(q) === 0x2d) if (++q - end > 8) return false;
  return DEATH_MARKS.has(scan.at(q));
}

/** Whether `nascido em <birthplace>, aos` stands just before `i` (read back at most LOOK_BEHIND). */
function bornAtBefore(scan: Scan, i: number): boolean {
  return scan.text.charCodeAt(i - 1) === SPACE_CHAR && BORN_AT_BEFORE.test(scan.text.slice(Math.max(0, i - LOOK_BEHIND), i));
}

/** Whether eight digits read as a plausible date, year first (19880312) or last (12031988). */
function compactDate(d: string): boolean {
  const plausible = (year: number, month: number, day: number): boolean =>
    year >= 1890 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
  const n = (from: number, to: number): number => Number(d.slice(from, to));
  return plausible(n(0, 4), n(4, 6), n(6, 8)) || plausible(n(4, 8), n(2, 4), n(0, 2));
}

/** Whether the three digit groups between `i` and `end` (a date shape) make a plausible day, month and year. */
/**
 * What may stand between a person's name and the date given with it: `Kauã 11/03/2015`, `Yara, 27/01/2018`,
 * `Ana (03/02/1990)`, and the next field of a record (`"Ana Lima", "03/02/1990"`, `Ana Lima | 03/02/1990`).
 */
const NAME_DATE_GAP = /^(?:,? ?|: | ?\(|\t|["'] ?[,;|] ?["']|["']?[;|]["']?| \| )$/;
/** A dash between a name opening a list's line and its date (`  Wendel Corrêa Pantoja — 09/09/2006`). */
const LIST_DASH_GAP = /^ [—–-] $/;
/**
 * A list's line up to a name's end: indentation, a number or a bullet, then only a name's words
 * (capitalised, or particles). Read from the text, so a stream, which keeps the line behind its window, decides alike.
 */
const NAME_ITEM = /(?:^|\n)[ \t]*(?:\d{1,3}[.)-]?[ \t]+|[-•*][ \t]+)?\p{Lu}[\p{L}'.-]*(?: (?:\p{Lu}[\p{L}'.-]*|d[aeo]s?|e))*$/u;

/** Whether the name ending at `nameEnd` opens its line (after a list's mark). */
function nameOpensItem(scan: Scan, nameEnd: number): boolean {
  return NAME_ITEM.test(scan.text.slice(Math.max(0, nameEnd - 96), nameEnd));
}
/** How far after a person's name, or their document, a date may stand and be theirs (a stream carries either this far). */
export const NAME_DATE_REACH = 32;
/** `KRELLING OLGA TEREZINHA          19450930`: a report's or a fixed-width record's gap between columns. */
const COLUMN_GAP = /^ {2,}$/;
export const DOCUMENT_DATE_REACH = 64;
/** A record's next field after a document stands this close (a date built by code, with its call's name, up to the reach). */
const FIELD_REACH = 6;
/** A person's own documents: a birth date may stand right after one in a record (`…,"650.636.784-92","1994-08-21"`). */
export const PERSON_DOCUMENTS: ReadonlySet<DetectorId> = new Set(['cpf', 'pis', 'cns', 'titulo_eleitor']);
/** Between a document and the next field of its record: `","`, `;`, `|`, ` | ` (a printed table), a tab, a space, a list's dash (` – `). */
const FIELD_GAP = /^(?:"?[,;|\t] ?"?| {1,4}| +\| +| [—–-] )$/;
/**
 * Between a document and a date built or parsed by code as the record's next argument:
 * `'467.257.786-40',⏎   EncodeDate(`, `"215.216.487-35", as.Date("`, `…, new Date(`.
 */
const CALL_GAP = /^["']?[ \t]*,\s*(?:new )?[A-Za-z_][\w.]{0,30}\([ \t]*["']?$/;
/** A time after a date (`14/02/2026 10:32`, `às 9h`, `T08:00`): an event's moment, not a birth. */
const TIME_AFTER = /^(?:,? (?:às |as )?\d{1,2}(?::\d{2}|h)|T\d)/;
/**
 * Midnight written after a date (`T00:00:00.000Z`, ` 00:00:00`): a system storing a day as a moment, no event's time.
 * A Brazilian zone's midnight in UTC (`T03:00:00.000Z`, two to five hours on) is the same day stored from Brazil;
 * `12:00:00 AM` is midnight on a twelve-hour clock.
 */
const MIDNIGHT_AFTER = /^(?:[T ]00:00(?::00(?:\.0{1,6})?)?(?:Z|[+-]\d\d:?\d\d)?|T0[2-5]:00:00(?:\.0{1,6})?Z| 12:00(?::00)? AM)(?![\d:])/;
/** Whether midnight is written at `p` (`T00:00:00.000Z`). Read through `at`, so a stream waits for it. */
function midnightAt(scan: Scan, p: number): boolean {
  return midnightEnd(scan, p) > p;
}
/** Where a birth date ends with the midnight a system stored it at (`12/02/1968 00:00:00`): the whole moment is the birth. */
function midnightEnd(scan: Scan, end: number): number {
  scan.at(end + 16);
  const m = MIDNIGHT_AFTER.exec(scan.text.slice(end, end + 16));
  return m === null ? end : end + m[0].length;
}
/** A time of day (`03:12`, `12:00:00`, `14h30`, `9h`). */
const TIME_OF_DAY = /^(?:[01]?\d|2[0-3])(?::[0-5]\d(?::[0-5]\d)?|h(?:[0-5]\d)?)(?![\d:/.-])/;
/** Whether a time of day is written at `p`. Read through `at`, so a stream waits for it. */
function timeAt(scan: Scan, p: number): boolean {
  scan.at(p + 9);
  return TIME_OF_DAY.test(scan.text.slice(p, p + 9));
}
/** Dates of this year or later are events (a signature's, a message's), never a birth told beside a name. */
const THIS_YEAR = new Date().getUTCFullYear();

/**
 * `Kauã 11/03/2015, Yara 27/01/2018`, `"650.636.784-92","1994-08-21"`: a whole date (four-digit year,
 * before this year; after a document, two digits will do) right after a person's name, or after their CPF, PIS or CNS in a record, is
 * that person's birth date, unless a time follows it. Read from what the scan found and the text
 * (and the state a stream's window carries), so a stream decides as the whole text does.
 */
function personsDate(scan: Scan, i: number, end: number): boolean {
  if (scan.headedColumn > 0) return false;
  const nameEnd = scan.lastNameEnd();
  // A positional record's field is read on its own (cueFloor): its layout says what the date is.
  const named =
    nameEnd >= scan.cueFloor &&
    nameEnd >= 0 &&
    ((i - nameEnd <= 5 && NAME_DATE_GAP.test(scan.text.slice(nameEnd, i))) ||
      // Not in a table's cell: its header says what the column holds (`ADMISSAO`), whether a reader knows the word or not.
      (i - nameEnd <= NAME_DATE_REACH && !scan.inTableCell && COLUMN_GAP.test(scan.text.slice(nameEnd, i))) ||
      (i - nameEnd <= NAME_DATE_REACH && KIN_GAP.test(scan.text.slice(nameEnd, i))) ||
      (i - nameEnd <= NAME_DATE_REACH && BRACKETED_KIN_GAP.test(scan.text.slice(nameEnd, i))) ||
      (i - nameEnd === 3 && LIST_DASH_GAP.test(scan.text.slice(nameEnd, i)) && nameOpensItem(scan, nameEnd)));
  if (!named && !documentFieldBefore(scan, i)) return false;
  const value = scan.text.slice(i, end);
  const year = Number(/^\d{4}/.test(value) ? value.slice(0, 4) : value.slice(-4));
  // A two-digit year only after the person's document in a record (`408.729.979-10 30/1/96`).
  if (/\d{4}/.test(value) ? !(year < THIS_YEAR) : named) return false;
  scan.at(end + 16);
  const after = scan.text.slice(end, end + 16);
  return !TIME_AFTER.test(after) || MIDNIGHT_AFTER.test(after);
}

/**
 * Whether the date at `i` is the next field of a record after a person's document (`…,"650.636.784-92","1994-08-21"`,
 * `TPessoa.Create('Leila Farah', '467.257.786-40', EncodeDate(1980, 6, 14))`).
 */
function documentFieldBefore(scan: Scan, i: number): boolean {
  const last = scan.lastFound();
  const documentEnd = last === undefined ? scan.priorDocumentEnd : PERSON_DOCUMENTS.has(last.detector) ? last.end : -1;
  if (documentEnd < scan.cueFloor || documentEnd < 0 || i - documentEnd > DOCUMENT_DATE_REACH) return false;
  const gap = scan.text.slice(documentEnd, i);
  // A printed table's next column (`545.301.506-32  21/08/2000`), unless a header names the column.
  return (gap.length <= FIELD_REACH && FIELD_GAP.test(gap)) || CALL_GAP.test(gap) || (!scan.inTableCell && COLUMN_GAP.test(gap));
}

function plausibleDate(scan: Scan, i: number, end: number): boolean {
  const parts = [0, 0, 0];
  let part = 0;
  for (let p = i; p < end && part < 3; p++) {
    const c = scan.text.charCodeAt(p);
    if (isDigit(c)) parts[part] = (parts[part] ?? 0) * 10 + c - 0x30;
    else part++;
  }
  let day: number;
  let month: number;
  let year: number;
  if ((parts[0] ?? 0) > 999) [year, month, day] = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
  else [day, month, year] = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
  // `12/19/1975`: an American export puts the month first.
  if (month > 12 && day <= 12) [day, month] = [month, day];
  if (year < 100) year += year > 30 ? 1900 : 2000;
  // 1900-01-01: the date systems write for "none", no one's birthday.
  if (year === 1900 && month === 1 && day === 1) return false;
  return day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= 1890 && year <= 2100;
}

/** Months in Roman numerals (by name: validate.ts's monthOfName). */
const ROMAN_MONTHS: ReadonlyMap<string, number> = new Map(
  ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'].map((numeral, k) => [numeral, k + 1] as const),
);
/** Whether a month in Roman numerals stands at `p`, followed by `sep` (the separator before it) and a digit. */
function romanMonthAt(scan: Scan, p: number, sep: number): boolean {
  let q = p;
  while ((scan.at(q) === 0x49 || scan.at(q) === 0x56 || scan.at(q) === 0x58) && q - p < 4) q++;
  return q > p && scan.at(q) === sep && (scan.cls(q + 1) & DIGIT) !== 0 && ROMAN_MONTHS.has(scan.text.slice(p, q));
}

/** Full month names: the only ones `de` joins to a day with no year after (`12 de março`). */
const FULL_MONTH = /^(?:[A-Z]{5,}|MAIO|MAYO|JUNHO|JULHO|JUNIO|JULIO|JUNE|JULY)$/;

/**
 * A date joined by `de` or with its month in Roman numerals, from its day `[i, end)`: `12 de março
 * de 1985`, `8 de octubre de 1997`, `19/VII/1992`, `1º/XII/1971` (a month's name or abbreviation
 * between separators, `17/jan/1995`, is monthNameDate's). A day that exists in its month and a
 * year of four digits (`de` and a whole month's name may go without one). Read through `at`, so a
 * stream waits for the year. Returns the end, or -1.
 */
function wordedDate(scan: Scan, i: number, end: number): number {
  let p = end;
  if (scan.at(p) === 0xba || scan.at(p) === 0xb0) p++;
  const sep = scan.at(p);
  if (sep !== SPACE_CHAR && sep !== 0x2f && sep !== 0x2d && sep !== 0x2e) return -1;
  let ms = p + 1;
  let joined = false;
  if (sep === SPACE_CHAR) {
    // `aos 14 dias do mês de março de 1938`, as registries write a date.
    const days = scan.wordEnd(ms);
    if (days > ms && foldedEquals(scan.text, ms, days, 'DIAS') && scan.at(days) === SPACE_CHAR) {
      ms = days + 1;
      const of = scan.wordEnd(ms);
      const month = of > ms && foldedEquals(scan.text, ms, of, 'DO') ? scan.wordEnd(of + 1) : -1;
      if (month > of + 1 && foldedEquals(scan.text, of + 1, month, 'MES') && scan.at(month) === SPACE_CHAR) ms = month + 1;
    }
    const de = scan.wordEnd(ms);
    if (de > ms && foldedEquals(scan.text, ms, de, 'DE') && scan.at(de) === SPACE_CHAR) {
      ms = de + 1;
      joined = true;
    }
  }
  const wordEnd = scan.wordEnd(ms);
  if (wordEnd === ms || wordEnd - ms > 10 || scan.cls(wordEnd) & DIGIT) return -1;
  const word = scan.text.slice(ms, wordEnd);
  const roman = ROMAN_MONTHS.get(word);
  const folded = fold(word);
  // `18 de jun. de 1966`: a month's abbreviation with its dot, as Looker and Google Sheets write dates; its year must follow.
  const abbreviated = joined && wordEnd - ms === 3 && scan.at(wordEnd) === 0x2e && !FULL_MONTH.test(folded);
  const month = roman ?? (joined && (FULL_MONTH.test(folded) || abbreviated) ? monthOfName(folded) : undefined);
  if (month === undefined || (roman !== undefined && sep === SPACE_CHAR)) return -1;
  const me = abbreviated ? wordEnd + 1 : wordEnd;
  let yearAt = -1;
  const after = scan.at(me);
  if (joined) {
    if (after === SPACE_CHAR) {
      const de2 = scan.wordEnd(me + 1);
      if (de2 > me + 1 && foldedEquals(scan.text, me + 1, de2, 'DE') && scan.at(de2) === SPACE_CHAR) yearAt = de2 + 1;
    }
  } else if (after === sep) yearAt = me + 1;
  const day = Number(scan.text.slice(i, end));
  if (yearAt >= 0) {
    let y = yearAt;
    while (scan.cls(y) & DIGIT) y++;
    if (y - yearAt === 4 && !(scan.cls(y) & WORD) && calendarDay(Number(scan.text.slice(yearAt, y)), month, day)) return y;
    // Spoken, the year's last two digits (`dia 17 de maio de 93`).
    if (
      joined &&
      y - yearAt === 2 &&
      !(scan.cls(y) & WORD) &&
      scan.at(y) !== 0x2f &&
      calendarDay(1900 + Number(scan.text.slice(yearAt, y)), month, day)
    )
      return y;
  }
  // Only `12 de março` stands without its year.
  return joined && !abbreviated && FULL_MONTH.test(folded) && calendarDay(2000, month, day) ? me : -1;
}

/** `26 / 07 / 1957`, `26 - 07 - 1957`, `26/ 07 /1957`: a day, a month and a year, a space beside a separator at least. */
const SPACED_DATE = /^ ?([/.-]) ?(\d{1,2}) ?\1 ?(\d{4})(?!\d)/;

/** The end of a spaced date whose day `[i, end)` was read, or -1. Read through `at`, so a stream waits for the year. */
function spacedDate(scan: Scan, i: number, end: number): number {
  // Most small numbers are followed by a word (`3 vezes`): only a separator, right there or after a space, reads on.
  const c = scan.at(end);
  const separator = c === SPACE_CHAR ? scan.at(end + 1) : c;
  if (separator !== 0x2f && separator !== 0x2e && separator !== 0x2d) return -1;
  scan.at(end + 12);
  const m = SPACED_DATE.exec(scan.text.slice(end, end + 12));
  if (m === null || !m[0].includes(' ')) return -1;
  return calendarDay(Number(m[3]), Number(m[2]), Number(scan.text.slice(i, end))) ? end + m[0].length : -1;
}

/**
 * After the year `year` ending at `end`: a month and a day as the same call's arguments, set apart by
 * commas (`1979, 10, 1`; parts set apart by spaces alone read as one number, SPACED_DATE_SHAPE),
 * making a day of the calendar. Returns the day's end, or -1. Read through `at`, so a stream whose
 * window ends inside the arguments waits for them.
 */
function dateFromParts(scan: Scan, end: number, year: string): number {
  let p = end;
  const values: number[] = [];
  // A comma, or the semicolon of spreadsheets in locales whose decimal mark is the comma (`=DATA(1980;3;12)`).
  const separator = scan.at(end);
  for (let k = 0; k < 2; k++) {
    if (scan.at(p) !== separator || (separator !== 0x2c && separator !== 0x3b)) return -1;
    p++;
    while (scan.at(p) === SPACE_CHAR && p - end < 12) p++;
    const s = p;
    while (scan.cls(p) & DIGIT) p++;
    if (p - s < 1 || p - s > 2) return -1;
    values.push(Number(scan.text.slice(s, p)));
  }
  // The arguments end there: a closing bracket, a separator, or the end of the line.
  const c = scan.at(p);
  if ((c >= 0 && (CLASS[c] ?? 0) & WORD) || c === 0x2f || c === 0x2d || c === 0x2e || c === 0x3a) return -1;
  return birthCalendarDay(Number(year), values[0] ?? 0, values[1] ?? 0) ? p : -1;
}

/**
 * `12mar1969` (Stata, SAS), `03-SEP-74` (Oracle), `12/abr/1969`, `12 mai. 1969`: a day, a month's
 * name or abbreviation in any language the dates reach us in, and a year, glued or set apart by
 * one separator used twice. A birth date after a birth cue (a label, a column's header); other
 * such dates are read whole and left. Returns the end, or -1. Read through `at`, so a stream
 * waits for the year.
 */
export function monthNameDate(scan: Scan, i: number): number {
  if (!scan.on(BIRTH)) return -1;
  let p = i;
  while (scan.cls(p) & DIGIT && p - i < 3) p++;
  if (p - i < 1 || p - i > 2) return -1;
  const separator = scan.at(p);
  const glued = (scan.cls(p) & (UPPER | LOWER)) !== 0;
  if (!glued && separator !== 0x2d && separator !== 0x2f && separator !== 0x2e && separator !== SPACE_CHAR) return -1;
  const ms = glued ? p : p + 1;
  scan.at(ms + 20);
  let q = ms;
  while (scan.cls(q) & (UPPER | LOWER) && q - ms <= 10) q++;
  if (q - ms < 3 || q - ms > 10) return -1;
  const month = monthOfName(fold(scan.text.slice(ms, q)));
  if (month === undefined) return -1;
  if (scan.at(q) === 0x2e && (glued || separator !== 0x2e)) q++;
  if (!glued) {
    if (scan.at(q) === separator) q++;
    else if (!(separator === SPACE_CHAR || scan.at(q - 1) === 0x2e) || scan.at(q) !== SPACE_CHAR) return -1;
    else q++;
  }
  const ys = q;
  while (scan.cls(q) & DIGIT && q - ys < 5) q++;
  const digits = q - ys;
  // A year of two digits only in the compact and hyphenated forms (`3 mar 20` may count anything).
  if (!(digits === 4 || (digits === 2 && separator !== SPACE_CHAR)) || scan.cls(q) & WORD) return -1;
  let year = Number(scan.text.slice(ys, q));
  if (digits === 2) year += year > 30 ? 1900 : 2000;
  if (!birthCalendarDay(year, month, Number(scan.text.slice(i, p)))) return -1;
  if (wordedBirthCue(scan, i)) scan.add(i, q, 'birth_date');
  return q;
}

/** What makes a year alone a birth's: `Ano de nascimento:`, `nasci, na colônia, em`, `born in`. */
export function birthYearCue(scan: Scan, i: number): boolean {
  const before = scan.text.slice(Math.max(0, i - LOOK_BEHIND), i);
  return BIRTH_YEAR_BEFORE.test(before) || BORN_IN_BEFORE.test(before);
}

/** What makes a date with its month in words a birth's: a cue, a birthplace before it, `D.N.`. */
export function wordedBirthCue(scan: Scan, i: number): boolean {
  return scan.cueBefore(i, BIRTH, 3) || bornAtBefore(scan, i) || dnBefore(scan.text, i) || birthdayCueBefore(scan, i);
}

const ORDINAL_SUFFIX: ReadonlySet<string> = new Set(['st', 'nd', 'rd', 'th']);

/** `March 12, 1985` / `Mar 12 1985` / `March 12th, 1985` after a birth cue. */
export function englishDate(scan: Scan, i: number, j: number): number {
  if (!scan.on(BIRTH) || scan.at(j) !== SPACE_CHAR) return -1;
  let p = j + 1;
  const ds = p;
  while (scan.cls(p) & DIGIT) p++;
  if (p - ds < 1 || p - ds > 2) return -1;
  // An ordinal's suffix (`12th`, `1st`, `2nd`, `3rd`).
  // Read through `at`, so a stream waits for the suffix.
  if (ORDINAL_SUFFIX.has(String.fromCharCode(scan.at(p) | 0x20, scan.at(p + 1) | 0x20)) && !(scan.cls(p + 2) & WORD)) p += 2;
  if (scan.at(p) === 0x2c) p++;
  if (scan.at(p) !== SPACE_CHAR) return -1;
  p++;
  const ys = p;
  while (scan.cls(p) & DIGIT) p++;
  if (p - ys !== 4 || scan.cls(p) & WORD) return -1;
  if (!scan.cueBefore(i, BIRTH, 3)) return p;
  scan.add(i, p, 'birth_date');
  return p;
}
