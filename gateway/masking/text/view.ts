/**
 * The normalised view the detectors read, with a map back to the original text.
 *
 * Personal data is written to slip past detectors as often as by accident: fullwidth or
 * Arabic-Indic digits, a zero-width space or a soft hyphen inside a CPF, an en dash for its
 * hyphen, a non-breaking space, `&#53;` in markup, `%35` in a URL, `\u0035` in a JSON string
 * carried as text. The view undoes all of it before any detector looks:
 *
 * - Unicode NFKC (fullwidth and compatibility forms, ligatures, composed accents), except the
 *   ordinal indicators º and ª that addresses and dates use;
 * - every decimal digit of any script (`\p{Nd}`) to 0-9;
 * - format and invisible characters (`\p{Cf}`: zero-width space, joiners, soft hyphen, BOM,
 *   word joiner, bidi controls; variation selectors, Hangul fillers) removed;
 * - every dash (`\p{Pd}`, minus sign) to `-`, every space (`\p{Zs}`) to a space, line and
 *   paragraph separators to a line break;
 * - HTML/XML character references (`&#49;`, `&#x31;`, `&nbsp;`), percent-escapes (`%31`, UTF-8
 *   sequences) and backslash escapes (`\u0031`, `\x31`, RTF's `\'e3` and `\u227?`) decoded, in
 *   any text: decoding only widens what is detected, and the output keeps the original characters;
 * - markup (`markup` syntax): inline tags (`<span>`, `<b>`, `<wbr>`…) and comments removed, so
 *   `529.982<span>.247-25</span>` reads as one CPF; form bodies (`form`): `+` is a space.
 *
 * A candidate found in the view maps back to the whole original span, invisible characters and
 * escapes inside it included, and the mask replaces all of it. Text that needs none of this
 * (most of it) is its own view, checked in one pass without copying.
 *
 * Streams: `stable` says how much of a chunk's text normalises the same whatever follows (a
 * letter may still take a combining mark, `&#5` may become `&#53;`, a high surrogate waits for
 * its pair), so a stream scans only that and keeps the rest.
 */
import { CLASS, LOWER, UPPER } from './chars.js';

/** How a text is written: `plain` (any text), `markup` (HTML/XML), `form` (application/x-www-form-urlencoded). */
export type TextSyntax = 'plain' | 'markup' | 'form';

export interface TextView {
  /** The text the detectors read. */
  readonly text: string;
  /** Whether the view is the original text itself (offsets are the same). */
  readonly identity: boolean;
  /** How many characters of the original text the view covers (all unless a stream must wait). */
  readonly stable: number;
  /** Original offset where the source of view character `v` starts (`v` may be text.length). */
  start(v: number): number;
  /** Original offset just after the source of view character `v - 1`. */
  end(v: number): number;
  /** View offset of the original offset `o` (a source boundary; inside a source, its start). */
  toView(o: number): number;
}

/** The media type's syntax: markup for HTML/XML, form for URL-encoded bodies, plain for the rest. */
export function syntaxOfMediaType(mediaType: string | undefined): TextSyntax {
  const type = (mediaType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (
    type === 'text/html' ||
    type === 'application/xhtml+xml' ||
    type === 'text/xml' ||
    type === 'application/xml' ||
    type.endsWith('+xml')
  )
    return 'markup';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  return 'plain';
}

// ---- what each character becomes ---------------------------------------------------------------

const KEEP = 1;
const CHANGE = 2;
/** A combining mark: it composes with the character before it. */
const MARK = 3;
/** `&`, `%`, `\`: may start an escape. */
const ESCAPE = 4;
/** `<`: may start an inline tag (markup). */
const TAG = 5;
/** `+`: a space in form bodies. */
const PLUS = 6;
const SURROGATE = 7;

/** Per UTF-16 unit: 0 not yet known, else one of the kinds above. */
const KIND = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) KIND[c] = KEEP;
KIND[0x26] = ESCAPE;
KIND[0x25] = ESCAPE;
KIND[0x5c] = ESCAPE;
KIND[0x3c] = TAG;
KIND[0x2b] = PLUS;
KIND.fill(SURROGATE, 0xd800, 0xe000);
const REPLACEMENT = new Map<number, string>();

