/**
 * A letterhead block: an organisation's heading line (`PREFEITURA MUNICIPAL DE CARUARU`, `AUTO
 * CENTER IRMÃOS DURÃES LTDA`, `ESTADO DE GOIÁS — DEPARTAMENTO ESTADUAL DE TRÂNSITO`), then the
 * lines of its contact details, each opening with an address, a CEP, a phone, a contact label, a
 * CNPJ or an e-mail address, up to the first line that does not. Such a line holds the
 * organisation's address, phones and mailboxes, however far above it the heading stands.
 *
 * Whether a line is one of them is decided at its start, from the line before it (read back at
 * most LETTERHEAD_REACH characters, less than a stream keeps behind its window) and from the
 * flag the line before carried; the flag travels in the scan's state, so a stream decides as the
 * whole text does.
 */
import { LOOK_BEHIND } from '../behind.js';
import { DIGIT, UPPER, WORD, fold } from '../chars.js';
import { W_ORG, W_STREET } from '../lexicon.js';
import { validCnpj } from '../validate.js';
import { looksMasked } from '../maskOutput.js';
import { SPACE_CHAR } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';
import type { LetterheadLine } from '../structures.js';
import { WordTable, type WordOpenings } from '../wordTable.js';
import { capitalsHeading, orgHeading, wordsIn } from './orgContact.js';

/** How far back the line before a line start is read: a longer line heads no letterhead. */
export const LETTERHEAD_REACH = 3 * LOOK_BEHIND;
/** How much of a line's start is read to tell a contact line. */
const OPENING = 40;

/**
 * Labels that open a line of an organisation's contact details (`Fone:`, `CNPJ`, `Caixa Postal`),
 * probed in place: every line's first word asks, so no slice and no fold.
 */
const CONTACT_OPENERS = new WordTable(
  new Map(
    `CEP TEL TELEFONE TELEFONES FONE FONES FAX PABX WHATSAPP EMAIL E SITE WWW HTTP HTTPS CNPJ IE INSCRICAO CNES ENDERECO SAC
  OUVIDORIA DISQUE CAIXA CENTRAL ATENDIMENTO PLANTAO HOMEPAGE CONTATO CONTATOS ESTABELECIMENTO SEDE`
      .split(/\s+/)
      .map((word): [string, number] => [word, 1]),
  ),
);
/** How the contact labels open, and the street types (every line's first word asks both). */
const CONTACT_OPENINGS = CONTACT_OPENERS.openings(1);
let streetOpenings: WordOpenings | undefined;
/** A phone opening the line: `(43) 3324-5510`, `+55 11 3048-7700`, `0800 727 0411`, `43 3324-5510`. */
const PHONE_OPENING = /^(?:\+\s?55\s?)?\(?0?\d{2}\)?[\s.-]?\d{4,5}[\s.-]?\d{4}(?!\d)|^0[3589]00[\s.-]?\d{3}[\s.-]?\d{4}/;
/** A form field's number before its label: `7. `, `31 - `, `4) `. */
const FIELD_NUMBER = /^\d{1,2}\s?[.)\-–]\s+(?=\p{L})/u;
/** An e-mail address opening the line. */
const EMAIL_OPENING = /^[\w.+-]+@[\w-]+\./;

/**
 * What the line starting at `i` is in a letterhead block: a contact line (it opens as one), or a
 * line naming the organisation's officer (`Oficial: …`, `Tabeliã: …`); either when the line
 * before heads a letterhead or was itself in the block. Marks the scan open at `i` when a stream
 * has not yet received the line's opening.
 */
