/**
 * Street addresses: Rua/Av./Travessa… + street name + number (nº 123, s/n, km 45) + complements
 * (apto 12, bloco B, sala 301) + bairro.
 */
import { DIGIT, UPPER, WORD, fold } from '../chars.js';
import { UF_CODES, W_BAIRRO, W_COMPLEMENT, W_PARTICLE, W_STOP, W_STREET_TITLE, placeSet } from '../lexicon.js';
import { SPACE_CHAR, foldedEquals } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';

/**
 * Rua/Av./Travessa… + street name + number (nº 123, s/n, km 45) + complements (apto 12, bloco
 * B, sala 301) + bairro. The city and UF after it are left: they do not single anyone out.
 */
export function address(scan: Scan, i: number, j: number, kind: 'word' | 'abbr' | 'weak', lowerType: boolean): number {
  const text = scan.text;
  let p = j;
  if (scan.at(p) === 0x2e) p++;
  else if (kind === 'abbr' && !foldedEquals(text, i, j, 'AV')) return -1;
  if (scan.at(p) === 0x3a) p++;
  if (scan.at(p) !== SPACE_CHAR) return -1;
  while (scan.at(p) === SPACE_CHAR) p++;
  let nameEnd = -1;
  let tokens = 0;
  let capitals = 0;
  let lowers = 0;
  let q = p;
  let hasNumber = false;
  let end = -1;
  while (tokens < 10) {
    const c = scan.at(q);
    if (c >= 0x30 && c <= 0x39) {
      let r = q;
      while (scan.cls(r) & DIGIT) r++;
      if (scan.cls(r) & WORD && !(scan.at(r) === 0xba || scan.at(r) === 0xaa)) break;
      // "Rua 7 de Setembro", "Av. 25 de Março": a number inside the name.
      const de = scan.at(r) === SPACE_CHAR ? scan.wordEnd(r + 1) : -1;
      if (
        de > r + 1 &&
        (foldedEquals(text, r + 1, de, 'DE') || foldedEquals(text, r + 1, de, 'DO') || foldedEquals(text, r + 1, de, 'DA'))
      ) {
        tokens++;
        capitals++;
        q = de;
        nameEnd = r;
        if (scan.at(q) !== SPACE_CHAR) break;
        q++;
        continue;
      }
      const goesOn = (scan.at(r) === 0x2e || scan.at(r) === 0x2f || scan.at(r) === 0x2d) && (scan.cls(r + 1) & DIGIT) !== 0;
      if (tokens === 0 && r - q <= 3 && !goesOn) {
        // Goiânia-style numbered streets: Rua 7, nº 120.
        tokens++;
        capitals++;
        nameEnd = r;
        q = r;
      }
      break;
    }
    const w = upperCode(scan, q) ?? scan.nameWord(q);
    if (w === undefined) break;
    const info = scan.words.get(text, q, w);
    const style = scan.style(q, w);
    if (info & W_PARTICLE && style !== 2) {
      // particle: must be followed by more name
      if (scan.at(w) !== SPACE_CHAR) break;
      q = w + 1;
      continue;
    }
    if (style === 0 && !(scan.cls(q) & UPPER)) {
      if (!lowerType || lowers >= 5) break;
      lowers++;
    } else {
      if (tokens > 0 && info & W_STOP && !(info & W_STREET_TITLE)) break;
      capitals++;
    }
    tokens++;
    let e = w;
    if (scan.at(e) === 0x2e && info & W_STREET_TITLE) e++;
    nameEnd = e;
    if (scan.at(e) === SPACE_CHAR && !(scan.at(e + 1) === 0x2d)) {
      q = e + 1;
      continue;
    }
    break;
  }
  if (tokens === 0 || nameEnd < 0) return -1;
  end = nameEnd;

  // Number.
  let r = end;
  if (scan.at(r) === 0x2c) r++;
  while (scan.at(r) === SPACE_CHAR && r - end < 3) r++;
  const marker = numberMarker(scan, r);
  if (marker > r) {
    r = marker;
    while (scan.at(r) === SPACE_CHAR && r - end < 12) r++;
  }
  const ns = r;
  while (scan.cls(r) & DIGIT && r - ns < 6) r++;
  // `Rua 549.397.207-72`: the digits go on as a document number, not a house number.
  const groupGoesOn = (scan.at(r) === 0x2e || scan.at(r) === 0x2f || scan.at(r) === 0x2d) && (scan.cls(r + 1) & DIGIT) !== 0;
  if (r > ns && !(scan.cls(r) & DIGIT) && !groupGoesOn) {
    if (scan.cls(r) & UPPER && !(scan.cls(r + 1) & WORD)) r++;
    else if (scan.at(r) === 0x2d && scan.cls(r + 1) & UPPER && !(scan.cls(r + 2) & WORD)) r += 2;
    if (!(scan.cls(r) & WORD)) {
      hasNumber = true;
      end = r;
    }
  } else {
    const up = (k: number): string => {
      const c = scan.at(k);
      return c < 0 ? '' : String.fromCharCode(c).toUpperCase();
    };
    const sn = up(ns) + up(ns + 1) + up(ns + 2);
    const snLen = sn === 'S/N' ? (/[º°O]/.test(up(ns + 3)) ? 4 : 3) : 0;
    if (snLen > 0 && (scan.cls(ns + snLen) & WORD) === 0) {
      hasNumber = true;
      end = ns + snLen;
    } else if (sn.startsWith('KM')) {
      let k = ns + 2;
      if (scan.at(k) === 0x2e) k++;
      while (scan.at(k) === SPACE_CHAR) k++;
      const ks = k;
      while (scan.cls(k) & DIGIT || ((scan.at(k) === 0x2c || scan.at(k) === 0x2e) && scan.cls(k + 1) & DIGIT)) k++;
      if (k > ks && !(scan.cls(k) & WORD)) {
        hasNumber = true;
        end = k;
      }
    }
  }

  // Complements.
  let complements = 0;
  for (let round = 0; round < 5; round++) {
    const next = complement(scan, end);
    if (next < 0) break;
    end = next;
    complements++;
  }

  if (!(hasNumber || complements > 0 || (kind !== 'weak' && !lowerType && capitals >= 1))) return -1;

  // Bairro (not the city).
  if (hasNumber || complements > 0) {
    const bairroEnd = bairro(scan, end);
    if (bairroEnd > 0) end = bairroEnd;
  }
  scan.add(i, end, 'address');
  return end;
}

