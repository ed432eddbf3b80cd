/**
 * RTF's document information group (RTF Specification 1.9.1, `{\info …}`): `{\author …}` is the
 * person who wrote the document and `{\operator …}` the person who last changed it, a name or a
 * login. Word and WordPad write them in every file, far from any cue, so they are read here.
 */
import { detectorBit } from '../../detectors/registry.js';
import { valueFits } from '../fit.js';
import { containsMaskOutput } from '../maskOutput.js';
import type { Scan } from '../scanner.js';
import { NAME_KEY } from './records/fields.js';

const FIELDS = ['\\author ', '\\operator '];
const FIELD_LONGEST = Math.max(...FIELDS.map((field) => field.length));
/** An info value is short; past this the group is something else. */
const LONGEST = 160;
const LOGIN = /^[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+){0,3}$/;
const NAME_BIT = detectorBit('name');

/** At `{` followed by `\`: a person's info field masked whole; returns its end, or -1 when it is none. */
export function rtfInfoField(scan: Scan, i: number): number {
  if (!scan.on(NAME_BIT)) return -1;
  const text = scan.text;
  // Read through `at`, so a stream whose window ends inside the control word waits for it.
  scan.at(i + FIELD_LONGEST);
  const field = FIELDS.find((f) => text.startsWith(f, i + 1));
  if (field === undefined) return -1;
  const s = i + 1 + field.length;
  let t = s;
  for (;;) {
    const c = scan.at(t);
    if (c < 0 || c === 0x0a || c === 0x7b || t - s > LONGEST) return -1;
    if (c === 0x7d) break;
    t++;
  }
  const value = text.slice(s, t).trim();
  if (value.length === 0 || containsMaskOutput(value)) return -1;
  if (valueFits(NAME_KEY, value, true) !== 'name' && !LOGIN.test(value)) return -1;
  const start = s + text.slice(s, t).indexOf(value);
  scan.add(start, start + value.length, 'name');
  return t + 1;
}