export function letterheadLine(scan: Scan, i: number, before: boolean): LetterheadLine | undefined {
  if (i === 0) return undefined;
  const opening = lineOpening(scan, i);
  if (opening === undefined) {
    scan.openAt = i;
    return undefined;
  }
  const opens: LetterheadLine | undefined = contactOpening(scan, opening[0], opening[1])
    ? 'contact'
    : staffOpening(scan, opening[0], opening[1])
      ? 'staff'
      : undefined;
  // A line that opens no contact line continues a block only with a `CNPJ` on it: most lines,
  // told from their own text before the line above is read.
  if (opens === undefined && !mayHoldIdentity(scan, i)) return undefined;
  const previous = previousLine(scan, i);
  if (previous === undefined) return undefined;
  const [s, e] = previous;
  if (s >= e) return undefined;
  const inBlock =
    before && (contactOpening(scan, s, Math.min(e, s + OPENING)) || staffOpening(scan, s, Math.min(e, s + OPENING)) || cnpjIn(scan, s, e));
  if (opens !== undefined) {
    if (inBlock || headingLine(scan, s, e)) return opens;
    const labelled = labelledHeading(scan, s, e);
    // `Empresa: ACME LTDA` may be a field of a person's record (their employer), their address
    // under it: only the organisation's CNPJ, on the heading or opening the line, makes it a heading.
    if (labelled === 'subject' || (labelled === 'attribute' && (cnpjIn(scan, s, e) || ownOpening(scan, opening[0], opening[1]))))
      return opens;
    return undefined;
  }
  // A line holding the organisation's CNPJ right under its heading continues the block.
  return (inBlock || headingLine(scan, s, e)) && identityLine(scan, i) ? 'contact' : undefined;
}

/**
 * False when identityLine(scan, i) is certainly false and reads nothing past the input (so a
 * stream marks nothing open): the line ends, or reaches LETTERHEAD_REACH, within the input, and
 * holds no `CNPJ` there.
 */
function mayHoldIdentity(scan: Scan, i: number): boolean {
  const text = scan.text;
  const reach = i + LETTERHEAD_REACH;
  let e = text.indexOf('\n', i);
  if (e < 0 || e > reach) e = reach;
  if (e >= scan.end) return true;
  const cnpj = nextCnpj(scan, i);
  return cnpj >= 0 && cnpj + 4 <= e;
}

/** The last `CNPJ` found, and from where: line starts come in order, so the text is searched once. */
const NEXT_CNPJ: { owner: Scan | undefined; from: number; at: number } = { owner: undefined, from: 0, at: -1 };

/** Where the first `CNPJ` at or after `i` stands in the scan's text, or -1. */
function nextCnpj(scan: Scan, i: number): number {
  const memo = NEXT_CNPJ;
  if (memo.owner !== scan || i < memo.from || (memo.at >= 0 && memo.at < i)) {
    memo.owner = scan;
    memo.at = scan.text.indexOf('CNPJ', i);
  }
  memo.from = i;
  return memo.at;
}

/** Titles of a registry office's or a notary's officer, labelled under its letterhead. */
const STAFF_LABELS = new Set(
  'OFICIAL OFICIALA TABELIAO TABELIA REGISTRADOR REGISTRADORA ESCREVENTE SUBSTITUTO SUBSTITUTA INTERINO INTERINA'.split(' '),
);

/** Whether `[s, e)` opens with an officer's title and a colon (`Oficial: Carlos …`, `Tabeliã: …`). */
function staffOpening(scan: Scan, s: number, e: number): boolean {
  while (s < e && (scan.text.charCodeAt(s) === SPACE_CHAR || scan.text.charCodeAt(s) === 0x09)) s++;
  let w = s;
  while (w < e && scan.cls(w) & WORD && !(scan.cls(w) & DIGIT)) w++;
  return w > s && w - s <= 12 && scan.text.charCodeAt(w) === 0x3a && STAFF_LABELS.has(fold(scan.text.slice(s, w)));
}

/** The line ending just before `i` (a line break at `i - 1`), without its `\r`, if it starts within reach. */
function previousLine(scan: Scan, i: number): [number, number] | undefined {
  let e = i - 1;
  if (e > 0 && scan.text.charCodeAt(e - 1) === 0x0d) e--;
  const from = Math.max(0, i - LETTERHEAD_REACH);
  for (let p = e - 1; p >= from; p--) if (scan.text.charCodeAt(p) === 0x0a) return [p + 1, e];
  // The text's start: a stream's window starts more than LETTERHEAD_REACH before any line it decides.
  return i <= LETTERHEAD_REACH ? [0, e] : undefined;
}

