import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { bindingHash, bindingText } from '../../../gateway/approvals/binding.js';

describe('approvals: binding hash', () => {
  const request = {
    generator: 'customer-report',
    input: { month: 'novembro de 2026', filters: { region: 'SP', top: 10 } },
    requester: 'dev:bruno',
  };

  it('is SHA-256 over the canonical form, which anyone can recompute', () => {
    const text = bindingText(request);
    assert.equal(
      text,
      '{"generator":"customer-report","input":{"filters":{"region":"SP","top":10},"month":"novembro de 2026"},"requester":"dev:bruno","v":1}',
    );
    assert.equal(bindingHash(request), createHash('sha256').update(text).digest('hex'));
  });

  it('does not depend on key order', () => {
    const reordered = {
      requester: 'dev:bruno',
      input: { filters: { top: 10, region: 'SP' }, month: 'novembro de 2026' },
      generator: 'customer-report',
    };
    assert.equal(bindingHash(reordered), bindingHash(request));
  });

  it('changes with the input, the generator or the requester', () => {
    const base = bindingHash(request);
    assert.notEqual(bindingHash({ ...request, input: { ...request.input, month: 'dezembro de 2026' } }), base);
    assert.notEqual(bindingHash({ ...request, input: { ...request.input, extra: true } }), base);
    assert.notEqual(bindingHash({ ...request, generator: 'config-template' }), base);
    assert.notEqual(bindingHash({ ...request, requester: 'dev:ana' }), base);
    assert.notEqual(bindingHash({ ...request, requester: 'company:bruno' }), base);
  });

  it('survives the JSON round trip the held input makes (encrypt as JSON, parse, recompute)', () => {
    const input = { month: 'março', amount: 0.1 + 0.2, nested: [1, 'two', { three: null }], big: 1e21 };
    const roundTripped = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
    assert.equal(bindingHash({ ...request, input: roundTripped }), bindingHash({ ...request, input }));
  });
});
