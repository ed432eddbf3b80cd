/**
 * HL7 v2 segments (MSH, PID, NK1, PV1, ORC, OBR, OBX…), read by position: each personal field
 * (names, identifiers, birth date, address, phones) masked component by component as its kind,
 * codes and timestamps left, free text scanned as a table cell is.
 */
import type { DetectorId } from '../../../config.js';
import { detectorBit } from '../../../detectors/registry.js';
import { mostlyDigits } from '../../../detectors/common.js';
import { digitsOf } from '../../chars.js';
import { valueFits } from '../../fit.js';
import { nameHandle } from '../../handles.js';
import type { KeyClass } from '../../keys.js';
import { SPACE_CHAR, isUf } from '../../scanHelpers.js';
import type { Scan } from '../../scanner.js';
import { validCnh, validCnpj, validCns, validCpf } from '../../validate.js';
import {
  ADDRESS_KEY,
  CEP_KEY,
  NAME_KEY,
  PHONE_KEY,
  alphanumeric,
  fitted,
  isDigitCode,
  scanField,
  splitAt,
  trim,
  type Span,
} from './fields.js';

/**
 * Segments read as HL7. Z-segments and generic three-letter words (ERR, ORG, LOC, VAR…) are left
 * out: a pipe-delimited table may start with such a column, and read as text they lose nothing.
 */
const SEGMENT_IDS = new Set(
  `MSH BHS FHS BTS FTS EVN PID PD1 PV1 PV2 NK1 NTE OBR OBX ORC AL1 IAM DG1 DRG PR1 GT1 IN1 IN2 IN3 UB1 UB2 MRG MSA QRD QRF
  QAK QPD RCP DSC SFT SPM TQ1 TQ2 RXA RXR RXO RXE RXD RXG RXC TXA FT1 ROL SCH AIS AIG AIL AIP RGS ARQ CTD CTI PRD PRT DB1 PDA
  NPU PRA STF MFI MFE CSR CSP PSH PCR PES PEO PTH ODS ODT RQD RQ1 GOL PRB OM1 OM2 OM3 OM4 INV TCD TCC SAC EQU ECD ECR`
    .split(/\s+/)
    .filter(Boolean),
);
/** Every prefix of a segment id (`P`, `PI`, `PID`): a stream waits while a line may still start one. */
export const SEGMENT_PREFIXES = new Set([...SEGMENT_IDS].flatMap((id) => [id.slice(0, 1), id.slice(0, 2), id]));
/** Segments that declare the separators: the character after the id is the field separator, and field 2 the rest. */
const HEADER_SEGMENTS = new Set(['MSH', 'BHS', 'FHS']);

const PIPE = 0x7c;

interface Encoding {
  readonly field: number;
  readonly component: number;
  readonly repetition: number;
  readonly subcomponent: number;
}

const DEFAULT_ENCODING: Encoding = { field: PIPE, component: 0x5e, repetition: 0x7e, subcomponent: 0x26 };

/** The field separator a segment `id` followed by `c` declares or uses, or -1 when `c` is none. */
export function fieldSeparatorOf(id: string, c: number): number {
  if (!HEADER_SEGMENTS.has(id)) return c === PIPE ? c : -1;
  return c > SPACE_CHAR && c < 0x7f && !alphanumeric(c) ? c : -1;
}

/** How each personal field is read; every other field is scanned as text. */
type FieldKind = 'cx' | 'xpn' | 'xcn' | 'xad' | 'xtn' | 'birth' | 'cpf' | 'dln';

