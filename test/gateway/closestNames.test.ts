import { strict as assert } from 'node:assert';
import { closestName, closestNames, editDistance, unknownNameMessage } from '../../gateway/closestNames.js';

const GENERATORS = ['config-template', 'customer-report'];

describe('closest names', () => {
  it('measures edits between two words', () => {
    assert.equal(editDistance('costumer-report', 'customer-report'), 2);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });

  it('suggests the name a typo stands for, ignoring case', () => {
    assert.deepEqual(closestNames('costumer-report', GENERATORS), ['customer-report']);
    assert.equal(closestName('Config-Templte', GENERATORS), 'config-template');
  });

  it('suggests the name a fragment stands for', () => {
    assert.deepEqual(closestNames('customer', GENERATORS), ['customer-report']);
    assert.deepEqual(closestNames('report', ['customer-report', 'release-notes', 'reports-archive']), [
      'customer-report',
      'reports-archive',
    ]);
  });

  it('suggests nothing for a word far from every name', () => {
    assert.deepEqual(closestNames('payroll', GENERATORS), []);
    assert.equal(closestName('ab', ['xyzw']), undefined);
  });

  it('puts the closest first and stops at the limit', () => {
    assert.deepEqual(closestNames('pendng', ['pending', 'spending', 'ending', 'bending'], 2), ['pending', 'bending']);
  });

  it('writes the whole message: what is missing, the guess, and every known name', () => {
    assert.equal(
      unknownNameMessage('generator', 'costumer-report', GENERATORS),
      'There is no generator named costumer-report. Did you mean customer-report? Known: config-template, customer-report.',
    );
    assert.equal(
      unknownNameMessage('upstream', 'payroll', ['model', 'autogen']),
      'There is no upstream named payroll. Known: autogen, model.',
    );
    assert.equal(unknownNameMessage('generator', 'x', []), 'There is no generator named x. Known: none.');
  });

  it('keeps control characters of a typed name from reaching the message, and lists long catalogues briefly', () => {
    const names = Array.from({ length: 25 }, (_, i) => `gen-${String(i).padStart(2, '0')}`);
    const message = unknownNameMessage('generator', 'evil\nname', names);
    assert.ok(!message.includes('\n'));
    assert.match(message, /evil\\nname/);
    assert.match(message, /gen-19 and 5 more\.$/);
  });
});
