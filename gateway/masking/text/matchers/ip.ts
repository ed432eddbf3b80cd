/** IP addresses: IPv6 in every written form, and the IPv4 check the numbers matcher uses. */
import { DIGIT, WORD } from '../chars.js';
import { detectorBit } from '../../detectors/registry.js';
import type { Scan } from '../scanner.js';
import { keyBefore } from '../scanHelpers.js';
import { serverKey } from '../keys.js';
import { LOOK_BEHIND } from '../behind.js';
import { namePart } from '../handles.js';

const IP = detectorBit('ip');

/** The end of an IPv6 address at `i` (compressed, or with an embedded IPv4 tail), or undefined. */
export function ipv6(scan: Scan, i: number): number | undefined {
  if (!scan.on(IP)) return undefined;
  let p = i;
  let groups = 0;
  let colons = 0;
  let double = false;
  let digit = false;
  let groupLen = 0;
  let groupStart = i;
  for (;;) {
    const c = scan.at(p);
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
    if (hex) {
      if (groupLen === 0) {
        groups++;
        groupStart = p;
      }
      groupLen++;
      if (c <= 0x39) digit = true;
      // A ninth group after eight whole ones is a port (`…:fe33:a1c7:51234`, HAProxy's client): up to five digits.
      if (groupLen > (groups === 9 && !double ? 5 : 4)) return undefined;
      p++;
      continue;
    }
    if (c === 0x3a) {
      if (scan.at(p + 1) === 0x3a) {
        if (double) return undefined;
        double = true;
        colons += 2;
        p += 2;
      } else {
        colons++;
        p++;
      }
      groupLen = 0;
      continue;
    }
    break;
  }
  // An embedded IPv4 tail (::ffff:10.0.0.1) is consumed as part of the address; a full stop
  // that ends the sentence (`IP 2001:db8::1.`) is not one.
  if (scan.at(p) === 0x2e && groupLen > 0 && scan.cls(p + 1) & DIGIT) {
    let q = p;
    while (scan.cls(q) & DIGIT || (scan.at(q) === 0x2e && scan.cls(q + 1) & DIGIT)) q++;
    const v4 = scan.text.slice(p - groupLen, q);
    if (!validIpv4(v4)) return undefined;
    p = q;
    groups++;
  }
  if (scan.cls(p) & WORD) return undefined;
  let e = p;
  if (groups === 9 && !double) {
    if (!/^\d{1,5}$/.test(scan.text.slice(groupStart, p)) || Number(scan.text.slice(groupStart, p)) > 65535) return undefined;
    e = groupStart - 1;
    groups = 8;
  }
  if (scan.text.charCodeAt(e - 1) === 0x3a && !scan.text.slice(i, e).endsWith('::')) e--;
  const value = scan.text.slice(i, e);
  if (!digit || groups < 2 || groups > 8 || (!double && groups !== 8) || colons < 2) return undefined;
  if (/^::1?$/.test(value) || /^(?:0{1,4}:){7}0{0,3}1$/.test(value)) return e;
  if (!serverAt(scan, i, e)) scan.add(i, e, 'ip');
  return e;
}

export function validIpv4(value: string): boolean {
  // Dotted decimal (the common case) is parsed in place; anything else (a hex group before an
  // embedded IPv4 tail) takes the general path, where Number() decides.
  const octets = IPV4_OCTETS;
  let part = 0;
  let value0 = 0;
  let length = 0;
  let leadingZero = false;
  for (let k = 0; k <= value.length; k++) {
    const c = k < value.length ? value.charCodeAt(k) : 0x2e;
    if (c >= 0x30 && c <= 0x39) {
      if (length === 0 && c === 0x30) leadingZero = true;
      value0 = value0 * 10 + c - 0x30;
      length++;
      continue;
    }
    if (c !== 0x2e || length === 0 || part >= 4) return validIpv4General(value);
    if (length > 1 && leadingZero) return false;
    octets[part++] = length > 3 ? 256 : value0;
    value0 = 0;
    length = 0;
    leadingZero = false;
  }
  if (part !== 4) return validIpv4General(value);
  return publicIpv4(octets[0] ?? 0, octets[1] ?? 0, octets[2] ?? 0, octets[3] ?? 0);
}

const IPV4_OCTETS = new Int32Array(4);

function validIpv4General(value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 4) return false;
  const octets = parts.map(Number);
  if (parts.some((part) => part.length > 1 && part.startsWith('0'))) return false;
  if (octets.some((o) => !(o >= 0 && o <= 255))) return false;
  return publicIpv4(octets[0] ?? 0, octets[1] ?? 0, octets[2] ?? 0, octets[3] ?? 0);
}