/** By segment, the personal fields (HL7 numbering: MSH-1 is the field separator itself). */
const FIELDS: ReadonlyMap<string, ReadonlyMap<number, FieldKind>> = new Map<string, ReadonlyMap<number, FieldKind>>([
  [
    'PID',
    new Map<number, FieldKind>([
      [2, 'cx'],
      [3, 'cx'],
      [4, 'cx'],
      [5, 'xpn'],
      [6, 'xpn'],
      [7, 'birth'],
      [9, 'xpn'],
      [11, 'xad'],
      [13, 'xtn'],
      [14, 'xtn'],
      [19, 'cpf'],
      [20, 'dln'],
    ]),
  ],
  [
    'NK1',
    new Map<number, FieldKind>([
      [2, 'xpn'],
      [4, 'xad'],
      [5, 'xtn'],
      [6, 'xtn'],
      [16, 'birth'],
      [30, 'xpn'],
      [31, 'xtn'],
      [32, 'xad'],
      [33, 'cx'],
      [37, 'cpf'],
    ]),
  ],
  [
    'PV1',
    new Map<number, FieldKind>([
      [7, 'xcn'],
      [8, 'xcn'],
      [9, 'xcn'],
      [17, 'xcn'],
      [52, 'xcn'],
    ]),
  ],
  [
    'ORC',
    new Map<number, FieldKind>([
      [10, 'xcn'],
      [11, 'xcn'],
      [12, 'xcn'],
      [19, 'xcn'],
    ]),
  ],
  [
    'OBR',
    new Map<number, FieldKind>([
      [10, 'xcn'],
      [16, 'xcn'],
      [28, 'xcn'],
    ]),
  ],
  ['OBX', new Map<number, FieldKind>([[16, 'xcn']])],
  ['EVN', new Map<number, FieldKind>([[5, 'xcn']])],
  ['PD1', new Map<number, FieldKind>([[4, 'xcn']])],
  ['RXA', new Map<number, FieldKind>([[10, 'xcn']])],
  [
    'GT1',
    new Map<number, FieldKind>([
      [3, 'xpn'],
      [5, 'xad'],
      [6, 'xtn'],
      [7, 'xtn'],
      [8, 'birth'],
      [12, 'cpf'],
    ]),
  ],
  [
    'IN1',
    new Map<number, FieldKind>([
      [16, 'xpn'],
      [18, 'birth'],
      [19, 'xad'],
      [49, 'cx'],
    ]),
  ],
  [
    'MRG',
    new Map<number, FieldKind>([
      [1, 'cx'],
      [7, 'xpn'],
    ]),
  ],
]);

/** A line of one or more segments (HL7 ends a segment with CR; a file may hold it in one line). */
export function hl7Line(scan: Scan, p: number, e: number): number {
  const text = scan.text;
  let encoding = DEFAULT_ENCODING;
  for (let s = p; s < e;) {
    let t = text.indexOf('\r', s);
    if (t < 0 || t > e) t = e;
    const own = segmentAt(text, s, t, encoding);
    if (own !== undefined) {
      // A header segment's separators hold for the segments after it on this line.
      encoding = own;
      segment(scan, s, t, own);
    } else if (s === p) return -1;
    else {
      const [a, b] = trim(text, s, t);
      if (a < b) scan.scanRange(a, b);
    }
    s = t + 1;
  }
  return e;
}

/**
 * The encoding of the segment at `[s, t)` when it is one: a header segment declares its own,
 * another must use the field separator in force (and hold a digit or an encoding character,
 * which a pipe-delimited table's header line does not).
 */
function segmentAt(text: string, s: number, t: number, current: Encoding): Encoding | undefined {
  if (t - s < 4) return undefined;
  const id = text.slice(s, s + 3);
  if (!SEGMENT_IDS.has(id)) return undefined;
  const c = text.charCodeAt(s + 3);
  if (HEADER_SEGMENTS.has(id)) {
    if (fieldSeparatorOf(id, c) < 0) return undefined;
    // Field 2: the component, repetition, escape and subcomponent characters (and v2.7's truncation one).
    let q = s + 4;
    while (q < t && text.charCodeAt(q) !== c) {
      const k = text.charCodeAt(q);
      if (alphanumeric(k) || k <= SPACE_CHAR || q - s - 4 >= 5) return undefined;
      q++;
    }
    if (q === s + 4) return undefined;
    const at = (k: number, fallback: number): number => (s + 4 + k < q ? text.charCodeAt(s + 4 + k) : fallback);
    return {
      field: c,
      component: at(0, DEFAULT_ENCODING.component),
      repetition: at(1, DEFAULT_ENCODING.repetition),
      subcomponent: at(3, DEFAULT_ENCODING.subcomponent),
    };
  }
  if (c !== current.field) return undefined;
  for (let q = s + 4; q < t; q++) {
    const k = text.charCodeAt(q);
    if ((k >= 0x30 && k <= 0x39) || k === current.component || k === current.repetition) return current;
  }
  return undefined;
}

