/**
 * People's names: a chain of capitalised words and particles (Maria da Silva Santos, JOÃO DOS
 * SANTOS) weighed by how common its first name is, known surnames, a cue before it, and whether
 * it is a place.
 */
import { DETECTORS, detectorBit } from '../../detectors/registry.js';
import { DIGIT, LOWER, UPPER, WORD, fold } from '../chars.js';
import { cueTable } from '../cues.js';
import { PERSON_ROLE_WORDS, placeKey } from '../keys.js';
import {
  COMMON_NAME_WEIGHT,
  COURT_HONORIFICS,
  NAMED_INSTITUTION_HEADS,
  UF_CODES,
  W_BAIRRO,
  W_COMPANY_TAIL,
  W_MONTH_PT,
  W_ORG,
  W_PARTICLE,
  W_PLACE,
  W_PLACE_START,
  W_STOP,
  W_STREET_ABBR,
  W_STREET_WORD,
  W_SUFFIX,
  W_THING,
  W_SURNAME,
  asCommonFirstName,
  nameAmbiguous,
  legalForm,
  nameWeight,
  placeSet,
  wordTable,
} from '../lexicon.js';
import { SPACE_CHAR, foldedEquals, keyBefore, lowerLatin1, soonOnLine } from '../scanHelpers.js';
import { CHAIN_WORD, type Scan } from '../scanner.js';
import type { WordOpenings } from '../wordTable.js';
import {
  KIN_COLUMN_AFTER,
  agentNoun,
  kinListBefore,
  mailboxAfter,
  placeholderName,
  roleLabelBefore,
  speakerAt,
  speakerEnds,
} from './personContext.js';
import { alnumCnpjEnd } from './numbers.js';