/** Octets 0-255 of an address that may single someone out. */
function publicIpv4(a: number, b: number, c: number, d: number): boolean {
  if (a > 255 || b > 255 || c > 255 || d > 255) return false;
  // Unspecified, loopback, netmasks and broadcast identify no one.
  if (a === 0 || a === 127 || a === 255 || (a >= 224 && a <= 239)) return false;
  const edge = (o: number): boolean => o === 0 || o === 255;
  if ((edge(a) && edge(b) && edge(c) && edge(d)) || (b === 255 && c === 255)) return false;
  return true;
}

/**
 * A URL's host (`jdbc:postgresql://10.31.4.20`, `redis://user@10.0.0.2`) or a server named just
 * before (`no host`, `réplica de leitura:`, `do DW (`, `gw`, `relay=`, `--dest`, `pod IP`).
 */
const SERVER_BEFORE = new RegExp(
  [
    '(?::\\/\\/(?:[^\\s/@]*@)?',
    '|\\b(?:host|hostname|servidor|server|r[ée]plica(?: de leitura)?|banco de dados|database|db|dw|proxy|gateway|gw|upstream|roteador|router',
    '|dns|nameserver|resolver|relay|smtp|mx|ntp|ldap|bng|bras|firewall|vpn|balanceador|dest|destination|destino|(?:pod|node|container|vm|inst[aâ]ncia|instance) ip)\\s*[:=]?\\s*\\(?)$',
  ].join(''),
  'i',
);

/**
 * A host's name, then its address: `host erp02 10.1.2.3`, or a domain name and the address in
 * parentheses (`db.intranet.local (10.0.8.3)`, as `ping` prints it).
 */
const HOST_NAME_BEFORE =
  /(?:\bhost(?:name)? ([\w.-]{1,40}) \(?|(?:^|[\s(=])((?:[a-z0-9-]+\.)+(?:local|internal|intranet|lan|corp|svc|[a-z0-9-]+\.[a-z]{2,}))\s*\()$/;

/** Whether a host named just before is a server's: a name with no one's first name or surname in it (`notebook-joana` is someone's). */
function namedHostBefore(near: string): boolean {
  const m = HOST_NAME_BEFORE.exec(near);
  const name = m?.[1] ?? m?.[2];
  return name !== undefined && !name.split(/[._-]+/).some((part) => namePart(part.toLowerCase().replace(/\d+$/, '')));
}

/** A key/value pair's value after its key's name (`{ "key": "dbHost", "value": `, Kubernetes' `name: DB_HOST, value:`). */
const PAIR_VALUE = /\b["']?(?:key|name)["']?\s*:\s*["']?([\w.-]{1,40})["']?\s*,?\s*["']?value["']?\s*:\s*["']?$/;
/** A proxy's address: any but the first of an `X-Forwarded-For` list (the first is the client's), as a header or a CGI variable. */
const FORWARDED_PROXY = /X[-_]Forwarded[-_]For['"]?\s*[:=][^\n]*,\s*$/i;
/** A copy's or a shell's destination (`rsync … backup@10.0.0.9:/srv`, `scp f root@10.0.0.9:~`): a machine's login (or its mask) and a path after it. */
const LOGIN_BEFORE = /[\w.*\]-]@$/;
/** Ports below the ranges systems give clients' connections (32768 and up): a service listens there. */
const SERVICE_PORTS = 32768;

/**
 * Whether the address at `[i, e)` is one of the system's own machines: under a key naming one
 * (`"host": "10.0.12.7"`, `upstream=`, a key/value pair's `dbHost`), a URL's host, after a word
 * naming a server, a proxy in `X-Forwarded-For`, or with a service's port (`10.8.3.21:9092`).
 */
export function serverAt(scan: Scan, i: number, e: number): boolean {
  const key = keyBefore(scan.text, i);
  if (key !== undefined && serverKey(key)) return true;
  const before = scan.text.slice(Math.max(0, i - LOOK_BEHIND), i);
  const near = before.slice(-40);
  if (SERVER_BEFORE.test(near.slice(-24)) || FORWARDED_PROXY.test(before) || namedHostBefore(near)) return true;
  if (LOGIN_BEFORE.test(near) && scan.at(e) === 0x3a && (scan.at(e + 1) === 0x2f || scan.at(e + 1) === 0x7e)) return true;
  const pair = PAIR_VALUE.exec(before);
  if (pair !== null && serverKey(pair[1] ?? '')) return true;
  return servicePort(scan, e);
}

/** Whether `:port` follows `e`, a port below SERVICE_PORTS ending its token (`:5432/db`, `:9092 -t`). */
function servicePort(scan: Scan, e: number): boolean {
  if (scan.at(e) !== 0x3a) return false;
  let p = e + 1;
  let port = 0;
  while (scan.cls(p) & DIGIT && p - e <= 5) port = port * 10 + scan.at(p++) - 0x30;
  if (p === e + 1 || p - e > 6) return false;
  const next = scan.at(p);
  return port < SERVICE_PORTS && next !== 0x3a && next !== 0x2e && !(scan.cls(p) & WORD);
}
