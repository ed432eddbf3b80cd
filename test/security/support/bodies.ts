/**
 * Bodies that are not strict RFC 8259 JSON, each made from a route's valid body so the only
 * thing wrong is the one named. Several are accepted by one common parser and not another
 * (Python's json takes NaN and Infinity, JSON.parse and json.loads keep the last duplicate key,
 * decoders differ on bytes that are not UTF-8), which is exactly what a gateway cannot afford:
 * it would inspect one document and forward another.
 */

export interface BadBody {
  readonly label: string;
  readonly make: (valid: string) => Buffer;
  /** Not UTF-8 at all: a WebSocket text frame carrying it is a protocol error (close 1007). */
  readonly invalidUtf8?: boolean;
}

function insert(valid: string, member: string | Buffer): Buffer {
  const at = valid.indexOf('{') + 1;
  return Buffer.concat([
    Buffer.from(valid.slice(0, at)),
    typeof member === 'string' ? Buffer.from(member) : member,
    Buffer.from(valid.slice(at)),
  ]);
}

function bytes(...parts: Array<string | number[]>): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
}

export const NOT_STRICT_JSON: readonly BadBody[] = [
  { label: 'NaN', make: (v) => insert(v, '"x":NaN,') },
  { label: 'Infinity', make: (v) => insert(v, '"x":Infinity,') },
  { label: '-Infinity', make: (v) => insert(v, '"x":-Infinity,') },
  { label: 'a line comment', make: (v) => insert(v, '// note\n') },
  { label: 'a block comment', make: (v) => insert(v, '/* note */') },
  { label: 'a trailing comma in an object', make: (v) => Buffer.from(v.replace(/}\s*$/, ',}')) },
  { label: 'a trailing comma in an array', make: (v) => insert(v, '"x":[1,2,],') },
  { label: 'single quotes', make: (v) => insert(v, "'x':'y',") },
  { label: 'a duplicate key', make: (v) => insert(v, '"x":1,"x":2,') },
  {
    label: 'a duplicate key of a field the gateway reads',
    make: (v) => Buffer.from(v.replace(/"(\w+)":("[^"]*"|\d+)/, '"$1":$2,"$1":$2')),
  },
  { label: 'a lone high surrogate escape', make: (v) => insert(v, '"x":"\\ud800",') },
  { label: 'a lone low surrogate escape', make: (v) => insert(v, '"x":"\\udc00",') },
  { label: 'surrogate escapes in the wrong order', make: (v) => insert(v, '"x":"\\udc00\\ud800",') },
  { label: 'invalid UTF-8 (C3 28)', make: (v) => insert(v, bytes('"x":"', [0xc3, 0x28], '",')), invalidUtf8: true },
  { label: 'invalid UTF-8 (FF)', make: (v) => insert(v, bytes('"x":"', [0xff], '",')), invalidUtf8: true },
  { label: 'an overlong UTF-8 encoding of "/"', make: (v) => insert(v, bytes('"x":"', [0xc0, 0xaf], '",')), invalidUtf8: true },
  { label: 'a UTF-8-encoded surrogate (CESU-8)', make: (v) => insert(v, bytes('"x":"', [0xed, 0xa0, 0x80], '",')), invalidUtf8: true },
  { label: 'a byte-order mark', make: (v) => bytes([0xef, 0xbb, 0xbf], v) },
  { label: 'trailing garbage', make: (v) => Buffer.from(`${v} x`) },
  { label: 'two documents', make: (v) => Buffer.from(`${v}${v}`) },
  { label: 'a number with a leading zero', make: (v) => insert(v, '"x":01,') },
  { label: 'a hexadecimal number', make: (v) => insert(v, '"x":0x10,') },
  { label: 'a number with a plus sign', make: (v) => insert(v, '"x":+1,') },
  { label: 'an unescaped control character in a string', make: (v) => insert(v, bytes('"x":"a', [0x01], 'b",')) },
];

/**
 * `{"x":[[[…]]], …}` with the array nesting `depth` deep, inside a valid body; in `{"input":{…}}`
 * bodies, inside the input (the run API takes no other top-level field).
 */
export function nested(valid: string, depth: number): Buffer {
  const member = `"x":${'['.repeat(depth)}${']'.repeat(depth)},`;
  const input = valid.indexOf('"input":{');
  if (input === -1) return insert(valid, member);
  const at = input + '"input":{'.length;
  return Buffer.from(`${valid.slice(0, at)}${member}${valid.slice(at)}`);
}

/** A valid body with the same content written differently: escapes, whitespace, key order. */
export function unusualSpelling(value: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(value).reverse();
  const spelled = entries.map(
    ([key, item]) =>
      `\n\t"${[...key].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}" :  ${JSON.stringify(item)}`,
  );
  return `{${spelled.join(' ,')}\n}`;
}
