/** E-mail addresses: a local part with `.+-%`, an `@`, and a domain of labels ending in a letter TLD. */
import { CLASS, DIGIT, WORD } from '../chars.js';
import { AT } from '../scanHelpers.js';
import type { Scan } from '../scanner.js';
import { lineStartWithin, machineMailbox, roleMailbox } from './orgContact.js';

/** The end of the e-mail address whose local part starts at `i` (its first run ends at `runEnd`), or -1. */
export function email(scan: Scan, i: number, runEnd: number): number {
  let p = runEnd;
  for (;;) {
    const c = scan.at(p);
    if (c < 0) return -1;
    const k = CLASS[c] ?? 0;
    if (k & WORD || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x25) p++;
    else break;
    if (p - i > 64) break;
  }
  if (scan.at(p) !== AT) {
    scan.noEmailUntil = p;
    return -1;
  }
  if (scan.text.charCodeAt(p - 1) === 0x2e) return -1;
  // Domain: labels of letters, digits and dashes, at least one dot, a TLD of letters.
  let q = p + 1;
  let lastDot = -1;
  let labelStart = q;
  for (;;) {
    const c = scan.at(q);
    const k = c < 0 ? 0 : (CLASS[c] ?? 0);
    if ((k & WORD && c !== 0x5f) || c === 0x2d) {
      q++;
      continue;
    }
    if (c === 0x2e && q > labelStart && scan.cls(q + 1) & WORD) {
      lastDot = q;
      q++;
      labelStart = q;
      continue;
    }
    break;
  }
  if (lastDot < 0 || q - lastDot - 1 < 2) return -1;
  for (let t = lastDot + 1; t < q; t++) if (CLASS[scan.text.charCodeAt(t)]! & DIGIT) return -1;
  if (objectPath(scan.text, p + 1, lastDot, q)) return q;
  if (!roleMailbox(scan, i, q) && !identifierHeader(scan, i) && !machineMailbox(scan.text.slice(i, q))) scan.add(i, q, 'email');
  return q;
}

/** Headers whose value is an identifier written like an address (`Message-ID: <CAF1x9@mail.gmail.com>`, iCalendar's `UID:`). */
const IDENTIFIER_HEADER = /^[ \t]*(?:message-id|in-reply-to|references|content-id|x-message-id|uid)[ \t]*:[ \t<]*$/i;

/** Whether the address at `i` is the first value of an identifier header on its line (read within LOOK_BEHIND). */
function identifierHeader(scan: Scan, i: number): boolean {
  const line = lineStartWithin(scan, i, i);
  return line >= 0 && IDENTIFIER_HEADER.test(scan.text.slice(line, i));
}

/** Top-level domains an address is written with in capitals (`JOAO@GMAIL.COM`, `RH@EMPRESA.COM.BR`). */
const CAPITAL_TLDS: ReadonlySet<string> = new Set(
  'COM NET ORG EDU GOV MIL INT INFO BIZ IO CO APP DEV ME TV ONLINE SITE STORE TECH EMAIL LIVE CLOUD'.split(' '),
);

/**
 * `WH_ATUARIAL@SEGUROS.SINISTROS` (a warehouse at a database's schema, a SnowSQL prompt), `USER@DB.SCHEMA`:
 * a domain in capitals whose last label is no top-level domain (two letters stand for a country's) is
 * an object's path, not a mailbox.
 */
function objectPath(text: string, domain: number, lastDot: number, end: number): boolean {
  const host = text.slice(domain, end);
  if (host !== host.toUpperCase() || !/[A-Z]/.test(host)) return false;
  const tld = text.slice(lastDot + 1, end);
  return tld.length > 2 && !CAPITAL_TLDS.has(tld);
}
