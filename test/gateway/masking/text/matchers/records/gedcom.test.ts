/** A GEDCOM family tree: each line's tag says what its value is, and a birth's date is the one under `BIRT`. */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../../fixtures.js';

const m = masker();

const TREE = [
  '0 HEAD',
  '1 SOUR GRAMPS',
  '1 DATE 4 JAN 2027',
  '0 @I1@ INDI',
  '1 NAME Wojciech /Pawlak/',
  '1 BIRT',
  '2 DATE 3 FEB 1888',
  '2 PLAC Lublin, Polônia',
  '1 DEAT',
  '2 DATE 9 OCT 1950',
  '0 @I2@ INDI',
  '1 NAME Jadwiga Anna /Pawlak Rosa/',
  '1 CHR',
  '2 DATE ABT 1921',
  '1 RESI',
  '2 ADDR Rua Marechal Floriano, 4410, Araucária',
  '2 PHON (41) 3643-2210',
  '1 NOTE Casou com Bento Rosa em 1940.',
].join('\n');

describe('masking: GEDCOM family trees', () => {
  it("masks names, birth and baptism dates, addresses and phones by their tags, and leaves places and other events' dates", () => {
    assert.equal(
      m.maskText(TREE).value,
      [
        '0 HEAD',
        '1 SOUR GRAMPS',
        '1 DATE 4 JAN 2027',
        '0 @I1@ INDI',
        '1 NAME [NOME]',
        '1 BIRT',
        '2 DATE [DATA_NASCIMENTO]',
        '2 PLAC Lublin, Polônia',
        '1 DEAT',
        '2 DATE 9 OCT 1950',
        '0 @I2@ INDI',
        '1 NAME [NOME]',
        '1 CHR',
        '2 DATE [DATA_NASCIMENTO]',
        '1 RESI',
        '2 ADDR [ENDERECO]',
        '2 PHON [TELEFONE]',
        '1 NOTE Casou com [NOME] em 1940.',
      ].join('\n'),
    );
  });

  it('reads a numbered list as prose, not as a tree', () => {
    const text = 'Passos:\n1 NAME da variável em maiúsculas\n2 DATE no formato ISO';
    assert.equal(m.maskText(text).value, text);
  });

  it('decides in a stream cut anywhere as the whole text does, and changes nothing masking again', () => {
    assertStableMasking(m, TREE, ['name', 'birth_date', 'address', 'phone']);
  });
});