/**
 * The opening of the line at `i`, spaces skipped: its first token when it opens with a word (a
 * street type, a label, a mailbox), up to OPENING characters when it opens as a phone does.
 * Undefined when a stream has not received it yet: it waits for no more than that.
 */
function lineOpening(scan: Scan, i: number): [number, number] | undefined {
  let p = i;
  while ((scan.at(p) === SPACE_CHAR || scan.at(p) === 0x09) && p - i < OPENING) p++;
  const s = p;
  const first = scan.at(s);
  const phone = first === 0x28 || first === 0x2b || (first >= 0x30 && first <= 0x39);
  while (p - s < OPENING) {
    const c = scan.at(p);
    if (c < 0) {
      if (scan.openAt >= 0) return undefined;
      break;
    }
    if (c === 0x0a || c === 0x0d || (!phone && c === SPACE_CHAR)) break;
    p++;
  }
  return [s, p];
}

/** Whether `[s, e)` opens as a line of contact details: a street type, a contact label, a phone, an e-mail address. */
function contactOpening(scan: Scan, s: number, e: number): boolean {
  while (s < e && (scan.text.charCodeAt(s) === SPACE_CHAR || scan.text.charCodeAt(s) === 0x09)) s++;
  if (s >= e) return false;
  const c = scan.text.charCodeAt(s);
  // A form's numbered field (`7. Endereço:`, `31 - Telefone:`): the label after its number opens the line.
  const field = c >= 0x30 && c <= 0x39 ? FIELD_NUMBER.exec(scan.text.slice(s, e)) : null;
  if (field !== null) return contactOpening(scan, s + field[0].length, e);
  if (c === 0x28 || c === 0x2b || scan.cls(s) & DIGIT) return PHONE_OPENING.test(scan.text.slice(s, e));
  if (!(scan.cls(s) & WORD)) return false;
  let w = s;
  while (w < e && scan.cls(w) & WORD && !(scan.cls(w) & DIGIT)) w++;
  // `notas@…`, `sac.loja@…`: a mailbox's local part.
  let t = w;
  while (t < e && scan.text.charCodeAt(t) !== SPACE_CHAR && scan.text.charCodeAt(t) !== 0x40) t++;
  if (t < e && scan.text.charCodeAt(t) === 0x40) return EMAIL_OPENING.test(scan.text.slice(s, e));
  if (
    (streetOpenings ??= scan.words.openings(W_STREET)).may(scan.text, s, w) &&
    scan.words.get(scan.text, s, w) & W_STREET &&
    scan.cls(s) & UPPER
  )
    return true;
  return w - s <= 16 && CONTACT_OPENINGS.may(scan.text, s, w) && CONTACT_OPENERS.get(scan.text, s, w) !== 0;
}

/** Heads of a government's letterhead written in capitals, and the word that must follow each: `ESTADO DE GOIÁS`, `PODER JUDICIÁRIO`. */
const GOVERNMENT_HEADS = new Map<string, ReadonlySet<string>>([
  ['ESTADO', new Set(['DE', 'DO', 'DA'])],
  ['MUNICIPIO', new Set(['DE', 'DO', 'DA'])],
  ['GOVERNO', new Set(['DE', 'DO', 'DA', 'FEDERAL'])],
  ['PODER', new Set(['JUDICIARIO', 'EXECUTIVO', 'LEGISLATIVO'])],
  ['REPUBLICA', new Set(['FEDERATIVA'])],
]);

/**
 * Whether `[s, e)` heads a letterhead: no label on it (`Empresa: ACME LTDA` is a record's field,
 * and the lines after it may be someone's), and an organisation's name as orgHeading reads it or a
 * line in capitals that names a government (`ESTADO DE GOIÁS — DEPARTAMENTO …`).
 */
