/**
 * LDIF (RFC 2849) entries read by attribute: `cn: Maria Souza`, `uid: maria.souza`,
 * `postalAddress: Rua X, 12$Centro$Palmas - TO$77000-000`. The attribute type, not the words,
 * says what a value is: a person's names (cn, sn, givenName…), their login (uid), their phones
 * and their postal address, whose lines LDAP joins with `$`. A line that starts with one space
 * continues the one before (folding), and `attr:: …` holds the value in base64: it is decoded
 * and masked whole when the decoded value is the attribute's data, and never read as words.
 *
 * `telephoneNumber` is the directory's work number (RFC 4519), as a vCard `TEL;TYPE=WORK`: a
 * landline there is the institution's switchboard and names no one; a mobile is its holder's.
 *
 * The `dn:` line and ldapsearch's comment before it (`# maria.souza, people, example.br`) name
 * the entry by its RDN; LDAP filters (`(uid=maria.souza)`) name it by an assertion. Both are
 * read with the same attribute table.
 */
import type { DetectorId } from '../../../config.js';
import { detectorBit } from '../../../detectors/registry.js';
import { valueFits } from '../../fit.js';
import { nameHandle } from '../../handles.js';
import type { KeyClass } from '../../keys.js';
import { looksMasked } from '../../maskOutput.js';
import type { Scan } from '../../scanner.js';
import { ADDRESS_KEY, CEP_KEY, NAME_KEY, PHONE_KEY } from './fields.js';
import { mobile } from './vcard.js';

/** What an attribute's value is. */
type Kind = 'name' | 'login' | 'phone' | 'workPhone' | 'postal' | 'cep' | 'home';

/** LDAP attribute types (lower case) whose values are personal, from RFC 4519, inetOrgPerson and NIS. */
const ATTRIBUTES: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ['cn', 'name'],
  ['commonname', 'name'],
  ['sn', 'name'],
  ['surname', 'name'],
  ['givenname', 'name'],
  ['gn', 'name'],
  ['displayname', 'name'],
  ['gecos', 'name'],
  ['uid', 'login'],
  ['userid', 'login'],
  ['mobile', 'phone'],
  ['mobiletelephonenumber', 'phone'],
  ['homephone', 'phone'],
  ['hometelephonenumber', 'phone'],
  ['pager', 'phone'],
  ['telephonenumber', 'workPhone'],
  ['postaladdress', 'postal'],
  ['homepostaladdress', 'postal'],
  ['registeredaddress', 'postal'],
  ['street', 'postal'],
  ['streetaddress', 'postal'],
  ['postalcode', 'cep'],
  ['homedirectory', 'home'],
]);
const LONGEST_ATTRIBUTE = Math.max(...[...ATTRIBUTES.keys()].map((key) => key.length));

/** An attribute description at a line's start: the type, options after `;`, then `:` or `::`. */
const DESCRIPTION = /^([A-Za-z][A-Za-z0-9-]*)(?:;[A-Za-z0-9;-]*)?(::?)[ \t]*/;
/** Logins of services, not people (`svc.backup`, `app_moodle`): the uid of no one. */
const SERVICE_PARTS = /(?:^|[._-])(?:svc|srv|service|app|sys|system|admin|root|bot|test|teste|backup|noreply|daemon|ldap|www)(?:$|[._-])/;
/** A login spelled as parts joined by dots or underscores (`sakamoto.r`, `iracema.xerente`). */
const DOTTED_LOGIN = /^[a-z]{2,}(?:[._][a-z]+)+$/;

/** What an attribute type's value is, or undefined when the scanner reads it as text. */
function kindOf(type: string): Kind | undefined {
  return type.length <= LONGEST_ATTRIBUTE ? ATTRIBUTES.get(type.toLowerCase()) : undefined;
}

