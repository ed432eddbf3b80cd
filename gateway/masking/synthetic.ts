/**
 * The synthetic strategy: a fake of the same kind, format-valid and laid out as the original
 * (`529.982.247-25` → another punctuated CPF with valid check digits), so fixtures and tests built
 * on masked output keep working. Deterministic per HMAC key: the drawn characters come from the
 * key's HMAC of the original, so one original gives one fake under one key and another under
 * another key.
 *
 * Synthetic values look real, so masking masked text again would replace them: the last drawn
 * characters of every fake are a keyed tag of the ones before it. A value whose tag matches is a
 * fake of this key and is left as it is (no replacement, no event). The price: a real value whose
 * characters happen to carry a matching tag (one in 10^4 for a CPF) is taken for a fake; that is
 * why the tag is keyed (nobody without the key can make a real value pass) and why `redact` stays
 * the built-in strategy.
 */
import type { DetectorId } from './config.js';
import { DETECTORS, detector } from './detectors/registry.js';
import type { MaskingKeyring } from './types.js';

/** Drawn characters that carry the tag (fewer when a template draws fewer than eight). */
const TAG_LENGTH = 4;
/** Fresh draws tried when a fake fails its check digits or equals the original. */
const ATTEMPTS = 16;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isLetter(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/** Characters drawn from a keyed hash: digits for `~`, letters for `^`. */
function drawn(keyring: MaskingKeyring, label: string, kinds: string): string {
  const hex = keyring.hmac(label).hmac;
  let out = '';
  for (let i = 0; i < kinds.length; i++) {
    const byte = parseInt(hex.slice((i * 2) % 64, ((i * 2) % 64) + 2), 16);
    out += kinds[i] === '^' ? LETTERS[byte % 26]! : String(byte % 10);
  }
  return out;
}

function isDrawn(c: string): boolean {
  return c === '~' || c === '^';
}

/** The drawn positions' kinds (`~`, `^`) of a template. */
function drawnKinds(template: string): string {
  return [...template].filter(isDrawn).join('');
}

/** At least three drawn characters are left to the seed. */
function tagLength(drawnCount: number): number {
  return Math.max(0, Math.min(TAG_LENGTH, drawnCount - 3));
}

// The labels start with a NUL, which no normalised value holds: a tag never equals an event's HMAC.
function tagOf(keyring: MaskingKeyring, id: DetectorId, template: string, seed: string, kinds: string): string {
  return drawn(keyring, `\u0000synthetic-tag\u0000${id}\u0000${template}\u0000${seed}`, kinds);
}

/** The template with its drawn positions filled in order by `chars`; check positions left as `#`. */
function fill(template: string, chars: string): string {
  let k = 0;
  let out = '';
  for (const c of template) out += isDrawn(c) ? chars[k++]! : c;
  return out;
}

/** The first completion of the `#` positions (digits) that passes `validate`, or undefined. */
function complete(filled: string, validate: ((normal: string) => boolean) | undefined): string | undefined {
  const holes = [...filled].flatMap((c, i) => (c === '#' ? [i] : []));
  if (holes.length === 0) return !validate || validate(filled) ? filled : undefined;
  for (let n = 0; n < 10 ** holes.length; n++) {
    const digits = String(n).padStart(holes.length, '0');
    const chars = [...filled];
    holes.forEach((at, k) => (chars[at] = digits[k]!));
    const candidate = chars.join('');
    if (!validate || validate(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The fake `made` of `normal` written in the layout of `original`: its last letters and digits
 * (those the normal form keeps; a leading +55 stays) replaced in order. When they do not line up
 * (an e-mail), `made` as it is.
 */
function inLayout(original: string, normal: string, made: string): string {
  const significant = [...original].filter((c) => isDigit(c) || isLetter(c));
  if (made.length !== normal.length || !significant.join('').toUpperCase().endsWith(normal.toUpperCase())) return made;
  if (/[^0-9A-Za-z .\-/()+]/.test(original)) return made;
  let skip = significant.length - normal.length;
  let k = 0;
  let out = '';
  for (const c of original) {
    if ((!isDigit(c) && !isLetter(c)) || skip-- > 0) out += c;
    else {
      const next = made[k++]!;
      out += c >= 'a' && c <= 'z' ? next.toLowerCase() : next;
    }
  }
  return out;
}

/**
 * Whether another detector's check digits also accept `made` (a fake PIS that is a valid CPF):
 * found again, it could be claimed by that detector and replaced, so such a fake is drawn again.
 */
function ambiguous(id: DetectorId, made: string): boolean {
  return DETECTORS.some(
    (other) =>
      other.id !== id &&
      other.validate !== undefined &&
      other.number?.lengths.includes(made.length) &&
      other.validate(other.normalise(made)),
  );
}

/** Whether this detector has synthetic values. */
export function hasSynthetic(id: DetectorId): boolean {
  return detector(id).synthetic !== undefined;
}

/** The fake of `original` (as the detectors read it) under the keyring's current key; undefined when the detector has none. */
export function syntheticFor(id: DetectorId, original: string, keyring: MaskingKeyring): string | undefined {
  const d = detector(id);
  if (!d.synthetic) return undefined;
  const normal = d.normalise(original);
  const template = d.synthetic(normal);
  const kinds = drawnKinds(template);
  const tagged = tagLength(kinds.length);
  const seedKinds = kinds.slice(0, kinds.length - tagged);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const seed = drawn(keyring, `\u0000synthetic\u0000${id}\u0000${normal}\u0000${attempt}`, seedKinds);
    const made = complete(fill(template, seed + tagOf(keyring, id, template, seed, kinds.slice(seedKinds.length))), d.validate);
    if (made !== undefined && made !== normal && !ambiguous(id, made)) return inLayout(original, normal, made);
  }
  return undefined;
}

/** Whether `value` (as the detectors read it) is a fake this keyring's current key made: it is left as it is. */
export function isSynthetic(id: DetectorId, value: string, keyring: MaskingKeyring): boolean {
  const d = detector(id);
  if (!d.synthetic) return false;
  const normal = d.normalise(value);
  const template = d.synthetic(normal);
  if (template.length !== normal.length) return false;
  let chars = '';
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const c = normal[i]!;
    if (t === '~' || t === '#') {
      if (!isDigit(c)) return false;
      if (t === '~') chars += c;
    } else if (t === '^') {
      if (!isLetter(c)) return false;
      chars += c;
    } else if (t !== c) return false;
  }
  const kinds = drawnKinds(template);
  const seedLength = kinds.length - tagLength(kinds.length);
  if (chars.slice(seedLength) !== tagOf(keyring, id, template, chars.slice(0, seedLength), kinds.slice(seedLength))) return false;
  return !d.validate || d.validate(normal);
}
