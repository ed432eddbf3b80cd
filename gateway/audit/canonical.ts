/**
 * Canonical JSON (sorted keys, no whitespace) so that a hash over a record is reproducible by
 * anyone: the audit chain and evidence bundles hash this form, never `JSON.stringify` output
 * whose key order depends on how an object was built.
 *
 * Keys sort by UTF-16 code units (`Array.prototype.sort`'s default), keys whose value is
 * `undefined` are left out, `undefined` elsewhere is `null`. Written as one string builder
 * without intermediate arrays, with quoted keys cached: verification hashes every entry of the
 * chain, so this is hot (test/gateway/audit/canonical.test.ts holds it to the first version).
 */

/** `"key":` for the keys records repeat (the same few dozen across a whole chain). */
const quotedKeys = new Map<string, string>();
const MAX_CACHED_KEYS = 4096;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < MAX_CACHED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function ordered(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

/**
 * Sorted orders of the unordered key lists seen before, by their first key. Records of one kind
 * list their keys in one order (an upstream's answers, the audit entries' data), so each request's
 * records find their order here instead of sorting a copy of their keys again.
 */
const sortedOrders = new Map<string, Array<{ readonly keys: readonly string[]; readonly sorted: readonly string[] }>>();
const MAX_SORTED_ORDERS = 4096;
const MAX_ORDERS_PER_FIRST_KEY = 8;
let sortedOrderCount = 0;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `keys` in canonical order (itself when already so). */
function canonicalOrder(keys: string[]): readonly string[] {
  if (ordered(keys)) return keys;
  const first = keys[0] as string;
  let known = sortedOrders.get(first);
  if (known !== undefined) for (const order of known) if (sameKeys(order.keys, keys)) return order.sorted;
  const sorted = [...keys].sort();
  if (sortedOrderCount >= MAX_SORTED_ORDERS) {
    sortedOrders.clear();
    sortedOrderCount = 0;
    known = undefined;
  }
  if (known === undefined) sortedOrders.set(first, (known = []));
  if (known.length < MAX_ORDERS_PER_FIRST_KEY) {
    known.push({ keys, sorted });
    sortedOrderCount++;
  }
  return sorted;
}

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      // Number::toString: what JSON.stringify writes for every finite number.
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      return JSON.stringify(value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Records built in canonical order (the row digests') skip the sort and the copy it makes.
  const keys = canonicalOrder(Object.keys(record));
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += quotedKey(key) + canonicalJson(item);
  }
  return `${out}}`;
}