const NAME = detectorBit('name');
/** `Nome da `, `Name of the `: a label's head naming whose name the label asks for. */
const NAME_OF_BEFORE = /\b(?:[Nn]ome|NOME|[Nn]ame|NAME)\s+(?:d[aeo]s?|D[AEO]S?|of(?: the)?)\s+$/;
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
  // `Jean-Baptiste`, `Marie-Claire`: a compound first name is one word (not `São Paulo-SP`, nor
  // an office's title, `PROCURADOR-GERAL`: its first part is a first name). A given name whose
  // second syllable follows a hyphen in lower case (`Hyun-woo`, `Soo-yeon`) is one word too.
  // `Chul-Soo`, `Hye-jin`: two syllables of Korean given names are a given name, whatever list lacks them.
  const korean = scan.at(j) === 0x2d && koreanGivenName(scan, i, j);
  if (
    scan.at(j) === 0x2d &&
    ((scan.cls(j + 1) & UPPER && (nameWeight(firstInfo) >= 0 || titledPart(scan, i, j, firstInfo))) ||
      hyphenedSyllable(scan, i, j) ||
      korean)
  ) {
    const whole = scan.nameWord(i);
    if (whole !== undefined && whole > j) {
      if (korean) firstInfo = asCommonFirstName(firstInfo);
      j = whole;
    }
  }
  // Sant'Anna, D'Ávila, Dall'Agnol, O'NEIL: a surname with an elided particle is one word, and a surname.
  if ((scan.at(j) === 0x27 || scan.at(j) === 0x2019) && j - i <= 4 && scan.cls(j + 1) & UPPER && scan.cls(j + 2) & (UPPER | LOWER)) {
    const whole = scan.nameWord(i);
    if (whole !== undefined && whole > j + 2) {
      j = whole;
      firstInfo = scan.words.get(text, i, j) | W_SURNAME;
    }
  }
  if (i > 0 && text.charCodeAt(i - 1) === 0x5b && scan.at(j) === 0x5d) return j;
  if (scan.maskResidue(i)) return j;
  // Tribunal de Justiça do Estado de São Paulo, Instituto Oswaldo Cruz, Vila Mariana: a body,
  // an organisation or a place whose name may hold a person's; all of it is left.
  if (firstInfo & (W_ORG | W_BAIRRO) && j - i >= 2 && scan.cls(i) & UPPER && scan.style(i, j) !== 0) {
    // Procurador de Justiça Ubiratan Campos, Delegada de Polícia Civil Iracema Lima: the body
    // completes an office's title, and the name after the title is a person's.
    // Not after a role (`aluna da Escola Municipal Vereador José Tabosa`): a school's name is its own.
    const head = fold(text.slice(i, j));
    if (firstInfo & W_ORG && !COURT_HONORIFICS.has(head) && !NAMED_INSTITUTION_HEADS.has(head) && officeBefore(scan, i))
      return personAfterTitle(scan, j);
    return properNoun(scan, j);
  }
  // `a embarcação Dona Olívia II`, `o cão Thor`, `N/M Comandante Lobato III`: a thing's or an animal's name.
  if (scan.cls(i) & UPPER && thingBefore(scan, i)) return properNoun(scan, j);
  // `Advogados Associados`, `Consultoria`: what a firm does is no one's name, cue or not.
  if (firstInfo & W_COMPANY_TAIL) return j;
  // Dotted capitals, read from the first: J. C. Silva, M. A. Souza, A.C. Silva (a person's
  // initials), or E.M. Tia Leonor, E.E.F.M. Padre Anchieta (a school's acronym, then its name).
  if (j - i === 1 && scan.cls(i) & UPPER && scan.at(j) === 0x2e) {
    const last = dottedAcronymEnd(scan, i);
    if (scan.at(last + 1) === 0x2e && scan.at(last + 2) === SPACE_CHAR) {
      const cued = scan.cueBefore(i, NAME, 1) || roleLabelBefore(scan, i);
      const letters = last > i ? acronymLetters(scan, i, last) : '';
      if (ORG_ACRONYMS.has(letters) || (!cued && CLUB_ACRONYMS.has(letters))) return properNoun(scan, last + 2);
      const before = scan.found.length;
      const end = initials(scan, last, cued);
      const found = scan.found[before];
      if (found !== undefined && found.start === last) scan.found[before] = { ...found, start: i };
      if (scan.found.length > before) return end;
    }
    const standing = standingInitials(scan, i, last);
    if (standing > 0) return standing;
    if (scan.at(last + 1) === 0x2e && scan.at(last + 2) === SPACE_CHAR) return last + 1;
  }
  // SERPA, Talita Lopes (2004): a surname in capitals, however rare, before a comma and a common
  // first name is a person cited surname first, in a citation or a reference. A surname that is
  // also a town's name (TENÓRIO, PB) counts only with the year or full stop of a reference after it.
  if (j - i >= 3 && scan.at(j) === 0x2c && !(firstInfo & (W_STOP | W_PLACE_START | W_ORG | W_BAIRRO)) && scan.style(i, j) === 2) {
    const given = commonGivenNames(scan, j);
    if (given > 0 && (firstInfo & W_PLACE ? referenceAfter(scan, given) : referenceAfter(scan, given) || citingBefore(scan, i))) {
      scan.add(i, given, 'name');
      return given;
    }
    // BARKLEY, R. A. Transtorno…; WECHSLER, D.: a rare surname and initials opening a reference's line or a citation.
    const initials =
      firstInfo & W_PLACE || (!(firstInfo & W_SURNAME) && ORDINARY_ENDING.test(fold(text.slice(i, j)))) ? -1 : initialsOnly(scan, j);
    if (initials > 0 && (lineOpensAt(scan, i) || citingBefore(scan, i))) {
      scan.add(i, initials, 'name');
      return initials;
    }
  }
  // Brandt, Helga Ostermann. · D'Avila, Jurema de.: a surname in title case before given names
  // opens an entry of a catalogue card or a list of references (at the line's start, or after
  // the roman numeral of an added entry), closed by a full stop.
  if (
    j - i >= 3 &&
    scan.at(j) === 0x2c &&
    scan.style(i, j) === 1 &&
    !(firstInfo & (W_PLACE | W_PLACE_START | W_ORG | W_BAIRRO)) &&
    (firstInfo & W_SURNAME || !(firstInfo & W_STOP || ORDINARY_ENDING.test(fold(text.slice(i, j))))) &&
    !(cueTable().get(text, i, j) & NAME) &&
    (lineOpensAt(scan, i) || romanItemBefore(scan, i))
  ) {
    const given = entryGivenNames(scan, j);
    if (given > 0 && entryClosed(scan, given)) {
      scan.add(i, given, 'name');
      return given;
    }
  }
  // a família Giacomin, PRODUTOR ZANATTA: a lone surname, however rare, after the word for a family or a farmer.
  if (j - i >= 4 && !(firstInfo & (W_STOP | W_ORG)) && !nameAmbiguous(firstInfo) && familyWordBefore(scan, i) && !scan.capitalisedNext(j)) {
    // A known surname counts even when a town bears it (Monteiro, Camargo).
    if (
      firstInfo & W_SURNAME ||
      (!(firstInfo & LONE_SURNAME_NOT) && (nameWeight(firstInfo) >= 0 || !ORDINARY_ENDING.test(fold(text.slice(i, j)))))
    ) {
      scan.add(i, j, 'name');
      return j;
    }
  }
  // Fast exit for the common capitalised word that is no name, no place and has no cue
  // (sentence starts, headings, product names): only a capitalised word after it could help.
  if (nameWeight(firstInfo) < 0 && !(firstInfo & (W_SURNAME | W_PLACE_START))) {
    if (
      !scan.capitalisedNext(j) &&
      !nicknameNext(scan, j) &&
      !diminutiveOfName(text, i, j) &&
      !scan.cueBefore(i, NAME, 1) &&
      !listedAfterGivenName(scan, i) &&
      !listedKinAfterYear(scan, i) &&
      !mentionAt(scan, i, j)
    )
      return j;
  }
  if (j - i < 2) return j;
  const firstStop = (firstInfo & W_STOP) !== 0;
  const firstStyle = scan.style(i, j);
  if (firstStyle === 0) return j;
  if (!scan.nameWordEnds(j)) return j;
  // A chain that can be neither a place nor a name is not built: a stop word, or an unknown word
  // in capitals, opening a sentence or written in a script of no name (a verb, a heading's word),
  // unless a person's qualification follows the chain (`TEKÃ NAWAXI YAWANAWÁ, brasileiro`). The
  // test reads through `at`, so a stream decides here as the whole text does.
  if (
    !(firstInfo & (W_PLACE | W_PLACE_START)) &&
    (firstStop ||
      (nameWeight(firstInfo) < 0 &&
        !(firstInfo & W_SURNAME) &&
        (firstStyle === 2 || scan.sentenceStart(i) || !lowerLatin1(text, i + 1, j)) &&
        !scan.cueBefore(i, NAME, 1) &&
        !roleLabelBefore(scan, i) &&
        !listedAfterGivenName(scan, i) &&
        !listedKinAfterYear(scan, i) &&
        !mentionAt(scan, i, j) &&
        !chatSpeakerAt(scan, i) &&
        !speakerAt(scan, i) &&
        !chainBeforePostCue(scan, j, firstStyle) &&
        !chainBeforeMailbox(scan, j, firstStyle) &&
        !chainBeforeLifespan(scan, j, firstStyle) &&
        !nicknameNext(scan, j) &&
        !chainBeforeKinColumn(scan, j, firstStyle) &&
        !(firstStyle === 2 && (commonNamesFollow(scan, j) || (fieldOpensAt(scan, i) && commonNameNext(scan, j))))))
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
  // A quoted nickname between the chain's words (`Yerlan "Paraguaio" Benítez`): only people are called so.
  let nickname = -1;
  while (count < MAX_NAME_WORDS) {
    if (scan.at(p) !== SPACE_CHAR) break;
    let q = p + 1;
    // Vanderlei "Deco" Vieira, Marcelo 'Pará' Guedes, Wesley ""Tchê"" Rambo (in a CSV cell): a quoted nickname between the names.
    if ((scan.at(q) === 0x22 || scan.at(q) === 0x27) && count > 0) {
      const quotes = scan.at(q) === 0x22 && scan.at(q + 1) === 0x22 ? 2 : 1;
      const nick = quotedNickname(scan, q, quotes, firstUpper, count >= 2);
      if (nick < 0) break;
      starts[count] = q + quotes;
      ends[count] = nick - quotes;
      infos[count++] = 0;
      p = nick;
      if (scan.at(p) !== SPACE_CHAR) break;
      nickname = count - 1;
      continue;
    }
    // Ângela T., Leandro B. da Rosa: initials that end a name, or lead through a particle to its surname.
    if (count > 0 && scan.cls(q) & UPPER && scan.at(q + 1) === 0x2e && !(scan.cls(q + 2) & WORD) && nameWeight(infos[0] ?? 0) >= 0) {
      const after = middleInitials(scan, q, firstUpper);
      const particle = after > 0 ? scan.wordEnd(after) : -1;
      if (
        particle > after &&
        particle - after <= 3 &&
        scan.words.get(text, after, particle) & W_PARTICLE &&
        scan.at(particle) === SPACE_CHAR &&
        scan.chainWord(particle + 1) &&
        CHAIN_WORD.style !== 0
      ) {
        particles |= 1 << count;
        starts[count] = particle + 1;
        ends[count] = CHAIN_WORD.end;
        infos[count++] = CHAIN_WORD.info;
        p = CHAIN_WORD.end;
        continue;
      }
      if (after < 0 || !(scan.chainWord(after) && CHAIN_WORD.style !== 0)) {
        starts[count] = q;
        ends[count] = after > 0 ? after - 1 : q + 2;
        infos[count++] = 0;
        break;
      }
    }
    if (!scan.chainWord(q)) break;
    const w = CHAIN_WORD.end;
    const info = CHAIN_WORD.info;
    const style = CHAIN_WORD.style;
    if (info & W_PARTICLE && w - q <= 4) {
      // A particle only counts when a capitalised word follows it; `é` (is) folds to `e` (and) but joins no names.
      if (scan.at(w) !== SPACE_CHAR || (w - q === 1 && text.charCodeAt(q) > 0x7f)) break;
      let next = w + 1;
      // van der Berg, de la Cruz, de los Ríos: two particles in a row.
      if (
        !foldedEquals(text, q, w, 'E') &&
        scan.chainWord(next) &&
        CHAIN_WORD.style === 0 &&
        CHAIN_WORD.info & W_PARTICLE &&
        CHAIN_WORD.end - next <= 3 &&
        scan.at(CHAIN_WORD.end) === SPACE_CHAR
      )
        next = CHAIN_WORD.end + 1;
      if (!scan.chainWord(next) || CHAIN_WORD.style === 0 || (CHAIN_WORD.style === 2) !== firstUpper) break;
      const w2 = CHAIN_WORD.end;
      const info2 = CHAIN_WORD.info;
      // "Santos e Souza" joins surnames; "Santos e João" starts another person.
      if (foldedEquals(text, q, w, 'E') && !(info2 & W_SURNAME) && nameWeight(info2) >= COMMON_NAME_WEIGHT) break;
      particles |= 1 << count;
      q = next;
      // `dos Nascimento`, `da Rocha`: after a particle a surname that is also a word still continues;
      // after a word that is no one's given name for sure, a body's head word (`Era da Irmandade da Boa
      // Morte`) opens another name (a given name keeps its `do Barco`, `da Padaria`: a nickname's).
      if (
        (info2 & W_STOP && !(info2 & W_SURNAME)) ||
        (info2 & W_ORG &&
          !(info2 & W_SURNAME) &&
          (nameWeight(firstInfo) < 0 || nameAmbiguous(firstInfo)) &&
          !HEADS_ALSO_SURNAMES.has(fold(text.slice(next, w2)))) ||
        !scan.nameWordEnds(w2)
      )
        break;
      starts[count] = q;
      ends[count] = w2;
      infos[count++] = info2;
      p = w2;
      continue;
    }
    // Omar al-Khatib, Nasser el-Amin: an article joined by a hyphen to a capitalised surname.
    if (style === 0 && count > 0 && hyphenedArticle(scan, q, w)) {
      starts[count] = q;
      ends[count] = w;
      infos[count++] = W_SURNAME;
      p = w;
      continue;
    }
    if (style === 0) {
      // Middle initials: Maria J. Silva, VALDECIR K. A. PRETO, GENIVAL B SANTOS (no dot in capitals).
      const after = middleInitials(scan, q, firstUpper);
      if (after > 0 && scan.chainWord(after) && CHAIN_WORD.style !== 0) {
        const w2 = CHAIN_WORD.end;
        const info2 = CHAIN_WORD.info;
        if (!(info2 & W_STOP)) {
          starts[count] = after;
          ends[count] = w2;
          infos[count++] = info2;
          p = w2;
          continue;
        }
      }
      break;
    }
    // A surname that is also a common word (Nascimento, Rocha, Cruz) still continues a name; an
    // organisation's head (`Na Creche Municipal …`) opens a body's name, no one's surname.
    if (info & W_COMPANY_TAIL) break;
    if ((info & (W_STOP | W_ORG) && !(info & W_SURNAME) && !HEADS_ALSO_SURNAMES.has(fold(text.slice(q, w)))) || !scan.nameWordEnds(w))
      break;
    // A particle in capitals then an organisation's head (`DO EGRÉGIO TRIBUNAL`) opens a body's name, no one's.
    if (count === 1 && firstInfo & W_PARTICLE && info & W_ORG) break;
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
      if (
        places.has(joined) &&
        (t > 0 ||
          scan.ufAfter(ends[t] ?? 0) ||
          (count === 1 && (placeBefore(scan, i) || listedWithPlace(scan, i, ends[0] ?? j)) && !citedSurname(scan, i, ends[0] ?? j)))
      )
        placeEnd = ends[t] ?? 0;
    }
    if (
      placeEnd > 0 &&
      !personBeyondPlace(firstInfo, placeEnd, count) &&
      !givenNamesPlace(scan, i, placeEnd, count) &&
      !titledNamePlace(scan, i, j, placeEnd, count)
    )
      return placeEnd;
  }
  if (firstStop) return j;
  // `Doc. 04`, `Fl. 12`, `Proc. 0001`: an abbreviation before a number refers to a document.
  if (count === 1 && nameWeight(firstInfo) < 0 && scan.at(j) === 0x2e && scan.at(j + 1) === SPACE_CHAR && scan.cls(j + 2) & DIGIT) return j;

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
  // Fulano de Tal, Ignorado, Não declarado: a placeholder for a person, no one's name.
  if (placeholderName(fold(text.slice(i, j)))) return j;
  // Juiz de Paz: the office's last word, not a person's surname.
  if (count === 1 && foldedEquals(text, i, j, 'PAZ') && officeBefore(scan, i)) return j;
  // A role or title (Paciente, Sra., Presidente) is a cue for the name after it, never a name
  // itself, unless it is also a first name written as one: `Cliente Ilma Nascimento` (no dot, a
  // name after it, not `Ilma. Sra.`).
  if (cueTable().get(text, i, j) & NAME && !givenNameNotTitle(scan, firstInfo, j, count, starts, ends)) return j;
  if (count >= 2 && j - i === 3 && seuTitleAt(scan, i)) return j;
  const seuCued = seuBefore(scan, i);
  const titleCued = (scan.cueBefore(i, NAME, 1) && !cueEndsLine(scan, i)) || seuCued;
  // `MATRICULA  NOME  ADMISSAO`: a word no list knows beside `Nome` in a line of column names is the next column's name.
  if (titleCued && count === 1 && !entry && !(firstInfo & W_SURNAME) && headerLineCell(scan, i, chainEnd)) return chainEnd;
  // `Nome da Conta:`, `Nome do Arquivo:`: what a name belongs to, in a label of its own.
  if (titleCued && scan.at(chainEnd) === 0x3a && NAME_OF_BEFORE.test(text.slice(Math.max(0, i - 12), i))) return chainEnd;
  // `no bairro Frei Damião`, `Escola Padre Anchieta`: a title after a place's head word names the place.
  // (`o barco do Seu Hiroshi`: the informal title names whose it is.)
  if (titleCued && !seuCued && titleNamesPlace(scan, i)) return chainEnd;
  // A chat's speaker (before the colon) needs a name word: `Equipe Financeira:` is a team.
  // A chat export's speaker: a name word, or two words or more of no team's (`Equipe Financeira:`), a bot's or a body's.
  const speaker =
    speakerEnds(scan, chainEnd) &&
    (entry || surnameHits + nameHits > 0 || (count >= 2 && !teamSpeaker(scan, count))) &&
    (chatSpeakerAt(scan, i) || speakerAt(scan, i));
  // `Vistoriador:`, `Conferido por`: a role told by its suffix; a name of words no list knows needs two of them there.
  const roleCued = !titleCued && (count >= 2 || entry || (firstInfo & W_SURNAME) !== 0) && roleLabelBefore(scan, i);
  const cued =
    titleCued ||
    roleCued ||
    listedAfterName(scan, i) ||
    listedKinAfterYear(scan, i) ||
    mentionAt(scan, i, j) ||
    (!(firstInfo & (W_PLACE | W_PLACE_START | W_ORG | W_THING | W_STOP)) && ownersDocumentBefore(scan, i)) ||
    speaker ||
    (count === 1 && weight >= RARE_NAME_WEIGHT && !ambiguous && !firstUpper && listedBeforeGivenName(scan, chainEnd));
  // SP, ES, MG: two capitals alone are a state or initials, not a name.
  if (count === 1 && firstUpper && j - i <= 2) return j;
  // `Agente Comunitário de Saúde`, `Médico Clínico Geral`: after an office's word, an adjective no list knows (a
  // stressed syllable marked before its last two, as Portuguese adjectives of trades end) is the office's.
  if (cued && !entry && !(firstInfo & W_SURNAME) && officeAdjective(text.slice(i, j))) return j;

  let accept = false;
  if (cued) accept = true;
  else if (count === 1 && !firstUpper && !scan.sentenceStart(i) && diminutiveOfName(text, i, j)) {
    // `no Pedrinho`, `a Lurdinha`, `pro Marquinhos`: the diminutive of a common first name, alone, is a person's.
    accept = true;
  } else if (entry) {
    if (count >= 2) {
      accept = !ambiguous || weight >= COMMON_NAME_WEIGHT + 2 || surnameHits + nameHits >= 1 || count >= 3;
      if (weight < 4 && surnameHits + nameHits === 0 && rest < 2) accept = false;
    } else {
      const start = scan.sentenceStart(i);
      if (ambiguous) accept = weight >= COMMON_NAME_WEIGHT + 2 && !start && !firstUpper && !scan.capitalisedNext(j);
      else
        accept =
          (weight >= COMMON_NAME_WEIGHT && (!firstUpper || weight >= COMMON_NAME_WEIGHT + 2)) ||
          // `o Tonho`, `pro Dudu`, `a Neca`: Portuguese puts the article before a person's first name
          // (a nickname's too, however rare), never before an ordinary word written capitalised mid-sentence.
          (weight >= RARE_NAME_WEIGHT &&
            !firstUpper &&
            !start &&
            !(firstInfo & (W_PLACE | W_ORG | W_THING)) &&
            scan.at(j) !== 0x2d &&
            articleBefore(text, i));
    }
  } else if (firstInfo & W_SURNAME && count >= 2 && surnameHits >= 1) {
    accept = true;
  } else if (firstInfo & W_SURNAME && !(firstUpper && count >= 2)) {
    // A surname and given names in capitals go on to a record's field below (`KOWALCZYK ADEMIR`).
    accept = false;
  } else if (
    count >= 2 &&
    !scan.sentenceStart(i) &&
    !firstUpper &&
    ((infos[1] ?? 0) & W_SURNAME || nameHits >= 1) &&
    lowerLatin1(text, i + 1, j)
  ) {
    accept = true;
  } else if (firstUpper && count >= 4 && rareGivenBeforeNames(scan, firstInfo, i, j)) {
    // `YORMAN JOSÉ RIVAS MARCANO`: a first name no list holds, in capitals, before a common
    // first name and two surnames or more, is the person's first given name.
    accept = true;
  } else if (
    firstUpper &&
    count >= 2 &&
    surnameBeforeGivenNames(scan, firstInfo, i, j, count) &&
    fieldOpensAt(scan, i) &&
    fieldClosesAt(scan, chainEnd)
  ) {
    // `KRELLING ADEMIR   550…`, `POHL KIMBERLY VITORIA`: a legacy register's field holds the
    // surname first, however rare, then the given names.
    accept = true;
  }
  // A chain followed by its state (Copacabana, Rio de Janeiro - RJ) is a place.
  if (!cued && placeFollows(scan, chainEnd)) return chainEnd;
  // SILVA, João Carlos · SOUZA, M. A.: a surname first, as citations write it.
  if (firstUpper) {
    const given = firstStyle === 2 ? Math.max(givenNames(scan, chainEnd), capitalGivenNames(scan, chainEnd)) : givenNames(scan, chainEnd);
    if (given > 0 && (cued || surnameHits > 0 || firstInfo & W_SURNAME || nameHits > 0 || weight >= COMMON_NAME_WEIGHT)) {
      scan.add(i, given, 'name');
      return given;
    }
  }
  // A name followed by what only people have: `, OAB/SP 123`, `, CPF …`, `, brasileira, casada`.
  if (!accept && count >= 2 && (postCue(scan, chainEnd) || mailboxAfter(scan, chainEnd) || lifespanAfter(scan, chainEnd))) accept = true;
  // `Yerlan "Paraguaio" Benítez Gamarra`: a quoted nickname between a first word and a surname, no body's or thing's name.
  if (!accept && nickname > 0 && nickname < count - 1 && !(firstInfo & (W_STOP | W_ORG | W_PLACE | W_PLACE_START | W_THING)))
    accept = nameEndsAfterNickname(nickname, count);
  if (!accept) return entry ? chainEnd : j;
  // Bling 3.2.17, Orion 2.0: a product and its version (a common first name or a surname stays a person's).
  if (count <= 2 && weight < COMMON_NAME_WEIGHT && surnameHits === 0 && versionSoon(scan, chainEnd)) return chainEnd;
  // CASA DAS TINTAS ROCHA & BRANCO LTDA, Salvador Cruz Tecnologia S.A.: a company named after people.
  const company = companyEnd(scan, chainEnd, nameWeight(firstInfo) >= 6 && !nameAmbiguous(firstInfo) && !(firstInfo & W_SURNAME));
  if (company > 0) {
    // `o Cícero da Pernambuco Vistorias`: a person of a firm named after a place.
    const last = 31 - Math.clz32(particles);
    const place = infos[last] ?? 0;
    if (last >= 1 && place & W_PLACE && !(place & W_SURNAME) && nameWeight(place) < 0 && scan.at(chainEnd) === SPACE_CHAR) {
      const after = scan.chainWord(chainEnd + 1) ? CHAIN_WORD.info : 0;
      if (after & W_COMPANY_TAIL) scan.add(i, ends[last - 1] ?? j, 'name');
    }
    return company;
  }
  // The names of fields (`NOME COMPLETO`, `NOME DA MÃE`, a header after a cue) are no one's name, nor a role
  // in capitals closing a label (`USUARIO SUBMISSOR:`).
  if (count === 1 && firstStyle === 2 && scan.at(chainEnd) === 0x3a && agentNoun(fold(text.slice(i, chainEnd)))) return chainEnd;
  let fields = 0;
  for (let t = 0; t < count; t++)
    if ((infos[t] ?? 0) & W_PARTICLE || FIELD_WORDS.has(fold(text.slice(starts[t] ?? 0, ends[t] ?? 0)))) fields++;
  if (fields === count) return chainEnd;
  // `Renovate Bot`, `Carl Bot`: a bot's account named like a person.
  if (count >= 2 && foldedEquals(text, starts[count - 1] ?? 0, ends[count - 1] ?? 0, 'BOT')) return chainEnd;
  // A name longer than a chain holds (`… José Carlos Oliveira`): its next words are the same person's.
  const end = count === MAX_NAME_WORDS ? nameGoesOn(scan, chainEnd, firstStyle) : chainEnd;
  scan.add(i, end, 'name');
  return end;
}

