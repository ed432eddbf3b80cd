/** The normalised view and its map back to the original text. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { normaliseView, syntaxOfMediaType } from '../../../../gateway/masking/text/view.js';

describe('normalised view', () => {
  it('is the text itself when nothing needs normalising', () => {
    const text = 'Relatório de atenção: São Paulo, 12/03/2024 — ok';
    const view = normaliseView(text.replace('—', '-'));
    assert.equal(view.identity, true);
    assert.equal(view.text, text.replace('—', '-'));
  });

  it('writes digits, dashes, spaces and compatibility forms plainly and drops invisible characters', () => {
    const view = normaliseView('５２９\u200b.٩٨٢\u00a0𝟐𝟒𝟕\u2013２５ ﬁm nº 1º ½');
    assert.equal(view.text, '529.982 247-25 fim nº 1º 1⁄2');
  });

  it('decodes character references, percent-escapes and backslash escapes', () => {
    assert.equal(normaliseView('&#53;&#x32;&nbsp;&ccedil;&amp; %35%C3%A7 \\u0035\\x32 \\uD835\\uDFD3').text, '52 ç& 5ç 52 5');
    assert.equal(normaliseView('a+b').text, 'a+b');
    assert.equal(normaliseView('a+b', 'form').text, 'a b');
    assert.equal(normaliseView('52<span>9</span><wbr>1<td>2', 'markup').text, '5291<td>2');
  });

  it('maps every view span back to the whole original span', () => {
    const text = 'x 5\u200b2&#57;.\u00ad982 y';
    const view = normaliseView(text);
    assert.equal(view.text, 'x 529.982 y');
    const s = view.text.indexOf('529');
    const e = view.text.indexOf(' y');
    assert.equal(text.slice(view.start(s), view.end(e)), '5\u200b2&#57;.\u00ad982');
    assert.equal(view.toView(view.start(s)), s);
  });

  it('keeps start ≤ end and stays inside the text for any input', () => {
    const unit = fc.constantFrom(
      'a',
      '5',
      ' ',
      '\u200b',
      '&#53;',
      '%35',
      '\\u0035',
      '٥',
      '𝟓',
      '\u0301',
      '…',
      '&',
      '%',
      '\\',
      'ﬁ',
      '\u2013',
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 20 }), (units) => {
        const text = units.join('');
        const view = normaliseView(text);
        for (let s = 0; s <= view.text.length; s++) {
          for (let e = s; e <= view.text.length; e++) {
            assert.ok(view.start(s) <= view.end(e) || s === e);
            assert.ok(view.end(e) <= text.length && view.start(s) >= 0);
          }
        }
        assert.equal(view.start(view.text.length), text.length);
      }),
      { numRuns: 500 },
    );
  });

  it('holds back what the rest of a stream may still change', () => {
    assert.equal(normaliseView('CPF 52&#5', 'plain', false).stable, 6);
    assert.equal(normaliseView('Jose', 'plain', false).stable, 3);
    assert.equal(normaliseView('x %C3', 'plain', false).stable, 2);
    assert.equal(normaliseView('x \ud835', 'plain', false).stable, 2);
    assert.equal(normaliseView('12 <spa', 'markup', false).stable, 3);
    assert.equal(normaliseView('12 <spa', 'plain', false).stable, 6);
  });

  it('tells the syntax from a media type', () => {
    assert.equal(syntaxOfMediaType('text/html; charset=utf-8'), 'markup');
    assert.equal(syntaxOfMediaType('application/soap+xml'), 'markup');
    assert.equal(syntaxOfMediaType('application/x-www-form-urlencoded'), 'form');
    assert.equal(syntaxOfMediaType('text/plain'), 'plain');
    assert.equal(syntaxOfMediaType(undefined), 'plain');
  });
});
