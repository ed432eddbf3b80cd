/**
 * The words before a position, read backwards lazily: the cue question ("is there a `CPF`, `tel`
 * or `nascida` just before this number?") asks about them, several times per position.
 */
import { CLASS, LOWER, UNDERSCORE, UPPER, WORD } from './chars.js';
import { CUE_FILLER, cueTable } from './cues.js';
import { STAR, pseudonymAt, residueToken } from './maskOutput.js';
import { shortNumber } from './scanHelpers.js';

/** How far any matcher looks back for a cue or a sentence start; streams keep this much context. */
export const LOOK_BEHIND = 64;
/**
 * How much text a stream keeps before its window: more than any look-back, the letterhead's line
 * before included (letterhead.ts reads back three times LOOK_BEHIND).
 */
export const STREAM_CONTEXT = 4 * LOOK_BEHIND;

export const BEHIND_END = 1;
/** A line break lies between this word and the one after it. */
export const BEHIND_NEWLINE = 2;
/** A redaction label, pseudonym or partial-mask residue: this engine's own output. */
export const BEHIND_LABEL = 4;
/** Filler (`nº`, `sob`, `de`) or a one- or two-digit number: skipped when looking for a cue. */
export const BEHIND_FILLER = 8;

/**
 * The words before a position, nearest first, read lazily and at most LOOK_BEHIND characters
 * back; a word cut by that limit ends the list. `info` holds the word-table bits of the word
 * and of each of its parts between underscores (`data_nascimento` cues like `nascimento`,
 * `birth_date` like `birth`).
 */
export class WordsBehind {
  /** The scan and position these words belong to. */
  owner: object | undefined;
  pos = -1;
  private count = 0;
  private next = 0;
  private limit = 0;
  private readonly kinds = new Uint8Array(LOOK_BEHIND + 2);
  private readonly infos = new Int32Array(LOOK_BEHIND + 2);
  private readonly starts = new Int32Array(LOOK_BEHIND + 2);

  /** Words before this position are not read (a record's other fields). */
  floor = 0;

  reset(owner: object, pos: number, floor = 0): void {
    this.owner = owner;
    this.pos = pos;
    this.floor = floor;
    this.count = 0;
    this.next = pos - 1;
    this.limit = Math.max(floor, pos - LOOK_BEHIND);
  }

  info(k: number): number {
    return this.infos[k] ?? 0;
  }

  /** Where the k-th word back starts (once `at` has read it). */
  start(k: number): number {
    return this.starts[k] ?? -1;
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
      // An exclamation ends what it cues (`… a data de nascimento!" • 2 de abril`); a question's answer follows it.
      else if (c === 0x21) {
        this.kinds[k] = BEHIND_END;
        return;
      }
      // A partial mask's residue (`Av. ***`) stands for a masked value: as a label does.
      if (c === STAR && residueToken(text, p, text.length)) {
        this.kinds[k] = kind | BEHIND_LABEL;
        return;
      }
      // `Data de nascimento (DD/MM/AAAA):`, `… da declarante (conferida na CNH):`: a label's qualifier
      // in brackets before its colon is read past, so the label's own words cue its value.
      if (c === CLOSE_BRACKET) {
        const open = qualifierOpen(text, p, limit);
        if (open >= 0) {
          p = open - 1;
          continue;
        }
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
      // Only capitals make a redaction label (`[NOME]`); `[nascimento] =>` is a PHP array's key.
      (text.charCodeAt(e) === 0x5d && p >= 0 && text.charCodeAt(p) === 0x5b && !(classes & LOWER)) ||
      pseudonymAt(text, p + 1, e) ||
      (((p >= 0 && text.charCodeAt(p) === STAR) || text.charCodeAt(e) === STAR) && residueToken(text, p + 1, text.length))
    ) {
      this.kinds[k] = kind | BEHIND_LABEL;
      return;
    }
    // `…\\nnascimento:` (a JSON string printed as text): the escape's letter is no part of the word.
    if (p >= 0 && text.charCodeAt(p) === 0x5c && e - p > 4) {
      const c = text.charCodeAt(p + 1);
      if (c === 0x6e || c === 0x74 || c === 0x72) p++;
    }
    const cues = cueTable();
    let info = cues.get(text, p + 1, e);
    if (info & CUE_FILLER || shortNumber(text, p + 1, e)) kind |= BEHIND_FILLER;
    if (classes & UNDERSCORE) {
      // Each part cues as itself: `data_nascimento` like `nascimento`, and English keys, which
      // put the cue first or in the middle (`birth_date`, `user_birth_date`), like `birth`.
      for (let s = p + 1, u = s; u <= e; u++) {
        if (u < e && text.charCodeAt(u) !== 0x5f) continue;
        if (u > s && (s > p + 1 || u < e)) info |= cues.get(text, s, u);
        s = u + 1;
      }
    }
    if ((classes & (UPPER | LOWER)) === (UPPER | LOWER)) {
      // camelCase keys cue like their last part: telefoneCelular like celular.
      let u = e - 1;
      while (u > p + 1 && !((CLASS[text.charCodeAt(u)] ?? 0) & UPPER && (CLASS[text.charCodeAt(u - 1)] ?? 0) & LOWER)) u--;
      if (u > p + 1) info |= cues.get(text, u, e);
    }
    // `CAPES-PIX-20261206-0031`: a word joined by hyphens on both sides is a code's part and cues
    // nothing, unless what it is joined to is a label's word too (`Data-Nasc-12/03/1980`).
    if (info !== 0 && text.charCodeAt(e) === 0x2d && p > 0 && text.charCodeAt(p) === 0x2d && codePartBefore(text, p)) info &= CUE_FILLER;
    this.kinds[k] = kind;
    this.infos[k] = info;
    this.starts[k] = p + 1;
  }
}

const CLOSE_BRACKET = 0x29;

/** Whether a word no cue table knows ends just before the hyphen at `p` (`CAPES` in `CAPES-PIX-…`). */
function codePartBefore(text: string, p: number): boolean {
  let b = p - 1;
  while (b >= 0 && (CLASS[text.charCodeAt(b)] ?? 0) & WORD) b--;
  return b < p - 1 && cueTable().get(text, b + 1, p) === 0;
}

/**
 * Where the bracket closed at `p` opens, when it holds a label's qualifier: a colon follows it
 * (spaces between), it opens on the same line after `limit`, within 48 characters, and holds no
 * other bracket. Otherwise -1.
 */
function qualifierOpen(text: string, p: number, limit: number): number {
  let after = p + 1;
  while (text.charCodeAt(after) === 0x20) after++;
  if (text.charCodeAt(after) !== 0x3a) return -1;
  for (let q = p - 1; q >= limit && p - q <= 48; q--) {
    const c = text.charCodeAt(q);
    if (c === 0x28) return q > limit ? q : -1;
    if (c === CLOSE_BRACKET || c === 0x0a) return -1;
  }
  return -1;
}

/** Shared by every scan (scans never nest); keyed by the scanner that filled it. */
export const BEHIND = new WordsBehind();