/** Reads the segment at `[s, t)` field by field. */
function segment(scan: Scan, s: number, t: number, encoding: Encoding): void {
  const text = scan.text;
  const id = text.slice(s, s + 3);
  const kinds = FIELDS.get(id);
  const header = HEADER_SEGMENTS.has(id);
  let a = s + 4;
  let n = 1;
  if (header) {
    // MSH-1 is the separator at s + 3, MSH-2 the encoding characters: neither is data.
    while (a < t && text.charCodeAt(a) !== encoding.field) a++;
    a++;
    n = 3;
  }
  while (a <= t) {
    let b = a;
    while (b < t && text.charCodeAt(b) !== encoding.field) b++;
    if (b > a) field(scan, a, b, kinds?.get(n), encoding);
    a = b + 1;
    n++;
  }
}

/** One field, repetition by repetition. */
function field(scan: Scan, a: number, b: number, kind: FieldKind | undefined, encoding: Encoding): void {
  for (const [r, rEnd] of splitAt(scan.text, a, b, encoding.repetition)) {
    if (r === rEnd) continue;
    const parts = splitAt(scan.text, r, rEnd, encoding.component);
    switch (kind) {
      case undefined:
        for (const [x, y] of parts) textLeaves(scan, x, y, encoding);
        break;
      case 'xpn':
        personName(scan, parts, 0, encoding);
        break;
      case 'xcn':
        // The id (a council number such as CRM 12345) stays; the name follows it. An id that is
        // a login spelled from a name (`bmsantos`, OBX-16's observer) names its owner.
        if (parts[0]) {
          const [x, y] = trim(scan.text, parts[0][0], parts[0][1]);
          if (nameHandle(scan.text.slice(x, y))) scan.add(x, y, 'name');
        }
        personName(scan, parts, 1, encoding);
        break;
      case 'xad':
        address(scan, parts, encoding);
        break;
      case 'xtn':
        telecom(scan, parts, encoding);
        break;
      case 'cx':
        identifier(scan, parts, encoding);
        break;
      case 'birth':
        birth(scan, parts[0]);
        break;
      case 'cpf':
        document(scan, parts[0], 'cpf');
        break;
      case 'dln':
        document(scan, parts[0], 'cnh');
        break;
    }
  }
}

/** A component that is not personal by position: its subcomponents scanned as text, a timestamp left. */
function textLeaves(scan: Scan, x: number, y: number, encoding: Encoding): void {
  for (const [u, v] of splitAt(scan.text, x, y, encoding.subcomponent)) {
    const [s, t] = trim(scan.text, u, v);
    if (s < t && !timestamp(scan.text, s, t)) scanField(scan, x, s, t);
  }
}

