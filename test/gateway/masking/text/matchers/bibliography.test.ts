/**
 * A bibliography's list of people (BibTeX's and BibLaTeX's `author`, `editor`; a setup script's
 * `author=`): every entry is a person, surname first or not; a corporate author is no one.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();

const BIBTEX = [
  '@book{cormen2012,',
  '  author    = {Cormen, Thomas H. and Leiserson, Charles E. and Rivest, Ronald L.},',
  '  title     = {Algoritmos: Teoria e Prática},',
  '}',
  '@misc{entrevista2026,',
  '  author       = {Vera, Ñandesy Arami},',
  '  editor = "Silva, João and others",',
  '}',
  '@techreport{ibge2022,',
  '  author = {{Instituto Brasileiro de Geografia e Estatística}},',
  '  institution = {Instituto Brasileiro de Geografia e Estatística},',
  '}',
  '@misc{ibge2023,',
  '  author = {Instituto Brasileiro de Geografia e Estatística},',
  '}',
  'setup(version="1.0", author="Maria Helena Quispe")',
].join('\n');

describe('masking: a bibliography list of people', () => {
  it('masks every person of an author or editor list, and leaves a corporate author braced or not', () => {
    const want = BIBTEX.replace('Cormen, Thomas H.', '[NOME]')
      .replace('Leiserson, Charles E.', '[NOME]')
      .replace('Rivest, Ronald L.', '[NOME]')
      .replace('Vera, Ñandesy Arami', '[NOME]')
      .replace('Silva, João', '[NOME]')
      .replace('Maria Helena Quispe', '[NOME]');
    assert.equal(m.maskText(BIBTEX).value, want);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, BIBTEX, ['name']);
  });
});
