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

/** Dates whose month is a name or an abbreviation, as statistics packages, Oracle and forms print them. */
const MONTH_NAMES = `SAS: paciente_dn=04OCT1958 sexo=F
Data de nascimento: 23-ABR-1971
dob: 9/dic/2001 (hermano)
DN 15 fev. 1948, internação 02 fev. 2026
nasc_resp = 30-JUN-66
Consulta em 12out2026; retorno 3 set 2027, lote 7 mar 20 caixas`;

describe('masking: birth dates with the month in letters', () => {
  it('masks a day, a month name or abbreviation (Portuguese, English, Spanish) and a year after a birth cue, and leaves other such dates', () => {
    assert.equal(
      m.maskText(MONTH_NAMES).value,
      MONTH_NAMES.replace('04OCT1958', '[DATA_NASCIMENTO]')
        .replace('23-ABR-1971', '[DATA_NASCIMENTO]')
        .replace('9/dic/2001', '[DATA_NASCIMENTO]')
        .replace('15 fev. 1948', '[DATA_NASCIMENTO]')
        .replace('30-JUN-66', '[DATA_NASCIMENTO]'),
    );
  });

  it('leaves a day the calendar lacks', () => {
    const text = 'nascimento: 31abr1970; DN 30-FEB-1980';
    assert.equal(m.maskText(text).value, text);
  });

  it('normalises every spelling of a date to the same day', () => {
    const hashes = ['DN: 04OCT1958', 'DN: 04-out-1958', 'DN: 04/10/1958', 'DN: 4 de outubro de 1958'].map(
      (text) => m.maskText(text).events[0]?.hmac,
    );
    assert.ok(hashes[0] !== undefined);
    assert.equal(new Set(hashes).size, 1, JSON.stringify(hashes));
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, MONTH_NAMES, ['birth_date']);
  });
});

/** A failing test's report: the fixture gives the birth date under its key, the diff repeats it in other spellings. */
const REPEATED = `    cliente = Cliente(nome="Gildásio Prates", nascimento=date(1969, 4, 21))
>       assert linha == "GILDASIO PRATES;21/04/1969;ativo"
E       AssertionError: '1969-04-21' != '21/04/1969'
E       registro 21.04.1969 de outro cliente: 22/04/1969
Data da coleta: 21/04/1969`;

describe('masking: a birth date written again', () => {
  it('masks the same day written again later in another spelling, and leaves other days and a date its own label names', () => {
    assert.equal(
      m.maskText(REPEATED).value,
      `    cliente = Cliente(nome="[NOME]", nascimento=date([DATA_NASCIMENTO]))
>       assert linha == "[NOME];[DATA_NASCIMENTO];ativo"
E       AssertionError: '[DATA_NASCIMENTO]' != '[DATA_NASCIMENTO]'
E       registro [DATA_NASCIMENTO] de outro cliente: 22/04/1969
Data da coleta: 21/04/1969`,
    );
  });

  it('remembers forward only: the same day before the birth date is left', () => {
    const text = 'visita em 21/04/1969; nascimento: 21/04/1969';
    assert.equal(m.maskText(text).value, 'visita em 21/04/1969; nascimento: [DATA_NASCIMENTO]');
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, REPEATED, ['birth_date', 'name']);
  });
});

describe('masking: a birth year alone', () => {
  it('masks the year after `nascido em` or `born in`, and leaves a year something else was born in', () => {
    const text = 'Dependente: Cauã, nascida em 2016, e o avô, born in 1941; a cooperativa nasceu em 2003, fundada em 2003.';
    assert.equal(
      m.maskText(text).value,
      'Dependente: [NOME], nascida em [DATA_NASCIMENTO], e o avô, born in [DATA_NASCIMENTO]; a cooperativa nasceu em 2003, fundada em 2003.',
    );
  });
});
