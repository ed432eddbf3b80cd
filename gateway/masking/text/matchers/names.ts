/**
 * People's names: a chain of capitalised words and particles (Maria da Silva Santos, JOÃO DOS
 * SANTOS) weighed by how common its first name is, known surnames, a cue before it, and whether
 * it is a place.
 */
import { detectorBit } from '../../detectors/registry.js';
import { UPPER, fold } from '../chars.js';
import { cueTable } from '../cues.js';
import {
  COMMON_NAME_WEIGHT,
  W_PARTICLE,
  W_PLACE,
  W_PLACE_START,
  W_STOP,
  W_SUFFIX,
  W_SURNAME,
  nameAmbiguous,
  nameWeight,
  placeSet,
} from '../lexicon.js';
import { SPACE_CHAR, foldedEquals, lowerLatin1 } from '../scanHelpers.js';
import { CHAIN_WORD, type Scan } from '../scanner.js';

const NAME = detectorBit('name');
/** A name chain has at most 8 words; their bounds and word-table info (scratch: `name` never nests). */
const MAX_NAME_WORDS = 8;
const CHAIN_STARTS = new Int32Array(MAX_NAME_WORDS);
const CHAIN_ENDS = new Int32Array(MAX_NAME_WORDS);
const CHAIN_INFOS = new Int32Array(MAX_NAME_WORDS);

/**
 * A person's name starting with a capitalised word. Collects the chain of capitalised words
 * and particles (Maria da Silva Santos, JOÃO DOS SANTOS), then weighs it: how common the
 * first name is, whether it is also an ordinary word, known surnames after it, a cue before
 * it (Sr., cliente, CONTRATANTE:), and whether the chain is a place (São Paulo, Santa Maria).
 */
