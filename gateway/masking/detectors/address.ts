/**
 * Street addresses as one unit, found by the addresses matcher (text/matchers/addresses.ts):
 * logradouro type, name, number, complements, bairro, city-UF and CEP.
 */
import { fold } from '../text/chars.js';
import { STREET_TYPES, STREET_TYPE_EXPANSION } from '../text/lexicon.js';
import { hasLetter, identifierShaped } from '../text/personLike.js';
import { foldWords } from './common.js';
import { defineDetector } from './descriptor.js';

/** Folded words, `nº` dropped, the abbreviated type expanded: `R. das Flores, nº 1` and `Rua das Flores, 1` are one. */
function normalise(value: string): string {
  const parts = foldWords(value.replace(/\bn[º°o]\.?\s*(?=\d)/gi, ' ').replace(/\bn\.\s*(?=\d)/gi, ' ')).split(' ');
  const first = parts[0];
  if (first !== undefined) parts[0] = STREET_TYPE_EXPANSION.get(first) ?? first;
  return parts.join(' ');
}

export const address = defineDetector({
  id: 'address',
  label: 'ENDERECO',
  summary: 'street addresses: type, name, number, complements, bairro, city-UF and CEP as one unit',
  normalise,
  partial: (value) => {
    // Only a logradouro type stays (Av. ***): any other first word may be part of a name.
    const type = /^\s*([\p{L}]+\.?)\s/u.exec(value)?.[1];
    return type && STREET_TYPES.has(fold(type.replace(/\.$/, ''))) ? `${type} ***` : '***';
  },
  // Someone lives there: a street with no number after these is still an address.
  cues: `MORA MORO MORAM MORAVA MORAMOS MORANDO MORADOR MORADORA MORADORES RESIDE RESIDEM RESIDIA RESIDENTE RESIDENTES
    DOMICILIADO DOMICILIADA DOMICILIADOS DOMICILIADAS ENDERECO END LOGRADOURO RESIDENCIA DOMICILIO MUDOU MUDEI MUDAMOS`.split(/\s+/),
  keys: {
    words: [
      'ENDERECO',
      'ENDERECOS',
      'LOGRADOURO',
      'LOGRAD',
      'LGR',
      'ADDRESS',
      'ADDRESSES',
      'STREET',
      'RESIDENCIA',
      'DOMICILIO',
      'ADDR',
      'ENDERECOCOMPLETO',
      'RUA',
      'ENDEREC',
    ],
    // ISO 20022 postal address (pain, pacs, PIX messages): `<StrtNm>`, `<AdrLine>`.
    // SAP: HCM's infotype 0006 and the customer master (`STRAS`).
    joined: ['STRTNM', 'ADRLINE', 'STRAS'],
    // TOTVS Protheus: `A1_END` (customers), `A2_END` (suppliers).
    pairs: [
      ['A1', 'END'],
      ['A2', 'END'],
    ],
    unless: `SERVER SERVIDOR BIND LISTEN WALLET CONTRACT MEMORY URL WEB HOST BASE PROXY MAC EMAIL ELETRONICO IP IPV4 IPV6 REMOTE
      LOCAL NETWORK REDE GATEWAY BROADCAST RETURN SOCKET PEER PUBLIC PRIVATE BLOCK COMPROVANTE COMPROVACAO DECLARACAO CERTIDAO
      ATESTADO TEMPO TIPO`.split(/\s+/),
  },
  fits: (value, structured) => {
    // Network addresses share the word: 0.0.0.0:8080, http://host, 10.0.0.1.
    if (value.includes('://') || /^[\w.-]+:\d+$/.test(value) || /^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return false;
    if (structured) return /[\p{L}\d]/u.test(value);
    if (identifierShaped(value) || !hasLetter(value)) return false;
    const words = value.split(/\s+/);
    // `Rua Chile` under `Logradouro:`: a street's type opens it, however short its name.
    return (
      /\d/.test(value) || words.length >= 3 || (words.length === 2 && STREET_TYPES.get(fold(words[0] ?? '').replace(/\.$/, '')) === 'word')
    );
  },
});
