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
  const keys = Object.keys(record);
  // Records built in canonical order (the row digests') skip the sort and the copy it makes.
  if (!ordered(keys)) keys.sort();
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
