/**
 * The text scanner: one left-to-right pass that finds every detector's values.
 *
 * The main loop looks at one token at a time and hands it to at most a few matchers chosen by
 * cheap tests (a digit run, an `@` after a word, a capitalised word, a logradouro type, a
 * `key:` label), so the cost per character is a table lookup, not a regular expression per
 * detector. Matchers never overlap: each returns where the main loop resumes, past what it
 * consumed, so candidates come out sorted and disjoint.
 *
 * Streaming: every read past the end of the window goes through `at()`, which records that the
 * construct in progress is open. The scan then stops and reports `commit`, the position where
 * the main loop stood when it started that construct. Everything before `commit` is final and
 * equal to what a scan of the whole text would find (a matcher only looks back LOOK_BEHIND
 * characters, and the caller keeps that much context), so chunked input masks exactly like
 * unchunked input.
 */
import { DETECTOR_IDS, type DetectorId } from '../config.js';
import { CLASS, DIGIT, LOWER, SPACE, UNDERSCORE, UPPER, WORD, fold, foldCode, isJsSpace } from './chars.js';
import { classifyKey, classifyKeyAt, keyWordFacts, mayClassify, type KeyClass } from './keys.js';
import { valueFits } from './fit.js';
import {
  COMMON_NAME_WEIGHT,
  UF_CODES,
  W_BAIRRO,
  W_BIRTH_CUE,
  W_CEP_CUE,
  W_CNH_CUE,
  W_COMPLEMENT,
  W_CUE_FILLER,
  W_MONTH_EN,
  W_MONTH_PT,
  W_NAME_CUE,
  W_PARTICLE,
  W_PHONE_CUE,
  W_PIS_CUE,
  W_PLACE,
  W_PLACE_START,
  W_RG_CUE,
  W_STOP,
  W_STREET,
  W_STREET_ABBR,
  W_STREET_TITLE,
  W_STREET_WORD,
  W_SUFFIX,
  W_SURNAME,
  W_TITULO_CUE,
  W_VERSION_CUE,
  cueTable,
  nameAmbiguous,
  nameWeight,
  placeSet,
  wordTable,
} from './lexicon.js';
import { STAR, containsMaskOutput, pseudonymAt, redactionLabelAt, residueToken, PSEUDONYM_IN } from './maskOutput.js';
import {
  repeated,
  validCard,
  validCnh,
  validCnpj,
  validCns,
  validCpf,
  validDddCodes,
  validPis,
  validRgSp,
  validTitulo,
} from './validate.js';
import type { WordTable } from './wordTable.js';

/** How far any matcher looks back for a cue or a sentence start; streams keep this much context. */
export const LOOK_BEHIND = 64;
/** Rows longer than this are never table rows (and are not held back waiting for their end). */
export const MAX_ROW = 4096;

export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly detector: DetectorId;
}

/** A CSV/TSV/Markdown table whose header named sensitive columns; carried from line to line. */
export interface TableState {
  readonly delimiter: number;
  readonly markdown: boolean;
  readonly columns: readonly (KeyClass | undefined)[];
}

export interface ScanOptions {
  readonly enabled: ReadonlySet<DetectorId>;
  readonly extraKeys: ReadonlyMap<string, KeyClass>;
}

export interface ScanOutcome {
  readonly found: Candidate[];
  /** Everything before this index is final; a stream emits up to here and rescans from here. */
  readonly commit: number;
  /** Table state at `commit`. */
  readonly table: TableState | undefined;
}

/** Scans `text` from `from` (earlier characters are look-behind context only). */
export function scanText(text: string, from: number, final: boolean, table: TableState | undefined, options: ScanOptions): ScanOutcome {
  const scanner = new Scanner(text, final, table, options);
  return scanner.run(from);
}

/**
 * Detectors a `label:` in free text masks whole. The others have their own matchers, which use
 * the label as a cue (`RG:`, `tel.`); check-digit types must validate in text.
 */
const TEXT_LABEL_DETECTORS = new Set<string>(['name', 'address', 'sensitive_key']);