const DELETED = /^[\p{Cf}\u034f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f\u{e0100}-\u{e01ef}]$/u;
const DECIMAL = /^\p{Nd}$/u;
const SPACE_LIKE = /^\p{Zs}$/u;
const LINE_LIKE = /^[\p{Zl}\p{Zp}]$/u;
const DASH_LIKE = /^[\p{Pd}\u2212\u2043\ufe63\uff0d]$/u;
const COMBINING = /^\p{M}$/u;
const LETTER = /^\p{L}$/u;

/** The value 0-9 of a decimal digit: digits come in runs of ten from zero (Unicode keeps it so). */
function digitValue(cp: number): number {
  let zero = cp;
  while (zero > 0 && DECIMAL.test(String.fromCodePoint(zero - 1))) zero--;
  return (cp - zero) % 10;
}

/** What code point `cp` becomes in the view; undefined when it stays. */
function transform(cp: number): string | undefined {
  if (cp < 0x80 || cp === 0xaa || cp === 0xba) return undefined;
  const ch = String.fromCodePoint(cp);
  if (DELETED.test(ch)) return '';
  if (DECIMAL.test(ch)) return String.fromCharCode(0x30 + digitValue(cp));
  if (SPACE_LIKE.test(ch)) return ' ';
  if (LINE_LIKE.test(ch)) return '\n';
  if (DASH_LIKE.test(ch)) return '-';
  const nfkc = ch.normalize('NFKC');
  if (nfkc === ch) return undefined;
  let out = '';
  for (const part of nfkc) {
    const code = part.codePointAt(0) ?? 0;
    out += code === cp ? part : (transform(code) ?? part);
  }
  return out;
}

function kindOf(c: number): number {
  let kind = KIND[c] ?? 0;
  if (kind === 0) {
    const replacement = c >= 0xd800 && c <= 0xdfff ? undefined : transform(c);
    if (replacement !== undefined) {
      REPLACEMENT.set(c, replacement);
      kind = CHANGE;
    } else kind = COMBINING.test(String.fromCharCode(c)) ? MARK : KEEP;
    KIND[c] = kind;
  }
  return kind;
}

const ASTRAL = new Map<number, string | null>();

/** What an astral code point becomes (null: it stays). */
function astral(cp: number): string | null {
  let replacement = ASTRAL.get(cp);
  if (replacement === undefined) {
    replacement = transform(cp) ?? null;
    if (ASTRAL.size > 4096) ASTRAL.clear();
    ASTRAL.set(cp, replacement);
  }
  return replacement;
}

/** A decoded code point as the view writes it (through the same rules as a literal one). */
function viewOf(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp > 0xffff) return astral(cp) ?? String.fromCodePoint(cp);
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  return kindOf(cp) === CHANGE ? (REPLACEMENT.get(cp) ?? '') : String.fromCharCode(cp);
}

function isLetterUnit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x250) return ((CLASS[c] ?? 0) & (UPPER | LOWER)) !== 0;
  return LETTER.test(String.fromCodePoint(text.codePointAt(i) ?? c));
}

/**
 * Whether the `+` at `i` joins two words inside a URL query's value (`?nome=Ana+Maria`,
 * `&aluno=kaio+baia`, `&fone=%2855%29+99674-2031`, `&rua=Triunfo,+512`): letters, digits or a
 * comma's or a bracket's end on either side, the text back to the value's `=` holds no space, quote
 * or bracket, and the key before it follows `?` or `&`. (A form encodes a `+` of its own as `%2B`.)
 */
function queryPlus(text: string, i: number): boolean {
  if (i === 0 || i + 1 >= text.length || !queryWordEnd(text, i - 1) || !queryWordStart(text, i + 1)) return false;
  for (let p = i - 1; p >= 0 && i - p < 160; p--) {
    const c = text.charCodeAt(p);
    if (c === 0x3d) {
      let q = p - 1;
      while (q >= 0 && p - q <= 40 && QUERY_KEY.test(text.charAt(q))) q--;
      return q >= 0 && q < p - 1 && (text.charCodeAt(q) === 0x3f || text.charCodeAt(q) === 0x26);
    }
    if (c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x3f) return false;
  }
  return false;
}
const QUERY_KEY = /^[\w.[\]-]$/;

function isDigitUnit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** What may end a word before a query's `+`: a letter, a digit, a comma, a dot or a closing bracket. */
function queryWordEnd(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 0x2c || c === 0x2e || c === 0x29 || isDigitUnit(text, i) || isLetterUnit(text, i);
}

/** What may start a word after a query's `+`: a letter, a digit, or `%` (an escaped bracket, `%28`). */
function queryWordStart(text: string, i: number): boolean {
  return text.charCodeAt(i) === 0x25 || isDigitUnit(text, i) || isLetterUnit(text, i);
}

