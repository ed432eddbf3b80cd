/** UN/EDIFACT segments, one to a line: the tag and its qualifiers say what each value is. */
import { strict as assert } from 'node:assert';
import { assertStableMasking, cpf, masker } from '../../../fixtures.js';

const m = masker();
const passenger = cpf([3, 1, 4, 7, 7, 0, 2, 9, 5]);

/** A passenger list (PAXLST) and an order (ORDERS): carriers and suppliers identified by code, people by name. */
const MESSAGE = [
  "UNB+UNOA:4+ETIHADBR:ZZ+DPFBSB:ZZ+270102:0930+APIS0091'",
  "UNH+1+PAXLST:D:05B:UN:IATA'",
  "NAD+MS+++COMPANHIA AEREA EXEMPLO+AV DAS NACOES 900+BRASILIA+DF+70800400+BR'",
  "COM+6133224400:TE'",
  "NAD+FL+++OKONKWO:CHIDINMA ADAEZE+RUA PROFESSOR LOPES 77 APTO 31+CURITIBA+PR+80210150+BR'",
  "ATT+2++F'",
  "DTM+329:19840922'",
  `RFF+AVF:${passenger}'`,
  "COM+41998271104:AL'",
  "COM+chidinma.okonkwo@correio-exemplo.com.br:EM'",
  "NAD+BY+7891000100103::9++ATACADO SERRA AZUL LTDA+ROD BR 116 KM 3+CAMPINA GRANDE DO SUL+PR++BR'",
  "CTA+PD+:GUSTAVO HENRIQUE ZAMPIERI'",
  "DTM+137:20270102:102'",
  "DTM+329:19841331:102'",
  "FTX+AAI+++ENTREGAR NA PORTARIA'",
  "UNT+14+1'",
].join('\n');

describe('masking: EDIFACT segments', () => {
  it("masks a person's party (name, street, postcode), contact names, numbers and mailboxes and a birth date, and leaves organisations, places and other dates", () => {
    assert.equal(
      m.maskText(MESSAGE).value,
      MESSAGE.replace('OKONKWO:CHIDINMA ADAEZE', '[NOME]')
        .replace('RUA PROFESSOR LOPES 77 APTO 31', '[ENDERECO]')
        .replace('80210150', '[CEP]')
        .replace('19840922', '[DATA_NASCIMENTO]')
        .replace(passenger, '[CPF]')
        .replace('41998271104', '[TELEFONE]')
        .replace('chidinma.okonkwo@correio-exemplo.com.br', '[EMAIL]')
        .replace('GUSTAVO HENRIQUE ZAMPIERI', '[NOME]'),
    );
  });

  it('reads a segment only when it ends with its terminator (a line of prose with a + is none)', () => {
    const text = 'NAD+FL+++OKONKWO:CHIDINMA+RUA X+CIDADE, e o resto segue';
    assert.equal(m.maskText(text).value.includes('[ENDERECO]'), false);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, MESSAGE, ['name', 'address', 'cep', 'birth_date', 'cpf', 'phone', 'email']);
  });
});
