/** The words a cue is looked for in: a label's qualifier in brackets before its colon is read past. */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../fixtures.js';

const m = masker();

const CASES: readonly (readonly [string, string])[] = [
  ['Data de Nascimento (DD/MM/AAAA): 03/04/1988', 'Data de Nascimento (DD/MM/AAAA): [DATA_NASCIMENTO]'],
  ['Data de nascimento do titular (conferida na CNH): 21/01/1952', 'Data de nascimento do titular (conferida na CNH): [DATA_NASCIMENTO]'],
  ['PIS/PASEP (11 dígitos, sem pontos): 12056874107', 'PIS/PASEP (11 dígitos, sem pontos): [PIS]'],
];

describe('masking: a label with a qualifier in brackets', () => {
  it("masks the value after the colon by the label's own words", () => {
    for (const [text, want] of CASES) assert.equal(m.maskText(text).value, want, text);
  });

  it('leaves a value when the brackets close a sentence, not a label', () => {
    for (const text of ['A data de nascimento (ver anexo) será conferida em 03/04/2027.', 'Nascimento (ver ficha) e consulta 03/04/2025'])
      assert.equal(m.maskText(text).value, text, text);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    for (const [text] of CASES) assertStableMasking(m, text, ['birth_date', 'pis']);
  });
});
