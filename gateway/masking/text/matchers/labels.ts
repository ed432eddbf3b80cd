/**
 * Labels in text: a sensitive key followed by `:`, `=`, `=>` or `>` (`nome: …`, `"email": "…"`,
 * `cpf=…`, `<nome>…</nome>`) and its value.
 */
import { DETECTORS, detectorBit } from '../../detectors/registry.js';
import { CLASS, DIGIT, UPPER, WORD, fold } from '../chars.js';
import { personLike } from '../personLike.js';
import { UF_CODES, W_SURNAME, nameWeight, placeSet } from '../lexicon.js';
import { calendarDay, validDddCodes } from '../validate.js';
import { bodyOrPlace, valueFits } from '../fit.js';
import {
  classifyKey,
  classifyKeyAt,
  keyWordFacts,
  keyWords,
  mayClassify,
  pairNameKey,
  pairValueKey,
  placeKey,
  typeWrapperKey,
  type KeyClass,
} from '../keys.js';
import { containsMaskOutput, pseudonymAt, redactionLabelAt } from '../maskOutput.js';
import { SPACE_CHAR, foldedEquals, soonOnLine, trailingPunctuation } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';
import { LOOK_BEHIND } from '../behind.js';
import { handleValue, loginValue, userKey } from '../handles.js';
import { bibliographyPeople } from './bibliography.js';
import { COMPANY_CONTACT, inCompanyBlock } from './parties.js';
import { ldapAssertion } from './records/ldif.js';
import { bodyName, cnpjToken } from './orgContact.js';
import { houseNumber } from './addresses.js';
import { issuerEnd } from './numbers.js';
import { companyName } from '../../detectors/name.js';
import type { DetectorId } from '../../config.js';
import { memoryKeyId, refuses, rememberedClass, teaches } from '../keyMemory.js';

/**
 * Detectors whose own matchers find their values anywhere (an e-mail, an IP, a date after a
 * birth cue): after an unquoted label in text they are left to those, which know where such a
 * value ends.
 */
const OWN_MATCHER: ReadonlySet<string> = new Set(['email', 'ip', 'birth_date']);

/** Digits alone, six at most: a short code or a bare house number, never a street's address by itself. */
const SHORT_NUMBER = /^\d{1,6}$/;
/** Key words that make an address key the house number's (`nrLograd`, `numero_endereco`). */
const HOUSE_NUMBER_WORDS = new Set(['NR', 'NRO', 'NUM', 'NUMERO', 'NUMBER', 'NO', 'N']);

/** A short number under a bare address key (an SMS backup's `address="28888"`): a short code, not a street. */
function shortCode(kc: KeyClass, key: string, value: string): boolean {
  return kc.detector === 'address' && SHORT_NUMBER.test(value.trim()) && !keyWords(key).some((word) => HOUSE_NUMBER_WORDS.has(word));
}

/** Keys whose values are numbers: a value after them in text is the number, not what follows it (`RG: 12.345.678-9 SSP/SP`). */
const NUMBER_KEYS: ReadonlySet<string> = new Set([...DETECTORS.filter((d) => d.number !== undefined).map((d) => d.id), 'document']);

/**
 * A sensitive key followed by `:`, `=` or `=>` and a value. Quoted values are masked between
 * their quotes (generated code keeps compiling); unquoted ones up to a delimiter, or on the next
 * line when the label ends its own (`Nome:` then the name). A quoted key before `:` (JSON in
 * text) and a quoted value after `=` (an XML or HTML attribute) are structure: the key decides,
 * as in JSON. Returns the index after the value, or -1 when this is not such a label.
 */
export function label(scan: Scan, i: number, j: number, after: number): number {
  if (after === 0x3d) {
    const assertion = ldapAssertion(scan, i, j);
    if (assertion >= 0) return assertion;
  }
  // Key tokens may join words with - or . (e-mail, user.name).
  let ke = j;
  let c = after;
  while ((c === 0x2d || c === 0x2e) && scan.cls(ke + 1) & WORD) {
    ke = scan.runEnd(ke + 1);
    c = scan.at(ke);
  }
  let p = ke;
  const quote = i > 0 ? scan.text.charCodeAt(i - 1) : -1;
  let quotedKey = false;
  // JSON escaped inside a JSON string (`{\"nome\":\"…\"}` in a HAR's `postData.text`), once or
  // more: the key's quotes and its value's carry the same backslashes, and the key decides as in JSON.
  const escapes = quote === 0x22 ? backslashesBefore(scan.text, i - 1) : 0;
  if (escapes > 0 && escapedQuoteAt(scan, ke, escapes)) {
    p += escapes + 1;
    c = scan.at(p);
    quotedKey = true;
  } else if ((quote === 0x22 || quote === 0x27) && c === quote) {
    // `<input name="ref_bairro" value="Rebouças">`: the field's name is the key of the value beside it.
    const field = fieldValue(scan, i, ke);
    if (field >= 0) return field;
    p++;
    c = scan.at(p);
    quotedKey = true;
  } else if (c === 0x3e && (quote === 0x3c || (quote === 0x3a && namespacePrefixBefore(scan, i - 1)))) {
    return xmlValue(scan, i, ke, p + 1);
  }
  if (c === 0x2a || c === 0x5f) {
    // Markdown: **Nome:** Maria
    while ((scan.at(p) === 0x2a || scan.at(p) === 0x5f) && p - ke < 3) p++;
    c = scan.at(p);
  }
  // A subscript's key (`df["data_nascimento"] = …`, `row['cpf'] = …`).
  const subscript = quotedKey && c === 0x5d && scan.text.charCodeAt(i - 2) === 0x5b;
  // PHP's print_r (`[nascimento] => 1979-03-02`): a bare key in brackets before `=>`.
  const bracketed = !quotedKey && quote === 0x5b && c === 0x5d;
  if (subscript || bracketed) c = scan.at(++p);
  // Aligned assignments and PowerShell's lists pad the key (`numero      = 's/n'`); a form leads it to its colon with dots
  // (`Bairro ..........: Centro`, `Compl.:`).
  while (c === SPACE_CHAR && p - ke < 24) c = scan.at(++p);
  if (c === 0x2e || c === 0x2026 || (c === 0x5f && scan.at(p + 1) === 0x5f)) {
    const led = leaderEnd(scan, p);
    if (led > p) {
      p = led;
      c = scan.at(p);
    }
  }
  let op = 0;
  if (c === 0x3a && scan.at(p + 1) !== 0x3a && scan.at(p + 1) !== 0x2f && !subscript) op = 1;
  else if (c === 0x3d && scan.at(p + 1) !== 0x3d) op = scan.at(p + 1) === 0x3e ? 2 : 1;
  // R assigns with `<-`.
  else if (c === 0x3c && scan.at(p + 1) === 0x2d && scan.at(p + 2) === SPACE_CHAR) op = 2;
  // Kotlin Exposed's `it[bairro] = "Santa Rita"`: a column named in brackets, set to a quoted literal.
  if (bracketed && op !== 2 && !(op === 1 && quotedAfter(scan, p + 1))) return -1;
  if (op === 0) {
    // `WHERE nm_paciente ILIKE '%dalzira%'`: a pattern compared with a column names what the column holds.
    if ((c | 0x20) === 0x6c || (c | 0x20) === 0x69) {
      const pattern = likePattern(scan, i, ke, p);
      if (pattern >= 0) return pattern;
    }
    // .dataNascimento(LocalDate.of(1962, 3, 18)): a birth date set through a method named for it.
    if (c === 0x28 && p === ke) {
      const kc = labelKey(scan, i, ke);
      if (kc?.detector === 'address') return addressCall(scan, p + 1);
      // `new Dependente("…", new DateOnly(…))`: a class named for a person's role builds one.
      if (kc?.detector === 'name' && kc.generic && scan.cls(i) & UPPER) return personCall(scan, p + 1);
      return kc?.detector === 'birth_date' ? dateCall(scan, p + 1, true) : -1;
    }
    // FactoryBot's `data_nascimento { Date.new(1990, 4, 9) }`: a Ruby block gives the attribute its value.
    if (c === 0x7b && p > ke && labelKey(scan, i, ke)?.detector === 'birth_date') {
      let q = p + 1;
      while (scan.at(q) === SPACE_CHAR) q++;
      return scan.cls(q) & WORD ? dateCall(scan, q, false) : quotedDate(scan, q);
    }
    return -1;
  }
  // A pseudonym (ENDERECO_3f9a2c1b) is a replacement, not a key.
  if (pseudonymAt(scan.text, i, ke)) return -1;
  // `area_code: 98 number: "981447203"`: a phone split into fields.
  if (ke - i <= 6 && c !== 0x3e && (scan.at(i) | 0x20) === 0x6e) {
    const phone = splitPhone(scan, i, ke, p + op);
    if (phone > 0) return phone;
  }
  // BibTeX's `author = {Cormen, Thomas H. and Leiserson, Charles E.}`: every entry is a person.
  if (c === 0x3d) {
    let q = p + 1;
    while (scan.at(q) === SPACE_CHAR && q - p < 12) q++;
    const people = bibliographyPeople(scan, i, ke, q);
    if (people > 0) return people;
  }
  let kc = labelKey(scan, i, ke);
  // A login under a user key (`"user": "paulo.henrique"`, `usuario: 'camila.lessa'`): a name when it spells one.
  // (`Nome da Conta:`, `Account Name:` hold a login where a name's key would hold a name.)
  if (!kc || kc.generic || kc.detector === 'name') {
    const login = handleValue(scan, i, ke);
    if (login > 0) return login;
  }
  kc ??= rememberedLabel(scan, i, ke, p + op, 0);
  if (!kc) return -1;
  const colon = c === 0x3a;
  p += op;
  const marks = p;
  // Measured from the colon, not the key: a form's leader (`Número ......................:`) may be long.
  while ((scan.at(p) === 0x2a || scan.at(p) === 0x5f) && p - marks < 8) p++;
  while (scan.at(p) === SPACE_CHAR || scan.at(p) === 0x09) {
    p++;
    if (p - marks > 24) return -1;
  }
  // `Nome:` alone on its line: the value is the next line. After a blank to fill (`Nome: ____`) or a
  // partial mask's residue (`Rua: ***`), the line had its value: the next one is none of it.
  if (colon && !quotedKey && scan.at(marks) !== 0x2a && scan.at(marks) !== 0x5f) {
    let q = p;
    if (scan.at(q) === 0x0d) q++;
    if (scan.at(q) === 0x0a) {
      q++;
      while (scan.at(q) === SPACE_CHAR || scan.at(q) === 0x09) q++;
      if (scan.at(q) !== 0x0a && scan.at(q) !== 0x0d) p = q;
    }
  }
  // PHP's var_dump: `["rua"]=>` then `string(18) "…"` on the next line.
  if (subscript && op === 2) p = dumpedString(scan, p);
  if (escapes > 0 && quotedKey && escapedQuoteAt(scan, p, escapes)) return escapedValue(scan, kc, p, escapes, scan.text.slice(i, ke));
  // `complemento: Some("lote 118")`, `Optional.of("…")`, `Just "…"`: an optional's wrapper around a literal.
  if (scan.cls(p) & UPPER) p = unwrapped(scan, p);
  p = literalPrefixed(scan, p);
  // Avro's JSON (`{"string": "…"}`), DynamoDB's (`{"S": "…"}`), Firestore's (`{"stringValue": "…"}`):
  // a value wrapped in its type's name is still the key's.
  if (scan.at(p) === 0x7b) p = typeWrapped(scan, p);
  const v = scan.at(p);
  if (kc.detector === 'birth_date' && scan.cls(p) & WORD) {
    const call = dateCall(scan, p, false);
    if (call > 0) return call;
  }
  if (kc.detector === 'birth_date' && v === 0x7b) {
    const fields = dateFields(scan, p);
    if (fields > 0) return fields;
  }
  // A loose part (`additionalInfo`, `distrito`) is the address's only after its street; a bairro,
  // a number or a complement also before it, as forms list them.
  const street =
    (kc.besideStreet === true || kc.detector === 'address_part') &&
    (streetLabelNear(scan.text, i) || (kc.besideStreet !== true && streetLabelAhead(scan, i)));
  if (kc.besideStreet && !street) return -1;
  const structured =
    (colon && quotedKey) || (!colon && (v === 0x22 || v === 0x27)) || (kc.detector === 'address_part' && street) || kc === VCARD_NAME_KEY;
  return labelValue(scan, kc, p, structured, scan.text.slice(i, ke));
}

