/**
 * Values printed under their labels, as registration cards and official forms lay them out
 * (the CNPJ card: `LOGRADOURO      NÚMERO   COMPLEMENTO` then `R FULANO DE TAL   1877   CASA 2`).
 * The label line holds only labels in capitals, apart by two spaces or more, one of them a
 * sensitive key; the line under it holds as many fields, which pair with the labels in order
 * (printers seldom align them exactly).
 *
 * Read at the value line's start from the line before it, which a stream keeps (the label line
 * is shorter than MAX_LABEL_LINE), and from the value line whole (tables.ts waits for it).
 */
import { detectorBit } from '../../detectors/registry.js';
import { LOOK_BEHIND } from '../behind.js';
import { CLASS, DIGIT, LOWER } from '../chars.js';
import { valueFits } from '../fit.js';
import { classifyKey, type KeyClass } from '../keys.js';
import { memoryKeyId } from '../keyMemory.js';
import { maskColumnCell } from './tables.js';
import { SPACE_CHAR } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';

type Field = readonly [number, number];

/** Labels are short: a label line is at most this long, less than a stream keeps behind its window (as a letterhead's heading). */
const MAX_LABEL_LINE = 3 * LOOK_BEHIND - 2;
/** A label's words in capitals, with the punctuation labels use (`BAIRRO/DISTRITO`, `TÍTULO (NOME DE FANTASIA)`, `Nº`). */
const LABEL_FIELD = /^\p{Lu}[\p{Lu}\s/.ºª°-]*(?:\([\p{Lu}\s/.ºª°-]+\)[\p{Lu}\s/.ºª°-]*)?$/u;
/** How far back a street's label is looked for: less than a stream keeps behind its window. */
const STREET_REACH = 4 * LOOK_BEHIND - 8;
/** Words of a street's label: a house number, a complement or a district beside it is an address. */
const STREET_LABEL = /\b(?:LOGRADOURO|ENDERE[CÇ]O|RUA)\b/;

/** The fields of `[s, e)`: runs apart by two spaces or more (or a tab). */
function fieldsOf(text: string, s: number, e: number): Field[] {
  const fields: Field[] = [];
  let p = s;
  while (p < e) {
    while (p < e && (text.charCodeAt(p) === SPACE_CHAR || text.charCodeAt(p) === 0x09)) p++;
    if (p >= e) break;
    const start = p;
    while (
      p < e &&
      text.charCodeAt(p) !== 0x09 &&
      !(text.charCodeAt(p) === SPACE_CHAR && (p + 1 >= e || text.charCodeAt(p + 1) === SPACE_CHAR || text.charCodeAt(p + 1) === 0x09))
    )
      p++;
    fields.push([start, p]);
  }
  return fields;
}

/** The label line just before the line at `p` (`[s, e)`), when it is one; undefined otherwise. */
export function labelLineBefore(scan: Scan, p: number): Field | undefined {
  const text = scan.text;
  if (p < 2 || text.charCodeAt(p - 1) !== 0x0a) return undefined;
  let e = p - 1;
  if (text.charCodeAt(e - 1) === 0x0d) e--;
  // Every line start asks: a line above that ends in what no label line holds (labelLine) is
  // told by its last character, before its start is looked for.
  const last = text.charCodeAt(e - 1);
  if (e > 0 && last !== 0x0a && ((CLASS[last] ?? 0) & (LOWER | DIGIT) || last === 0x3a || last === 0x40)) return undefined;
  const from = Math.max(0, p - MAX_LABEL_LINE);
  const newline = e > 0 ? text.lastIndexOf('\n', e - 1) : -1;
  const s = newline >= from ? newline + 1 : from;
  if (s === from && from > 0) return undefined;
  return labelLine(scan, s, e) ? [s, e] : undefined;
}

/** Whether `[s, e)` holds only labels in capitals, one of them a sensitive key's. */
export function labelLine(scan: Scan, s: number, e: number): boolean {
  if (e - s < 3) return false;
  let sensitive = false;
  for (let q = s; q < e; q++) {
    const c = scan.text.charCodeAt(q);
    // No value on a label line: no digit, no lower-case letter, no colon.
    if (scan.cls(q) & (LOWER | DIGIT) || c === 0x3a || c === 0x40) return false;
  }
  for (const [a, b] of fieldsOf(scan.text, s, e)) {
    // A label is words: `[ENDERECO]`, `RG [RG] )`, what masking left of a value, is none.
    if (b - a > 40 || !LABEL_FIELD.test(scan.text.slice(a, b))) return false;
    if (keyOf(scan, a, b) !== undefined) sensitive = true;
  }
  return sensitive;
}

/** The key of the label `[a, b)`; of its first alternative when it gives two (`BAIRRO/DISTRITO`). */
function keyOf(scan: Scan, a: number, b: number): KeyClass | undefined {
  const label = scan.text.slice(a, b);
  const slash = label.indexOf('/');
  const kc =
    classifyKey(label, undefined, scan.options.extraKeys) ??
    (slash > 0 ? classifyKey(label.slice(0, slash), undefined, scan.options.extraKeys) : undefined);
  return kc === undefined || kc.organisation ? undefined : kc;
}

/**
 * Reads the complete line `[p, e)` under the label line `labels`: pairs its fields with the
 * labels and masks each value that fits its label's key; the rest is scanned as text. Returns
 * `e`, or -1 when the line is no row of values for those labels.
 */
export function valuesUnderLabels(scan: Scan, p: number, e: number, labels: Field): number {
  const text = scan.text;
  if (labelLine(scan, p, e)) return -1;
  const names = fieldsOf(text, labels[0], labels[1]);
  const values = fieldsOf(text, p, e);
  // As many fields as labels; a section's heading (`DEPENDENTES`) over a table's header is none.
  if (values.length === 0 || values.length !== names.length) return -1;
  // A line of its own labels (`17 UF: GO   18 Município: …`) is read as such.
  if (/\p{L}\)?:(?:\s|$)/u.test(text.slice(p, e))) return -1;
  // The street's label on this label line or a card's line above it (`CEP  BAIRRO` under `LOGRADOURO`), within what a stream keeps.
  const street = STREET_LABEL.test(text.slice(Math.max(0, p - STREET_REACH), labels[1]));
  for (let k = 0; k < names.length; k++) {
    const [a, b] = names[k]!;
    const [vs, ve] = values[k]!;
    const kc = keyOf(scan, a, b);
    if (kc === undefined) {
      maskColumnCell(scan, vs, ve, undefined, memoryKeyId(text.slice(a, b)), false);
      continue;
    }
    const detector = kc === undefined || (kc.detector === 'address_part' && !street) ? undefined : valueFits(kc, text.slice(vs, ve), true);
    if (detector !== undefined && scan.on(detectorBit(detector))) scan.add(vs, ve, detector);
    else scan.scanRange(vs, ve);
  }
  return e;
}