/**
 * `o Seu Expedito`, `com Seu Benedito`: `Seu` capitalised inside a sentence is the title, not the
 * possessive, and a cue for the name after it (only at a sentence's start may it open a heading: `Seu Pedido`).
 */
function seuBefore(scan: Scan, i: number): boolean {
  return i >= 6 && scan.text.charCodeAt(i - 1) === SPACE_CHAR && seuTitleAt(scan, i - 4);
}

/** Whether the title `Seu` (capitalised, inside a sentence) stands at `s`. */
function seuTitleAt(scan: Scan, s: number): boolean {
  if (scan.text.charCodeAt(s) !== 0x53 || !foldedEquals(scan.text, s, s + 3, 'SEU') || scan.cls(s - 1) & WORD || scan.cls(s + 3) & WORD)
    return false;
  return !scan.sentenceStart(s);
}

/** Two to six initials, each a capital and a dot, a particle maybe between (`M. E. S. L.`, `K. S. dos S.`), then no name's word. */
const INITIALS = /^\p{Lu}\.(?: ?(?:d[aeo]s? )?\p{Lu}\.){1,5}(?![\p{L}\d])/u;
/** What names a person by initials alone: a party's or a person's cue, or `iniciais`. */
const INITIALS_CUE_BEFORE = /\b(?:iniciais|iniciais do nome|identificad[ao] (?:como|por))\s*:?\s*$/i;

/**
 * `Autor: M. E. S. L., menor`, `pelas iniciais A. S. X. L.`: a person named by initials alone after
 * a person's cue (a party, a title) or the word `iniciais`. Adds the initials as a name and returns
 * their end, or -1. Read through `at`, so a stream waits for the last initial.
 */
export function initialsName(scan: Scan, i: number): number {
  scan.at(i + 16);
  const m = INITIALS.exec(scan.text.slice(i, i + 16));
  if (m === null) return -1;
  const end = i + m[0].length;
  // `J. R. Tolkien`: initials before a surname are the name's, read with it.
  if (scan.at(end) === SPACE_CHAR && scan.cls(end + 1) & UPPER) return -1;
  if (!scan.cueBefore(i, NAME, 1) && !INITIALS_CUE_BEFORE.test(scan.text.slice(Math.max(0, i - 32), i))) return -1;
  scan.add(i, end, 'name');
  return end;
}

/** A person's document or contact, then whose: `CPF do `, `NIS da d. `, `o zap da `. */
const OWNERS_DOCUMENT_BEFORE =
  /(?:^|[^\p{L}])(?:CPF|RG|NIS|PIS|CNH|CNS|celular|telefone|zap|whats(?:app)?|e-?mail|certid[aã]o) d[oa] (?:(?:d\.|dona|seu|sr\.|sra\.|tia|tio) )?$/iu;

/** Whether a person's document or contact is named just before `i` as someone's (`CPF do Joon`). */
function ownersDocumentBefore(scan: Scan, i: number): boolean {
  return OWNERS_DOCUMENT_BEFORE.test(scan.text.slice(Math.max(0, i - 24), i));
}

/** Titles people give each other, written in lower case before a name in lower case (`dona lurdes`, `seu genésio`). */
const LOWER_TITLES: ReadonlySet<string> = new Set([
  'DONA',
  'SEU',
  'TIA',
  'TIO',
  'VO',
  'VOVO',
  'MADRINHA',
  'PADRINHO',
  'COMADRE',
  'COMPADRE',
]);
/** The first letters of those titles, lower-cased. */
const TITLE_OPENINGS: ReadonlySet<number> = new Set([...'dstvmpc'].map((ch) => ch.charCodeAt(0)));
/** The last letters of those titles in either case (`vó`, `VÔ` too): most words follow none of them. */
export const LOWER_TITLE_ENDS: ReadonlySet<number> = new Set([...'aeouóôAEOUÓÔ'].map((ch) => ch.charCodeAt(0)));

/**
 * `dona lurdes`, `seu genésio`, `tia nice`: a chat's lower-case given name after a title, when it
 * is a common given name that is no ordinary word, or a word of a name the text gave before.
 * Adds it and returns its end, or -1.
 */
export function titledLowerName(scan: Scan, i: number, j: number): number {
  const text = scan.text;
  if (j - i < 3 || text.charCodeAt(i - 1) !== SPACE_CHAR) return -1;
  let s = i - 1;
  while (s > 0 && scan.cls(s - 1) & WORD && i - s < 10) s--;
  // Most words before a lower-case word are no title: its length and first letter say so before a slice.
  if (i - 1 - s < 2 || i - 1 - s > 8 || !TITLE_OPENINGS.has(text.charCodeAt(s) | 0x20)) return -1;
  if (!LOWER_TITLES.has(fold(text.slice(s, i - 1)))) return -1;
  const info = scan.words.get(text, i, j);
  if (!((nameWeight(info) >= COMMON_NAME_WEIGHT && !nameAmbiguous(info)) || scan.knownName(i, j))) return -1;
  scan.add(i, j, 'name');
  return j;
}

/** An adjective of an office or a trade: `Comunitário`, `Clínico`, `Indígena`, `Penitenciária`, `Agrícola`. */
function officeAdjective(word: string): boolean {
  return /[áéíóúâêô]/i.test(word) && /(?:ARIO|ARIA|ICO|ICA|IGENA|ORIO|ORIA|OLA|ULO|ULA)$/.test(fold(word));
}

/** A column's name: one word of letters, maybe cut short with a dot (`Doc.`, `Nasc.`, `Nº`). */
const HEADER_CELL = /^[\p{L}º°_]+\.?$/u;

/**
 * Whether the word `[i, e)` stands in a line of column names: every cell of the line one word set
 * apart by two spaces or a tab, three cells or more, no digit. Read through `at` up to the line's
 * end, so a stream waits for it.
 */
function headerLineCell(scan: Scan, i: number, e: number): boolean {
  const text = scan.text;
  if (!(text.charCodeAt(i - 1) === 0x09 || (text.charCodeAt(i - 1) === SPACE_CHAR && text.charCodeAt(i - 2) === SPACE_CHAR))) return false;
  const start = text.lastIndexOf('\n', i - 1) + 1;
  if (i - start > 200) return false;
  let q = e;
  for (;;) {
    const c = scan.at(q);
    if (c === -1 || c === 0x0a || c === 0x0d) break;
    if (q - e > 200) return false;
    q++;
  }
  if (scan.openAt >= 0) return false;
  const cells = text
    .slice(start, q)
    .trim()
    .split(/ {2,}|\t+/);
  return cells.length >= 3 && cells.every((cell) => HEADER_CELL.test(cell));
}

/** The end of the name words (surnames, common first names, particles between them) in `style` right after `e`. */
function nameGoesOn(scan: Scan, e: number, style: number): number {
  let end = e;
  let p = e;
  for (let words = 0; words < MAX_NAME_WORDS && scan.at(p) === SPACE_CHAR; words++) {
    if (!scan.chainWord(p + 1)) break;
    const info = CHAIN_WORD.info;
    const w = CHAIN_WORD.end;
    if (info & W_PARTICLE && w - p <= 4) {
      p = w;
      continue;
    }
    // A surname that is also a town's (Oliveira, MG) goes on a name all the same.
    if (CHAIN_WORD.style !== style || info & (W_STOP | W_ORG) || (info & (W_PLACE | W_PLACE_START) && !(info & W_SURNAME))) break;
    if (!(info & W_SURNAME) && nameWeight(info) < COMMON_NAME_WEIGHT) break;
    end = w;
    p = w;
  }
  return end;
}

/** Endings of Portuguese words for people's roles and trades (agent nouns), never a given name's. */
const ROLE_ENDING = /(?:DOR|DORA|TOR|TORA|NTE|ISTA|EIRO|EIRA|ARIO)$/;

/** After `j`, in capitals: an unambiguous common first name, then another name's word (`… JOSÉ RIVAS`). */
function commonNamesFollow(scan: Scan, j: number): boolean {
  if (scan.at(j) !== SPACE_CHAR || !scan.chainWord(j + 1) || CHAIN_WORD.style !== 2) return false;
  if (nameWeight(CHAIN_WORD.info) < COMMON_NAME_WEIGHT || nameAmbiguous(CHAIN_WORD.info)) return false;
  const e = CHAIN_WORD.end;
  if (scan.at(e) !== SPACE_CHAR || !scan.chainWord(e + 1) || CHAIN_WORD.style !== 2) return false;
  return !(CHAIN_WORD.info & (W_STOP | W_PLACE | W_ORG) && !(CHAIN_WORD.info & W_SURNAME));
}

/** Whether a first name in capitals that is no ordinary word follows `j` (`KRELLING ADEMIR`). */
function commonNameNext(scan: Scan, j: number): boolean {
  return (
    scan.at(j) === SPACE_CHAR &&
    scan.chainWord(j + 1) &&
    CHAIN_WORD.style === 2 &&
    nameWeight(CHAIN_WORD.info) >= 0 &&
    !nameAmbiguous(CHAIN_WORD.info)
  );
}

/**
 * The chain in CHAIN_STARTS/CHAIN_INFOS (at `i`, `count` words) opens with a word no list knows and
 * no place, body, street or role is named by, then a first name that is no ordinary word: a
 * surname written first (`SCHROEDER HELGA M`, `POHL KIMBERLY VITORIA`).
 */
function surnameBeforeGivenNames(scan: Scan, firstInfo: number, i: number, j: number, count: number): boolean {
  if (
    firstInfo & (W_STOP | W_PLACE | W_PLACE_START | W_ORG | W_BAIRRO | W_PARTICLE | W_STREET_WORD | W_STREET_ABBR) ||
    j - i < 3 ||
    !/[AEIOUY]/.test(fold(scan.text.slice(i, j)))
  )
    return false;
  if (cueTable().get(scan.text, i, j) & NAME || ROLE_ENDING.test(fold(scan.text.slice(i, j)))) return false;
  const second = CHAIN_INFOS[1] ?? 0;
  if (nameWeight(second) < 0 || nameAmbiguous(second)) return false;
  for (let t = 2; t < count; t++) {
    const info = CHAIN_INFOS[t] ?? 0;
    if (info & (W_STOP | W_ORG) && !(info & W_SURNAME) && nameWeight(info) < 0) return false;
  }
  return true;
}

/** Whether a record's or a report's field opens at `i`: the line's start, a delimiter, or a column's gap of two spaces. */
function fieldOpensAt(scan: Scan, i: number): boolean {
  const b = i > 0 ? scan.text.charCodeAt(i - 1) : 0x0a;
  return b === 0x0a || b === 0x7c || b === 0x3b || b === 0x09 || (b === SPACE_CHAR && i > 1 && scan.text.charCodeAt(i - 2) === SPACE_CHAR);
}

/** Whether the field closes at `e`: the line's end, a delimiter, a column's gap, or a number right after one space. Read through `at`. */
function fieldClosesAt(scan: Scan, e: number): boolean {
  const a = scan.at(e);
  if (a < 0) return scan.final;
  if (a === 0x0a || a === 0x0d || a === 0x7c || a === 0x3b || a === 0x09) return true;
  return a === SPACE_CHAR && (scan.at(e + 1) === SPACE_CHAR || (scan.cls(e + 1) & DIGIT) !== 0);
}