function headingLine(scan: Scan, s: number, e: number): boolean {
  if (e - s < 3) return false;
  for (let p = s; p < e; p++) if (scan.text.charCodeAt(p) === 0x3a) return false;
  if (orgHeading(scan, s, e) || capitalsHeading(scan, s, e)) return true;
  const words = wordsIn(scan, s, e);
  // `COOPERMIL - Cooperativa Mista …`, `HEMOAL – Centro de Hematologia …`: an acronym, a dash, the body's name.
  if (acronymThenBody(scan, words)) return true;
  const [first, second] = words;
  if (first === undefined || second === undefined || !GOVERNMENT_HEADS.get(first.word)?.has(second.word)) return false;
  return words.every(({ raw }) => raw.toUpperCase() === raw);
}

/** Whether the words open with an acronym in capitals, a dash, then the head of a body's name. */
function acronymThenBody(scan: Scan, words: readonly { word: string; raw: string; at: number }[]): boolean {
  const [acronym, head] = words;
  if (acronym === undefined || head === undefined || acronym.raw.length < 2 || acronym.raw.length > 10) return false;
  if (acronym.raw.toUpperCase() !== acronym.raw || !(scan.cls(head.at) & UPPER)) return false;
  let p = acronym.at + acronym.raw.length;
  while (p < head.at && scan.text.charCodeAt(p) === SPACE_CHAR) p++;
  const dash = scan.text.charCodeAt(p);
  if (dash !== 0x2d && dash !== 0x2013 && dash !== 0x2014) return false;
  return (scan.words.get(scan.text, head.at, head.at + head.raw.length) & W_ORG) !== 0;
}

/**
 * Labels whose value is the organisation a document is about (`Cartório:`, `Razão social:`,
 * `Nome do Contratado:`): under one, its name heads the contact lines that follow as a printed
 * letterhead does.
 */
const SUBJECT_LABEL_WORDS = new Set('CARTORIO SERVENTIA RAZAO CONTRATADO ESTABELECIMENTO UNIDADE OPERADORA PRESTADOR EMITENTE'.split(' '));
/** Labels that name an organisation as a person's attribute too (their employer, their school, the shop they bought from). */
const ATTRIBUTE_LABEL_WORDS = new Set(
  `EMPRESA EMPREGADOR ORGAO INSTITUICAO ENTIDADE ESCOLA HOSPITAL FORNECEDOR CREDOR RESTAURANTE LOJA LOJISTA VENDEDOR VENDEDORA
  LOCADORA IMOBILIARIA FARMACIA DROGARIA CLINICA LABORATORIO CORRETORA SEGURADORA TRANSPORTADORA OFICINA ACADEMIA FABRICANTE`.split(/\s+/),
);
/** Openers that only an organisation's block has: its CNPJ, its establishment, its seat. */
const OWN_OPENERS = new Set(['CNPJ', 'ESTABELECIMENTO', 'SEDE']);

/** Whether `[s, e)` opens with one of OWN_OPENERS. */
function ownOpening(scan: Scan, s: number, e: number): boolean {
  let w = s;
  while (w < e && scan.cls(w) & WORD && !(scan.cls(w) & DIGIT)) w++;
  return w > s && OWN_OPENERS.has(fold(scan.text.slice(s, w)));
}

/** Words that may open a heading's value after an organisation's label: `30ª Zona Eleitoral`. */
const LABELLED_HEADS = new Set(['ZONA']);

/**
 * Whether `[s, e)` is a labelled heading, and how sure: a label that names an organisation, or a bare `Nome:`,
 * whose value is an organisation's name (`Cartório: 30ª Zona Eleitoral`, `Nome: USF Vila Nova`,
 * `30 - Nome do Contratado: CENTRO … LTDA`). Every `label: value` of the line is read, each value
 * up to the next field (` · `, three spaces, a tab); every label must be an organisation's.
 */
