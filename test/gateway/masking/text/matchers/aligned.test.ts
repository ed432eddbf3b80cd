/**
 * Aligned tables printed by R: a tibble's header, its line of column types, then rows whose
 * columns meet at a single space.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();

const HEAD = `# A tibble: 3 × 5
  usuario               dt_nasc    ultima_visita  peso celular
  <chr>                 <date>     <date>        <dbl> <chr>
`;
const TIBBLE = `${HEAD}1 Rosimeire Galdino Paz 1957-05-30 2026-10-02     71.5 82999017733
2 Aurélio Bezerra Lins  1948-12-09 2026-09-18     80.2 NA
3 Dalvanira Quintela    1966-02-14 2026-11-27       64 82988120456`;

describe('masking: R tibbles', () => {
  it('reads the columns of a tibble under its types one space apart, masking the birth dates and leaving other dates and measures', () => {
    assert.equal(
      m.maskText(TIBBLE).value,
      `${HEAD}1 [NOME] [DATA_NASCIMENTO] 2026-10-02     71.5 [TELEFONE]
2 [NOME]  [DATA_NASCIMENTO] 2026-09-18     80.2 NA
3 [NOME]    [DATA_NASCIMENTO] 2026-11-27       64 [TELEFONE]`,
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, TIBBLE, ['birth_date', 'name', 'phone']);
  });
});