/** The chain in CHAIN_STARTS/CHAIN_INFOS (at `i`) opens with an unknown word, then an unambiguous common first name and two words of names. */
function rareGivenBeforeNames(scan: Scan, firstInfo: number, i: number, j: number): boolean {
  if (
    firstInfo & (W_STOP | W_PLACE | W_PLACE_START | W_ORG | W_BAIRRO | W_PARTICLE) ||
    j - i < 4 ||
    !/[AEIOUY]/.test(fold(scan.text.slice(i, j)))
  )
    return false;
  // A role's word (`SACADOR`, `REQUERENTE`, `MOTORISTA`) opens the line before a name, not the name.
  if (cueTable().get(scan.text, i, j) & NAME || ROLE_ENDING.test(fold(scan.text.slice(i, j)))) return false;
  const second = CHAIN_INFOS[1] ?? 0;
  if (nameWeight(second) < COMMON_NAME_WEIGHT || nameAmbiguous(second)) return false;
  for (const t of [2, 3]) {
    const info = CHAIN_INFOS[t] ?? 0;
    if (info & (W_STOP | W_PLACE | W_ORG) && !(info & W_SURNAME)) return false;
  }
  return true;
}

/** Whether a word that is both a title and a first name (`Ilma`) starts a name here: no dot after it, and no title next. */
function givenNameNotTitle(scan: Scan, info: number, j: number, count: number, starts: Int32Array, ends: Int32Array): boolean {
  // Abbreviated titles (Sr, Sra, Dr) are never first names, however the list spells them.
  if (nameWeight(info) < COMMON_NAME_WEIGHT || nameAmbiguous(info) || count < 2 || scan.at(j) === 0x2e || j - (starts[0] ?? j) < 4)
    return false;
  return (cueTable().get(scan.text, starts[1] ?? 0, ends[1] ?? 0) & NAME) === 0;
}

/**
 * `[04/12/2026 11:40] Yeon-hee Cho Albuquerque: …`: whether a chat export's timestamp in brackets
 * opens the line right before `i`, where the speaker's name stands (before a colon).
 */
function chatSpeakerAt(scan: Scan, i: number): boolean {
  if (scan.at(i - 1) !== SPACE_CHAR || scan.at(i - 2) !== 0x5d || !(scan.cls(i - 3) & DIGIT)) return false;
  let p = i - 3;
  while (p > 0 && i - p < 28 && scan.at(p) !== 0x5b && scan.at(p) !== 0x0a) p--;
  return scan.at(p) === 0x5b && (p === 0 || scan.at(p - 1) === 0x0a) && scan.text.slice(p, i).includes(':');
}

/** Whether a word of the chain in CHAIN_STARTS/CHAIN_ENDS is a team's, a bot's, a body's or a place's. */
function teamSpeaker(scan: Scan, count: number): boolean {
  for (let t = 0; t < count; t++) {
    const s = CHAIN_STARTS[t] ?? 0;
    const e = CHAIN_ENDS[t] ?? 0;
    if (
      (CHAIN_INFOS[t] ?? 0) & (W_ORG | W_STOP | W_PLACE_START) ||
      GROUP_MENTIONS.has(fold(scan.text.slice(s, e))) ||
      TEAM_WORDS.has(fold(scan.text.slice(s, e)))
    )
      return true;
  }
  return false;
}

const TEAM_WORDS = new Set(
  'BOT SISTEMA SYSTEM SUPORTE SUPPORT ATENDIMENTO CENTRAL SETOR GRUPO COORDENACAO SECRETARIA DIRECAO ADMIN MODERADOR MODERACAO NOTIFICACOES ALERTAS'.split(
    ' ',
  ),
);

/** Mentions of a group, not of a person: `@Todos`, `@channel`. */
const GROUP_MENTIONS = new Set(['TODOS', 'TODAS', 'ALL', 'HERE', 'CHANNEL', 'EVERYONE', 'CANAL', 'EQUIPE', 'TIME', 'TEAM', 'GERAL']);

/**
 * `Otávio: @Khadija apaga isso`: a capitalised mention in a chat names a member. Not an
 * annotation or a decorator (`@Override`, `@Component(…)` opening a line), an e-mail's domain, or
 * a group (`@Todos`).
 */
function mentionAt(scan: Scan, i: number, j: number): boolean {
  // In title case only: `@REP 23/0041` is a code.
  if (scan.at(i - 1) !== 0x40 || scan.at(j) === 0x28 || scan.at(j) === 0x2e || scan.style(i, j) !== 1) return false;
  let p = i - 2;
  if (p >= 0 && scan.at(p) !== SPACE_CHAR && scan.at(p) !== 0x28) return false;
  while (p >= 0 && (scan.at(p) === SPACE_CHAR || scan.at(p) === 0x09)) p--;
  if (p < 0 || scan.at(p) === 0x0a || scan.at(p) === 0x0d) return false;
  return !GROUP_MENTIONS.has(fold(scan.text.slice(i, j)));
}

/** `al-Khatib`, `el-Amin`, `ad-Din` from `q` to `w`: a lower-case Arabic article, a hyphen and a capitalised word. */
function hyphenedArticle(scan: Scan, q: number, w: number): boolean {
  const a = scan.at(q);
  return (
    (a === 0x61 || a === 0x65) && (scan.cls(q + 1) & LOWER) !== 0 && scan.at(q + 2) === 0x2d && (scan.cls(q + 3) & UPPER) !== 0 && w > q + 4
  );
}

/** Whether an office's title and `de`/`da`/`do` stand just before `i` (`Procurador de`, `Promotora da`). */
function officeBefore(scan: Scan, i: number): boolean {
  let p = i - 1;
  if (scan.at(p) !== SPACE_CHAR) return false;
  const particleEnd = p;
  while (p > 0 && scan.cls(p - 1) & LOWER) p--;
  const particle = fold(scan.text.slice(p, particleEnd));
  if (particle !== 'DE' && particle !== 'DA' && particle !== 'DO') return false;
  if (scan.at(p - 1) !== SPACE_CHAR) return false;
  const titleEnd = p - 1;
  let t = titleEnd;
  while (t > 0 && scan.cls(t - 1) & (UPPER | LOWER)) t--;
  return titleEnd > t && (cueTable().get(scan.text, t, titleEnd) & NAME) !== 0;
}

/**
 * After an office's title whose last word names a body (`Procurador de Justiça`, `Delegado de
 * Polícia Civil`): the rest of the title's capitalised words, then the person's name, masked.
 * Returns where the scan resumes.
 */
function personAfterTitle(scan: Scan, j: number): number {
  let p = j;
  // The rest of the title: Civil, Federal, do Trabalho…, and an abbreviated title (`Dr.`).
  while (scan.at(p) === SPACE_CHAR && scan.chainWord(p + 1) && CHAIN_WORD.style !== 0) {
    const e = CHAIN_WORD.end;
    if (scan.at(e) === 0x2e && e - p <= 5 && cueTable().get(scan.text, p + 1, e) & NAME) p = e + 1;
    else if (CHAIN_WORD.info & W_STOP && !(CHAIN_WORD.info & W_SURNAME)) p = e;
    else break;
  }
  if (scan.at(p) !== SPACE_CHAR || !scan.chainWord(p + 1) || CHAIN_WORD.style === 0 || CHAIN_WORD.info & (W_STOP | W_ORG)) return p;
  const start = p + 1;
  const firstWeight = nameWeight(CHAIN_WORD.info);
  let end = CHAIN_WORD.end;
  let words = 1;
  for (let q = end; words < MAX_NAME_WORDS && scan.at(q) === SPACE_CHAR && scan.chainWord(q + 1);) {
    if (CHAIN_WORD.info & W_PARTICLE && CHAIN_WORD.style === 0) {
      const particle = CHAIN_WORD.end;
      if (scan.at(particle) !== SPACE_CHAR || !scan.chainWord(particle + 1) || CHAIN_WORD.style === 0) break;
    } else if (CHAIN_WORD.style === 0 || (CHAIN_WORD.info & W_STOP && !(CHAIN_WORD.info & W_SURNAME))) break;
    end = q = CHAIN_WORD.end;
    words++;
  }
  if (words < 2 && firstWeight < 0) return end;
  scan.add(start, end, 'name');
  return end;
}

/** `em PRADO, Joana Moreira (2013)`: a town's name in capitals before a comma and given names is a cited author. */
function citedSurname(scan: Scan, i: number, e: number): boolean {
  return scan.style(i, e) === 2 && scan.at(e) === 0x2c && givenNames(scan, e) > 0;
}

/** Organisations' heads and the country's name that are also Portuguese surnames (`Luís da Ponte`, `Ana Câmara`, `Anderson Brasil Menezes`): they continue a name. */
const HEADS_ALSO_SURNAMES = new Set([
  'PONTE',
  'CAMARA',
  'CAPELA',
  'CASAS',
  'SALA',
  'ARENA',
  'PRAIA',
  'IGREJA',
  'FAZENDA',
  'TORRES',
  'BALSA',
  'BRASIL',
]);

/** Words before `de` that make what follows a place: the mayor of Blumenau, the city of Gaspar. */
const OF_PLACE = new Set(
  'PREFEITO PREFEITA PREFEITURA VICE CIDADE MUNICIPIO COMARCA CAMARA GOVERNADOR GOVERNADORA REGIAO DISTRITO MORADORES MORADOR MORADORA NATURAL NATURAIS'.split(
    ' ',
  ),
);
/** Prepositions of place: `em Gaspar`, `para Altamira`. */
const TO_PLACE = new Set(['EM', 'PARA', 'ATE', 'DESDE']);

/** Whether the word before `i` puts a municipality's name there as a place (`em`, `para`, `prefeito de`). */
function placeBefore(scan: Scan, i: number): boolean {
  const word = (end: number): [number, string] | undefined => {
    let e = end;
    while (e > 0 && scan.text.charCodeAt(e - 1) === SPACE_CHAR) e--;
    let s = e;
    while (s > 0 && scan.cls(s - 1) & (UPPER | LOWER)) s--;
    return s < e && e - s <= 12 ? [s, fold(scan.text.slice(s, e))] : undefined;
  };
  // `Cidade: Gaspar`, `'municipio': 'Altamira'`, `<xMun>Iracema</xMun>`: a town's key.
  const key = keyBefore(scan.text, i);
  if (key !== undefined && placeKey(key)) return true;
  const first = word(i);
  if (!first) return false;
  if (TO_PLACE.has(first[1])) return true;
  if (first[1] !== 'DE' && first[1] !== 'DO' && first[1] !== 'DA') return false;
  const second = word(first[0]);
  return second !== undefined && OF_PLACE.has(second[1]);
}

/**
 * `Blumenau, Gaspar e Rio do Sul`: a town's name listed beside another town (by a comma, `e` or
 * `ou`) is a place, though it is also a first name.
 */
const JOINED_BEFORE = /(?:,| e| ou) $/;

function listedWithPlace(scan: Scan, i: number, e: number): boolean {
  const text = scan.text;
  const places = placeSet();
  // The item before: up to four words back from the comma or conjunction before `i`.
  const before = JOINED_BEFORE.exec(text.slice(Math.max(0, i - 6), i));
  if (before !== null) {
    let end = i - before[0].length;
    while (end > 0 && text.charCodeAt(end - 1) === SPACE_CHAR) end--;
    let start = end;
    for (let words = 0; words < 4 && start > 0; words++) {
      let s = start;
      while (s > 0 && scan.cls(s - 1) & (UPPER | LOWER)) s--;
      if (s === start) break;
      if (scan.cls(s) & UPPER && places.has(fold(text.slice(s, end)))) return true;
      start = s;
      if (text.charCodeAt(start - 1) !== SPACE_CHAR) break;
      start--;
    }
  }
  // The item after: `Gaspar, Blumenau`, `Gaspar e Rio do Sul`.
  const after = /^(?:, | e | ou )/.exec(text.slice(e, e + 4));
  if (after === null) return false;
  const from = e + after[0].length;
  if (!(scan.cls(from) & UPPER)) return false;
  let q = from;
  for (let words = 0; words < 4; words++) {
    while (scan.cls(q) & (UPPER | LOWER)) q++;
    if (places.has(fold(text.slice(from, q)))) return true;
    if (text.charCodeAt(q) !== SPACE_CHAR || !(scan.cls(q + 1) & (UPPER | LOWER))) break;
    q++;
  }
  return false;
}

/** Single capitals that are words of their own in capitals (E, O, A, Y), never initials without a dot. */
const LETTER_WORDS = new Set([0x45, 0x4f, 0x41, 0x59]);

/**
 * Initials from `q` (`J. `, `K. A. `, in a chain of capitals also `B `): where the word after
 * them starts, or -1.
 */
function middleInitials(scan: Scan, q: number, capitals: boolean): number {
  let r = q;
  let initials = 0;
  for (; initials < 4; initials++) {
    if (!(scan.cls(r) & UPPER) || scan.cls(r + 1) & WORD) break;
    const dotted = scan.at(r + 1) === 0x2e;
    if (!dotted && (!capitals || LETTER_WORDS.has(scan.at(r)))) break;
    const next = r + (dotted ? 2 : 1);
    if (scan.at(next) !== SPACE_CHAR) break;
    r = next + 1;
    // Hermano C. de A. Lins: a particle between two initials.
    const particle = scan.wordEnd(r);
    if (
      dotted &&
      particle > r &&
      particle - r <= 3 &&
      scan.words.get(scan.text, r, particle) & W_PARTICLE &&
      scan.at(particle) === SPACE_CHAR
    ) {
      if (scan.cls(particle + 1) & UPPER && scan.at(particle + 2) === 0x2e) r = particle + 1;
    }
  }
  return initials > 0 ? r : -1;
}

