/** ANSI X12 segments, one or several to a line: the tag and its qualifiers say what each value is. */
import { strict as assert } from 'node:assert';
import type { DetectorId } from '../../../../../../gateway/masking/index.js';
import { chunksAt, cpf, drain, masker } from '../../../fixtures.js';

const m = masker();
const KINDS: readonly DetectorId[] = ['name', 'address', 'cep', 'birth_date', 'cpf', 'phone', 'email', 'cnpj'];
const member = cpf([4, 0, 2, 7, 7, 1, 9, 3, 8]);

/** A benefit enrolment (834): the sponsor and its contact, a member with address, birth date and numbers. */
const ENROLMENT = [
  'ST*834*0042*005010X220A1~',
  'BGN*00*LOTE-2026-12*20261201*0930****2~',
  'NM1*P5*2*COOPERATIVA AGRO SERRA VERDE*****FI*11222333000181~',
  'PER*IC*GILVANETE SOARES*TE*4933221100~',
  'INS*Y*18*030*XN*A*E**FT~',
  `NM1*IL*1*NAKASHIMA*ODETE*YURI***34*${member}~`,
  'PER*IP**CP*49991827364*EM*ODETE.YN@CORREIO-EXEMPLO.COM.BR~',
  'N3*RUA PADRE ANCHIETA 412*FUNDOS~',
  'N4*CHAPECO*SC*89802120~',
  'DMG*D8*19790211*F~',
  'DTP*356*D8*20270101~',
  'HD*021**HLT*PLANO ESSENCIAL~',
  'SE*12*0042~',
].join('\n');

describe('masking: X12 segments', () => {
  it("masks a person's names, street, postcode, numbers and birth date, a contact's name, and leaves the sponsor, places, plan and other dates", () => {
    assert.equal(
      m.maskText(ENROLMENT).value,
      ENROLMENT.replace('NAKASHIMA*ODETE*YURI', '[NOME]*[NOME]*[NOME]')
        .replace('GILVANETE SOARES', '[NOME]')
        .replace(member, '[CPF]')
        .replace('49991827364', '[TELEFONE]')
        .replace('ODETE.YN@CORREIO-EXEMPLO.COM.BR', '[EMAIL]')
        .replace('RUA PADRE ANCHIETA 412*FUNDOS', '[ENDERECO]*[ENDERECO]')
        .replace('89802120', '[CEP]')
        .replace('19790211', '[DATA_NASCIMENTO]')
        .replace('11222333000181', '[CNPJ]'),
    );
  });

  it('reads segments joined on one line the same, and a line without its terminator as prose', () => {
    const oneLine = ENROLMENT.replace(/\n/g, '');
    assert.equal(m.maskText(oneLine).value, m.maskText(ENROLMENT).value.replace(/\n/g, ''));
    assert.equal(m.maskText('DMG*D8*19790211*F e mais texto').value, 'DMG*D8*19790211*F e mais texto');
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again (redacted or pseudonymised)', () => {
    const whole = m.maskText(ENROLMENT).value;
    for (let cut = 0; cut <= ENROLMENT.length; cut++)
      assert.equal(drain(m.textStream(), chunksAt(ENROLMENT, [cut])).value, whole, `cut at ${cut}`);
    // A partial mask writes `*`, X12's own separator, so the record it leaves is no longer one (docs/masking.md).
    for (const strategy of ['redact', 'pseudonym'] as const) {
      const mk = masker(Object.fromEntries(KINDS.map((id) => [id, strategy])));
      const once = mk.maskText(ENROLMENT).value;
      assert.equal(mk.maskText(once).value, once, strategy);
    }
  });
});
