/**
 * Street addresses as one unit: a logradouro type (Rua, Av., Travessa, Quadra, SQS…), the
 * street's name (words and particles, titles with a dot, ordinals, roman numerals, dates:
 * `XV de Novembro`, `7 de Setembro`, `Marechal Deodoro`), the number (`928`, `nº 12`, `s/n`,
 * `km 45`), complements (`apto 697`, `bloco B`, `sala 301`, `lote 5`, `14º andar`, `fundos`),
 * then the bairro, the city with its UF and the CEP when they follow. `Rua XV de Novembro, 928 -
 * Centro, Curitiba/PR, CEP 80020-310` is one value.
 */
import { DETECTORS, detectorBit } from '../../detectors/registry.js';
import { cueTable } from '../cues.js';
import { DIGIT, LOWER, UPPER, WORD, fold } from '../chars.js';
import {
  UF_CODES,
  nameWeight,
  W_BAIRRO,
  W_COMPLEMENT,
  W_MONTH_PT,
  W_PARTICLE,
  W_ESTATE,
  W_STREET,
  W_STREET_ABBR,
  W_STREET_RURAL,
  W_STREET_TITLE,
  W_STREET_WORD,
  placeSet,
} from '../lexicon.js';

/** A road's type after a kilometre: Estrada, Rodovia, Rod. */
const W_STREET_TYPE = W_STREET_WORD | W_STREET_ABBR;
import { SPACE_CHAR, foldedEquals, isUf } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';
import { contactTail, orgAddress } from './orgContact.js';

/** Words that end a street's name: what comes after it in a form or a sentence. */
const NAME_ENDS = new Set(
  'CEP BAIRRO CIDADE ESTADO UF MUNICIPIO TELEFONE TEL FONE CELULAR CPF CNPJ RG EMAIL NOME COMPLEMENTO NUMERO NO NR NRO N NUM KM'.split(' '),
);
/** Abbreviated courtesy titles (`Sr.`, `Dra.`): a person's name follows them. */
const COURTESY_TITLES = new Set(['SR', 'SRA', 'SRTA']);
/** Complements that stand alone, with no value. */
const BARE_COMPLEMENTS = new Set(['FUNDOS', 'FRENTE', 'TERREO', 'COBERTURA', 'SOBRELOJA', 'ESQUINA', 'SOBRADO', 'INTERIOR']);
/** Complements whose value may be a name (Edifício Itália, Torre Norte). */
const NAMED_COMPLEMENTS = new Set([
  'EDIFICIO',
  'ED',
  'EDIF',
  'CONDOMINIO',
  'COND',
  'TORRE',
  'PREDIO',
  'CHACARA',
  'SITIO',
  'FAZENDA',
  'CONJUNTO',
  'CONJ',
  'CJ',
]);
/** A cardinal point after a numbered street or line: `Linha 11 Oeste`, `Quadra 104 Norte`. */
const DIRECTIONS = new Set(['NORTE', 'SUL', 'LESTE', 'OESTE']);
/** Parts of one address written one after another before its number: an estate, a farm, the line or road it is on. */
const MAX_CHAIN = 3;

/**
 * How an address opens: a street's type (`word`: Rua; `abbr`: Av.; `weak`: Largo, Quadra), a rural
 * locality (`rural`: Sítio, Linha) or an estate or plot (`estate`: Conjunto, Lote) that needs what
 * follows it.
 */
export type StreetKind = 'word' | 'abbr' | 'weak' | 'rural' | 'estate';

/** The kind of address a word's table info opens, or undefined. */
export function streetKind(info: number): StreetKind | undefined {
  if (info & W_STREET_WORD) return 'word';
  if (info & W_STREET_ABBR) return 'abbr';
  if (info & W_STREET_RURAL) return 'rural';
  if (info & W_STREET) return 'weak';
  return info & W_ESTATE ? 'estate' : undefined;
}

const MAX_NAME_TOKENS = 10;
/** Estate words that also name neighbourhoods: an address only with a dwelling's complement after the name. */
const NEIGHBOURHOOD_ESTATES: ReadonlySet<string> = new Set(['VILA', 'JARDIM', 'PARQUE', 'LOTEAMENTO', 'NUCLEO']);
const ADDRESS = detectorBit('address');
/** Cue bits of the detectors of document numbers and contacts (not names, addresses or birth dates, whose cue words also name streets). */
const OTHER_VALUES = DETECTORS.reduce(
  (bits, d) => (d.id === 'address' || d.id === 'name' || d.id === 'birth_date' ? bits : bits | detectorBit(d.id)),
  0,
);

function endsName(text: string, s: number, e: number): boolean {
  return e - s <= 12 && NAME_ENDS.has(fold(text.slice(s, e)));
}

export function address(scan: Scan, i: number, j: number, kind: StreetKind, lowerType: boolean): number {
  const end = addressEnd(scan, i, j, kind, lowerType, 0);
  if (end < 0) return -1;
  if (!orgAddress(scan, i)) {
    scan.add(i, end, 'address');
    return end;
  }
  return contactTail(scan, end);
}

