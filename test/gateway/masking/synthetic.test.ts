/**
 * The synthetic strategy: a format-valid fake of the same kind in the original's layout, stable
 * per key, never the original, replaced again when it passes twice (never taken for masked output),
 * with events that still carry the HMAC of the original.
 */
import { strict as assert } from 'node:assert';
import type { MaskingProfileConfig } from '../../../gateway/masking/config.js';
import {
  builtinProfile,
  createMasker,
  keyringFromSecrets,
  type DetectorId,
  type Masker,
  type MaskingKeyring,
} from '../../../gateway/masking/index.js';
import { validCnh, validCnpj, validCns, validCpf, validPis, validTitulo } from '../../../gateway/masking/text/validate.js';
import { cnpj, cpf, formatCnpj, formatCpf, keyring, only } from './fixtures.js';

function synthetic(ids: readonly DetectorId[], ring: MaskingKeyring = keyring): Masker {
  const detectors = new Map(builtinProfile().detectors);
  for (const id of ids) detectors.set(id, 'synthetic');
  const profile: MaskingProfileConfig = { name: 'fixtures', detectors, sensitiveKeys: [] };
  return createMasker(profile, ring);
}

const otherKeyring = keyringFromSecrets([{ id: 'k9', secret: Buffer.alloc(32, 9) }]);

/** Letters and digits become x: what is left is the layout. */
function layout(value: string): string {
  return value.replace(/[0-9A-Za-z]/g, 'x');
}