/** What a lone word after `família`/`produtor` must not be: a stop word, a place, a body, a street's or a month's word. */
const LONE_SURNAME_NOT = W_STOP | W_PLACE | W_PLACE_START | W_ORG | W_BAIRRO | W_STREET_WORD | W_MONTH_PT;

/**
 * Endings of Portuguese adjectives and nouns (`Rural`, `Real`, `Acolhedora`, `Executivo`,
 * `Tradicional`, `Biológica`, `Carente`): after `família`/`produtor` they say what kind, not whose.
 */
export const ORDINARY_ENDING =
  /(?:[AE]L|AR|OR|ORA|IV[OA]|[EA]NTE|OS[OA]|AD[OA]|ID[OA]|IST[AO]|IC[OA]|CAO|COES|DADE|EIR[OA]|ANO|IZ|UT[OA]|ERN[OA]|ENS[OA]|AGEM|ISM[OA]|MENTO)S?$/;

/** Whether `família`, `produtor` or `produtora` stands right before `i`, one space apart. */
function familyWordBefore(scan: Scan, i: number): boolean {
  if (scan.at(i - 1) !== SPACE_CHAR) return false;
  const last = scan.at(i - 2) | 0x20;
  if (last !== 0x61 && last !== 0x72) return false;
  let p = i - 2;
  while (p > 0 && scan.cls(p - 1) & (UPPER | LOWER)) p--;
  const head = scan.at(p) | 0x20;
  if (i - 1 - p < 7 || i - 1 - p > 9 || (head !== 0x66 && head !== 0x70)) return false;
  const word = fold(scan.text.slice(p, i - 1));
  return word === 'FAMILIA' || word === 'PRODUTOR' || word === 'PRODUTORA';
}

/** Whether a lower-case noun for a thing or an animal (W_THING), or a vessel's `N/M`, stands just before `i`. */
/** How the nouns of things open (a capitalised word after lower-case ones asks). */
let thingOpenings: WordOpenings | undefined;

function thingBefore(scan: Scan, i: number): boolean {
  if (scan.at(i - 1) !== SPACE_CHAR) return false;
  const e = i - 1;
  // N/M, B/M, L/M: a motor ship's, boat's or launch's prefix.
  if (scan.at(e - 2) === 0x2f && scan.at(e - 1) === 0x4d && scan.cls(e - 3) & UPPER && !(scan.cls(e - 4) & WORD)) return true;
  // The noun, or the noun and one adjective (`a embarcação pesqueira Dona Conceição`).
  for (let end = e, words = 0; words < 2 && scan.cls(end - 1) & LOWER; words++) {
    let p = end - 1;
    while (p > 0 && end - p < 12 && scan.cls(p - 1) & LOWER) p--;
    if (end - p < 3 || scan.cls(p - 1) & (UPPER | WORD)) return false;
    if ((thingOpenings ??= scan.words.openings(W_THING)).may(scan.text, p, end) && scan.words.get(scan.text, p, end) & W_THING) return true;
    if (scan.at(p - 1) !== SPACE_CHAR) return false;
    end = p - 1;
  }
  return false;
}

/**
 * `"Deco" `, `'Pará' `, `""Tchê"" ` (`quotes` quote characters, as opened at `q`) before another
 * capitalised name word: the index after the closing quotes, or -1.
 */
function quotedNickname(scan: Scan, q: number, quotes: number, capitals: boolean, trailing: boolean): number {
  const quote = scan.at(q);
  if (!scan.chainWord(q + quotes) || CHAIN_WORD.style === 0 || (CHAIN_WORD.style === 2) !== capitals) return -1;
  const e = CHAIN_WORD.end;
  const info = CHAIN_WORD.info;
  for (let k = 0; k < quotes; k++) if (scan.at(e + k) !== quote) return -1;
  // `Antônia Kelly da Silva ""Kellynha""` closing a CSV cell, `José Ribamar "Tatu",`: a nickname
  // after a full name ends it (not an ordinary word: `Ana Souza "Cancelado"` is a status).
  if (
    trailing &&
    !(scan.cls(e + quotes) & WORD) &&
    scan.at(e + quotes) !== SPACE_CHAR &&
    !(info & W_STOP) &&
    !ORDINARY_ENDING.test(fold(scan.text.slice(q + quotes, e)))
  )
    return e + quotes;
  if (scan.at(e + quotes) !== SPACE_CHAR || scan.at(e + quotes + 1) === quote) return -1;
  if (!scan.chainWord(e + quotes + 1) || CHAIN_WORD.style === 0) return -1;
  return e + quotes;
}

/**
 * The end of a company's legal form (LTDA, S.A., S/A, EIRELI, ME, EPP, & CIA…) reached from `p`
 * over the rest of a company's name (capitalised words, particles, `&`, a hyphen), or -1.
 */
export function companyEnd(scan: Scan, p: number, givenFirst = false): number {
  let q = p;
  for (let steps = 0; steps < 10; steps++) {
    // Not over a comma: in `Maria Silva, João Santos, Comércio Silva LTDA` the people are a list.
    const from = q;
    while (scan.at(q) === SPACE_CHAR || scan.at(q) === 0x26 || scan.at(q) === 0x2d) q++;
    const form = legalFormEnd(scan, q);
    if (form > 0) return form;
    if (!scan.chainWord(q)) return -1;
    // An activity word only right after the names (`Leão Advogados`, not `Ana Lima e João Reis Consultoria`),
    // not across a spaced dash after a given name (`Kélvia Nunes Dantas – Assessoria`: a person, then her department).
    if (CHAIN_WORD.info & W_COMPANY_TAIL && CHAIN_WORD.style !== 0 && steps === 0)
      return givenFirst && spacedDash(scan, from, q) ? -1 : companyTailEnd(scan, CHAIN_WORD.end);
    if (CHAIN_WORD.style === 0 && !(CHAIN_WORD.info & W_PARTICLE)) return -1;
    q = CHAIN_WORD.end;
  }
  return -1;
}

/** Whether `[from, q)` is a dash with a space on each side. */
function spacedDash(scan: Scan, from: number, q: number): boolean {
  return q - from === 3 && scan.at(from) === SPACE_CHAR && scan.at(from + 1) === 0x2d && scan.at(from + 2) === SPACE_CHAR;
}

/** The end of a firm's activity words from the end `e` of the first one: `Advogados Associados`, `Corretora de Seguros`. */
function companyTailEnd(scan: Scan, e: number): number {
  let end = e;
  for (let p = e; scan.at(p) === SPACE_CHAR && scan.chainWord(p + 1);) {
    if (CHAIN_WORD.info & W_PARTICLE && CHAIN_WORD.style === 0) {
      p = CHAIN_WORD.end;
      continue;
    }
    if (!(CHAIN_WORD.info & W_COMPANY_TAIL) || CHAIN_WORD.style === 0) break;
    end = p = CHAIN_WORD.end;
  }
  const form = legalFormEnd(scan, end + 1);
  return scan.at(end) === SPACE_CHAR && form > 0 ? form : end;
}

/** `LTDA`, `Ltda.`, `S.A.`, `S/A`, `EIRELI`, `ME`… at `q`: its end, or -1. */
function legalFormEnd(scan: Scan, q: number): number {
  let letters = '';
  let r = q;
  while (r - q < 8) {
    const c = scan.at(r);
    if (scan.cls(r) & (UPPER | LOWER)) letters += String.fromCharCode(c);
    else if (
      !((c === 0x2e || c === 0x2f) && letters.length > 0 && scan.cls(r + 1) & (UPPER | LOWER)) &&
      !(c === 0x2e && letters.length > 0)
    )
      break;
    r++;
  }
  if (scan.cls(r) & WORD || !legalForm(letters)) return -1;
  // `SS CLN.QFD.MN8S.04`: the letters open an alphanumeric CNPJ written with its spaces, no legal form.
  if (alnumCnpjEnd(scan, q) > 0) return -1;
  // `ME/000.000.0000.23`, `SA.123…`: letters glued to digits open a code (an alphanumeric CNPJ), not a legal form.
  const glue = scan.at(r);
  if ((glue === 0x2f || glue === 0x2e || glue === 0x2d) && codeAfter(scan, r + 1)) return -1;
  return r;
}

/** Whether a code with a digit in it goes on from `q` (`SS-Q8V-F7X.DMOO.90`), not a second legal form (`Ltda-ME`). */
function codeAfter(scan: Scan, q: number): boolean {
  for (let p = q; p - q < 18; p++) {
    const c = scan.at(p);
    if (scan.cls(p) & DIGIT) return true;
    if (!(scan.cls(p) & WORD) && c !== 0x2d && c !== 0x2e && c !== 0x2f) return false;
  }
  return false;
}

/** Words of field names and column headers: every key word of every detector, and what qualifies them. */
const FIELD_WORDS: ReadonlySet<string> = new Set([
  ...PERSON_ROLE_WORDS,
  ...DETECTORS.flatMap((d) => [...(d.keys?.words ?? []), ...(d.keys?.short ?? []), ...(d.keys?.pairs ?? []).flat()]),
  ...'COMPLETO MAE PAI SOCIAL CIVIL SOLTEIRA RAZAO FANTASIA CAMPO VALOR DADOS CADASTRO REGISTRO DATA NUMERO BAIRRO COMPLEMENTO CIDADE ESTADO UF PARENTESCO SEXO IDADE CARGO FUNCAO SETOR VINCULO PERCENTUAL PARTICIPACAO'.split(
    ' ',
  ),
]);

export function particleBetween(scan: Scan, a: number, b: number): string {
  return fold(scan.text.slice(a, b).trim());
}

/**
 * The end of a proper noun that is no person's name: the capitalised words, particles,
 * ordinals (3ª) and roman numerals after its head word `Tribunal`, `Instituto`, `Vila`…
 */
/** The capitalised words of a street's name after its type (`Frei Serafim`, `das Flores`): their end, or -1 when none follows. */
export function publicStreetName(scan: Scan, p: number): number {
  const end = properNoun(scan, p);
  return end > p ? end : -1;
}

function properNoun(scan: Scan, j: number): number {
  let end = j;
  let p = j;
  for (let words = 0; words < 12; words++) {
    if (scan.at(p) !== SPACE_CHAR) break;
    const q = p + 1;
    if (scan.cls(q) & DIGIT) {
      let d = q;
      while (scan.cls(d) & DIGIT) d++;
      if (scan.at(d) !== 0xaa && scan.at(d) !== 0xba) break;
      end = p = d + 1;
      continue;
    }
    if (!scan.chainWord(q)) break;
    const w = CHAIN_WORD.end;
    if (CHAIN_WORD.info & W_PARTICLE && w - q <= 4 && CHAIN_WORD.style !== 2) {
      if (scan.at(w) !== SPACE_CHAR || !(scan.cls(w + 1) & (UPPER | DIGIT))) break;
      p = w;
      continue;
    }
    // A street's type ends the name of the body before it (`Agência da Previdência Social da Av. …`).
    if (CHAIN_WORD.style === 0 || (CHAIN_WORD.info & (W_STREET_WORD | W_STREET_ABBR) && words > 0)) break;
    // `Hospital de Base Dr. Ary Pinheiro`, `Escola Estadual Prof. Anísio Teixeira`: a title's
    // abbreviation belongs to the name of the body it honours.
    if (scan.at(w) === 0x2e && scan.at(w + 1) === SPACE_CHAR && scan.cls(w + 2) & UPPER && cueTable().get(scan.text, q, w) & NAME) {
      end = p = w + 1;
      continue;
    }
    end = p = w;
  }
  return end;
}

/** Schools and public services named by a dotted acronym (`E.M.`, `E.E.F.M.`), then a name that is often a person's. */
const ORG_ACRONYMS = new Set([
  'EM',
  'EE',
  'EEF',
  'EEFM',
  'EEEFM',
  'EMEF',
  'EMEI',
  'EMEB',
  'CE',
  'CEI',
  'CMEI',
  'UE',
  'UEM',
  'UEB',
  'EEB',
  'UBS',
]);

/**
 * Clubs and associations by their dotted acronym (`E.C. Vitória`, `S.E.R. Caxias`, `G.R.E.S.
 * Portela`), often named after a person: an acronym, not a person's initials, unless a person's cue
 * stands before it.
 */
const CLUB_ACRONYMS = new Set(
  'EC SC FC GE CR SE AA ER CA AE AD SER SEC GEC AEC ADC ACD CEC SCR SRE GRES GRCES GRCSES AABB CTG ABC'.split(' '),
);

/**
 * Whether a version number follows `e`, or the product's next word and then one (`TOTVS Protheus
 * 12.1.2310`, `TMS-Norte 5.2.7`, where a change of case or a hyphen ended the chain).
 */
function versionSoon(scan: Scan, e: number): boolean {
  if (versionAfter(scan, e)) return true;
  if (scan.at(e) !== SPACE_CHAR && scan.at(e) !== 0x2d) return false;
  let p = e + 1;
  while (scan.cls(p) & (UPPER | LOWER) && p - e <= 20) p++;
  return p > e + 1 && versionAfter(scan, p);
}