/** Whether a quote opens the value after `p` (spaces skipped). Read through `at`. */
function quotedAfter(scan: Scan, p: number): boolean {
  let q = p;
  while (scan.at(q) === SPACE_CHAR && q - p < 4) q++;
  return scan.at(q) === 0x22 || scan.at(q) === 0x27;
}

/**
 * At `{` (`p`): when it opens a wrapper naming the value's type (`{"string": "Mazinho"}`), where the
 * wrapped value starts; otherwise `p`. Read through `at`, so a stream waits for the wrapper's key.
 */
function typeWrapped(scan: Scan, p: number): number {
  let q = p + 1;
  while (scan.at(q) === SPACE_CHAR && q - p < 4) q++;
  if (scan.at(q) !== 0x22) return p;
  const s = q + 1;
  let e = s;
  while (scan.at(e) !== 0x22) if (scan.at(e) < 0 || scan.at(e) === 0x0a || ++e - s > 64) return p;
  const type = scan.text.slice(s, e);
  if (!typeWrapperKey(type)) return p;
  q = e + 1;
  while (scan.at(q) === SPACE_CHAR && q - e < 4) q++;
  if (scan.at(q) !== 0x3a) return p;
  q++;
  while (scan.at(q) === SPACE_CHAR && q - e < 8) q++;
  return q;
}

/** `name="` before a form field's name. */
const FIELD_NAME_BEFORE = /(?:^|[\s<])(?:name|id|key|field|campo)\s*=\s*["']$/i;
/** After the field's name: its closing quote, up to three other attributes, and `value="`. */
const VALUE_AFTER = /^["'](?:\s+[\w:-]+\s*=\s*(?:"[^"\n]*"|'[^'\n]*'))*\s+value\s*=\s*(["'])/i;

/**
 * `<input name="ref_bairro" type="text" value="Rebouças">` with the field's name at `[i, ke)`: the
 * value attribute is the key's value. Returns the index after it, or -1.
 */
function fieldValue(scan: Scan, i: number, ke: number): number {
  if (!FIELD_NAME_BEFORE.test(scan.text.slice(Math.max(0, i - 12), i))) return -1;
  scan.at(ke + 160);
  const m = VALUE_AFTER.exec(scan.text.slice(ke, ke + 160));
  if (m === null) return namedContent(scan, i, ke);
  const vs = ke + m[0].length;
  const quote = m[1] === '"' ? 0x22 : 0x27;
  let ve = vs;
  while (ve - vs < 300 && scan.at(ve) >= 0 && scan.at(ve) !== quote && scan.at(ve) !== 0x0a) ve++;
  if (scan.at(ve) !== quote) return -1;
  // `<property name="user.name" value="wkrupinski"/>` (a build's or a test run's properties): a user's login.
  if (userKey(scan.text.slice(i, ke)) && loginValue(scan, vs, ve)) return ve + 1;
  const kc = labelKey(scan, i, ke);
  if (kc === undefined) return -1;
  if (kc.besideStreet && !streetLabelNear(scan.text, i) && !STREET_FIELD_NEAR.test(scan.text.slice(Math.max(0, i - 3 * LOOK_BEHIND), i)))
    return -1;
  return settleValue(scan, kc, vs - 1, vs, ve, ve + 1, true, scan.text.slice(i, ke));
}
/** After an element's name attribute: its closing quote, other attributes, `>`, and at most one child's opening tag. */
const CONTENT_AFTER =
  /^["'](?:\s+[\w:-]+\s*=\s*(?:"[^"\n]*"|'[^'\n]*')){0,3}\s*>(?:[ \t]*<[\w:.-]+(?:\s+[\w:-]+\s*=\s*(?:"[^"\n]*"|'[^'\n]*')){0,3}\s*>)?/;