/** The end of the address whose type is `[i, j)`, or -1; `depth`: how many parts of a chain came before. */
function addressEnd(scan: Scan, i: number, j: number, kind: StreetKind, lowerType: boolean, depth: number): number {
  const text = scan.text;
  let p = j;
  // A record in capitals abbreviates with no dot (`R JOSE BONIFACIO 1455`, `TV SAO PEDRO 14`): only with a house number then.
  let dotless = false;
  if (scan.at(p) === 0x2e) p++;
  else if (kind === 'abbr' && !foldedEquals(text, i, j, 'AV')) {
    if (!capitalsAfter(scan, i, j)) return -1;
    dotless = true;
  }
  if (scan.at(p) === 0x3a) p++;
  if (scan.at(p) !== SPACE_CHAR) return -1;
  while (scan.at(p) === SPACE_CHAR) p++;
  const name = streetName(scan, p, lowerType) ?? (kind === 'rural' ? kilometreName(scan, p) : undefined);
  if (name === undefined) return -1;
  // `Rua CEP 01310-100`, `Av. CPF`: a cue word of another value is no street's name.
  if (scan.wordEnd(p) >= name.end && cueTable().get(text, p, name.end) & OTHER_VALUES) return -1;
  let end = name.end;
  const number = houseNumber(scan, end);
  let hasNumber = number > 0;
  if (hasNumber) end = number;
  else if (dotless) return -1;
  let complements = 0;
  for (let round = 0; round < 6; round++) {
    const next = complement(scan, end);
    if (next < 0) {
      // Sítio Carrapateira, Zona Rural, s/n: the number may come after a complement.
      const late = hasNumber ? -1 : houseNumber(scan, end);
      if (late < 0) break;
      end = late;
      hasNumber = true;
      continue;
    }
    end = next;
    complements++;
  }
  // A record in capitals runs on to its bairro, town and UF with spaces only (`… 14 TERRA FIRME BELEM PA`).
  if (dotless) {
    const town = capitalsTownUf(scan, end);
    if (town > 0) end = town;
  }
  // Km 12 da RN-118, Km 5 da Estrada da Penal: the road the kilometre is on.
  const road = roadAfter(scan, end);
  if (road > 0) end = road;
  if ((kind === 'rural' || kind === 'estate') && depth < MAX_CHAIN) {
    // `Colônia Witmarsum, estrada municipal PAL-115, km 4`, `Conjunto Satélite, Travessa WE-12, casa 7`:
    // the locality or estate, then the road or street it is on, as one address; after its own
    // lot (`Assentamento Boa Vista, Lote 15, Vicinal 4`) only a rural road goes on.
    const chained = nextPart(scan, end, depth, hasNumber || complements > 0);
    if (chained > 0) return chained;
  }
  // A rural locality is an address by its km, lot, `s/n` or `Zona Rural`, not by a number in its name
  // (Linha 12), or by someone living there (`residente na Aldeia Wederã, …`).
  if (kind === 'rural' && !(hasNumber || complements > 0)) {
    if (lowerType || name.capitals < 1) return -1;
    // `Comunidade Maturacá, TI Yanomami`, `Comunidade Tunuí, Rio Içana, Zona Rural`: the indigenous land or the river it lies on.
    const land = landOrRiver(scan, end);
    // `nascida na Aldeia Porto Lindo, Japorã-MS`, `Sítio Água Limpa, Bairro Batatal, Eldorado-SP`: where
    // people live, written up to its town and UF, is someone's address (a farm or an island so written is a business's or a sight's).
    if (
      land < 0 &&
      !scan.cueBefore(i, ADDRESS, 2) &&
      // `Sítio Novo, Bahia`: a town named so is no locality.
      !(dwellingLocality(scan, i, j) && !placeSet().has(fold(text.slice(i, name.end))) && townUfAfter(scan, end))
    )
      return -1;
    if (land > 0) {
      end = land;
      for (let more = landOrRiver(scan, end); more > 0; more = landOrRiver(scan, end)) end = more;
      const rural = complement(scan, end);
      if (rural > 0) end = rural;
    }
    return whereabouts(scan, end);
  }
  // An estate by its own dwelling's complements (`Residencial Ipês, bloco B, apto 12`); a plot
  // (`Lote 17, Quadra C`: a deed's land) only by the locality after it.
  // A neighbourhood's word as an estate (`Vila Esperança, casa 12`) by a complement only: after its
  // name a number alone is anything (`CASA na Vila Nova, 2 qtos.`).
  const dwelling = NEIGHBOURHOOD_ESTATES.has(fold(scan.text.slice(i, j))) ? complements > 0 : hasNumber || complements > 0;
  if (kind === 'estate' && (name.numbered || name.capitals < 1 || !dwelling)) return -1;
  if (!(hasNumber || complements > 0 || name.numbered)) {
    if (kind === 'weak' || lowerType || name.capitals < 1) return -1;
    // A street with no number is a place (`a loja da Avenida Brasil`, `a Rua XV seguia interditada`)
    // unless someone lives there (`reside na Rua das Flores`) or its bairro, city or CEP follows.
    const where = whereabouts(scan, end);
    if (where === end && !scan.cueBefore(i, ADDRESS, 2) && !aloneOnLine(scan, i, end)) return -1;
    end = where;
  } else end = whereabouts(scan, end);
  return end;
}

/**
 * An indigenous land, a reserve, a river, a serra or the community on it after a rural locality (`, TI Yanomami`,
 * `, Rio Içana`, `, Igarapé Preto`, `, comunidade Santa Maria`).
 */
const LAND_OR_RIVER =
  /^(?:TI|Terra Ind[ií]gena|Reserva(?: Extrativista| Ind[ií]gena)?|Resex|Igarap[eé]|Rio|Lago|Serra|Paran[aá]|[Cc]omunidade|[Aa]ldeia|[Pp]ovoado) (?:d[aeo]s? )?\p{Lu}[\p{L}'-]*(?: (?:d[aeo]s? )?\p{Lu}[\p{L}'-]*){0,3}/u;

/** The end of an indigenous land or a river after the separator at `from` (not a town: `Rio Branco`), or -1. */
function landOrRiver(scan: Scan, from: number): number {
  const sep = separator(scan, from);
  if (sep < 0) return -1;
  scan.at(sep + 48);
  const m = LAND_OR_RIVER.exec(scan.text.slice(sep, sep + 48));
  if (m === null) return -1;
  const named = fold(m[0]).replace(/-/g, ' ');
  return placeSet().has(named) ? -1 : sep + m[0].length;
}