/** Whether a version number follows `e` (` 3.2.17`, ` v2.1`): the words before it name a product. */
function versionAfter(scan: Scan, e: number): boolean {
  if (scan.at(e) !== SPACE_CHAR) return false;
  let p = e + 1;
  if (scan.at(p) === 0x76 && scan.cls(p + 1) & DIGIT) p++;
  let groups = 0;
  // 12.345 and 1.234.567 are thousands: a version has a later group of other than three digits.
  let notThousands = false;
  for (;;) {
    const s = p;
    while (scan.cls(p) & DIGIT) p++;
    if (p === s) return false;
    if (groups > 0 && p - s !== 3) notThousands = true;
    groups++;
    if (scan.at(p) !== 0x2e || !(scan.cls(p + 1) & DIGIT)) break;
    p++;
  }
  return groups >= 2 && notThousands && !(scan.cls(p) & WORD) && scan.at(p) !== 0x2c;
}

/**
 * Dotted acronyms of things, never a person's initials: gazettes, units, countries, codes of law,
 * Latin and letter-writing abbreviations.
 */
const THING_ACRONYMS = new Set(
  `DOU DOE DOM DJE DJU DJ DJEN UTI UPA EUA USA UK URSS UE ONU CIA FBI CLT CPC CPP CP CC CF CTN CDC ECA CTB LRF
  RSVP PS PPS NB OBS AD AC DC AM PM SA SAS AR OK TV CD DVD MM VS IE EG ETC RIP VIP PHD MSC MD QSL SOS NS`.split(/\s+/),
);

/** A person's noun before initials standing for them, beyond the name's cues: `o menor K.O.D.`, `a amiga L.M.R.`. */
const INITIALS_NOUNS = /\b(?:menor|menores|amig[oa]s?|colegas?|vizinh[oa]s?|infante|nascituro|a genitora|o genitor)\W{0,4}$/i;

/**
 * `Apelante: J.C.S.`, `genitores do menor K.O.D.`, `devidos a M.V.P.B. e J.P.B.`: dotted initials
 * standing for a person (a minor, a party in a secret case), with no name after them. Three
 * letters or more are a person's unless they spell a body or a thing (`D.O.U.`, `I.N.S.S.`); two
 * only after a person's cue. Adds them and returns their end, or -1.
 */
function standingInitials(scan: Scan, i: number, last: number): number {
  if (scan.at(last + 1) !== 0x2e || scan.cls(last + 2) & WORD || scan.cls(i - 1) & WORD || scan.at(i - 1) === 0x2e) return -1;
  const letters = acronymLetters(scan, i, last);
  if (letters.length < 2 || letters.length > 6) return -1;
  if (THING_ACRONYMS.has(letters) || ORG_ACRONYMS.has(letters) || CLUB_ACRONYMS.has(letters) || UF_CODES.has(letters)) return -1;
  if (scan.words.getFolded(letters) & (W_STOP | W_ORG | W_PLACE)) return -1;
  const cued = scan.cueBefore(i, NAME, 2) || roleLabelBefore(scan, i) || INITIALS_NOUNS.test(scan.text.slice(Math.max(0, i - 24), i));
  if (!cued && letters.length < 3) return -1;
  scan.add(i, last + 2, 'name');
  return last + 2;
}

/** The last capital of the dotted capitals glued from `i` on (`A.C.`, `E.E.F.M.`): `i` when there is one. */
function dottedAcronymEnd(scan: Scan, i: number): number {
  let a = i;
  while (scan.at(a + 1) === 0x2e && scan.cls(a + 2) & UPPER && !(scan.cls(a + 3) & WORD)) a += 2;
  return a;
}

function acronymLetters(scan: Scan, a: number, i: number): string {
  let letters = '';
  for (let p = a; p <= i; p += 2) letters += scan.text[p];
  return letters;
}

/** `J. C. Silva`: initials and the capitalised words after them, masked when one is a surname or a first name, or any after a person's cue. */
function initials(scan: Scan, i: number, cued: boolean): number {
  let p = i;
  while (scan.cls(p) & UPPER && !(scan.cls(p + 1) & WORD) && scan.at(p + 1) === 0x2e && scan.at(p + 2) === SPACE_CHAR) p += 3;
  let end = -1;
  let known = false;
  let q = p;
  for (let words = 0; words < 3; words++) {
    if (!scan.chainWord(q) || CHAIN_WORD.style === 0 || CHAIN_WORD.info & W_STOP) break;
    const info = CHAIN_WORD.info;
    // After a person's cue (`Responsável: C. Zimmermann`) any capitalised surname will do, and so
    // will a name's word found earlier in the text (`Gilberto Chaul` … `G. M. Chaul`).
    if (
      info & W_SURNAME ||
      nameWeight(info) >= COMMON_NAME_WEIGHT ||
      (cued && !(info & (W_PLACE | W_ORG | W_PLACE_START))) ||
      scan.knownName(q, CHAIN_WORD.end)
    )
      known = true;
    end = CHAIN_WORD.end;
    if (scan.at(end) !== SPACE_CHAR) break;
    q = end + 1;
  }
  if (end < 0 || !known) return i + 1;
  // `2. Etnografia. I. Brandt, Helga`: a catalogue's roman numeral before a surname-first entry, no initial.
  if (!cued && p === i + 3 && ROMAN_ONE.has(scan.at(i)) && scan.at(end) === 0x2c) return i + 1;
  scan.add(i, end, 'name');
  return end;
}

/** I, V and X: the roman numerals a catalogue card numbers its secondary entries with. */
const ROMAN_ONE: ReadonlySet<number> = new Set([0x49, 0x56, 0x58]);

/**
 * Maria Helena Veloso Almeida: a chain that starts with a first name and runs past the place it
 * begins with (Maria Helena, PR) into surnames is a person's name.
 */
function personBeyondPlace(firstInfo: number, placeEnd: number, count: number): boolean {
  if (nameWeight(firstInfo) < COMMON_NAME_WEIGHT || nameAmbiguous(firstInfo)) return false;
  for (let t = 1; t < count; t++) if ((CHAIN_STARTS[t] ?? 0) > placeEnd && (CHAIN_INFOS[t] ?? 0) & W_SURNAME) return true;
  return false;
}

/**
 * `Atendente: Maria Helena`, `Maria Helena Kowalczuk`: a town named with two or more common given
 * names (Maria Helena, PR) is a person's given names after a person's cue or before a further
 * capitalised word that is no place's.
 */
function givenNamesPlace(scan: Scan, i: number, placeEnd: number, count: number): boolean {
  let t = 0;
  for (; t < count && (CHAIN_ENDS[t] ?? 0) <= placeEnd; t++) {
    const info = CHAIN_INFOS[t] ?? 0;
    if (nameWeight(info) < COMMON_NAME_WEIGHT || nameAmbiguous(info)) return false;
  }
  if (t < 2) return false;
  if (t < count) return !((CHAIN_INFOS[t] ?? 0) & (W_PLACE | W_PLACE_START | W_ORG | W_STOP));
  return scan.cueBefore(i, NAME, 1) || roleLabelBefore(scan, i);
}

/**
 * `a avó, Dona Francisca`, `Nome: Padre Marcos`: a town named for a titled person (Dona Inês, PB;
 * Padre Marcos, PI) is a title and a given name after a person's cue. With surnames after it
 * (`Doutor Ricardo Leal Bentes`; Doutor Ricardo, RS) it is a titled person's name anywhere.
 */
function titledNamePlace(scan: Scan, i: number, j: number, placeEnd: number, count: number): boolean {
  if (CHAIN_ENDS[1] !== placeEnd || !(cueTable().get(scan.text, i, j) & NAME)) return false;
  const next = count > 2 ? (CHAIN_INFOS[2] ?? 0) : 0;
  if (next & W_SURNAME && !(next & (W_PLACE | W_PLACE_START | W_ORG | W_STOP))) return true;
  const info = CHAIN_INFOS[1] ?? 0;
  return (
    nameWeight(info) >= COMMON_NAME_WEIGHT &&
    !nameAmbiguous(info) &&
    !placeBefore(scan, i) &&
    (scan.cueBefore(i, NAME, 1) || roleLabelBefore(scan, i))
  );
}

/** The end of the given names after `e` (`, Talita Lopes`) when the first is a common, unambiguous first name; else -1. */
function commonGivenNames(scan: Scan, e: number): number {
  if (scan.at(e) !== 0x2c || scan.at(e + 1) !== SPACE_CHAR || !scan.chainWord(e + 2) || CHAIN_WORD.style !== 1) return -1;
  const info = CHAIN_WORD.info;
  if (nameWeight(info) < COMMON_NAME_WEIGHT || nameAmbiguous(info) || info & (W_STOP | W_PLACE | W_ORG)) return -1;
  return givenNames(scan, e);
}

/** `, Jurema Tupinambá` in an entry: given names whose first is any first name of the survey (the layout says it is one). */
function entryGivenNames(scan: Scan, e: number): number {
  if (scan.at(e) !== 0x2c || scan.at(e + 1) !== SPACE_CHAR || !scan.chainWord(e + 2) || CHAIN_WORD.style !== 1) return -1;
  const info = CHAIN_WORD.info;
  // A given name that is also a town's (Jurema, Iracema) still is one here.
  if (nameWeight(info) < 0 || info & W_ORG) return -1;
  return givenNames(scan, e);
}

/** Words that introduce a cited author: `em SERPA, Talita (2004)`, `apud`, `cf.`. */
const CITING = [
  'EM',
  'APUD',
  'CF',
  'VIDE',
  'SEGUNDO',
  'CONFORME',
  'POR',
  'LECIONA',
  'LECIONAM',
  'ENSINA',
  'ENSINAM',
  'EXPLICA',
  'ADVERTE',
  'OBSERVA',
  'SUSTENTA',
];

/** Whether a reference closes at `e`: a year (`(2004)`, `, 2004`), a full stop or a semicolon. */
function referenceAfter(scan: Scan, e: number): boolean {
  const after = scan.at(e);
  if (after === 0x2e || after === 0x3b) return true;
  return (
    (after === SPACE_CHAR && scan.at(e + 1) === 0x28 && (scan.cls(e + 2) & DIGIT) !== 0) ||
    (after === 0x2c && (scan.cls(e + 2) & DIGIT) !== 0)
  );
}

/** Whether a citation opens before `i`: a parenthesis, a semicolon, or a citing word (`em`, `apud`, `cf.`). */
function citingBefore(scan: Scan, i: number): boolean {
  let p = i - 1;
  while (p >= 0 && scan.at(p) === SPACE_CHAR) p--;
  const before = scan.at(p);
  if (before === 0x28 || before === 0x3b) return true;
  const end = p + 1;
  while (p >= 0 && scan.cls(p) & WORD) p--;
  return end > p + 1 && CITING.some((word) => foldedEquals(scan.text, p + 1, end, word));
}

/** `, João Carlos` or `, M. A.` after an upper-case surname: the end of the given names, or -1. */
function givenNames(scan: Scan, e: number): number {
  if (scan.at(e) !== 0x2c || scan.at(e + 1) !== SPACE_CHAR) return -1;
  let q = e + 2;
  let end = -1;
  for (let words = 0; words < 4; words++) {
    // An initial: M. or M.A.
    if (scan.cls(q) & UPPER && !(scan.cls(q + 1) & WORD) && scan.at(q + 1) === 0x2e) {
      end = q + 2;
      q = scan.at(end) === SPACE_CHAR ? end + 1 : end;
      if (scan.at(end) !== SPACE_CHAR) break;
      continue;
    }
    if (!scan.chainWord(q)) break;
    const w = CHAIN_WORD.end;
    if (CHAIN_WORD.info & W_PARTICLE && w - q <= 3 && end > 0) {
      if (scan.at(w) !== SPACE_CHAR) break;
      q = w + 1;
      continue;
    }
    // Given names are written in title case; a word in capitals is the next surname, and an
    // office (`FERREIRA, Desembargador-Relator`) says who the person is, not their name.
    if (CHAIN_WORD.style !== 1 || CHAIN_WORD.info & W_STOP || roleWord(scan, q, w)) break;
    end = w;
    if (scan.at(w) !== SPACE_CHAR) break;
    q = w + 1;
  }
  return end;
}

/**
 * `TEMBÉ, ANTÔNIO CARLOS`, `HADDAD, NADIA S.`: the given names after a surname in a listing written
 * all in capitals, the first a common first name (in capitals a surname or a town reads the same).
 * Returns their end, or -1.
 */
export function capitalGivenNames(scan: Scan, e: number): number {
  if (scan.at(e) !== 0x2c || scan.at(e + 1) !== SPACE_CHAR || !scan.chainWord(e + 2) || CHAIN_WORD.style !== 2) return -1;
  const info = CHAIN_WORD.info;
  if (nameWeight(info) < COMMON_NAME_WEIGHT || info & (W_STOP | W_PLACE | W_ORG)) return -1;
  let end = CHAIN_WORD.end;
  let q = end + 1;
  for (let words = 1; words < 4 && scan.at(end) === SPACE_CHAR; words++) {
    // A middle initial (`NADIA S.`).
    if (scan.cls(q) & UPPER && !(scan.cls(q + 1) & WORD) && scan.at(q + 1) === 0x2e) {
      end = q + 2;
      break;
    }
    if (!scan.chainWord(q) || CHAIN_WORD.style !== 2 || CHAIN_WORD.info & (W_STOP | W_ORG) || roleWord(scan, q, CHAIN_WORD.end)) break;
    end = CHAIN_WORD.end;
    q = end + 1;
  }
  return end;
}

