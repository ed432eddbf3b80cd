/** Birth dates marked by a symbol: the star of obituaries and genealogies, an asterisk before a death's cross. */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();

const NOTICE = `Comunicamos o falecimento de

OLGA TERESINHA WISNIEWSKI
★ 17/06/1939   ✝ 02/12/2026

Avô: * 08/01/1912 † 14/03/1990
Agenda:
* 06/12/2026 missa de sétimo dia
* 20/12/2026 - almoço da família`;

describe('masking: birth dates marked by a symbol', () => {
  it('masks the date after a star, or after an asterisk before a cross, and leaves the death dates and other bullets', () => {
    assert.equal(
      m.maskText(NOTICE).value,
      NOTICE.replace('OLGA TERESINHA WISNIEWSKI', '[NOME]')
        .replace('17/06/1939', '[DATA_NASCIMENTO]')
        .replace('08/01/1912', '[DATA_NASCIMENTO]'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, NOTICE, ['birth_date', 'name']);
  });
});