/** Whether the line `[p, e)` may still turn out an LDIF line this reader takes (a stream waits for its end). */
export function couldBeLdifLine(text: string, p: number, e: number): boolean {
  const c = text.charCodeAt(p);
  if (c === 0x23) return true;
  const head = text.slice(p, Math.min(e, p + LONGEST_ATTRIBUTE + 2)).toLowerCase();
  const colon = head.indexOf(':');
  const type = colon < 0 ? head : head.slice(0, colon).replace(/;.*/, '');
  // `attr::` may hold any attribute's base64: the whole line decides whether it is base64.
  if (colon >= 0) return type === 'dn' || ATTRIBUTES.has(type) || (head.charCodeAt(colon + 1) === 0x3a && /^[a-z][a-z0-9-]*$/.test(type));
  if (!/^[a-z][a-z0-9-]*$/.test(type)) return false;
  if ('dn'.startsWith(type)) return true;
  for (const key of ATTRIBUTES.keys()) if (key.startsWith(type)) return true;
  return false;
}

/**
 * Reads the complete line `[p, e)`, and the lines folded into it, as an LDIF attribute line, a
 * `dn:` line or ldapsearch's comment naming the next entry. Returns where the logical line
 * ends, or -1 when it is none of them (or is left to the scanner).
 */
export function ldifLine(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  if (text.charCodeAt(p) === 0x23) return entryComment(scan, p, e);
  const m = DESCRIPTION.exec(text.slice(p, Math.min(e, p + 64)));
  if (m === null || m[1] === undefined) return -1;
  const type = m[1].toLowerCase();
  const base64 = m[2] === '::';
  const kind = type === 'dn' ? undefined : kindOf(type);
  if (type !== 'dn' && kind === undefined) {
    // Another attribute's base64 (a photo, a certificate) holds no words to read: left whole. A
    // value that is no base64 (AsciiDoc's `Term:: definition`) is text, read as such.
    if (!base64) return -1;
    const other = unfold(scan, p + m[0].length, e);
    return scan.openAt >= 0 || base64Shaped(other.text) ? other.end : -1;
  }
  const value = unfold(scan, p + m[0].length, e);
  if (scan.openAt >= 0) return -1;
  if (value.text.length === 0) return value.end;
  // LDIF never quotes a value: `street: "Rua X"` is YAML, read as such.
  const first = value.text.charCodeAt(0);
  if (!base64 && (first === 0x22 || first === 0x27)) return -1;
  if (base64) {
    if (!base64Shaped(value.text)) return -1;
    const decoded = decodeBase64(value.text);
    if (decoded === undefined) return value.end;
    const detector = type === 'dn' ? (dnPersons(decoded).length > 0 ? 'name' : undefined) : decodedFits(kind, decoded);
    if (detector !== undefined && scan.on(detectorBit(detector))) value.add(scan, 0, value.text.length, detector);
    return value.end;
  }
  if (type === 'dn') {
    // `DN: 05/05/1948` (data de nascimento) is a form's label: a DN is `type=value` pairs.
    if (m[1] !== 'dn' || !value.text.includes('=')) return -1;
    for (const [s, t] of dnPersons(value.text)) value.add(scan, s, t, 'name');
    return value.end;
  }
  return kind !== undefined && attributeValue(scan, kind, value) ? value.end : -1;
}

/**
 * Masks an attribute's value as its kind; false when the line is left to the scanner (a value
 * that is not the attribute's data may still hold other data, and is read as text).
 */
