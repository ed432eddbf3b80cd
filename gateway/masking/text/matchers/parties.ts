/**
 * The parties of a fiscal XML document (NF-e, NFC-e, CT-e, NFS-e): an issuer, a recipient, a
 * service provider or taker is a block (`<emit>…</emit>`, `<Prestador>…</Prestador>`) whose
 * document says who it is. When that document is a CNPJ, the block's address, CEP and phone are
 * the company's own and name no one; under a CPF they are a person's. The block is carried in the
 * scan's state, so a stream decides as the whole text does however long the block is.
 */
import type { Scan } from '../scanner.js';
import type { Party } from '../structures.js';
import { tagName } from './html.js';

/** Party blocks of the NF-e/NFC-e/CT-e layouts and the national NFS-e, by lower-case tag name. */
const PARTY_TAGS = new Set([
  'emit',
  'dest',
  'rem',
  'exped',
  'receb',
  'toma',
  'toma3',
  'toma4',
  'prest',
  'transporta',
  'retirada',
  'entrega',
]);
/** ABRASF NFS-e blocks start with these (`Prestador`, `PrestadorServico`, `TomadorServico`, `IntermediarioServico`). */
const PARTY_PREFIXES = ['prestador', 'tomador', 'intermediario'];
const LONGEST_TAG = 24;

/** Keys of a record's contact details: a company's (a CNPJ's block, a `J` row) are its own, not a person's. */
export const COMPANY_CONTACT: ReadonlySet<string> = new Set(['address', 'address_part', 'cep', 'phone']);

function partyTagName(name: string): boolean {
  return PARTY_TAGS.has(name) || PARTY_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/**
 * At a `<`: a party block opens or closes, or its document's element says whether the party is
 * a company (`<CNPJ>`) or a person (`<CPF>`). Updates the scan's state; consumes nothing.
 */
export function partyTag(scan: Scan, i: number): void {
  const c = scan.at(i + 1);
  // Cheap first: a tag name starts with a letter or `/`.
  if (!(c === 0x2f || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return;
  const name = tagName(scan, i, LONGEST_TAG);
  if (name === '') return;
  const party = scan.state.party;
  if (partyTagName(name)) setParty(scan, { tag: name, company: false });
  else if (party === undefined) return;
  else if (name === `/${party.tag}`) setParty(scan, undefined);
  else if (name === 'cnpj') setParty(scan, { ...party, company: true });
  else if (name === 'cpf') setParty(scan, { ...party, company: false });
}

function setParty(scan: Scan, party: Party | undefined): void {
  const { party: _old, ...rest } = scan.state;
  scan.state = party === undefined ? rest : { ...rest, party };
}

/** Whether the scan is inside a company's party block (after its `<CNPJ>`). */
export function inCompanyBlock(scan: Scan): boolean {
  return scan.state.party?.company === true;
}
