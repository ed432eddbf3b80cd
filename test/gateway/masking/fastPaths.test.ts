/**
 * The performance mechanisms of the masking engine must not change what it does: the HMAC is
 * node's, the caches never change an output, and every fast path answers exactly as the plain
 * code it replaced (kept here as the reference).
 */
import { strict as assert } from 'node:assert';
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { HmacSha256 } from '../../../gateway/masking/hmac.js';
import { builtinProfile, createMasker, keyringFromSecrets } from '../../../gateway/masking/index.js';
import { stringifyWithOffsets } from '../../../gateway/masking/json.js';
import { fold } from '../../../gateway/masking/text/chars.js';
import { classifyKey, extraKeyTable, keyWordFacts, keyWords, mayClassify } from '../../../gateway/masking/text/keys.js';
import { WordTable } from '../../../gateway/masking/text/wordTable.js';
import { cpf, formatCpf, masker } from './fixtures.js';

/** Characters that stress UTF-8 encoding and folding: accents, ß, symbols, astral, lone surrogates. */
const UNITS = [
  'a',
  'Z',
  '0',
  ' ',
  '_',
  '-',
  '.',
  'é',
  'É',
  'Ç',
  'ç',
  'ã',
  'ß',
  'ÿ',
  '÷',
  '×',
  'Þ',
  'ǅ',
  'ŉ',
  '€',
  '中',
  '\u0301',
  '\u{1D400}',
  '😀',
  '\uD800',
  '\uDC00',
  '\u0000',
  '\n',
];
const unitString = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...UNITS), { maxLength }).map((units) => units.join(''));

/** The fold before its ASCII fast path: upper case, NFD, marks removed. */
const referenceFold = (text: string): string =>
  text
    .toUpperCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');