function attributeValue(scan: Scan, kind: Kind, value: Unfolded): boolean {
  const v = value.text;
  switch (kind) {
    case 'name':
    case 'cep':
    case 'phone':
    case 'workPhone':
      return fit(scan, value, 0, v.length, kind);
    case 'login':
      if (!personLogin(v)) return false;
      value.add(scan, 0, v.length, 'name');
      return true;
    case 'home': {
      const slash = v.lastIndexOf('/');
      if (!/^\/(?:home|Users|export\/home)\//.test(v) || !personLogin(v.slice(slash + 1))) return false;
      value.add(scan, slash + 1, v.length, 'name');
      return true;
    }
    case 'postal':
      postalLines(scan, value);
      return true;
  }
}

/** Masks `[s, t)` of the value when it fits `kind`; a work landline is fitted and left. */
function fit(scan: Scan, value: Unfolded, s: number, t: number, kind: Kind): boolean {
  const detector = valueFits(KEYS[kind], value.text.slice(s, t), true);
  if (detector === undefined || !scan.on(detectorBit(detector))) return false;
  if (kind !== 'workPhone' || mobile(value.text.slice(s, t))) value.add(scan, s, t, detector);
  return true;
}

const KEYS: Readonly<Record<Kind, KeyClass>> = {
  name: NAME_KEY,
  login: NAME_KEY,
  home: NAME_KEY,
  phone: PHONE_KEY,
  workPhone: PHONE_KEY,
  postal: ADDRESS_KEY,
  cep: CEP_KEY,
};

/** A town's line (`Palmas - TO`, `Tocantínia/TO`) or a country's: a place, no one's address. */
const TOWN_LINE = /(?:\s-\s*|\/|,\s*|\s)[A-Z]{2}\s*$|^(?:Brasil|Brazil|BR)$/;
const CEP_LINE = /^(?:CEP:?\s*)?\d{5}-?\d{3}$|^\d{2}\.\d{3}-\d{3}$/;

/**
 * `Rua X, 12$Centro$Palmas - TO$77000-000`: the lines before the town's are the street and its
 * district (the address); the town and the country are places; a CEP line is a CEP.
 */
function postalLines(scan: Scan, value: Unfolded): void {
  const v = value.text;
  let town = false;
  for (let s = 0; s <= v.length;) {
    let t = v.indexOf('$', s);
    if (t < 0) t = v.length;
    const line = v.slice(s, t).trim();
    const at = s + v.slice(s, t).indexOf(line);
    if (line.length > 0) {
      if (CEP_LINE.test(line)) fit(scan, value, at, at + line.length, 'cep');
      else if (TOWN_LINE.test(line)) town = true;
      else if (!town) fit(scan, value, at, at + line.length, 'postal');
    }
    s = t + 1;
  }
}

/** The decoded value's detector when it is the attribute's data. */
function decodedFits(kind: Kind | undefined, decoded: string): 'name' | 'address' | 'phone' | 'cep' | undefined {
  switch (kind) {
    case 'name':
      return valueFits(NAME_KEY, decoded, true) === 'name' ? 'name' : undefined;
    case 'login':
      return personLogin(decoded) ? 'name' : undefined;
    case 'postal':
      return valueFits(ADDRESS_KEY, decoded.split('$')[0] ?? '', true) === 'address' ? 'address' : undefined;
    case 'phone':
      return valueFits(PHONE_KEY, decoded, true) === 'phone' ? 'phone' : undefined;
    case 'workPhone':
      return valueFits(PHONE_KEY, decoded, true) === 'phone' && mobile(decoded) ? 'phone' : undefined;
    case 'cep':
      return valueFits(CEP_KEY, decoded, true) === 'cep' ? 'cep' : undefined;
    default:
      return undefined;
  }
}

/** Whether a uid is a person's login: spelled from a name, or name parts joined by dots, and no service's. */
export function personLogin(value: string): boolean {
  if (value.length < 4 || value.length > 40 || SERVICE_PARTS.test(value)) return false;
  return DOTTED_LOGIN.test(value) || nameHandle(value);
}

/**
 * The person values of a DN's RDNs (`uid=maria.souza,ou=people,…`, `cn=Maria Souza,…`), as
 * `[start, end)` within `dn`; a service's (`cn=svc-moodle`) or an organisation's are none.
 */
export function dnPersons(dn: string): Array<readonly [number, number]> {
  const found: Array<readonly [number, number]> = [];
  let s = 0;
  while (s < dn.length) {
    let t = s;
    while (t < dn.length && dn.charCodeAt(t) !== 0x2c && dn.charCodeAt(t) !== 0x2b) t += dn.charCodeAt(t) === 0x5c ? 2 : 1;
    const eq = dn.indexOf('=', s);
    if (eq > s && eq < t) {
      const kind = kindOf(dn.slice(s, eq).trim());
      const vs = eq + 1;
      const raw = dn.slice(vs, Math.min(t, dn.length));
      if (assertionFits(kind, raw)) found.push([vs, vs + raw.length]);
    }
    s = t + 1;
  }
  return found;
}

/** Whether `value` under an attribute of `kind` in an RDN or a filter is a person's. */
function assertionFits(kind: Kind | undefined, value: string): boolean {
  if (kind === 'login') return personLogin(value);
  return kind === 'name' && valueFits(NAME_KEY, value, true) === 'name';
}

/**
 * An LDAP filter's or DN's assertion in text: `(uid=maria.souza)`, `(cn=Maria Souza)`,
 * `"uid=maria.souza,ou=people,…"`, the key at `[i, ke)` and `=` at `ke`. Masks the value when it
 * is a person's and returns the index after it, or -1.
 */
export function ldapAssertion(scan: Scan, i: number, ke: number): number {
  const before = i > 0 ? scan.text.charCodeAt(i - 1) : -1;
  if (before !== 0x28 && before !== 0x2c && before !== 0x22 && before !== 0x27) return -1;
  const kind = kindOf(scan.text.slice(i, ke));
  if (kind !== 'name' && kind !== 'login') return -1;
  const vs = ke + 1;
  let ve = vs;
  for (;;) {
    const c = scan.at(ve);
    if (c < 0 || c === 0x0a || ve - vs > 80) return -1;
    if (c === 0x29 || c === 0x2c || c === 0x2b || c === 0x22 || c === 0x27) break;
    ve++;
  }
  // The assertion's own closing: `)` in a filter, `,` between RDNs, a quote around a DN.
  if (ve === vs || !assertionFits(kind, scan.text.slice(vs, ve))) return -1;
  scan.add(vs, ve, 'name');
  return ve;
}

/** ldapsearch's `# maria.souza, people, example.br` before a `dn:` line: the entry's RDN value. */
function entryComment(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  if (text.charCodeAt(p + 1) !== 0x20) return -1;
  // The next line is the entry's DN (read through `at`, so a stream waits for it).
  if (scan.at(e + 1) !== 0x64 || scan.at(e + 2) !== 0x6e || scan.at(e + 3) !== 0x3a) return -1;
  const comma = text.indexOf(',', p);
  if (comma < 0 || comma > e) return -1;
  const s = p + 2;
  const rdn = text.slice(s, comma);
  if (!(personLogin(rdn) || valueFits(NAME_KEY, rdn, true) === 'name') || !scan.on(detectorBit('name'))) return -1;
  scan.add(s, comma, 'name');
  return e;
}

/** A value that LDIF may fold over several lines: its text unfolded, and where each character stands. */
interface Unfolded {
  readonly text: string;
  /** The end of the logical line (the last folded line's end, before its line break). */
  readonly end: number;
  /** Adds `[s, t)` of the unfolded value as `detector`. */
  add(scan: Scan, s: number, t: number, detector: DetectorId): void;
}

/** The value from `vs` to the end of the line `e`, with the lines that continue it (one leading space). */
function unfold(scan: Scan, vs: number, e: number): Unfolded {
  const text = scan.text;
  let value = text.slice(vs, lineEnd(text, vs, e));
  const starts = [vs];
  const offsets = [0];
  let end = e;
  // Read through `at`: a stream waits to see whether the next line continues this one.
  while (scan.at(end) === 0x0a && scan.at(end + 1) === 0x20) {
    const next = text.indexOf('\n', end + 1);
    if (next < 0 && !scan.final) {
      scan.at(scan.n);
      break;
    }
    const stop = next < 0 ? scan.n : next;
    starts.push(end + 2);
    offsets.push(value.length);
    value += text.slice(end + 2, lineEnd(text, end + 2, stop));
    end = stop;
  }
  const position = (k: number): number => {
    let piece = offsets.length - 1;
    while (piece > 0 && (offsets[piece] ?? 0) > k) piece--;
    return (starts[piece] ?? vs) + k - (offsets[piece] ?? 0);
  };
  return {
    text: value,
    end: lineEnd(text, vs, end),
    add(target, s, t, detector) {
      if (t <= s || looksMasked(value.slice(s, t))) return;
      target.add(position(s), position(t - 1) + 1, detector);
    },
  };
}

/** `e` without a carriage return before it. */
function lineEnd(text: string, s: number, e: number): number {
  return e > s && text.charCodeAt(e - 1) === 0x0d ? e - 1 : e;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Whether a value (its folding's spaces aside) is written in base64 at all. */
function base64Shaped(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  return compact.length % 4 === 0 && BASE64.test(compact);
}

/** The UTF-8 text a base64 value holds, or undefined when it is no text (a photo, a key). */
function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!base64Shaped(compact)) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return decoded.includes('\uFFFD') || /[\u0000-\u0008\u000e-\u001f]/.test(decoded) ? undefined : decoded;
}