/** An HL7 date/time (`YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]`): collection and message times are no one's. */
function timestamp(text: string, s: number, t: number): boolean {
  const m = TIMESTAMP.exec(text.slice(s, t));
  if (!m) return false;
  const month = Number(m[1] ?? '01');
  const day = Number(m[2] ?? '01');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Year, then month, day, hour, minute, second (each optional after the one before), a fraction and a zone. */
const TIMESTAMP = /^(?:19|20)\d\d(?:(\d\d)(?:(\d\d)(?:\d\d(?:\d\d(?:\d\d(?:\.\d{1,4})?)?)?)?)?)?(?:[+-]\d{4})?$/;

const EMAIL_KEY: KeyClass = { detector: 'email', generic: false };
const CNS_KEY: KeyClass = { detector: 'cns', generic: false };
const RG_KEY: KeyClass = { detector: 'rg', generic: false };
const BIRTH_KEY: KeyClass = { detector: 'birth_date', generic: false };

/** Records `[x, y)` (trimmed) as `detector`. */
function record(scan: Scan, x: number, y: number, detector: DetectorId): void {
  const [s, t] = trim(scan.text, x, y);
  scan.add(s, t, detector);
}

/**
 * XPN (family^given^middle^suffix^prefix…) from component `from`, XCN (id^family^given^middle…)
 * from 1: family, given and middle names are masked, each on its own (a family name may hold
 * subcomponents); suffix, prefix (DR, DRA), degree and the name type code stay.
 */
function personName(scan: Scan, parts: readonly Span[], from: number, encoding: Encoding): void {
  for (let k = from; k < from + 3 && k < parts.length; k++) {
    const [x, y] = parts[k]!;
    for (const [u, v] of splitAt(scan.text, x, y, encoding.subcomponent)) fitted(scan, u, v, NAME_KEY);
  }
}

/**
 * XAD: street^other designation^city^state^zip^country^type… Street and other designation are
 * the address, the zip its CEP; city, state, country and type are places and codes. Brazilian
 * senders often give the number and the complement components of their own
 * (`AV X^2330^AP 604^PORTO ALEGRE^RS^91310003^BRA^H`): a state code further right than the 4th
 * component says so, and everything before the city is then the address.
 */
function address(scan: Scan, parts: readonly Span[], encoding: Encoding): void {
  const text = scan.text;
  let state = 3;
  for (let k = 3; k < Math.min(parts.length, 7); k++) {
    const [s, t] = trim(text, parts[k]![0], parts[k]![1]);
    if (t - s === 2 && isUf(text.charCodeAt(s), text.charCodeAt(s + 1))) {
      state = k;
      break;
    }
  }
  // The zip follows the state, or the state written out in full (`RIO GRANDE DO SUL^91310003`).
  const cepAt = (k: number): boolean => {
    const part = parts[k];
    return part !== undefined && CEP_SHAPE.test(text.slice(...trim(text, part[0], part[1])));
  };
  const zip = !cepAt(state + 1) && cepAt(state + 2) ? state + 2 : state + 1;
  for (let k = 0; k < parts.length; k++) {
    const [x, y] = parts[k]!;
    if (k < state - 1) {
      for (const [u, v] of splitAt(text, x, y, encoding.subcomponent)) fitted(scan, u, v, ADDRESS_KEY);
    } else if (k === zip) fitted(scan, x, y, CEP_KEY);
    // Past country and type: county, census tract, dates, codes.
    else if (k > zip + 2) textLeaves(scan, x, y, encoding);
  }
}

const CEP_SHAPE = /^(?:\d{5}-?\d{3}|\d{2}\.\d{3}-\d{3})$/;

/**
 * XTN: the number (1st component, written), use and equipment codes, e-mail (4th), country code,
 * area code (6th) and local number (7th), extension, any text (9th), unformatted number (12th).
 */
function telecom(scan: Scan, parts: readonly Span[], encoding: Encoding): void {
  const text = scan.text;
  parts.forEach(([x, y], k) => {
    if (k === 0) {
      const [s, t] = trim(text, x, y);
      if (text.slice(s, t).includes('@')) fitted(scan, s, t, EMAIL_KEY);
      else if (!fitted(scan, s, t, PHONE_KEY)) textLeaves(scan, s, t, encoding);
    } else if (k === 3) fitted(scan, x, y, EMAIL_KEY);
    else if (k === 5) {
      // An area code alone is no phone's shape: its two or three digits are taken as written.
      const [s, t] = trim(text, x, y);
      if (/^\(?\d{2,3}\)?$/.test(text.slice(s, t))) record(scan, s, t, 'phone');
    } else if (k === 6 || k === 11) fitted(scan, x, y, PHONE_KEY);
    else if (k === 8) textLeaves(scan, x, y, encoding);
  });
}

/** Identifier type codes and assigning authorities, by what they identify. */
const CPF_CODES = new Set(['CPF', 'TAX', 'RFB', 'SS', 'SSN']);
const CNS_CODES = new Set(['CNS', 'HC', 'SUS', 'NH', 'JHN']);
const ID_CODES = new Set(['RG', 'NI', 'NN', 'NNBRA', 'DL', 'CNH', 'SSP']);
/** Record, visit, account and internal numbers: the institution's, not the person's. */
const LEAVE_CODES = new Set(['MR', 'MRN', 'PI', 'PT', 'PN', 'VN', 'AN', 'FI', 'EN', 'PRN', 'PE']);

/**
 * CX (id^check digit^scheme^assigning authority^type code…): the id is masked by what the type
 * code (or else the assigning authority) says it is; a medical record number stays. An id whose
 * code names nothing known is scanned as text (a formatted CPF still reads as one).
 */
function identifier(scan: Scan, parts: readonly Span[], encoding: Encoding): void {
  const text = scan.text;
  const [x, y] = parts[0]!;
  const code = (k: number): string[] => {
    const part = parts[k];
    if (part === undefined) return [];
    return splitAt(text, part[0], part[1], encoding.subcomponent).map(([u, v]) => text.slice(u, v).trim().toUpperCase());
  };
  const codes = [...code(4), ...code(3)];
  const known = codes.find((c) => CPF_CODES.has(c) || CNS_CODES.has(c) || ID_CODES.has(c) || LEAVE_CODES.has(c));
  if (known === undefined) textLeaves(scan, x, y, encoding);
  else if (CPF_CODES.has(known)) document(scan, parts[0], 'cpf');
  else if (CNS_CODES.has(known)) {
    if (!fitted(scan, x, y, CNS_KEY)) textLeaves(scan, x, y, encoding);
  } else if (ID_CODES.has(known)) document(scan, parts[0], known === 'DL' || known === 'CNH' ? 'cnh' : 'rg');
}

/**
 * A document number under a field or code that names it: a CPF when its check digits hold (a
 * national id may be one), a CNS likewise, a CNH for a driver's licence, an RG when the field
 * names one and the value is written like one; anything else is scanned as text.
 */
function document(scan: Scan, span: Span | undefined, as: 'cpf' | 'cnh' | 'rg'): void {
  if (span === undefined) return;
  const text = scan.text;
  const [s, t] = trim(text, span[0], span[1]);
  if (s === t) return;
  const value = text.slice(s, t);
  const digits = digitsOf(value);
  const numeric = mostlyDigits(value, 4);
  let detector: DetectorId | undefined;
  if (numeric && validCpf(digits)) detector = 'cpf';
  else if (numeric && as === 'cpf' && validCnpj(digits)) detector = 'cnpj';
  else if (numeric && as !== 'cpf' && validCns(digits)) detector = 'cns';
  else if (numeric && as === 'cnh' && validCnh(digits)) detector = 'cnh';
  else if (as !== 'cpf') detector = valueFits(RG_KEY, value, true);
  if (detector !== undefined && scan.on(detectorBit(detector))) scan.add(s, t, detector);
  else scan.scanRange(s, t);
}

/**
 * A birth date: of an HL7 time stamp (`YYYYMMDD[HHMM[SS]]`) the date's digits are masked, a time
 * of day after them stays; a date written otherwise (`17/08/1991`) is masked whole.
 */
function birth(scan: Scan, span: Span | undefined): void {
  if (span === undefined) return;
  const text = scan.text;
  const [s, t] = trim(text, span[0], span[1]);
  if (s === t) return;
  if (timestamp(text, s, t)) scan.add(s, Math.min(s + 8, digitRunEnd(text, s, t)), 'birth_date');
  else if (!fitted(scan, s, t, BIRTH_KEY)) scan.scanRange(s, t);
}

function digitRunEnd(text: string, s: number, t: number): number {
  let q = s;
  while (q < t && isDigitCode(text.charCodeAt(q))) q++;
  return q;
}
