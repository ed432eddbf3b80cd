/**
 * Values printed under a line of their labels (registration cards, official forms): each value
 * pairs with its label in order, however loosely aligned. `«LABEL:value»` marks a masked value.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();
const MARK = /«([A-Z_]+):([^»]*)»/g;
const input = (marked: string): string => marked.replace(MARK, '$2');
const expected = (marked: string): string => marked.replace(MARK, '[$1]');

const CARD = [
  'FICHA CADASTRAL DO CONTRIBUINTE',
  '',
  'LOGRADOURO                       NÚMERO    COMPLEMENTO',
  '«ENDERECO:AV DOM PEDRO II»             «ENDERECO:402»     «ENDERECO:BLOCO B AP 31»',
  'CEP            BAIRRO             MUNICÍPIO         UF',
  '«CEP:58040-440»      «ENDERECO:TORRE»              JOAO PESSOA       PB',
  '',
  'TELEFONE                 ENDEREÇO ELETRÔNICO',
  '«TELEFONE:(83) 98841-2207»           «EMAIL:cadastro.lucena@provedor.com.br»',
  '',
  'DEPENDENTES',
  'Nome                         Parentesco   CPF',
  '',
  'DADOS DE RESIDÊNCIA',
  '17 UF: PB   18 Município de residência: CABEDELO',
  '',
].join('\n');

describe('masking: values under a line of labels', () => {
  it('masks each value by the label above it, a district beside a street only, and leaves places', () => {
    assert.equal(m.maskText(input(CARD)).value, expected(CARD));
  });

  it('leaves a number, a complement and a district under labels with no street', () => {
    const text = 'NÚMERO       COMPLEMENTO     BAIRRO\n12           SALA 4          CENTRO\n';
    assert.equal(m.maskText(text).value, text);
  });

  it('decides in a stream as the whole text does, and changes nothing masking again', () => {
    assertStableMasking(m, input(CARD), ['address', 'cep', 'phone', 'email', 'name']);
  });
});
