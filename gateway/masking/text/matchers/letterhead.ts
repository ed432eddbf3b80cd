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
import { SPACE_CHAR } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';
import type { LetterheadLine } from '../structures.js';
import { WordTable } from '../wordTable.js';
import { orgHeading, wordsIn } from './orgContact.js';

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
  OUVIDORIA DISQUE CAIXA CENTRAL ATENDIMENTO PLANTAO HOMEPAGE CONTATO CONTATOS`
      .split(/\s+/)
      .map((word): [string, number] => [word, 1]),
  ),
);
/** A phone opening the line: `(43) 3324-5510`, `+55 11 3048-7700`, `0800 727 0411`, `43 3324-5510`. */
const PHONE_OPENING = /^(?:\+\s?55\s?)?\(?0?\d{2}\)?[\s.-]?\d{4,5}[\s.-]?\d{4}(?!\d)|^0[3589]00[\s.-]?\d{3}[\s.-]?\d{4}/;
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
  const line: LetterheadLine | undefined = contactOpening(scan, opening[0], opening[1])
    ? 'contact'
    : staffOpening(scan, opening[0], opening[1])
      ? 'staff'
      : undefined;
  if (line === undefined) return undefined;
  const previous = previousLine(scan, i);
  if (previous === undefined) return undefined;
  const [s, e] = previous;
  if (s >= e) return undefined;
  const inBlock = before && (contactOpening(scan, s, Math.min(e, s + OPENING)) || staffOpening(scan, s, Math.min(e, s + OPENING)));
  return inBlock || headingLine(scan, s, e) ? line : undefined;
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
  if (c === 0x28 || c === 0x2b || scan.cls(s) & DIGIT) return PHONE_OPENING.test(scan.text.slice(s, e));
  if (!(scan.cls(s) & WORD)) return false;
  let w = s;
  while (w < e && scan.cls(w) & WORD && !(scan.cls(w) & DIGIT)) w++;
  // `notas@…`, `sac.loja@…`: a mailbox's local part.
  let t = w;
  while (t < e && scan.text.charCodeAt(t) !== SPACE_CHAR && scan.text.charCodeAt(t) !== 0x40) t++;
  if (t < e && scan.text.charCodeAt(t) === 0x40) return EMAIL_OPENING.test(scan.text.slice(s, e));
  if (scan.words.get(scan.text, s, w) & W_STREET && scan.cls(s) & UPPER) return true;
  return w - s <= 10 && CONTACT_OPENERS.get(scan.text, s, w) !== 0;
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
  if (orgHeading(scan, s, e)) return true;
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