/** After a locality or an estate with no number: the street, road or locality that follows it (`, Travessa …`), its end or -1. */
function nextPart(scan: Scan, from: number, depth: number, ruralOnly: boolean): number {
  const sep = separator(scan, from);
  if (sep < 0) return -1;
  const w = scan.wordEnd(sep);
  if (w === sep) return -1;
  const info = scan.words.get(scan.text, sep, w);
  if (!(scan.cls(sep) & UPPER)) return info & W_STREET_WORD && !ruralOnly ? addressEnd(scan, sep, w, 'word', true, depth + 1) : -1;
  const kind = streetKind(info);
  return kind === undefined || (ruralOnly && kind !== 'rural') ? -1 : addressEnd(scan, sep, w, kind, false, depth + 1);
}

/** `do km 18` as a locality's name (`Travessão do km 18`): the particle, whose kilometre follows as the number. */
function kilometreName(scan: Scan, p: number): { end: number; capitals: number; numbered: boolean } | undefined {
  const w = scan.wordEnd(p);
  if (w === p || !particleWord(scan.text, p, w) || scan.at(w) !== SPACE_CHAR) return undefined;
  const km = scan.wordEnd(w + 1);
  return foldedEquals(scan.text, w + 1, km, 'KM') ? { end: w, capitals: 0, numbered: false } : undefined;
}

/** ` da RN-118`, ` da Estrada da Penal` after a kilometre: the end of the road's name, or -1. */
function roadAfter(scan: Scan, end: number): number {
  if (scan.at(end) !== SPACE_CHAR) return -1;
  const particle = scan.wordEnd(end + 1);
  if (particle === end + 1 || scan.at(particle) !== SPACE_CHAR) return -1;
  if (!['DA', 'DO', 'NA', 'NO'].some((word) => foldedEquals(scan.text, end + 1, particle, word))) return -1;
  // The kilometre before it: only a km has a road after it.
  if (!/km\.?\s*[\d.,]+$/i.test(scan.text.slice(Math.max(0, end - 12), end))) return -1;
  const code = upperCode(scan, particle + 1);
  if (code !== undefined) return code;
  const type = scan.wordEnd(particle + 1);
  if (type === particle + 1 || !(scan.words.get(scan.text, particle + 1, type) & W_STREET_TYPE)) return -1;
  if (scan.at(type) !== SPACE_CHAR) return -1;
  const name = streetName(scan, type + 1, false);
  return name === undefined ? -1 : name.end;
}

/** Whether only blanks stand between the line's start and `s`, and between `e` and the line's end (an address block's line). */
function aloneOnLine(scan: Scan, s: number, e: number): boolean {
  let p = s - 1;
  while (p >= 0 && (scan.at(p) === SPACE_CHAR || scan.at(p) === 0x09)) p--;
  if (p >= 0 && scan.at(p) !== 0x0a && scan.at(p) !== 0x0d) return false;
  let q = e;
  while (scan.at(q) === SPACE_CHAR || scan.at(q) === 0x09) q++;
  return q >= scan.n || scan.at(q) === 0x0a || scan.at(q) === 0x0d;
}

/** Three digits at `i` that end a number (`137` of `1.137`): a thousands group. */
function thousandsGroup(scan: Scan, i: number): boolean {
  for (let k = i; k < i + 3; k++) if (!(scan.cls(k) & DIGIT)) return false;
  // `00.000.K00/0000-42`: a group that runs on into a code (an alphanumeric CNPJ) is no street's number.
  const c = scan.at(i + 3);
  return !(scan.cls(i + 3) & WORD) && !((c === 0x2e || c === 0x2f || c === 0x2d) && scan.cls(i + 4) & WORD);
}

