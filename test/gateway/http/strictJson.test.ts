import { strict as assert } from 'node:assert';
import { parseStrictJson, parseStrictJsonText, StrictJsonError, MAX_JSON_DEPTH } from '../../../gateway/http/strictJson.js';

function problem(text: string | Uint8Array): string {
  try {
    if (typeof text === 'string') parseStrictJsonText(text);
    else parseStrictJson(text);
  } catch (error) {
    assert.ok(error instanceof StrictJsonError, `expected a StrictJsonError, got ${String(error)}`);
    return error.problem;
  }
  return 'accepted';
}

describe('strict JSON', () => {
  it('accepts what RFC 8259 allows, with escapes, nesting and surrogate pairs', () => {
    assert.deepEqual(parseStrictJsonText('{"a":[1,2.5e3,-0.5,true,null,"\\u00e9\\ud83d\\ude00"],"b":{"a":1}}'), {
      a: [1, 2500, -0.5, true, null, 'é😀'],
      b: { a: 1 },
    });
    assert.equal(parseStrictJsonText('"top-level string"'), 'top-level string');
  });

  it('refuses what Python accepts and JavaScript would read differently: NaN, Infinity, duplicate keys, lone surrogates', () => {
    assert.equal(problem('{"a": NaN}'), 'syntax');
    assert.equal(problem('{"a": Infinity}'), 'syntax');
    assert.equal(problem('{"a": -Infinity}'), 'syntax');
    assert.equal(problem('{"type":"start","type":"ping"}'), 'duplicate_key');
    // The same key spelled with an escape is the same key.
    assert.equal(problem('{"type":"start","t\\u0079pe":"ping"}'), 'duplicate_key');
    assert.equal(problem('[{"a":1,"b":{"a":2,"a":3}}]'), 'duplicate_key');
    assert.equal(problem('{"a":"\\ud800"}'), 'lone_surrogate');
    assert.equal(problem('{"a":"\\udc00x"}'), 'lone_surrogate');
    assert.equal(problem('{"a":"x\\ud800\\u0041"}'), 'lone_surrogate');
  });

  it('allows the same key in different objects, and a key equal to a value', () => {
    assert.deepEqual(parseStrictJsonText('[{"a":1},{"a":2},{"b":"a","a":"b"}]'), [{ a: 1 }, { a: 2 }, { b: 'a', a: 'b' }]);
  });

  it('refuses comments, trailing commas, single quotes and trailing garbage', () => {
    for (const text of ['{"a":1 /* c */}', '{"a":1,}', "{'a':1}", '{"a":1} x', '[1,]', '']) assert.equal(problem(text), 'syntax', text);
  });

  it('refuses invalid UTF-8 and a byte order mark instead of replacing them', () => {
    assert.equal(problem(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])), 'encoding');
    assert.equal(problem(Buffer.from('\ufeff{"a":1}', 'utf8')), 'bom');
  });

  it('bounds nesting, however deep the attempt, without a stack overflow', () => {
    assert.deepEqual(
      parseStrictJsonText(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`),
      JSON.parse(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`),
    );
    assert.equal(problem(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`), 'too_deep');
    assert.equal(problem(`${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`), 'too_deep');
  });

  it('refuses integers JavaScript would round before forwarding; keeps safe ones and decimals', () => {
    assert.equal(problem('{"id": 12345678901234567890}'), 'imprecise_number');
    assert.deepEqual(parseStrictJsonText('{"id": 9007199254740991, "x": 1.2345678901234567e3}'), {
      id: 9007199254740991,
      x: 1234.5678901234567,
    });
  });

  it('never echoes what the client sent in its message', () => {
    try {
      parseStrictJsonText('{"cpf": "529.982.247-25", oops}');
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof StrictJsonError);
      assert.doesNotMatch(error.message, /529/);
    }
  });
});