// Shapes (group lengths and separators: 529.982.247-25 is "3.3.3-2"), compiled once; each is
// tried only on shapes of its length.
const DATE_SHAPE = /^[12]([/.-])[12]\1[24]$/;
const ISO_DATE_SHAPE = /^4([/-])2\1[2]$/;
const IPV4_SHAPE = /^[123]\.[123]\.[123]\.[123]$/;
const VERSION_SHAPE = /^[123](\.[123]){2,3}$/;
const PRICE_SHAPE = /^[123](\.3)*$/;
const CARD_4444_SHAPE = /^4([ -])4\1[4]\1[4](\1[1-3])?$/;
const CARD_465_SHAPE = /^4([ -])6\1[5]$/;
const CARD_464_SHAPE = /^4([ -])6\1[4]$/;
const RG_SP_SHAPE = /^2\.3\.3-(1|X)$/;
/** Where the formatted alphanumeric CNPJ (AA.AAA.AAA/AAAA-DD) puts its separators: after 2, 5, 8, 12 characters. */
const CNPJ_SEPARATOR_AT = [2, 5, 8, 12];
const CNPJ_SEPARATOR = [0x2e, 0x2e, 0x2f, 0x2d];
/** "1" … "24": group lengths as they appear in shapes, without a number-to-string per group. */
const GROUP_LENGTHS = Array.from({ length: 25 }, (_, length) => String(length));
const AT = 0x40;
const SPACE_CHAR = 0x20;
const CNS_CUE = /(?:^|[^\p{L}])(?:cns|sus|sa[uú]de)[\s:.=#nº°-]*$/iu;

const NBSP = 0xa0;

/** One bit per detector, so `on()` is a bit test rather than a set look-up. */
const DETECTOR_BIT: Readonly<Record<DetectorId, number>> = Object.fromEntries(DETECTOR_IDS.map((id, index) => [id, 1 << index])) as Record<
  DetectorId,
  number
>;
const BIT = DETECTOR_BIT;
const enabledBits = new WeakMap<ReadonlySet<DetectorId>, number>();

function enabledMask(enabled: ReadonlySet<DetectorId>): number {
  let mask = enabledBits.get(enabled);
  if (mask === undefined) {
    mask = 0;
    for (const detector of enabled) mask |= DETECTOR_BIT[detector];
    enabledBits.set(enabled, mask);
  }
  return mask;
}

/** A name chain has at most 8 words; their bounds and word-table info (scratch: `name` never nests). */
const MAX_NAME_WORDS = 8;
const CHAIN_STARTS = new Int32Array(MAX_NAME_WORDS);
const CHAIN_ENDS = new Int32Array(MAX_NAME_WORDS);
const CHAIN_INFOS = new Int32Array(MAX_NAME_WORDS);

const BEHIND_END = 1;
/** A line break lies between this word and the one after it. */
const BEHIND_NEWLINE = 2;
/** A redaction label, pseudonym or partial-mask residue: this engine's own output. */
const BEHIND_LABEL = 4;
/** Filler (`nº`, `sob`, `de`) or a one- or two-digit number: skipped when looking for a cue. */
const BEHIND_FILLER = 8;

/**
 * The words before a position, nearest first, read lazily and at most LOOK_BEHIND characters
 * back; a word cut by that limit ends the list. `info` holds the word-table bits of the word
 * and of its part after the last underscore (`data_nascimento` cues like `nascimento`).
 */
class WordsBehind {
  /** The scan and position these words belong to. */
  owner: object | undefined;
  pos = -1;
  private count = 0;
  private next = 0;
  private limit = 0;
  private readonly kinds = new Uint8Array(LOOK_BEHIND + 2);
  private readonly infos = new Int32Array(LOOK_BEHIND + 2);

  reset(owner: object, pos: number): void {
    this.owner = owner;
    this.pos = pos;
    this.count = 0;
    this.next = pos - 1;
    this.limit = Math.max(0, pos - LOOK_BEHIND);
  }

  info(k: number): number {
    return this.infos[k] ?? 0;
  }

  /** The kind bits of the k-th word back (reading it if needed). */
  at(text: string, k: number): number {
    while (this.count <= k) this.read(text);
    return this.kinds[k] ?? BEHIND_END;
  }

  private read(text: string): void {
    const k = this.count++;
    if (k > 0 && (this.kinds[k - 1] ?? 0) & BEHIND_END) {
      this.kinds[k] = BEHIND_END;
      return;
    }
    const limit = this.limit;
    let p = this.next;
    let kind = 0;
    while (p >= limit && !((CLASS[text.charCodeAt(p)] ?? 0) & WORD)) {
      const c = text.charCodeAt(p);
      if (c === 0x0a) kind |= BEHIND_NEWLINE;
      // A partial mask's residue (`Av. ***`) stands for a masked value: as a label does.
      if (c === STAR && residueToken(text, p, text.length)) {
        this.kinds[k] = kind | BEHIND_LABEL;
        return;
      }
      p--;
    }
    const e = p + 1;
    let classes = 0;
    for (let k = 0; p >= limit && (k = CLASS[text.charCodeAt(p)] ?? 0) & WORD; p--) classes |= k;
    this.next = p;
    if (e - 1 < limit || (p < limit && p >= 0 && (CLASS[text.charCodeAt(p)] ?? 0) & WORD)) {
      this.kinds[k] = BEHIND_END;
      return;
    }
    if (
      (text.charCodeAt(e) === 0x5d && p >= 0 && text.charCodeAt(p) === 0x5b) ||
      pseudonymAt(text, p + 1, e) ||
      (((p >= 0 && text.charCodeAt(p) === STAR) || text.charCodeAt(e) === STAR) && residueToken(text, p + 1, text.length))
    ) {
      this.kinds[k] = kind | BEHIND_LABEL;
      return;
    }
    const cues = cueTable();
    let info = cues.get(text, p + 1, e);
    if (info & W_CUE_FILLER || shortNumber(text, p + 1, e)) kind |= BEHIND_FILLER;
    if (classes & UNDERSCORE) {
      let u = e - 1;
      while (u > p && text.charCodeAt(u) !== 0x5f) u--;
      if (u > p) info |= cues.get(text, u + 1, e);
    }
    if ((classes & (UPPER | LOWER)) === (UPPER | LOWER)) {
      // camelCase keys cue like their last part: telefoneCelular like celular.
      let u = e - 1;
      while (u > p + 1 && !((CLASS[text.charCodeAt(u)] ?? 0) & UPPER && (CLASS[text.charCodeAt(u - 1)] ?? 0) & LOWER)) u--;
      if (u > p + 1) info |= cues.get(text, u, e);
    }
    this.kinds[k] = kind;
    this.infos[k] = info;
  }
}

/** Shared by every scan (scans never nest); keyed by the scanner that filled it. */
const BEHIND = new WordsBehind();

const CHAIN_WORD_SLOTS = 64;

/** Name words by start position, for one scanner and one end of input (rows lower `end` per cell). */
class ChainWords {
  owner: object | undefined;
  readonly start = new Int32Array(CHAIN_WORD_SLOTS);
  readonly limit = new Int32Array(CHAIN_WORD_SLOTS);
  readonly end = new Int32Array(CHAIN_WORD_SLOTS);
  readonly info = new Int32Array(CHAIN_WORD_SLOTS);
  readonly style = new Int32Array(CHAIN_WORD_SLOTS);

  reset(owner: object): void {
    this.owner = owner;
    this.start.fill(-1);
  }
}

const CHAIN_WORDS = new ChainWords();
/** The last word `chainWord` read: its end, table info and style. */
const CHAIN_WORD = { end: 0, info: 0, style: 0 };

class Scanner {
  private readonly n: number;
  private end: number;
  private openAt = -1;
  private readonly found: Candidate[] = [];
  private noEmailUntil = -1;
  private readonly words: WordTable = wordTable();
  private readonly enabled: number;

  constructor(
    private readonly text: string,
    private readonly final: boolean,
    private table: TableState | undefined,
    private readonly options: ScanOptions,
  ) {
    this.n = text.length;
    this.end = this.n;
    this.enabled = enabledMask(options.enabled);
  }

  run(from: number): ScanOutcome {
    const text = this.text;
    let i = from;
    let tableAtStep = this.table;
    while (i < this.n) {
      const start = i;
      tableAtStep = this.table;
      if (i === 0 || text.charCodeAt(i - 1) === 0x0a) {
        const next = this.lineStart(i);
        if (this.openAt >= 0) break;
        if (next >= 0) {
          i = next;
          continue;
        }
      }
      const next = this.step(i);
      // Defensive: a matcher that did not advance must never stall the gateway.
      i = next > i ? next : i + 1;
      if (this.openAt >= 0) {
        this.openAt = start;
        break;
      }
    }
    if (this.openAt < 0) return { found: this.found, commit: this.n, table: this.table };
    const commit = this.openAt;
    let keep = this.found.length;
    while (keep > 0 && (this.found[keep - 1]?.end ?? 0) > commit) keep--;
    this.found.length = keep;
    return { found: this.found, commit, table: tableAtStep };
  }

  /** The character at `i`, or -1 past the end (marking the construct open when more may come). */
  private at(i: number): number {
    if (i < this.end) return this.text.charCodeAt(i);
    if (i >= this.n && !this.final && this.openAt < 0) this.openAt = i;
    return -1;
  }

  private cls(i: number): number {
    const c = this.at(i);
    return c < 0 ? 0 : (CLASS[c] ?? 0);
  }

  /** Whether the detector of `bit` (BIT.cpf…) runs. */
  private on(bit: number): boolean {
    return (this.enabled & bit) !== 0;
  }

  private add(start: number, end: number, detector: DetectorId): void {
    if (end > start && this.enabled & DETECTOR_BIT[detector]) this.found.push({ start, end, detector });
  }

  // ---- one step of the main loop -------------------------------------------------------------

  private step(i: number): number {
    const c = this.text.charCodeAt(i);
    const k = CLASS[c] ?? 0;
    if (k & SPACE) return i + 1;
    if (k & WORD) return this.word(i, k);
    if ((c === 0x28 || c === 0x2b) && this.cls(i + 1) & DIGIT) return this.numeric(i);
    if (c === 0x3a && this.at(i + 1) === 0x3a) return this.ipv6(i) ?? i + 2;
    return i + 1;
  }

  private runEnd(i: number): number {
    let j = i + 1;
    while (this.cls(j) & WORD) j++;
    return j;
  }

  private word(i: number, k: number): number {
    const text = this.text;
    const limit = this.end;
    let j = i + 1;
    let flags = k;
    while (j < limit) {
      const q = CLASS[text.charCodeAt(j)] ?? 0;
      if (!(q & WORD)) break;
      flags |= q;
      j++;
    }
    const after = this.at(j);
    // The bulk of any text: a lower-case word followed by a space.
    if (after === SPACE_CHAR && !(flags & (UPPER | DIGIT | UNDERSCORE))) {
      const next = this.at(j + 1);
      if (next !== 0x3a && next !== 0x3d && next !== SPACE_CHAR) return this.lowerWord(i, j);
    }
    // E-mail: the local part may hold dots and dashes, so look past the first run.
    if (i >= this.noEmailUntil && (after === AT || after === 0x2e || after === 0x2d || after === 0x2b || after === 0x25)) {
      const email = this.email(i, j);
      if (email > 0) return email;
    }
    if (k & DIGIT) {
      if (after === 0x3a) {
        const v6 = this.ipv6(i);
        if (v6 !== undefined) return v6;
      }
      if (flags & (UPPER | LOWER | UNDERSCORE)) return this.compound(i);
      return this.numeric(i);
    }
    // A letter-led token.
    const hasDigit = (flags & DIGIT) !== 0;
    const hasLower = (flags & LOWER) !== 0;
    const hasUnderscore = (flags & UNDERSCORE) !== 0;
    const label = this.label(i, j, after);
    if (label >= 0) return label;
    if (hasDigit) {
      if (after === 0x3a) {
        const v6 = this.ipv6(i);
        if (v6 !== undefined) return v6;
      }
      return this.compound(i);
    }
    if (hasUnderscore) return j;
    if (after === 0x3a && j - i <= 4 && hexRun(this.text, i, j)) {
      const v6 = this.ipv6(i);
      if (v6 !== undefined) return v6;
    }
    if (!hasLower && after === 0x2e && j - i === 2) {
      const cnpj = this.alnumCnpj(i);
      if (cnpj > 0) return cnpj;
    }
    if (!(k & UPPER)) return this.lowerWord(i, j);
    const info = this.words.get(this.text, i, j);
    if (info & W_STREET && this.on(BIT.address)) {
      const address = this.address(i, j, info & W_STREET_WORD ? 'word' : info & W_STREET_ABBR ? 'abbr' : 'weak', false);
      if (address > 0) return address;
    }
    if (info & W_MONTH_EN) {
      const date = this.englishDate(i, j);
      if (date > 0) return date;
    }
    return this.name(i, j, info);
  }

  /** A lower-case word: only a logradouro type (rua, avenida…) needs a closer look. */
  private lowerWord(i: number, j: number): number {
    const c0 = this.text.charCodeAt(i);
    if (
      j - i <= 9 &&
      j - i >= 3 &&
      (c0 === 0x72 || c0 === 0x61 || c0 === 0x74 || c0 === 0x65 || c0 === 0x70 || c0 === 0x76) &&
      this.on(BIT.address)
    ) {
      if (this.words.get(this.text, i, j) & W_STREET_WORD) {
        const address = this.address(i, j, 'word', true);
        if (address > 0) return address;
      }
    }
    return j;
  }

  // ---- e-mail ---------------------------------------------------------------------------------

  private email(i: number, runEnd: number): number {
    let p = runEnd;
    for (;;) {
      const c = this.at(p);
      if (c < 0) return -1;
      const k = CLASS[c] ?? 0;
      if (k & WORD || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x25) p++;
      else break;
      if (p - i > 64) break;
    }
    if (this.at(p) !== AT) {
      this.noEmailUntil = p;
      return -1;
    }
    if (this.text.charCodeAt(p - 1) === 0x2e) return -1;
    // Domain: labels of letters, digits and dashes, at least one dot, a TLD of letters.
    let q = p + 1;
    let lastDot = -1;
    let labelStart = q;
    for (;;) {
      const c = this.at(q);
      const k = c < 0 ? 0 : (CLASS[c] ?? 0);
      if ((k & WORD && c !== 0x5f) || c === 0x2d) {
        q++;
        continue;
      }
      if (c === 0x2e && q > labelStart && this.cls(q + 1) & WORD) {
        lastDot = q;
        q++;
        labelStart = q;
        continue;
      }
      break;
    }
    if (lastDot < 0 || q - lastDot - 1 < 2) return -1;
    for (let t = lastDot + 1; t < q; t++) if (CLASS[this.text.charCodeAt(t)]! & DIGIT) return -1;
    this.add(i, q, 'email');
    return q;
  }

  // ---- digits ---------------------------------------------------------------------------------

  /** A token of letters and digits joined by `.-/_:`: hashes, UUIDs, codes; maybe an alphanumeric CNPJ. */
  private compound(i: number): number {
    const cnpj = this.alnumCnpj(i);
    if (cnpj > 0) return cnpj;
    let p = i;
    for (;;) {
      while (this.cls(p) & WORD) p++;
      const c = this.at(p);
      if ((c === 0x2e || c === 0x2d || c === 0x2f || c === 0x3a) && this.cls(p + 1) & WORD) {
        p++;
        continue;
      }
      // Always advance: the main loop must make progress whatever it was handed.
      return Math.max(p, i + 1);
    }
  }

  /** Alphanumeric CNPJ (IN RFB 2.229/2024): 12 of 0-9/A-Z then 2 digits, bare or as AA.AAA.AAA/AAAA-DD. */
  private alnumCnpj(i: number): number {
    if (!this.on(BIT.cnpj)) return -1;
    let p = i;
    let count = 0;
    let letters = 0;
    let separators = 0;
    // Separators are all-or-nothing, each where the formatted layout puts it.
    let layout = true;
    while (count <= 14) {
      const c = this.at(p);
      if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) {
        if (c >= 0x41) letters++;
        count++;
        p++;
        continue;
      }
      if ((c === 0x2e || c === 0x2f || c === 0x2d) && count > 0) {
        const next = this.at(p + 1);
        if ((next >= 0x30 && next <= 0x39) || (next >= 0x41 && next <= 0x5a)) {
          layout &&= count === CNPJ_SEPARATOR_AT[separators] && c === CNPJ_SEPARATOR[separators];
          separators++;
          p++;
          continue;
        }
      }
      break;
    }
    if (count !== 14 || this.cls(p) & WORD) return -1;
    if (separators !== 0 && !(separators === 4 && layout)) return -1;
    if (letters === 0) return -1;
    const raw = this.text.slice(i, p);
    const chars = separators === 0 ? raw : raw.replace(/[./-]/g, '');
    // The two check digits are digits even in the alphanumeric layout.
    if (!isDigitCode(chars.charCodeAt(12)) || !isDigitCode(chars.charCodeAt(13)) || !validCnpj(chars)) return -1;
    this.add(i, p, 'cnpj');
    return p;
  }

  /** A chain of digit groups: `529.982.247-25`, `(11) 98765-4321`, `+55 11 3456 7890`, `12/03/1985`. */
  private numeric(i: number): number {
    const text = this.text;
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
    let digits = '';
    let shape = plus ? '+' : paren ? '(' : '';
    let openParen = paren;
    // The chain as it stood before its last space: what is classified if a later group turns out to be a code.
    const beforeSpace: { end: number; digits: string; shape: string }[] = [];
    let groups = 0;
    let dvX = false;
    let end = p;
    for (;;) {
      const gs = p;
      while (this.cls(p) & DIGIT) p++;
      if (p === gs) break;
      groups++;
      digits += text.slice(gs, p);
      shape += GROUP_LENGTHS[p - gs] ?? String(p - gs);
      end = p;
      if (digits.length > 20) {
        if (beforeSpace.length > 0) return this.fallBack(i, beforeSpace, plus);
        return this.skipDigits(p);
      }
      const c = this.at(p);
      if (c < 0) break;
      if ((CLASS[c] ?? 0) & WORD) {
        // Digits glued to letters: a code, hash or measure (10kg, 12h30, 3f9a…).
        if (beforeSpace.length > 0) return this.fallBack(i, beforeSpace, plus);
        return this.compound(plus || paren ? i + 1 : i);
      }
      if (c === 0x29 && openParen) {
        openParen = false;
        shape += ')';
        p++;
        if (this.at(p) === SPACE_CHAR) {
          shape += ' ';
          p++;
        }
        continue;
      }
      if (c === 0x2e || c === 0x2d || c === 0x2f || c === SPACE_CHAR || c === NBSP) {
        const next = this.at(p + 1);
        // A space joins short groups only (11 98765 4321, 4111 1111 …): two numbers side by side stay two.
        if ((c === SPACE_CHAR || c === NBSP) && next >= 0x30 && next <= 0x39) {
          const run = this.runLength(p + 1);
          if (p - gs > 6 || run > 6 || this.cls(p + 1 + run) & (UPPER | LOWER | UNDERSCORE)) break;
        }
        if (next >= 0x30 && next <= 0x39) {
          if (c === SPACE_CHAR || c === NBSP) beforeSpace.push({ end, digits, shape });
          shape += c === NBSP ? ' ' : String.fromCharCode(c);
          p++;
          continue;
        }
        if (c === 0x2d && (next === 0x58 || next === 0x78) && !(this.cls(p + 2) & WORD)) {
          dvX = true;
          shape += '-X';
          end = p + 2;
        } else if (c !== SPACE_CHAR && c !== NBSP && next >= 0x41 && next <= 0x5a) {
          // 12.ABC.345/01DE-35: an alphanumeric CNPJ, or another code of letters and digits.
          if (beforeSpace.length > 0) return this.fallBack(i, beforeSpace, plus);
          return this.compound(plus || paren ? i + 1 : i);
        }
        if (c === SPACE_CHAR && next === 0x28 && plus && groups === 1 && this.cls(p + 2) & DIGIT) {
          // +55 (21) 2345-6789
          shape += ' (';
          p += 2;
          openParen = true;
          continue;
        }
        if (c === SPACE_CHAR && next === 0x2d && this.at(p + 2) === SPACE_CHAR && this.cls(p + 3) & DIGIT && groups <= 2) {
          // "11 - 98765-4321"
          shape += ' - ';
          p += 3;
          continue;
        }
      }
      break;
    }
    if (groups === 0) return i + 1;
    return this.finishDigits(i, end, digits, shape, plus, dvX, openParen);
  }

  /** The chain ran into a code or grew too long: keep the longest part before a space that is something. */
  private fallBack(i: number, states: readonly { end: number; digits: string; shape: string }[], plus: boolean): number {
    for (let k = states.length - 1; k >= 0; k--) {
      const state = states[k]!;
      const before = this.found.length;
      const end = this.finishDigits(i, state.end, state.digits, state.shape, plus, false);
      if (this.found.length > before) return end;
    }
    return states[0]!.end;
  }

  private finishDigits(i: number, end: number, digits: string, shape: string, plus: boolean, dvX: boolean, openParen = false): number {
    const text = this.text;
    if (openParen) return end;
    // Parts of a larger identifier: ABC-123456, v2.1.0, /path/123.
    const before = i > 0 ? text.charCodeAt(i - 1) : -1;
    if ((shape.length === 5 || shape.length === 7) && VERSION_SHAPE.test(shape) && this.cueBefore(i, W_VERSION_CUE)) return end;
    if ((before === 0x2d || before === 0x2f || before === 0x2e || before === 0x5f) && i > 1 && (CLASS[text.charCodeAt(i - 2)] ?? 0) & WORD)
      return end;
    // Prices and decimals: R$ 1.234,56 · 12.345.678,90 · 3,14.
    const after = this.at(end);
    if (after === 0x2c && this.cls(end + 1) & DIGIT && PRICE_SHAPE.test(shape)) return end;
    if (this.currencyBefore(i)) return end;
    this.classifyDigits(i, end, digits, shape, plus, dvX);
    return end;
  }

  private runLength(p: number): number {
    let q = p;
    while (this.cls(q) & DIGIT && q - p < 8) q++;
    return q - p;
  }

  private skipDigits(p: number): number {
    let q = p;
    for (;;) {
      while (this.cls(q) & DIGIT) q++;
      const c = this.at(q);
      if ((c === 0x2e || c === 0x2d || c === 0x2f || c === SPACE_CHAR) && this.cls(q + 1) & DIGIT) {
        q++;
        continue;
      }
      return q;
    }
  }

  private currencyBefore(i: number): boolean {
    let p = i - 1;
    while (p >= 0 && this.text.charCodeAt(p) === SPACE_CHAR && i - p < 3) p--;
    const c = p >= 0 ? this.text.charCodeAt(p) : -1;
    return c === 0x24 || c === 0x20ac || c === 0xa3;
  }

  private classifyDigits(i: number, end: number, d: string, shape: string, plus: boolean, dvX: boolean): void {
    const n = d.length;
    const bare = allDigits(shape);
    const length = shape.length;
    // Dates first: a date is never a phone or a document.
    // Shapes are group lengths: 529.982.247-25 is "3.3.3-2", 12/03/1985 is "2/2/4".
    if (length === 5 && (DATE_SHAPE.test(shape) || ISO_DATE_SHAPE.test(shape))) {
      if (this.on(BIT.birth_date) && this.plausibleDate(i, end) && this.cueBefore(i, W_BIRTH_CUE, 3)) this.add(i, end, 'birth_date');
      return;
    }
    if ((n === 1 || n === 2) && bare) {
      const long = this.longDate(end);
      if (long > 0) {
        if (this.on(BIT.birth_date) && this.cueBefore(i, W_BIRTH_CUE, 3)) this.add(i, long, 'birth_date');
        return;
      }
    }
    if (length === 7 && IPV4_SHAPE.test(shape)) {
      // A CIDR suffix (/24) is left: it says the network size, not who.
      if (this.on(BIT.ip) && validIpv4(this.text.slice(i, end))) this.add(i, end, 'ip');
      return;
    }
    if (n === 11) {
      if (bare && this.cueBefore(i, W_PIS_CUE) && validPis(d)) return this.add(i, end, 'pis');
      if ((bare || shape === '9-2') && this.cueBefore(i, W_CNH_CUE) && validCnh(d)) return this.add(i, end, 'cnh');
      if (shape === '3.5.2-1' && validPis(d)) return this.add(i, end, 'pis');
      if (
        (bare || shape === '3.3.3-2' || shape === '9-2' || shape === '3 3 3 2' || shape === '3.3.3.2' || shape === '3.3.3/2') &&
        !(bare && this.phone(i, d, shape, plus) && this.cueBefore(i, W_PHONE_CUE, 2))
      ) {
        if (!repeated(d) && validCpf(d)) return this.add(i, end, 'cpf');
      }
    }
    if (
      n === 14 &&
      (bare || shape === '2.3.3/4-2' || shape === '8/4-2' || shape === '12-2' || shape === '2 3 3 4 2' || shape === '2.3.3.4-2') &&
      !repeated(d) &&
      validCnpj(d)
    ) {
      return this.add(i, end, 'cnpj');
    }
    if ((n === 12 || n === 13) && (bare || shape === '4 4 4' || shape === '4.4.4' || shape === '4 4 4 1' || shape === '5 4 4')) {
      if ((shape === '4 4 4' || this.cueBefore(i, W_TITULO_CUE, 2)) && validTitulo(d)) return this.add(i, end, 'titulo_eleitor');
    }
    // SUS card: printed 3 4 4 4; bare only after a cue (one random number in eleven passes).
    if (n === 15 && (shape === '3 4 4 4' || (bare && this.cnsCueBefore(i))) && validCns(d)) return this.add(i, end, 'cns');
    if (
      n >= 13 &&
      n <= 19 &&
      (bare ||
        ((length === 7 || length === 9) && CARD_4444_SHAPE.test(shape)) ||
        (length === 5 && (CARD_465_SHAPE.test(shape) || CARD_464_SHAPE.test(shape)))) &&
      validCard(d)
    ) {
      return this.add(i, end, 'credit_card');
    }
    if (n === 8 && (shape === '5-3' || shape === '2.3-3' || (bare && this.cueBefore(i, W_CEP_CUE)))) {
      if (d !== '00000000' && this.on(BIT.cep)) return this.add(i, end, 'cep');
    }
    if (this.on(BIT.phone) && this.phone(i, d, shape, plus)) return this.add(i, end, 'phone');
    if (this.on(BIT.rg) && (dvX || (n >= 5 && n <= 10))) {
      const sp = length === 7 && RG_SP_SHAPE.test(shape) && validRgSp(d.slice(0, 8), dvX ? 'X' : d.slice(8));
      if (sp || this.cueBefore(i, W_RG_CUE)) this.add(i, end, 'rg');
    }
  }

  /**
   * Brazilian phone numbers by shape: with +55 or 55, with or without the DDD, landline
   * (8 digits from 2-5) or mobile (9 digits from 9). Unformatted or DDD-less 8-digit numbers
   * need a cue (`tel`, `celular`…): order numbers and year ranges look the same.
   */
  private phone(i: number, d: string, shape: string, plus: boolean): boolean {
    // Group lengths of the shape ("(2) 5-4" → 2, 5, 4): how many, the first and the last.
    let groups = 0;
    let firstLength = 0;
    let last = 0;
    for (let k = 0; k < shape.length; k++) {
      if (!isDigitCode(shape.charCodeAt(k))) continue;
      let value = 0;
      for (; k < shape.length && isDigitCode(shape.charCodeAt(k)); k++) value = value * 10 + shape.charCodeAt(k) - 0x30;
      if (groups === 0) firstLength = value;
      last = value;
      groups++;
    }
    let national = d;
    let country = false;
    if (plus) {
      if (!d.startsWith('55')) return false;
      national = d.slice(2);
      country = true;
    } else if (firstLength === 2 && groups >= 3 && d.startsWith('55') && (d.length === 12 || d.length === 13)) {
      national = d.slice(2);
      country = true;
    } else if (firstLength === 3 && d.startsWith('0') && (d.length === 11 || d.length === 12)) {
      national = d.slice(1);
    }
    const single = groups === 1;
    const n = national.length;
    if (n === 10 || n === 11) {
      if (!validDddCodes(national.charCodeAt(0), national.charCodeAt(1))) return false;
      const first = national.charCodeAt(2) - 48;
      if (n === 11 ? first !== 9 : first < 2) return false;
      if (single) return country || this.cueBefore(i, W_PHONE_CUE, 2);
      return last === 4 || (groups === 2 && firstLength === 2 && this.cueBefore(i, W_PHONE_CUE, 2));
    }
    if (n === 8 || n === 9) {
      if (country) return false;
      const first = national.charCodeAt(0) - 48;
      if (n === 9 ? first !== 9 : first < 2) return false;
      if (shape === '5-4' || shape === '1 4-4' || shape === '1-4-4') return true;
      return (shape === '4-4' || shape === '4 4' || shape === '5 4' || single) && this.cueBefore(i, W_PHONE_CUE, 2);
    }
    return false;
  }

  /** Whether the three digit groups between `i` and `end` (a date shape) make a plausible day, month and year. */
  private plausibleDate(i: number, end: number): boolean {
    const parts = [0, 0, 0];
    let part = 0;
    for (let p = i; p < end && part < 3; p++) {
      const c = this.text.charCodeAt(p);
      if (isDigitCode(c)) parts[part] = (parts[part] ?? 0) * 10 + c - 0x30;
      else part++;
    }
    let day: number;
    let month: number;
    let year: number;
    if ((parts[0] ?? 0) > 999) [year, month, day] = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
    else [day, month, year] = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
    if (year < 100) year += year > 30 ? 1900 : 2000;
    return day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= 1890 && year <= 2100;
  }

  /** `12 de março de 1985`, `1º de abril de 1990`. Returns the end, or -1. */
  private longDate(end: number): number {
    let p = end;
    if (this.at(p) === 0xba || this.at(p) === 0xb0) p++;
    if (this.at(p) !== SPACE_CHAR) return -1;
    const de = this.wordEnd(p + 1);
    if (de === p + 1 || !foldedEquals(this.text, p + 1, de, 'DE')) return -1;
    if (this.at(de) !== SPACE_CHAR) return -1;
    const month = this.wordEnd(de + 1);
    if (month === de + 1 || !(this.words.get(this.text, de + 1, month) & W_MONTH_PT)) return -1;
    let q = month;
    if (this.at(q) === SPACE_CHAR) {
      const de2 = this.wordEnd(q + 1);
      if (de2 > q + 1 && foldedEquals(this.text, q + 1, de2, 'DE') && this.at(de2) === SPACE_CHAR) {
        let y = de2 + 1;
        const ys = y;
        while (this.cls(y) & DIGIT) y++;
        if (y - ys === 4 && !(this.cls(y) & WORD)) q = y;
      }
    }
    return q;
  }

  /** `March 12, 1985` / `Mar 12 1985` after a birth cue. */
  private englishDate(i: number, j: number): number {
    if (!this.on(BIT.birth_date) || this.at(j) !== SPACE_CHAR) return -1;
    let p = j + 1;
    const ds = p;
    while (this.cls(p) & DIGIT) p++;
    if (p - ds < 1 || p - ds > 2) return -1;
    if (this.at(p) === 0x2c) p++;
    if (this.at(p) !== SPACE_CHAR) return -1;
    p++;
    const ys = p;
    while (this.cls(p) & DIGIT) p++;
    if (p - ys !== 4 || this.cls(p) & WORD) return -1;
    if (!this.cueBefore(i, W_BIRTH_CUE, 3)) return p;
    this.add(i, p, 'birth_date');
    return p;
  }

  // ---- IPv6 -----------------------------------------------------------------------------------

  private ipv6(i: number): number | undefined {
    if (!this.on(BIT.ip)) return undefined;
    let p = i;
    let groups = 0;
    let colons = 0;
    let double = false;
    let digit = false;
    let groupLen = 0;
    for (;;) {
      const c = this.at(p);
      const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
      if (hex) {
        if (groupLen === 0) groups++;
        groupLen++;
        if (c <= 0x39) digit = true;
        if (groupLen > 4) return undefined;
        p++;
        continue;
      }
      if (c === 0x3a) {
        if (this.at(p + 1) === 0x3a) {
          if (double) return undefined;
          double = true;
          colons += 2;
          p += 2;
        } else {
          colons++;
          p++;
        }
        groupLen = 0;
        continue;
      }
      break;
    }
    // An embedded IPv4 tail (::ffff:10.0.0.1) is consumed as part of the address.
    if (this.at(p) === 0x2e && groupLen > 0) {
      let q = p;
      while (this.cls(q) & DIGIT || (this.at(q) === 0x2e && this.cls(q + 1) & DIGIT)) q++;
      const v4 = this.text.slice(p - groupLen, q);
      if (!validIpv4(v4)) return undefined;
      p = q;
      groups++;
    }
    if (this.cls(p) & WORD) return undefined;
    let e = p;
    if (this.text.charCodeAt(e - 1) === 0x3a && !this.text.slice(i, e).endsWith('::')) e--;
    const value = this.text.slice(i, e);
    if (!digit || groups < 2 || groups > 8 || (!double && groups !== 8) || colons < 2) return undefined;
    if (/^::1?$/.test(value) || /^(?:0{1,4}:){7}0{0,3}1$/.test(value)) return e;
    this.add(i, e, 'ip');
    return e;
  }

  // ---- look-behind helpers --------------------------------------------------------------------

  /**
   * Whether a word with the `cue` bit stands just before `pos`, skipping filler (`nº`, `sob o`,
   * `em`) and at most `significant - 1` other words: `CPF sob o nº`, `nascido em Recife em`.
   * The words behind `pos` are read once (`behind`) and shared by every question about `pos`:
   * a number asks about PIS, CNH, phone, título, CEP and RG cues in turn.
   */
  private cueBefore(pos: number, cue: number, significant = 1): boolean {
    const behind = BEHIND;
    if (behind.owner !== this || behind.pos !== pos) behind.reset(this, pos);
    let seen = 0;
    for (let k = 0; ; k++) {
      const kind = behind.at(this.text, k);
      if (kind & BEHIND_END) return false;
      if (kind & BEHIND_NEWLINE && seen > 0) return false;
      // A redaction label ([NOME]) or pseudonym is no cue, and a cue beyond it spoke of the
      // masked value: masking masked text must change nothing.
      if (kind & BEHIND_LABEL) return false;
      if (behind.info(k) & cue) return true;
      if (kind & BEHIND_FILLER) continue;
      if (++seen >= significant) return false;
    }
  }

  /** `CNS`, `SUS`, `Cartão Nacional de Saúde` right before `pos` (separators and `nº` between). */
  private cnsCueBefore(pos: number): boolean {
    const before = this.text.slice(Math.max(0, pos - 40), pos);
    const line = before.slice(before.lastIndexOf('\n') + 1);
    return CNS_CUE.test(line);
  }

  /** Whether a capitalised word at `pos` starts a sentence, a line, a cell or a quoted string. */
  private sentenceStart(pos: number): boolean {
    let p = pos - 1;
    const limit = pos - LOOK_BEHIND;
    while (p >= 0 && p > limit && (this.text.charCodeAt(p) === SPACE_CHAR || this.text.charCodeAt(p) === 0x09)) p--;
    if (p < 0 || p <= limit) return true;
    const c = this.text.charCodeAt(p);
    return (
      c === 0x2e ||
      c === 0x21 ||
      c === 0x3f ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x3a ||
      c === 0x22 ||
      c === 0x27 ||
      c === 0x201c ||
      c === 0x28 ||
      c === 0x5b ||
      c === 0x2d ||
      c === 0x2a ||
      c === 0x23 ||
      c === 0x3e ||
      c === 0x7c ||
      c === 0x60 ||
      c === 0x3d ||
      c === 0x2014 ||
      c === 0x2013 ||
      c === 0x7b
    );
  }

  /** End of the word at `p` (`p` itself when there is none). */
  private wordEnd(p: number): number {
    let q = p;
    while (this.cls(q) & WORD) q++;
    return q;
  }

  // ---- names ----------------------------------------------------------------------------------

  /**
   * A person's name starting with a capitalised word. Collects the chain of capitalised words
   * and particles (Maria da Silva Santos, JOÃO DOS SANTOS), then weighs it: how common the
   * first name is, whether it is also an ordinary word, known surnames after it, a cue before
   * it (Sr., cliente, CONTRATANTE:), and whether the chain is a place (São Paulo, Santa Maria).
   */
  private name(i: number, j: number, firstInfo: number): number {
    if (!this.on(BIT.name)) return j;
    const text = this.text;
    if (i > 0 && text.charCodeAt(i - 1) === 0x5b && this.at(j) === 0x5d) return j;
    if (this.maskResidue(i)) return j;
    // Fast exit for the common capitalised word that is no name, no place and has no cue
    // (sentence starts, headings, product names): only a capitalised word after it could help.
    if (nameWeight(firstInfo) < 0 && !(firstInfo & (W_SURNAME | W_PLACE_START))) {
      if (!this.capitalisedNext(j) && !this.cueBefore(i, W_NAME_CUE, 1)) return j;
    }
    if (j - i < 2) return j;
    const firstStop = (firstInfo & W_STOP) !== 0;
    const firstStyle = this.style(i, j);
    if (firstStyle === 0) return j;
    if (!this.nameWordEnds(j)) return j;
    // A chain that can be neither a place nor a name is not built. Final scans only: a stream
    // still reads the chain to know where its open construct ends.
    if (
      this.final &&
      !(firstInfo & (W_PLACE | W_PLACE_START)) &&
      (firstStop ||
        (nameWeight(firstInfo) < 0 &&
          !(firstInfo & W_SURNAME) &&
          (firstStyle === 2 || this.sentenceStart(i) || !lowerLatin1(text, i + 1, j)) &&
          !this.cueBefore(i, W_NAME_CUE, 1)))
    ) {
      return j;
    }
    const starts = CHAIN_STARTS;
    const ends = CHAIN_ENDS;
    const infos = CHAIN_INFOS;
    const firstUpper = firstStyle === 2;
    let count = 1;
    starts[0] = i;
    ends[0] = j;
    infos[0] = firstInfo;
    let p = j;
    // Bit t: a particle stands before word t (Maria [da] Silva).
    let particles = 0;
    while (count < MAX_NAME_WORDS) {
      if (this.at(p) !== SPACE_CHAR) break;
      let q = p + 1;
      if (!this.chainWord(q)) break;
      const w = CHAIN_WORD.end;
      const info = CHAIN_WORD.info;
      const style = CHAIN_WORD.style;
      if (info & W_PARTICLE && w - q <= 4) {
        // A particle only counts when a capitalised word follows it.
        if (this.at(w) !== SPACE_CHAR) break;
        if (!this.chainWord(w + 1) || CHAIN_WORD.style === 0 || (CHAIN_WORD.style === 2) !== firstUpper) break;
        const w2 = CHAIN_WORD.end;
        const info2 = CHAIN_WORD.info;
        // "Santos e Souza" joins surnames; "Santos e João" starts another person.
        if (foldedEquals(text, q, w, 'E') && !(info2 & W_SURNAME) && nameWeight(info2) >= COMMON_NAME_WEIGHT) break;
        particles |= 1 << count;
        q = w + 1;
        if (info2 & W_STOP || !this.nameWordEnds(w2)) break;
        starts[count] = q;
        ends[count] = w2;
        infos[count++] = info2;
        p = w2;
        continue;
      }
      if (style === 0) {
        // A middle initial: Maria J. Silva.
        if (w - q === 1 && this.at(w) === 0x2e && this.at(w + 1) === SPACE_CHAR && this.cls(q) & UPPER) {
          if (this.chainWord(w + 2) && CHAIN_WORD.style !== 0) {
            const w2 = CHAIN_WORD.end;
            const info2 = CHAIN_WORD.info;
            if (!(info2 & W_STOP)) {
              starts[count] = w + 2;
              ends[count] = w2;
              infos[count++] = info2;
              p = w2;
              continue;
            }
          }
        }
        break;
      }
      // A surname that is also a common word (Nascimento, Rocha, Cruz) still continues a name.
      if ((info & W_STOP && !(info & W_SURNAME)) || !this.nameWordEnds(w)) break;
      if ((style === 2) !== firstUpper && w - q > 1 && !(info & W_SUFFIX)) break;
      starts[count] = q;
      ends[count] = w;
      infos[count++] = info;
      p = w;
    }
    const chainEnd = ends[count - 1] ?? j;

    // Places: São Paulo, Rio de Janeiro, Santa Maria/RS. The whole prefix is skipped. Only a
    // chain that starts with a place, or with the first word of one, can be one.
    if (firstInfo & (W_PLACE | W_PLACE_START)) {
      const places = placeSet();
      let joined = '';
      let placeEnd = -1;
      for (let t = 0; t < count; t++) {
        const folded = fold(text.slice(starts[t] ?? 0, ends[t] ?? 0));
        joined =
          t === 0
            ? folded
            : `${joined}${particles & (1 << t) ? ` ${this.particleBetween(ends[t - 1] ?? 0, starts[t] ?? 0)} ` : ' '}${folded}`;
        if (places.has(joined) && (t > 0 || this.ufAfter(ends[t] ?? 0))) placeEnd = ends[t] ?? 0;
      }
      if (placeEnd > 0) return placeEnd;
    }
    if (firstStop) return j;

    const weight = nameWeight(firstInfo);
    const entry = weight >= 0;
    const ambiguous = nameAmbiguous(firstInfo);
    let surnameHits = 0;
    let nameHits = 0;
    for (let t = 1; t < count; t++) {
      const info = infos[t] ?? 0;
      if (info & W_SURNAME) surnameHits++;
      if (nameWeight(info) >= 6 && !nameAmbiguous(info)) nameHits++;
    }
    const rest = count - 1;
    // A role or title (Paciente, Sra., Presidente) is a cue for the name after it, never a name itself.
    if (cueTable().get(text, i, j) & W_NAME_CUE) return j;
    const cued = this.cueBefore(i, W_NAME_CUE, 1);

    let accept = false;
    if (cued) accept = true;
    else if (entry) {
      if (count >= 2) {
        accept = !ambiguous || weight >= COMMON_NAME_WEIGHT + 2 || surnameHits + nameHits >= 1 || count >= 3;
        if (weight < 4 && surnameHits + nameHits === 0 && rest < 2) accept = false;
      } else {
        const start = this.sentenceStart(i);
        if (ambiguous) accept = weight >= COMMON_NAME_WEIGHT + 2 && !start && !firstUpper && !this.capitalisedNext(j);
        else accept = weight >= COMMON_NAME_WEIGHT && (!firstUpper || weight >= COMMON_NAME_WEIGHT + 2);
      }
    } else if (firstInfo & W_SURNAME) {
      accept = count >= 2 && surnameHits >= 1;
    } else if (
      count >= 2 &&
      !this.sentenceStart(i) &&
      !firstUpper &&
      ((infos[1] ?? 0) & W_SURNAME || nameHits >= 1) &&
      lowerLatin1(text, i + 1, j)
    ) {
      accept = true;
    }
    if (!accept) return entry ? chainEnd : j;
    this.add(i, chainEnd, 'name');
    return chainEnd;
  }

  private particleBetween(a: number, b: number): string {
    return fold(this.text.slice(a, b).trim());
  }

  /** 0: not a name word; 1: Title case (Maria, D'Ávila); 2: upper case (MARIA). */
  private style(s: number, e: number): number {
    const text = this.text;
    const first = CLASS[text.charCodeAt(s)] ?? 0;
    if (!(first & UPPER)) return 0;
    let upper = 0;
    let lower = 0;
    for (let p = s + 1; p < e; p++) {
      const k = CLASS[text.charCodeAt(p)] ?? 0;
      if (k & UPPER) upper++;
      else if (k & LOWER) lower++;
      else if (!(text.charCodeAt(p) === 0x27 || text.charCodeAt(p) === 0x2d || text.charCodeAt(p) === 0x2019)) return 0;
    }
    if (lower === 0) return e - s >= 2 ? 2 : 0;
    if (upper === 0) return 1;
    // D'Ávila, O'Neil, Ana-Maria: a capital only right after an apostrophe or hyphen.
    for (let p = s + 1; p < e; p++) {
      if ((CLASS[text.charCodeAt(p)] ?? 0) & UPPER) {
        const prev = text.charCodeAt(p - 1);
        if (!(prev === 0x27 || prev === 0x2d || prev === 0x2019)) return 0;
      }
    }
    return 1;
  }

  /**
   * `nameWord(q)` with the word's table info and style, into CHAIN_WORD; false when there is no
   * word. Remembered by position: in a run of capitalised words every word starts a chain of up
   * to 8, so each word is visited up to 8 times.
   */
  private chainWord(q: number): boolean {
    const cache = CHAIN_WORDS;
    if (cache.owner !== this) cache.reset(this);
    const slot = q & (CHAIN_WORD_SLOTS - 1);
    if (cache.start[slot] !== q || cache.limit[slot] !== this.end) {
      const w = this.nameWord(q);
      cache.start[slot] = q;
      cache.limit[slot] = this.end;
      cache.end[slot] = w ?? -1;
      if (w !== undefined) {
        cache.info[slot] = this.words.get(this.text, q, w);
        cache.style[slot] = this.style(q, w);
      }
    }
    const end = cache.end[slot] ?? -1;
    if (end < 0) return false;
    CHAIN_WORD.end = end;
    CHAIN_WORD.info = cache.info[slot] ?? 0;
    CHAIN_WORD.style = cache.style[slot] ?? 0;
    return true;
  }

  /** End of a name word at `p`: letters with inner apostrophes or hyphens; undefined if none. */
  private nameWord(p: number): number | undefined {
    let q = p;
    for (;;) {
      const k = this.cls(q);
      if (k & (UPPER | LOWER)) {
        q++;
        continue;
      }
      const c = this.at(q);
      if ((c === 0x27 || c === 0x2d || c === 0x2019) && q > p && this.cls(q + 1) & (UPPER | LOWER)) {
        // `São Paulo-SP`: a state after a hyphen is not part of the word.
        if (c === 0x2d && isUf(this.at(q + 1), this.at(q + 2)) && !(this.cls(q + 3) & WORD)) break;
        q++;
        continue;
      }
      break;
    }
    if (q === p) return undefined;
    if (this.cls(q) & WORD) return undefined;
    return q;
  }

  /** Whether the word at `i` is what a partial mask left visible (`**FLBRDF******`), not a name. */
  private maskResidue(i: number): boolean {
    return residueToken(this.text, i, Math.min(this.end, this.text.length));
  }

  /** A name word must not run into code: Maria( · maria.save · Maria_1. */
  private nameWordEnds(e: number): boolean {
    const c = this.at(e);
    if (c === 0x28 || c === 0x5f) return false;
    if (c === 0x2e && this.cls(e + 1) & (LOWER | UPPER)) return false;
    return true;
  }

  private capitalisedNext(j: number): boolean {
    return this.at(j) === SPACE_CHAR && (this.cls(j + 1) & UPPER) !== 0;
  }

  /** `/SP`, ` - SP`, `-SP`, `, SP`, ` (SP)` after a word: it is a city. */
  private ufAfter(e: number): boolean {
    let p = e;
    const c = this.at(p);
    if (c === 0x2f || c === 0x2d) p++;
    else if (c === SPACE_CHAR && this.at(p + 1) === 0x2d && this.at(p + 2) === SPACE_CHAR) p += 3;
    else if (c === 0x2c && this.at(p + 1) === SPACE_CHAR) p += 2;
    else if (c === SPACE_CHAR && this.at(p + 1) === 0x28) p += 2;
    else return false;
    const a = this.at(p);
    const b = this.at(p + 1);
    if (a < 0 || b < 0) return false;
    return isUf(a, b) && !(this.cls(p + 2) & WORD);
  }

  // ---- addresses ------------------------------------------------------------------------------

  /**
   * Rua/Av./Travessa… + street name + number (nº 123, s/n, km 45) + complements (apto 12, bloco
   * B, sala 301) + bairro. The city and UF after it are left: they do not single anyone out.
   */
  private address(i: number, j: number, kind: 'word' | 'abbr' | 'weak', lowerType: boolean): number {
    const text = this.text;
    let p = j;
    if (this.at(p) === 0x2e) p++;
    else if (kind === 'abbr' && !foldedEquals(text, i, j, 'AV')) return -1;
    if (this.at(p) === 0x3a) p++;
    if (this.at(p) !== SPACE_CHAR) return -1;
    while (this.at(p) === SPACE_CHAR) p++;
    let nameEnd = -1;
    let tokens = 0;
    let capitals = 0;
    let lowers = 0;
    let q = p;
    let hasNumber = false;
    let end = -1;
    while (tokens < 10) {
      const c = this.at(q);
      if (c >= 0x30 && c <= 0x39) {
        let r = q;
        while (this.cls(r) & DIGIT) r++;
        if (this.cls(r) & WORD && !(this.at(r) === 0xba || this.at(r) === 0xaa)) break;
        // "Rua 7 de Setembro", "Av. 25 de Março": a number inside the name.
        const de = this.at(r) === SPACE_CHAR ? this.wordEnd(r + 1) : -1;
        if (
          de > r + 1 &&
          (foldedEquals(text, r + 1, de, 'DE') || foldedEquals(text, r + 1, de, 'DO') || foldedEquals(text, r + 1, de, 'DA'))
        ) {
          tokens++;
          capitals++;
          q = de;
          nameEnd = r;
          if (this.at(q) !== SPACE_CHAR) break;
          q++;
          continue;
        }
        const goesOn = (this.at(r) === 0x2e || this.at(r) === 0x2f || this.at(r) === 0x2d) && (this.cls(r + 1) & DIGIT) !== 0;
        if (tokens === 0 && r - q <= 3 && !goesOn) {
          // Goiânia-style numbered streets: Rua 7, nº 120.
          tokens++;
          capitals++;
          nameEnd = r;
          q = r;
        }
        break;
      }
      const w = this.upperCode(q) ?? this.nameWord(q);
      if (w === undefined) break;
      const info = this.words.get(text, q, w);
      const style = this.style(q, w);
      if (info & W_PARTICLE && style !== 2) {
        // particle: must be followed by more name
        if (this.at(w) !== SPACE_CHAR) break;
        q = w + 1;
        continue;
      }
      if (style === 0 && !(this.cls(q) & UPPER)) {
        if (!lowerType || lowers >= 5) break;
        lowers++;
      } else {
        if (tokens > 0 && info & W_STOP && !(info & W_STREET_TITLE)) break;
        capitals++;
      }
      tokens++;
      let e = w;
      if (this.at(e) === 0x2e && info & W_STREET_TITLE) e++;
      nameEnd = e;
      if (this.at(e) === SPACE_CHAR && !(this.at(e + 1) === 0x2d)) {
        q = e + 1;
        continue;
      }
      break;
    }
    if (tokens === 0 || nameEnd < 0) return -1;
    end = nameEnd;

    // Number.
    let r = end;
    if (this.at(r) === 0x2c) r++;
    while (this.at(r) === SPACE_CHAR && r - end < 3) r++;
    const marker = this.numberMarker(r);
    if (marker > r) {
      r = marker;
      while (this.at(r) === SPACE_CHAR && r - end < 12) r++;
    }
    const ns = r;
    while (this.cls(r) & DIGIT && r - ns < 6) r++;
    // `Rua 549.397.207-72`: the digits go on as a document number, not a house number.
    const groupGoesOn = (this.at(r) === 0x2e || this.at(r) === 0x2f || this.at(r) === 0x2d) && (this.cls(r + 1) & DIGIT) !== 0;
    if (r > ns && !(this.cls(r) & DIGIT) && !groupGoesOn) {
      if (this.cls(r) & UPPER && !(this.cls(r + 1) & WORD)) r++;
      else if (this.at(r) === 0x2d && this.cls(r + 1) & UPPER && !(this.cls(r + 2) & WORD)) r += 2;
      if (!(this.cls(r) & WORD)) {
        hasNumber = true;
        end = r;
      }
    } else {
      const up = (k: number): string => {
        const c = this.at(k);
        return c < 0 ? '' : String.fromCharCode(c).toUpperCase();
      };
      const sn = up(ns) + up(ns + 1) + up(ns + 2);
      const snLen = sn === 'S/N' ? (/[º°O]/.test(up(ns + 3)) ? 4 : 3) : 0;
      if (snLen > 0 && (this.cls(ns + snLen) & WORD) === 0) {
        hasNumber = true;
        end = ns + snLen;
      } else if (sn.startsWith('KM')) {
        let k = ns + 2;
        if (this.at(k) === 0x2e) k++;
        while (this.at(k) === SPACE_CHAR) k++;
        const ks = k;
        while (this.cls(k) & DIGIT || ((this.at(k) === 0x2c || this.at(k) === 0x2e) && this.cls(k + 1) & DIGIT)) k++;
        if (k > ks && !(this.cls(k) & WORD)) {
          hasNumber = true;
          end = k;
        }
      }
    }

    // Complements.
    let complements = 0;
    for (let round = 0; round < 5; round++) {
      const next = this.complement(end);
      if (next < 0) break;
      end = next;
      complements++;
    }

    if (!(hasNumber || complements > 0 || (kind !== 'weak' && !lowerType && capitals >= 1))) return -1;

    // Bairro (not the city).
    if (hasNumber || complements > 0) {
      const bairro = this.bairro(end);
      if (bairro > 0) end = bairro;
    }
    this.add(i, end, 'address');
    return end;
  }

  /** `nº`, `n°`, `n.`, `no`, `número`, `num.` before a house number; returns the index after it. */
  private numberMarker(r: number): number {
    const end = this.wordEnd(r);
    if (end === r) return r;
    // Folding never shortens a word, so longer words need no fold.
    const f = end - r <= 6 ? fold(this.text.slice(r, end)) : '';
    let e = end;
    if (f === 'N' || f === 'NO' || f === 'NR' || f === 'NRO' || f === 'NUM' || f === 'NUMERO') {
      const c = this.at(e);
      if (c === 0xba || c === 0xb0 || c === 0x2e) e++;
      if (f === 'NO' && !(this.at(e) === SPACE_CHAR && this.cls(e + 1) & DIGIT)) return r;
      if (f === 'N' && e === end) return r;
      return e;
    }
    return r;
  }

  /** `, apto 12`, ` - bloco B`, `, 14º andar`, `, sala 301`, `, fundos`. */
  private complement(from: number): number {
    let r = from;
    while (r - from < 4) {
      const c = this.at(r);
      if (c === 0x2c || c === 0x3b || c === 0x2d || c === 0x2013 || c === SPACE_CHAR || c === 0x2f) {
        r++;
        continue;
      }
      break;
    }
    if (r === from) return -1;
    // Ordinal floor: 14º andar.
    if (this.cls(r) & DIGIT) {
      let d = r;
      while (this.cls(d) & DIGIT) d++;
      if ((this.at(d) === 0xba || this.at(d) === 0xb0 || this.at(d) === 0x6f) && this.at(d + 1) === SPACE_CHAR) {
        const w = this.wordEnd(d + 2);
        if (w > d + 2 && foldedEquals(this.text, d + 2, w, 'ANDAR')) return w;
      }
      return -1;
    }
    const w = this.wordEnd(r);
    if (w === r || !(this.words.get(this.text, r, w) & W_COMPLEMENT)) return -1;
    const f = fold(this.text.slice(r, w));
    let e = w;
    if (this.at(e) === 0x2e) e++;
    if (f === 'FUNDOS' || f === 'FRENTE' || f === 'TERREO' || f === 'COBERTURA' || f === 'SOBRELOJA' || f === 'ESQUINA') return e;
    let v = e;
    while (this.at(v) === SPACE_CHAR && v - e < 2) v++;
    const marker = this.numberMarker(v);
    if (marker > v) {
      v = marker;
      while (this.at(v) === SPACE_CHAR && v - marker < 2) v++;
    }
    const vs = v;
    while (this.cls(v) & WORD && v - vs < 8) v++;
    if (v === vs || this.cls(v) & WORD) return -1;
    const value = this.text.slice(vs, v);
    if (!/\d/.test(value) && !(value.length <= 2 && /^[A-Z]+$/.test(value))) return -1;
    return v;
  }

  /** `- Centro`, `, Bairro Jardim América`, `, Jd. Paulista`; not a city (`, Campinas/SP`). */
  private bairro(from: number): number {
    let r = from;
    let sep = false;
    while (r - from < 4) {
      const c = this.at(r);
      if (c === 0x2c || c === 0x2d || c === 0x2013) {
        sep = true;
        r++;
      } else if (c === SPACE_CHAR) r++;
      else break;
    }
    if (!sep) return -1;
    let marked = false;
    const m = this.wordEnd(r);
    if (m > r && this.words.get(this.text, r, m) & W_BAIRRO) {
      let e = m;
      if (this.at(e) === 0x2e) e++;
      if (this.at(e) === 0x3a) e++;
      if (this.at(e) === SPACE_CHAR) {
        marked = true;
        r = e + 1;
      }
    }
    let end = -1;
    let words = 0;
    let q = r;
    let joined = '';
    while (words < 6) {
      const w = this.nameWord(q);
      if (w === undefined) break;
      const f = fold(this.text.slice(q, w));
      const style = this.style(q, w);
      if (style === 0 && !(this.words.getFolded(f) & W_PARTICLE)) break;
      joined = joined === '' ? f : `${joined} ${f}`;
      if (style !== 0) {
        end = w;
        words++;
      }
      if (this.at(w) !== SPACE_CHAR) break;
      q = w + 1;
    }
    if (end < 0) return -1;
    if (!marked && (this.ufAfter(end) || placeSet().has(joined) || UF_CODES.has(joined))) return -1;
    return end;
  }

  /** BR-116, SP-330: a route code as a street name. */
  private upperCode(q: number): number | undefined {
    let r = q;
    while (this.cls(r) & UPPER) r++;
    if (r - q < 2 || this.at(r) !== 0x2d) return undefined;
    let s = r + 1;
    while (this.cls(s) & DIGIT) s++;
    if (s === r + 1 || this.cls(s) & WORD) return undefined;
    return s;
  }

  // ---- labels (`nome: …`, `"email": "…"`, `cpf=…`) ---------------------------------------------

  /**
   * A sensitive key followed by `:`, `=` or `=>` and a value. Quoted values are masked between
   * their quotes (generated code keeps compiling); unquoted ones up to a delimiter. Returns the
   * index after the value, or -1 when this is not such a label.
   */
  private label(i: number, j: number, after: number): number {
    // Key tokens may join words with - or . (e-mail, user.name).
    let ke = j;
    let c = after;
    while ((c === 0x2d || c === 0x2e) && this.cls(ke + 1) & WORD) {
      ke = this.runEnd(ke + 1);
      c = this.at(ke);
    }
    let p = ke;
    const quote = i > 0 ? this.text.charCodeAt(i - 1) : -1;
    if ((quote === 0x22 || quote === 0x27) && c === quote) {
      p++;
      c = this.at(p);
    } else if (c === 0x3e && quote === 0x3c) {
      return this.xmlValue(i, ke, p + 1);
    }
    if (c === 0x2a || c === 0x5f) {
      // Markdown: **Nome:** Maria
      while ((this.at(p) === 0x2a || this.at(p) === 0x5f) && p - ke < 3) p++;
      c = this.at(p);
    }
    while (c === SPACE_CHAR && p - ke < 3) c = this.at(++p);
    let op = 0;
    if (c === 0x3a && this.at(p + 1) !== 0x3a && this.at(p + 1) !== 0x2f) op = 1;
    else if (c === 0x3d && this.at(p + 1) !== 0x3d) op = this.at(p + 1) === 0x3e ? 2 : 1;
    if (op === 0) return -1;
    // A pseudonym (ENDERECO_3f9a2c1b) is a replacement, not a key.
    if (pseudonymAt(this.text, i, ke)) return -1;
    const kc = this.labelKey(i, ke);
    if (!kc) return -1;
    p += op;
    while ((this.at(p) === 0x2a || this.at(p) === 0x5f) && p - ke < 8) p++;
    while (this.at(p) === SPACE_CHAR || this.at(p) === 0x09) {
      p++;
      if (p - ke > 24) return -1;
    }
    return this.labelValue(kc, p);
  }

  private labelKey(i: number, ke: number): KeyClass | undefined {
    const text = this.text;
    const extra = this.options.extraKeys;
    const direct = classifyKeyAt(text, i, ke, extra);
    if (direct) return direct;
    // Multi-word labels on the same line: "Nome completo:", "Data de nascimento:". In prose
    // most candidates ("setor Natal:") hold no key word, and are not classified at all.
    const last = keyWordFacts(text, i, ke);
    let positive = last.positive;
    let joined = last.joined;
    // While the words are one space apart, the key words of the whole are those of each word.
    let spaced = true;
    let s = i;
    for (let words = 0; words < 3; words++) {
      let p = s - 1;
      while (p >= 0 && text.charCodeAt(p) === SPACE_CHAR && s - p < 3) p--;
      if (p < 0 || !((CLASS[text.charCodeAt(p)] ?? 0) & WORD) || s - p > 2) return undefined;
      // Glued to the word before (a scan that began inside a word): no shortcut from here on.
      if (s - p !== 2) spaced = false;
      const wordEnd = p + 1;
      while (p >= 0 && (CLASS[text.charCodeAt(p)] ?? 0) & WORD) p--;
      s = p + 1;
      if (i - s > 40) return undefined;
      if (spaced) {
        const facts = keyWordFacts(text, s, wordEnd);
        positive ||= facts.positive;
        joined = facts.joined + joined;
        if (!mayClassify(positive, joined, extra)) continue;
      }
      const kc = classifyKeyAt(text, s, ke, extra);
      if (kc) return kc;
    }
    return undefined;
  }

  private labelValue(kc: KeyClass, p: number): number {
    const q = this.at(p);
    let vs: number;
    let ve: number;
    let resume: number;
    if (q === 0x22 || q === 0x27 || q === 0x60) {
      vs = p + 1;
      let r = vs;
      for (;;) {
        const c = this.at(r);
        if (c < 0 || c === 0x0a || r - vs > 300) return -1;
        if (c === 0x5c) {
          r += 2;
          continue;
        }
        if (c === q) break;
        r++;
      }
      ve = r;
      resume = r + 1;
    } else {
      if (q < 0 || q === 0x7b || q === 0x5b || q === 0x28 || q === 0x0a || q === 0x0d || q === 0x3a || q === 0x3d) return -1;
      vs = p;
      let r = p;
      const commas = kc.detector === 'address';
      for (;;) {
        const c = this.at(r);
        if (
          c < 0 ||
          c === 0x0a ||
          c === 0x0d ||
          c === 0x3b ||
          c === 0x26 ||
          c === 0x7c ||
          c === 0x7d ||
          c === 0x5d ||
          c === 0x3c ||
          c === 0x09 ||
          c === 0x22
        )
          break;
        // A redaction label is part of the value (and makes it one masked before).
        if (c === 0x5b && redactionLabelAt(this.text, r, this.end) > r) {
          r = redactionLabelAt(this.text, r, this.end);
          continue;
        }
        // Code after a label (f(nome: string), endereco: Endereco) {) is not a value.
        if (c === 0x28 || c === 0x29 || c === 0x7b || c === 0x5b || c === 0x3d || c === 0x3e) break;
        if (c === 0x27 && !(r > vs && this.cls(r - 1) & WORD && this.cls(r + 1) & WORD)) break;
        if (c === 0x2c && !commas) break;
        if (c === 0x28 && kc.detector === 'name') break;
        if (r - vs > 200) return -1;
        // Stop before the next label on the same line: "Nome: Maria CPF: 123…".
        if (c === SPACE_CHAR && this.cls(r + 1) & WORD) {
          let w = r + 1;
          while (this.cls(w) & WORD || this.at(w) === 0x2d) w++;
          if ((this.at(w) === 0x3a || this.at(w) === 0x3d) && w - r > 1) break;
          if (kc.detector === 'name' && this.at(r + 1) === 0x2d && this.at(r + 2) === SPACE_CHAR) break;
        }
        r++;
      }
      ve = r;
      while (ve > vs && trailingPunctuation(this.text.charCodeAt(ve - 1))) ve--;
      resume = ve;
    }
    if (this.openAt >= 0) return -1;
    const value = this.text.slice(vs, ve);
    // Text masked before ("nome: no dia [DATA_NASCIMENTO]"): what is left is no value of the key.
    if (containsMaskOutput(value)) return -1;
    const detector = valueFits(kc, value, false);
    if (detector === undefined || !TEXT_LABEL_DETECTORS.has(detector)) return -1;
    if (!this.on(DETECTOR_BIT[detector])) return -1;
    this.add(vs, ve, detector);
    return resume;
  }

  private xmlValue(i: number, ke: number, p: number): number {
    const kc = this.labelKey(i, ke);
    if (!kc) return -1;
    let r = p;
    for (;;) {
      const c = this.at(r);
      if (c < 0 || c === 0x0a || r - p > 300) return -1;
      if (c === 0x3c) break;
      r++;
    }
    const detector = valueFits(kc, this.text.slice(p, r), false);
    if (detector === undefined || !TEXT_LABEL_DETECTORS.has(detector) || !this.on(DETECTOR_BIT[detector])) return -1;
    this.add(p, r, detector);
    return r;
  }

  // ---- tables ---------------------------------------------------------------------------------

  /**
   * At the start of a line: a CSV/TSV/Markdown header that names sensitive columns starts a
   * table; the rows after it mask those columns whole. Returns where the main loop resumes, or
   * -1 to scan the line normally.
   */
  private lineStart(p: number): number {
    const text = this.text;
    let e = text.indexOf('\n', p);
    const complete = e >= 0 || this.final;
    if (e < 0) e = this.n;
    if (e - p >= MAX_ROW) {
      this.table = undefined;
      return -1;
    }
    if (!complete) {
      if (this.table !== undefined || this.couldBeHeader(p, e)) {
        this.openAt = p;
        return p;
      }
      return -1;
    }
    let lineEnd = e;
    if (lineEnd > p && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
    if (this.table) {
      const row = this.row(p, lineEnd, this.table);
      if (row >= 0) return row;
      this.table = undefined;
    }
    this.header(p, lineEnd);
    return -1;
  }

  /** Whether a line's beginning may still turn out a header (the test only gets stricter as it grows). */
  private couldBeHeader(p: number, e: number): boolean {
    let cell = 0;
    let words = 0;
    let inWord = false;
    for (let q = p; q < e; q++) {
      const c = this.text.charCodeAt(q);
      if (c === 0x2c || c === 0x3b || c === 0x09 || c === 0x7c) {
        cell = 0;
        words = 0;
        inWord = false;
        continue;
      }
      if (!isHeaderChar(c) || ++cell > 48) return false;
      const space = c === SPACE_CHAR || c === 0x0d;
      if (!space && !inWord && ++words > 4) return false;
      inWord = !space;
    }
    return e - p < 1024;
  }

  private header(p: number, e: number): void {
    const text = this.text;
    if (e - p > 1024 || e === p) return;
    // One pass: header characters only, short cells, and the most frequent delimiter.
    let commas = 0;
    let semicolons = 0;
    let tabs = 0;
    let pipes = 0;
    let cell = 0;
    for (let q = p; q < e; q++) {
      const c = text.charCodeAt(q);
      if (c === 0x2c) commas++;
      else if (c === 0x3b) semicolons++;
      else if (c === 0x09) tabs++;
      else if (c === 0x7c) pipes++;
      else {
        if (!isHeaderChar(c) || ++cell > 48) return;
        continue;
      }
      cell = 0;
    }
    const counts: [number, number][] = [
      [0x2c, commas],
      [0x3b, semicolons],
      [0x09, tabs],
      [0x7c, pipes],
    ];
    let best = -1;
    let bestCount = 0;
    for (const [d, count] of counts) {
      if (count > bestCount) {
        best = d;
        bestCount = count;
      }
    }
    if (best < 0) return;
    const line = text.slice(p, e);
    const markdown = best === 0x7c;
    const cells = splitCells(line, best, markdown);
    if (cells.length < 2) return;
    // Headers name their columns; only the first (an index column) may be blank.
    if (cells.slice(1).some((cell) => line.slice(cell.start, cell.end).trim().length === 0)) return;
    const columns: (KeyClass | undefined)[] = [];
    let sensitive = 0;
    let street = false;
    for (const cell of cells) {
      const label = unquote(line.slice(cell.start, cell.end).trim());
      for (let q = 0; q < label.length; q++) if (!isHeaderChar(label.charCodeAt(q))) return;
      if (label.length > 48 || label.split(/\s+/).length > 4 || (label.length > 0 && !/\p{L}/u.test(label))) return;
      // A cell holding a value this engine masked (`CNPJ_0a1b08e2`) is a row of data, no header.
      if (PSEUDONYM_IN.test(label)) return;
      const kc = label.length > 0 ? classifyKey(label, undefined, this.options.extraKeys) : undefined;
      if (kc) sensitive++;
      if (kc?.detector === 'address') street = true;
      columns.push(kc);
    }
    if (sensitive === 0) return;
    // Two comma-separated cells read like prose ("Nome, CPF e telefone"): both must be keys.
    if (cells.length === 2 && best === 0x2c && sensitive < 2) return;
    // numero/bairro columns are address parts only beside a street column.
    const resolved = columns.map((kc) => (kc?.detector === 'address_part' && !street ? undefined : kc));
    this.table = { delimiter: best, markdown, columns: resolved };
  }

  private row(p: number, e: number, table: TableState): number {
    const line = this.text.slice(p, e);
    if (line.trim().length === 0) return -1;
    if (table.markdown && /^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$/.test(line)) return e;
    const cells = splitCells(line, table.delimiter, table.markdown);
    if (cells.length !== table.columns.length) return -1;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      let s = p + cell.start;
      let t = p + cell.end;
      while (s < t && this.text.charCodeAt(s) === SPACE_CHAR) s++;
      while (t > s && (this.text.charCodeAt(t - 1) === SPACE_CHAR || this.text.charCodeAt(t - 1) === 0x0d)) t--;
      if (t - s >= 2 && this.text.charCodeAt(s) === 0x22 && this.text.charCodeAt(t - 1) === 0x22) {
        s++;
        t--;
      }
      const kc = table.columns[c];
      if (kc) {
        const detector = valueFits(kc, this.text.slice(s, t), true);
        if (detector !== undefined && this.on(DETECTOR_BIT[detector])) {
          this.add(s, t, detector);
          continue;
        }
      }
      // Scan the other cells as text, each on its own.
      const saved = this.end;
      this.end = t;
      let q = s;
      while (q < t) q = Math.max(q + 1, this.step(q));
      this.end = saved;
    }
    return e;
  }
}

