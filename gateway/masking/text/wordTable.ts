/**
 * A read-only map from folded words to small integers, probed straight from the text: no slice,
 * no fold, no allocation per look-up. The scanner asks about every capitalised word and every
 * word before a number, so slicing and folding each one used to be a good part of its time.
 */
import { fold, foldCode } from './chars.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

export function hashString(key: string): number {
  let h = FNV_OFFSET;
  for (let p = 0; p < key.length; p++) h = Math.imul(h ^ key.charCodeAt(p), FNV_PRIME);
  return h;
}

/**
 * Open addressing with linear probing over one string: every key is written once into `text`, and
 * a slot holds where its key starts and its length (`start << 8 | length`, 0: free). As an array
 * of 256k slots pointing at 70k strings the table took about 4 MB of the gateway's heap for its
 * whole life (docs/performance.md, the stream's section); so it is about 2 MB, half of it outside
 * the heap.
 */
export class WordTable {
  private readonly text: string;
  private readonly slots: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  /** `entries`: folded word → non-zero value. */
  constructor(entries: ReadonlyMap<string, number>) {
    let size = 64;
    while (size < entries.size * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size);
    this.values = new Int32Array(size);
    const keys: string[] = [];
    let at = 0;
    // A map's keys are distinct: each takes the first free slot of its probe.
    for (const [key, value] of entries) {
      if (key === '' || value === 0) continue;
      if (key.length > MAX_KEY_LENGTH || at + key.length > MAX_TEXT_LENGTH)
        throw new RangeError(`WordTable: "${key.slice(0, 20)}" does not fit`);
      let slot = hashString(key) & this.mask;
      while ((this.slots[slot] ?? 0) !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = (at << 8) | key.length;
      this.values[slot] = value;
      keys.push(key);
      at += key.length;
    }
    // One flat string: a rope of 70k pieces would be flattened on the first look-up anyway.
    this.text = keys.join('');
  }

  /** The value stored for `fold(text.slice(s, e))`, or 0. */
  get(text: string, s: number, e: number): number {
    let h = FNV_OFFSET;
    for (let p = s; p < e; p++) {
      const f = foldCode(text.charCodeAt(p));
      // A character without a one-character fold (ß → SS): fold the slice the slow way.
      if (f === 0) return this.getFolded(fold(text.slice(s, e)));
      h = Math.imul(h ^ f, FNV_PRIME);
    }
    const length = e - s;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const packed = this.slots[slot] ?? 0;
      if (packed === 0) return 0;
      if ((packed & 0xff) === length && this.sameFolded(packed >>> 8, length, text, s)) return this.values[slot] ?? 0;
    }
  }

  /**
   * The openings of the words whose value has any of `bits` (built once per `bits`): asked
   * first, they spare most words the hash and the probe.
   */
  openings(bits: number): WordOpenings {
    let built = this.openingsByBits.get(bits);
    if (built === undefined) {
      const words: string[] = [];
      for (let slot = 0; slot <= this.mask; slot++) {
        const packed = this.slots[slot] ?? 0;
        if (packed !== 0 && ((this.values[slot] ?? 0) & bits) !== 0) words.push(this.text.substr(packed >>> 8, packed & 0xff));
      }
      built = new WordOpenings(words);
      this.openingsByBits.set(bits, built);
    }
    return built;
  }
  private readonly openingsByBits = new Map<number, WordOpenings>();

  /** The value stored for an already folded word, or 0. */
  getFolded(word: string): number {
    for (let slot = hashString(word) & this.mask; ; slot = (slot + 1) & this.mask) {
      const packed = this.slots[slot] ?? 0;
      if (packed === 0) return 0;
      if ((packed & 0xff) === word.length && this.text.startsWith(word, packed >>> 8)) return this.values[slot] ?? 0;
    }
  }

  private sameFolded(start: number, length: number, text: string, s: number): boolean {
    for (let k = 0; k < length; k++) if (this.text.charCodeAt(start + k) !== foldCode(text.charCodeAt(s + k))) return false;
    return true;
  }
}

/** A slot packs a key's length in 8 bits and its start in the other 23 (the sign bit left alone). */
const MAX_KEY_LENGTH = 0xff;
const MAX_TEXT_LENGTH = 0x7fffff;

/** A bit per pair of first two folded characters (6 bits of each: pairs may share a bit, which only lets more words through). */
const openingBit = (a: number, b: number): number => ((a & 0x3f) << 6) | (b & 0x3f);
/** A bit of 8,192 for three folded characters. */
const longOpeningBit = (a: number, b: number, c: number): number =>
  Math.imul(Math.imul(Math.imul(FNV_OFFSET ^ a, FNV_PRIME) ^ b, FNV_PRIME) ^ c, FNV_PRIME) & 0x1fff;

/**
 * The first two characters of a set of folded words. A word whose first two characters fold
 * to a pair none of them opens with is none of them (when they fold one to one, as every
 * letter of Latin-1 and Latin Extended-A does; any other answers yes).
 */
export class WordOpenings {
  private readonly bits = new Uint32Array(128);

