/**
 * vCard content lines read by position: `ADR;TYPE=home:;;Rua Mossoró, 588;Natal;RN;59020-090;Brasil`
 * holds a post box, an extended address, the street, the town, the state, the postal code and
 * the country, in that order. The street is an address and the postal code a CEP; the town,
 * state and country are places. An address or a landline of `TYPE=WORK` is the workplace's own
 * (a hospital's, a shop's) and names no one; a work mobile is still someone's.
 */
import { digitsOf } from '../../chars.js';
import type { Scan } from '../../scanner.js';
import { ADDRESS_KEY, CEP_KEY, fitted } from './fields.js';

/** An optional group (`item1.`), then the property: ADR or TEL, then its parameters or value. */
const PROPERTY = /^(?:[A-Za-z0-9-]{1,16}\.)?(ADR|TEL)(?=[;:])/i;
/** What a line may start with while it can still become such a property. */
const PROPERTY_PREFIX = /^(?:[A-Za-z0-9-]{0,16}|[A-Za-z0-9-]{1,16}\.(?:A|AD|T|TE)?)$/i;

/** The street's components (post box, extended address, street) and the postal code's index. */
const STREET_PARTS = 3;
const POSTAL_CODE = 5;

/** Whether the line `[p, e)` may still turn out a vCard ADR or TEL line (a stream waits for its end). */
export function couldBeVcardLine(text: string, p: number, e: number): boolean {
  const head = text.slice(p, Math.min(e, p + 24));
  return PROPERTY.test(head) || PROPERTY_PREFIX.test(head);
}

/** Reads the complete line `[p, e)` as a vCard ADR or TEL property; returns `e`, or -1 when it is none (or is left to the scanner). */
export function vcardLine(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  const m = PROPERTY.exec(text.slice(p, Math.min(e, p + 24)));
  if (m === null) return -1;
  const colon = text.indexOf(':', p + m[0].length);
  if (colon < 0 || colon >= e) return -1;
  const types = typesOf(text.slice(p + m[0].length, colon));
  const work = types.has('WORK');
  if ((m[1] ?? '').toUpperCase() === 'TEL') {
    // A workplace's landline is its own; a mobile is its holder's, whatever the type says.
    return work && !types.has('CELL') && !mobile(text.slice(colon + 1, e)) ? e : -1;
  }
  if (work) return e;
  let s = colon + 1;
  for (let k = 0; s <= e; k++) {
    const t = componentEnd(text, s, e);
    if (k < STREET_PARTS) {
      if (!fitted(scan, s, t, ADDRESS_KEY)) scan.scanRange(s, t);
    } else if (k === POSTAL_CODE) {
      if (!fitted(scan, s, t, CEP_KEY)) scan.scanRange(s, t);
    } else if (k > POSTAL_CODE + 1) scan.scanRange(s, t);
    s = t + 1;
  }
  return e;
}

/** The end of the component at `s`: the next unescaped `;`, or `e`. */
function componentEnd(text: string, s: number, e: number): number {
  let t = s;
  while (t < e && text.charCodeAt(t) !== 0x3b) t += text.charCodeAt(t) === 0x5c ? 2 : 1;
  return Math.min(t, e);
}

/** The upper-case types a property's parameters give: `;type=WORK;type=VOICE`, `;TYPE=work,voice`, vCard 2.1's bare `;WORK`. */
function typesOf(parameters: string): Set<string> {
  const types = new Set<string>();
  for (const parameter of parameters.split(';')) {
    const eq = parameter.indexOf('=');
    if (eq >= 0 && parameter.slice(0, eq).toUpperCase() !== 'TYPE') continue;
    for (const type of parameter.slice(eq + 1).split(',')) types.add(type.replace(/"/g, '').trim().toUpperCase());
  }
  return types;
}

/** Whether a phone's digits end in a mobile's nine (from 9). */
export function mobile(value: string): boolean {
  const digits = digitsOf(value);
  return digits.length >= 9 && digits.charCodeAt(digits.length - 9) === 0x39 && (digits.length === 9 || digits.length >= 11);
}