function isHeaderChar(c: number): boolean {
  const k = CLASS[c] ?? 0;
  return (
    (k & WORD) !== 0 ||
    c === SPACE_CHAR ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x2f ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x23 ||
    c === 0x22 ||
    c === 0xba ||
    c === 0xaa ||
    c === 0xb0 ||
    c === 0x0d
  );
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Cell ranges of a delimited line; double-quoted cells may hold the delimiter (RFC 4180). */
function splitCells(line: string, delimiter: number, markdown: boolean): { start: number; end: number }[] {
  const cells: { start: number; end: number }[] = [];
  let s = 0;
  let e = line.length;
  if (markdown) {
    while (s < e && line.charCodeAt(s) === SPACE_CHAR) s++;
    if (line.charCodeAt(s) === 0x7c) s++;
    while (e > s && (line.charCodeAt(e - 1) === SPACE_CHAR || line.charCodeAt(e - 1) === 0x0d)) e--;
    if (e > s && line.charCodeAt(e - 1) === 0x7c) e--;
  }
  let start = s;
  let quoted = false;
  for (let q = s; q < e; q++) {
    const c = line.charCodeAt(q);
    if (c === 0x22 && !markdown) quoted = !quoted;
    else if (c === delimiter && !quoted) {
      cells.push({ start, end: q });
      start = q + 1;
    }
  }
  cells.push({ start, end: e });
  return cells;
}

function validIpv4(value: string): boolean {
  // Dotted decimal (the common case) is parsed in place; anything else (a hex group before an
  // embedded IPv4 tail) takes the general path, where Number() decides.
  const octets = IPV4_OCTETS;
  let part = 0;
  let value0 = 0;
  let length = 0;
  let leadingZero = false;
  for (let k = 0; k <= value.length; k++) {
    const c = k < value.length ? value.charCodeAt(k) : 0x2e;
    if (c >= 0x30 && c <= 0x39) {
      if (length === 0 && c === 0x30) leadingZero = true;
      value0 = value0 * 10 + c - 0x30;
      length++;
      continue;
    }
    if (c !== 0x2e || length === 0 || part >= 4) return validIpv4General(value);
    if (length > 1 && leadingZero) return false;
    octets[part++] = length > 3 ? 256 : value0;
    value0 = 0;
    length = 0;
    leadingZero = false;
  }
  if (part !== 4) return validIpv4General(value);
  return publicIpv4(octets[0] ?? 0, octets[1] ?? 0, octets[2] ?? 0, octets[3] ?? 0);
}

const IPV4_OCTETS = new Int32Array(4);

function validIpv4General(value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 4) return false;
  const octets = parts.map(Number);
  if (parts.some((part) => part.length > 1 && part.startsWith('0'))) return false;
  if (octets.some((o) => !(o >= 0 && o <= 255))) return false;
  return publicIpv4(octets[0] ?? 0, octets[1] ?? 0, octets[2] ?? 0, octets[3] ?? 0);
}

