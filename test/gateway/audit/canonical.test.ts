/**
 * The canonical form is what every stored hash was computed over: a faster implementation must
 * produce the same bytes as the original one, for any JSON value.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { canonicalJson } from '../../../gateway/audit/canonical.js';

/** The first implementation, kept as the reference the chain's existing hashes depend on. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    if (value === undefined) return 'null';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => reference(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonical JSON', () => {
  it('is byte for byte the reference form, for any JSON value (unicode keys, undefined members, nesting)', () => {
    const key = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('a', 'A', 'é', 'Z', '_', '10', '9', ''));
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.constant(null),
        fc.constant(undefined),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.string({ unit: 'binary' }),
      ),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 5 }),
        fc.dictionary(key, tie('node'), { maxKeys: 6 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        assert.equal(canonicalJson(v), reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys by UTF-16 code units and leaves out undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'é' }], A: null }), '{"A":null,"a":[null,{"c":"é"}],"b":1}');
    assert.throws(() => canonicalJson({ x: Number.NaN }), /non-finite/);
  });
});