export function name(scan: Scan, i: number, j: number, firstInfo: number): number {
  if (!scan.on(NAME)) return j;
  const text = scan.text;
  if (i > 0 && text.charCodeAt(i - 1) === 0x5b && scan.at(j) === 0x5d) return j;
  if (scan.maskResidue(i)) return j;
  // Fast exit for the common capitalised word that is no name, no place and has no cue
  // (sentence starts, headings, product names): only a capitalised word after it could help.
  if (nameWeight(firstInfo) < 0 && !(firstInfo & (W_SURNAME | W_PLACE_START))) {
    if (!scan.capitalisedNext(j) && !scan.cueBefore(i, NAME, 1)) return j;
  }
  if (j - i < 2) return j;
  const firstStop = (firstInfo & W_STOP) !== 0;
  const firstStyle = scan.style(i, j);
  if (firstStyle === 0) return j;
  if (!scan.nameWordEnds(j)) return j;
  // A chain that can be neither a place nor a name is not built. Final scans only: a stream
  // still reads the chain to know where its open construct ends.
  if (
    scan.final &&
    !(firstInfo & (W_PLACE | W_PLACE_START)) &&
    (firstStop ||
      (nameWeight(firstInfo) < 0 &&
        !(firstInfo & W_SURNAME) &&
        (firstStyle === 2 || scan.sentenceStart(i) || !lowerLatin1(text, i + 1, j)) &&
        !scan.cueBefore(i, NAME, 1)))
  ) {
    return j;
  }
  const starts = CHAIN_STARTS;
  const ends = CHAIN_ENDS;
  const infos = CHAIN_INFOS;
  const firstUpper = firstStyle === 2;
  let count = 1;
  starts[0] = i;
  ends[0] = j;
  infos[0] = firstInfo;
  let p = j;
  // Bit t: a particle stands before word t (Maria [da] Silva).
  let particles = 0;
  while (count < MAX_NAME_WORDS) {
    if (scan.at(p) !== SPACE_CHAR) break;
    let q = p + 1;
    if (!scan.chainWord(q)) break;
    const w = CHAIN_WORD.end;
    const info = CHAIN_WORD.info;
    const style = CHAIN_WORD.style;
    if (info & W_PARTICLE && w - q <= 4) {
      // A particle only counts when a capitalised word follows it.
      if (scan.at(w) !== SPACE_CHAR) break;
      if (!scan.chainWord(w + 1) || CHAIN_WORD.style === 0 || (CHAIN_WORD.style === 2) !== firstUpper) break;
      const w2 = CHAIN_WORD.end;
      const info2 = CHAIN_WORD.info;
      // "Santos e Souza" joins surnames; "Santos e João" starts another person.
      if (foldedEquals(text, q, w, 'E') && !(info2 & W_SURNAME) && nameWeight(info2) >= COMMON_NAME_WEIGHT) break;
      particles |= 1 << count;
      q = w + 1;
      if (info2 & W_STOP || !scan.nameWordEnds(w2)) break;
      starts[count] = q;
      ends[count] = w2;
      infos[count++] = info2;
      p = w2;
      continue;
    }
    if (style === 0) {
      // A middle initial: Maria J. Silva.
      if (w - q === 1 && scan.at(w) === 0x2e && scan.at(w + 1) === SPACE_CHAR && scan.cls(q) & UPPER) {
        if (scan.chainWord(w + 2) && CHAIN_WORD.style !== 0) {
          const w2 = CHAIN_WORD.end;
          const info2 = CHAIN_WORD.info;
          if (!(info2 & W_STOP)) {
            starts[count] = w + 2;
            ends[count] = w2;
            infos[count++] = info2;
            p = w2;
            continue;
          }
        }
      }
      break;
    }
    // A surname that is also a common word (Nascimento, Rocha, Cruz) still continues a name.
    if ((info & W_STOP && !(info & W_SURNAME)) || !scan.nameWordEnds(w)) break;
    if ((style === 2) !== firstUpper && w - q > 1 && !(info & W_SUFFIX)) break;
    starts[count] = q;
    ends[count] = w;
    infos[count++] = info;
    p = w;
  }
  const chainEnd = ends[count - 1] ?? j;

  // Places: São Paulo, Rio de Janeiro, Santa Maria/RS. The whole prefix is skipped. Only a
  // chain that starts with a place, or with the first word of one, can be one.
  if (firstInfo & (W_PLACE | W_PLACE_START)) {
    const places = placeSet();
    let joined = '';
    let placeEnd = -1;
    for (let t = 0; t < count; t++) {
      const folded = fold(text.slice(starts[t] ?? 0, ends[t] ?? 0));
      joined =
        t === 0
          ? folded
          : `${joined}${particles & (1 << t) ? ` ${particleBetween(scan, ends[t - 1] ?? 0, starts[t] ?? 0)} ` : ' '}${folded}`;
      if (places.has(joined) && (t > 0 || scan.ufAfter(ends[t] ?? 0))) placeEnd = ends[t] ?? 0;
    }
    if (placeEnd > 0) return placeEnd;
  }
  if (firstStop) return j;

  const weight = nameWeight(firstInfo);
  const entry = weight >= 0;
  const ambiguous = nameAmbiguous(firstInfo);
  let surnameHits = 0;
  let nameHits = 0;
  for (let t = 1; t < count; t++) {
    const info = infos[t] ?? 0;
    if (info & W_SURNAME) surnameHits++;
    if (nameWeight(info) >= 6 && !nameAmbiguous(info)) nameHits++;
  }
  const rest = count - 1;
  // A role or title (Paciente, Sra., Presidente) is a cue for the name after it, never a name itself.
  if (cueTable().get(text, i, j) & NAME) return j;
  const cued = scan.cueBefore(i, NAME, 1);

  let accept = false;
  if (cued) accept = true;
  else if (entry) {
    if (count >= 2) {
      accept = !ambiguous || weight >= COMMON_NAME_WEIGHT + 2 || surnameHits + nameHits >= 1 || count >= 3;
      if (weight < 4 && surnameHits + nameHits === 0 && rest < 2) accept = false;
    } else {
      const start = scan.sentenceStart(i);
      if (ambiguous) accept = weight >= COMMON_NAME_WEIGHT + 2 && !start && !firstUpper && !scan.capitalisedNext(j);
      else accept = weight >= COMMON_NAME_WEIGHT && (!firstUpper || weight >= COMMON_NAME_WEIGHT + 2);
    }
  } else if (firstInfo & W_SURNAME) {
    accept = count >= 2 && surnameHits >= 1;
  } else if (
    count >= 2 &&
    !scan.sentenceStart(i) &&
    !firstUpper &&
    ((infos[1] ?? 0) & W_SURNAME || nameHits >= 1) &&
    lowerLatin1(text, i + 1, j)
  ) {
    accept = true;
  }
  if (!accept) return entry ? chainEnd : j;
  scan.add(i, chainEnd, 'name');
  return chainEnd;
}

export function particleBetween(scan: Scan, a: number, b: number): string {
  return fold(scan.text.slice(a, b).trim());
}
