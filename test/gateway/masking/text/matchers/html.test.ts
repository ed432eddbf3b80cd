/** Markup: a `<dt>` term labels the `<dd>` after it, as a header cell labels its column; a WebVTT voice span names its speaker. */
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

const SUBTITLES = `WEBVTT

1
00:00:01.000 --> 00:00:04.200
<v Ngaire Tuiasosopo>A festa era no barracão.

2
00:00:04.500 --> 00:00:07.900
<v.lider.loud Iberê Kanindé Moraes>Eu vim de barco.

3
00:00:08.000 --> 00:00:10.000
<v Narrador>Em 1987 a aldeia mudou de lugar.
<video>não é uma voz</video>`;

describe('masking: voices in WebVTT subtitles', () => {
  it("masks the speaker a voice span names, whatever their names, and leaves a narrator's role and other tags", () => {
    assert.equal(m.maskText(SUBTITLES).value, SUBTITLES.replace('Ngaire Tuiasosopo', '[NOME]').replace('Iberê Kanindé Moraes', '[NOME]'));
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, SUBTITLES, ['name']);
  });
});
