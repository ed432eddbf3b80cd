/**
 * An organisation's own contact details: the address of a court, a registry office or a company
 * in its letterhead or after `com sede na`, its SAC or switchboard phone, its role mailbox
 * (`financeiro@…`). They name no one, and a report that masks them loses what it needs to be
 * read. Every test looks back at most LOOK_BEHIND characters, what a stream keeps behind its
 * window, so a stream decides as the whole text does.
 */
import { LOOK_BEHIND } from '../behind.js';
import { DIGIT, SPACE, UPPER, WORD, fold } from '../chars.js';
import { ORG_HEADS, legalForm, placeSet } from '../lexicon.js';
import { nameHandle, namePart } from '../handles.js';
import { SPACE_CHAR } from '../scanHelpers.js';
import { validCnpj, validCpf } from '../validate.js';
import { nonGeographic } from '../../detectors/phone.js';
import { pseudonymAt } from '../maskOutput.js';
import { detector } from '../../detectors/registry.js';
import type { Scan } from '../scanner.js';

/** Heads of an organisation's name that may also open a place where people live: they make no letterhead. */
const NOT_SEATS = new Set(
  `CENTRO FAZENDA CONDOMINIO EDIFICIO PRACA PRAIA PONTE PARQUE ESTADO MUNICIPIO UNIAO REPUBLICA DISTRITO REGIAO UNIDADE
  POSTO ORDEM TURMA SECAO PLENARIO JUSTICA COMANDO GRUPO NUCLEO SHOPPING CASA CASAS COHAB RESERVA QUILOMBO`.split(/\s+/),
);
/** Registry offices head their letterheads too (`2º Ofício de Registro Civil de Teresina – Rua …`). */
const REGISTRY_HEADS = ['OFICIO', 'SERVENTIA', 'REGISTRO'];
const SEAT_HEADS: ReadonlySet<string> = new Set([...[...ORG_HEADS].filter((head) => !NOT_SEATS.has(head)), ...REGISTRY_HEADS]);

/** Words that give an organisation's seat: `com sede na`, `sediada à`, `estabelecida em`. */
const SEAT_WORDS = new Set([
  'SEDE',
  'SEDIADA',
  'SEDIADO',
  'SEDIADAS',
  'SEDIADOS',
  'ESTABELECIDA',
  'ESTABELECIDO',
  'MATRIZ',
  'FILIAL',
  'ESCRITORIO',
  'TRABALHO',
]);
/** Words that may stand between a seat word and the address: `sede social na`, `sede da Prefeitura,`. */
const SEAT_FILLER = new Set([
  'NA',
  'NO',
  'EM',
  'A',
  'DA',
  'DO',
  'SOCIAL',
  'ADMINISTRATIVA',
  'LOCALIZADA',
  'SITUADA',
  'SITA',
  'PROFISSIONAL',
  'LOCAL',
  'DE',
]);

/** Where the text a look-back may read starts: LOOK_BEHIND characters back, or the text's start. */
function windowStart(i: number): number {
  return Math.max(0, i - LOOK_BEHIND);
}

/**
 * The start of the line holding `pos`, looking back no further than LOOK_BEHIND before `origin`
 * (the position being decided), or -1. The text's start counts as a line's only when `origin`
 * is within LOOK_BEHIND of it: a stream's window starts mid-line, LOOK_BEHIND before its first
 * position.
 */
export function lineStartWithin(scan: Scan, pos: number, origin: number): number {
  const from = windowStart(origin);
  for (let p = pos - 1; p >= from; p--) if (scan.text.charCodeAt(p) === 0x0a) return p + 1;
  return origin < LOOK_BEHIND ? 0 : -1;
}

/** The folded words of `[s, e)`, each with its start. */
export function wordsIn(scan: Scan, s: number, e: number): { word: string; raw: string; at: number }[] {
  const words: { word: string; raw: string; at: number }[] = [];
  let p = s;
  while (p < e) {
    while (p < e && !(scan.cls(p) & WORD)) p++;
    const start = p;
    let digits = false;
    while (p < e && scan.cls(p) & WORD) {
      if (scan.cls(p) & DIGIT || scan.at(p) === 0x5f) digits = true;
      p++;
    }
    // A token with digits (`00ME-32`, `ME.000.000/0000-23`, a code) holds no word: a value masked
    // later would change what the line says.
    if (p > start && !digits && !gluedToDigits(scan, start, p, s, e))
      words.push({ word: fold(scan.text.slice(start, p)), raw: scan.text.slice(start, p), at: start });
  }
  return words;
}

/** Whether the word `[a, b)` is glued by punctuation to digits in its space-delimited token (within `[s, e)`). */
function gluedToDigits(scan: Scan, a: number, b: number, s: number, e: number): boolean {
  for (let p = a - 1; p >= s && !(scan.cls(p) & SPACE); p--) if (scan.cls(p) & DIGIT) return true;
  for (let p = b; p < e && !(scan.cls(p) & SPACE); p++) if (scan.cls(p) & DIGIT) return true;
  return false;
}

/**
 * Whether `[s, e)` names an organisation as a letterhead does: it opens with the head of a
 * body's or a company's name (`3ª VARA CÍVEL DE MARINGÁ`, `Imobiliária Horizonte`), not as a
 * form's label (`Empresa:`), or it holds a company's legal form (`ABC COMÉRCIO LTDA`).
 */