/** Reads the street's name from `p`; `numbered`: a number is the name (Rua 7, SQS 308, Quadra 5). */
function streetName(scan: Scan, p: number, lowerType: boolean): { end: number; capitals: number; numbered: boolean } | undefined {
  const text = scan.text;
  let nameEnd = -1;
  let tokens = 0;
  let capitals = 0;
  let lowers = 0;
  let numbered = false;
  let afterParticle = false;
  let q = p;
  while (tokens < MAX_NAME_TOKENS) {
    const c = scan.at(q);
    if (c >= 0x30 && c <= 0x39) {
      let r = q;
      while (scan.cls(r) & DIGIT) r++;
      // 1º, 2ª: an ordinal in the name (Rua 1º de Maio).
      if (scan.at(r) === 0xba || scan.at(r) === 0xaa) r++;
      else if (scan.cls(r) & WORD) break;
      // Rua 7 de Setembro, Av. 25 de Março: a date in the name.
      const de = scan.at(r) === SPACE_CHAR ? scan.wordEnd(r + 1) : -1;
      if (de > r + 1 && particleWord(text, r + 1, de) && scan.at(de) === SPACE_CHAR && scan.cls(de + 1) & UPPER) {
        tokens++;
        capitals++;
        nameEnd = r;
        q = de + 1;
        afterParticle = true;
        continue;
      }
      // Goiânia numbers its streets past a thousand (Rua 1.137) and letters them (Rua 9-A).
      if (tokens === 0 && r - q <= 2 && scan.at(r) === 0x2e && thousandsGroup(scan, r + 1)) r += 4;
      else if (tokens === 0 && r - q <= 4 && scan.at(r) === 0x2d && scan.cls(r + 1) & UPPER && !(scan.cls(r + 2) & WORD)) r += 2;
      // A number running on into a code (`00.N00.000/0000-95`, an alphanumeric CNPJ) names no street.
      const goesOn = (scan.at(r) === 0x2e || scan.at(r) === 0x2f || scan.at(r) === 0x2d) && (scan.cls(r + 1) & WORD) !== 0;
      if (tokens === 0 && r - q <= 6 && !goesOn) {
        // A numbered street: Rua 7, nº 120; SQS 308 Bloco C.
        tokens++;
        nameEnd = r;
        numbered = true;
        const point = scan.at(r) === SPACE_CHAR && scan.cls(r + 1) & UPPER ? scan.wordEnd(r + 1) : -1;
        if (point > 0 && DIRECTIONS.has(fold(text.slice(r + 1, point)))) nameEnd = point;
      }
      break;
    }
    // `Pau d'Arco`, `Olho d'Água`, `Santa Bárbara d'Oeste`: an elided `de` glued to the next word joins the name as a particle does.
    if (c === 0x64 && tokens > 0 && (scan.at(q + 1) === 0x27 || scan.at(q + 1) === 0x2019) && scan.cls(q + 2) & UPPER) {
      q += 2;
      afterParticle = true;
      continue;
    }
    // Rua Projetada B, Rua B: a single capital names a street as a word does.
    const letter = scan.cls(q) & UPPER && !(scan.cls(q + 1) & WORD) && scan.at(q + 1) !== 0x2e ? q + 1 : undefined;
    const w = upperCode(scan, q) ?? scan.nameWord(q) ?? letter;
    if (w === undefined) break;
    const info = scan.words.get(text, q, w);
    const style = scan.style(q, w);
    if (info & W_PARTICLE && (style !== 2 || particleWord(text, q, w)) && (tokens > 0 || scan.cls(w + 1) & UPPER)) {
      // A particle joins two parts of the name: it must be followed by more name.
      if (scan.at(w) !== SPACE_CHAR) break;
      q = w + 1;
      afterParticle = true;
      continue;
    }
    if (style === 0 && !(scan.cls(q) & UPPER)) {
      if (!lowerType || lowers >= 5 || info & W_COMPLEMENT) break;
      lowers++;
    } else {
      // Months end no name after a particle (XV de Novembro); form words and complements do.
      if (
        tokens > 0 &&
        !(afterParticle && info & W_MONTH_PT) &&
        // After a particle a complement's word is the name's (Rua Real da Torre, Av. da Quadra).
        (endsName(text, q, w) || (info & W_COMPLEMENT && !(info & W_STREET_TITLE) && !afterParticle))
      )
        break;
      if (tokens > 0 && info & W_BAIRRO && !afterParticle && w - q > 1) break;
      capitals++;
    }
    tokens++;
    afterParticle = false;
    let e = w;
    if (scan.at(e) === 0x2e && info & W_STREET_TITLE) e++;
    nameEnd = e;
    if (scan.at(e) === SPACE_CHAR && scan.at(e + 1) !== 0x2d) {
      q = e + 1;
      continue;
    }
    break;
  }
  if (tokens === 0 || nameEnd < 0) return undefined;
  return { end: nameEnd, capitals, numbered };
}

function particleWord(text: string, s: number, e: number): boolean {
  return (
    foldedEquals(text, s, e, 'DE') ||
    foldedEquals(text, s, e, 'DO') ||
    foldedEquals(text, s, e, 'DA') ||
    foldedEquals(text, s, e, 'DOS') ||
    foldedEquals(text, s, e, 'DAS') ||
    foldedEquals(text, s, e, 'E')
  );
}

/** After the name: `, 928`, ` 928-A`, `, nº 12`, `s/n`, `km 45,5`; the end, or -1. */
export function houseNumber(scan: Scan, from: number): number {
  let r = from;
  if (scan.at(r) === 0x2c) r++;
  while (scan.at(r) === SPACE_CHAR && r - from < 3) r++;
  const marker = numberMarker(scan, r);
  if (marker > r) {
    r = marker;
    while (scan.at(r) === SPACE_CHAR && r - from < 12) r++;
  }
  const ns = r;
  while ((scan.cls(r) & DIGIT || (scan.at(r) === 0x2e && scan.cls(r + 1) & DIGIT && r > ns)) && r - ns < 7) r++;
  const bauru = blockLotNumber(scan, ns, r);
  if (bauru > 0) return bauru;
  // `Rua 549.397.207-72`: the digits go on as a document number, not a house number.
  // `Rua 00.000.K00/0000-42`: or on as an alphanumeric code.
  // `2º distrito`, `3ª Vila`: an ordinal names a district, no house.
  // `192.168.*.*`: the digits go on into a partial mask's residue (an address masked before).
  const goesOn =
    runsOnAsCode(scan, r) ||
    ((scan.at(r) === 0x2d || scan.at(r) === 0x2e) && ((scan.cls(r + 1) & DIGIT) !== 0 || scan.at(r + 1) === 0x2a)) ||
    scan.at(r) === 0xba ||
    scan.at(r) === 0xaa;
  if (r > ns && !(scan.cls(r) & DIGIT) && !goesOn) {
    // 928A, 928-A, 928 A (not `0R.000.000/…`, an alphanumeric CNPJ).
    if (scan.cls(r) & UPPER && !(scan.cls(r + 1) & WORD)) {
      if (runsOnAsCode(scan, r + 1)) return -1;
      r++;
    } else if (scan.at(r) === 0x2d && scan.cls(r + 1) & UPPER && !(scan.cls(r + 2) & WORD)) r += 2;
    return scan.cls(r) & WORD ? -1 : r;
  }
  if (r > ns) return -1;
  const up = (k: number): string => {
    const c = scan.at(k);
    return c < 0 ? '' : String.fromCharCode(c).toUpperCase();
  };
  const sn = up(ns) + up(ns + 1) + up(ns + 2);
  if (sn === 'S/N') {
    const e = /[º°O]/.test(up(ns + 3)) ? ns + 4 : ns + 3;
    return scan.cls(e) & WORD ? -1 : e;
  }
  const sem = scan.wordEnd(ns);
  if (sem > ns && foldedEquals(scan.text, ns, sem, 'SEM') && scan.at(sem) === SPACE_CHAR) {
    const numero = scan.wordEnd(sem + 1);
    if (numero > sem + 1 && foldedEquals(scan.text, sem + 1, numero, 'NUMERO')) return numero;
  }
  if (sn.startsWith('KM')) {
    let k = ns + 2;
    if (scan.at(k) === 0x2e) k++;
    while (scan.at(k) === SPACE_CHAR) k++;
    const ks = k;
    while (scan.cls(k) & DIGIT || ((scan.at(k) === 0x2c || scan.at(k) === 0x2e) && scan.cls(k + 1) & DIGIT)) k++;
    // `KM.000.V00/0000-60`: the digits go on as an alphanumeric CNPJ, no kilometre.
    if (k > ks && !(scan.cls(k) & WORD) && !runsOnAsCode(scan, k)) return k;
  }
  return -1;
}

