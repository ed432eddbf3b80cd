/**
 * What one detector is, in one place: its label, how its values are normalised before the HMAC,
 * its check rule, its partial mask, the cue words that announce its values in text, the key and
 * column-header words that name them, and (for numbers) which digit layouts it accepts. The
 * scanner, the key classifier, the replacement and the look-up normalisation all read these
 * descriptors, so a new detector is one file here and one line in `registry.ts`.
 */

/** What the numbers matcher knows of a chain of digit groups when it asks a detector. */
export interface NumberFacts {
  /** The digits alone. */
  readonly digits: string;
  /**
   * Group lengths with the separators between them: `529.982.247-25` is `3.3.3-2`, a bare run
   * of eleven digits is `11`, `(11) 98765-4321` is `(2) 5-4`.
   */
  readonly shape: string;
  /** Written after a `+`. */
  readonly plus: boolean;
  /** Ends in `-X` (an RG whose check digit is 10). */
  readonly dvX: boolean;
  /** Whether one of this detector's cue words stands before the number, at most `reach` significant words back. */
  cue(reach: number): boolean;
  /** Whether the number is the next field of a record after a person's document or birth date (`"051.131.767-02", "15824845879"`). */
  afterDocument(): boolean;
  /** Whether the number follows a phone written in its layout in a list (`(92) 99165-8830 / 9235331207`). */
  listedAfterPhone(): boolean;
  /** Whether the bare number is a whole field of a record (`"83999124508"`, `;97984107716;`, a printed table's column), no word of a sentence. */
  recordField(): boolean;
}

/**
 * How a detector claims a digit chain. The matcher asks every detector whose `lengths` hold the
 * digit count twice: first `cued` (a cue word is present and decides, e.g. `PIS 12056874107`),
 * then `plain` (the layout alone decides, e.g. `529.982.247-25`), each time in registry order;
 * the first detector that claims the number and whose `validate` accepts its digits wins.
 */
export interface NumberRule {
  /** Digit counts of this detector's numbers. */
  readonly lengths: readonly number[];
  /** Claims the number when a cue announces it (the rule asks `facts.cue`). */
  readonly cued?: (facts: NumberFacts) => boolean;
  /** Claims the number by its layout alone. */
  readonly plain?: (facts: NumberFacts) => boolean;
  /**
   * Claims the number by a layout that says less (`529-982-247-25`, `529982 24725`), asked only
   * when no detector's `cued` or `plain` rule took it: for detectors whose check digits decide.
   */
  readonly loose?: (facts: NumberFacts) => boolean;
}

/**
 * The words of keys, column headers and labels that name this detector's data. Keys are split
 * into folded words (`dataNascimento` → DATA, NASCIMENTO). A key matches when it holds one of
 * `words`, both words of a `pairs` entry, equals one of `joined` (words run together), or starts
 * with one of `prefixes`; `short` words count only in keys of one or two words (`mail`), and any
 * word of `unless` takes the match away (`email_template`).
 */
export interface KeyRule {
  readonly words?: readonly string[];
  readonly pairs?: readonly (readonly [string, string])[];
  readonly joined?: readonly string[];
  readonly prefixes?: readonly string[];
  readonly short?: readonly string[];
  readonly unless?: readonly string[];
}

export interface DetectorDescriptor<Id extends string = string> {
  readonly id: Id;
  /** The redaction label (`[CPF]`) and pseudonym prefix (`CPF_3f9a2c1b`): upper case, digits and `_`. */
  readonly label: string;
  /** One line for people: what the detector finds. */
  readonly summary: string;
  /**
   * The normal form the HMAC is computed on, so one person gives one HMAC however the value is
   * written (`529.982.247-25` and `52998224725`). Receives text already normalised as the
   * scanner sees it (NFKC, ASCII digits, no invisible characters).
   */
  normalise(value: string): string;
  /**
   * The check digits, on the normal form; absent when the data has none. A number that passes
   * them is trusted more: it is found even glued to letters (`ID123.456.789-09`).
   */
  readonly validate?: (normalised: string) => boolean;
  /** The partial strategy's replacement: a few characters kept, the rest starred. */
  partial(value: string): string;
  /** Folded words that, just before a value in text, announce it (`RG`, `tel`, `nascido`). */
  readonly cues: readonly string[];
  /** Keys, column headers and labels that name this data. */
  readonly keys?: KeyRule;
  /**
   * Whether `value`, found under a key of this detector, is this data. `structured`: a JSON key
   * or a table column (the key is authoritative); otherwise a `label:` in text.
   */
  fits(value: string, structured: boolean): boolean;
  /** Digit chains this detector claims (numbers matcher). */
  readonly number?: NumberRule;
  /**
   * The synthetic strategy's template for a fake of `normal` (this detector's normal form), one
   * template character per character of the fake: `~` a drawn digit, `^` a drawn letter, `#` a
   * check digit that `validate` settles, anything else written as it is. Absent: no synthetic
   * values (the strategy gives a pseudonym). See synthetic.ts.
   */
  readonly synthetic?: (normal: string) => string;
}

/** Keeps the literal type of `id`, so the registry can derive the union of detector ids. */
export function defineDetector<const Id extends string>(descriptor: DetectorDescriptor<Id>): DetectorDescriptor<Id> {
  return descriptor;
}