function labelledHeading(scan: Scan, s: number, e: number): 'subject' | 'attribute' | undefined {
  const text = scan.text;
  let found: 'subject' | 'attribute' | undefined;
  for (let colon = text.indexOf(':', s); colon >= 0 && colon < e; colon = text.indexOf(':', colon + 1)) {
    const label = wordsIn(scan, lastLabelStart(text, s, colon), colon).map(({ word }) => word);
    if (label.length === 0) return undefined;
    const subject = label.some((word) => SUBJECT_LABEL_WORDS.has(word));
    const orgLabel = subject || label.some((word) => ATTRIBUTE_LABEL_WORDS.has(word));
    let vs = colon + 1;
    while (vs < e && text.charCodeAt(vs) === SPACE_CHAR) vs++;
    const ve = fieldEnd(text, vs, e);
    const org = ve - vs >= 3 && orgValue(scan, vs, ve, orgLabel);
    const named = org && label.length <= 3 && label[0] === 'NOME';
    // Every field of the line is the organisation's: `Solicitante: Dra. … · Unidade: UBS …` is a person's line.
    if (!orgLabel && !named) return undefined;
    if (org && found !== 'subject') found = subject || named ? 'subject' : 'attribute';
  }
  return found;
}

/** Whether `[vs, ve)` names an organisation; under an organisation's label, one of its heads (`30ª Zona Eleitoral`) is enough. */
function orgValue(scan: Scan, vs: number, ve: number, orgLabel: boolean): boolean {
  if (orgHeading(scan, vs, ve)) return true;
  if (!orgLabel) return false;
  const first = wordsIn(scan, vs, ve)[0];
  return (
    first !== undefined &&
    (LABELLED_HEADS.has(first.word) || (scan.words.get(scan.text, first.at, first.at + first.raw.length) & W_ORG) !== 0)
  );
}

/** Where the label before `colon` starts: after the previous field's separator (` · `, three spaces, ` - ` after a number) or the line's start. */
function lastLabelStart(text: string, s: number, colon: number): number {
  const head = text.slice(s, colon);
  const m = /(?:.*(?: · |\t| {3,}|\| ))?(?:\d{1,2}\s?[.)\-–]\s+)?/.exec(head);
  return s + (m?.[0].length ?? 0);
}

/** The end of the field value at `vs`: the next ` · `, ` | `, tab or three spaces, or `e`. */
function fieldEnd(text: string, vs: number, e: number): number {
  for (let p = vs; p < e; p++) {
    const c = text.charCodeAt(p);
    if (c === 0x09) return p;
    if (c === SPACE_CHAR && (text.charCodeAt(p + 1) === 0xb7 || text.charCodeAt(p + 1) === 0x7c) && text.charCodeAt(p + 2) === SPACE_CHAR)
      return p;
    if (c === SPACE_CHAR && text.charCodeAt(p + 1) === SPACE_CHAR && text.charCodeAt(p + 2) === SPACE_CHAR) return p;
  }
  return e;
}

/** A CNPJ's label then its value: `CNPJ 88.130.709/0001-52`, `CNPJ: 12345678000190`, `CNPJ nº [CNPJ]`. */
const CNPJ_FIELD = /\bCNPJ\b[:\s nº°.]{0,6}([^\s·|,;]+)/;

/**
 * Whether `[s, e)` holds the organisation's CNPJ under its label: valid check digits, or the CNPJ
 * masked already (masking again must read the line as the first masking did).
 */
function cnpjIn(scan: Scan, s: number, e: number): boolean {
  const m = CNPJ_FIELD.exec(scan.text.slice(s, Math.min(e, s + LETTERHEAD_REACH)));
  const value = m?.[1];
  if (value === undefined) return false;
  // The alphanumeric CNPJ (from 2026) has letters in its first twelve places.
  const compact = value.toUpperCase().replace(/[./-]/g, '');
  return (/^[0-9A-Z]{12}\d{2}$/.test(compact) && validCnpj(compact)) || looksMasked(value);
}

/**
 * Whether the line at `i`, under a letterhead's heading or in its block, holds the organisation's
 * CNPJ (`Filiado à FETAG · CNPJ 88.130.709/0001-52`): it continues the block. Read only when the
 * line is whole within reach, so a stream decides as the whole text does.
 */
function identityLine(scan: Scan, i: number): boolean {
  let e = i;
  while (e - i < LETTERHEAD_REACH && scan.at(e) >= 0 && scan.at(e) !== 0x0a) e++;
  if (scan.openAt >= 0) return false;
  return cnpjIn(scan, i, e);
}