  constructor(words: readonly string[]) {
    for (const word of words) {
      const bit = openingBit(word.charCodeAt(0), word.length > 1 ? word.charCodeAt(1) : 0);
      this.bits[bit >>> 5] = (this.bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
    }
  }

  /** False only when `fold(text.slice(s, e))` is certainly none of the words. */
  may(text: string, s: number, e: number): boolean {
    const a = foldCode(text.charCodeAt(s));
    const b = e - s > 1 ? foldCode(text.charCodeAt(s + 1)) : 0;
    if (a === 0 || (b === 0 && e - s > 1)) return true;
    const bit = openingBit(a, b);
    return ((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
  }
}

/**
 * A set of folded words as bits of their hashes: `may` hashes a word of the text folded in
 * place, and answers false only when `fold` of it is certainly not in the set.
 */
export class FoldedHashes {
  /** 8,192 bits: a scan learns a few dozen names' words, and a short text's scan allocates this. */
  private readonly bits = new Uint32Array(256);
  /** The words' first two characters, as WordOpenings holds them: a test of two characters before a hash of all. */
  private readonly openings = new Uint32Array(128);
  /** The first three characters of the words of five or more, hashed: what a login's part is asked first. */
  private readonly longOpenings = new Uint32Array(256);

  add(word: string): void {
    const bit = hashString(word) & 0x1fff;
    this.bits[bit >>> 5] = (this.bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
    const opening = openingBit(word.charCodeAt(0), word.length > 1 ? word.charCodeAt(1) : 0);
    this.openings[opening >>> 5] = (this.openings[opening >>> 5] ?? 0) | (1 << (opening & 31));
    if (word.length >= 5) {
      const long = longOpeningBit(word.charCodeAt(0), word.charCodeAt(1), word.charCodeAt(2));
      this.longOpenings[long >>> 5] = (this.longOpenings[long >>> 5] ?? 0) | (1 << (long & 31));
    }
  }

  /** False only when no word of five characters or more in the set opens as the word of five or more at `s` does. */
  mayOpenLong(text: string, s: number): boolean {
    const a = foldCode(text.charCodeAt(s));
    const b = foldCode(text.charCodeAt(s + 1));
    const c = foldCode(text.charCodeAt(s + 2));
    if (a === 0 || b === 0 || c === 0) return true;
    const bit = longOpeningBit(a, b, c);
    return ((this.longOpenings[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
  }

  /** False only when no word of the set opens as the word of two characters or more at `s` does. */
  mayOpen(text: string, s: number): boolean {
    const a = foldCode(text.charCodeAt(s));
    const b = foldCode(text.charCodeAt(s + 1));
    if (a === 0 || b === 0) return true;
    const bit = openingBit(a, b);
    return ((this.openings[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
  }

  /**
   * `may` of `[s, e - k)` for any `k` up to `drop` that leaves at least `min` characters: the
   * hashes of a word's prefixes are the steps of its own hash, so one pass answers them all.
   */
  mayPrefix(text: string, s: number, e: number, drop: number, min: number): boolean {
    const shortest = Math.max(s + min, e - drop);
    let h = FNV_OFFSET;
    for (let p = s; p < e; p++) {
      const f = foldCode(text.charCodeAt(p));
      // No one-character fold: `may` of the longest prefix, which holds it, says yes.
      if (f === 0) return true;
      h = Math.imul(h ^ f, FNV_PRIME);
      if (p + 1 >= shortest) {
        const bit = h & 0x1fff;
        if (((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0) return true;
      }
    }
    return false;
  }

  may(text: string, s: number, e: number): boolean {
    let h = FNV_OFFSET;
    for (let p = s; p < e; p++) {
      const f = foldCode(text.charCodeAt(p));
      // No one-character fold (ß → SS): the fold of the whole decides.
      if (f === 0) return true;
      h = Math.imul(h ^ f, FNV_PRIME);
    }
    const bit = h & 0x1fff;
    return ((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
  }
}

/**
 * A bounded cache from exact substrings to values, probed from the text without slicing; it is
 * emptied when full. Label keys (`"nome":`, `cpf=`) go through it: documents repeat a few keys
 * thousands of times.
 */
export class RangeCache<V> {
  private keys: string[] = [];
  private values: (V | undefined)[] = [];
  private size = 0;
  private readonly mask: number;

  constructor(private readonly limit: number) {
    let slots = 64;
    while (slots < limit * 2) slots *= 2;
    this.mask = slots - 1;
    this.clear();
  }

  get(text: string, s: number, e: number): V | undefined {
    let h = FNV_OFFSET;
    for (let p = s; p < e; p++) h = Math.imul(h ^ text.charCodeAt(p), FNV_PRIME);
    const length = e - s;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const key = this.keys[slot];
      if (key === undefined) return undefined;
      if (key.length === length && text.startsWith(key, s)) return this.values[slot];
    }
  }

  set(key: string, value: V): void {
    if (this.size >= this.limit) this.clear();
    let slot = hashString(key) & this.mask;
    while (this.keys[slot] !== undefined && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    if (this.keys[slot] === undefined) this.size++;
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  private clear(): void {
    this.keys = new Array<string>(this.mask + 1);
    this.values = new Array<V | undefined>(this.mask + 1);
    this.size = 0;
  }
}