/** `nº`, `n°`, `n.`, `no`, `número`, `num.` before a house number; returns the index after it. */
export function numberMarker(scan: Scan, r: number): number {
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

/** `, apto 12`, ` - bloco B`, `, 14º andar`, `, sala 301`, `, fundos`. */
export function complement(scan: Scan, from: number): number {
  let r = from;
  while (r - from < 4) {
    const c = scan.at(r);
    if (c === 0x2c || c === 0x3b || c === 0x2d || c === 0x2013 || c === SPACE_CHAR || c === 0x2f) {
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
  if (w === r || !(scan.words.get(scan.text, r, w) & W_COMPLEMENT)) return -1;
  const f = fold(scan.text.slice(r, w));
  let e = w;
  if (scan.at(e) === 0x2e) e++;
  if (f === 'FUNDOS' || f === 'FRENTE' || f === 'TERREO' || f === 'COBERTURA' || f === 'SOBRELOJA' || f === 'ESQUINA') return e;
  let v = e;
  while (scan.at(v) === SPACE_CHAR && v - e < 2) v++;
  const marker = numberMarker(scan, v);
  if (marker > v) {
    v = marker;
    while (scan.at(v) === SPACE_CHAR && v - marker < 2) v++;
  }
  const vs = v;
  while (scan.cls(v) & WORD && v - vs < 8) v++;
  if (v === vs || scan.cls(v) & WORD) return -1;
  const value = scan.text.slice(vs, v);
  if (!/\d/.test(value) && !(value.length <= 2 && /^[A-Z]+$/.test(value))) return -1;
  return v;
}

/** `- Centro`, `, Bairro Jardim América`, `, Jd. Paulista`; not a city (`, Campinas/SP`). */
export function bairro(scan: Scan, from: number): number {
  let r = from;
  let sep = false;
  while (r - from < 4) {
    const c = scan.at(r);
    if (c === 0x2c || c === 0x2d || c === 0x2013) {
      sep = true;
      r++;
    } else if (c === SPACE_CHAR) r++;
    else break;
  }
  if (!sep) return -1;
  let marked = false;
  const m = scan.wordEnd(r);
  if (m > r && scan.words.get(scan.text, r, m) & W_BAIRRO) {
    let e = m;
    if (scan.at(e) === 0x2e) e++;
    if (scan.at(e) === 0x3a) e++;
    if (scan.at(e) === SPACE_CHAR) {
      marked = true;
      r = e + 1;
    }
  }
  let end = -1;
  let words = 0;
  let q = r;
  let joined = '';
  while (words < 6) {
    const w = scan.nameWord(q);
    if (w === undefined) break;
    const f = fold(scan.text.slice(q, w));
    const style = scan.style(q, w);
    if (style === 0 && !(scan.words.getFolded(f) & W_PARTICLE)) break;
    joined = joined === '' ? f : `${joined} ${f}`;
    if (style !== 0) {
      end = w;
      words++;
    }
    if (scan.at(w) !== SPACE_CHAR) break;
    q = w + 1;
  }
  if (end < 0) return -1;
  if (!marked && (scan.ufAfter(end) || placeSet().has(joined) || UF_CODES.has(joined))) return -1;
  return end;
}

/** BR-116, SP-330: a route code as a street name. */
export function upperCode(scan: Scan, q: number): number | undefined {
  let r = q;
  while (scan.cls(r) & UPPER) r++;
  if (r - q < 2 || scan.at(r) !== 0x2d) return undefined;
  let s = r + 1;
  while (scan.cls(s) & DIGIT) s++;
  if (s === r + 1 || scan.cls(s) & WORD) return undefined;
  return s;
}