/** `, R. A.` after a surname: the end of one to three initials, then a space, `;`, `,`, `)` or the line's end; or -1. */
function initialsOnly(scan: Scan, e: number): number {
  if (scan.at(e) !== 0x2c || scan.at(e + 1) !== SPACE_CHAR) return -1;
  let q = e + 2;
  let end = -1;
  for (let k = 0; k < 3; k++) {
    if (!(scan.cls(q) & UPPER) || scan.cls(q + 1) & WORD || scan.at(q + 1) !== 0x2e) break;
    end = q + 2;
    q = scan.at(end) === SPACE_CHAR ? end + 1 : end;
  }
  if (end < 0) return -1;
  const after = scan.at(end);
  return after === SPACE_CHAR || after === 0x3b || after === 0x2c || after === 0x29 || after === 0x0a || after === 0x0d || after < 0
    ? end
    : -1;
}

/** Whether only blanks, a bullet or a list number stand between the line's start and `i` (a reference list's entry). */
function lineOpensAt(scan: Scan, i: number): boolean {
  let p = i - 1;
  while (p >= 0 && i - p < 8) {
    const c = scan.at(p);
    if (c === 0x0a) return true;
    if (!(c === SPACE_CHAR || c === 0x09 || c === 0x2d || c === 0x2a || c === 0x2e || c === 0x5b || c === 0x5d || scan.cls(p) & DIGIT))
      return false;
    p--;
  }
  return p < 0;
}

/** `II. ` before `i`: the roman numeral of an added entry on a catalogue card. */
function romanItemBefore(scan: Scan, i: number): boolean {
  if (scan.at(i - 1) !== SPACE_CHAR || scan.at(i - 2) !== 0x2e) return false;
  let p = i - 2;
  while (p > 0 && i - 2 - p < 5 && (scan.at(p - 1) === 0x49 || scan.at(p - 1) === 0x56 || scan.at(p - 1) === 0x58)) p--;
  return p < i - 2 && !(scan.cls(p - 1) & WORD);
}

/** Whether an entry's given names close at `e`: a full stop, a year, or a trailing particle and a full stop (`Jurema de.`). */
function entryClosed(scan: Scan, e: number): boolean {
  if (referenceAfter(scan, e)) return true;
  if (scan.at(e) !== SPACE_CHAR) return false;
  const w = scan.wordEnd(e + 1);
  return w > e + 1 && w - e <= 4 && (scan.words.get(scan.text, e + 1, w) & W_PARTICLE) !== 0 && scan.at(w) === 0x2e;
}

/** Professional councils whose registration follows a member's name with its state (`OAB/SP`, `CRM-PE`). */
const COUNCILS = new Set(['OAB', 'CRM', 'CREA', 'CRO', 'COREN', 'CRP', 'CRC', 'CRF', 'CRN', 'CREFITO', 'CRMV', 'CRESS', 'CAU', 'CRB']);

