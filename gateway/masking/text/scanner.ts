/**
 * The text scanner: one left-to-right pass that finds every detector's values.
 *
 * The main loop looks at one token at a time and hands it to at most a few matchers chosen by
 * cheap tests (a digit run, an `@` after a word, a capitalised word, a logradouro type, a
 * `key:` label), so the cost per character is a table lookup, not a regular expression per
 * detector. Matchers never overlap: each returns where the main loop resumes, past what it
 * consumed, so candidates come out sorted and disjoint. The matchers live in matchers/, one
 * module per kind of construct (numbers, names, addresses, tables, labels, e-mail, IP); this
 * module holds the loop and the reading helpers they share.
 *
 * Streaming: every read past the end of the window goes through `at()`, which records that the
 * construct in progress is open. The scan then stops and reports `commit`, the position where
 * the main loop stood when it started that construct. Everything before `commit` is final and
 * equal to what a scan of the whole text would find (a matcher only looks back LOOK_BEHIND
 * characters, and the caller keeps that much context), so chunked input masks exactly like
 * unchunked input.
 */
import type { DetectorId } from '../config.js';
import { DETECTORS, detectorBit } from '../detectors/registry.js';
import { BEHIND, BEHIND_END, BEHIND_FILLER, BEHIND_LABEL, BEHIND_NEWLINE, LOOK_BEHIND, STREAM_CONTEXT } from './behind.js';
import { CLASS, DIGIT, LOWER, SPACE, UNDERSCORE, UPPER, WORD, fold } from './chars.js';
import type { KeyClass } from './keys.js';
import { LearntKeys, memoryKeyId, teaches } from './keyMemory.js';
import {
  W_BAIRRO,
  W_COMPANY_TAIL,
  W_MONTH_EN,
  W_MONTH_PT,
  W_ORG,
  W_PARTICLE,
  W_PLACE,
  W_PLACE_START,
  W_STOP,
  W_STREET,
  W_STREET_ABBR,
  W_STREET_WORD,
  W_SUFFIX,
  W_SURNAME,
  W_THING,
  nameWeight,
  placeSet,
  wordTable,
} from './lexicon.js';
import { address, streetKind } from './matchers/addresses.js';
import { email } from './matchers/email.js';
import { bcbpName, iataDate, iataName, ssrDocs } from './matchers/iata.js';
import { rtfInfoField } from './matchers/rtf.js';
import { icpOtherName } from './matchers/icpBrasil.js';
import { ipv6 } from './matchers/ip.js';
import { label } from './matchers/labels.js';
import {
  LOWER_TITLE_ENDS,
  ORDINARY_ENDING,
  capitalGivenNames,
  companyEnd,
  initialsName,
  name,
  publicStreetName,
  titledLowerName,
} from './matchers/names.js';
import { cueTable } from './cues.js';
import { mayOpenWordsDate, wordsDate } from './matchers/wordDates.js';
import {
  dottedLogin,
  fileExtensionAt,
  fileNameParts,
  handleEnd,
  hostLogin,
  mentionedHandle,
  speakerHandle,
  chatAccount,
  threadHandle,
  stampedAuthor,
  commentAuthor,
  threadLineHead,
} from './handles.js';
import {
  PERSON_DOCUMENTS,
  NAME_DATE_REACH,
  DOCUMENT_DATE_REACH,
  alnumCnpj,
  alnumCnpjEnd,
  compound,
  englishDate,
  monthNameDate,
  numeric,
  prefixedRg,
} from './matchers/numbers.js';
import { htmlTag } from './matchers/html.js';
import { partyTag } from './matchers/parties.js';
import { createTable, insertStatement, sqlKeyword, sqlStep } from './matchers/sql.js';
import { letterheadLine } from './matchers/letterhead.js';
import { lineStart } from './matchers/tables.js';
import { RESIDUE_REACH, residueToken } from './maskOutput.js';
import { AT, SPACE_CHAR, foldedEquals, hexRun, isUf, sequential } from './scanHelpers.js';
import type { ScanState, Structure } from './structures.js';
import { FoldedHashes, type WordOpenings, type WordTable } from './wordTable.js';
import { dayOf } from './validate.js';

export { LOOK_BEHIND };
/** Rows longer than this are never table rows (and are not held back waiting for their end). */
export const MAX_ROW = 4096;

export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly detector: DetectorId;
}

export interface ScanOptions {
  readonly enabled: ReadonlySet<DetectorId>;
  readonly extraKeys: ReadonlyMap<string, KeyClass>;
}

export interface ScanOutcome {
  readonly found: Candidate[];
  /** Everything before this index is final; a stream emits up to here and rescans from here. */
  readonly commit: number;
  /** The state at `commit`. */
  readonly state: ScanState;
}

/** Marks a learned login apart from a learned name's word (a character no text folds to). */
const LOGIN_MARK = '\u0001';

/** A chat account's name with capitals and digits or underscores (`DonaLurdes_64`, `Hildegard_B`): one token. */
const ACCOUNT_NAME = /^[A-Z][A-Za-z]*[0-9_][A-Za-z0-9_]*$/;

