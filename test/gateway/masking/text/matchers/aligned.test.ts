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

const SQLPLUS = `SQL> SELECT nm_paciente, nr_cpf, dt_nascimento, nr_fone, vl_saldo FROM pacientes;

NM_PACIENTE                  NR_CPF      DT_NASCI NR_FONE     VL_SALDO
---------------------------- ----------- -------- ----------- --------
YUKIKO TANAKA DE ALMEIDA     52998224725 03/04/66 71988124455   120,50
GERSON KOPENAWA              11144477735 21/11/90 7132214478      0,00

2 linhas selecionadas.`;

describe('masking: tables ruled by dashes one space apart', () => {
  it('cuts each row by the rule under its header (SQL*Plus, sqlcmd), names cut to their width included, and leaves amounts and the footer', () => {
    assert.equal(
      m.maskText(SQLPLUS).value,
      `SQL> SELECT nm_paciente, nr_cpf, dt_nascimento, nr_fone, vl_saldo FROM pacientes;

NM_PACIENTE                  NR_CPF      DT_NASCI NR_FONE     VL_SALDO
---------------------------- ----------- -------- ----------- --------
[NOME]     [CPF] [DATA_NASCIMENTO] [TELEFONE]   120,50
[NOME]              [CPF] [DATA_NASCIMENTO] [TELEFONE]      0,00

2 linhas selecionadas.`,
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, SQLPLUS, ['name', 'cpf', 'birth_date', 'phone']);
  });
});

/** An aligned table boxed by bars, as Stata's `list` prints one: the bars frame it, the columns are lined up inside. */
const FRAMED = `. list id nome cpf dt_nasc telefone, noobs

  +--------------------------------------------------------------------------------+
  | id     nome                        cpf              dt_nasc     telefone        |
  |--------------------------------------------------------------------------------|
  | P-031  Lindomar Caxixó Prates      529.982.247-25   05feb1962   (31) 98877-1203 |
  | P-044  Osvaldina Terena            11144477735      19sep1990   31991450876     |
  +--------------------------------------------------------------------------------+`;

describe('masking: aligned tables framed by bars', () => {
  it('reads the columns inside the frame by their header, a phone as wide as its name included', () => {
    assert.equal(
      m.maskText(FRAMED).value,
      FRAMED.replace('Lindomar Caxixó Prates', '[NOME]')
        .replace('Osvaldina Terena', '[NOME]')
        .replace('529.982.247-25', '[CPF]')
        .replace('11144477735', '[CPF]')
        .replace('05feb1962', '[DATA_NASCIMENTO]')
        .replace('19sep1990', '[DATA_NASCIMENTO]')
        .replace('(31) 98877-1203', '[TELEFONE]')
        .replace('31991450876', '[TELEFONE]'),
    );
  });

  it('leaves a framed table whose columns name nothing personal', () => {
    const text = `  +-----------------------------+\n  | codigo   turno    vagas   |\n  |-----------------------------|\n  | T-12     manhã    12345678 |\n  +-----------------------------+`;
    assert.equal(m.maskText(text).value, text);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, FRAMED, ['name', 'cpf', 'birth_date', 'phone']);
  });
});