/** keyWords as it was written with regular expressions. */
function referenceKeyWords(key: string): string[] {
  const spaced = key.replace(/([a-zà-ÿ0-9])([A-ZÀ-Þ])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return fold(spaced)
    .split(/[^A-Z0-9]+/)
    .filter((word) => word.length > 0);
}

describe('masking fast paths', function () {
  this.timeout(120_000);

  describe('HMAC-SHA256', () => {
    it('equals createHmac for keys of every length and any string', () => {
      for (const length of [32, 33, 55, 63, 64, 65, 100, 128, 200]) {
        const key = randomBytes(length);
        const mac = new HmacSha256(key);
        fc.assert(
          fc.property(fc.oneof(unitString(80), fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 40 })), (value) => {
            assert.equal(mac.hex(value), createHmac('sha256', key).update(value, 'utf8').digest('hex'));
          }),
          { numRuns: 200 },
        );
      }
    });

    it('handles values across block boundaries and long values', () => {
      const key = randomBytes(32);
      const mac = new HmacSha256(key);
      for (let length = 0; length < 200; length++) {
        const value = 'x'.repeat(length);
        assert.equal(mac.hex(value), createHmac('sha256', key).update(value).digest('hex'), `length ${length}`);
      }
      const long = 'Maria da Silva, Rua das Flores 123 · '.repeat(3000);
      assert.equal(mac.hex(long), createHmac('sha256', key).update(long).digest('hex'));
      assert.equal(mac.hex('short again'), createHmac('sha256', key).update('short again').digest('hex'));
    });

    it('keyring.hmac and hmacAll give createHmac under each key', () => {
      const keys = [
        { id: 'new', secret: randomBytes(32) },
        { id: 'old', secret: randomBytes(70) },
      ];
      const keyring = keyringFromSecrets(keys);
      for (const value of ['52998224725', 'MARIA DA SILVA', 'ana@exemplo.com', '']) {
        const expected = keys.map((key) => ({ keyId: key.id, hmac: createHmac('sha256', key.secret).update(value).digest('hex') }));
        assert.deepEqual(keyring.hmacAll(value), expected);
        assert.deepEqual(keyring.hmac(value), expected[0]);
        assert.deepEqual(keyring.hmac(value), expected[0], 'the cached answer is the same');
      }
    });
  });

  describe('replacement and clean-string caches', () => {
    const document = (n: number): string =>
      Array.from({ length: n }, (_, i) => {
        const value = cpf([1, 2, 3, (i >> 8) % 10, (i >> 4) % 10, i % 10, 7, (i >> 12) % 10, 9]);
        return `Cliente Maria Souza ${i % 7}, CPF ${i % 2 ? formatCpf(value) : value}, tel (11) 9${String(8765_4321 + i).slice(0, 8)}.`;
      }).join('\n');

    it('gives the same output and events from a fresh masker and from one that has seen the values', () => {
      for (const strategy of ['redact', 'partial', 'pseudonym', 'synthetic'] as const) {
        const strategies = { cpf: strategy, name: strategy, phone: strategy };
        const text = document(300);
        const warm = masker(strategies);
        warm.maskText(document(50));
        const first = warm.maskText(text);
        const again = warm.maskText(text);
        const fresh = masker(strategies).maskText(text);
        assert.deepEqual(first, fresh);
        assert.deepEqual(again, fresh);
      }
    });

    it('stays right past its size limit (the cache is dropped and refilled)', () => {
      const text = document(9000);
      const m = masker({ cpf: 'pseudonym' });
      const once = m.maskText(text);
      const twice = m.maskText(text);
      assert.deepEqual(twice, once);
      assert.deepEqual(masker({ cpf: 'pseudonym' }).maskText(text), once);
    });

    it('masks a JSON key or short string the same after the same key was seen clean', () => {
      const m = masker();
      const clean = { model: 'demo', choices: [{ index: 0, text: 'ok' }] };
      for (let i = 0; i < 3; i++) assert.deepEqual(m.maskJson(clean).value, clean);
      const personal = { 'ana@exemplo.com': { model: 'demo' }, nome: 'Ana Souza', note: 'CPF 529.982.247-25' };
      const first = m.maskJson(personal);
      assert.deepEqual(m.maskJson(personal), first);
      assert.deepEqual(
        createMasker(builtinProfile(), keyringFromSecrets([{ id: 'k2', secret: Buffer.alloc(32, 2) }])).maskJson(personal).value,
        first.value,
      );
      assert.deepEqual(Object.keys(first.value as object), ['[EMAIL]', 'nome', 'note']);
    });
  });

  describe('text fast paths', () => {
    it('fold equals upper case with the accents removed', () => {
      fc.assert(
        fc.property(fc.oneof(unitString(12), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 })), (text) => {
          assert.equal(fold(text), referenceFold(text));
        }),
        { numRuns: 3000 },
      );
    });

    it('WordTable answers like a map of folded words, straight from the text', () => {
      const entries = new Map<string, number>([
        ['MARIA', 1],
        ['JOSE', 2],
        ['SS', 3],
        ['SAO', 4],
        ['DA', 5],
        ['ÇÃO', 6],
        ['Ø', 7],
      ]);
      const table = new WordTable(entries);
      fc.assert(
        fc.property(
          fc.array(
            fc.constantFrom(
              'maria',
              'MARIA',
              'Maria',
              'José',
              'jose',
              'ß',
              'SS',
              'São',
              'sao',
              'da',
              'ção',
              'ø',
              'Ø',
              'x',
              'mariá',
              ' ',
              '_',
            ),
            { maxLength: 4 },
          ),
          (parts) => {
            const text = parts.join('');
            for (let s = 0; s <= text.length; s++) {
              for (let e = s; e <= text.length; e++)
                assert.equal(table.get(text, s, e), entries.get(fold(text.slice(s, e))) ?? 0, JSON.stringify(text.slice(s, e)));
            }
          },
        ),
        { numRuns: 500 },
      );
    });

    it('keyWords splits keys as the regular expressions did', () => {
      const keys = fc.array(
        fc.constantFrom(
          'a',
          'b',
          'Z',
          'Y',
          'A',
          'C',
          '0',
          '9',
          ' ',
          '_',
          '-',
          'é',
          'É',
          'ß',
          '÷',
          '×',
          'Þ',
          'ÿ',
          'ç',
          'Ç',
          '\u0301',
          'N',
          'O',
          'M',
          'E',
        ),
        { maxLength: 14 },
      );
      fc.assert(
        fc.property(keys, (units) => {
          const key = units.join('');
          assert.deepEqual(keyWords(key), referenceKeyWords(key));
        }),
        { numRuns: 5000 },
      );
      for (const key of [
        'dataNascimento',
        'CPFTitular',
        'nomeCompletoDoCliente',
        'E-mail',
        'IPAddress',
        'ABCdEFg',
        'a1B2C',
        'Número do Cartão',
      ])
        assert.deepEqual(keyWords(key), referenceKeyWords(key), key);
    });

    it('skips a multi-word label only when classifyKey would find nothing in it', () => {
      const vocabulary = [
        'nome',
        'completo',
        'data',
        'de',
        'nascimento',
        'cpf',
        'cnpj',
        'e',
        'mail',
        'endereco',
        'eletronico',
        'correio',
        'card',
        'number',
        'cc',
        'pan',
        'full',
        'name',
        'remote',
        'addr',
        'ip',
        'pis',
        'pasep',
        'titulo',
        'eleitor',
        'codigo',
        'postal',
        'cliente',
        'user',
        'setor',
        'versao',
        'natal',
        'doc',
        'tipo',
        'numero',
        'cartao',
        'obs',
        'x',
      ];
      const word = fc
        .tuple(fc.constantFrom(...vocabulary), fc.constantFrom(0, 1, 2, 3))
        .map(([w, style]) =>
          style === 1 ? w.toUpperCase() : style === 2 ? w[0]!.toUpperCase() + w.slice(1) : style === 3 ? `${w}Nome` : w,
        );
      const extra = extraKeyTable(['numeroDoCartao', 'obs', 'ccnu mber']);
      fc.assert(
        fc.property(fc.array(word, { minLength: 2, maxLength: 4 }), fc.boolean(), (words, withExtra) => {
          const table = withExtra ? extra : undefined;
          let positive = false;
          let joined = '';
          for (const w of words) {
            const facts = keyWordFacts(w, 0, w.length);
            positive ||= facts.positive;
            joined += facts.joined;
          }
          if (!mayClassify(positive, joined, table)) assert.equal(classifyKey(words.join(' '), undefined, table), undefined);
        }),
        { numRuns: 5000 },
      );
    });

    it('classifies a key under a parent the same whatever was classified before', () => {
      for (const order of [0, 1]) {
        const key = order === 0 ? 'nome' : 'name';
        const plain = classifyKey(key);
        const underClient = classifyKey(key, 'cliente');
        const underAgent = classifyKey(key, 'agent');
        assert.deepEqual(plain, { detector: 'name', generic: true });
        assert.deepEqual(underClient, { detector: 'name', generic: false });
        assert.deepEqual(underAgent, { detector: 'name', generic: true });
        assert.deepEqual(classifyKey('nomeCompleto', 'agent'), { detector: 'name', generic: false });
        assert.deepEqual(classifyKey('paciente', 'cliente'), { detector: 'name', generic: true, role: true });
      }
    });

    it('serialises JSON exactly as JSON.stringify (events without offsets use the latter)', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          assert.equal(stringifyWithOffsets(value).text, JSON.stringify(value));
        }),
        { numRuns: 1000 },
      );
    });

    it('keeps the IPv4 decisions', () => {
      const m = masker();
      const masked = ['177.12.3.4', '10.0.0.1', '192.168.10.20', '200.1.255.7', '8.8.8.8'];
      const left = ['0.0.0.0', '127.0.0.1', '255.255.255.0', '224.0.0.1', '10.255.255.1', '010.1.1.1', '1.2.3.256', '1.02.3.4'];
      for (const ip of masked) assert.equal(m.maskText(`ip ${ip} ok`).value, 'ip [IP] ok', ip);
      for (const ip of left) assert.equal(m.maskText(`ip ${ip} ok`).value, `ip ${ip} ok`, ip);
      assert.equal(m.maskText('ip ::ffff:10.1.2.3 ok').value, 'ip [IP] ok');
    });
  });
});