export function orgHeading(scan: Scan, s: number, e: number): boolean {
  const words = wordsIn(scan, s, e);
  const first = words[0];
  if (first !== undefined && SEAT_HEADS.has(first.word) && scan.cls(first.at) & UPPER) {
    const after = first.at + first.raw.length;
    if (scan.text.charCodeAt(after) !== 0x3a) return true;
  }
  return words.some(({ raw }) => raw.length >= 2 && legalForm(raw)) || SOCIEDADE_ANONIMA.test(scan.text.slice(s, e));
}

/** Words of a form's section about a person (`DADOS DO ALUNO`, `ENDEREÇO DO CLIENTE`): no organisation's heading. */
const SECTION_WORDS = new Set(['DADOS', 'IDENTIFICACAO', 'ENDERECO', 'CONTATO', 'CONTATOS', 'RESPONSAVEL', 'CONTRATANTE']);

/**
 * Whether `[s, e)` is a heading in capitals that names a body by a head word after its own name
 * (`SERRA VERDE ACADEMIA — UNIDADE CENTRO`, `ALVORADA FUNERÁRIA`): ten words at most, its first
 * part (before a dash) holding the head, no person's cue and no form section's word in it.
 */
export function capitalsHeading(scan: Scan, s: number, e: number): boolean {
  const words = wordsIn(scan, s, e);
  if (words.length < 2 || words.length > 10 || words.some(({ raw }) => raw.length > 1 && raw.toUpperCase() !== raw)) return false;
  if (words.some(({ word }) => PERSON_CUES.has(word) || SECTION_WORDS.has(word))) return false;
  let end = e;
  for (let p = s; p < e; p++) {
    const c = scan.text.charCodeAt(p);
    if (c === 0x2014 || c === 0x2013 || c === 0x7c || (c === 0x2d && scan.text.charCodeAt(p - 1) === SPACE_CHAR)) {
      end = p;
      break;
    }
  }
  return words.some(({ word, at }) => at < end && SEAT_HEADS.has(word));
}

/** Whether `value` is a body's name as a record holds it: capitalised, opening with a body's head word (`Policlínica …`, `USF Vila Nova`). */
export function bodyName(value: string): boolean {
  const first = /^\s*(\p{Lu}[\p{L}]*)/u.exec(value)?.[1];
  return first !== undefined && SEAT_HEADS.has(fold(first));
}

/** `S.A.`, `S/A`, `S. A.`: a legal form the word reader splits into one-letter words. */
const SOCIEDADE_ANONIMA = /(?:^|[\s,(])S(?:\.\s?A\.?|\/A)(?=$|[\s,.;)–—-])/;

/** Whether a seat word stands within three words before `i` (`com sede na`, `sede da Prefeitura,`). */
function seatBefore(scan: Scan, i: number, from: number): boolean {
  const words = wordsIn(scan, from, i);
  for (let k = words.length - 1, seen = 0; k >= 0 && seen < 3; k--) {
    const { word } = words[k]!;
    if (SEAT_WORDS.has(word)) return true;
    if (!SEAT_FILLER.has(word)) seen++;
  }
  return false;
}

/**
 * Whether the address starting at `i` is an organisation's: after `com sede na`; on a line that
 * opens with the organisation's name (`Imobiliária Horizonte | Av. Beira-Mar Norte, 2500`); or
 * opening its own line under a letterhead (`3ª VARA CÍVEL DE MARINGÁ - PROJUDI` then the address);
 * on a contact line of a letterhead block, however far below its heading (letterhead.ts).
 */
export function orgAddress(scan: Scan, i: number): boolean {
  if (scan.state.letterhead === 'contact') return true;
  const from = windowStart(i);
  // Right after a CNPJ (only separators between): the company's, whatever word stands further back.
  if (cnpjBefore(scan, i, from)) return true;
  // Someone lives there (`Escola fica longe; moro na Rua …`): a person's address, whatever organisation stands near.
  if (RESIDENCE.test(scan.text.slice(from, i))) return false;
  return seatBefore(scan, i, from) || namedBefore(scan, i, from) || orgLine(scan, i) || SERVICE_LABEL_BEFORE.test(scan.text.slice(from, i));
}

/**
 * `Atendimento: Av. Nações Unidas, 4-44`, `SAC: …`: an organisation's service desk given as a label;
 * not where someone is served (`Endereço de atendimento:`, `Local de atendimento:`: a home visit's).
 */
const SERVICE_LABEL_BEFORE =
  /(?<!(?:endere[cç]o|local|domic[ií]lio) (?:de|do|para) )(?<![\p{L}])(?:atendimento|sac|ouvidoria|central de atendimento|fale conosco)[ \t]*:[ \t]*$/iu;

/**
 * Whether the contact at `i` stands on a line that opens with an organisation's name
 * (`Imobiliária Horizonte | Av. …`), or opens its own line under such a line, whole within the window.
 */
function orgLine(scan: Scan, i: number): boolean {
  const line = lineStartWithin(scan, i, i);
  if (line < 0) return false;
  let p = line;
  while (p < i && (scan.text.charCodeAt(p) === SPACE_CHAR || scan.text.charCodeAt(p) === 0x09)) p++;
  if (p < i) return orgHeading(scan, p, i);
  // The contact opens its line: the line before is the letterhead, whole within the window.
  if (line < 2) return false;
  const previous = lineStartWithin(scan, line - 1, i);
  return previous >= 0 && orgHeading(scan, previous, line - 1);
}