/**
 * `<saml2:Attribute Name="cpf"><saml2:AttributeValue>…`, `<entry key="bairro">…</entry>`: an element
 * named by its attribute holds the key's value as its text, or its one child's. Returns the index
 * after the value, or -1.
 */
function namedContent(scan: Scan, i: number, ke: number): number {
  const m = CONTENT_AFTER.exec(scan.text.slice(ke, ke + 160));
  if (m === null) return -1;
  const kc = labelKey(scan, i, ke);
  if (kc === undefined) return -1;
  const vs = ke + m[0].length;
  let ve = vs;
  while (ve - vs < 300 && scan.at(ve) >= 0 && scan.at(ve) !== 0x3c && scan.at(ve) !== 0x0a) ve++;
  if (scan.at(ve) !== 0x3c || ve === vs) return -1;
  if (kc.besideStreet && !streetLabelNear(scan.text, i) && !STREET_FIELD_NEAR.test(scan.text.slice(Math.max(0, i - 3 * LOOK_BEHIND), i)))
    return -1;
  return settleValue(scan, kc, vs - 1, vs, ve, ve, true, scan.text.slice(i, ke));
}

/** A street's field a few fields before (`name="ref_logradouro"`): the number, complement and bairro after it are its. */
const STREET_FIELD_NEAR = /(?:name|id)\s*=\s*["'][\w.[\]-]*(?:logradouro|endereco|rua|street|address)[\w.[\]-]*["']/i;

/** `Some(` (Rust, Scala), `Some ` (F#, OCaml), `Optional.of(`, `Optional.ofNullable(`, `Just ` before a quoted literal. */
const WRAPPER = /^(?:Some[( ]|Optional\.of(?:Nullable)?\(|Just )(?=["'])/;

/** Where the literal an optional's wrapper at `p` holds starts, or `p`. Read through `at`, so a stream waits for it. */
function unwrapped(scan: Scan, p: number): number {
  const c = scan.at(p);
  if (c !== 0x53 && c !== 0x4f && c !== 0x4a) return p;
  scan.at(p + 22);
  const m = WRAPPER.exec(scan.text.slice(p, p + 22));
  return m === null ? p : p + m[0].length;
}

/** Erlang's binary (`<<"…">>`), a string's prefix (`N'…'`, `b"…"`, `u'…'`, `@"…"`, `E'…'`) before its quote. */
const LITERAL_PREFIX = /^(?:<<|[bBuUrRfFNEL@])(?=["'])/;

/** Where the quoted literal behind a prefix at `p` starts, or `p`. Read through `at`, so a stream waits for it. */
function literalPrefixed(scan: Scan, p: number): number {
  scan.at(p + 3);
  const m = LITERAL_PREFIX.exec(scan.text.slice(p, p + 3));
  return m === null ? p : p + m[0].length;
}

/** A var_dump's value on the line after its key (`string(18) "…"`): where its quote is, or `p`. */
const DUMPED_STRING = /^\r?\n[ \t]*string\(\d+\) (?=")/;
function dumpedString(scan: Scan, p: number): number {
  scan.at(p + 40);
  const m = DUMPED_STRING.exec(scan.text.slice(p, p + 40));
  return m === null ? p : p + m[0].length;
}

/** The end of a form's leader at `p` (dots, an ellipsis or underscores, then spaces) when a colon follows it; else `p`. */
function leaderEnd(scan: Scan, p: number): number {
  let q = p;
  // `Compl. .......:`: an abbreviation's dot, then the leader after a space.
  if (scan.at(q) === 0x2e && scan.at(q + 1) === SPACE_CHAR && scan.at(q + 2) === 0x2e) q += 2;
  while ((scan.at(q) === 0x2e || scan.at(q) === 0x2026 || scan.at(q) === 0x5f) && q - p < 60) q++;
  while (scan.at(q) === SPACE_CHAR && q - p < 64) q++;
  return scan.at(q) === 0x3a ? q : p;
}

const LIKE_OPERATOR = /^(?:NOT\s+)?I?LIKE\s+'/i;
const LETTERS = /^\p{L}+(?: \p{L}+){0,5}$/u;

/**
 * `nome ILIKE '%dalzira%'`, `cpf LIKE '529%'` at `p` after the key `[i, ke)`: the pattern without its
 * wildcards is the key's value. Returns the index after the closing quote, or -1.
 */
function likePattern(scan: Scan, i: number, ke: number, p: number): number {
  scan.at(p + 12);
  const op = LIKE_OPERATOR.exec(scan.text.slice(p, p + 12));
  if (op === null) return -1;
  const kc = labelKey(scan, i, ke);
  if (kc === undefined) return -1;
  const open = p + op[0].length - 1;
  let close = open + 1;
  while (close - open < 200 && scan.at(close) >= 0 && scan.at(close) !== 0x27 && scan.at(close) !== 0x0a) close++;
  if (scan.at(close) !== 0x27) return -1;
  let vs = open + 1;
  let ve = close;
  while (vs < ve && (scan.at(vs) === 0x25 || scan.at(vs) === 0x5f)) vs++;
  while (ve > vs && (scan.at(ve - 1) === 0x25 || scan.at(ve - 1) === 0x5f)) ve--;
  if (ve === vs) return close + 1;
  // A search of a name column (`nome ILIKE '%dalzira%'`) looks for a person, in any case.
  if (kc.detector === 'name' && LETTERS.test(scan.text.slice(vs, ve))) {
    scan.add(vs, ve, 'name');
    return close + 1;
  }
  return settleValue(scan, kc, open, vs, ve, close + 1, true, scan.text.slice(i, ke));
}

/** A street's label: `Logradouro:`, a form's `09 - Endereço:`, a quoted key (`"address":`), `street =`, `<xLgr>`. */
const STREET_LABEL =
  /(?:(?:^|[\n;|,{(\s&?[])[ \t*]*(?:\d{1,3}[ \t]*[-.)][ \t]*)?\[?["']?(?:[a-z]{2,12}_){0,2}(?:logradouro|endere[cç]o|end\.|rua|lgr|street|street_?name)["']?\]?[ \t*]*(?:\([^)\n]{0,40}\)[ \t]*)?[.…_ \t]*[:=]|(?:^|[\n;|,{])[ \t]*["']?(?:address(?:_?line_?1)?|line_?1)["']?[ \t]*[:=]|<(?:x|dsc)?lo?gr(?:ad)?>)/i;
/** Lines read back for a street's label: the number, complement and bairro may each have their own line under it. */
const STREET_LINES = 5;

/** Whether a street's label stands shortly before, on this line or one of the four before (`Número:` under `Logradouro:` is the house number). */
function streetLabelNear(text: string, i: number): boolean {
  let s = i;
  for (let lines = 0; lines < STREET_LINES && s > 0; lines++) s = text.lastIndexOf('\n', s - 2) + 1;
  // Within what a stream keeps behind its window (STREAM_CONTEXT), so a stream decides as the whole text does.
  return STREET_LABEL.test(text.slice(Math.max(s, i - 3 * LOOK_BEHIND), i));
}

/** `Sarmento, Jocelene`, `Guzmán Rondón, Yoselín Carolina`: surnames, a comma, then given names, the whole value. */
const SURNAME_FIRST =
  /^\p{Lu}[\p{L}'-]+(?: (?:d[aeo]s? )?\p{Lu}[\p{L}'-]+){0,3}, (\p{Lu}[\p{L}'-]+)(?: \p{Lu}[\p{L}'-]+){0,3}(?= *(?:\r?\n|$|[;|]| {2}))/u;

/**
 * Whether a name's value at `p` is written surname first (a directory's `Name : Sarmento, Jocelene`):
 * the comma is then the name's, when a given name the lists know follows it or a surname they know
 * stands before it. Read through `at`.
 */
function surnameFirst(scan: Scan, p: number): boolean {
  // A glance at the raw text first: most names hold no comma before their line's end.
  if (!soonOnLine(scan.text, p, 0x2c)) return false;
  scan.at(p + 80);
  const m = SURNAME_FIRST.exec(scan.text.slice(p, p + 80));
  const given = m?.[1];
  if (given === undefined) return false;
  const comma = p + (m?.[0].indexOf(`, ${given}`) ?? 0);
  if (nameWeight(scan.words.get(scan.text, comma + 2, comma + 2 + given.length)) > 0) return true;
  // Or a surname the lists know before the comma (`Wapixana Sarmento, Jocelene`).
  for (let q = p; q < comma;) {
    const e = scan.wordEnd(q);
    if (e > q && scan.words.get(scan.text, q, e) & W_SURNAME) return true;
    q = e + 1;
  }
  return false;
}

/** How far after a label its street's label may stand, when a form lists the bairro first. */
const STREET_AHEAD_REACH = 3 * LOOK_BEHIND;

/**
 * Whether a street's label stands on this line after `i` or on the next one or two
 * (`18 Bairro: Jardim Floresta⏎19 Logradouro: …`): a form that lists the bairro before its street.
 * Read through `at`, so a stream waits for those lines.
 */
function streetLabelAhead(scan: Scan, i: number): boolean {
  scan.at(i + STREET_AHEAD_REACH);
  const text = scan.text;
  const reach = Math.min(text.length, i + STREET_AHEAD_REACH);
  let e = i;
  for (let lines = 0; lines < 3; lines++) {
    const next = text.indexOf('\n', e + 1);
    if (next < 0 || next >= reach) {
      e = reach;
      break;
    }
    e = next;
  }
  return STREET_LABEL.test(text.slice(i, e));
}

/** A CEP written alone as an argument. */
const CEP_TEXT = /^\d{5}-?\d{3}$|^\d{2}\.\d{3}-\d{3}$/;
/** A street's type opening an argument (`"Rua …"`, `"Av. …"`). */
const STREET_TEXT = /^(?:rua|r\.|av\.|avenida|travessa|tv\.|alameda|al\.|rodovia|estrada|pra[cç]a|largo|viela|quadra)\s/i;
const MAX_ARGUMENTS = 8;

/**
 * An address given as a call's string arguments (`new Endereco("Rua …", "389", "ap. 602", "Praia
 * do Canto", "Vitória", "ES", "29055-000")`): the street first, then its number, complement and
 * bairro are the address's; the town (a known municipality before the UF or the CEP) and what
 * follows it are places, and a CEP is a CEP. Returns the index after the last argument read, or
 * -1 when the first is no street.
 */
function addressCall(scan: Scan, p: number): number {
  const text = scan.text;
  const args: [number, number][] = [];
  let q = p;
  while (args.length < MAX_ARGUMENTS) {
    while (scan.at(q) === SPACE_CHAR || scan.at(q) === 0x0a || scan.at(q) === 0x0d || scan.at(q) === 0x09) q++;
    const quote = scan.at(q);
    if (quote !== 0x22 && quote !== 0x27) break;
    let e = q + 1;
    while (scan.at(e) !== quote) if (scan.at(e) < 0 || scan.at(e) === 0x0a || ++e - q > 160) break;
    if (scan.at(e) !== quote) break;
    args.push([q + 1, e]);
    q = e + 1;
    while (scan.at(q) === SPACE_CHAR) q++;
    if (scan.at(q) !== 0x2c) break;
    q++;
  }
  const values = args.map(([s, e]) => text.slice(s, e).trim());
  if (!STREET_TEXT.test(values[0] ?? '')) return -1;
  // The town: the last known place before the UF or the CEP.
  let town = values.length;
  for (let k = 1; k < values.length; k++) {
    const next = values[k + 1] ?? '';
    if (placeSet().has(fold(values[k] ?? '')) && (UF_CODES.has(next) || CEP_TEXT.test(next))) town = k;
  }
  values.forEach((value, k) => {
    const [s, e] = args[k]!;
    if (CEP_TEXT.test(value)) scan.add(s, e, 'cep');
    else if (k < town && value !== '') scan.add(s, e, 'address');
  });
  return q;
}

/** Quoted dates from `p`, apart by commas, each masked as a birth date; the index after the last, or -1 when the first is none. */
function dateList(scan: Scan, p: number): number {
  let q = p;
  let last = -1;
  for (let item = 0; item < 64; item++) {
    while (scan.at(q) === SPACE_CHAR || scan.at(q) === 0x0a || scan.at(q) === 0x0d) q++;
    const quote = scan.at(q);
    if (quote !== 0x22 && quote !== 0x27) return last;
    let e = q + 1;
    while (scan.at(e) !== quote) if (scan.at(e) < 0 || scan.at(e) === 0x0a || ++e - q > 40) return last;
    if (!DATE_TEXT.test(scan.text.slice(q + 1, e))) return last;
    scan.add(q + 1, e, 'birth_date');
    last = e + 1;
    q = last;
    while (scan.at(q) === SPACE_CHAR) q++;
    if (scan.at(q) !== 0x2c) return last;
    q++;
  }
  return last;
}

/**
 * A person built by a call to a class named for their role (`new Dependente("Théo …", new
 * DateOnly(2021, 2, 3), …)`, `Paciente("…", date(1950, 1, 2))`): the string arguments are read as
 * cells, and the first date after a person's name, a call or a quoted date, is their birth date
 * (the class is its cue). Returns where the main loop resumes: at the first argument that is
 * neither (a named argument, an identifier), or -1 when the first is no string.
 */
function personCall(scan: Scan, p: number): number {
  const text = scan.text;
  let q = p;
  let named = false;
  let dated = false;
  for (let argument = 0; argument < MAX_ARGUMENTS; argument++) {
    while (scan.at(q) === SPACE_CHAR || scan.at(q) === 0x0a || scan.at(q) === 0x0d || scan.at(q) === 0x09) q++;
    const quote = scan.at(q);
    if (quote === 0x22 || quote === 0x27) {
      let e = q + 1;
      while (scan.at(e) !== quote) if (scan.at(e) < 0 || scan.at(e) === 0x0a || ++e - q > 160) return argument === 0 ? -1 : q;
      const value = text.slice(q + 1, e);
      if (named && !dated && DATE_TEXT.test(value)) {
        scan.add(q + 1, e, 'birth_date');
        dated = true;
      } else {
        scan.scanRange(q + 1, e);
        named ||= personLike(value);
      }
      q = e + 1;
    } else if (named && !dated && scan.cls(q) & WORD) {
      const call = dateCall(scan, q, false);
      if (call < 0) return q;
      q = call;
      dated = true;
    } else return argument === 0 ? -1 : q;
    while (scan.at(q) === SPACE_CHAR) q++;
    if (scan.at(q) !== 0x2c) return q;
    q++;
  }
  return q;
}

const DATE_TEXT = /^(?:\d{4}-\d{2}-\d{2}|\d{2}[/.-]\d{2}[/.-]\d{4})(?:[ T][\d:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$/;
/** Year, month (a number or a month's constant: `time.October`, `Month.NOVEMBER`), day; a time may follow (Go's `time.Date`). */
const DATE_PARTS =
  /^(\d{4}\s*,\s*(?:\d{1,2}|(?:\w+\.)?m?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\s*,\s*\d{1,2})(?:\s*,.*)?$/i;

/**
 * A date written as code under a birth date's key: `date(1988, 4, 2)`, `LocalDate.of(1962, 3, 18)`,
 * `Timestamp('2001-04-04 00:00:00')`, `new Date("1990-05-12")`. Masks the date inside the call
 * and returns the index after it, or -1. `open`: `p` is just inside a parenthesis already.
 */
function dateCall(scan: Scan, p: number, open: boolean): number {
  let q = p;
  if (!open) {
    if (scan.text.startsWith('new ', q)) q += 4;
    const s = q;
    // `Date.new(`, `Carbon::create(`, `NaiveDate::from_ymd_opt(`: a path of words joined by `.` or `::`.
    while (
      (scan.cls(q) & WORD || scan.at(q) === 0x2e || (scan.at(q) === 0x3a && (scan.at(q + 1) === 0x3a || scan.at(q - 1) === 0x3a))) &&
      q - s < 40
    )
      q++;
    // Lua's `os.time{year=2004, month=6, day=13}`: a call given a table of the date's fields.
    if (q > s && scan.at(q) === 0x7b) return dateFields(scan, q);
    if (q === s || scan.at(q) !== 0x28) return -1;
    q++;
  }
  // A list of dates (`pd.to_datetime(["…", "…"])`, R's `as.Date(c("…", "…"))`): each is one.
  const list = scan.at(q) === 0x5b ? q + 1 : scan.at(q) === 0x63 && scan.at(q + 1) === 0x28 ? q + 2 : -1;
  if (list > 0) return dateList(scan, list);
  // The builder's own argument may be a call in turn: .dataNascimento(LocalDate.of(…)).
  if (open && scan.cls(q) & WORD) return dateCall(scan, q, false);
  // Read through `at`, so a stream whose window ends inside the call waits for the rest.
  let close = q;
  while (scan.at(close) !== 0x29) if (scan.at(close) < 0 || ++close - q > 80) return -1;
  let s = q;
  let e = close;
  const quote = scan.at(s);
  if (quote === 0x22 || quote === 0x27) {
    s++;
    e = close - 1;
    if (scan.at(e) !== quote || e <= s) return -1;
  }
  const inner = scan.text.slice(s, e).trim();
  const quoted = quote === 0x22 || quote === 0x27;
  const parts = quoted ? undefined : DATE_PARTS.exec(inner);
  if (quoted ? !DATE_TEXT.test(inner) : !parts || !calendarDate(parts[1] ?? '')) return -1;
  // The date's own arguments, not the time after them (`time.Date(1976, time.October, 2, 0, 0, …)`).
  scan.add(s, s + (parts?.[1]?.length ?? inner.length), 'birth_date');
  return close + 1;
}

/** `{year:1961 month:7 day:4}`, `{ "ano": 1961, "mes": 7, "dia": 4 }`: a date message's fields (protobuf text, JSON). */
const DATE_FIELDS =
  /^\{\s*["']?(?:year|ano)["']?\s*[:=]\s*(\d{4}[\s,;]+["']?(?:month|m[eê]s)["']?\s*[:=]\s*\d{1,2}[\s,;]+["']?(?:day|dia)["']?\s*[:=]\s*\d{1,2})\b/i;

/** Whether `1990, 4, 9` (year, month, day; a month's name passes) is a day of the calendar: `2031, 2, 29` is no one's birth. */
function calendarDate(parts: string): boolean {
  const [year, month, day] = parts.split(',').map((part) => Number(part.trim()));
  if (year === undefined || day === undefined || month === undefined || Number.isNaN(month)) return true;
  return calendarDay(year, month, day);
}

/** MongoDB's extended JSON: `{"$date": "1988-09-28T00:00:00Z"}`. */
const EXTENDED_JSON_DATE = /^\{\s*"\$date"\s*:\s*"/;

/** A quoted date at `q` (`"1990-04-09"`): masked between its quotes; the index after the closing quote, or -1. */
function quotedDate(scan: Scan, q: number): number {
  const quote = scan.at(q);
  if (quote !== 0x22 && quote !== 0x27) return -1;
  let e = q + 1;
  while (scan.at(e) !== quote) if (scan.at(e) < 0 || ++e - q > 40) return -1;
  if (!DATE_TEXT.test(scan.text.slice(q + 1, e))) return -1;
  scan.add(q + 1, e, 'birth_date');
  return e + 1;
}

/** A birth date given as a message's fields after its key: masks year to day and returns the index after them, or -1. */
function dateFields(scan: Scan, p: number): number {
  // Read through `at`, so a stream whose window ends inside the braces waits for the rest.
  let close = p;
  while (scan.at(close) !== 0x7d) if (scan.at(close) < 0 || ++close - p > 80) return -1;
  const extended = EXTENDED_JSON_DATE.exec(scan.text.slice(p, close));
  if (extended !== null) return quotedDate(scan, p + extended[0].length - 1) > 0 ? close + 1 : -1;
  const m = DATE_FIELDS.exec(scan.text.slice(p, close + 1));
  if (m === null || m[1] === undefined) return -1;
  const s = p + m[0].length - m[1].length;
  scan.add(s, p + m[0].length, 'birth_date');
  return p + m[0].length;
}

/** The DDD field just before a number's key: `area_code: 98`, `"ddd": "11",`, `codigoArea=21`. */
const DDD_FIELD = /(?:area_?code|ddd|c[oó]d(?:igo)?_?area)["']?\s*[:=]\s*["']?\(?(\d{2})\)?["']?[\s,;]*$/i;
const NUMBER_KEY = /^(?:number|numero|n[uú]mero|num|nr)$/i;

/**
 * `area_code: 98` then `number: "981447203"` (protobuf text, JSON, logs): the number is a phone's
 * when the DDD field before it holds a real DDD and the number is a landline's or a mobile's.
 * Masks the number and returns the index after it, or -1.
 */
function splitPhone(scan: Scan, i: number, ke: number, p: number): number {
  if (!NUMBER_KEY.test(scan.text.slice(i, ke))) return -1;
  const ddd = DDD_FIELD.exec(scan.text.slice(Math.max(0, i - 40), i).replace(/["'{]\s*$/, ''));
  if (ddd === null || ddd[1] === undefined) return -1;
  let s = p;
  while ((scan.at(s) === SPACE_CHAR || scan.at(s) === 0x22 || scan.at(s) === 0x27) && s - p < 4) s++;
  let e = s;
  while (scan.cls(e) & DIGIT || (scan.at(e) === 0x2d && scan.cls(e + 1) & DIGIT)) e++;
  if (scan.cls(e) & WORD) return -1;
  const digits = scan.text.slice(s, e).replace(/-/g, '');
  const first = digits.charCodeAt(0);
  const mobile = digits.length === 9 && first === 0x39;
  const landline = digits.length === 8 && first >= 0x32 && first <= 0x35;
  if (!(mobile || landline) || !validDddCodes(ddd[1].charCodeAt(0), ddd[1].charCodeAt(1))) return -1;
  scan.add(s, e, 'phone');
  return e;
}

/** Per detector, the words that take a key from it (`comprovante de residência`, `tempo de residência`). */
const UNLESS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  DETECTORS.flatMap((d) => (d.keys?.unless ? [[d.id, new Set(d.keys.unless)] as const] : [])),
);

/** Whether one of the three words before the label's last word, on its line, takes the key's class away. */
function qualifierUnsays(text: string, i: number, kc: KeyClass): boolean {
  const unless = UNLESS.get(kc.detector);
  if (unless === undefined) return false;
  let s = i;
  for (let words = 0; words < 3; words++) {
    // `font-family`, `font_family`: a qualifier joined by a hyphen or an underscore counts too.
    const joiner = text.charCodeAt(s - 1);
    if (joiner !== SPACE_CHAR && joiner !== 0x2d && joiner !== 0x5f) return false;
    const e = s - 1;
    let p = e;
    while (p > 0 && i - p < LOOK_BEHIND && (CLASS[text.charCodeAt(p - 1)] ?? 0) & WORD) p--;
    // Within what a stream keeps behind its window, so a stream decides as the whole text does.
    if (p === e || i - p >= LOOK_BEHIND) return false;
    for (const word of keyWords(text.slice(p, e))) if (unless.has(word)) return true;
    s = p;
  }
  return false;
}

/** `Município de residência:`, `Cidade de domicílio:`: the words before an address key make it the town's (a place). */
function townOf(text: string, i: number, ke: number, kc: KeyClass): boolean {
  if (kc.detector !== 'address') return false;
  const m = TOWN_BEFORE.exec(text.slice(Math.max(0, i - 24), i));
  return m !== null && placeKey(text.slice(i - m[0].length, ke));
}
const TOWN_BEFORE = /[\p{L}]+ (?:d[aeo]s? )?$/u;

const VCARD_NAME = /^:[^\n;:]+;[^\n]*;/;

/** Whether `:family;given;…` follows `N` at `ke`, read through `at` so a stream waits for the line's end. */
function vcardName(scan: Scan, ke: number): boolean {
  let e = ke;
  while (e - ke < 80 && scan.at(e) >= 0 && scan.at(e) !== 0x0a) e++;
  return VCARD_NAME.test(scan.text.slice(ke, e + 1));
}
const VCARD_NAME_KEY: KeyClass = { detector: 'name', generic: false };

const CONTENT_LINE = /(?:^|\n)([A-Z][A-Z0-9-]*);[^:\n]*$/;

/** The property's bounds of the vCard or iCalendar content line whose parameters reach `i` (`ADR;TYPE=home`). */
function contentLineProperty(text: string, i: number): [number, number] | undefined {
  const from = Math.max(0, i - LOOK_BEHIND);
  const m = CONTENT_LINE.exec(text.slice(from, i));
  if (m === null || m[1] === undefined) return undefined;
  const start = from + m.index + (m[0].startsWith('\n') ? 1 : 0);
  return [start, start + m[1].length];
}

/** A key and its quoted text (`"field_name": "CPF"`, `campo='RG'`): a name/value pair's naming half, when the key is one. */
const PAIR_NAME_BEFORE = /["']?([A-Za-z_]{3,24})["']?\s*[:=]\s*["']([^"'\n\\{}[\]]{1,64})["']/g;
/** How far back a pair's value looks for its name: inside what a stream keeps before its window. */
const PAIR_REACH = 3 * LOOK_BEHIND;

/**
 * The name of a name/value pair's value at `i`: the nearest naming key's text before it in the same
 * object, or an object it holds (`{"field_name": "CNH", "field_type": "text", "values": [{"value": `).
 */
function pairNameBefore(text: string, i: number): string | undefined {
  const before = text.slice(Math.max(0, i - PAIR_REACH), i);
  let named: RegExpExecArray | undefined;
  for (const m of before.matchAll(PAIR_NAME_BEFORE)) if (pairNameKey(m[1] ?? '')) named = m;
  if (named === undefined) return undefined;
  let depth = 0;
  for (let q = named.index + named[0].length; q < before.length; q++) {
    const c = before.charCodeAt(q);
    if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth < 0) return undefined;
  }
  return named[2];
}

/** Whether the key at `[i, ke)` is a pair's value key whose sibling names it: that name decides, never the key's memory. */
function namedPairValue(text: string, i: number, ke: number): string | undefined {
  return ke - i <= 12 && pairValueKey(text.slice(i, ke)) ? pairNameBefore(text, i) : undefined;
}

/** An address object opening right before a key: `"address": [{"`, `"endereco": {"`. */
const ADDRESS_OBJECT_BEFORE = /"(?:address|addresses|endereco|endereço|enderecos)"\s*:\s*\[?\s*\{\s*"$/i;

export function labelKey(scan: Scan, i: number, ke: number): KeyClass | undefined {
  const text = scan.text;
  const extra = scan.options.extraKeys;
  const direct = classifyKeyAt(text, i, ke, extra);
  if (direct) return qualifierUnsays(text, i, direct) || townOf(text, i, ke, direct) ? undefined : direct;
  // FHIR's and vCard-in-JSON's `"address": [{"line": ["…", "…"]`: the lines of an address object.
  if (
    ke - i <= 5 &&
    foldedEquals(text, i, ke, ke - i === 4 ? 'LINE' : 'LINES') &&
    ADDRESS_OBJECT_BEFORE.test(text.slice(Math.max(0, i - 32), i))
  )
    return classifyKey('address', undefined, extra);
  // vCard's structured name (`N:Abdala;Samira;Jorge;;`): the family name, then given names after `;`.
  if (ke - i === 1 && text.charCodeAt(i) === 0x4e && (i === 0 || text.charCodeAt(i - 1) === 0x0a) && vcardName(scan, ke))
    return VCARD_NAME_KEY;
  // vCard and iCalendar: `BDAY;VALUE=date:19880312`, `TEL;type=CELL:(65)…`: the property names the value.
  const property = i > 0 && text.charCodeAt(i - 1) === 0x3d ? contentLineProperty(text, i) : undefined;
  if (property !== undefined) return classifyKeyAt(text, property[0], property[1], extra);
  // A name/value pair (CRM custom fields, form answers): the sibling that names the value is its key.
  const pairName = namedPairValue(text, i, ke);
  if (pairName !== undefined) return classifyKey(pairName, undefined, extra);
  // Multi-word labels on the same line: "Nome completo:", "Data de nascimento:". In prose
  // most candidates ("setor Natal:") hold no key word, and are not classified at all.
  // `Rua ACLRQDQV4YFF62 :`: a long word with digits is a value (a code, an alphanumeric CNPJ), so
  // the words before it make no label, and the value is scanned as one.
  if (ke - i >= 8) for (let q = i; q < ke; q++) if ((CLASS[text.charCodeAt(q)] ?? 0) & DIGIT) return undefined;
  // `Bairro/Localidade:`, `Número / Compl.:`: a slash joins two names of one field, read as one key.
  let slash = i - 1;
  while (slash > 0 && text.charCodeAt(slash) === SPACE_CHAR && i - slash < 3) slash--;
  if (slash > 0 && text.charCodeAt(slash) === 0x2f) {
    let w = slash;
    while (w > 0 && text.charCodeAt(w - 1) === SPACE_CHAR && slash - w < 2) w--;
    let s = w;
    while (s > 0 && (CLASS[text.charCodeAt(s - 1)] ?? 0) & WORD && w - s < 24) s--;
    const joinedKey = s < w ? classifyKeyAt(text, s, ke, extra) : undefined;
    if (joinedKey) return joinedKey;
  }
  const last = keyWordFacts(text, i, ke);
  let positive = last.positive;
  let joined = last.joined;
  // While the words are one space apart, the key words of the whole are those of each word.
  let spaced = true;
  let s = i;
  // Up to five words: `Endereço para o convite impresso:`.
  for (let words = 0; words < 4; words++) {
    let p = s - 1;
    while (p >= 0 && text.charCodeAt(p) === SPACE_CHAR && s - p < 3) p--;
    if (p < 0 || !((CLASS[text.charCodeAt(p)] ?? 0) & WORD) || s - p > 2) return undefined;
    // Glued to the word before (a scan that began inside a word): no shortcut from here on.
    if (s - p !== 2) spaced = false;
    const wordEnd = p + 1;
    while (p >= 0 && (CLASS[text.charCodeAt(p)] ?? 0) & WORD) p--;
    s = p + 1;
    if (i - s > 40) return undefined;
    if (spaced) {
      const facts = keyWordFacts(text, s, wordEnd);
      positive ||= facts.positive;
      joined = facts.joined + joined;
      if (!mayClassify(positive, joined, extra)) continue;
    }
    const kc = classifyKeyAt(text, s, ke, extra);
    if (kc) return kc;
  }
  return undefined;
}

/** `"TATU" ` at `q`: a quoted word or two, then a space and a letter; the index after the closing quote, or -1. */
function innerNicknameEnd(scan: Scan, q: number): number {
  const quote = scan.at(q);
  let r = q + 1;
  while (r - q < 32 && (CLASS[scan.at(r)] ?? 0) & WORD) {
    r++;
    if (scan.at(r) === SPACE_CHAR && (CLASS[scan.at(r + 1)] ?? 0) & WORD) r++;
  }
  if (r === q + 1 || scan.at(r) !== quote) return -1;
  return scan.at(r + 1) === SPACE_CHAR && (CLASS[scan.at(r + 2)] ?? 0) & WORD ? r + 1 : -1;
}

export function labelValue(scan: Scan, kc: KeyClass, p: number, structured: boolean, key: string): number {
  const q = scan.at(p);
  let vs: number;
  let ve: number;
  let resume: number;
  if (q === 0x22 || q === 0x27 || q === 0x60) {
    vs = p + 1;
    let r = vs;
    for (;;) {
      const c = scan.at(r);
      if (c < 0 || c === 0x0a || r - vs > 300) return -1;
      if (c === 0x5c) {
        r += 2;
        continue;
      }
      if (c === q) break;
      r++;
    }
    ve = r;
    resume = r + 1;
  } else {
    if (q === 0x5b) return arrayValues(scan, kc, p + 1);
    if (q === 0x63 || q === 0x6e || q === 0x69 || q === 0x6c || q === 0x44 || q === 0x50) {
      const vector = vectorValues(scan, kc, p);
      if (vector >= 0) return vector;
    }
    if (q < 0 || q === 0x7b || q === 0x28 || q === 0x0a || q === 0x0d || q === 0x3a || q === 0x3d) return -1;
    vs = p;
    let r = p;
    // A complement lists its parts with commas (`Compl.: Qd. 23, Lt. 8, Ed. Ipê Amarelo, apto 1503`).
    const commas =
      kc.detector === 'address' ||
      (kc.detector === 'address_part' && /compl/i.test(key)) ||
      (kc.detector === 'name' && surnameFirst(scan, p));
    for (;;) {
      const c = scan.at(r);
      // `Nome: JOSÉ RIBAMAR "TATU" FERREIRA`: a quoted nickname between the names is part of the value.
      if ((c === 0x22 || c === 0x27) && kc.detector === 'name' && r > vs && scan.at(r - 1) === SPACE_CHAR) {
        const close = innerNicknameEnd(scan, r);
        if (close > 0) {
          r = close;
          continue;
        }
      }
      if (
        c < 0 ||
        c === 0x0a ||
        c === 0x0d ||
        c === 0x3b ||
        c === 0x26 ||
        c === 0x7c ||
        c === 0x7d ||
        c === 0x5d ||
        c === 0x3c ||
        c === 0x09 ||
        c === 0x22
      )
        break;
      // A redaction label is part of the value (and makes it one masked before).
      if (c === 0x5b && redactionLabelAt(scan.text, r, scan.end) > r) {
        r = redactionLabelAt(scan.text, r, scan.end);
        continue;
      }
      // Code after a label (f(nome: string), endereco: Endereco) {) is not a value.
      if (c === 0x28 || c === 0x29 || c === 0x7b || c === 0x5b || c === 0x3d || c === 0x3e) break;
      if (c === 0x27 && !(r > vs && scan.cls(r - 1) & WORD && scan.cls(r + 1) & WORD)) break;
      if (c === 0x2c && !commas) break;
      if (c === 0x28 && kc.detector === 'name') break;
      if (r - vs > 200) return -1;
      // Three spaces or more part two columns of a form: "Nome: Maria Cruz      DROGARIA LTDA"; a
      // street's number after them is still its own (`Rua Graciosa   nº 1175`).
      if (c === SPACE_CHAR && scan.at(r + 1) === SPACE_CHAR && scan.at(r + 2) === SPACE_CHAR) {
        let q = r + 3;
        while (scan.at(q) === SPACE_CHAR && q - r < 12) q++;
        if (!commas || houseNumber(scan, q) < 0) break;
        r = q;
        continue;
      }
      // Stop before the next label on the same line: "Nome: Maria CPF: 123…".
      if (c === SPACE_CHAR && scan.cls(r + 1) & WORD) {
        let w = r + 1;
        while (scan.cls(w) & WORD || scan.at(w) === 0x2d) w++;
        if ((scan.at(w) === 0x3a || scan.at(w) === 0x3d) && w - r > 1) break;
        if (kc.detector === 'name' && scan.at(r + 1) === 0x2d && scan.at(r + 2) === SPACE_CHAR) break;
      }
      r++;
    }
    ve = r;
    // A number ends where words begin: `12.345.678-9 SSP/SP`, `(11) 98765-4321 ramal 2`.
    if (NUMBER_KEYS.has(kc.detector)) {
      const words = /\s+\(?\p{L}{2}/u.exec(scan.text.slice(vs, ve));
      if (words) ve = vs + words.index;
    }
    // ` - ` separates the next field (`CEP: 87.030-008 - Fone: …`): a dash after a space ends the value.
    for (;;) {
      const c = scan.text.charCodeAt(ve - 1);
      if (ve > vs && trailingPunctuation(c)) ve--;
      else if (ve - 1 > vs && (c === 0x2d || c === 0x2013 || c === 0x2014) && scan.text.charCodeAt(ve - 2) === SPACE_CHAR) ve -= 2;
      else break;
    }
    resume = ve;
  }
  return settleValue(scan, kc, p, vs, ve, resume, structured, key);
}

/**
 * The pair just before a key in a record (read back within LOOK_BEHIND): a company's CNPJ or its
 * legal name (`"cnpj": "…",` then `"fone":`, `legal_name: "… Ltda"` then `address:`), or a body's
 * name (`nome = "Policlínica …"` then `endereco =`), as a diff's `+` line too. The value is its
 * key's in an organisation's record, and names no one.
 */
const SIBLING_BEFORE =
  /["']?(cnpj|raz[aã]o[ _]?social|legal[ _]?name|nome[ _]?fantasia|nome|name)["']?\s*[:=]\s*["']?([^"'\n]{3,60}?)["']?\s*[,;]?\s*\n?[+ \t]*["']?[\w.-]{1,30}["']?\s*[:=]\s*$/i;

/** Whether the key whose value starts at `p` follows a company's CNPJ or legal name in its record. */
function companySibling(scan: Scan, p: number): boolean {
  const m = SIBLING_BEFORE.exec(scan.text.slice(Math.max(0, p - LOOK_BEHIND), p));
  if (m === null) return false;
  const value = (m[2] ?? '').trim();
  if (/^cnpj$/i.test(m[1] ?? '')) return cnpjToken(value);
  return !containsMaskOutput(value) && (companyName(value) || bodyName(value));
}

/** The backslashes just before `q` (at most 15: deeper nesting is not JSON anyone writes). */
function backslashesBefore(text: string, q: number): number {
  let b = q;
  while (b > 0 && text.charCodeAt(b - 1) === 0x5c && q - b < 15) b--;
  return q - b;
}

/** Whether `escapes` backslashes and a quote stand at `q`. */
function escapedQuoteAt(scan: Scan, q: number, escapes: number): boolean {
  for (let k = 0; k < escapes; k++) if (scan.at(q + k) !== 0x5c) return false;
  return scan.at(q + escapes) === 0x22;
}

/**
 * A string value of escaped JSON at `p` (its opening quote behind `escapes` backslashes): it
 * ends at the quote behind as many backslashes; one behind more is a quote inside it, one
 * behind fewer ends the string holding the JSON (the value is cut, and left).
 */
function escapedValue(scan: Scan, kc: KeyClass, p: number, escapes: number, key: string): number {
  const vs = p + escapes + 1;
  let r = vs;
  for (;;) {
    const c = scan.at(r);
    if (c < 0 || c === 0x0a || r - vs > 300) return -1;
    if (c === 0x22) {
      const behind = backslashesBefore(scan.text, r);
      if (behind === escapes) break;
      if (behind < escapes) return -1;
    }
    r++;
  }
  return settleValue(scan, kc, p, vs, r - escapes, r + 1, true, key);
}

/** Masks the value `[vs, ve)` read after a label at `p` when it fits the key's class; returns where the scan resumes, or -1. */
function settleValue(
  scan: Scan,
  kc: KeyClass,
  p: number,
  vs: number,
  ve: number,
  resume: number,
  structured: boolean,
  key: string,
): number {
  if (scan.openAt >= 0) return -1;
  const value = scan.text.slice(vs, ve);
  // Text masked before ("nome: no dia [DATA_NASCIMENTO]"): what is left is no value of the key.
  if (containsMaskOutput(value)) return -1;
  // An organisation's own address or phone under its key (`app.empresa.endereco=`), or on a
  // contact line of its letterhead block (`Endereço:` under `Razão social: … LTDA`), names no one.
  if (
    (kc.organisation || (COMPANY_CONTACT.has(kc.detector) && (scan.state.letterhead === 'contact' || companySibling(scan, p)))) &&
    value.trim().length > 0
  ) {
    // Its check-digit documents are still someone's or masked as every CNPJ is: the key never lets one through.
    scan.scanNumbersOnly(vs, ve);
    return resume;
  }
  if (shortCode(kc, key, value)) return -1;

  let cls = kc;
  let detector = valueFits(kc, value, structured);
  // A generic `name` key that held a person's name (`"name": "Maria Souza"`) holds people's
  // names after it, rare ones too; one that held another kind of name never learns.
  if (kc.detector === 'name' && kc.generic) {
    const id = memoryKeyId(key);
    if (id !== undefined && detector === 'name' && teaches('name', value)) scan.learnKey(id, 'name', ve);
    else if (id !== undefined && detector === undefined && scan.remembersKeys && scan.rememberedKey(id, p) === 'name') {
      cls = rememberedClass('name');
      detector = valueFits(cls, value, structured);
    } else if (id !== undefined && refuses(value)) scan.refuseKey(id, ve);
  }
  // A body's or a town's name, quoted, under a generic `nome` (`municipio: { nome: 'Maceió' }`) is read no further: the key is no name cue for it.
  if (detector === undefined && (structured || vs > p) && kc.detector === 'name' && kc.generic && bodyOrPlace(value.trim())) return resume;
  // A remembered key's value has no other cue: its own matcher would not find it.
  if (detector === undefined || !scan.on(detectorBit(detector)) || (!structured && !cls.inferred && OWN_MATCHER.has(detector))) return -1;
  // `RG: 12.345.678-9 SSP/SP`: the issuing body and its state are the number's.
  const end = detector === 'rg' && !structured ? issuerEnd(scan, ve) : ve;
  addValue(scan, cls, vs, end, detector);
  return Math.max(resume, end);
}

/**
 * A key's list of quoted values (`"logradouro":["Rua T-37, 1180","Av. T-63, 984"]` in a log
 * line): each element is a value of the key, as in a JSON body. Returns the index after the
 * list, or -1 when it is not a list of strings.
 */
function arrayValues(scan: Scan, kc: KeyClass, from: number): number {
  const before = scan.found.length;
  const fail = (): number => {
    scan.found.length = before;
    return -1;
  };
  let r = from;
  for (let items = 0; items < 64; items++) {
    while (scan.at(r) === SPACE_CHAR) r++;
    const quote = scan.at(r);
    if (quote === 0x5d && items === 0) return r + 1;
    if (quote !== 0x22 && quote !== 0x27) return fail();
    const ve = listElement(scan, kc, r + 1, quote);
    if (ve < 0) return fail();
    r = ve + 1;
    while (scan.at(r) === SPACE_CHAR) r++;
    if (scan.at(r) === 0x2c) {
      r++;
      continue;
    }
    return scan.at(r) === 0x5d ? r + 1 : fail();
  }
  return fail();
}

/**
 * A list's quoted element from `vs` to its closing `quote`, masked as a value of the key when it
 * fits it and read as text otherwise (it may hold other data). Returns the index of the closing
 * quote, or -1 when the line or 300 characters end first.
 */
function listElement(scan: Scan, kc: KeyClass, vs: number, quote: number): number {
  let ve = vs;
  for (;;) {
    const c = scan.at(ve);
    if (c < 0 || c === 0x0a || ve - vs > 300) return -1;
    if (c === 0x5c) ve++;
    else if (c === quote) break;
    ve++;
  }
  const detector = valueFits(kc, scan.text.slice(vs, ve), true);
  if (detector !== undefined && scan.on(detectorBit(detector))) addValue(scan, kc, vs, ve, detector);
  else scan.scanRange(vs, ve);
  return ve;
}

/** R's `str()` of a column: its type, then its first values quoted a space apart (`$ nome: chr  "Ana" "Rui" ...`). */
const R_VECTOR = /^(?:chr|num|int|logi|(?:Date|POSIXct)(?:\[1:\d+\])?, format:) +(?=")/;

/**
 * The quoted values of an R vector at `p` after a key (`chr  "Kokama Ypy" NA "Lin Huang" ...`): each is
 * a value of the key, as a JSON list's are. Returns the index after the last, or -1 when no vector is there.
 */
function vectorValues(scan: Scan, kc: KeyClass, p: number): number {
  scan.at(p + 40);
  const m = R_VECTOR.exec(scan.text.slice(p, p + 40));
  if (m === null) return -1;
  let r = p + m[0].length;
  for (let items = 0; items < 64; items++) {
    const quote = scan.at(r);
    if (quote === 0x4e && scan.at(r + 1) === 0x41) r += 2;
    else if (quote === 0x22) {
      const ve = listElement(scan, kc, r + 1, quote);
      if (ve < 0) return r;
      r = ve + 1;
    } else return r;
    if (scan.at(r) !== SPACE_CHAR) return r;
    while (scan.at(r) === SPACE_CHAR) r++;
  }
  return r;
}

/** Whether `<prefix` stands before the colon at `colon` (`<mc:logradouro>`, `<ns2:nome>`): the element's name follows. */
function namespacePrefixBefore(scan: Scan, colon: number): boolean {
  let q = colon;
  while (q > 0 && colon - q < 32 && scan.cls(q - 1) & WORD) q--;
  return q < colon && scan.at(q - 1) === 0x3c;
}

export function xmlValue(scan: Scan, i: number, ke: number, p: number): number {
  const kc = labelKey(scan, i, ke) ?? rememberedLabel(scan, i, ke, p, 0x3c);
  if (!kc) return -1;
  let r = p;
  for (;;) {
    const c = scan.at(r);
    if (c < 0 || c === 0x0a || r - p > 300) return -1;
    if (c === 0x3c) break;
    r++;
  }
  // A company's address, CEP and phone in its party block (`<enderEmit>` under a CNPJ) name no one.
  if (kc.organisation || (inCompanyBlock(scan) && COMPANY_CONTACT.has(kc.detector))) {
    scan.scanNumbersOnly(p, r);
    return r;
  }
  if (shortCode(kc, scan.text.slice(i, ke), scan.text.slice(p, r))) return -1;
  // An element names its content as a JSON key does.
  const detector = valueFits(kc, scan.text.slice(p, r), true);
  if (detector === undefined || !scan.on(detectorBit(detector))) return -1;
  addValue(scan, kc, p, r, detector);
  return r;
}

const TITLE_WORD = /^\p{Lu}\p{Ll}+$/u;

/**
 * The class of a key that names nothing but held a kind of personal data before (keyMemory.ts);
 * otherwise undefined, and the key's value, read as text, may teach it: its start is noted.
 * `close`: the character that ends the value (`<` of an element), or 0 for a label's value.
 */
function rememberedLabel(scan: Scan, i: number, ke: number, p: number, close: number): KeyClass | undefined {
  const key = scan.text.slice(i, ke);
  // A capitalised word before a colon is a chat's speaker or a form's heading, not a record's field.
  if (close === 0 && TITLE_WORD.test(key)) return undefined;
  // `{"label": "Protocolo", "value": "12/03/2026"}`: the pair's name said what the value is.
  if (namedPairValue(scan.text, i, ke) !== undefined) return undefined;
  // The key's id is asked only once the memory holds something: most labels never teach.
  if (scan.remembersKeys) {
    const id = memoryKeyId(key);
    const kind = id === undefined ? undefined : scan.rememberedKey(id, i);
    if (kind !== undefined) return rememberedClass(kind);
  }
  let q = p;
  while (scan.at(q) === SPACE_CHAR || scan.at(q) === 0x09) q++;
  const quote = close > 0 ? close : scan.at(q) === 0x22 || scan.at(q) === 0x27 ? scan.at(q) : 0;
  const start = quote > 0 && close === 0 ? q + 1 : q;
  scan.pendingKey = { key, start, quote };
  // A firm's or a place's name under the key: it holds look-alikes, and learns nothing.
  if (scan.cls(start) & UPPER) {
    let e = start;
    while (e - start < 120 && (quote > 0 ? scan.at(e) !== quote : !FIELD_END.has(scan.at(e))) && scan.at(e) >= 0 && scan.at(e) !== 0x0a)
      e++;
    const id = refuses(scan.text.slice(start, e)) ? memoryKeyId(key) : undefined;
    if (id !== undefined) scan.refuseKey(id, e);
  }
  return undefined;
}

/** Characters that end an unquoted field's value. */
const FIELD_END: ReadonlySet<number> = new Set([0x0d, 0x09, 0x2c, 0x3b, 0x7c, 0x26, 0x7d, 0x3c]);

/** A value masked under its key: a remembered key's value teaches nothing more. */
function addValue(scan: Scan, kc: KeyClass, start: number, end: number, detector: DetectorId): void {
  if (kc.inferred) scan.addInferred(start, end, detector);
  else scan.add(start, end, detector);
}
