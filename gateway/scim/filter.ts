/**
 * The SCIM filters the gateway answers (RFC 7644 §3.4.2.2): equality on the attributes an IdP
 * looks accounts up by, joined with `and`, which is what Entra ID and Okta send
 * (`userName eq "bruno"`, `externalId eq "…"`, `displayName eq "data-engineers"`,
 * `members[value eq "…"]`). Anything else is refused with `invalidFilter`, never half-applied.
 */
import { ScimError } from './errors.js';

export interface Comparison {
  /** Attribute path, lower case (`username`, `members.value`). */
  readonly attribute: string;
  readonly value: string | boolean | number | null;
}

const TOKEN = /\s*(\(|\)|\[|\]|"(?:[^"\\]|\\.)*"|[A-Za-z0-9_$:.-]+)/y;

function tokens(filter: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < filter.length) {
    if (/^\s*$/.test(filter.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(filter);
    if (!match) throw new ScimError(400, `the filter cannot be read at "${filter.slice(at, at + 20)}"`, 'invalidFilter');
    out.push(match[1] ?? '');
    at = TOKEN.lastIndex;
  }
  return out;
}

function literal(token: string | undefined): Comparison['value'] {
  if (token === undefined) throw new ScimError(400, 'the filter ends before its value', 'invalidFilter');
  if (token.startsWith('"')) {
    try {
      return JSON.parse(token) as string;
    } catch {
      throw new ScimError(400, `the filter value ${token} is not a valid string`, 'invalidFilter');
    }
  }
  const lower = token.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  if (lower === 'null') return null;
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(token)) return Number(token);
  throw new ScimError(400, `the filter value ${token} must be quoted`, 'invalidFilter');
}

/** Parses `a eq "x" and b[c eq "y"]` into comparisons that must all hold. */
export function parseFilter(filter: string): Comparison[] {
  const list = tokens(filter);
  const comparisons: Comparison[] = [];
  let i = 0;
  const expect = (): Comparison => {
    const attribute = list[i++];
    if (attribute === undefined || /^[()[\]"]/.test(attribute))
      throw new ScimError(400, 'the filter must compare an attribute: ATTRIBUTE eq "VALUE"', 'invalidFilter');
    if (list[i] === '[') {
      // A value path: members[value eq "id"] is members.value eq "id".
      i++;
      const inner = expect();
      if (list[i++] !== ']') throw new ScimError(400, 'a value filter opened with [ must close with ]', 'invalidFilter');
      return { attribute: `${attribute.toLowerCase()}.${inner.attribute}`, value: inner.value };
    }
    const operator = list[i++]?.toLowerCase();
    if (operator !== 'eq')
      throw new ScimError(
        400,
        `this gateway answers equality filters only (eq, joined by and); "${operator ?? ''}" is not supported`,
        'invalidFilter',
      );
    return { attribute: attribute.toLowerCase(), value: literal(list[i++]) };
  };
  comparisons.push(expect());
  while (i < list.length) {
    if (list[i++]?.toLowerCase() !== 'and')
      throw new ScimError(400, 'filters can be joined with "and" only; "or", "not" and grouping are not supported', 'invalidFilter');
    comparisons.push(expect());
  }
  return comparisons;
}
