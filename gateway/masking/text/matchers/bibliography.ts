/**
 * A bibliography's list of people: BibTeX's and BibLaTeX's `author = {Cormen, Thomas H. and
 * Leiserson, Charles E.}` and `editor = "…"`. The field says every entry is a person, however rare
 * the name, written surname first or not; a corporate author in its own braces (`{{IBGE}}`) and
 * `and others` are no one.
 */
import { W_ORG } from '../lexicon.js';
import type { Scan } from '../scanner.js';

/** The fields of a reference that list people. */
const PEOPLE_FIELDS = /^(?:author|editor|translator|advisor|supervisor|bookauthor)$/i;

/** An entry of the list: capitalised words, initials and particles, with a comma after the surname. */
const PERSON_ENTRY = /^\p{Lu}[\p{L}'.-]*(?:,? (?:\p{Lu}[\p{L}'.-]*|d[aeo]s?|van|von|der|de la|del))*$/u;

/**
 * The list after `author =` (`p`: the opening brace or quote), the key at `[i, ke)`: adds each
 * entry as a name and returns the list's end, or -1. Read through `at`, so a stream waits for the
 * closing brace.
 */
export function bibliographyPeople(scan: Scan, i: number, ke: number, p: number): number {
  const open = scan.at(p);
  if ((open !== 0x7b && open !== 0x22) || !PEOPLE_FIELDS.test(scan.text.slice(i, ke))) return -1;
  const close = open === 0x7b ? 0x7d : 0x22;
  let e = p + 1;
  while (e - p < 600 && scan.at(e) >= 0 && scan.at(e) !== close && scan.at(e) !== 0x7b && scan.at(e) !== 0x0a) e++;
  // A nested brace is a corporate author or an escaped letter: the list is read as it stands only without them.
  if (scan.at(e) !== close) return -1;
  const entries: [number, number][] = [];
  let s = p + 1;
  for (const part of scan.text.slice(p + 1, e).split(' and ')) {
    const from = s + (part.length - part.trimStart().length);
    const to = s + part.trimEnd().length;
    s += part.length + 5;
    if (part.trim() === 'others') continue;
    // `Instituto Brasileiro de Geografia e Estatística` written without its braces is a body.
    if (!PERSON_ENTRY.test(scan.text.slice(from, to)) || scan.words.get(scan.text, from, scan.wordEnd(from)) & W_ORG) return -1;
    entries.push([from, to]);
  }
  if (entries.length === 0) return -1;
  for (const [from, to] of entries) scan.add(from, to, 'name');
  return e + 1;
}
