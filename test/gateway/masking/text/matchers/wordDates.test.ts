/**
 * Birth dates with words in them: a day, month and year written out (as deeds and proclamas
 * write them, after the birthplace), a month and year, a year alone in words, and a date spoken
 * with the month's number (call transcripts).
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();

const CASES: readonly (readonly [string, string])[] = [
  // The year's last two digits, as people say it.
  ['Eu nasci dia 3 de outubro de 87, em Codó.', 'Eu nasci dia [DATA_NASCIMENTO], em Codó.'],
  [
    'ele, analista, nascido em Governador Valadares-MG aos vinte e nove de outubro de mil novecentos e oitenta e quatro, filho de',
    'ele, analista, nascido em Governador Valadares-MG aos [DATA_NASCIMENTO], filho de',
  ],
  [
    'ela, nascida em Cruzeiro do Sul/AC, no dia três de junho de 2001, filha de',
    'ela, nascida em Cruzeiro do Sul/AC, no dia [DATA_NASCIMENTO], filha de',
  ],
  ['CLIENTE: Nasci em vinte e dois do onze de setenta e um.', 'CLIENTE: Nasci em [DATA_NASCIMENTO].'],
  ['a avó nasceu em setenta e quatro, no sítio', 'a avó nasceu em [DATA_NASCIMENTO], no sítio'],
  ['Nasci em mil novecentos e quarenta e oito', 'Nasci em [DATA_NASCIMENTO]'],
  ['o caçula nasceu em dois mil e dez', 'o caçula nasceu em [DATA_NASCIMENTO]'],
  ['Data de nascimento: outubro de 1966', 'Data de nascimento: [DATA_NASCIMENTO]'],
  [
    'a tia, nascida no mesmo ano que o pai, em setembro de 1949, veio depois',
    'a tia, nascida no mesmo ano que o pai, em [DATA_NASCIMENTO], veio depois',
  ],
  ['Nasc.: ago/1958', 'Nasc.: [DATA_NASCIMENTO]'],
  ['nascido em Set. 1990', 'nascido em [DATA_NASCIMENTO]'],
];

describe('masking: birth dates in words', () => {
  it('masks a day, month and year written out after the birthplace, a month and year, a year alone, and a spoken date', () => {
    for (const [text, want] of CASES) assert.equal(m.maskText(text).value, want, text);
  });

  it('leaves words that only look like a date: no birth cue, a year no one living was born in, a number that is no year, a day that does not exist', () => {
    for (const text of [
      'Em agosto de 1927 a cidade ganhou luz elétrica.',
      'a reunião de março de 2025 foi adiada',
      'nasceu em uma noite de chuva',
      'nasceu em dois dias de viagem',
      'nascido em mil oitocentos e dez',
      'a ideia nasceu em três reuniões',
      'dezenove do sete de sessenta e oito',
      'nascido em 31 de fevereiro de 1990',
      'nascido em 31 fev 1990',
      'nascido em 30 de fevereiro de 87',
    ])
      assert.equal(m.maskText(text).value, text, text);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    for (const [text] of CASES) assertStableMasking(m, text, ['birth_date', 'name']);
  });
});
