/**
 * Seals written before the digest was computed event by event must still verify: the digest is
 * the SHA-256 of the canonical JSON list of the events, whatever the way it is computed.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from '../../../gateway/audit/canonical.js';
import { maskingEventsDigest, type DigestableMaskingEvent } from '../../../gateway/audit/maskingDigest.js';

function reference(events: readonly DigestableMaskingEvent[]): string {
  const canonical = events.map((e) => ({
    seq: e.seq,
    at: e.at,
    location: e.location,
    detector: e.detector,
    hmac: e.hmac,
    keyId: e.keyId,
    replacement: e.replacement,
    ...(e.occurrences === undefined ? {} : { count: e.count, occurrences: e.occurrences }),
  }));
  return createHash('sha256').update(canonicalJson(canonical)).digest('hex');
}

describe('masking events digest', () => {
  it('is the SHA-256 of the canonical JSON list, for any events (unicode, quotes, control characters)', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '"', '\\', '\u0000', '\u2028', 'é'));
    const event = fc.record({
      seq: fc.oneof(fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true })),
      at: text,
      location: text,
      detector: text,
      hmac: text,
      keyId: text,
      replacement: text,
      count: fc.nat(),
      occurrences: fc.option(
        fc.array(
          fc.record({ location: text, original: fc.option(fc.record({ offset: fc.nat(), length: fc.nat() }), { nil: undefined }) }),
          {
            maxLength: 3,
          },
        ),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), (events) => {
        assert.equal(maskingEventsDigest(events), reference(events));
      }),
      { numRuns: 1000 },
    );
  });

  it('digests an event whose fields are not the expected shape the way the generic form does', () => {
    const odd = {
      seq: 1,
      at: 'x',
      location: 'y',
      detector: 'cpf',
      hmac: 'h',
      keyId: 'k',
      replacement: undefined,
      count: 1,
    } as unknown as DigestableMaskingEvent;
    assert.equal(maskingEventsDigest([odd]), reference([odd]));
    const uncounted = {
      ...odd,
      replacement: '[CPF]',
      count: undefined,
      occurrences: [{ location: 'response' }],
    } as unknown as DigestableMaskingEvent;
    assert.equal(maskingEventsDigest([uncounted]), reference([uncounted]));
    assert.equal(maskingEventsDigest([]), reference([]));
  });
});
