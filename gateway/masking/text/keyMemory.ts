/**
 * A text's memory of structure: generated output repeats its records, so a key or a column that
 * held a person's data with confidence holds the same kind again further on, even where nothing
 * else announces it (`"resp": "Tsuyoshi Wanderkoke"` after `"resp": "Maria Souza"`, a birth date
 * under an opaque `dtnsc`). What is learnt is forward only and travels in the scan state, so a
 * stream decides as the whole text does. A value the memory itself inferred teaches nothing, so one
 * learnt key never spreads to others; a remembered key's value must still pass its kind's own
 * shape and check digits (`rememberedFits`).
 */
import type { DetectorId } from '../config.js';
import { detector } from '../detectors/registry.js';
import { companyName } from '../detectors/name.js';
import { fold } from './chars.js';
import { bodyOrPlace } from './fit.js';
import { keyWords, nonPersonalKey, type KeyClass } from './keys.js';
import { nameAmbiguous, nameWeight, wordTable } from './lexicon.js';
import { nameShaped } from './personLike.js';
import { birthCalendarDay } from './validate.js';

/** Keys and columns remembered at most: a long text stops learning, never slows down. */
const MAX_KNOWN_KEYS = 256;

/** A key that held a firm's, a body's or a place's name first: it learns nothing after. */
const REFUSED = 'refused';

/** Remembered keys, by `memoryKeyId`, with the kind of value each held (or REFUSED). */
export type KnownKeys = ReadonlyMap<string, DetectorId | typeof REFUSED>;

/**
 * Kinds a key can learn. E-mails and IPs are found anywhere without a key, a CEP or an extra
 * key's value proves too little; a number with check digits, a name opened by a first name, an
 * address with a street's type, a date after a birth cue and a phone in a phone's layout do.
 */
const LEARNABLE: ReadonlySet<DetectorId> = new Set([
  'cpf',
  'cnpj',
  'rg',
  'cnh',
  'pis',
  'titulo_eleitor',
  'cns',
  'credit_card',
  'phone',
  'birth_date',
  'name',
  'address',
]);

/**
 * The id a key is remembered by (its folded words joined), or undefined for a key that can teach
 * nothing: digits alone (`$1`, `0`), a single letter, or a key naming a firm, a place, a product,
 * a server or a system's user (whose values are look-alikes of a person's).
 */
export function memoryKeyId(key: string): string | undefined {
  let id = KEY_IDS.get(key);
  if (id === undefined) {
    if (KEY_IDS.size > 10_000) KEY_IDS.clear();
    KEY_IDS.set(key, (id = keyIdOf(key) ?? ''));
  }
  return id === '' ? undefined : id;
}

/** Ids by key as written: documents repeat their keys, and a label in prose is asked once per occurrence. */
const KEY_IDS = new Map<string, string>();

function keyIdOf(key: string): string | undefined {
  const words = keyWords(key);
  if (words.length === 0 || words.length > 4) return undefined;
  const id = words.join('');
  if (id.length < 2 || id.length > 40 || !/[A-Z]/.test(id) || nonPersonalKey(key)) return undefined;
  return id;
}

/** Whether `value`, found as a whole key's value by the engine's own matchers as `found`, is evidence enough to learn the key. */
export function teaches(found: DetectorId, value: string): boolean {
  if (!LEARNABLE.has(found)) return false;
  return found !== 'name' || openedByFirstName(value.trim());
}

/** Two words or more whose first is an unambiguous first name (`Maria Souza`; not `Rosa Branca`). */
function openedByFirstName(value: string): boolean {
  const space = value.indexOf(' ');
  if (space < 2) return false;
  const info = wordTable().getFolded(fold(value.slice(0, space)).replace(/[^A-Z]/g, ''));
  return nameWeight(info) >= 0 && !nameAmbiguous(info);
}

const CLASSES = new Map<DetectorId, KeyClass>();