/**
 * `Rua Cussy de Almeida Júnior, 3-55`: Bauru's numbering (and a few towns' around it), the block
 * and the house's distance into it, for the digits `[ns, r)` then `-`; the end, or -1.
 */
function blockLotNumber(scan: Scan, ns: number, r: number): number {
  if (r - ns < 1 || r - ns > 2 || scan.at(r) !== 0x2d) return -1;
  let e = r + 1;
  while (scan.cls(e) & DIGIT && e - r <= 4) e++;
  if (e - r < 2 || e - r > 4) return -1;
  const c = scan.at(e);
  // `12-03-2020`, `3-55.1`: the digits go on as a date or a code.
  if (scan.cls(e) & WORD || ((c === 0x2d || c === 0x2e || c === 0x2f) && scan.cls(e + 1) & DIGIT)) return -1;
  return e;
}

/** Whether a `.` or `/` at `p` joins what came before to more letters or digits: a code goes on. */
function runsOnAsCode(scan: Scan, p: number): boolean {
  return (scan.at(p) === 0x2e || scan.at(p) === 0x2f) && (scan.cls(p + 1) & WORD) !== 0;
}

/** `nº`, `n°`, `n.`, `no`, `nr`, `nro`, `número`, `num.` before a house number; returns the index after it. */
function numberMarker(scan: Scan, r: number): number {
  const end = scan.wordEnd(r);
  if (end === r) return r;
  // Folding never shortens a word, so longer words need no fold.
  const f = end - r <= 6 ? fold(scan.text.slice(r, end)) : '';
  let e = end;
  if (f === 'N' || f === 'NO' || f === 'NR' || f === 'NRO' || f === 'NUM' || f === 'NUMERO') {
    const c = scan.at(e);
    if (c === 0xba || c === 0xb0 || c === 0x2e) e++;
    if (f === 'NO' && !(scan.at(e) === SPACE_CHAR && scan.cls(e + 1) & DIGIT)) return r;
    if (f === 'N' && e === end) return r;
    return e;
  }
  return r;
}

/**
 * ` de São Sebastião do Tocantins-TO` after `zona rural` (`[from` is its end): the town, with its UF
 * if written, belongs to the address; `from` when no capitalised town follows `de`, `do` or `da`.
 */
function ruralTown(scan: Scan, from: number): number {
  if (scan.at(from) !== SPACE_CHAR) return from;
  const of = scan.wordEnd(from + 1);
  if (of !== from + 3 || !/^d[aeo]$/i.test(scan.text.slice(from + 1, of)) || scan.at(of) !== SPACE_CHAR || !(scan.cls(of + 1) & UPPER))
    return from;
  // `zona rural do Município de Puxinanã`: a deed names the municipality apart from the address.
  if (foldedEquals(scan.text, of + 1, scan.wordEnd(of + 1), 'MUNICIPIO')) return from;
  const town = placeChain(scan, of + 1);
  if (town === undefined) return from;
  const uf = ufSuffix(scan, town.end);
  return uf > 0 ? uf : town.end;
}

/** `, apto 12`, ` - bloco B`, `, 14º andar`, `, sala 301`, `, fundos`, `Edifício Itália`. */
function complement(scan: Scan, from: number): number {
  let r = from;
  while (r - from < 4) {
    const c = scan.at(r);
    if (c === 0x2c || c === 0x3b || c === 0x2d || c === 0x2013 || c === SPACE_CHAR || c === 0x2f || c === 0x28) {
      r++;
      continue;
    }
    break;
  }
  if (r === from) return -1;
  // Ordinal floor: 14º andar.
  if (scan.cls(r) & DIGIT) {
    let d = r;
    while (scan.cls(d) & DIGIT) d++;
    if ((scan.at(d) === 0xba || scan.at(d) === 0xb0 || scan.at(d) === 0x6f) && scan.at(d + 1) === SPACE_CHAR) {
      const w = scan.wordEnd(d + 2);
      if (w > d + 2 && foldedEquals(scan.text, d + 2, w, 'ANDAR')) return w;
    }
    return -1;
  }
  const w = scan.wordEnd(r);
  // Zona Rural: where a rural address lies, and the town whose it is (`zona rural de Buerarema`).
  if (w > r && foldedEquals(scan.text, r, w, 'ZONA') && scan.at(w) === SPACE_CHAR) {
    const rural = scan.wordEnd(w + 1);
    if (rural > w + 1 && foldedEquals(scan.text, w + 1, rural, 'RURAL')) return ruralTown(scan, rural);
  }
  if (w === r || !(scan.words.get(scan.text, r, w) & W_COMPLEMENT)) return -1;
  const f = fold(scan.text.slice(r, w));
  let e = w;
  if (scan.at(e) === 0x2e) e++;
  if (BARE_COMPLEMENTS.has(f)) return scan.at(w) === 0x29 ? w + 1 : w;
  // `, casa, Lagoa Nova`: the house itself, with no number.
  if (f === 'CASA' && (scan.at(w) === 0x2c || clauseEnd(scan, w))) return w;
  let v = e;
  while (scan.at(v) === SPACE_CHAR && v - e < 2) v++;
  const marker = numberMarker(scan, v);
  if (marker > v) {
    v = marker;
    while (scan.at(v) === SPACE_CHAR && v - marker < 2) v++;
  }
  if (NAMED_COMPLEMENTS.has(f) && scan.cls(v) & UPPER) {
    // Edifício Itália, Torre Norte: a capitalised name of up to four words.
    let end = -1;
    let q = v;
    for (let words = 0; words < 4; words++) {
      const n = scan.nameWord(q);
      if (n === undefined || !(scan.cls(q) & UPPER || scan.words.get(scan.text, q, n) & W_PARTICLE)) break;
      if (scan.cls(q) & UPPER) end = n;
      if (scan.at(n) !== SPACE_CHAR) break;
      q = n + 1;
    }
    return end;
  }
  const vs = v;
  while (scan.cls(v) & WORD && v - vs < 8) v++;
  if (v === vs || scan.cls(v) & WORD) return -1;
  const value = scan.text.slice(vs, v);
  if (!/\d/.test(value) && !(value.length <= 2 && /^[A-Z]+$/.test(value))) return -1;
  // `CJ.000.000/0000-09`, `KM.000.V00/0000-60`: digits that go on past a dot are a document's (an alphanumeric CNPJ's), no flat's.
  if (scan.at(v) === 0x2e && scan.cls(v + 1) & WORD) return -1;
  return scan.at(v) === 0x29 ? v + 1 : v;
}