// ---- escapes ----------------------------------------------------------------------------------

/** HTML character entity names that stand for characters detectors care about. */
const LATIN1_ENTITIES = `nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3
acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil
Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc
Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml
eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml`.split(/\s+/);
const ENTITIES = new Map<string, number>([
  ...LATIN1_ENTITIES.map((name, index): [string, number] => [name, 0xa0 + index]),
  ['amp', 0x26],
  ['lt', 0x3c],
  ['gt', 0x3e],
  ['quot', 0x22],
  ['apos', 0x27],
  ['ndash', 0x2013],
  ['mdash', 0x2014],
  ['minus', 0x2212],
  ['hyphen', 0x2010],
  ['dash', 0x2010],
  ['ensp', 0x2002],
  ['emsp', 0x2003],
  ['thinsp', 0x2009],
  ['zwsp', 0x200b],
  ['zwnj', 0x200c],
  ['zwj', 0x200d],
  ['lrm', 0x200e],
  ['rlm', 0x200f],
  ['NoBreak', 0x2060],
  ['period', 0x2e],
  ['sol', 0x2f],
  ['colon', 0x3a],
  ['commat', 0x40],
  ['num', 0x23],
  ['lpar', 0x28],
  ['rpar', 0x29],
]);
/** Names browsers also accept without the `;` (the legacy Latin-1 set). */
const LEGACY = new Set(['amp', 'lt', 'gt', 'quot', ...LATIN1_ENTITIES]);
const LONGEST_ENTITY = 8;

/** Inline elements whose tags markup puts inside words; block tags (td, p, li) stay as separators. */
const INLINE_TAGS = new Set(
  'a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span strong sub sup time u var wbr tt big nobr'.split(' '),
);
const LONGEST_TAG = 512;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

/** A decoded escape: the code point and how many characters of the original it took (0: none here). */
interface Decoded {
  cp: number;
  length: number;
  /** The escape is cut by the end of the text: with more input it may still be one. */
  open: boolean;
}

const DECODED: Decoded = { cp: 0, length: 0, open: false };

function none(open: boolean): Decoded {
  DECODED.cp = 0;
  DECODED.length = 0;
  DECODED.open = open;
  return DECODED;
}

function found(cp: number, length: number): Decoded {
  DECODED.cp = cp;
  DECODED.length = length;
  DECODED.open = false;
  return DECODED;
}

/** `&#49;`, `&#x31;`, `&nbsp;` (and the legacy forms without `;`) at `i`. */
function charRef(text: string, i: number, n: number): Decoded {
  let p = i + 1;
  if (p >= n) return none(true);
  if (text.charCodeAt(p) === 0x23) {
    p++;
    if (p >= n) return none(true);
    const hex = (text.charCodeAt(p) | 0x20) === 0x78;
    if (hex) p++;
    const digitsAt = p;
    let cp = 0;
    for (; p < n && p - digitsAt < 8; p++) {
      const v = hex ? hexValue(text.charCodeAt(p)) : text.charCodeAt(p) - 0x30;
      if (v < 0 || v >= (hex ? 16 : 10)) break;
      cp = cp * (hex ? 16 : 10) + v;
    }
    if (p >= n) return none(true);
    if (p === digitsAt || cp > 0x10ffff) return none(false);
    return found(cp === 0 ? 0xfffd : cp, p - i + (text.charCodeAt(p) === 0x3b ? 1 : 0));
  }
  const nameAt = p;
  for (; p < n && p - nameAt <= LONGEST_ENTITY; p++) {
    const c = text.charCodeAt(p);
    if (!((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a))) break;
  }
  if (p >= n) return none(p - nameAt <= LONGEST_ENTITY);
  const name = text.slice(nameAt, p);
  const cp = ENTITIES.get(name);
  if (cp === undefined) return none(false);
  if (text.charCodeAt(p) === 0x3b) return found(cp, p - i + 1);
  return LEGACY.has(name) ? found(cp, p - i) : none(false);
}

/** The byte of `%XX` at `i`, -1 when there is none, -2 when the text ends inside it. */
function percentByte(text: string, i: number, n: number): number {
  if (i >= n) return -2;
  if (text.charCodeAt(i) !== 0x25) return -1;
  if (i + 2 >= n) return i + 2 === n || i + 1 === n ? -2 : -1;
  const a = hexValue(text.charCodeAt(i + 1));
  const b = hexValue(text.charCodeAt(i + 2));
  return a < 0 || b < 0 ? -1 : a * 16 + b;
}