/** Scans `text` from `from` (earlier characters are look-behind context only). */
/** Whether `text[s, e)` is all ASCII digits. */
function digitsOnly(text: string, s: number, e: number): boolean {
  for (let q = s; q < e; q++) {
    const c = text.charCodeAt(q);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

export function scanText(text: string, from: number, final: boolean, state: ScanState, options: ScanOptions): ScanOutcome {
  const scanner = new Scan(sequential(text), final, state, options);
  return scanner.run(from);
}

const ADDRESS = detectorBit('address');
const NAME_BIT = detectorBit('name');
const BIRTH_BIT = detectorBit('birth_date');
/** Documents a check digit proves wherever they stand. */
const CHECKED_DOCUMENTS = (['cpf', 'cnpj', 'pis', 'cns', 'titulo_eleitor', 'cnh', 'credit_card'] as const).reduce(
  (bits, id) => bits | detectorBit(id),
  0,
);
/** `de` and its contractions: what joins a role to its field (`Aluno de Enfermagem`). */
const OF: ReadonlySet<string> = new Set(['DE', 'DA', 'DO', 'DAS', 'DOS']);
/** The last character of a line comment's marker: `#`, `--`, `//`, `;`, `%`. */
const COMMENT_MARKS: ReadonlySet<number> = new Set([0x23, 0x2d, 0x2f, 0x3b, 0x25]);
const PORTUGUESE_ACCENT = /[áéíóúâêôãõçÁÉÍÓÚÂÊÔÃÕÇ]/;
/** What opens a field before a name: a label's colon, a list's dash or bullet, a cell's delimiter, brackets, a comma, a tab, a quote (not a line: sentences open there). */
const FIELD_OPENS = /(?:: |[-–—•|;] |\(|, |\t|[";|])$/;
/** Titles people give each other before a nickname (`Seu Jorginho`, `Tia Creuza`, `Poeta Bebrando`). */
const NICKNAME_TITLES: ReadonlySet<string> = new Set(
  'SEU DONA TIA TIO VO VOVO MAE PAI POETA MESTRE MESTRA MADRINHA PADRINHO DINDA DINDO SA NHA COMPADRE COMADRE'.split(' '),
);
/** A diminutive's ending (`Zezinho`, `Lurdinha`): a nickname however rare its stem. */
const DIMINUTIVE_ENDING = /(?:INH[OA]|ZINH[OA]|ITO|ITA)$/;
/** Endings of a record's status in quotes after a name (`"Cancelado"`, `"Pendente"`, `"Inativo"`). */
const STATUS_ENDING = /(?:AD[OA]|ID[OA]|[EA]NTE|IV[OA]|AVEL|IVEL)S?$/;
/** An item's mark opening a line: `1)`, `2.`, `a)`, `-`, `•`, `–`, `*`. */
const ITEM_MARK = /^\s*(?:\d{1,3}[).:-]|[a-z]\)|[-•–*])\s*$/;
const ITEM_LINE = /^\s*(?:\d{1,3}[).:-]|[a-z]\)|[-•–*])\s*\S/;
/** A heading that lists people: `Testemunhas:`, `HERDEIROS`, `Presentes:`, `Filhos (menores):`. */
const PEOPLE_HEADING =
  /^\s*(?:(?:rol|relação|relacao|lista) de |os |as )?(?:testemunhas|herdeir[oa]s|filh[oa]s|dependentes|presentes|participantes|convocad[oa]s|aprovad[oa]s|classificad[oa]s|candidat[oa]s|partes|interessad[oa]s|beneficiári[oa]s|beneficiari[oa]s|sóci[oa]s|socios|associad[oa]s|moradores|integrantes|membros|vítimas|vitimas|réus|reus|autores|requerentes|alunos|alunas|pacientes|netos|irmãos|irmaos|signatári[oa]s|signatari[oa]s|outorgantes|avalistas|fiadores|inventariados)\b[^:\n]{0,30}:?\s*$/i;

/** A sentence introducing people below it: `… a inquirição das testemunhas arroladas pelo réu, residentes nessa comarca:`. */
const PEOPLE_INTRODUCED =
  /\b(?:testemunhas|herdeir[oa]s|dependentes|presentes|participantes|convocad[oa]s|aprovad[oa]s|candidat[oa]s|beneficiári[oa]s|sóci[oa]s|associad[oa]s|integrantes|membros|signatári[oa]s|outorgantes)\b[^:.\n]{0,60}:\s*$/i;

/** Nouns for a young person (`o adolescente`, `a criança`) and for the dead (`o saudoso`): cues in prose and labels only. */
const PERSON_NOUNS: ReadonlySet<string> = new Set([
  'ESTUDANTE',
  'ADOLESCENTE',
  'CRIANCA',
  'MENINO',
  'MENINA',
  'CACULA',
  'SAUDOSO',
  'SAUDOSA',
  'FALECIDO',
  'FALECIDA',
  'FINADO',
  'FINADA',
]);
/** Relatives' words: `de` after them names the person they are related to. */
const KIN: ReadonlySet<string> = new Set(
  `FILHO FILHA FILHOS FILHAS NETO NETA NETOS NETAS MAE PAI AVO VO VOVO TIO TIA PRIMO PRIMA SOBRINHO SOBRINHA IRMA IRMAO IRMAS
  IRMAOS ESPOSA ESPOSO MARIDO CONJUGE VIUVO VIUVA ENTEADO ENTEADA PADRASTO MADRASTA CUNHADO CUNHADA SOGRO SOGRA GENRO NORA
  COMPANHEIRO COMPANHEIRA NAMORADO NAMORADA GENITOR GENITORA GENITORES FILIACAO HERDEIRO HERDEIRA`.split(/\s+/),
);
/** A participle (`casado`, `admitida`, `falecido`): the event a date after it belongs to. */
const PARTICIPLE_END = /(?:ADO|ADA|IDO|IDA)S?$/;
/** How many characters the formatted alphanumeric CNPJ has before its first, second and third separator. */
const CNPJ_LEADING_GROUPS = [2, 5, 8];
const enabledBits = new WeakMap<ReadonlySet<DetectorId>, number>();

function enabledMask(enabled: ReadonlySet<DetectorId>): number {
  let mask = enabledBits.get(enabled);
  if (mask === undefined) {
    mask = 0;
    for (const detector of DETECTORS) if (enabled.has(detector.id)) mask |= detectorBit(detector.id);
    enabledBits.set(enabled, mask);
  }
  return mask;
}

const CHAIN_WORD_SLOTS = 64;
/** Short words that open a sentence before a name (`A Khadija`, `Na casa`, `Com Tadashi`): no part of it. */
const SENTENCE_OPENERS: ReadonlySet<string> = new Set(
  'A O AS OS AO AOS NA NO NAS NOS DA DO DAS DOS DE E EM UM UMA SE JA EU ELE ELA COM POR SEM QUE MAS NEM OU PRA PRO'.split(' '),
);
/** What stands right before a login and never before a word of prose: `@`, `[~`, `(`, `/`, `=`, quotes, `<`, `\\`. */
const LOGIN_OPENERS: ReadonlySet<number> = new Set([0x40, 0x7e, 0x28, 0x2f, 0x3d, 0x22, 0x27, 0x3c, 0x5c, 0x5b]);
/** Words of names a text remembers at most (a long stream of names stops learning, never slows down). */
const MAX_KNOWN_NAMES = 2048;
/** Endings of Portuguese common nouns, never a person's name word (`Avaliação`, `Resolução`, `Comunidade`). */
const COMMON_NOUN_ENDING = /(?:CAO|COES|DADE|DADES|ISMO|AGEM|AGENS)$/;
/** A people's word before an ethnonym that is also a surname (`indígena do povo Yawanawá`, `etnia Baré`). */
const PEOPLE_WORDS = /(?:povo|povos|etnia|etnias|aldeia|l[ií]ngua|tribo|na[cç][aã]o|ind[ií]genas?)\s*:?\s+$/i;
/** Words of a name that name no one alone: places, bodies, streets, months, particles, firms' activities, things. */
const NOT_A_PERSONS_WORD =
  W_STOP | W_PLACE | W_PLACE_START | W_ORG | W_BAIRRO | W_STREET | W_PARTICLE | W_MONTH_PT | W_COMPANY_TAIL | W_THING | W_SUFFIX;

/** Name words by start position, for one scanner and one end of input (rows lower `end` per cell). */
class ChainWords {
  owner: object | undefined;
  readonly start = new Int32Array(CHAIN_WORD_SLOTS);
  readonly limit = new Int32Array(CHAIN_WORD_SLOTS);
  readonly end = new Int32Array(CHAIN_WORD_SLOTS);
  readonly info = new Int32Array(CHAIN_WORD_SLOTS);
  readonly style = new Int32Array(CHAIN_WORD_SLOTS);

  reset(owner: object): void {
    this.owner = owner;
    this.start.fill(-1);
  }
}

const CHAIN_WORDS = new ChainWords();
/** How the logradouro types written out (rua, avenida…) open: most lower-case words open otherwise. */
let streetWordOpenings: WordOpenings | undefined;
/** The last word `chainWord` read: its end, table info and style. */
export const CHAIN_WORD = { end: 0, info: 0, style: 0 };

/** One scan of one text: its position, what it found, and the reading helpers every matcher uses. */
export class Scan {
  readonly n: number;
  /** Reads stop here (a table row lowers it to the end of the cell being scanned). */
  end: number;
  /** Where the construct that ran past the end of the input started (-1: none). */
  openAt = -1;
  readonly found: Candidate[] = [];
  /** The e-mail matcher already looked up to here and found no `@`. */
  noEmailUntil = -1;
  /** Cues are not looked for before this position (a field of a positional record is read on its own). */
  cueFloor = 0;
  /** Inside a table cell scanned as text: structures do not open or close there. */
  private inCell = 0;
  /** Inside a cell under a named column: its header, not the cell beside it, says what a date there is. */
  headedColumn = 0;

  /** Whether the scan is inside a table cell (a row of data, where a value is someone's). */
  get inTableCell(): boolean {
    return this.inCell > 0;
  }
  readonly words: WordTable = wordTable();
  /** The detectors that run (detectorBit); narrowed for a while by `scanNumbersOnly`. */
  private enabled: number;

  constructor(
    readonly text: string,
    readonly final: boolean,
    /** The structure the text is inside (a table, SQL values), carried from line to line. */
    public state: ScanState,
    readonly options: ScanOptions,
  ) {
    this.n = text.length;
    this.end = this.n;
    this.enabled = enabledMask(options.enabled);
  }

  run(from: number): ScanOutcome {
    const text = this.text;
    if (this.state.nameBefore !== undefined) this.priorNameEnd = from - this.state.nameBefore;
    if (this.state.documentBefore !== undefined) this.priorDocumentEnd = from - this.state.documentBefore;
    if (this.state.birthBefore !== undefined) this.priorBirthEnd = from - this.state.birthBefore;
    const keyBefore = this.state.keyBefore;
    if (keyBefore !== undefined) this.pendingKey = { key: keyBefore.key, quote: keyBefore.quote, start: from + keyBefore.after };
    let i = from;
    let stateAtStep = this.state;
    while (i < this.n) {
      const start = i;
      stateAtStep = this.state;
      if (i === 0 || text.charCodeAt(i - 1) === 0x0a) {
        const letterhead = letterheadLine(this, i, this.state.letterhead !== undefined);
        if (letterhead !== this.state.letterhead) {
          const { letterhead: _old, ...rest } = this.state;
          this.state = letterhead === undefined ? rest : { ...rest, letterhead };
        }
        const next = this.openAt < 0 ? lineStart(this, i) : -1;
        // A line not yet whole (a record whose name runs to the end of the input): the stream
        // commits before the line, whatever position the read past the end stopped at.
        if (this.openAt >= 0) {
          this.openAt = start;
          break;
        }
        // A line consumed whole resumes at its end; an empty one (a blank line among a `COPY`
        // block's rows) ends where it starts, and the line is then stepped over as text, or the
        // loop would stand at this line start for ever.
        if (next > i) {
          i = next;
          continue;
        }
      }
      const next = this.resumeAfter(this.step(i));
      // Defensive: a matcher that did not advance must never stall the gateway.
      i = next > i ? next : i + 1;
      if (this.openAt >= 0) {
        this.openAt = start;
        break;
      }
      // Spaces between words, a step each that finds nothing (no line starts at them, and only
      // SQL values read them): passed over here.
      if (text.charCodeAt(i) === SPACE_CHAR && i < this.n && text.charCodeAt(i - 1) !== 0x0a && this.state.structure?.kind !== 'sql') {
        do i++;
        while (text.charCodeAt(i) === SPACE_CHAR && i < this.n);
      }
    }
    if (this.openAt < 0) return this.outcome(this.n, this.state);
    const commit = this.openAt;
    let keep = this.found.length;
    while (keep > 0 && (this.found[keep - 1]?.end ?? 0) > commit) keep--;
    this.found.length = keep;
    return this.outcome(commit, stateAtStep);
  }

  /** Where the last name found before this scan's window ends (-1: none just before it). */
  priorNameEnd = -1;

  /** Where the name this scan found last ends, if it found nothing since; before anything, the previous window's (-1: none). */
  lastNameEnd(): number {
    const last = this.lastFound();
    return last === undefined ? this.priorNameEnd : last.detector === 'name' ? last.end : -1;
  }
  /** Where a person's document found last before this scan's window ends (-1: none just before it). */
  priorDocumentEnd = -1;
  /** Where a birth date found last before this scan's window ends (-1: none just before it). */
  priorBirthEnd = -1;

  /** Where the birth date this scan found last ends, if it found nothing since; before anything, the previous window's (-1: none). */
  lastBirthEnd(): number {
    const last = this.lastFound();
    return last === undefined ? this.priorBirthEnd : last.detector === 'birth_date' ? last.end : -1;
  }

  /** The outcome at `commit`, its state telling the next window of a name just before it. */
  private outcome(commit: number, stateAtCommit: ScanState): ScanOutcome {
    const state = this.withKnownBirths(commit, this.withKnownNames(commit, stateAtCommit));
    const last = this.lastFound();
    const end = this.lastNameEnd();
    const nameBefore = end >= 0 && commit - end <= NAME_DATE_REACH ? commit - end : undefined;
    const documentEnd = last === undefined ? this.priorDocumentEnd : PERSON_DOCUMENTS.has(last.detector) ? last.end : -1;
    const documentBefore = documentEnd >= 0 && commit - documentEnd <= DOCUMENT_DATE_REACH ? commit - documentEnd : undefined;
    const birthEnd = this.lastBirthEnd();
    const birthBefore = birthEnd >= 0 && commit - birthEnd <= DOCUMENT_DATE_REACH ? commit - birthEnd : undefined;
    if (nameBefore === state.nameBefore && documentBefore === state.documentBefore && birthBefore === state.birthBefore)
      return { found: this.found, commit, state };
    const { nameBefore: _name, documentBefore: _document, birthBefore: _birth, ...rest } = state;
    return {
      found: this.found,
      commit,
      state: {
        ...rest,
        ...(nameBefore === undefined ? {} : { nameBefore }),
        ...(documentBefore === undefined ? {} : { documentBefore }),
        ...(birthBefore === undefined ? {} : { birthBefore }),
      },
    };
  }

  /** `state` with the keys learnt before `commit` added, and the key whose value starts after it (the next window's memory). */
  private withKnownKeys(commit: number, stateAtCommit: ScanState): ScanState {
    const knownKeys = this.learntKeys.carried(stateAtCommit.knownKeys, commit);
    const pending = this.pendingKey;
    const keyBefore =
      pending !== undefined && pending.start >= commit
        ? { key: pending.key, quote: pending.quote, after: pending.start - commit }
        : undefined;
    if (knownKeys === stateAtCommit.knownKeys && keyBefore === undefined && stateAtCommit.keyBefore === undefined) return stateAtCommit;
    const { keyBefore: _old, ...rest } = stateAtCommit;
    return { ...rest, ...(knownKeys === undefined ? {} : { knownKeys }), ...(keyBefore === undefined ? {} : { keyBefore }) };
  }

  /** `state` with the words of the names this window found before `commit` added (the next window's memory). */
  private withKnownNames(commit: number, stateAtCommit: ScanState): ScanState {
    if (this.final) return stateAtCommit;
    const state = this.withKnownKeys(commit, stateAtCommit);
    if (this.learned === undefined) return state;
    const fresh = [...this.learned].filter(([, at]) => at <= commit).map(([word]) => word);
    if (fresh.length === 0) return state;
    return { ...state, knownNames: new Set([...(state.knownNames ?? []), ...fresh]) };
  }

  /** `state` with the days of the birth dates this window found before `commit` added. */
  private withKnownBirths(commit: number, state: ScanState): ScanState {
    if (this.final || this.learnedBirths === undefined) return state;
    const fresh = [...this.learnedBirths].filter(([, at]) => at <= commit).map(([day]) => day);
    if (fresh.length === 0) return state;
    return { ...state, knownBirths: new Set([...(state.knownBirths ?? []), ...fresh]) };
  }

  /** The days of the birth dates found in this window, each with the end of its first (a later date of the same day is a birth too). */
  private learnedBirths: Map<string, number> | undefined;

  /** Whether `day` (`YYYY-MM-DD`) is the day of a birth date found before `pos`. */
  knownBirth(day: string, pos: number): boolean {
    return this.state.knownBirths?.has(day) === true || (this.learnedBirths?.get(day) ?? Infinity) <= pos;
  }

  /** The character at `i`, or -1 past the end (marking the construct open when more may come). */
  at(i: number): number {
    if (i < this.end) return this.text.charCodeAt(i);
    if (i >= this.n && !this.final && this.openAt < 0) this.openAt = i;
    return -1;
  }

  cls(i: number): number {
    const c = this.at(i);
    return c < 0 ? 0 : (CLASS[c] ?? 0);
  }

  /** Whether the detector of `bit` (detectorBit) runs. */
  on(bit: number): boolean {
    return (this.enabled & bit) !== 0;
  }

  add(start: number, end: number, detector: DetectorId): void {
    if (end > start && this.enabled & detectorBit(detector)) {
      this.found.push({ start, end, detector });
      if (this.inferring > 0) return;
      if (detector === 'name') {
        this.learnName(start, end);
        this.aliasAfter(start, end);
        this.nicknameAfter(end);
      } else if (detector === 'birth_date' && (this.learnedBirths?.size ?? 0) + (this.state.knownBirths?.size ?? 0) < MAX_KNOWN_NAMES) {
        const day = dayOf(this.text.slice(start, end));
        if (day !== undefined && !this.learnedBirths?.has(day)) (this.learnedBirths ??= new Map()).set(day, end);
      }
      const pending = this.pendingKey;
      if (
        pending !== undefined &&
        pending.start === start &&
        this.valueEndsAt(end, pending.quote) &&
        teaches(detector, this.text.slice(start, end))
      ) {
        const id = memoryKeyId(pending.key);
        if (id !== undefined) this.learnKey(id, detector, end);
      }
    }
  }

  // ---- the keys that held personal data (a key's later values are of the same kind) ------------

  /** Adds inside a value the memory inferred: they teach neither keys nor names. */
  inferring = 0;
  /** How many values the memory inferred so far (a cell holding one teaches its column nothing). */
  inferredCount = 0;
  /** The key whose value starts at `start` (read as text, since the key names nothing): a value found there whole teaches it. */
  pendingKey: { readonly key: string; readonly start: number; readonly quote: number } | undefined;

  /** Whether any key was learnt or refused so far (until then no label needs its memory id). */
  get remembersKeys(): boolean {
    return this.learntKeys.size > 0 || (this.state.knownKeys?.size ?? 0) > 0;
  }
  readonly learntKeys = new LearntKeys();

  /** Whether a value found up to `end` is the whole value: its closing quote, or the end of an unquoted field. */
  private valueEndsAt(end: number, quote: number): boolean {
    const c = this.at(end);
    if (quote > 0) return c === quote;
    return (
      c < 0 ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x09 ||
      c === 0x2c ||
      c === 0x3b ||
      c === 0x7c ||
      c === 0x26 ||
      c === 0x7d ||
      c === 0x3c ||
      (c === SPACE_CHAR && (this.at(end + 1) === SPACE_CHAR || this.at(end + 1) === 0x0a || this.at(end + 1) < 0 || this.fieldAt(end + 1)))
    );
  }

  /** Whether the next field of a line starts at `p`: a key of letters, digits or `_` and its `=` or `:` (`sala=3` after a value). */
  private fieldAt(p: number): boolean {
    let q = p;
    while (this.cls(q) & WORD && q - p < 40) q++;
    const c = this.at(q);
    return q > p && (c === 0x3d || (c === 0x3a && this.at(q + 1) !== 0x2f));
  }

  /** The key `id` held a value of `kind` ending at `at`, found by the engine's own matchers. */
  learnKey(id: string, kind: DetectorId, at: number): void {
    this.learntKeys.learn(this.state.knownKeys, id, kind, at);
  }

  /** The key `id` held a firm's, a body's or a place's name ending at `at`: it learns nothing after. */
  refuseKey(id: string, at: number): void {
    this.learntKeys.refuse(this.state.knownKeys, id, at);
  }

  /** The kind the key `id` held before `pos`, if any. */
  rememberedKey(id: string, pos: number): DetectorId | undefined {
    return this.learntKeys.kindAt(this.state.knownKeys, id, pos);
  }

  /** `add` for a value only the memory says is personal data. */
  addInferred(start: number, end: number, detector: DetectorId): void {
    this.inferredCount++;
    this.inferring++;
    this.add(start, end, detector);
    this.inferring--;
  }

  // ---- the names found so far (a person named again by one word of the name) ------------------

  /** Each word of a name found in this window, folded, with where it was first found. */
  private learned: Map<string, number> | undefined;
  /** The hashes of the learned words and of the state's known names (`nameHashesOf`), once asked. */
  private nameHashes: FoldedHashes | undefined;
  private nameHashesOf: ReadonlySet<string> | undefined;

  /**
   * `word` learnt at `at`. Every word learnt goes through here: `knownName` trusts the hashes
   * to hold every learnt word, and a word added to `learned` elsewhere would never be found.
   */
  private learnWord(word: string, at: number): void {
    (this.learned ??= new Map()).set(word, at);
    this.nameHashes?.add(word);
  }

  private learnName(start: number, end: number): void {
    const learned = (this.learned ??= new Map());
    if (learned.size + (this.state.knownNames?.size ?? 0) >= MAX_KNOWN_NAMES) return;
    // A login masked as its owner's name (`rkoyama`) names them again wherever it recurs (`[rkoyama]`).
    // So does a chat account's name with capitals, digits or underscores (`DonaLurdes_64`).
    if (
      end - start >= 5 &&
      end - start <= 40 &&
      (this.cls(start) & LOWER ? handleEnd(this, start) === end : ACCOUNT_NAME.test(this.text.slice(start, end)))
    ) {
      const login = fold(this.text.slice(start, end));
      if (!learned.has(login) && !this.state.knownNames?.has(login)) {
        this.learnWord(login, end);
        // Marked apart from a name's word: the same login alone in prose is that account again (`Sigam a mandiocaplays`).
        this.learnWord(LOGIN_MARK + login, end);
      }
      return;
    }
    for (let p = start; p < end;) {
      if (!(this.cls(p) & UPPER)) {
        p++;
        continue;
      }
      const e = this.nameWord(p) ?? p + 1;
      if (
        e - p >= 3 &&
        e <= end &&
        !(this.words.get(this.text, p, e) & NOT_A_PERSONS_WORD) &&
        !(cueTable().get(this.text, p, e) & NAME_BIT)
      ) {
        const word = fold(this.text.slice(p, e));
        if (!COMMON_NOUN_ENDING.test(word) && !learned.has(word) && !this.state.knownNames?.has(word)) this.learnWord(word, end);
      }
      p = e;
    }
  }

  /**
   * `Bianca Sayuri Onishi (BSO)`: initials in parentheses right after a name stand for the person
   * from there on (a transcript's speakers, minutes' initials): masked, and remembered as the name's words are.
   */
  private aliasAfter(start: number, end: number): void {
    if (this.at(end) !== SPACE_CHAR || this.at(end + 1) !== 0x28) return;
    const s = end + 2;
    let q = s;
    while (this.cls(q) & UPPER && q - s < 6) q++;
    if (q - s < 2 || q - s > 5 || this.at(q) !== 0x29) return;
    const alias = this.text.slice(s, q);
    const words = this.text.slice(start, end).split(/[\s.]+/);
    const capitals = words.filter((word) => /^\p{Lu}/u.test(word));
    const initialsOf = (list: readonly string[]): string => list.map((word) => fold(word.charAt(0))).join('');
    if (alias !== initialsOf(capitals) && alias !== initialsOf(words.filter(Boolean))) return;
    this.inferring++;
    this.add(s, q, 'name');
    this.inferring--;
    const learnt = this.learned?.size ?? 0;
    if (!this.learned?.has(alias) && learnt + (this.state.knownNames?.size ?? 0) < MAX_KNOWN_NAMES) this.learnWord(alias, q);
  }

  /**
   * `Conferência: Chiamaka Okonkwo Barros`, `- Mykola Dmytrenko Silva`: a given name no list knows
   * (the capitalised word `[i, j)`) opening a field (a label's value, a list's item, a cell,
   * brackets) right before a name of two words or more is the same person's first name. Not an
   * ordinary word's ending or accents, not a word any list knows. Returns the name's end, or -1
   * (nothing taken: the next word is read again as the scan goes on).
   */
  private givenNameOpening(i: number, j: number, info: number): number {
    if (info !== 0 || j - i < 3 || j - i > 16 || this.at(j) !== SPACE_CHAR || !(this.cls(j + 1) & UPPER)) return -1;
    if (!FIELD_OPENS.test(this.text.slice(Math.max(0, i - 3), i))) return -1;
    const raw = this.text.slice(i, j);
    const word = fold(raw);
    // Portuguese accents mark an ordinary word no list holds (`Parabéns`, `Relatório`); the given names no list knows are foreign.
    if (PORTUGUESE_ACCENT.test(raw) || ORDINARY_ENDING.test(word) || COMMON_NOUN_ENDING.test(word) || placeSet().has(word)) return -1;
    if (cueTable().get(this.text, i, j) !== 0) return -1;
    const next = this.wordEnd(j + 1);
    const before = this.found.length;
    const end = name(this, j + 1, next, this.words.get(this.text, j + 1, next));
    const found = this.found[before];
    if (
      found === undefined ||
      found.start !== j + 1 ||
      found.detector !== 'name' ||
      !this.text.slice(found.start, found.end).includes(' ')
    ) {
      // Read again from the next word as the scan goes on: only the extended name is taken here.
      this.found.length = before;
      return -1;
    }
    this.found[before] = { ...found, start: i };
    return end;
  }

  /**
   * `Kaio Tembé Viana, o "Kaiozinho"`, `Tomasz "Tomek"`, `Thiago Zatti, o Zattão da Banda`: a nickname
   * given right after a name (in quotes, or a word no list knows after `o`/`a`) is the same person's,
   * and names them wherever it recurs. Read through `at`, so a stream waits for it.
   */
  private nicknameAfter(end: number): void {
    const comma = this.at(end) === 0x2c;
    let p = comma ? end + 1 : end;
    if (this.at(p) !== SPACE_CHAR) return;
    p++;
    // `ANDRIELLY SCHEFFER · "Drika"` (a yearbook's), `Josefa Bezerra ("Zefinha")`: a dot or a bracket before the quoted nickname.
    const marked = !comma && (this.at(p) === 0x28 || (this.at(p) === 0xb7 && this.at(p + 1) === SPACE_CHAR));
    if (marked) p += this.at(p) === 0x28 ? 1 : 2;
    let article = false;
    const w = this.wordEnd(p);
    if (w === p + 1 && (this.at(p) === 0x6f || this.at(p) === 0x61) && this.at(w) === SPACE_CHAR) {
      article = true;
      p = w + 1;
    }
    const quote = this.at(p);
    const quoted = quote === 0x22 || quote === 0x201c || quote === 0x27;
    if (!quoted && marked && !article && this.at(p - 1) === 0x28) {
      this.bracketedNickname(p);
      return;
    }
    if (quoted) p++;
    // Unquoted, only in apposition: `Thiago Zatti, o Zattão` (not `Thiago Zatti o Zattão`).
    else if (!(article && comma) || marked) return;
    if (!(this.cls(p) & UPPER)) return;
    let e = this.nameWord(p);
    if (e === undefined || e - p < 3) return;
    const info = this.words.get(this.text, p, e);
    const nickname = fold(this.text.slice(p, e));
    // A status or a role (`"Cancelado"`, `a Presidente`) and a town are no nickname.
    if (info & NOT_A_PERSONS_WORD || placeSet().has(nickname)) return;
    if (quoted) {
      // `"Naldo Rasta"`: a nickname of up to three capitalised words.
      for (let words = 1; words < 3 && this.at(e) === SPACE_CHAR && this.cls(e + 1) & UPPER; words++) {
        const next = this.nameWord(e + 1);
        if (next === undefined || this.words.get(this.text, e + 1, next) & NOT_A_PERSONS_WORD) return;
        e = next;
      }
      if (this.at(e) !== (quote === 0x201c ? 0x201d : quote) || this.cls(e + 1) & WORD || STATUS_ENDING.test(nickname)) return;
      if (marked && this.text.charCodeAt(end + 1) === 0x28 && this.at(e + 1) !== 0x29) return;
    } else {
      // Unquoted, only a word no list knows and no ordinary word's ending.
      const after = this.at(e);
      if (info !== 0 || ORDINARY_ENDING.test(nickname)) return;
      if (!(after === SPACE_CHAR || after === 0x2c || after === 0x2e || after === 0x3b || after === 0x29)) return;
    }
    this.inferring++;
    this.add(p, e, 'name');
    this.inferring--;
    if (!this.learned?.has(nickname) && (this.learned?.size ?? 0) + (this.state.knownNames?.size ?? 0) < MAX_KNOWN_NAMES)
      this.learnWord(nickname, e);
    if (quoted) this.surnamesAfterNickname(e + 1);
  }

  /**
   * `Maria das Graças Arruda (Gracinha)`, `Jorge Ferreira (Seu Jorginho, in memoriam)`, `Hildebrando
   * da Penha (Poeta Bebrando)`: unquoted in brackets right after a name, a first name or a
   * diminutive, or any word after a title people give each other, is the person's nickname. Not a
   * role, a body, a place or an ordinary word (`(Presidente)`, `(Fiocruz)`, `(Recife)`).
   */
  private bracketedNickname(p: number): void {
    let q = p;
    const t = this.wordEnd(q);
    const titled = t > q && this.at(t) === SPACE_CHAR && NICKNAME_TITLES.has(fold(this.text.slice(q, t)));
    if (titled) q = t + 1;
    if (!(this.cls(q) & UPPER)) return;
    const e = this.nameWord(q);
    if (e === undefined || e - q < 3) return;
    const info = this.words.get(this.text, q, e);
    const nickname = fold(this.text.slice(q, e));
    if (info & NOT_A_PERSONS_WORD || placeSet().has(nickname) || cueTable().get(this.text, q, e) & NAME_BIT) return;
    if (!titled && nameWeight(info) < 0 && !DIMINUTIVE_ENDING.test(nickname)) return;
    // Closed right after it, or after `, in memoriam` (read through `at`, so a stream waits for it).
    this.at(e + 14);
    if (this.at(e) !== 0x29 && !this.text.startsWith(', in memoriam)', e)) return;
    this.inferring++;
    this.add(titled ? p : q, e, 'name');
    this.inferring--;
    if (!this.learned?.has(nickname) && (this.learned?.size ?? 0) + (this.state.knownNames?.size ?? 0) < MAX_KNOWN_NAMES)
      this.learnWord(nickname, e);
  }

  /**
   * `Francinaldo "Naldo Rasta" Cutrim Sodré`, `Josué "Bode" Martins`: capitalised words right after a
   * nickname given inside a name are the rest of that name (particles before and between them included: `"Tonho" da Silva`).
   */
  private surnamesAfterNickname(q: number): void {
    if (this.at(q) !== SPACE_CHAR || !(this.cls(q + 1) & (UPPER | LOWER))) return;
    let end = -1;
    let p = q + 1;
    for (let words = 0; words < 5; words++) {
      const e = this.nameWord(p);
      if (e === undefined || e - p < 2) break;
      const info = this.words.get(this.text, p, e);
      if (this.cls(p) & UPPER) {
        // `Em`, `No`: a capitalised word of two letters opens a sentence, no surname.
        const surname = (info & W_SURNAME) !== 0 || nameWeight(info) >= 0;
        if (
          e - p < 3 ||
          (!surname && (info & (NOT_A_PERSONS_WORD & ~(W_SUFFIX | W_PLACE_START)) || placeSet().has(fold(this.text.slice(p, e)))))
        )
          break;
        end = e;
      } else if (!(info & W_PARTICLE)) break;
      if (this.at(e) !== SPACE_CHAR) break;
      p = e + 1;
    }
    if (end > 0) this.add(q + 1, end, 'name');
  }

  /** Whether the capitalised word `[i, j)` is a word of a name found before `i`. */
  knownName(i: number, j: number): boolean {
    if (this.learned === undefined && this.state.knownNames === undefined) return false;
    // Most capitalised words are no name's: their opening or their hash says so without a slice and a fold.
    const hashes = this.knownHashes();
    if ((j - i >= 2 && !hashes.mayOpen(this.text, i)) || !hashes.may(this.text, i, j)) return false;
    return this.knownWord(fold(this.text.slice(i, j)), i);
  }

  /** The hashes of every known name's word (the state's and this scan's), built once per state. */
  private knownHashes(): FoldedHashes {
    const known = this.state.knownNames;
    if (this.nameHashes === undefined || this.nameHashesOf !== known) {
      this.nameHashes = new FoldedHashes();
      this.nameHashesOf = known;
      for (const word of known ?? []) this.nameHashes.add(word);
      for (const word of this.learned?.keys() ?? []) this.nameHashes.add(word);
    }
    return this.nameHashes;
  }

  /** Whether a part of the login `[i, e)`, whole or less up to three letters at either end, may be a known name's word (a hash test, no slice). */
  private maySpellKnown(i: number, e: number): boolean {
    const hashes = this.knownHashes();
    const text = this.text;
    for (let ps = i, p = i; p <= e; p++) {
      const c = p < e ? text.charCodeAt(p) : 0x2e;
      if (c !== 0x2e && c !== 0x5f && c !== 0x2d) continue;
      let pe = p;
      while (pe > ps && this.cls(pe - 1) & DIGIT) pe--;
      // The part less letters at its end opens as the part does, and is hashed in one pass; each
      // part less letters at its start is asked about its opening first. Most parts open as no name's word.
      if (pe - ps >= 5 && hashes.mayOpenLong(text, ps) && hashes.mayPrefix(text, ps, pe, 3, 5)) return true;
      for (let k = 1; k <= 3 && pe - ps - k >= 5; k++) if (hashes.mayOpenLong(text, ps + k) && hashes.may(text, ps + k, pe)) return true;
      ps = p + 1;
    }
    return false;
  }

  /** Whether a login read from a word ends at its end `j` (`handleEnd`), told from what stands before the end of the input. */
  private wordEndsLogin(j: number): boolean {
    if (j >= this.end || j >= this.n) return false;
    const c = this.text.charCodeAt(j);
    if (c !== 0x2e && c !== 0x2d) return true;
    return j + 1 < this.end && j + 1 < this.n && !((CLASS[this.text.charCodeAt(j + 1)] ?? 0) & LOWER);
  }

  /** Whether a part of five letters or more of the word `[i, j)`, less up to three at its start, may open as a known name's word does. */
  private mayOpenKnown(i: number, j: number): boolean {
    const hashes = this.knownHashes();
    for (let k = 0; k <= 3 && j - i - k >= 5; k++) if (hashes.mayOpenLong(this.text, i + k)) return true;
    return false;
  }

  /** Whether the folded `word` is a word of a name found before `pos`. */
  private knownWord(word: string, pos: number): boolean {
    return this.state.knownNames?.has(word) === true || (this.learned?.get(word) ?? Infinity) <= pos;
  }

  /**
   * `@wpankararu`, `rbeltrame`, `tadashi.k`: a login at `i` spelled from a name this text gave
   * before (`Wanderlei Pankararu`): a word of it whole, after one to three initials, or as a part
   * of a login joined by `.`, `_` or `-`. Adds it as a name and returns its end, or -1.
   */
  private knownLogin(i: number, j: number): number {
    // The word `[i, j)` that no `.` or `-` joins to a lower-case letter, read within the input, is
    // the whole login: its parts open at `i` to `i + 3`, and most words open as no name's word does.
    if (this.wordEndsLogin(j) && !this.mayOpenKnown(i, j)) return -1;
    const before = this.at(i - 1);
    // A host's or a path's part (`mail.pankararu.org`), or an e-mail's domain, is no login.
    if (before === 0x2e || (before === 0x40 && this.cls(i - 2) & WORD)) return -1;
    const e = handleEnd(this, i);
    if (e - i > 40 || this.cls(e) & WORD || this.at(e) === 0x40 || (this.at(e) === 0x2e && this.cls(e + 1) & WORD)) return -1;
    if (!this.spellsKnownName(i, e, LOGIN_OPENERS.has(before))) return -1;
    this.add(i, e, 'name');
    return e;
  }

  /**
   * Whether the login or mailbox `[i, e)` is spelled from a name this text gave before it: a word
   * of it whole (alone only when `alone` allows: a name's word in prose is a word), after one to
   * three initials, or as a part joined by `.`, `_` or `-`.
   */
  spellsKnownName(i: number, e: number, alone: boolean): boolean {
    if ((this.learned === undefined && this.state.knownNames === undefined) || !this.maySpellKnown(i, e)) return false;
    const parts = fold(this.text.slice(i, e)).split(/[._-]/);
    let known = false;
    for (const raw of parts) {
      const part = raw.replace(/\d+$/, '');
      if (/\d/.test(part)) return false;
      // A name's word alone in prose (`a língua yawanawá`) is a word; as a login it stands after `@`, `(`, `/`, a key.
      if (part.length >= 5 && this.knownWord(part, i) && (parts.length > 1 || alone || this.knownWord(LOGIN_MARK + part, i))) known = true;
      else if (parts.length === 1)
        for (let initials = 1; initials <= 3 && !known && part.length - initials >= 5; initials++)
          known = this.knownWord(part.slice(initials), i) || this.knownWord(part.slice(0, part.length - initials), i);
    }
    return known;
  }

  /**
   * `Khadija` after `Khadija Benali` was named: the run of capitalised words from `i` that are
   * each a word of a name found before, masked as a name. Returns its end, or -1 when the word
   * at `i` is none.
   */
  private knownNameRun(i: number, j: number): number {
    // Two capitals are a known name's word only as its initials (`TK:`, remembered by aliasAfter).
    if ((j - i < 3 && !(j - i === 2 && this.style(i, j) === 2)) || this.style(i, j) === 0 || !this.knownName(i, j)) return -1;
    // Inside a capitalised run or after `&` (`Vinícola Pasqualotto`, `D'Ávila & Figueiredo Ltda`), or
    // before a firm's form, the word is the firm's; after `povo`, `etnia` it names a people.
    const before = i >= 2 && this.text.charCodeAt(i - 1) === SPACE_CHAR ? this.text.charCodeAt(i - 2) : -1;
    if (before === 0x26 || (before >= 0 && CLASS[before]! & (UPPER | LOWER) && this.capitalisedWordBefore(i) && !this.titleBefore(i)))
      return -1;
    if (before >= 0 && PEOPLE_WORDS.test(this.text.slice(Math.max(0, i - 12), i))) return -1;
    let end = j;
    while (this.at(end) === SPACE_CHAR && this.chainWord(end + 1) && CHAIN_WORD.style !== 0 && this.knownName(end + 1, CHAIN_WORD.end))
      end = CHAIN_WORD.end;
    if (companyEnd(this, end) > 0 || (this.text.charCodeAt(end) === SPACE_CHAR && this.text.charCodeAt(end + 1) === 0x26)) return -1;
    // A surname known from a listing, then its given names (`TEMBÉ, ANTÔNIO CARLOS`).
    if (this.style(i, j) === 2) end = Math.max(end, capitalGivenNames(this, end));
    this.addInferred(i, end, 'name');
    return end;
  }

  /** Whether `[i, j)` is a title or a form of address (`Dona`, `Seu`): a name follows it. */
  private formOfAddress(i: number, j: number): boolean {
    return (cueTable().get(this.text, i, j) & NAME_BIT) !== 0 || (j - i === 3 && fold(this.text.slice(i, j)) === 'SEU');
  }

  /** Whether the word before the space before `i` is a title or a form of address (`Dona`, `Prof.`): a name follows it, not part of it. */
  private titleBefore(i: number): boolean {
    let e = i - 1;
    if (this.text.charCodeAt(e - 1) === 0x2e) e--;
    let p = e;
    while (p > 0 && CLASS[this.text.charCodeAt(p - 1)]! & (UPPER | LOWER)) p--;
    return this.formOfAddress(p, e);
  }

  /**
   * Whether the word just before the space before `i` is capitalised and no article, preposition
   * or pronoun opening a sentence (`A Khadija`, `Na casa`, `Com Tadashi`): the words run on as one name.
   */
  private capitalisedWordBefore(i: number): boolean {
    let p = i - 2;
    while (p > 0 && CLASS[this.text.charCodeAt(p - 1)]! & (UPPER | LOWER)) p--;
    return (CLASS[this.text.charCodeAt(p)]! & UPPER) !== 0 && (i - 1 - p > 3 || !SENTENCE_OPENERS.has(fold(this.text.slice(p, i - 1))));
  }

  // ---- one step of the main loop -------------------------------------------------------------

  /** The structure the scan is in is `structure` from here on (undefined: none). */
  setStructure(structure: Structure | undefined): void {
    this.state = { ...this.state, structure };
  }

  /**
   * Scans `[s, t)` for documents with check digits only (CPF, CNPJ, PIS, CNS, título, CNH, cards):
   * the columns a positional layout left unread, where words are codes and towns, not names.
   */
  scanNumbersOnly(s: number, t: number): void {
    const saved = this.enabled;
    this.enabled &= CHECKED_DOCUMENTS;
    try {
      this.scanRange(s, t);
    } finally {
      this.enabled = saved;
    }
  }

  /** Scans `[s, t)` as text on its own (a cell of a table), reading nothing past `t`. */
  scanRange(s: number, t: number): void {
    const saved = this.end;
    this.end = t;
    this.inCell++;
    let q = s;
    while (q < t) q = Math.max(q + 1, this.resumeAfter(this.step(q)));
    this.inCell--;
    this.end = saved;
  }

  /**
   * Where the main loop resumes after a step that returned `next`: past the last value found, when
   * a matcher added one running beyond where it stopped reading (a long date after its day's
   * digits). Rescanning inside a value could find another over it, and a stream would commit
   * the value's start before its end had arrived.
   */
  private resumeAfter(next: number): number {
    const last = this.lastFound();
    return last !== undefined && last.end > next ? last.end : next;
  }

  /**
   * The last value found, undefined before the first. Read with the length checked: `found[-1]`
   * is a lookup of the property "-1" on the array and its prototypes, which V8 does the slow,
   * generic way; asked once per token, it was a third of the time of a scan of plain prose.
   */
  lastFound(): Candidate | undefined {
    const count = this.found.length;
    return count > 0 ? this.found[count - 1] : undefined;
  }

  step(i: number): number {
    const c = this.text.charCodeAt(i);
    if (this.inCell === 0) {
      const structure = this.state.structure;
      if (structure?.kind === 'sql') {
        const next = sqlStep(this, i, structure.columns, structure.ids);
        if (next >= 0) return next;
      }
      if (c === 0x3c) {
        partyTag(this, i);
        const next = htmlTag(this, i);
        if (next >= 0) return next;
      }
      if (c === 0x7b && this.at(i + 1) === 0x5c) {
        const next = rtfInfoField(this, i);
        if (next >= 0) return next;
      }
    }
    const k = CLASS[c] ?? 0;
    if (k & SPACE) return i + 1;
    if (k & WORD) return this.word(i, k);
    if ((c === 0x28 || c === 0x2b) && this.cls(i + 1) & DIGIT) return numeric(this, i);
    if (c === 0x3a && this.at(i + 1) === 0x3a) return ipv6(this, i) ?? i + 2;
    return i + 1;
  }

  runEnd(i: number): number {
    let j = i + 1;
    while (this.cls(j) & WORD) j++;
    return j;
  }

  word(i: number, k: number): number {
    const text = this.text;
    const limit = this.end;
    let j = i + 1;
    let flags = k;
    while (j < limit) {
      const q = CLASS[text.charCodeAt(j)] ?? 0;
      if (!(q & WORD)) break;
      flags |= q;
      j++;
    }
    const after = this.at(j);
    // `Dalvanisa Sampaio — há 1 h`: a comment's author, whoever it is, before how long ago it was posted.
    if (!(k & DIGIT) && this.on(NAME_BIT)) {
      const author = stampedAuthor(this, i);
      if (author > 0) return author;
    }
    // The bulk of any text: a lower-case word followed by a space.
    if (after === SPACE_CHAR && !(flags & (UPPER | DIGIT | UNDERSCORE))) {
      const next = this.at(j + 1);
      if (next !== 0x3a && next !== 0x3d && next !== SPACE_CHAR && !likeAhead(this, j + 1) && !(next === 0x2e && this.at(j + 2) === 0x2e))
        return this.lowerWord(i, j);
    }
    // E-mail: the local part may hold dots and dashes, so look past the first run.
    if (i >= this.noEmailUntil && (after === AT || after === 0x2e || after === 0x2d || after === 0x2b || after === 0x25)) {
      const emailEnd = email(this, i, j);
      if (emailEnd > 0) return emailEnd;
      // `ssh rsouza@10.0.0.5`, `marta@notebook:~$`: no e-mail, but a login before the host it logs into.
      if (!(flags & UPPER) && this.on(NAME_BIT)) {
        const login = hostLogin(this, i);
        if (login > 0) return login;
      }
    }
    if (k & DIGIT) {
      if (after === 0x3a) {
        const v6 = ipv6(this, i);
        if (v6 !== undefined) return v6;
      }
      // An ICP-Brasil otherName value: fixed-width digits, glued to an issuer or a town or not.
      if (j - i > 19 && (flags & UPPER || j - i >= 45)) {
        const icp = icpOtherName(this, i, j);
        if (icp > 0) return icp;
      }
      // `12mar1969`, `01JAN1985`: a day, a month's abbreviation and a year glued, as statistics packages print them.
      if (j - i >= 7 && j - i <= 15 && flags & (UPPER | LOWER) && !(flags & UNDERSCORE)) {
        const date = monthNameDate(this, i);
        if (date > 0) return date;
      }
      if (flags & UPPER && !(flags & LOWER)) {
        const date = iataDate(this, i, j);
        if (date > 0) return date;
      }
      // `81673545X`: digits and a check digit X glued are a number (an RG's, after its cue), read as one.
      const checkX = j - i >= 7 && (text.charCodeAt(j - 1) | 0x20) === 0x78 && digitsOnly(text, i, j - 1);
      if (flags & (UPPER | LOWER | UNDERSCORE) && !checkX) return compound(this, i);
      return numeric(this, i);
    }
    // A letter-led token.
    const hasDigit = (flags & DIGIT) !== 0;
    const hasLower = (flags & LOWER) !== 0;
    const hasUnderscore = (flags & UNDERSCORE) !== 0;
    if (j - i === 6 && (after === SPACE_CHAR || after === 0x0a || after === 0x0d || after === 0x09) && this.inCell === 0) {
      const keyword = sqlKeyword(this, i, j);
      if (keyword === 'insert') {
        const values = insertStatement(this, j);
        if (values >= 0) return values;
      } else if (keyword === 'create') createTable(this, j);
    }
    // `Autor: M. E. S. L., menor`: a party's initials alone, as court records write a child's name.
    if (j - i === 1 && after === 0x2e && flags & UPPER && this.on(NAME_BIT)) {
      const initials = initialsName(this, i);
      if (initials > 0) return initials;
    }
    const labelEnd = label(this, i, j, after);
    if (labelEnd >= 0) return labelEnd;
    if (after === 0x2d && j - i <= 2 && !hasLower) {
      const rg = prefixedRg(this, i, j);
      if (rg > 0) return rg;
    }
    // A boarding pass's barcode string: `M1SURNAME/GIVEN…`.
    if (hasDigit && after === 0x2f && text.charCodeAt(i) === 0x4d && text.charCodeAt(i + 1) >= 0x31 && text.charCodeAt(i + 1) <= 0x34) {
      const bcbp = bcbpName(this, i, j);
      if (bcbp > 0) return bcbp;
    }
    // `[21:03:45] ng0zi_okeke:`: a chat account's name, digits or underscores in it, before its message.
    if ((hasUnderscore || hasDigit) && after === 0x3a && this.on(NAME_BIT)) {
      const account = chatAccount(this, i, j);
      if (account > 0) return account;
    }
    // A chat account masked before, named again (`Nightbot: DonaLurdes_64, por favor…`).
    if ((hasUnderscore || hasDigit) && flags & UPPER && this.on(NAME_BIT) && this.knownName(i, j)) {
      this.add(i, j, 'name');
      return j;
    }
    // `[20:05] yuki_sato_am`: a login of words joined by underscores in a chat export's speaker position.
    if (hasUnderscore && !(flags & UPPER) && this.on(NAME_BIT)) {
      const speaker = speakerHandle(this, i);
      if (speaker > 0) return speaker;
      // `Olá @kauazin_sobral!`: a mention; `x.com/ze_pagode`: a profile's link; `postado por rosangela_kuwahara`.
      if (i > 0 && (text.charCodeAt(i - 1) === 0x40 || text.charCodeAt(i - 1) === 0x2f || text.charCodeAt(i - 1) === SPACE_CHAR)) {
        const mention = mentionedHandle(this, i);
        if (mention > 0) return mention;
      }
      // `  ↳ tiago_oyama eu também`: a comment's author opening its line.
      const author = threadLineHead(text, i) ? threadHandle(this, i) : -1;
      if (author > 0) return author;
      // The same login masked before, named again (`@rosa_k tiago_oyama kkk`).
      if ((this.learned !== undefined || this.state.knownNames !== undefined) && this.knownWord(fold(text.slice(i, j)), i)) {
        this.add(i, j, 'name');
        return j;
      }
    }
    // `mirella_ecpf_a1.pem`, `RG_frente_Jessica.jpg`: a file named after its owner.
    if (hasUnderscore && after === 0x2e && this.on(NAME_BIT) && fileExtensionAt(this, j) && fileNameParts(this, i, j)) return j;
    if (hasDigit) {
      if (after === 0x3a) {
        const v6 = ipv6(this, i);
        if (v6 !== undefined) return v6;
      }
      return compound(this, i);
    }
    if (hasUnderscore) return j;
    if (after === 0x3a && j - i <= 4 && hexRun(this.text, i, j)) {
      const v6 = ipv6(this, i);
      if (v6 !== undefined) return v6;
    }
    // AB.CDE.FGH/IJKL-12 (the alphanumeric CNPJ, with any of its separators), a word of letters
    // being its first one, two or three groups (ABCDE.FGH…), also glued to a prefix (IDAB.CDE…).
    if (!hasLower && (after === 0x2e || after === 0x2d || after === 0x2f || after === SPACE_CHAR) && j - i >= 2 && j - i <= 14) {
      for (const groups of CNPJ_LEADING_GROUPS) {
        if (j - groups < i) break;
        const cnpj = alnumCnpj(this, j - groups);
        if (cnpj > 0) return cnpj;
      }
    }
    if (!(k & UPPER)) return this.lowerWord(i, j);
    // A reservation's travel document: `SSR DOCS LA HK1/P/BRA/…/14MAR85/F/…/SILVA/MARIA`.
    if (j - i === 4 && !hasLower && this.text.startsWith('DOCS', i)) {
      const docs = ssrDocs(this, j);
      if (docs > 0) return docs;
    }
    // An airline's `SURNAME/GIVEN MR`.
    if (after === 0x2f && !hasLower && this.cls(j + 1) & UPPER) {
      const passenger = iataName(this, i, j);
      if (passenger > 0) return passenger;
    }
    const info = this.words.get(this.text, i, j);
    const kind = streetKind(info);
    if (kind !== undefined && this.on(ADDRESS)) {
      const addressEnd = address(this, i, j, kind, false);
      if (addressEnd > 0) return addressEnd;
      // A street named with no number and no one living there (`na Av. Frei Serafim`) is a
      // place: the name it carries is no person's.
      if (info & W_STREET_WORD || (info & W_STREET_ABBR && j - i >= 2 && this.at(j) === 0x2e)) {
        const street = publicStreetName(this, this.at(j) === 0x2e ? j + 1 : j);
        if (street > 0) return street;
      }
    }
    if (info & W_MONTH_EN) {
      const date = englishDate(this, i, j);
      if (date > 0) return date;
    }
    if (mayOpenWordsDate(this, i, j)) {
      const date = wordsDate(this, i);
      if (date > 0) return date;
    }
    const before = this.found.length;
    const end = name(this, i, j, info);
    if (this.found.length > before || !this.on(NAME_BIT)) return end;
    if (end <= j + 1) {
      const opened = this.givenNameOpening(i, j, info);
      if (opened > 0) return opened;
    }
    const known = this.knownNameRun(i, j);
    if (known > 0) return Math.max(known, end);
    // After a form of address the name matcher passed over (`Seu Tadashi`, `Dona Kawakami`).
    if (j >= end || this.at(j) !== SPACE_CHAR || !this.chainWord(j + 1) || !this.formOfAddress(i, j)) return end;
    const titled = this.knownNameRun(j + 1, CHAIN_WORD.end);
    return titled > 0 ? Math.max(titled, end) : end;
  }

  /** A lower-case word: only a logradouro type (rua, avenida…) needs a closer look. */
  lowerWord(i: number, j: number): number {
    const c0 = this.text.charCodeAt(i);
    if (
      j - i <= 9 &&
      j - i >= 3 &&
      (c0 === 0x72 || c0 === 0x61 || c0 === 0x74 || c0 === 0x65 || c0 === 0x70 || c0 === 0x76) &&
      this.on(ADDRESS)
    ) {
      if (
        (streetWordOpenings ??= this.words.openings(W_STREET_WORD)).may(this.text, i, j) &&
        this.words.get(this.text, i, j) & W_STREET_WORD
      ) {
        const addressEnd = address(this, i, j, 'word', true);
        if (addressEnd > 0) return addressEnd;
      }
    }
    if (mayOpenWordsDate(this, i, j)) {
      const date = wordsDate(this, i);
      if (date > 0) return date;
    }
    // `@ana.souza`, `[~rsilveira]`, `TODO(camila)`, `github.com/twfarias`, `por rsilveira`, `sudo:  genival`.
    const before = i > 0 ? this.text.charCodeAt(i - 1) : 0;
    // `dona lurdes no chat`: a given name in lower case after a title.
    if (before === SPACE_CHAR && LOWER_TITLE_ENDS.has(this.text.charCodeAt(i - 2)) && this.on(NAME_BIT)) {
      const titled = titledLowerName(this, i, j);
      if (titled > 0) return titled;
    }
    // `# rnakandakari: removido`, `-- jtomazoni: falar com…`: a comment's author before a colon.
    if (before === SPACE_CHAR && COMMENT_MARKS.has(this.text.charCodeAt(i - 2)) && this.at(j) === 0x3a && this.on(NAME_BIT)) {
      const author = commentAuthor(this, i);
      if (author > 0) return author;
    }
    if (
      (before === 0x20
        ? this.text.charCodeAt(i - 2) === 0x72 ||
          // `Atendente ksoares`
          (this.text.charCodeAt(i - 2) === 0x65 && this.text.charCodeAt(i - 3) === 0x74 && this.text.charCodeAt(i - 4) === 0x6e) ||
          // `usuário rsouza`
          (this.text.charCodeAt(i - 2) === 0x6f &&
            this.text.charCodeAt(i - 3) === 0x69 &&
            this.text.charCodeAt(i - 4) === 0x72 &&
            this.text.charCodeAt(i - 6) === 0x75) ||
          this.text.charCodeAt(i - 2) === 0x3a ||
          // `logged in as jsilva`, `autenticado como rkoyama`
          (this.text.charCodeAt(i - 2) === 0x73 && this.text.charCodeAt(i - 3) === 0x61 && this.text.charCodeAt(i - 4) === 0x20) ||
          // `exported by lvervloet`
          (this.text.charCodeAt(i - 2) === 0x79 && this.text.charCodeAt(i - 3) === 0x62 && this.text.charCodeAt(i - 4) === 0x20) ||
          // `mysql -u cbenchimol`, `psql -U mtrevisan`, `--username dkoerich`
          ((this.text.charCodeAt(i - 2) | 0x20) === 0x75 && this.text.charCodeAt(i - 3) === 0x2d) ||
          (this.text.charCodeAt(i - 2) === 0x65 && this.text.charCodeAt(i - 3) === 0x6d && this.text.charCodeAt(i - 4) === 0x61) ||
          (this.text.charCodeAt(i - 2) === 0x6f && this.text.charCodeAt(i - 3) === 0x6d && this.text.charCodeAt(i - 4) === 0x6f) ||
          // A chat export's speaker after its timestamp (`[20:03] `, `20:03 - `).
          this.text.charCodeAt(i - 2) === 0x5d ||
          this.text.charCodeAt(i - 2) === 0x2d ||
          (this.text.charCodeAt(i - 2) === 0x20 &&
            (this.text.charCodeAt(i - 3) === 0x3a || (this.text.charCodeAt(i - 3) === 0x20 && this.text.charCodeAt(i - 4) === 0x3a)))
        : before === 0x40 ||
          before === 0x3c ||
          before === 0x7e ||
          before === 0x28 ||
          before === 0x2f ||
          before === 0x2a ||
          // `for user "marcia.o"` (a database's log), `C:\Users\adm.kleber>`, `user=tiago.r`.
          // `autenticado como "mfigueiredo"` too.
          (before === 0x22 &&
            this.text.charCodeAt(i - 2) === 0x20 &&
            (this.text.charCodeAt(i - 3) === 0x72 || (this.text.charCodeAt(i - 3) === 0x6f && this.text.charCodeAt(i - 4) === 0x6d))) ||
          // `C:\Users\adm.kleber`, and a Windows domain's user (`PMSM\jmoura.fagundes`).
          (before === 0x5c && ((this.text.charCodeAt(i - 2) | 0x20) === 0x73 || this.cls(i - 2) & UPPER)) ||
          (before === 0x3d && (this.text.charCodeAt(i - 2) | 0x20) === 0x72)) &&
      this.on(NAME_BIT)
    ) {
      const handle = mentionedHandle(this, i);
      if (handle > 0) return handle;
    }
    // `mariaeduarda.tsuji Eu!! …`, `↳ ray.laurindo que golpe…`: a comment's author opening its line;
    // `mod.ingrid 05/12/2026 20:35`: a chat export's speaker before the message's time.
    if (this.text.charCodeAt(j) === 0x2e && this.on(NAME_BIT) && threadLineHead(this.text, i)) {
      const speaker = speakerHandle(this, i);
      if (speaker > 0) return speaker;
      const author = threadHandle(this, i);
      if (author > 0) return author;
    }
    // `(rodrigo.amorim, N2)`, `joao.silva.pdf`: a first name and a surname joined by a dot.
    if (this.text.charCodeAt(j) === 0x2e && this.cls(j + 1) & LOWER && j - i >= 2 && this.on(NAME_BIT)) {
      const login = dottedLogin(this, i, j);
      if (login > 0) return login;
    }
    if (j - i >= 5 && this.on(NAME_BIT) && (this.learned !== undefined || this.state.knownNames !== undefined)) {
      const login = this.knownLogin(i, j);
      if (login > 0) return login;
    }
    return j;
  }

  // ---- look-behind helpers --------------------------------------------------------------------

  /**
   * Whether a word with the `cue` bit stands just before `pos`, skipping filler (`nº`, `sob o`,
   * `em`) and at most `significant - 1` other words: `CPF sob o nº`, `nascido em Recife em`.
   * The words behind `pos` are read once (`behind`) and shared by every question about `pos`:
   * a number asks about PIS, CNH, phone, título, CEP and RG cues in turn.
   */
  cueBefore(pos: number, cue: number, significant = 1): boolean {
    if (cue & NAME_BIT && this.peopleListItem(pos)) return true;
    const behind = BEHIND;
    if (behind.owner !== this || behind.pos !== pos || behind.floor !== this.cueFloor) behind.reset(this, pos, this.cueFloor);
    let seen = 0;
    let labelled = false;
    let ofSkipped = false;
    for (let k = 0; ; k++) {
      const kind = behind.at(this.text, k);
      if (kind & BEHIND_END) return false;
      if (kind & BEHIND_NEWLINE && seen > 0) return false;
      // A redaction label ([NOME]) or pseudonym is no cue, and a cue beyond it spoke of the
      // masked value: masking masked text must change nothing.
      if (kind & BEHIND_LABEL) return false;
      // A surname that is also a cue word, inside a name (`Sobral do Nascimento em …`), is none.
      if (behind.info(k) & cue && !this.surnameAfterParticle(behind.start(k), pos - LOOK_BEHIND) && !this.adjectiveAlone(behind.start(k))) {
        if (!(cue & NAME_BIT)) return true;
        const cueStart = behind.start(k);
        const cueWord = fold(this.text.slice(cueStart, this.wordEnd(cueStart)));
        // `o adolescente Wilber`, `Criança: Ayla`: a person's noun cues a name in prose or as a label, not in a heading's capitals.
        if (PERSON_NOUNS.has(cueWord) && !(this.cls(cueStart) & LOWER) && this.at(this.wordEnd(cueStart)) !== 0x3a) return false;
        // `Aluno de Enfermagem`, `Gerente de Vendas`: after a role and `de`, a word no name list knows is the role's field.
        // (A relative's word is no role: `Filho de Wasyl Horbatiuk` names the parent.)
        if (ofSkipped && !this.nameEvidence(pos) && !KIN.has(cueWord)) return false;
        // `ENF-REG-04`, `DR-7`: a title joined to the next word by a hyphen names a code, not a person.
        return !this.hyphenJoined(behind.start(k), pos);
      }
      if (kind & BEHIND_FILLER && cue & NAME_BIT && OF.has(fold(this.text.slice(behind.start(k), this.wordEnd(behind.start(k))))))
        ofSkipped = true;
      // A number between a title and a word (`Enf. 3, Leito 12`) leaves the word no name of a person.
      if (kind & BEHIND_FILLER && !(cue & NAME_BIT && this.cls(behind.start(k)) & DIGIT)) continue;
      // Past the value's own label (`Data de casamento:`), a number is another value's: a cue before it speaks of that one.
      const start = behind.start(k);
      if (labelled && /\d/.test(this.text.slice(start, this.wordEnd(start)))) return false;
      if (this.text.charCodeAt(this.wordEnd(start)) === 0x3a) labelled = true;
      // `nascido em Recife, casado em 12/05/2010`: another event's participle takes the date.
      if (cue & BIRTH_BIT && this.clauseOpens(start) && PARTICIPLE_END.test(fold(this.text.slice(start, this.wordEnd(start)))))
        return false;
      // Across a line break the line above cues as a heading or a label does (`2. ENDEREÇO RESIDENCIAL`), not a sentence ending in lower case.
      if (++seen >= significant || (kind & BEHIND_NEWLINE && !(this.cls(start) & UPPER))) return false;
    }
  }

  /** Whether the word at `pos` is a first name or a surname the lists know. */
  private nameEvidence(pos: number): boolean {
    const info = this.words.get(this.text, pos, this.wordEnd(pos));
    return (info & W_SURNAME) !== 0 || nameWeight(info) >= 0;
  }

  /** Whether a comma or a semicolon stands before the word at `start` (spaces between): it opens a clause. */
  private clauseOpens(start: number): boolean {
    let p = start - 1;
    while (p > 0 && this.text.charCodeAt(p) === SPACE_CHAR) p--;
    const c = this.text.charCodeAt(p);
    return c === 0x2c || c === 0x3b;
  }

  /** Whether the word starting at `start` is followed by a hyphen and, straight after it, more of the token before `pos`. */
  private hyphenJoined(start: number, pos: number): boolean {
    const end = this.wordEnd(start);
    return end < pos && this.at(end) === 0x2d && (this.cls(end + 1) & WORD) !== 0;
  }

  /**
   * Whether the word at `pos` is a capitalised surname after a particle that follows a name
   * word (`Sobral do Nascimento`): read from the text alone, so a stream, which keeps
   * only the text before its window, decides as a whole text does.
   */
  /**
   * Whether the cue word at `pos` is `geral` without the `Registro` it qualifies: an RG's cue only
   * as `Registro Geral`, not in `clínica geral`, `assembleia geral` or `clínico geral`.
   */
  private adjectiveAlone(pos: number): boolean {
    const end = this.wordEnd(pos);
    if (end - pos !== 5 || !foldedEquals(this.text, pos, end, 'GERAL')) return false;
    let p = pos - 1;
    while (p > 0 && this.at(p) === SPACE_CHAR && pos - p < 3) p--;
    let s = p;
    while (s > 0 && this.cls(s - 1) & WORD) s--;
    return !foldedEquals(this.text, s, p + 1, 'REGISTRO');
  }

  private surnameAfterParticle(pos: number, limit: number): boolean {
    if (pos < 4 || !(this.cls(pos) & UPPER) || !(this.words.get(this.text, pos, this.wordEnd(pos)) & W_SURNAME)) return false;
    let p = pos - 1;
    if (this.at(p) !== SPACE_CHAR) return false;
    const particleEnd = p;
    while (p > 0 && this.cls(p - 1) & LOWER) p--;
    if (p === particleEnd || !(this.words.get(this.text, p, particleEnd) & W_PARTICLE)) return false;
    if (this.at(p - 1) !== SPACE_CHAR) return false;
    let q = p - 1;
    while (q > 0 && this.cls(q - 1) & WORD) q--;
    // Only as far back as a stream keeps text before the position asked about.
    if (q <= limit || q === p - 1 || !(this.cls(q) & UPPER)) return false;
    // `Maria do Nascimento`, `Sobral do Nascimento`: a name word before; `Data de Nascimento` is a label.
    const before = this.words.get(this.text, q, p - 1);
    return !(before & W_STOP) && ((before & W_SURNAME) !== 0 || nameWeight(before) >= 0);
  }

  /** Whether a capitalised word at `pos` starts a sentence, a line, a cell or a quoted string. */
  sentenceStart(pos: number): boolean {
    let p = pos - 1;
    const limit = pos - LOOK_BEHIND;
    while (p >= 0 && p > limit && (this.text.charCodeAt(p) === SPACE_CHAR || this.text.charCodeAt(p) === 0x09)) p--;
    if (p < 0 || p <= limit) return true;
    const c = this.text.charCodeAt(p);
    return (
      c === 0x2e ||
      c === 0x21 ||
      c === 0x3f ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x3a ||
      c === 0x22 ||
      c === 0x27 ||
      c === 0x201c ||
      c === 0x28 ||
      c === 0x5b ||
      c === 0x2d ||
      c === 0x2a ||
      c === 0x23 ||
      c === 0x3e ||
      c === 0x7c ||
      c === 0x60 ||
      c === 0x3d ||
      c === 0x2014 ||
      c === 0x2013 ||
      c === 0x7b
    );
  }

  /** End of the word at `p` (`p` itself when there is none). */
  wordEnd(p: number): number {
    let q = p;
    while (this.cls(q) & WORD) q++;
    return q;
  }

  /** 0: not a name word; 1: Title case (Maria, D'Ávila); 2: upper case (MARIA). */
  style(s: number, e: number): number {
    const text = this.text;
    const first = CLASS[text.charCodeAt(s)] ?? 0;
    if (!(first & UPPER)) return 0;
    let upper = 0;
    let lower = 0;
    for (let p = s + 1; p < e; p++) {
      const k = CLASS[text.charCodeAt(p)] ?? 0;
      if (k & UPPER) upper++;
      else if (k & LOWER) lower++;
      else if (!(
        text.charCodeAt(p) === 0x27 ||
        text.charCodeAt(p) === 0x2d ||
        text.charCodeAt(p) === 0x2019 ||
        text.charCodeAt(p) === 0x5c
      ))
        return 0;
    }
    if (lower === 0) return e - s >= 2 ? 2 : 0;
    if (upper === 0) return 1;
    // D'Ávila, O'Neil, Ana-Maria: a capital only right after an apostrophe or hyphen.
    for (let p = s + 1; p < e; p++) {
      if ((CLASS[text.charCodeAt(p)] ?? 0) & UPPER) {
        const prev = text.charCodeAt(p - 1);
        if (!(prev === 0x27 || prev === 0x2d || prev === 0x2019)) return 0;
      }
    }
    return 1;
  }

  /**
   * `nameWord(q)` with the word's table info and style, into CHAIN_WORD; false when there is no
   * word. Remembered by position: in a run of capitalised words every word starts a chain of up
   * to 8, so each word is visited up to 8 times.
   */
  chainWord(q: number): boolean {
    const cache = CHAIN_WORDS;
    if (cache.owner !== this) cache.reset(this);
    const slot = q & (CHAIN_WORD_SLOTS - 1);
    if (cache.start[slot] !== q || cache.limit[slot] !== this.end) {
      const w = this.nameWord(q);
      cache.start[slot] = q;
      cache.limit[slot] = this.end;
      cache.end[slot] = w ?? -1;
      if (w !== undefined) {
        cache.info[slot] = this.words.get(this.text, q, w);
        cache.style[slot] = this.style(q, w);
      }
    }
    const end = cache.end[slot] ?? -1;
    if (end < 0) return false;
    CHAIN_WORD.end = end;
    CHAIN_WORD.info = cache.info[slot] ?? 0;
    CHAIN_WORD.style = cache.style[slot] ?? 0;
    return true;
  }

  /** End of a name word at `p`: letters with inner apostrophes or hyphens; undefined if none. */
  nameWord(p: number): number | undefined {
    let q = p;
    for (;;) {
      const k = this.cls(q);
      if (k & (UPPER | LOWER)) {
        q++;
        continue;
      }
      const c = this.at(q);
      // D\'Ávila: an apostrophe escaped in a SQL or JSON string.
      if (c === 0x5c && this.at(q + 1) === 0x27 && q > p && this.cls(q + 2) & (UPPER | LOWER)) {
        q += 2;
        continue;
      }
      if ((c === 0x27 || c === 0x2d || c === 0x2019) && q > p && this.cls(q + 1) & (UPPER | LOWER)) {
        // `São Paulo-SP`: a state after a hyphen is not part of the word.
        if (c === 0x2d && isUf(this.at(q + 1), this.at(q + 2)) && !(this.cls(q + 3) & WORD)) break;
        q++;
        continue;
      }
      break;
    }
    if (q === p) return undefined;
    if (this.cls(q) & WORD && !this.footnoteMark(p, q)) return undefined;
    // Letters joined to digits by a separator are a code (`XF.40W…`, `AB-1234`), not a name.
    const c = this.at(q);
    if ((c === 0x2e || c === 0x2d || c === 0x2f) && this.cls(q + 1) & DIGIT) return undefined;
    // Capitals that start an alphanumeric CNPJ (`XX-SZA 1ZO/08J4-13`) neither.
    if (this.cls(p + 1) & UPPER && alnumCnpjEnd(this, p) > 0) return undefined;
    return q;
  }

  /**
   * `Testemunhas:` then `1) MAMADOU LAMINE DIALLO, eletricista`: an item of a list headed by people
   * (witnesses, heirs, children, those present) opens with a person's name. True at `pos` when an
   * item's mark alone stands before it on its line and the lines above it, up to the heading, are
   * items too (read within what a stream keeps behind its window).
   */
  private peopleListItem(pos: number): boolean {
    const text = this.text;
    let p = pos - 1;
    while (p >= 0 && text.charCodeAt(p) === SPACE_CHAR) p--;
    const mark = text.charCodeAt(p);
    if (!(mark === 0x29 || mark === 0x2e || mark === 0x2d || mark === 0x2022 || mark === 0x2013 || mark === 0x2a)) return false;
    const lineStart = text.lastIndexOf('\n', p) + 1;
    if (lineStart < this.cueFloor || !ITEM_MARK.test(text.slice(lineStart, pos))) return false;
    let end = lineStart - 1;
    for (let lines = 0; lines < 8 && end > 0; lines++) {
      const start = text.lastIndexOf('\n', end - 1) + 1;
      // Only lines a stream still holds whole: a stream decides as the whole text does.
      if (pos - start > STREAM_CONTEXT - 32) return false;
      const line = text.slice(start, end);
      if (PEOPLE_HEADING.test(line) || PEOPLE_INTRODUCED.test(line)) return true;
      if (!ITEM_LINE.test(line)) return false;
      end = start - 1;
    }
    return false;
  }

  /**
   * `Borari¹,`, `Wanderley2 `: one or two digits glued to a capitalised word, then a comma, a space,
   * an asterisk, a bracket or the text's end, are a footnote's or an affiliation's mark (NFKC reads ¹ as 1), not part of the word.
   */
  private footnoteMark(p: number, q: number): boolean {
    if (q - p < 3 || !(this.cls(p) & UPPER) || !(this.cls(q) & DIGIT)) return false;
    let r = q + 1;
    if (this.cls(r) & DIGIT) r++;
    const c = this.at(r);
    if (c < 0) return this.final && r >= this.n;
    return c === 0x2c || c === SPACE_CHAR || c === 0x2a || c === 0x29 || c === 0x3b || c === 0x0a || c === 0x0d;
  }

  /** Whether the word at `i` is what a partial mask left visible (`**FLBRDF******`), not a name. */
  maskResidue(i: number): boolean {
    // residueToken reads at most RESIDUE_REACH characters either side of `i` and is false
    // without a `*` among them: find the nearest star once instead of reading every token
    // of a text whose stars are elsewhere (Markdown bold).
    const from = i > RESIDUE_REACH ? i - RESIDUE_REACH : 0;
    if (from < this.starFrom || from > this.nextStar) {
      this.starFrom = from;
      const star = this.text.indexOf('*', from);
      this.nextStar = star < 0 ? Infinity : star;
    }
    const limit = Math.min(this.end, this.text.length);
    if (this.nextStar >= i + RESIDUE_REACH || this.nextStar >= limit) return false;
    return residueToken(this.text, i, limit);
  }

  /** The first `*` at or after `starFrom` (Infinity: none); maskResidue's window onto the stars. */
  private starFrom = Infinity;
  private nextStar = -1;

  /** A name word must not run into code: Maria( · maria.save · Maria_1. */
  nameWordEnds(e: number): boolean {
    const c = this.at(e);
    if (c === 0x28 || c === 0x5f) return false;
    if (c === 0x2e && this.cls(e + 1) & (LOWER | UPPER)) return false;
    return true;
  }

  capitalisedNext(j: number): boolean {
    return this.at(j) === SPACE_CHAR && (this.cls(j + 1) & UPPER) !== 0;
  }

  /** `/SP`, ` - SP`, `-SP`, `, SP`, ` (SP)` after a word: it is a city. */
  ufAfter(e: number): boolean {
    let p = e;
    const c = this.at(p);
    if (c === 0x2f || c === 0x2d) p++;
    else if (c === SPACE_CHAR && this.at(p + 1) === 0x2d && this.at(p + 2) === SPACE_CHAR) p += 3;
    else if (c === 0x2c && this.at(p + 1) === SPACE_CHAR) p += 2;
    else if (c === SPACE_CHAR && this.at(p + 1) === 0x28) return this.at(p + 4) === 0x29 && this.isUfAt(p + 2);
    else return false;
    if (!this.isUfAt(p)) return false;
    // An alphanumeric CNPJ may open with a state's letters (`SP ERV.FHW.ZJF0.49`).
    if (alnumCnpjEnd(this, p) > 0) return false;
    // The state ends its token: `BA.23P.L38/DSLV-49` and `SP-1234` start something else.
    const next = this.at(p + 2);
    return !((next === 0x2e || next === 0x2d || next === 0x2f) && this.cls(p + 3) & WORD);
  }

  private isUfAt(p: number): boolean {
    const a = this.at(p);
    const b = this.at(p + 1);
    return a >= 0 && b >= 0 && isUf(a, b) && !(this.cls(p + 2) & WORD);
  }
}

/**
 * Whether SQL's `LIKE '`, `ILIKE '` or `NOT LIKE '` (any case) starts at `p`: the word before is a
 * column compared with a pattern. Read through `at`, so a stream waits for the operator.
 */
function likeAhead(scan: Scan, p: number): boolean {
  const c = scan.at(p) | 0x20;
  if (c !== 0x6c && c !== 0x69 && c !== 0x6e) return false;
  let q = p;
  if (c === 0x6e) {
    if ((scan.at(q + 1) | 0x20) !== 0x6f || (scan.at(q + 2) | 0x20) !== 0x74 || scan.at(q + 3) !== SPACE_CHAR) return false;
    q += 4;
  }
  if ((scan.at(q) | 0x20) === 0x69) q++;
  for (let k = 0; k < 4; k++) if ((scan.at(q + k) | 0x20) !== LIKE.charCodeAt(k)) return false;
  return scan.at(q + 4) === SPACE_CHAR && scan.at(q + 5) === 0x27;
}
const LIKE = 'like';