/**
 * After the number and complements: the bairro, the city, its UF and the CEP, each when it
 * follows (`- Centro`, `, Bairro Jardim América`, `, Curitiba/PR`, `- SP`, `, CEP 80020-310`).
 * A capitalised chain is taken only when something says it is a place: a bairro marker, a UF
 * after it, a known municipality, a dash before it, or a CEP after it; anything else (a name
 * that follows the address in a list) ends the address.
 */
function whereabouts(scan: Scan, from: number): number {
  let end = from;
  for (let part = 0; part < 3; part++) {
    const sep = separator(scan, end);
    if (sep < 0) {
      // `São Paulo - SP 01310-100`: a CEP after a space.
      const cep = cepAt(scan, separatorOr(scan, end));
      return cep > 0 && part > 0 ? cep : end;
    }
    const cep = cepAt(scan, sep);
    if (cep > 0) return cep;
    const uf = ufAt(scan, sep);
    if (uf > 0) {
      end = uf;
      continue;
    }
    const place = placeChain(scan, sep);
    if (place === undefined) {
      // `Bairro Ivaporunduva, casa 21, Eldorado-SP`: the dwelling's complement written after its bairro.
      const late = part > 0 ? complement(scan, end) : -1;
      if (late < 0) break;
      end = late;
      continue;
    }
    const dash = scan.text.slice(end, sep).includes('-') || scan.text.slice(end, sep).includes('\u2013');
    const afterPlace = ufAfter(scan, place.end) || cepAt(scan, separatorOr(scan, place.end)) > 0;
    const followedByPlaceUf = placesThenCity(scan, place.end, 3 - part);
    // `Rua Padre Cícero, 1872, Salesianos` at the end of its line or clause: the bairro.
    // `…, 73, Ibura, quem quiser visitar`, `…, casa 3, Cabral. Whats`: after the number or the complement,
    // a chain that a sentence's comma or full stop ends is the bairro too, unless it opens with a first name.
    const closes =
      part === 0 &&
      place.words <= 3 &&
      place.end - sep >= 3 &&
      (clauseEnd(scan, place.end) || (afterNumber(scan, end) && sentenceGoesOn(scan, place.end) && !firstNameAt(scan, sep)));
    if (!(place.marked || place.known || afterPlace || followedByPlaceUf || closes || (dash && place.words <= 3))) break;
    end = place.end;
    const uf2 = ufSuffix(scan, end);
    if (uf2 > 0) end = uf2;
  }
  return end;
}

/** Rural localities where people live (not a farm, an island or a road): their name up to a town with its UF is an address. */
const DWELLING_LOCALITIES: ReadonlySet<string> = new Set([
  'ALDEIA',
  'SITIO',
  'CHACARA',
  'COMUNIDADE',
  'POVOADO',
  'ASSENTAMENTO',
  'AGROVILA',
]);

/** Words that make a `Comunidade` a body, not a place (`Comunidade Terapêutica Nova Vida`, `Comunidade Evangélica`). */
const COMMUNITY_BODIES: ReadonlySet<string> = new Set([
  'TERAPEUTICA',
  'EVANGELICA',
  'CATOLICA',
  'CRISTA',
  'ESCOLAR',
  'ACADEMICA',
  'EUROPEIA',
]);

/** Whether the rural type `[i, j)` is a locality where people live, not a body named so. */
function dwellingLocality(scan: Scan, i: number, j: number): boolean {
  if (!DWELLING_LOCALITIES.has(fold(scan.text.slice(i, j)))) return false;
  const w = scan.wordEnd(j + 1);
  return !COMMUNITY_BODIES.has(fold(scan.text.slice(j + 1, w)));
}

/** Whether one or two places after `e` end in a town written with its UF (`, Japorã-MS`, `, Bairro Batatal, Eldorado-SP`). */
function townUfAfter(scan: Scan, e: number): boolean {
  let end = e;
  for (let part = 0; part < 2; part++) {
    const next = separator(scan, end);
    if (next < 0) return false;
    const town = placeChain(scan, next);
    if (town === undefined) return false;
    if (ufAfter(scan, town.end)) return true;
    end = town.end;
  }
  return false;
}

/**
 * Whether up to `parts` more places after `e` end in a city with its UF or a known city
 * (`…, Beco da Paz, Jorge Teixeira, Manaus/AM`): every place before it belongs to the address.
 */
