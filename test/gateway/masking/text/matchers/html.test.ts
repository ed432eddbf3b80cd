/** Description lists in markup: a `<dt>` term labels the `<dd>` after it, as a header cell labels its column. */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();

const LIST = `<section class="perfil">
  <dl>
    <dt>Beneficiária</dt>
    <dd>Marlucia Teixeira Bonfim</dd>
    <dt>
      Nascimento
    </dt>
    <dd>
      <span class="data">22/10/1988</span>
    </dd>
    <dt>Última atualização</dt>
    <dd>05/12/2026</dd>
    <dt>Plano</dt><dd>Essencial 2026</dd>
  </dl>
</section>`;

describe('masking: description lists', () => {
  it('masks a birth date and a name under their terms, and leaves other dates and terms', () => {
    assert.equal(m.maskText(LIST).value, LIST.replace('Marlucia Teixeira Bonfim', '[NOME]').replace('22/10/1988', '[DATA_NASCIMENTO]'));
    assert.equal(m.maskText(LIST, { syntax: 'markup' }).value, m.maskText(LIST).value);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, LIST, ['birth_date', 'name']);
  });
});