/** The key class a remembered key stands for: its kind, marked inferred so its values teach nothing and meet `rememberedFits`. */
export function rememberedClass(kind: DetectorId): KeyClass {
  let kc = CLASSES.get(kind);
  if (kc === undefined) CLASSES.set(kind, (kc = { detector: kind, generic: false, inferred: true }));
  return kc;
}

/** `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd` (a time may follow), `yyyymmdd`. */
const DAY_FIRST = /^(\d{2})([/.-])(\d{2})\2(\d{4})$/;
const YEAR_FIRST = /^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** Whether `value` is one date the calendar has, in a year someone living may be born. */
function realDate(value: string): boolean {
  let m = DAY_FIRST.exec(value);
  if (m) return birthCalendarDay(Number(m[4]), Number(m[3]), Number(m[1]));
  m = YEAR_FIRST.exec(value) ?? COMPACT.exec(value);
  return m !== null && birthCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Whether a value under a remembered key is of the kind the key held: still the kind's own shape
 * and check digits, more strictly than under a key that names the kind (a number with its full
 * length and valid digits, a date the calendar has, a name made of capitalised name words).
 */
export function rememberedFits(kind: DetectorId, value: string): boolean {
  switch (kind) {
    case 'name':
      return nameShaped(value) && !companyName(value);
    case 'birth_date':
      return realDate(value);
    case 'address':
      // A short line with a house number in it, not a sentence that holds a figure.
      return /\d/.test(value) && !value.includes('$') && value.split(/\s+/).length <= 10 && detector('address').fits(value, false);
    default: {
      const found = detector(kind);
      if (!found.fits(value, true)) return false;
      if (found.validate === undefined || found.number === undefined) return true;
      const normal = found.normalise(value);
      return found.number.lengths.includes(normal.length) && found.validate(normal);
    }
  }
}

/**
 * Whether a value tells its key holds no person's data: a firm's, a body's or a place's name
 * (`Transportes Serra Azul Ltda`, `UBS Vila Nova`, `Santa Rita`), a look-alike the engine keeps.
 */
export function refuses(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length > 0 && trimmed.length <= 120 && (companyName(trimmed) || bodyOrPlace(trimmed));
}

/** What one scan learnt: each key with its kind (or REFUSED) and where the value that taught it ends. */
export class LearntKeys {
  private readonly learnt = new Map<string, { readonly kind: DetectorId | typeof REFUSED; readonly at: number }>();

  /** How many keys this scan learnt or refused. */
  get size(): number {
    return this.learnt.size;
  }

  /** The kind `id` held before `pos`, from the state carried in or from this scan. */
  kindAt(known: KnownKeys | undefined, id: string, pos: number): DetectorId | undefined {
    const entry = this.learnt.get(id);
    const kind = known?.get(id) ?? (entry !== undefined && entry.at <= pos ? entry.kind : undefined);
    return kind === REFUSED ? undefined : kind;
  }

  /** The key `id` held `kind` (REFUSED: a look-alike) in a value ending at `at`; the first evidence stands. */
  learn(known: KnownKeys | undefined, id: string, kind: DetectorId | typeof REFUSED, at: number): void {
    if (known?.has(id) || this.learnt.has(id) || this.learnt.size + (known?.size ?? 0) >= MAX_KNOWN_KEYS) return;
    this.learnt.set(id, { kind, at });
  }

  /** The key `id` held a look-alike (`refuses`) in a value ending at `at`: it learns nothing after. */
  refuse(known: KnownKeys | undefined, id: string, at: number): void {
    this.learn(known, id, REFUSED, at);
  }

  /** `known` with what was learnt before `commit` added: the next window's memory. */
  carried(known: KnownKeys | undefined, commit: number): KnownKeys | undefined {
    let out: Map<string, DetectorId | typeof REFUSED> | undefined;
    for (const [id, { kind, at }] of this.learnt) {
      if (at > commit) continue;
      out ??= new Map(known ?? []);
      out.set(id, kind);
    }
    return out ?? known;
  }
}