function placesThenCity(scan: Scan, e: number, parts: number): boolean {
  let end = e;
  for (let part = 0; part < parts; part++) {
    const next = separator(scan, end);
    if (next < 0) return false;
    const city = placeChain(scan, next);
    if (city === undefined) return false;
    if (ufAfter(scan, city.end) || city.known) return true;
    end = city.end;
  }
  return false;
}

/** Where one to six words in capitals after `e` end with a UF, the field or the line ending there (`ZONA NORTE JOINVILLE SC`), or -1. */
function capitalsTownUf(scan: Scan, e: number): number {
  let p = e;
  for (let words = 0; words < 7 && scan.at(p) === SPACE_CHAR && scan.cls(p + 1) & UPPER; words++) {
    let q = p + 1;
    while (scan.cls(q) & UPPER) q++;
    if (scan.cls(q) & WORD) return -1;
    const after = scan.at(q);
    const fieldEnds =
      after === 0x0a || after === 0x0d || (after < 0 && scan.final) || (after === SPACE_CHAR && scan.at(q + 1) === SPACE_CHAR);
    // The UF ends the field, or its CEP follows it (`JOINVILLE SC CEP 89219510`).
    if (words > 0 && q - p === 3 && isUf(scan.at(p + 1), scan.at(p + 2)) && (fieldEnds || (after === SPACE_CHAR && cepAt(scan, q + 1) > 0)))
      return q;
    if (fieldEnds) return -1;
    p = q;
  }
  return -1;
}

/**
 * Whether the abbreviation `[i, j)` and the word after it are in capitals (`R JOSE`, `TV SAO`), the
 * abbreviation opening a record's field: the line's start, a label's colon, a column's gap, or a
 * number's field before it (`00123 R DR FIRMINO`; not `ITEM R MARCA`).
 */
function capitalsAfter(scan: Scan, i: number, j: number): boolean {
  for (let q = i; q < j; q++) if (!(scan.cls(q) & UPPER)) return false;
  const b = i > 0 ? scan.text.charCodeAt(i - 1) : 0x0a;
  const a = i > 1 ? scan.text.charCodeAt(i - 2) : 0x0a;
  if (!(
    b === 0x0a ||
    b === 0x09 ||
    (b === SPACE_CHAR && (a === SPACE_CHAR || a === 0x3a || a === 0x0a || (scan.cls(i - 2) & DIGIT) !== 0))
  ))
    return false;
  return scan.at(j) === SPACE_CHAR && (scan.cls(j + 1) & UPPER) !== 0 && (scan.cls(j + 2) & UPPER) !== 0;
}

/** Whether a number (the house's, a complement's) ends right before `e`. */
function afterNumber(scan: Scan, e: number): boolean {
  return (scan.cls(e - 1) & DIGIT) !== 0;
}

/** Whether a sentence's comma before a lower-case word, or its full stop, stands at `e`. */
function sentenceGoesOn(scan: Scan, e: number): boolean {
  const c = scan.at(e);
  const next = scan.at(e + 1);
  if (c === 0x2c) return next === SPACE_CHAR && (scan.cls(e + 2) & LOWER) !== 0;
  return c === 0x2e && (next === SPACE_CHAR || next === 0x0a || (next < 0 && scan.openAt < 0));
}

/** Whether the word at `p` is a first name (a name in a list after the address). */
function firstNameAt(scan: Scan, p: number): boolean {
  const w = scan.wordEnd(p);
  return w > p && nameWeight(scan.words.get(scan.text, p, w)) >= 0;
}

/**
 * Whether the address's line or clause ends at `e`: a line break, the text's end, `)`, `·`, `;`,
 * or the quote closing a value (`'Rua X, 615, Centro'` in SQL, `"…"` in JSON or RDF); a full stop
 * may end an abbreviation (`R. Augusta`).
 */
function clauseEnd(scan: Scan, e: number): boolean {
  let p = e;
  while (scan.at(p) === SPACE_CHAR) p++;
  const c = scan.at(p);
  if ((c === 0x22 || c === 0x27 || c === 0x201d || c === 0x2019) && !(scan.cls(p + 1) & WORD)) return p === e;
  return (c < 0 && scan.openAt < 0) || c === 0x0a || c === 0x0d || c === 0x29 || c === 0xb7 || c === 0x3b;
}

/** The start of what follows a separator (`,`, `-`, `–`, `;` with spaces) at `from`, or -1. */
function separator(scan: Scan, from: number): number {
  let r = from;
  let seen = false;
  while (r - from < 5) {
    const c = scan.at(r);
    if (c === 0x2c || c === 0x2d || c === 0x2013 || c === 0x3b) {
      if (seen && c !== 0x2d) break;
      seen = true;
      r++;
    } else if (c === SPACE_CHAR) r++;
    else break;
  }
  return seen ? r : -1;
}

function separatorOr(scan: Scan, from: number): number {
  const sep = separator(scan, from);
  if (sep >= 0) return sep;
  let r = from;
  while (scan.at(r) === SPACE_CHAR && r - from < 2) r++;
  return r;
}

/** `CEP 80020-310`, `CEP: 80020310`, `CEP 80020 310`, `80.020-310` at `p`: its end, or -1. */
function cepAt(scan: Scan, p: number): number {
  let r = p;
  const w = scan.wordEnd(r);
  const cued = w > r && foldedEquals(scan.text, r, w, 'CEP');
  if (cued) {
    r = w;
    if (scan.at(r) === 0x3a || scan.at(r) === 0x2e) r++;
    while (scan.at(r) === SPACE_CHAR) r++;
  }
  const s = r;
  let digits = 0;
  const separator = (c: number): boolean => c === 0x2d || c === 0x2e || (cued && c === SPACE_CHAR && digits === 5);
  while (scan.cls(r) & DIGIT || (separator(scan.at(r)) && scan.cls(r + 1) & DIGIT && r > s)) {
    if (scan.cls(r) & DIGIT) digits++;
    r++;
  }
  if (digits !== 8 || scan.cls(r) & WORD) return -1;
  // `11.222.333/0001-81`: the start of a CNPJ, not a CEP (a CEP has one dot at most and ends its number).
  if (scan.at(r) === 0x2f || scan.text.slice(s, r).split('.').length > 2) return -1;
  return r;
}