function alphanumerics(value: string): string {
  return value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

interface Case {
  readonly detector: DetectorId;
  /** Text around the value (a cue where the detector needs one). */
  readonly before: string;
  readonly value: string;
  readonly valid: (normal: string) => boolean;
}

const CASES: readonly Case[] = [
  { detector: 'cpf', before: 'CPF ', value: '529.982.247-25', valid: validCpf },
  { detector: 'cpf', before: 'CPF ', value: '52998224725', valid: validCpf },
  { detector: 'cnpj', before: 'CNPJ ', value: formatCnpj(cnpj('112223330001')), valid: validCnpj },
  { detector: 'cnpj', before: 'CNPJ ', value: '12.ABC.345/01DE-35', valid: validCnpj },
  { detector: 'pis', before: 'NIS ', value: '120.56874.10-7', valid: validPis },
  { detector: 'cnh', before: 'CNH ', value: '02650306461', valid: validCnh },
  { detector: 'cns', before: 'Cartão SUS ', value: '706 6758 2926 6065', valid: validCns },
  { detector: 'cns', before: 'CNS: ', value: '112198034774099', valid: validCns },
  { detector: 'titulo_eleitor', before: 'Título de eleitor ', value: '1066 4444 0302', valid: validTitulo },
  { detector: 'cep', before: 'CEP ', value: '01310-100', valid: (digits) => digits.length === 8 },
  { detector: 'phone', before: 'tel ', value: '(11) 98765-4321', valid: (d) => d.length === 11 && d.startsWith('119') },
  { detector: 'phone', before: 'fone ', value: '+55 21 3456-7890', valid: (d) => d.length === 12 && d.startsWith('55213') },
];

function fakeIn(masked: string, before: string, after: string): string {
  assert.ok(masked.startsWith(before) && masked.endsWith(after), masked);
  return masked.slice(before.length, masked.length - after.length);
}

describe('synthetic replacements', () => {
  for (const c of CASES) {
    describe(`${c.detector} ${c.value}`, () => {
      const input = `${c.before}${c.value}; fim`;
      const m = synthetic([c.detector]);
      const once = m.maskText(input);
      const fake = fakeIn(once.value, c.before, '; fim');

      it('is a valid value of the same kind, in the same layout, never the original', () => {
        assert.notEqual(alphanumerics(fake), alphanumerics(c.value));
        assert.equal(layout(fake), layout(c.value));
        assert.ok(c.valid(alphanumerics(fake)), `${fake} passes its check rule`);
        // The engine itself takes it for real data of that kind.
        assert.equal(only(c.detector).maskText(`${c.before}${fake}`).events[0]?.detector, c.detector);
      });

      it('is the same under the same key and another under another key', () => {
        assert.equal(synthetic([c.detector]).maskText(input).value, once.value);
        const elsewhere = fakeIn(synthetic([c.detector], otherKeyring).maskText(input).value, c.before, '; fim');
        assert.notEqual(elsewhere, fake);
        assert.ok(c.valid(alphanumerics(elsewhere)));
      });

      it('records the HMAC of the original, as every strategy does', () => {
        const redacted = only(c.detector).maskText(input);
        assert.equal(once.events.length, 1);
        assert.equal(once.events[0]?.hmac, redacted.events[0]?.hmac);
        assert.equal(once.events[0]?.replacement, fake);
      });

      it('is replaced again when the masked text passes a second time (a fake is never taken for masked output)', () => {
        const again = m.maskText(once.value);
        assert.equal(again.events.length, 1);
        assert.notEqual(again.value, once.value);
        assert.equal(m.maskText(once.value).value, again.value, 'the same fake every time under one key');
      });
    });
  }

  it('gives a CPF whose check digits are those of its first nine digits', () => {
    const fake = alphanumerics(fakeIn(synthetic(['cpf']).maskText('CPF 529.982.247-25.').value, 'CPF ', '.'));
    assert.equal(fake, cpf([...fake.slice(0, 9)].map(Number)));
  });

  it('keeps letters where an alphanumeric CNPJ has them, and the head office of a numeric one', () => {
    const alpha = fakeIn(synthetic(['cnpj']).maskText('CNPJ 12.ABC.345/01DE-35').value, 'CNPJ ', '');
    assert.match(alpha, /^\d{2}\.[A-Z]{3}\.\d{3}\/\d{2}[A-Z]{2}-\d{2}$/);
    const numeric = fakeIn(synthetic(['cnpj']).maskText(`CNPJ ${formatCnpj(cnpj('112223330002'))}`).value, 'CNPJ ', '');
    assert.match(numeric, /^\d{2}\.\d{3}\.\d{3}\/0001-\d{2}$/);
  });

  it('replaces every one of many real values (none is taken for a fake), each with its own fake', () => {
    const values = Array.from({ length: 300 }, (_, i) => formatCpf(cpf([3, 1, 4, (i / 100) | 0, ((i / 10) | 0) % 10, i % 10, 2, 6, 5])));
    const masked = synthetic(['cpf']).maskText(values.map((value) => `CPF ${value}`).join('\n'));
    assert.equal(masked.events.length, 300);
    const fakes = masked.value.split('\n').map((line) => line.slice(4));
    for (const [i, fake] of fakes.entries()) assert.notEqual(fake, values[i]);
    assert.ok(new Set(fakes).size >= 295, 'fakes rarely coincide');
  });

  it('masks JSON values under their keys, numbers included, and again on a second pass', () => {
    const m = synthetic(['cpf', 'cnpj', 'cep']);
    const once = m.maskJson({ cliente: { cpf: '529.982.247-25', cnpj: 11222333000181, cep: '01310-100' } });
    const cliente = (once.value as { cliente: { cpf: string; cnpj: string; cep: string } }).cliente;
    assert.match(cliente.cpf, /^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
    assert.ok(validCpf(alphanumerics(cliente.cpf)) && cliente.cpf !== '529.982.247-25');
    assert.ok(validCnpj(cliente.cnpj) && cliente.cnpj !== '11222333000181');
    assert.match(cliente.cep, /^\d{5}-\d{3}$/);
    assert.equal(once.events.length, 3);
    const again = m.maskJson(once.value);
    assert.notDeepEqual(again.value, once.value);
    assert.equal(again.events.length, 3);
  });

  it('gives an e-mail address at a domain reserved for examples', () => {
    const m = synthetic(['email']);
    const once = m.maskText('Escreva para joao.silva@gmail.com hoje');
    const fake = fakeIn(once.value, 'Escreva para ', ' hoje');
    assert.match(fake, /^usuario\d{10}@example\.com$/);
    assert.equal(synthetic(['email']).maskText('Escreva para JOAO.SILVA@gmail.com hoje').value, once.value, 'one address, one fake');
    assert.notEqual(fakeIn(m.maskText('Escreva para maria@uol.com.br hoje').value, 'Escreva para ', ' hoje'), fake);
    assert.equal(once.events[0]?.hmac, only('email').maskText('Escreva para joao.silva@gmail.com hoje').events[0]?.hmac);
    const again = m.maskText(once.value);
    assert.equal(again.events.length, 1);
    assert.match(fakeIn(again.value, 'Escreva para ', ' hoje'), /^usuario\d{10}@example\.com$/);
  });

  it('gives a person a plausible name of as many words, particles kept, the same under one key', () => {
    const masked = synthetic(['name']).maskText('Cliente: Maria Aparecida dos Santos');
    const fake = fakeIn(masked.value, 'Cliente: ', '');
    assert.match(fake, /^[A-Z][a-z]+ [A-Z][a-z]+ dos [A-Z][a-z]+$/);
    assert.notEqual(fake, 'Maria Aparecida dos Santos');
    assert.equal(synthetic(['name']).maskText('Cliente: MARIA APARECIDA DOS SANTOS').value.slice(9), fake.toUpperCase());
    assert.equal(masked.events[0]?.hmac, only('name').maskText('Cliente: Maria Aparecida dos Santos').events[0]?.hmac);
    assert.notEqual(fakeIn(synthetic(['name'], otherKeyring).maskText('Cliente: Maria Aparecida dos Santos').value, 'Cliente: ', ''), fake);
  });

  it('gives a birth date in the original layout, never the original', () => {
    const masked = synthetic(['birth_date']).maskText('Data de nascimento: 14/03/1985.');
    const fake = fakeIn(masked.value, 'Data de nascimento: ', '.');
    assert.match(fake, /^(0[1-9]|1\d|2[0-8])\/(0[1-9]|1[0-2])\/(19[4-9]\d|200[0-5])$/);
    assert.notEqual(fake, '14/03/1985');
  });

  it('gives a pseudonym for data that has no synthetic values (addresses)', () => {
    const masked = synthetic(['address']).maskText('Endereço: Rua XV de Novembro, 928 - Centro');
    assert.match(masked.value, /ENDERECO_[0-9a-f]{8}/);
  });

  it('masks a fake made under another key like any real value', () => {
    const fake = fakeIn(synthetic(['cpf'], otherKeyring).maskText('CPF 529.982.247-25').value, 'CPF ', '');
    const masked = synthetic(['cpf']).maskText(`CPF ${fake}`);
    assert.equal(masked.events.length, 1);
    assert.notEqual(masked.value, `CPF ${fake}`);
  });
});
