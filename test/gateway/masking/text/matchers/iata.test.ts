/** A reservation's travel document (SSR DOCS): the birth date and the names masked, the codes and the document's number left. */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();

const PNR = `RP/SAOG12345/SAOG12345            AA/SU  05DEC26/1402Z   7QX2LM
  1.SOUZA/CLARA BEATRIZ MRS
  2  LA3301 Y 14DEC 7 GRUBSB HK1  0710 0855  14DEC  E  LA/7QX2LM
  3 SSR DOCS LA HK1/P/BRA/FX1122334/BRA/09AUG88/F/02MAR31/SOUZA/CLARA BEATRIZ/P1
  4 SR DOCS G3 HK1-P-BRA-YB998877-BRA-02FEB91-M-01JAN31-OLIVEIRA-KAUA-TUPINAMBA
  5 TK OK05DEC/SAOG12345`;

describe('masking: travel documents in a reservation', () => {
  it('masks the birth date and the names of each SSR DOCS line, and leaves the flight, dates and codes', () => {
    const masked = m.maskText(PNR).value;
    assert.match(masked, /SSR DOCS LA HK1\/P\/BRA\/FX1122334\/BRA\/\[DATA_NASCIMENTO\]\/F\/02MAR31\/\[NOME\]\/\[NOME\]\/P1/);
    assert.match(masked, /SR DOCS G3 HK1-P-BRA-YB998877-BRA-\[DATA_NASCIMENTO\]-M-01JAN31-\[NOME\]-\[NOME\]-\[NOME\]/);
    assert.match(masked, /LA3301 Y 14DEC 7 GRUBSB HK1 {2}0710 0855 {2}14DEC/);
    assert.doesNotMatch(masked, /09AUG88|02FEB91|CLARA|KAUA/);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, PNR, ['birth_date', 'name']);
  });
});