/** A UF alone (`SP`, `(SP)`) at `p`: its end, or -1. */
function ufAt(scan: Scan, p: number): number {
  const open = scan.at(p) === 0x28 ? 1 : 0;
  const a = scan.at(p + open);
  const b = scan.at(p + open + 1);
  if (!isUf(a, b) || scan.cls(p + open + 2) & WORD) return -1;
  // `AL.000.000/0000-19`, `MT.W00.000/0000-15`: letters that open a document's number (an alphanumeric CNPJ), no state.
  if (scan.at(p + open + 2) === 0x2e && scan.cls(p + open + 3) & WORD) return -1;
  if (open) return scan.at(p + 3) === 0x29 ? p + 4 : -1;
  return p + 2;
}

/** `/SP`, `-SP`, ` - SP`, `, SP`, ` (SP)` right after a city: its end, or -1. */
function ufSuffix(scan: Scan, e: number): number {
  let p = e;
  const c = scan.at(p);
  if (c === 0x2f || c === 0x2d) p++;
  else if (c === SPACE_CHAR && scan.at(p + 1) === 0x2d && scan.at(p + 2) === SPACE_CHAR) p += 3;
  else if (c === 0x2c && scan.at(p + 1) === SPACE_CHAR) p += 2;
  else if (c === SPACE_CHAR && scan.at(p + 1) === 0x28) p += 1;
  else return -1;
  return ufAt(scan, p);
}

function ufAfter(scan: Scan, e: number): boolean {
  return ufSuffix(scan, e) > 0;
}

/** A capitalised chain naming a place (bairro or city) at `p`. */
function placeChain(scan: Scan, p: number): { end: number; words: number; marked: boolean; known: boolean } | undefined {
  const text = scan.text;
  let r = p;
  let marked = false;
  const m = scan.wordEnd(r);
  if (m > r && scan.words.get(text, r, m) & W_BAIRRO && (scan.cls(r) & UPPER || foldedEquals(text, r, m, 'BAIRRO'))) {
    let e = m;
    if (scan.at(e) === 0x2e) e++;
    if (scan.at(e) === 0x3a) e++;
    // `bairro da Francesa`: a particle may open the bairro's name.
    const particle = scan.at(e) === SPACE_CHAR ? scan.wordEnd(e + 1) : -1;
    const named =
      particle > e + 1 && particleWord(text, e + 1, particle) && scan.at(particle) === SPACE_CHAR && scan.cls(particle + 1) & UPPER;
    if (scan.at(e) === SPACE_CHAR && (scan.cls(e + 1) & (UPPER | DIGIT) || named)) {
      marked = true;
      // `Bairro Centro`: the marker itself is part of the place.
      if (foldedEquals(text, r, m, 'BAIRRO') || foldedEquals(text, r, m, 'B')) r = e + 1;
    }
  }
  let end = -1;
  let words = 0;
  let q = r;
  let joined = '';
  // The words up to `end`: a particle after the last word (`Lajeado e, desde…`) is none of the place's.
  let named = '';
  while (words < 6) {
    const w = scan.nameWord(q);
    if (w === undefined) {
      // Jardim 2, Setor 4: a number after a marker.
      if (marked && scan.cls(q) & DIGIT) {
        let d = q;
        while (scan.cls(d) & DIGIT) d++;
        if (!(scan.cls(d) & WORD)) end = d;
      }
      break;
    }
    const f = fold(text.slice(q, w));
    const info = scan.words.get(text, q, w);
    const particle = (info & W_PARTICLE) !== 0 && !(scan.cls(q) & UPPER && words === 0);
    if (!particle && !(scan.cls(q) & UPPER)) break;
    if (!particle && words > 0 && NAME_ENDS.has(f)) break;
    // `- Centro Rua Sr. Xavier`: a street's type after the place opens another street.
    if (words > 0 && info & (W_STREET_WORD | W_STREET_ABBR)) break;
    // `- Centro Sr. Xavier`: a courtesy title after the place opens a person's name, not more of the place.
    if (words > 0 && scan.at(w) === 0x2e && COURTESY_TITLES.has(f)) break;
    joined = joined === '' ? f : `${joined} ${f}`;
    if (!particle) {
      end = w;
      words++;
      named = joined;
    }
    if (scan.at(w) !== SPACE_CHAR || !(scan.cls(w + 1) & (UPPER | LOWER))) {
      // Zona 07, Setor 4: the marker's number after it.
      if (marked && scan.at(w) === SPACE_CHAR && scan.cls(w + 1) & DIGIT) {
        let d = w + 1;
        while (scan.cls(d) & DIGIT) d++;
        if (!(scan.cls(d) & WORD) && d - w <= 4) end = d;
      }
      break;
    }
    q = w + 1;
  }
  if (end < 0) return undefined;
  const known = placeSet().has(named) || UF_CODES.has(named);
  return { end, words, marked, known };
}

/** BR-116, SP-330: a route code as a street name. */
function upperCode(scan: Scan, q: number): number | undefined {
  let r = q;
  while (scan.cls(r) & UPPER) r++;
  // BR-116, SC-401, and Goiânia's lettered streets (Rua T-37, Av. T-63).
  if (r === q || r - q > 4 || scan.at(r) !== 0x2d) return undefined;
  let s = r + 1;
  while (scan.cls(s) & DIGIT) s++;
  if (s === r + 1 || scan.cls(s) & WORD) return undefined;
  return s;
}
