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

/** Firebird's isql: numbers right-aligned in their column, and rows typed by hand a few characters off the rule. */
const ISQL = `SQL> SELECT C.CODIGO, C.NOME, C.CPF, C.DT_NASC, C.FONE FROM CLIENTES C;

     CODIGO NOME                                     CPF            DT_NASC    FONE
=========== ======================================== ============== ========== ===============
      10422 WOLLINGER, ERMELINDA                     52998224725    1952-07-19 (47) 3382-1140
      10987 TAPAJÓS, RAIMUNDO NONATO               11144477735    1961-09-30 (93) 99120-4471
      11204 KAXUYANA, IRACI                          40028922190    1956-12-08 <null>
      11560 LAR DOS IDOSOS SÃO VICENTE             <null>         <null>     (47) 3382-9000

4 linhas selecionadas.`;

describe('masking: isql tables ruled by = one space apart', () => {
  it('reads rows whose first column is a right-aligned number, and rows a hand set off the rule word by word', () => {
    assert.equal(
      m.maskText(ISQL).value,
      ISQL.replace('WOLLINGER, ERMELINDA', '[NOME]')
        .replace('TAPAJÓS, RAIMUNDO NONATO', '[NOME]')
        .replace('KAXUYANA, IRACI', '[NOME]')
        .replace('52998224725', '[CPF]')
        .replace('11144477735', '[CPF]')
        .replace('1952-07-19', '[DATA_NASCIMENTO]')
        .replace('1961-09-30', '[DATA_NASCIMENTO]')
        .replace('1956-12-08', '[DATA_NASCIMENTO]')
        .replace('(47) 3382-1140', '[TELEFONE]')
        .replace('(93) 99120-4471', '[TELEFONE]')
        // The home's name is a body's; its phone, under the phone column, is masked all the same.
        .replace('(47) 3382-9000', '[TELEFONE]'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, ISQL, ['name', 'cpf', 'birth_date', 'phone']);
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

// A printed report: full-width rules around its header, rows printed a column to the right of
// their names, a remark between rows, and a column holding a name and a CPF together.
const REPORT = `1PREFEITURA MUNICIPAL DE ITAIÓPOLIS      SISTEMA SEPULT           PAG. 0003
 ------------------------------------------------------------------------------------
 QUADRA  FALECIDO(A)                    NASC       OBITO      DECLARANTE / CPF
 ------------------------------------------------------------------------------------
 07 112   WOJCIK TEODORA MALGORZATA      19310224   20261102   WOJCIK MARIANA 31820477525
 07 113   BATISTA DE LIMA ORONILDES      19480709   20261109   LIMA JOCELI 60411829319
                    *** JAZIGO PERPETUO - TAXA ISENTA ***
 09 004   TREVISAN JANDIRA               19551130   20261117   PROCURADORIA MUNICIPAL
 ------------------------------------------------------------------------------------`;

describe('masking: printed reports', () => {
  it("reads a report's rows printed one column off its header, past its rules and remarks, and reads a column of several fields as text", () => {
    const masked = m.maskText(REPORT).value;
    const rows = masked.split('\n');
    assert.equal(rows[4], ' 07 112   [NOME]      [DATA_NASCIMENTO]   20261102   [NOME] [CPF]');
    assert.equal(rows[5], ' 07 113   [NOME]      [DATA_NASCIMENTO]   20261109   [NOME] [CPF]');
    assert.equal(rows[6], '                    *** JAZIGO PERPETUO - TAXA ISENTA ***');
    assert.equal(rows[7], ' 09 004   [NOME]               [DATA_NASCIMENTO]   20261117   PROCURADORIA MUNICIPAL');
    // The header, the rules and the page's heading are left.
    for (const k of [0, 1, 2, 3, 8]) assert.equal(rows[k], REPORT.split('\n')[k]);
  });

  it('leaves rows that line up one off under an exactly aligned header of a table whose rule sets its columns', () => {
    const text = ` MATRIC NOME DO SERVIDOR              CPF         NASCIM
 ------ ------------------------------ ----------- --------
 004127 KOWALSKI DAREK                 31820477525 19711003`;
    assert.equal(m.maskText(text).value.split('\n')[0], ' MATRIC NOME DO SERVIDOR              CPF         NASCIM');
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, REPORT, ['birth_date', 'name', 'cpf']);
  });
});

describe('masking: pandas prints whose names meet at one space', () => {
  const PRINT = `                        nome              cpf data_nascimento   municipio
0  Hatsue Kuroda Figueiredo   31820477525      1944-03-19      Cuiabá
1       Juvêncio Bororo Boe   60411829319      1962-07-07       Sinop`;

  it('reads two names one space apart that name different kinds as two columns, never one cell masked as the first', () => {
    assert.equal(
      m.maskText(PRINT).value,
      `                        nome              cpf data_nascimento   municipio
0  [NOME]   [CPF]      [DATA_NASCIMENTO]      Cuiabá
1       [NOME]   [CPF]      [DATA_NASCIMENTO]       Sinop`,
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, PRINT, ['birth_date', 'name', 'cpf']);
  });
});

/** SAS's `proc print`: a blank line between the header and the first row. */
const SAS = `                   UFRR - PRAE - Bolsa Permanência - ativos 11/2026

 matricula     nome                                  cpf            dt_nasc       municipio              valor

 2021104417    TAUREPANG DA SILVA, ELIZEU            52998224725    14/03/2002    Pacaraima            1.400,00
 2022100839    PERSAUD, RAVINDRA KUMAR               11144477735    02/11/1999    Bonfim                700,00
                                                                                                   ==========
                                                                                                     2.100,00`;

describe("masking: SAS's proc print", () => {
  it('reads the columns of a header whose first row comes after a blank line', () => {
    assert.equal(
      m.maskText(SAS).value,
      SAS.replace('TAUREPANG DA SILVA, ELIZEU', '[NOME]')
        .replace('PERSAUD, RAVINDRA KUMAR', '[NOME]')
        .replace('52998224725', '[CPF]')
        .replace('11144477735', '[CPF]')
        .replace('14/03/2002', '[DATA_NASCIMENTO]')
        .replace('02/11/1999', '[DATA_NASCIMENTO]'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, SAS, ['name', 'cpf', 'birth_date']);
  });
});

describe('masking: a line with a code in it is no header', () => {
  it("masks a whole name on the line after a label and a code of capitals and digits (a property run's counterexample)", () => {
    assert.equal(
      m.maskText('CPF KDOQPB0CMWMT63 \nＪｏãｏ Ｐｅｒｅｉｒａ \n00000000191 00000000000191').value,
      'CPF [CNPJ] \n[NOME] \n[CPF] [CNPJ]',
    );
  });
});

describe("masking: a street's line under two names is no table's row", () => {
  it('masks the address whole under a line of two names set two spaces apart (property runs: masking twice changed it)', () => {
    for (const [text, want] of [
      ['São Paulo/SP  CPF\nAv. Paulista, 1578 x', 'São Paulo/SP  CPF\n[ENDERECO] x'],
      ['da empresa CPF  Maria da Silva\nRua das Flores, 123, apto 4 - Centro ', 'da empresa CPF  [NOME]\n[ENDERECO] '],
    ] as const) {
      assert.equal(m.maskText(text).value, want);
      assert.equal(m.maskText(want).value, want);
    }
  });
});