/**
 * `UBS Vila Alta, Rua Santa Luzia, 300`, `Hospital Getúlio Vargas, Av. Frei Serafim, 2352`: the
 * clause just before the address names an organisation.
 */
function namedBefore(scan: Scan, i: number, from: number): boolean {
  let p = i - 1;
  let paren = false;
  while (p >= from && (scan.text.charCodeAt(p) === SPACE_CHAR || scan.text.charCodeAt(p) === 0x28)) {
    if (scan.text.charCodeAt(p) === 0x28) paren = true;
    p--;
  }
  if (p < from) return false;
  // `CRAS Salgado (Rua Mestre Vitalino, 960)`: the name ends right before the parenthesis.
  if (paren && scan.cls(p) & WORD) p++;
  else if (!NAME_END.has(scan.text.charCodeAt(p))) return false;
  return bodyNameEndsAt(scan, p, from);
}

/** What may stand between a body's name and its contact: `,`, `-`, `–`, `—`, `·`, `|`. */
const NAME_END = new Set([0x2c, 0x2d, 0x2013, 0x2014, 0xb7, 0x7c]);

/** Whether the clause ending at `p` (read back to `from` at most) is a body's name, or ends with one. */
function bodyNameEndsAt(scan: Scan, p: number, from: number): boolean {
  let s = p - 1;
  while (s >= from && !CLAUSE_END.has(scan.text.charCodeAt(s))) s--;
  const words = wordsIn(scan, s + 1, p);
  const first = words[0];
  if (first !== undefined && SEAT_HEADS.has(first.word) && (scan.cls(first.at) & UPPER) !== 0 && words.length <= 6) return true;
  // `na Clínica Monte Roraima, Av. …`, `ao Departamento de Recursos Humanos, Av. …`: the capitalised
  // name that ends the clause opens with an organisation's head.
  let head: (typeof words)[number] | undefined;
  for (let k = words.length - 1, seen = 0; k >= 0 && seen < 6; k--) {
    const word = words[k]!;
    // Only spaces join a name's words (`RuralCred – Agência Palmas`: the name is `Agência Palmas`).
    const next = words[k + 1];
    if (next !== undefined && !onlySpaces(scan, word.at + word.raw.length, next.at)) break;
    // `O Museu da Imigração`: an article opening the sentence is no word of the name.
    if (ARTICLES.has(word.word)) break;
    if (scan.cls(word.at) & UPPER) {
      head = word;
      seen++;
    } else if (!NAME_PARTICLES.has(word.word)) break;
  }
  return head !== undefined && SEAT_HEADS.has(head.word);
}

function onlySpaces(scan: Scan, s: number, e: number): boolean {
  for (let p = s; p < e; p++) if (scan.text.charCodeAt(p) !== SPACE_CHAR) return false;
  return true;
}

const ARTICLES = new Set(['O', 'A', 'OS', 'AS', 'NO', 'NA', 'NOS', 'NAS', 'AO', 'AOS', 'PELO', 'PELA', 'THE']);

/** Particles inside an organisation's name (`Departamento de Recursos Humanos`). */
const NAME_PARTICLES = new Set(['DE', 'DA', 'DO', 'DAS', 'DOS', 'E']);

/** What may stand between a CNPJ and the address or phone after it: spaces and punctuation (`CNPJ … – Rua`, `| CNPJ: … |`). */
function contactSeparator(c: number): boolean {
  return (
    c === SPACE_CHAR ||
    c === 0x09 ||
    c === 0x2c ||
    c === 0x2d ||
    c === 0x2013 ||
    c === 0x2014 ||
    c === 0x2022 ||
    c === 0xb7 ||
    c === 0x7c ||
    c === 0x3a ||
    c === 0x3b
  );
}

/** A CNPJ as written (any layout with valid check digits) or as this engine masked it (`[CNPJ]`, `CNPJ_…`, `**.345.678/****-**`). */
export function cnpjToken(token: string): boolean {
  if (token === '[CNPJ]' || CNPJ_MASKED.test(token)) return true;
  const chars = token.toUpperCase().replace(/[./-]/g, '');
  return chars.length === 14 && /^[0-9A-Z]+$/.test(chars) && validCnpj(chars);
}
const CNPJ_MASKED = /^(?:CNPJ_[0-9a-f]{8}|\*\*\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}\/?\*{4}-?\*\*)$/;

/**
 * `CNPJ 11.210.481/0001-86 – Rua …`, `| CNPJ: 74.826.562/0001-25    Rod. …`: an address (or a
 * phone) right after a CNPJ is the company's. Only the CNPJ and separators stand between them, so
 * masking the CNPJ first (a shorter or longer replacement) changes nothing here.
 */
export function cnpjBefore(scan: Scan, i: number, from: number): boolean {
  let p = i;
  while (p > from && contactSeparator(scan.text.charCodeAt(p - 1)) && i - p < 12) p--;
  const e = p;
  while (p > from && !isTokenEnd(scan.text.charCodeAt(p - 1)) && e - p < 24) p--;
  return p < e && cnpjToken(scan.text.slice(p, e));
}

