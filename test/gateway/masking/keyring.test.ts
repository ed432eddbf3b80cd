/** HMAC events, normalisation, strategies, key files and failing closed. */
import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKeyring,
  createMasker,
  MaskingError,
  normaliseForLookup,
  builtinProfile,
  type MaskingKeyring,
} from '../../../gateway/masking/index.js';
import { keyring, masker } from './fixtures.js';

describe('masking events and keys', () => {
  it('records a keyed HMAC of the normalised value under the current key, never the value', () => {
    const result = masker().maskText('CPF 529.982.247-25');
    const [event] = result.events;
    assert.ok(event);
    assert.equal(event.keyId, 'k2');
    assert.equal(event.hmac, createHmac('sha256', Buffer.alloc(32, 2)).update('52998224725').digest('hex'));
    assert.doesNotMatch(JSON.stringify(result.events), /529\.982|52998224725/);
  });

  it('gives one HMAC per person whatever the formatting', () => {
    const m = masker();
    const hmacs = (input: string): string[] => m.maskText(input).events.map((event) => event.hmac);
    assert.deepEqual(hmacs('529.982.247-25'), hmacs('52998224725'));
    assert.deepEqual(hmacs('Sr. José da Conceição'), hmacs('SR. JOSE DA CONCEICAO'));
    assert.deepEqual(hmacs('+55 (11) 98765-4321'), hmacs('tel 11987654321'));
    assert.deepEqual(hmacs('Maria.Souza@Exemplo.com'), hmacs('maria.souza@exemplo.com'));
  });

  it('normalises look-ups the way events were made', () => {
    assert.equal(normaliseForLookup('cpf', '529.982.247-25'), '52998224725');
    assert.equal(normaliseForLookup('cnpj', '12.abc.345/01de-35'), '12ABC34501DE35');
    assert.equal(normaliseForLookup('name', 'José  da Conceição'), 'JOSE DA CONCEICAO');
    assert.equal(normaliseForLookup('phone', '+55 (11) 98765-4321'), '11987654321');
    assert.equal(normaliseForLookup('birth_date', '12 de março de 1985'), '1985-03-12');
    assert.equal(normaliseForLookup('birth_date', '12/03/1985'), '1985-03-12');
    assert.equal(normaliseForLookup('ip', '2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(normaliseForLookup('address', 'R. das Flores, nº 123'), normaliseForLookup('address', 'Rua das Flores, 123'));
  });

  it('hmacAll answers under every key, current first, so look-ups survive a rotation', () => {
    const all = keyring.hmacAll('52998224725');
    assert.deepEqual(
      all.map((entry) => entry.keyId),
      ['k2', 'k1'],
    );
    assert.equal(all[1]?.hmac, createHmac('sha256', Buffer.alloc(32, 1)).update('52998224725').digest('hex'));
  });

  it('generates a missing key file once, owner-only, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'masking-keys-'));
    const config = { keys: [{ id: 'k9', secret: undefined }], profiles: new Map() };
    const first: MaskingKeyring = createKeyring(config, dir, dir);
    const file = join(dir, 'masking-k9.key');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const again = createKeyring(config, dir, dir);
    assert.equal(first.hmac('x').hmac, again.hmac('x').hmac);
    assert.ok(readFileSync(file, 'utf8').trim().length >= 43);
  });

  it('applies the partial and pseudonym strategies', () => {
    const m = masker({ cpf: 'partial', phone: 'partial', email: 'partial', name: 'pseudonym', cep: 'partial', credit_card: 'partial' });
    const out = m.maskText('José Pereira, CPF 529.982.247-25, (11) 98765-4321, jose@exemplo.com, CEP 01310-100, 4111 1111 1111 1111').value;
    assert.match(
      out,
      /^NOME_[0-9a-f]{8}, CPF \*\*\*\.982\.247-\*\*, \(\*\*\) \*\*\*\*\*-4321, j\*\*\*@exemplo\.com, CEP 01310-\*\*\*, \*\*\*\* \*\*\*\* \*\*\*\* 1111$/,
    );
    assert.equal(m.maskText('José Pereira').value, m.maskText('JOSE PEREIRA').value);
  });

  it('keeps replacements valid inside string literals', () => {
    const m = masker({ name: 'partial', address: 'partial' });
    const out = m.maskText(`const a = 'Maria D'Ávila'; const b = "Rua Sete de Setembro, 45";`).value;
    assert.doesNotMatch(out.replace(`const a = '`, '').replace(`'; const b = "`, '').replace(`";`, ''), /["'\\\n]/);
  });

  it('fails closed with a coded error when masking itself breaks', () => {
    const broken = {
      currentKeyId: 'x',
      keyIds: ['x'],
      hmac: () => {
        throw new Error('disk on fire');
      },
      hmacAll: () => [],
    };
    const m = createMasker(builtinProfile(), broken);
    assert.throws(
      () => m.maskText('CPF 529.982.247-25'),
      (error: unknown) => error instanceof MaskingError && error.code === 'masking_failed',
    );
    const stream = m.textStream();
    assert.throws(() => stream.push('O CPF 529.982.247-25 foi informado e mais'), MaskingError);
    assert.throws(() => stream.push('nada'), MaskingError);
  });
});