/** `, Rio de Janeiro - RJ`, `/SP`, ` - SP` after a chain: it is a place. */
function placeFollows(scan: Scan, e: number): boolean {
  if (scan.ufAfter(e)) return true;
  if (scan.at(e) !== 0x2c || scan.at(e + 1) !== SPACE_CHAR || !(scan.cls(e + 2) & UPPER)) return false;
  const word = scan.nameWord(e + 2) ?? e + 2;
  // `, OAB/GO 31.902`, `, CRM/PE 12345`: a professional council's registration, no town.
  if (COUNCILS.has(fold(scan.text.slice(e + 2, word)))) return false;
  const end = properNoun(scan, word);
  // The town must be one the gazetteer knows: `Maria da Silva, Ana Souza São Paulo/SP` lists people,
  // and masking the second name must leave the first as it was decided (masking masked text changes nothing).
  return (
    end > e + 2 &&
    scan.ufAfter(end) &&
    placeSet().has(
      fold(scan.text.slice(e + 2, end))
        .replace(/[^A-Z ]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
  );
}

/** A cue alone at the end of the line before (`Relator` under a signature) speaks of the name above it, unless a colon says otherwise. */
function cueEndsLine(scan: Scan, i: number): boolean {
  let p = i - 1;
  while (p >= 0 && (scan.text.charCodeAt(p) === SPACE_CHAR || scan.text.charCodeAt(p) === 0x09)) p--;
  if (p < 0 || scan.text.charCodeAt(p) !== 0x0a) return false;
  while (p >= 0 && (scan.text.charCodeAt(p) === 0x0a || scan.text.charCodeAt(p) === 0x0d || scan.text.charCodeAt(p) === SPACE_CHAR)) p--;
  return p >= 0 && scan.text.charCodeAt(p) !== 0x3a;
}

/** Another name in a list of names (`os Ministros Fulano, Beltrano e Sicrano`): right after one found, by `,` or `e`. */
function listedAfterName(scan: Scan, i: number): boolean {
  // Before anything this scan found, a name the stream's previous window ended with.
  const end = scan.lastNameEnd();
  if (end < 0 || i - end > 4) return false;
  const between = scan.text.slice(end, i);
  if (between === ', ' || between === ' e ' || between === ' E ' || between === ' and ') return true;
  // `Dona Cabocla (Maria José Assunção), Tuca`: a name given in brackets closes the item before; a given name is the next.
  return between === '), ' && nameWeight(scan.words.get(scan.text, i, scan.wordEnd(i))) > RARE_NAME_WEIGHT;
}

/**
 * `Thaynan, Ludmilla, Akin e Bruninho`: a given name however rare opens a list whose next item is a
 * common given name no ordinary word spells. Read through `at`, so a stream waits for that item.
 */
function listedBeforeGivenName(scan: Scan, e: number): boolean {
  if (scan.at(e) !== 0x2c || scan.at(e + 1) !== SPACE_CHAR || !(scan.cls(e + 2) & UPPER)) return false;
  const w = scan.wordEnd(e + 2);
  if (w <= e + 2 || scan.at(w) < 0) return false;
  const info = scan.words.get(scan.text, e + 2, w);
  return nameWeight(info) >= COMMON_NAME_WEIGHT && !nameAmbiguous(info) && !(info & (W_PLACE | W_PLACE_START | W_ORG | W_STOP));
}

/**
 * `os filhos Taras, Bohdan e Marta`: a rare word after a lone given name found just before, in a
 * list. After a full name (`Jociele Bispo dos Santos, Nubank`) the list may be of other things.
 * Read from the text, so a stream decides as the whole text does.
 */
function listedAfterGivenName(scan: Scan, i: number): boolean {
  if (!listedAfterName(scan, i)) return false;
  const joiner = LIST_JOINERS.find(
    (word) => scan.text.startsWith(word, i - word.length) && scan.cls(i - word.length - 1) & (UPPER | LOWER),
  );
  if (joiner === undefined) return false;
  const e = i - joiner.length;
  let s = e;
  while (s > 0 && scan.cls(s - 1) & (UPPER | LOWER)) s--;
  // The word before that name: another name word or a particle makes it a full name.
  return !(scan.at(s - 1) === SPACE_CHAR && wordBeforeIsName(scan, s - 1));
}

const LIST_JOINERS = [', ', ' e ', ' E ', ' and '];

/**
 * `Filhos: Wisly (2015) e Loïc (2020)`: the next relative of a list after one found with the year
 * they were born, whatever their given name.
 */
function listedKinAfterYear(scan: Scan, i: number): boolean {
  // Most words follow no `, ` or ` e `: a look at two characters says so.
  const joiner = scan.text.charCodeAt(i - 2);
  if (scan.text.charCodeAt(i - 1) !== SPACE_CHAR || (joiner !== 0x2c && (joiner | 0x20) !== 0x65)) return false;
  // Read from the text alone (a stream's window keeps it), not from what the scan found.
  const gap = KIN_YEAR_GAP.exec(scan.text.slice(Math.max(0, i - 12), i));
  if (gap === null) return false;
  const open = i - gap[0].length;
  const nameEnd = scan.text.charCodeAt(open - 1) === SPACE_CHAR ? open - 1 : open;
  const year = Number(gap[1]);
  return open >= scan.cueFloor && year >= 1890 && (scan.cls(nameEnd - 1) & (UPPER | LOWER)) !== 0 && kinListBefore(scan.text, nameEnd);
}

const KIN_YEAR_GAP = /\((\d{4})\)(?:, | e | E )$/;

/** Whether the word ending at `e` is capitalised or a name's particle (`dos`, `da`). */
function wordBeforeIsName(scan: Scan, e: number): boolean {
  let s = e;
  while (s > 0 && scan.cls(s - 1) & (UPPER | LOWER)) s--;
  if (s === e) return false;
  return (scan.cls(s) & UPPER) !== 0 || (e - s <= 3 && (scan.words.get(scan.text, s, e) & W_PARTICLE) !== 0);
}

/** Words before a title that make the title and name after it a place's or a vessel's name: `bairro Frei Higino`, `barco Comandante Nilo`. */
const PLACE_HEADS = new Set(
  'BAIRRO RUA AVENIDA AV TRAVESSA PRACA ALAMEDA LOGRADOURO ENDERECO VILA JARDIM PARQUE CONJUNTO DISTRITO LOCALIDADE COMUNIDADE MUNICIPIO CIDADE BARCO NAVIO LANCHA BALSA EMBARCACAO REBOCADOR FERRY'.split(
    ' ',
  ),
);

/** A dash, an en dash or a comma: what joins an address's parts (`, 12 - Centro`). */
const ADDRESS_JOINS = new Set([0x2d, 0x2013, 0x2c]);

/**
 * Whether the title just before `i` follows a place's or a vessel's head word (`no bairro Padre
 * Cícero`, `a lancha Dona Zilda`) or ends a body's name (`Hospital de Base Dr. Ary Pinheiro`,
 * `Escola Estadual Frei Anselmo`): up to four capitalised words or particles back.
 */
function titleNamesPlace(scan: Scan, i: number): boolean {
  let p = i;
  while (p > 0 && scan.at(p - 1) === SPACE_CHAR) p--;
  if (scan.at(p - 1) === 0x2e) p--;
  const titleEnd = p;
  while (p > 0 && scan.cls(p - 1) & (UPPER | LOWER)) p--;
  if (p === titleEnd) return false;
  for (let words = 0; words < 5; words++) {
    // Under a key (`bairro: Padre Palhano`) the value is a person's address: its words stay masked.
    if (scan.at(p - 1) !== SPACE_CHAR) return false;
    const end = p - 1;
    p = end;
    while (p > 0 && scan.cls(p - 1) & (UPPER | LOWER)) p--;
    if (p === end || end - p > 14) return false;
    const info = scan.words.get(scan.text, p, end);
    if (PLACE_HEADS.has(fold(scan.text.slice(p, end)))) return true;
    // `Delegado de Polícia Dr. Fulano`: a body that completes an office's title names no place.
    // A body's head word after a dash or a comma (`apto 4 - Centro Sr. Xavier`) is an address's district, no body.
    if (info & W_ORG && scan.cls(p) & UPPER)
      return !officeBefore(scan, p) && !(scan.at(p - 1) === SPACE_CHAR && ADDRESS_JOINS.has(scan.at(p - 2)));
    if (!(scan.cls(p) & UPPER) && !(info & W_PARTICLE)) return false;
  }
  return false;
}

/** What follows only a person's name: `, OAB`, `(OAB`, `, CPF`, `, RG`, `, brasileira`, `, casado`, `, portador`… */
const POST_CUE =
  /^(?:,\s*|\s*\(|\s+-\s+|\s*\n\s*)(?:OAB\b|(?:CRM|CREA|CRO|COREN|CRP|CRC|CRF|CRN|CREFITO|CRMV|CRESS)[\s/-]|CPF\b|RG\b|CNH\b|brasileir[oa]s?\b|casad[oa]\b|solteir[oa]\b|divorciad[oa]\b|vi[uú]v[oa]\b|portador[a]?\b|inscrit[oa]\b|residente\b|domiciliad[oa]\b|nascid[oa]\b|filh[oa] de\b|maior\b|menor\b|aposentad[oa]\b|estudante\b|empres[aá]ri[oa]\b|advogad[oa]\b|m[eé]dic[oa]\b|engenheir[oa]\b|servidor[a]?\b|relator[a]?\b|revisor[a]?\b|presidente\b|vogal\b|ministr[oa]\b|desembargador[a]?\b|ju[ií]z[a]? de direito\b|procurador[a]?\b|promotor[a]? de justi[cç]a\b|defensor[a]? p[uú]blic[oa]\b)/iu;

/**
 * TEKÃ NAWAXI YAWANAWÁ, brasileiro: whether one to four more words in the first word's style
 * follow `j` and what follows them only people have (a civil status, a CPF). Lets a chain of
 * rare words (an indigenous or foreign name) be built when the words after it say it is a person.
 */
function chainBeforePostCue(scan: Scan, j: number, style: number): boolean {
  // A glance at the raw text first: no comma before the line's end, no qualification.
  if (!soonOnLine(scan.text, j, 0x2c)) return false;
  const e = wordsInStyle(scan, j, style);
  if (e === j || scan.at(e) !== 0x2c) return false;
  // Read through `at`, so a stream waits for what follows the words.
  scan.at(e + 24);
  return PERSON_AFTER.test(scan.text.slice(e, Math.min(scan.text.length, e + 24)));
}

/** `Bohdan Chomiak        filho    2015`: whether one to three more words in the first word's style follow `j`, then a dependant's relation and a date. */
function chainBeforeKinColumn(scan: Scan, j: number, style: number): boolean {
  let e = j;
  for (let words = 0; words < 3 && scan.at(e) === SPACE_CHAR && scan.at(e + 1) !== SPACE_CHAR; words++) {
    if (!scan.chainWord(e + 1) || CHAIN_WORD.style !== style) break;
    e = CHAIN_WORD.end;
  }
  if (e === j) return false;
  // Read through `at`, so a stream waits for what follows the words.
  scan.at(e + 32);
  return KIN_COLUMN_AFTER.test(scan.text.slice(e, Math.min(scan.text.length, e + 32)));
}

/** `De: Benki Piyãko <bp@…>`: whether one to four more words in the first word's style follow `j`, then a personal mailbox. */
function chainBeforeMailbox(scan: Scan, j: number, style: number): boolean {
  // A glance at the raw text first: a `<` on the line.
  if (!soonOnLine(scan.text, j, 0x3c)) return false;
  const e = wordsInStyle(scan, j, style);
  return e > j && mailboxAfter(scan, e);
}

/** `Tadeusz Mrozek (1938–2020)`: whether one to four more words in the first word's style follow `j`, then a life span. */
function chainBeforeLifespan(scan: Scan, j: number, style: number): boolean {
  if (!soonOnLine(scan.text, j, 0x28)) return false;
  const e = wordsInStyle(scan, j, style);
  return e > j && lifespanAfter(scan, e);
}

/** The end of up to four more words in `style` after `j` (a quoted nickname among them: `Bolesław "Bolek" Nowicki`), or `j`. */
function wordsInStyle(scan: Scan, j: number, style: number): number {
  let e = j;
  for (let words = 0; words < 4 && scan.at(e) === SPACE_CHAR; words++) {
    const quote = scan.at(e + 1) === 0x22 ? 1 : 0;
    if (!scan.chainWord(e + 1 + quote) || CHAIN_WORD.style !== style) break;
    if (quote && scan.at(CHAIN_WORD.end) !== 0x22) break;
    e = CHAIN_WORD.end + quote;
  }
  return e;
}

/** What only a person's qualification has right after the name: nationality, civil status, a CPF or RG. */
const PERSON_AFTER =
  /^,\s*(?:CPF\b|RG\b|(?:OAB|CRM|CREA|CRO|COREN|CRP|CRC|CRF|CRN|CREFITO|CRMV|CRESS)[\s/-]|brasileir[oa]s?\b|estrangeir[oa]\b|casad[oa]\b|solteir[oa]\b|divorciad[oa]\b|vi[uú]v[oa]\b|portador[a]?\b|nascid[oa]\b|filh[oa] de\b)/iu;

function postCue(scan: Scan, e: number): boolean {
  // Read through `at`, so a stream waits for what follows the name.
  scan.at(e + 32);
  const after = scan.text.slice(e, Math.min(scan.text.length, e + 32));
  return POST_CUE.test(after) || KIN_COLUMN_AFTER.test(after);
}

/** A first name this rare is one only where an article says a person is meant. */
const RARE_NAME_WEIGHT = 3;
/** The definite article, alone or joined to a preposition, before a person's first name (`o`, `da`, `pro`, `pela`, `à`), or `seu` as a title (`seu Zé`). */
const ARTICLE_BEFORE = /(?:^|[\s(])(?:[oa]|d[oa]|n[oa]|pr[oa]|pel[oa]|ao|à|c[oa]m [oa]|seu|sô) $/i;

/** Whether a definite article stands right before `i`. */
function articleBefore(text: string, i: number): boolean {
  return text.charCodeAt(i - 1) === SPACE_CHAR && ARTICLE_BEFORE.test(text.slice(Math.max(0, i - 7), i));
}

/** The endings of a diminutive (`-inho`, `-zinha`, `-inhos`) and the endings its name may have (`Pedr-o`, `Lurd-es`, `Marc-os`). */
const DIMINUTIVE = /^(.{2,}?)Z?INH(O|A)(S?)$/;
const MASCULINE_ENDINGS = ['O', '', 'E', 'IO'];
const FEMININE_ENDINGS = ['A', '', 'IA', 'ES', 'E'];

/**
 * Whether the capitalised word `[i, j)` is the diminutive of a common first name no one mistakes
 * for a word (`Pedrinho`, `Lurdinha`, `Marquinhos`, `Joãozinho`; not `Marinha`, `Rosinha`).
 */
function diminutiveOfName(text: string, i: number, j: number): boolean {
  // Cheap first: the word ends in `nho`, `nha`, `nhos` or `nhas`.
  const last = text.charCodeAt(j - 1) === 0x73 ? j - 1 : j;
  const vowel = text.charCodeAt(last - 1);
  if (j - i < 6 || (vowel !== 0x6f && vowel !== 0x61) || text.charCodeAt(last - 2) !== 0x68 || text.charCodeAt(last - 3) !== 0x6e)
    return false;
  const word = fold(text.slice(i, j));
  const table = wordTable();
  const own = table.get(word, 0, word.length);
  if (own & (W_STOP | W_ORG | W_PLACE | W_PLACE_START | W_BAIRRO | W_THING)) return false;
  const m = DIMINUTIVE.exec(word);
  if (m === null) return false;
  const stem = m[1] ?? '';
  // `Marqu-inhos` is Marcos's, `Migu-elzinho` Miguel's: the spelling before `i` keeps the consonant's sound.
  const stems = stem.endsWith('QU') ? [stem, `${stem.slice(0, -2)}C`] : stem.endsWith('GU') ? [stem, `${stem.slice(0, -2)}G`] : [stem];
  const plural = m[3] === 'S' ? 'S' : '';
  for (const base of stems)
    for (const ending of m[2] === 'O' ? MASCULINE_ENDINGS : FEMININE_ENDINGS) {
      const name = `${base}${ending}${plural}`;
      const info = table.get(name, 0, name.length);
      if (nameWeight(info) >= COMMON_NAME_WEIGHT + 3 && !nameAmbiguous(info)) return true;
    }
  return false;
}

/**
 * Whether the chain's words after its nickname (CHAIN_INFOS from `nickname + 1` to `count`) end a
 * person's name: a known surname among them, or two words or more, none an ordinary word (`Benítez
 * Gamarra`; not `Foi "Lindo" Demais`).
 */
function nameEndsAfterNickname(nickname: number, count: number): boolean {
  let surname = false;
  for (let t = nickname + 1; t < count; t++) {
    const info = CHAIN_INFOS[t] ?? 0;
    if (info & W_SURNAME) surname = true;
    else if (info & (W_STOP | W_ORG | W_PLACE | W_THING) || nameAmbiguous(info)) return false;
  }
  return surname || count - nickname > 2;
}

/** `Kazimierz "Kazik" Wiśniewski`: whether a quoted capitalised word (a nickname inside a name) follows `j`. */
function nicknameNext(scan: Scan, j: number): boolean {
  const quote = scan.at(j + 1);
  return scan.at(j) === SPACE_CHAR && (quote === 0x22 || quote === 0x27) && (scan.cls(j + 2) & UPPER) !== 0;
}

/** A life span in brackets: its years (`(1936–2026)`, `(17/01/1936 – † 02/12/2026)`). */
const LIFESPAN_AFTER =
  /^ ?\((?:\* ?)?(?:\d{1,2}[./-]\d{1,2}[./-])?(\d{4}) ?[-\u2013\u2014] ?(?:\u2020 ?)?(?:\d{1,2}[./-]\d{1,2}[./-])?(\d{4})\)/u;

/**
 * `Kazimierz "Kazik" Wiśniewski (17/01/1936 – 02/12/2026)`: whether a life span follows the chain
 * ending at `e`, its years as far apart as a life (a mandate or a firm's years are shorter or
 * longer: `Prefeito Joel Lima (2017–2020)`).
 */
function lifespanAfter(scan: Scan, e: number): boolean {
  if (scan.at(e) !== 0x28 && scan.at(e + 1) !== 0x28) return false;
  // Read through `at`, so a stream waits for the span's end.
  scan.at(e + 36);
  const span = LIFESPAN_AFTER.exec(scan.text.slice(e, Math.min(scan.text.length, e + 36)));
  if (span === null) return false;
  const born = Number(span[1]);
  const lived = Number(span[2]) - born;
  return born >= 1800 && lived >= 20 && lived < 120;
}

/** Whether the word `[s, e)`, or a part of it between hyphens (Juiz-Relator), is a title, office or role. */
function roleWord(scan: Scan, s: number, e: number): boolean {
  const cues = cueTable();
  let from = s;
  for (let p = s; p <= e; p++) {
    if (p < e && scan.text.charCodeAt(p) !== 0x2d) continue;
    if (cues.get(scan.text, from, p) & NAME || scan.words.get(scan.text, from, p) & W_STOP) return true;
    from = p + 1;
  }
  return false;
}

/** Portuguese prefixes joined by a hyphen (`Bem-vindo`, `Ex-marido`, `Vice-diretora`): a word, not a given name. */
const HYPHEN_PREFIXES = new Set([
  'BEM',
  'MAL',
  'EX',
  'PRE',
  'POS',
  'PRO',
  'VICE',
  'AUTO',
  'SEMI',
  'ANTI',
  'SUB',
  'SUPER',
  'CO',
  'RECEM',
  'ALEM',
  'SEM',
  'NAO',
  'GRAO',
  'GRA',
  'CONTRA',
  'INTER',
  'SOBRE',
]);

/**
 * Whether the capitalised word `[i, j)` goes on after a hyphen with a lower-case syllable and
 * then a capitalised word: `Hyun-woo Park`, `Ji-ho Lee` (not `Bem-vindo ao`, nor `Guarda-chuva`
 * at a sentence's end).
 */
/**
 * `Hye-Jin`, `Ji-Hoon`: a capitalised word the lists do not know, joined by a hyphen to another
 * capitalised word, is one given name; an office (`Procurador-Geral`), a place or a body's word is not.
 */
function titledPart(scan: Scan, i: number, j: number, info: number): boolean {
  if (info & (W_STOP | W_PLACE | W_PLACE_START | W_ORG | W_BAIRRO | W_SURNAME) || cueTable().get(scan.text, i, j) & NAME) return false;
  if (scan.style(i, j) !== 1 || !(scan.cls(j + 2) & LOWER)) return false;
  return !HYPHEN_PREFIXES.has(fold(scan.text.slice(i, j)));
}

/** Syllables of romanised Korean given names (Revised Romanization and McCune–Reischauer spellings). */
const KOREAN_SYLLABLES = new Set(
  `AE AH BIN BO BOK BYUNG BYEONG CHAE CHAN CHANG CHEOL CHUL CHUN CHUNG DAE DONG DOO EUN GI GIL GYU GYEONG HA HAE HAN HEE HEON HO
  HOON HUN HWA HWAN HYE HYO HYUK HYUN HYUNG IL IN JA JAE JEONG JI JIN JONG JOO JU JUN JUNG KI KWANG KYU KYUNG MI MIN MYUNG MYEONG
  NA NAM OK RIM RYUNG SANG SEO SEOK SEON SEUL SEUNG SHIN SIK SO SOL SOO SOOK SU SUK SUN SUNG TAE WON WOO WOONG YEON YEONG YONG
  YOUNG YU YUN YOON`.split(/\s+/),
);

/** Whether `[i, j)` then `-` and the next syllable are two syllables of a Korean given name (`Hyun-woo`, `Chul-Soo`). */
function koreanGivenName(scan: Scan, i: number, j: number): boolean {
  if (!(scan.cls(i) & UPPER) || scan.at(j) !== 0x2d || j - i > 6) return false;
  let q = j + 1;
  while (scan.cls(q) & (UPPER | LOWER) && q - j <= 7) q++;
  return (
    !(scan.cls(q) & WORD) &&
    scan.at(q) !== 0x2d &&
    KOREAN_SYLLABLES.has(fold(scan.text.slice(i, j))) &&
    KOREAN_SYLLABLES.has(fold(scan.text.slice(j + 1, q)))
  );
}

function hyphenedSyllable(scan: Scan, i: number, j: number): boolean {
  if (!(scan.cls(i) & UPPER) || scan.cls(i + 1) & UPPER) return false;
  if (j - i <= 6 && HYPHEN_PREFIXES.has(fold(scan.text.slice(i, j)))) return false;
  let q = j + 1;
  while (scan.cls(q) & LOWER) q++;
  if (q - j - 1 < 2 || q - j - 1 > 5 || scan.at(q) !== 0x20) return false;
  return (scan.cls(q + 1) & UPPER) !== 0 && (scan.cls(q + 2) & LOWER) !== 0;
}