/** What ends a token read backwards: a space, a line break, a separator that is no part of a CNPJ. */
function isTokenEnd(c: number): boolean {
  return c === SPACE_CHAR || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x28 || c === 0x7c || c === 0x3a || c === 0x2c;
}

/** What ends the clause before an address: a comma, a full stop, a colon, a semicolon, a parenthesis, a line break, a middle dot, a bar. */
const CLAUSE_END = new Set([0x2c, 0x2e, 0x3a, 0x3b, 0x28, 0x0a, 0xb7, 0x7c]);

/** Words of someone living somewhere (reside, domiciliado, mora, moro…) or of an address given for a party (`com endereço na`; not this engine's `[ENDERECO]` label): a person's, to be safe. */
const RESIDENCE = /\b(?:resid|domicil|mor[aeo])|(?<![[_])\bendere[cç]o\b(?![\]_])/i;

/**
 * The CEP and phones an organisation's address may be followed by on its line: ` - CEP:
 * 87.030-008 - Fone: (44) 3472-2711`, ` – (67) 3411-9140`. An e-mail is left to roleMailbox: a
 * person's address may follow a letterhead's.
 */
const TAIL_LABELS = new RegExp(
  [
    '^[\\s,;|–—·•(-]*',
    // The bairro or the town the address ends with (`…, 920, Centro, (67) 3231-4455`, `…, 186, Centro - (83) 3310-6200`).
    "(?:\\p{Lu}[\\p{L}' .-]{1,30}(?:/[A-Z]{2})?(?:,|\\s[–—-])\\s*){0,2}",
    '(?:',
    // A CEP after its label.
    'CEP\\.?:?\\s*\\d{2}\\.?\\d{3}-?\\d{3}',
    // A phone in a phone's layout (DDD, then a dash or a space inside the number), its label optional.
    '|(?:(?:Fones?|Tel(?:efones?)?|Fax|PABX|☎)\\.?:?\\s*)?(?:\\+55\\s?)?\\(?0?\\d{2}\\)?\\s?\\d{4,5}[-\\s]\\d{4}\\)?',
    ')',
  ].join(''),
  'iu',
);

/** The end of the CEP and phones an organisation's address carries after it on its line (`e` when none). */
export function contactTail(scan: Scan, e: number): number {
  let end = e;
  for (let round = 0; round < 4; round++) {
    // Read through `at`, so a stream whose window ends inside the tail waits for the rest.
    scan.at(end + 48);
    const m = TAIL_LABELS.exec(scan.text.slice(end, end + 48));
    if (m === null) break;
    end += m[0].length;
  }
  return end;
}

/** Cues of an organisation's service line: `SAC`, `Dúvidas:`, `Informações pelo telefone`, `Central de Atendimento`. */
const SERVICE_CUES = new Set(
  `SAC OUVIDORIA DUVIDAS DUVIDA INFORMACOES ATENDIMENTO CENTRAL DISQUE PLANTAO RECEPCAO PROTOCOLO SECRETARIA CONOSCO TELEATENDIMENTO
  CALLCENTER SUPORTE COMERCIAL`.split(/\s+/),
);

/**
 * Whether the landline at `[i, e)` is an organisation's: a toll-free number; a service cue
 * (`SAC`, `Dúvidas:`, `tel. comercial`) within seven words before it, on its line; or the company
 * beside it, only separators between: its CNPJ or role mailbox before it (`CNPJ … – tel. (27) …`,
 * `contato@… – (91) …`), or its role mailbox or `CNPJ` after it. Mobiles are people's whatever the cue.
 */
export function servicePhone(scan: Scan, i: number, e: number, digits: string): boolean {
  if (nonGeographic(digits)) return true;
  const line = lineStartWithin(scan, i, i);
  const words = wordsIn(scan, line < 0 ? windowStart(i) : line, i);
  // Someone's number on an organisation's line (`Contato do filho: Jorge … · (54) 3321-…`) is
  // theirs; not when a company's CNPJ stands right before it (`cliente 11.222.333/0001-81 (21)
  // 3222-…`: a firm's number, whatever cue stands further back, however long what masking
  // shortened between them).
  // Nor when the firm's CNPJ is stated right after it (`… (21) 3222-… CNPJ 11.222.333/0001-81`): a person's cue further
  // back is read within a few words, which masking the words between changes, so it cannot decide against it.
  if (
    (personsNumber(scan, i, words) || nameRightBefore(scan, i)) &&
    !cnpjBefore(scan, labelsBefore(scan, i), windowStart(i)) &&
    !cnpjStatedAfter(scan, e)
  )
    return false;
  // A letterhead's phones are the organisation's, its WhatsApp mobile too.
  if (scan.state.letterhead === 'contact') return true;
  let national = digits;
  if ((national.length === 12 || national.length === 13) && national.startsWith('55')) national = national.slice(2);
  if ((national.length === 11 || national.length === 12) && national.startsWith('0')) national = national.slice(1);
  const subscriber = national.length >= 10 ? national.slice(2) : national;
  if (subscriber.length !== 8 || subscriber.charCodeAt(0) > 0x35) return false;
  for (let k = words.length - 1; k >= 0 && k >= words.length - 7; k--) if (SERVICE_CUES.has(words[k]!.word)) return true;
  return bodysLine(scan, words) || companyBefore(scan, i) || companyAfter(scan, e) || bodysNumber(scan, i) || deskMailboxBefore(scan, i);
}