/** Octets 0-255 of an address that may single someone out. */
function publicIpv4(a: number, b: number, c: number, d: number): boolean {
  if (a > 255 || b > 255 || c > 255 || d > 255) return false;
  // Unspecified, loopback, netmasks and broadcast identify no one.
  if (a === 0 || a === 127 || a === 255 || (a >= 224 && a <= 239)) return false;
  const edge = (o: number): boolean => o === 0 || o === 255;
  if ((edge(a) && edge(b) && edge(c) && edge(d)) || (b === 255 && c === 255)) return false;
  return true;
}

// ---- character helpers (no slicing in the hot paths) --------------------------------------------

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `/^\d+$/` on a shape. */
function allDigits(value: string): boolean {
  if (value.length === 0) return false;
  for (let k = 0; k < value.length; k++) if (!isDigitCode(value.charCodeAt(k))) return false;
  return true;
}

/** `text[s, e)` is a run of hexadecimal digits. */
function hexRun(text: string, s: number, e: number): boolean {
  for (let p = s; p < e; p++) {
    const c = text.charCodeAt(p);
    if (!(isDigitCode(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return e > s;
}

/** `/^\d{1,2}$/` on the word `text[s, e)`: a day or an ordinal among cue fillers. */
function shortNumber(text: string, s: number, e: number): boolean {
  const length = e - s;
  return (length === 1 || length === 2) && isDigitCode(text.charCodeAt(s)) && isDigitCode(text.charCodeAt(e - 1));
}

/** `/^[a-zà-ÿ]+$/` on `text[s, e)`. */
function lowerLatin1(text: string, s: number, e: number): boolean {
  for (let p = s; p < e; p++) {
    const c = text.charCodeAt(p);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0xe0 && c <= 0xff))) return false;
  }
  return e > s;
}

/** `fold(text.slice(s, e)) === word`, without the slice when the word folds character by character. */
function foldedEquals(text: string, s: number, e: number, word: string): boolean {
  if (e - s === word.length) {
    for (let k = 0; k < word.length; k++) {
      const f = foldCode(text.charCodeAt(s + k));
      if (f === 0) return fold(text.slice(s, e)) === word;
      if (f !== word.charCodeAt(k)) return false;
    }
    return true;
  }
  for (let p = s; p < e; p++) if (foldCode(text.charCodeAt(p)) === 0) return fold(text.slice(s, e)) === word;
  return false;
}

/** Upper-case UF codes (SP, RJ…), two letters as written. */
const UF_PAIRS = new Uint8Array(26 * 26);
for (const uf of UF_CODES) UF_PAIRS[(uf.charCodeAt(0) - 0x41) * 26 + uf.charCodeAt(1) - 0x41] = 1;

function isUf(a: number, b: number): boolean {
  return a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a && UF_PAIRS[(a - 0x41) * 26 + b - 0x41] === 1;
}

/** `/[\s.,;:]/` on one character: what is trimmed off the end of an unquoted label value. */
function trailingPunctuation(c: number): boolean {
  return c === 0x2e || c === 0x2c || c === 0x3b || c === 0x3a || isJsSpace(c);
}
