/** DIRF registers whose layout places a birth date with no label: INFPA (alimony) and DTPSE (a health plan's dependant). */
import { strict as assert } from 'node:assert';
import { assertStableMasking, cpf, masker } from '../../../fixtures.js';

const m = masker();
const holder = cpf([3, 1, 8, 4, 4, 0, 2, 7, 1]);
const child = cpf([6, 0, 2, 9, 1, 5, 8, 3, 3]);
const dependant = cpf([2, 7, 7, 0, 4, 1, 6, 9, 5]);

const FILE = [
  'Dirf|2026|2025|N||AT65HD8|',
  `BPFDEC|${holder}|GILMAR ANTONIO FACCIN|20180411|N|S|`,
  'RTRT|603210|603210|603210|',
  `INFPA|${child}|20120527|ISADORA FACCIN BELLINI|10|`,
  `DTPSE|${dependant}|19830219|LUCIANE BELLINI|03|318700|`,
  'FIMDirf|',
].join('\n');

describe('masking: DIRF registers', () => {
  it('masks the birth date by its position in INFPA and DTPSE, the CPF and name around it, and leaves other dates and amounts', () => {
    assert.equal(
      m.maskText(FILE).value,
      [
        'Dirf|2026|2025|N||AT65HD8|',
        'BPFDEC|[CPF]|[NOME]|20180411|N|S|',
        'RTRT|603210|603210|603210|',
        'INFPA|[CPF]|[DATA_NASCIMENTO]|[NOME]|10|',
        'DTPSE|[CPF]|[DATA_NASCIMENTO]|[NOME]|03|318700|',
        'FIMDirf|',
      ].join('\n'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, FILE, ['birth_date', 'cpf', 'name']);
  });
});