/** A mailbox, then what joins a phone to it: `… ou pelo telefone `, ` / `, ` · Tel. `. */
const MAILBOX_THEN_PHONE =
  /([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\s*(?:[,/·–—-]|\bou\b)?\s*(?:(?:pelo|pela|no|o)\s+)?(?:telefone|tel\.?|fone|whatsapp)?\s*:?\s*$/i;

/**
 * `nudem@defensoria.am.def.br ou pelo telefone (92) 3233-…`: whether a desk's or a public body's
 * mailbox that spells no one's name stands just before the number at `i`: the number is the same
 * desk's.
 */
function deskMailboxBefore(scan: Scan, i: number): boolean {
  const from = Math.max(windowStart(i), i - 96);
  // A look back bounded by the window: most numbers have no mailbox before them.
  let at = i - 1;
  while (at >= from && scan.text.charCodeAt(at) !== 0x40) at--;
  if (at < from) return false;
  const m = MAILBOX_THEN_PHONE.exec(scan.text.slice(from, i));
  if (m === null) return false;
  const local = m[1] ?? '';
  const desk = roleLocalPart(local) || PUBLIC_DOMAIN.test(`.${m[2] ?? ''}`);
  return desk && !namedLocalPart(local) && !nameHandle(local.toLowerCase());
}

/**
 * Whether a person's name ends right before `i`, a space between: found by this scan, or as this
 * engine masked it (`[NOME]`, `NOME_…`), so masking again decides the same (`Maria da Silva +55 21 …`).
 */
function nameRightBefore(scan: Scan, i: number): boolean {
  if (scan.text.charCodeAt(i - 1) !== SPACE_CHAR) return false;
  // Before anything this scan found, a name the stream's previous window ended with.
  if (scan.lastNameEnd() === i - 1) return true;
  const text = scan.text;
  // The name detector's label, as its redactions (`[NOME]`) and pseudonyms (`NOME_3f9a2c1b`) print it
  // (read at the first call: the registry imports this module's importers).
  const label = (nameLabel ??= detector('name').label);
  if (text.endsWith(`[${label}]`, i - 1)) return true;
  // A pseudonym is the label, `_` and eight hex digits: read where it would start, not searched for.
  const at = i - 1 - label.length - 9;
  return at >= 0 && text.startsWith(label, at) && pseudonymAt(text, at, i - 1);
}

let nameLabel: string | undefined;

/** Words that make the number after them someone's: a title, a party, a home, a relative. */
const PERSON_CUES = new Set(
  `SR SRA SRTA DR DRA CLIENTE PACIENTE RESPONSAVEL PROPRIETARIO PROPRIETARIA TITULAR SEGURADO SEGURADA RESIDENTE
  RESIDENCIAL RESIDENCIA DOMICILIADO DOMICILIADA MORADOR MORADORA CELULAR TRATAR FALAR ALUNO ALUNA MAE PAI FILHO FILHA ESPOSA
  ESPOSO MARIDO PARTICULAR RECADO RECADOS VIZINHO VIZINHA`.split(/\s+/),
);

/** Words before a cue that make it someone served, not someone reached (`atendimento ao cliente`). */
const SERVED = new Set(['AO', 'AOS', 'A', 'AS']);

/**
 * Whether the number at `i` is someone's by what stands before it on its line: a person's cue among
 * the last words (`Sr.`, `cliente`, `celular`, `filho`; not `atendimento ao cliente`), or a
 * segment naming someone (`Hospital X — Ana Souza (11) …`).
 */
function personsNumber(scan: Scan, i: number, words: readonly { word: string; raw: string; at: number }[]): boolean {
  for (let k = Math.max(0, words.length - 4); k < words.length; k++)
    if (PERSON_CUES.has(words[k]!.word) && !SERVED.has(words[k - 1]?.word ?? '')) return true;
  return personSegment(scan, i, words) || personsMailboxBefore(scan, i);
}

/** Whether a mailbox spelling someone's name stands just before `i`, separators between (`– ana.souza@… – (51) …`). */
function personsMailboxBefore(scan: Scan, i: number): boolean {
  const from = windowStart(i);
  let p = i;
  while (p > from && contactSeparator(scan.text.charCodeAt(p - 1)) && i - p < 8) p--;
  const e = p;
  while (p > from && !isTokenEnd(scan.text.charCodeAt(p - 1)) && e - p < 64) p--;
  const at = scan.text.indexOf('@', p);
  if (at <= p || at >= e) return false;
  const local = scan.text.slice(p, at);
  return namedLocalPart(local) || nameHandle(local.toLowerCase());
}

/**
 * Whether the landline at `i` is a body's by the name it stands after: the body's name right
 * before it (`Imobiliária Serra Azul (81) 3222-…`, `Funerária Paz · (55) 3512-…`), or a line that
 * opens with the body's name (`Ótica Lumen Ltda — SUSEP … — (65) …`) or stands under it.
 */
function bodysNumber(scan: Scan, i: number): boolean {
  const from = windowStart(i);
  let p = i;
  while (p > from && (scan.text.charCodeAt(p - 1) === SPACE_CHAR || NAME_END.has(scan.text.charCodeAt(p - 1))) && i - p < 4) p--;
  return (p < i && scan.cls(p - 1) & WORD && bodyNameEndsAt(scan, p, from)) || orgLine(scan, i);
}

/** Separators of a contact line's segments: the segment just before a number is what it belongs to. */
const SEGMENT_END = new Set([...NAME_END, 0x3a, 0x3b, 0x28, 0x2e]);

/** Whether the segment just before `i` is a person's name: two words or more, each a capitalised first name or surname or a particle. */
function personSegment(scan: Scan, i: number, words: readonly { word: string; raw: string; at: number }[]): boolean {
  let s = i - 1;
  while (s >= 0 && (scan.text.charCodeAt(s) === SPACE_CHAR || scan.text.charCodeAt(s) === 0x28 || NAME_END.has(scan.text.charCodeAt(s))))
    s--;
  const end = s + 1;
  while (s >= 0 && scan.text.charCodeAt(s) !== 0x0a && !SEGMENT_END.has(scan.text.charCodeAt(s))) s--;
  if (/\d/.test(scan.text.slice(s + 1, end))) return false;
  const segment = words.filter(({ at }) => at > s && at < end);
  return (
    segment.length >= 2 &&
    segment.every(({ word, raw, at }) => NAME_PARTICLES.has(word) || ((scan.cls(at) & UPPER) !== 0 && namePart(raw.toLowerCase())))
  );
}

/** Words that label a contact (`Contato da UBS:`, `Telefone do Hospital`). */
const CONTACT_LABELS = new Set(['CONTATO', 'CONTATOS', 'TELEFONE', 'TELEFONES', 'FONE', 'FONES', 'TEL']);

/** Whether the last words before a phone label it as a body's (`Contato da UBS:`, `Telefone do Hospital Regional:`). */
function bodysLine(scan: Scan, words: readonly { word: string; at: number }[]): boolean {
  // The body's name ends the label: its head is among the last three words before the number.
  for (let k = Math.max(0, words.length - 5); k + 2 < words.length; k++) {
    const head = words[k + 2]!;
    if (
      CONTACT_LABELS.has(words[k]!.word) &&
      NAME_PARTICLES.has(words[k + 1]!.word) &&
      SEAT_HEADS.has(head.word) &&
      (scan.cls(head.at) & UPPER) !== 0
    )
      return true;
  }
  return false;
}

/** Phone labels that may stand between a company's CNPJ or mailbox and its number (`– tel.`, `– Fone:`). */
const PHONE_LABELS = new Set(['TEL', 'TELEFONE', 'FONE', 'FONES', 'PABX', 'WHATSAPP']);

/** The CNPJ or role mailbox just before `i`, a phone label and separators between. */
function companyBefore(scan: Scan, i: number): boolean {
  const from = windowStart(i);
  let p = labelsBefore(scan, i);
  if (cnpjBefore(scan, p, from) || tollFreeBefore(scan, p, from)) return true;
  const e = p;
  while (p > from && !isTokenEnd(scan.text.charCodeAt(p - 1)) && e - p < 64) p--;
  return mailboxToken(scan, p, e);
}

/** Where what stands before the number at `i` starts: its `+`, separators and a phone label (`– tel.`) before it. */
function labelsBefore(scan: Scan, i: number): number {
  const from = windowStart(i);
  // The number's own `+` (a phone read from its country code `55` on, when what follows joins it).
  let p = i > from && scan.text.charCodeAt(i - 1) === 0x2b ? i - 1 : i;
  while (p > from && (contactSeparator(scan.text.charCodeAt(p - 1)) || scan.text.charCodeAt(p - 1) === 0x2e) && i - p < 16) p--;
  const e = p;
  while (p > from && scan.cls(p - 1) & WORD && e - p < 10) p--;
  if (p < e && PHONE_LABELS.has(fold(scan.text.slice(p, e)))) {
    while (p > from && contactSeparator(scan.text.charCodeAt(p - 1)) && e - p < 16) p--;
    return p;
  }
  return e;
}

/** A toll-free or shared-cost number ending at `e` (`0800 727 0411 · WhatsApp (92) …`): the numbers beside it are the same desk's. */
function tollFreeBefore(scan: Scan, e: number, from: number): boolean {
  let p = e;
  while (p > from && e - p < 20 && /[\d ().-]/.test(scan.text.charAt(p - 1))) p--;
  const written = scan.text.slice(p, e).trim();
  // `03000000062 (21) 2345-…`: eleven bare digits whose check digits hold are a CPF (masked as one), no 0300 line.
  if (/^\d{11}$/.test(written) && validCpf(written)) return false;
  return nonGeographic(written.replace(/[ ().-]/g, ''));
}

/** `CNPJ`, then its number (or its mask) after a colon or `nº`: `CNPJ: 11.222.333/0001-81`, `CNPJ nº [CNPJ]`. */
const CNPJ_STATED = /^CNPJ(?:\/MF)?\s*(?:[:.]\s*)?(?:n[º°o.]+\s*)?([^\s,;|()]{6,24})/;

/** Where what follows `e` starts, contact separators skipped. */
function afterSeparators(scan: Scan, e: number): number {
  let p = e;
  while (contactSeparator(scan.at(p)) && p - e < 8) p++;
  return p;
}

/** Whether a CNPJ is stated (the word, then its number or mask) just after `e`, separators between. */
function cnpjStatedAfter(scan: Scan, e: number): boolean {
  const s = afterSeparators(scan, e);
  // Read through `at`, so a stream whose window ends inside the word or the number waits for them.
  if (scan.at(s + 4) < 0) return false;
  if (!scan.text.startsWith('CNPJ', s) || scan.cls(s + 4) & WORD) return false;
  scan.at(s + 48);
  const stated = CNPJ_STATED.exec(scan.text.slice(s, s + 48));
  return stated !== null && cnpjToken((stated[1] ?? '').replace(/[.]$/, ''));
}

/** A role mailbox or a CNPJ stated just after `e`, separators between. */
function companyAfter(scan: Scan, e: number): boolean {
  if (cnpjStatedAfter(scan, e)) return true;
  const s = afterSeparators(scan, e);
  let p = s;
  while (scan.at(p) >= 0 && !isTokenEnd(scan.at(p)) && p - s < 64) p++;
  let t = p;
  // A sentence's or a clause's end after the address (`nve@…br.`, `dpo@…br)`).
  while (t > s && (scan.text.charCodeAt(t - 1) === 0x2e || scan.text.charCodeAt(t - 1) === 0x29)) t--;
  return mailboxToken(scan, s, t);
}

/** Whether `[s, e)` is one e-mail address that roleMailbox leaves. */
function mailboxToken(scan: Scan, s: number, e: number): boolean {
  const at = scan.text.indexOf('@', s);
  return at > s && at < e - 3 && !scan.text.slice(at + 1, e).includes('@') && roleMailbox(scan, s, e);
}

/** Local parts of an organisation's role mailboxes: they name a desk, not a person. */
const ROLE_MAILBOXES = new Set(
  `CONTATO CONTACT ATENDIMENTO SAC FINANCEIRO FINANCE COBRANCA FATURAMENTO SECRETARIA OUVIDORIA SUPORTE SUPPORT COMERCIAL
  VENDAS SALES RH JURIDICO FALECONOSCO PROTOCOLO GABINETE NFE FISCAL COMPRAS DIRETORIA COORDENACAO IMPRENSA NOREPLY NAORESPONDA
  INFO ADMIN WEBMASTER POSTMASTER RECEPCAO AGENDAMENTO MATRICULA MATRICULAS CADASTRO CARTORIO LICITACAO LICITACOES DPO
  PRIVACIDADE PRIVACY LGPD ENCARREGADO ORCAMENTO ORCAMENTOS FINANCIAMENTO CONCURSO CONCURSOS SELECAO PESSOAL FOLHA
  EVENTOS MARKETING RESERVAS ENSINO PEDIDOS ROOT DAEMON MAILERDAEMON CONSUMIDOR CLIENTES RELACIONAMENTO SOCIETARIO CONTABIL
  CONTABILIDADE TESOURARIA DOACOES DOACAO CLASSIFICADOS ANUNCIOS ANUNCIE PUBLICIDADE ASSINATURAS REDACAO COMUNICACAO ASCOM
  VISTORIA VISTORIAS LOCACAO LOCACOES DIRF ESOCIAL NFSE RI INVESTIDORES TRIAGEM REGULACAO OUVIDORIA SIC ESIC TRANSPARENCIA
  AUDITORIA COMPLIANCE ETICA DENUNCIA DENUNCIAS PATRIMONIO ALMOXARIFADO LOGISTICA EXPEDICAO ENTREGAS PORTARIA CONSULTAS EXAMES
  LAUDOS RESULTADOS CONVENIOS POSVENDA GARANTIA ASSISTENCIA QUALIDADE MANUTENCAO
  HELPDESK SERVICEDESK NOC SEGURANCA SECURITY ABUSE HOSTMASTER NOTIFICACOES ALERTAS ALERTS NEWSLETTER BOLETIM BILLING HELP
  PLANTAO REGISTRO ACADEMICO BIBLIOTECA GRADUACAO POSGRADUACAO DIPLOMAS EXTENSAO ESTAGIO ESTAGIOS BOT BOTS`.split(/\s+/),
);

/** Local parts of a machine's mailbox: no one reads it, whatever label or key it stands under. */
const MACHINE_MAILBOXES = new Set(['NOREPLY', 'NAORESPONDA', 'NAORESPONDER', 'DONOTREPLY', 'MAILERDAEMON', 'POSTMASTER', 'BOUNCES']);
/** A mailing list's service addresses (`lista-request@`, `lista-bounces@`), Mailman's and Majordomo's. */
const LIST_SERVICE = /[-+](?:request|bounces|owner|admin|join|leave|subscribe|unsubscribe)$/i;
/** A mailing list's host (`listas.exemplo.org.br`, `googlegroups.com`): its addresses are lists, not people. */
const LIST_DOMAIN = /^(?:lists?|listas?|listserv)\.|(?:^|\.)(?:googlegroups\.com|groups\.io)$/i;

/**
 * Whether the address `value` is a machine's or a mailing list's (`no-reply@…`, `lista-request@…`,
 * `grupo@listas.…`) and spells no one's name: it names no person under any label.
 */
export function machineMailbox(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  if (MACHINE_MAILBOXES.has(fold(local).replace(/[._-]/g, ''))) return true;
  if (!LIST_SERVICE.test(local) && !LIST_DOMAIN.test(value.slice(at + 1))) return false;
  return !namedLocalPart(local.replace(LIST_SERVICE, '')) && !nameHandle(local.toLowerCase());
}

/** Whether the address `value` is a machine's, a mailing list's or a desk's (`suporte@…`, `rh.folha@…`): no one's own. */
export function deskMailbox(value: string): boolean {
  const at = value.lastIndexOf('@');
  return machineMailbox(value) || (at > 0 && roleLocalPart(value.slice(0, at)));
}

/**
 * Whether a mailbox's local part names a desk: a role word whole (`faleconosco`), or first with
 * no first name or surname after it (`rh.folha`, `dp.barra`; not `rh.ana.souza`).
 */
function roleLocalPart(local: string): boolean {
  if (ROLE_MAILBOXES.has(fold(local).replace(/[._-]/g, ''))) return true;
  const parts = local.split(/[._-]+/);
  return parts.length >= 2 && ROLE_MAILBOXES.has(fold(parts[0] ?? '')) && !namedLocalPart(parts.slice(1).join('.'));
}

const EMAIL_LABEL = /e-?mail\s*[:=]\s*["']?$/i;
/** Domains of public bodies: courts, prosecutors, governments, legislatures. */
const PUBLIC_DOMAIN = /\.(?:jus|mp|gov|leg|def|mil)\.br$/i;

/** Whether a mailbox's local part holds a first name or surname (`ana.souza`, `jsilva` is nameHandle's). */
function namedLocalPart(local: string): boolean {
  return local
    .toLowerCase()
    .split(/[._-]+/)
    .some((part) => /^[a-z]+$/.test(part) && namePart(part));
}
/**
 * `yoselin.guzman`, `t_okonkwo`: words of letters joined as a person's given name and surname
 * are, even when neither is in the lists (a public servant's mailbox is hers); a desk's name is not.
 */
function personShapedLocalPart(local: string): boolean {
  if (!/^[a-z]+(?:[._-][a-z]+){1,2}$/i.test(local) || roleLocalPart(local)) return false;
  const parts = fold(local).split(/[._-]/);
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  // A unit's acronym opens a desk's mailbox (`dsei.arsol`, `pjdh.poa`); a place or a desk's word ends it (`caps.arapiraca`).
  if (first.length < 3 || !/^.?[AEIOUY]/.test(first) || last.length < 3) return false;
  return parts.every((part) => !ROLE_MAILBOXES.has(part) && !DESK_WORDS.has(part)) && !placeSet().has(last);
}

/** Words of a desk's or a system's name in a mailbox (`horus.integracao`, `ctic.monitoramento`). */
const DESK_WORDS = new Set(
  `INTEGRACAO INTEGRACOES MONITORAMENTO SISTEMA SISTEMAS NUCLEO SETOR UNIDADE CENTRAL GERAL CONTROLE ESCALA PLANTAO SUPORTE
  SERVICOS SERVICO SAUDE EDUCACAO ASSISTENCIA GESTAO PLANEJAMENTO ADMINISTRACAO INFORMATICA TECNOLOGIA DADOS ESTATISTICA
  VIGILANCIA EPIDEMIOLOGIA REGULACAO FARMACIA LABORATORIO ARQUIVO BIBLIOTECA PROTOCOLO GABINETE APOIO SECRETARIA`.split(/\s+/),
);
/** A message's addressees: a desk mailbox there is someone the message was sent to (its sender, `From:`, is the desk itself). */
const MESSAGE_HEADER = /^\s*(?:to|cc|bcc|cco|para|reply-to|responder para)\s*:/i;

/**
 * Whether the e-mail address `[s, e)` is an organisation's role mailbox in prose or a letterhead
 * (`Dúvidas: financeiro@escola.edu.br`). In a row of data or after an `E-mail:` label it is a
 * record's contact, and stays masked.
 */
export function roleMailbox(scan: Scan, s: number, e: number): boolean {
  const at = scan.text.indexOf('@', s);
  if (at < 0 || at >= e) return false;
  // A letterhead's mailbox, or one in an organisation's contact column (`oficina@duraesautocenter.com.br`), whose name spells no person's.
  const letterhead = scan.state.letterhead === 'contact';
  if (!letterhead && scan.inTableCell) return false;
  // A public body's mailbox (`chapeco.civel1@tjsc.jus.br`) too.
  if (
    (letterhead || PUBLIC_DOMAIN.test(scan.text.slice(at + 1, e))) &&
    !nameHandle(scan.text.slice(s, at).toLowerCase()) &&
    // `tcadeyemi@…gov.br` after `Tereza Cristina Adeyemi` was named: the person's mailbox at the body.
    !scan.spellsKnownName(s, at, true) &&
    !namedLocalPart(scan.text.slice(s, at)) &&
    (letterhead || !personShapedLocalPart(scan.text.slice(s, at)))
  )
    return true;
  const local = scan.text.slice(s, at);
  // A desk's mailbox (`financeiro@`), or one right after an organisation's name (`Departamento Pessoal – dp.barra@…`) that spells no one's.
  const desk = roleLocalPart(local) || (namedBefore(scan, s, windowStart(s)) && !namedLocalPart(local) && !nameHandle(local.toLowerCase()));
  if (!desk) return false;
  if (EMAIL_LABEL.test(scan.text.slice(Math.max(windowStart(s), s - 24), s))) return false;
  // A message's addressee (`Cc: juridico@…`) is someone the message was sent to.
  const line = lineStartWithin(scan, s, s);
  return line < 0 || !MESSAGE_HEADER.test(scan.text.slice(line, s));
}