/** `%35` and the UTF-8 sequences `%C3%A1`, `%EF%BC%95` at `i`. */
function percent(text: string, i: number, n: number): Decoded {
  const lead = percentByte(text, i, n);
  if (lead === -2) return none(true);
  if (lead < 0) return none(false);
  if (lead < 0x80) return found(lead, 3);
  const more = lead >= 0xf0 && lead < 0xf5 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc2 && lead < 0xe0 ? 1 : -1;
  if (more < 0) return none(false);
  let cp = lead & (0x3f >> more);
  for (let k = 1; k <= more; k++) {
    const byte = percentByte(text, i + 3 * k, n);
    if (byte === -2) return none(true);
    if (byte < 0x80 || byte > 0xbf) return none(false);
    cp = (cp << 6) | (byte & 0x3f);
  }
  // Overlong forms and surrogates are no characters.
  if ((more === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (more === 3 && (cp < 0x10000 || cp > 0x10ffff))) return none(false);
  return found(cp, 3 * (more + 1));
}

/** `\u0035`, `\x35` at `i`; a `\uD835\uDFD3` pair is one code point; RTF's `\'e3` and `\u227?` (rtfEscape). */
function backslash(text: string, i: number, n: number): Decoded {
  if (i + 1 >= n) return none(true);
  const kind = text.charCodeAt(i + 1);
  if (kind === 0x27) return rtfEscape(text, i, n);
  const width = kind === 0x75 ? 4 : kind === 0x78 ? 2 : 0;
  if (width === 0) return none(false);
  let cp = 0;
  for (let k = 0; k < width; k++) {
    if (i + 2 + k >= n) return none(true);
    const v = hexValue(text.charCodeAt(i + 2 + k));
    if (v < 0) return kind === 0x75 ? rtfEscape(text, i, n) : none(false);
    cp = cp * 16 + v;
  }
  const length = 2 + width;
  if (cp >= 0xd800 && cp <= 0xdbff) {
    const low = backslash(text, i + length, n);
    if (low.open) return none(true);
    if (low.length === 6 && low.cp >= 0xdc00 && low.cp <= 0xdfff) return found(0x10000 + ((cp - 0xd800) << 10) + (low.cp - 0xdc00), 12);
    return none(false);
  }
  return found(cp, length);
}

/**
 * RTF's escapes (RTF Specification 1.9.1): `\'e3`, a byte of the document's code page
 * (Windows-1252, of which only the Latin-1 range A0-FF, accented letters among it, is decoded),
 * and `\u227?`, a UTF-16 unit in signed decimal followed by the fallback older readers show
 * (`?` or a `\'hh`), which is taken with it.
 */
function rtfEscape(text: string, i: number, n: number): Decoded {
  if (text.charCodeAt(i + 1) === 0x27) {
    if (i + 3 >= n) return none(true);
    const byte = hexByte(text, i + 2);
    return byte >= 0xa0 ? found(byte, 4) : none(false);
  }
  let p = i + 2;
  const negative = p < n && text.charCodeAt(p) === 0x2d;
  if (negative) p++;
  const digitsAt = p;
  let value = 0;
  while (p < n && p - digitsAt < 5 && text.charCodeAt(p) >= 0x30 && text.charCodeAt(p) <= 0x39)
    value = value * 10 + text.charCodeAt(p++) - 0x30;
  if (p >= n) return none(true);
  const cp = negative ? 0x10000 - value : value;
  if (p === digitsAt || cp < 0xa0 || cp > 0xffff || (cp >= 0xd800 && cp <= 0xdfff)) return none(false);
  const fallback = text.charCodeAt(p);
  if (fallback === 0x3f) return found(cp, p + 1 - i);
  if (fallback !== 0x5c || (p + 1 < n && text.charCodeAt(p + 1) !== 0x27)) return none(false);
  if (p + 3 >= n) return none(true);
  return hexByte(text, p + 2) >= 0 ? found(cp, p + 4 - i) : none(false);
}

/** The byte written as two hex digits at `i`, or -1. */
function hexByte(text: string, i: number): number {
  const a = hexValue(text.charCodeAt(i));
  const b = hexValue(text.charCodeAt(i + 1));
  return a < 0 || b < 0 ? -1 : a * 16 + b;
}

/** The end of an inline tag or comment at `i` (`<span class="x">`, `</b>`, `<!-- -->`), -1 when none, -2 when cut. */
function inlineTag(text: string, i: number, n: number): number {
  if (text.startsWith('<!--', i)) {
    const close = text.indexOf('-->', i + 4);
    return close < 0 ? -2 : close + 3;
  }
  let p = i + 1;
  if (p < n && text.charCodeAt(p) === 0x2f) p++;
  const nameAt = p;
  while (p < n && p - nameAt < 10 && (text.charCodeAt(p) | 0x20) >= 0x61 && (text.charCodeAt(p) | 0x20) <= 0x7a) p++;
  if (p >= n) return -2;
  if (!INLINE_TAGS.has(text.slice(nameAt, p).toLowerCase())) return -1;
  const c = text.charCodeAt(p);
  if (!(c === 0x3e || c === 0x2f || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d)) return -1;
  let quote = 0;
  for (; p < n && p - i < LONGEST_TAG; p++) {
    const q = text.charCodeAt(p);
    if (quote !== 0) {
      if (q === quote) quote = 0;
    } else if (q === 0x22 || q === 0x27) quote = q;
    else if (q === 0x3e) return p + 1;
    else if (q === 0x3c) return -1;
  }
  return p >= n ? -2 : -1;
}

// ---- the view ----------------------------------------------------------------------------------

/** Index of the last value at or below `limit` (`strict`: below) in a sorted array, or -1. */
function lastAtMost(values: readonly number[], limit: number, strict: boolean): number {
  let lo = 0;
  let hi = values.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = values[mid] ?? 0;
    if (strict ? value < limit : value <= limit) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * Where the view and the original differ in length: view `[vAt, vAt + vLen)` stands for original
 * `[oAt, oAt + oLen)`. Same-length changes need no entry.
 */
class Edits {
  readonly vAt: number[] = [];
  readonly vLen: number[] = [];
  readonly oAt: number[] = [];
  readonly oLen: number[] = [];

  push(vAt: number, vLen: number, oAt: number, oLen: number): void {
    const last = this.vAt.length - 1;
    // Consecutive deletions are one.
    if (
      last >= 0 &&
      vLen === 0 &&
      this.vLen[last] === 0 &&
      this.vAt[last] === vAt &&
      (this.oAt[last] ?? 0) + (this.oLen[last] ?? 0) === oAt
    ) {
      this.oLen[last] = (this.oLen[last] ?? 0) + oLen;
      return;
    }
    this.vAt.push(vAt);
    this.vLen.push(vLen);
    this.oAt.push(oAt);
    this.oLen.push(oLen);
  }

  start(v: number): number {
    const k = lastAtMost(this.vAt, v, false);
    if (k < 0) return v;
    const vEnd = (this.vAt[k] ?? 0) + (this.vLen[k] ?? 0);
    if (v < vEnd) return this.oAt[k] ?? 0;
    return v - vEnd + (this.oAt[k] ?? 0) + (this.oLen[k] ?? 0);
  }

  end(v: number): number {
    const k = lastAtMost(this.vAt, v, true);
    if (k < 0) return v;
    const vEnd = (this.vAt[k] ?? 0) + (this.vLen[k] ?? 0);
    const oEnd = (this.oAt[k] ?? 0) + (this.oLen[k] ?? 0);
    if (v < vEnd) return oEnd;
    return v - vEnd + oEnd;
  }

  toView(o: number): number {
    const k = lastAtMost(this.oAt, o, false);
    if (k < 0) return o;
    const oEnd = (this.oAt[k] ?? 0) + (this.oLen[k] ?? 0);
    if (o < oEnd) return this.vAt[k] ?? 0;
    return o - oEnd + (this.vAt[k] ?? 0) + (this.vLen[k] ?? 0);
  }
}

class IdentityView implements TextView {
  readonly identity = true;
  constructor(
    readonly text: string,
    readonly stable: number,
  ) {}
  start(v: number): number {
    return v;
  }
  end(v: number): number {
    return v;
  }
  toView(o: number): number {
    return o;
  }
}

class MappedView implements TextView {
  readonly identity = false;
  constructor(
    readonly text: string,
    readonly stable: number,
    private readonly edits: Edits,
  ) {}
  start(v: number): number {
    return this.edits.start(v);
  }
  end(v: number): number {
    return this.edits.end(v);
  }
  toView(o: number): number {
    return this.edits.toView(o);
  }
}

/**
 * The view of `text`. Not `final`: the text is a stream's window and more may follow, so the
 * view stops where what follows could still change it (`stable`).
 */
export function normaliseView(text: string, syntax: TextSyntax = 'plain', final = true): TextView {
  const n = text.length;
  const markup = syntax === 'markup';
  const form = syntax === 'form';
  let limit = n;
  if (!final && n > 0) {
    // A letter may still take a combining mark, and a high surrogate waits for its pair.
    let t = n;
    const last = text.charCodeAt(t - 1);
    if (last >= 0xd800 && last <= 0xdbff) t--;
    while (t > 0 && kindOf(text.charCodeAt(t - 1)) === MARK) t--;
    if (t > 0) {
      const low = text.charCodeAt(t - 1);
      const at = low >= 0xdc00 && low <= 0xdfff && t > 1 ? t - 2 : t - 1;
      if (isLetterUnit(text, at)) t = at;
    }
    limit = t;
  }
  const out = new Builder(text);
  let i = 0;
  for (;;) {
    // Most text needs nothing: skip it with one table look-up per character.
    let kind = 0;
    while (i < limit) {
      kind = KIND[text.charCodeAt(i)] ?? 0;
      if (kind === KEEP) i++;
      else if (kind === 0) kindOf(text.charCodeAt(i));
      else break;
    }
    if (i >= limit) break;
    const c = text.charCodeAt(i);
    if (kind === CHANGE) {
      out.emit(i, 1, REPLACEMENT.get(c) ?? '');
      i++;
    } else if (kind === ESCAPE) {
      const decoded = c === 0x26 ? charRef(text, i, limit) : c === 0x25 ? percent(text, i, limit) : backslash(text, i, limit);
      if (decoded.open && !final) {
        limit = i;
        break;
      }
      if (decoded.length > 0) {
        out.emit(i, decoded.length, viewOf(decoded.cp));
        i += decoded.length;
      } else i++;
    } else if (kind === TAG) {
      const tagEnd = markup ? inlineTag(text, i, limit) : -1;
      if (tagEnd === -2 && !final) {
        limit = i;
        break;
      }
      if (tagEnd > 0) {
        out.emit(i, tagEnd - i, '');
        i = tagEnd;
      } else i++;
    } else if (kind === PLUS) {
      // A query's value in a URL (`?nome=Ana+Maria+Souza`) writes its spaces as `+`, as a form body does.
      if (!form && i + 1 >= limit && !final) {
        limit = i;
        break;
      }
      if (form || queryPlus(text, i)) out.emit(i, 1, ' ');
      i++;
    } else if (kind === SURROGATE) {
      const low = i + 1 < limit ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        const replacement = astral(0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00));
        if (replacement !== null) out.emit(i, 2, replacement);
        i += 2;
      } else i++;
    } else {
      // Combining marks compose with the character before them (unless that one was rewritten).
      let e = i + 1;
      while (e < limit && kindOf(text.charCodeAt(e)) === MARK) e++;
      let s = i;
      if (s > out.last) {
        const prev = text.charCodeAt(s - 1);
        s = prev >= 0xdc00 && prev <= 0xdfff && s - 2 >= out.last ? s - 2 : s - 1;
      }
      const segment = text.slice(s, e);
      const composed = segment.normalize('NFKC');
      if (composed !== segment) out.emit(s, e - s, composed);
      i = e;
    }
  }
  return out.view(limit);
}

/** Builds the view from the original text and the changes, in order. */
class Builder {
  private parts: string[] | undefined;
  private edits: Edits | undefined;
  /** Original offset up to which the text is in `parts`. */
  last = 0;
  private viewLength = 0;

  constructor(private readonly text: string) {}

  /** The original `[at, at + length)` reads as `replacement`. */
  emit(at: number, length: number, replacement: string): void {
    const parts = (this.parts ??= []);
    const edits = (this.edits ??= new Edits());
    if (at > this.last) {
      parts.push(this.text.slice(this.last, at));
      this.viewLength += at - this.last;
    }
    if (replacement.length !== length) edits.push(this.viewLength, replacement.length, at, length);
    parts.push(replacement);
    this.viewLength += replacement.length;
    this.last = at + length;
  }

  view(limit: number): TextView {
    const text = this.text;
    if (this.parts === undefined || this.edits === undefined)
      return new IdentityView(limit === text.length ? text : text.slice(0, limit), limit);
    if (limit > this.last) this.parts.push(text.slice(this.last, limit));
    return new MappedView(this.parts.join(''), limit, this.edits);
  }
}
