/**
 * The synthetic strategy: a fake of the same kind, format-valid and laid out as the original
 * (`529.982.247-25` → another punctuated CPF with valid check digits), so fixtures and tests built
 * on masked output keep working. Deterministic per HMAC key: the drawn characters come from the
 * key's HMAC of the original, so one original gives one fake under one key and another under
 * another key.
 *
 * Synthetic values look real, and the engine never takes a value for one of its own fakes: any
 * such recognition would let the real values that happen to look like fakes through unmasked. So
 * a fake that passes the gateway a second time is replaced again (by another fake, the same one
 * every time under one key), and masking masked text is not idempotent under this strategy.
 */
import type { DetectorId } from './config.js';
import { DETECTORS, detector } from './detectors/registry.js';
import type { MaskingKeyring } from './types.js';
import { surnameSet, unambiguousFirstNames } from './text/lexicon.js';

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

/** The fake of `original` (as the detectors read it) under the keyring's current key; undefined when the detector has none. */
export function syntheticFor(id: DetectorId, original: string, keyring: MaskingKeyring): string | undefined {
  const d = detector(id);
  if (WRITERS[id]) return written(id, original, keyring);
  if (!d.synthetic) return undefined;
  const normal = d.normalise(original);
  const template = d.synthetic(normal);
  const kinds = drawnKinds(template);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // The label starts with a NUL, which no normalised value holds: a draw never equals an event's HMAC.
    const chars = drawn(keyring, `\u0000synthetic\u0000${id}\u0000${normal}\u0000${attempt}`, kinds);
    const made = complete(fill(template, chars), d.validate);
    if (made !== undefined && made !== normal && !ambiguous(id, made)) return inLayout(original, normal, made);
  }
  return undefined;
}

/** Picks one of `choices` with a keyed draw. */
type Pick = <T>(choices: readonly T[], salt: string) => T;

/** Data whose fakes are not a template of digits and letters: written by a function of its own. */
const WRITERS: Partial<Record<DetectorId, (original: string, pick: Pick) => string | undefined>> = {
  name: fakeName,
  birth_date: fakeBirthDate,
};

/** First names common enough to be plausible (about 30,000 births or more) and never ordinary words. */
let plausibleFirstNames: string[] | undefined;
/** Surnames, without the generational suffixes (Júnior, Filho, Neto). */
let plausibleSurnames: string[] | undefined;
const SUFFIXES = new Set(['JUNIOR', 'FILHO', 'NETO', 'SOBRINHO', 'SEGUNDO']);
const PARTICLES = new Set(['DE', 'DA', 'DO', 'DOS', 'DAS', 'E', 'DI', 'DEL', 'VAN', 'VON']);

function titleCase(word: string, like: string): string {
  if (like === like.toUpperCase() && like !== like.toLowerCase()) return word;
  return word.charAt(0) + word.slice(1).toLowerCase();
}

/** A person's name of as many words: an IBGE first name, then common surnames; particles kept. */
function fakeName(original: string, pick: Pick): string | undefined {
  plausibleFirstNames ??= unambiguousFirstNames(9);
  plausibleSurnames ??= [...surnameSet()].filter((name) => !SUFFIXES.has(name));
  const words = original.split(/(\s+)/);
  let first = true;
  const out = words.map((word, index) => {
    if (/^\s+$/.test(word) || word === '') return word;
    const upper = word.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
    if (PARTICLES.has(upper)) return word;
    const replacement = first ? pick(plausibleFirstNames ?? [], `first${index}`) : pick(plausibleSurnames ?? [], `surname${index}`);
    first = false;
    return titleCase(replacement, word);
  });
  return out.join('');
}

/** A birth date between 1940 and 2005 in the original's layout (day, month and year where they were). */
function fakeBirthDate(original: string, pick: Pick): string | undefined {
  const yearFirst = /^(\d{4})(\D)(\d{1,2})(\D)(\d{1,2})$/.exec(original);
  const dayFirst = /^(\d{1,2})(\D)(\d{1,2})(\D)(\d{2}|\d{4})$/.exec(original);
  const year = 1940 + pick([...Array(66).keys()], 'year');
  const month = 1 + pick([...Array(12).keys()], 'month');
  const day = 1 + pick([...Array(28).keys()], 'day');
  const two = (n: number): string => String(n).padStart(2, '0');
  if (yearFirst) return `${year}${yearFirst[2]}${two(month)}${yearFirst[4]}${two(day)}`;
  if (dayFirst) {
    const y = dayFirst[5]!.length === 2 ? two(year % 100) : String(year);
    return `${two(day)}${dayFirst[2]}${two(month)}${dayFirst[4]}${y}`;
  }
  return undefined;
}

/** A fake written by its detector's writer, drawn from the key like every fake; never the original. */
function written(id: DetectorId, original: string, keyring: MaskingKeyring): string | undefined {
  const writer = WRITERS[id];
  if (!writer) return undefined;
  const normal = detector(id).normalise(original);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const pick: Pick = (choices, salt) => {
      const hex = keyring.hmac(`\u0000synthetic\u0000${id}\u0000${normal}\u0000${attempt}\u0000${salt}`).hmac;
      return choices[parseInt(hex.slice(0, 12), 16) % choices.length]!;
    };
    const made = writer(original, pick);
    if (made !== undefined && detector(id).normalise(made) !== normal) return made;
  }
  return undefined;
}
