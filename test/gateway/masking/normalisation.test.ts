/**
 * Normalisation before detection: values written in other digit scripts, with invisible
 * characters, other dashes and spaces, character references, percent- or backslash-escapes,
 * inside markup, glued to a prefix or right after another value, and split anywhere across
 * stream chunks, are masked whole, and nothing of them is left in any form.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fold } from '../../../gateway/masking/text/chars.js';
import { normaliseView, type TextSyntax } from '../../../gateway/masking/text/view.js';
import type { StreamMasker } from '../../../gateway/masking/index.js';
import { chunksAt, cnpj, cpf, drain, formatCnpj, formatCpf, masker } from './fixtures.js';

const m = masker();

/** Zero of each decimal digit script the property writes digits in. */
const DIGIT_ZEROS = [0x30, 0xff10, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0x1040, 0x1d7ce, 0x1d7f6, 0x1e950];
const INVISIBLE = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u00ad',
  '\ufeff',
  '\u2060',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202c',
  '\u2066',
  '\u2069',
  '&#8203;',
  '%E2%80%8B',
  '\\u200b',
];
const DOTS = ['.', '\uff0e', '\u2024', '&#46;', '%2E', '&period;'];
const DASHES = [
  '-',
  '\u2010',
  '\u2011',
  '\u2012',
  '\u2013',
  '\u2014',
  '\u2212',
  '\ufe63',
  '\uff0d',
  '&ndash;',
  '&#x2013;',
  '%2D',
  '\\u2013',
];
const SLASHES = ['/', '\uff0f', '&#47;', '%2F'];
const SPACES = [' ', '\u00a0', '\u2009', '\u202f', '\u3000', '&nbsp;', '%20'];
const NAMES = ['Maria da Silva', 'João Pereira', 'Ana Beatriz Souza', 'José Carlos Oliveira', 'Francisca Santos'];
const BEFORE = ['', ' ', 'ID', 'cpf:', 'CPF ', 'CEP 01310-100 ', 'CEP: 01310-100, ', '(', '"', 'nº ', 'doc=', '\n'];
/** A name is never glued to a word before it: `IDMaria` is no one's name. */
const BEFORE_NAME = ['', ' ', '(', '"', 'Sr. ', 'cliente: ', '\n', ', '];
const AFTER = ['', ' ', '.', ',', ')', '"', ' fim', '\n'];

/** One character written in one of the ways an attacker or an encoder may write it. */
function writeDigit(d: number, form: number): string {
  if (form < DIGIT_ZEROS.length) return String.fromCodePoint((DIGIT_ZEROS[form] ?? 0x30) + d);
  switch (form - DIGIT_ZEROS.length) {
    case 0:
      return `&#${48 + d};`;
    case 1:
      return `&#x${(0x30 + d).toString(16)};`;
    case 2:
      return `%3${d}`;
    default:
      return `\\u003${d}`;
  }
}
const DIGIT_FORMS = DIGIT_ZEROS.length + 4;

const pick = <T>(items: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...items);
/** A character written as itself, not as an escape. */
const literal = (form: string): boolean => [...form].length === 1;

/** A document number (digits and upper-case letters) with its layout's separators, obfuscated. */
function obfuscated(value: string, layout: Layout, escapes = true): fc.Arbitrary<string> {
  const forms = escapes ? DIGIT_FORMS : DIGIT_ZEROS.length;
  return fc
    .record({
      forms: fc.array(fc.integer({ min: 0, max: forms - 1 }), { minLength: value.length, maxLength: value.length }),
      oneScript: fc.boolean(),
      formatted: fc.boolean(),
      dot: pick(escapes ? DOTS : DOTS.filter(literal)),
      dash: pick(escapes ? DASHES : DASHES.filter(literal)),
      slash: pick(escapes ? SLASHES : SLASHES.filter(literal)),
      space: pick(escapes ? SPACES : SPACES.filter(literal)),
      invisible: fc.array(fc.tuple(fc.nat(), pick(escapes ? INVISIBLE : INVISIBLE.filter(literal))), { maxLength: 3 }),
    })
    .map(({ forms, oneScript, formatted, dot, dash, slash, space, invisible }) => {
      const parts: string[] = [];
      for (let k = 0; k < value.length; k++) {
        const ch = value[k] ?? '0';
        const form = oneScript ? (forms[0] ?? 0) : (forms[k] ?? 0);
        parts.push(/\d/.test(ch) ? writeDigit(Number(ch), form) : ch);
        const separator = formatted ? layout.find(([at]) => at === k + 1)?.[1] : undefined;
        if (separator) parts.push(separator === 'dot' ? dot : separator === 'dash' ? dash : separator === 'slash' ? slash : space);
      }
      for (const [at, mark] of invisible) parts.splice(1 + (at % (parts.length - 1)), 0, mark);
      return parts.join('');
    });
}

const CPF_LAYOUT = [
  [3, 'dot'],
  [6, 'dot'],
  [9, 'dash'],
] as const;
const CPF_SPACED = [
  [3, 'space'],
  [6, 'space'],
  [9, 'space'],
] as const;
const CNPJ_LAYOUT = [
  [2, 'dot'],
  [5, 'dot'],
  [8, 'slash'],
  [12, 'dash'],
] as const;

const digit = fc.integer({ min: 0, max: 9 });
const cpfValue = fc
  .array(digit, { minLength: 9, maxLength: 9 })
  .filter((base) => new Set(base).size > 1)
  .map((base) => cpf(base));
const cnpjValue = fc.oneof(
  fc
    .array(digit, { minLength: 12, maxLength: 12 })
    .filter((base) => new Set(base).size > 1)
    .map((base) => cnpj(base.join(''))),
  fc
    .array(fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 12, maxLength: 12 })
    .filter((base) => new Set(base).size > 1 && /[A-Z]/.test(base.join('')))
    .map((base) => cnpj(base.join(''))),
);

interface Written {
  /** The value in its plain form: digits (and letters of a CNPJ), or the name. */
  readonly value: string;
  readonly kind: 'cpf' | 'cnpj' | 'name';
  readonly text: string;
}

type Layout = readonly (readonly [number, 'dot' | 'dash' | 'slash' | 'space'])[];

/** The layout's positions with any separator at each. */
function anySeparators(value: string, layout: Layout): fc.Arbitrary<string> {
  return fc.array(pick(['dot', 'dash', 'slash', 'space'] as const), { minLength: layout.length, maxLength: layout.length }).chain((kinds) =>
    obfuscated(
      value,
      layout.map(([at], k) => [at, kinds[k] ?? 'dot'] as const),
    ),
  );
}

const writtenCpf: fc.Arbitrary<Written> = cpfValue.chain((value) =>
  fc
    .oneof(obfuscated(value, CPF_LAYOUT), obfuscated(value, CPF_SPACED), anySeparators(value, CPF_LAYOUT))
    .map((text) => ({ value, kind: 'cpf' as const, text })),
);
const writtenCnpj: fc.Arbitrary<Written> = cnpjValue.chain((value) =>
  fc.oneof(obfuscated(value, CNPJ_LAYOUT), anySeparators(value, CNPJ_LAYOUT)).map((text) => ({ value, kind: 'cnpj' as const, text })),
);
const writtenName: fc.Arbitrary<Written> = fc
  .record({
    name: pick(NAMES),
    style: fc.integer({ min: 0, max: 4 }),
    invisible: fc.array(fc.tuple(fc.nat(), pick(INVISIBLE)), { maxLength: 2 }),
  })
  .map(({ name, style, invisible }) => {
    let text: string;
    switch (style) {
      case 0: // fullwidth letters
        text = [...name].map((ch) => (/[A-Za-z]/.test(ch) ? String.fromCodePoint((ch.codePointAt(0) ?? 0) + 0xfee0) : ch)).join('');
        break;
      case 1: // decomposed accents
        text = name.normalize('NFD');
        break;
      case 2: // character references for the accented letters and spaces
        text = [...name].map((ch) => (/[^A-Za-z]/.test(ch) ? `&#${ch.codePointAt(0) ?? 0};` : ch)).join('');
        break;
      case 3: // percent-encoded UTF-8
        text = encodeURIComponent(name);
        break;
      default:
        text = name.replace(/ /g, '\u00a0');
    }
    // Invisible characters inside the words only (a name split by one still reads as one word).
    const chars = [...text];
    for (const [at, mark] of invisible) {
      const k = 1 + (at % (chars.length - 1));
      if (/\p{L}/u.test(chars[k - 1] ?? '') && /\p{L}/u.test(chars[k] ?? '')) chars.splice(k, 0, mark);
    }
    return { value: name, kind: 'name' as const, text: chars.join('') };
  });

const placed = fc.oneof(
  fc.tuple(pick(BEFORE), fc.oneof(writtenCpf, writtenCnpj), pick(AFTER)),
  fc.tuple(pick(BEFORE_NAME), writtenName, pick(AFTER)),
);
const document = fc
  .array(placed, { minLength: 1, maxLength: 4 })
  .map((items) => ({ values: items.map(([, w]) => w), text: items.map(([before, w, after]) => `${before}${w.text}${after}`).join(' ') }));

/** What a reader of `text` sees: the normalised view, as letters and digits only. */
function seen(text: string, syntax: TextSyntax = 'plain'): string {
  return fold(normaliseView(text, syntax).text).replace(/[^0-9A-Z]/g, '');
}

function assertNothingLeft(output: string, values: readonly Written[]): void {
  const visible = seen(output);
  for (const w of values) {
    const needle = w.kind === 'name' ? fold(w.value).replace(/[^A-Z]/g, '') : w.value;
    assert.ok(!visible.includes(needle), `${JSON.stringify(w.text)} survived in ${JSON.stringify(output)}`);
    // Not one word of a name is left either.
    if (w.kind === 'name')
      for (const word of fold(w.value).split(' ')) if (word.length > 3) assert.ok(!visible.includes(word), `${word} survived`);
  }
}

function streamed(stream: StreamMasker, text: string, cuts: readonly number[]): string {
  return drain(stream, chunksAt(text, cuts)).value;
}

describe('masking: normalisation before detection', function () {
  this.timeout(120_000);

  it('masks CPFs, CNPJs and names written in any digit script, with invisible characters, dashes, spaces and escapes', () => {
    fc.assert(
      fc.property(document, ({ values, text }) => {
        assertNothingLeft(m.maskText(text).value, values);
      }),
      { numRuns: 400 },
    );
  });

  it('masks them the same when a stream splits them anywhere, even inside a character or an escape', () => {
    fc.assert(
      fc.property(document, fc.array(fc.nat(), { maxLength: 8 }), ({ values, text }, cuts) => {
        const out = streamed(m.textStream(), text, cuts);
        assert.equal(out, m.maskText(text).value);
        assertNothingLeft(out, values);
      }),
      { numRuns: 300 },
    );
  });

  it('masks them inside markup split by inline tags, and in form bodies', () => {
    // Tags go between characters, not inside an escape (`&#4<b>9;` is no character reference).
    const literalCpf = cpfValue.chain((value) =>
      obfuscated(value, CPF_LAYOUT, false).map((text) => ({ value, kind: 'cpf' as const, text })),
    );
    const tagged = fc.tuple(literalCpf, fc.nat(), pick(['<span>', '</b>', '<wbr>', '<!-- x -->', '<i class="n">'])).map(([w, at, tag]) => {
      const k = 1 + (at % (w.text.length - 1));
      return { w, text: `<p>CPF ${w.text.slice(0, k)}${tag}${w.text.slice(k)}</p>` };
    });
    fc.assert(
      fc.property(tagged, ({ w, text }) => {
        const out = m.maskText(text, { syntax: 'markup' }).value;
        assert.ok(!seen(out, 'markup').includes(w.value), `${JSON.stringify(text)} → ${JSON.stringify(out)}`);
      }),
      { numRuns: 200 },
    );
    assert.equal(m.maskText('nome=Maria+da+Silva&cpf=529%2E982%2E247-25', { syntax: 'form' }).value, 'nome=[NOME]&cpf=[CPF]');
  });

  it('finds a value glued to a prefix, right after another value, or after a CEP', () => {
    assert.equal(m.maskText('ID123.456.789-09 e cpf:52998224725').value, 'ID[CPF] e cpf:[CPF]');
    assert.equal(m.maskText('CEP 01310-100 529.982.247-25.').value, 'CEP [CEP] [CPF].');
    assert.equal(m.maskText('CEP 01310-100/529.982.247-25').value, 'CEP [CEP]/[CPF]');
    assert.equal(m.maskText('CPF52998224725, CNPJ11222333000181').value, 'CPF[CPF], CNPJ[CNPJ]');
    assert.equal(m.maskText('CEP 01310-100529.982.247-25 fim').value, 'CEP [CEP][CPF] fim');
    assert.equal(m.maskText('Documento 529.982.247-25abc fim').value, 'Documento [CPF]abc fim');
  });

  it('reads a CPF or CNPJ however its digits are grouped, when its check digits hold', () => {
    for (const written of [
      '529\u2012982\u2010247\u201125',
      '529982 24725',
      '529982247 25',
      '529.982 247/25',
      '529 98224725',
      '529.982 24725',
    ])
      assert.equal(m.maskText(`Documento ${written} fim`).value, 'Documento [CPF] fim', written);
    // The alphanumeric CNPJ with some separators left out: its first groups may stand as one word of letters or of digits.
    const letters = cnpj('YGTLC5XV0ZUP');
    const digitsFirst = cnpj('667815ZK3Y3G');
    const lettersWritten = [
      `${letters.slice(0, 5)}.${letters.slice(5, 8)}.${letters.slice(8, 12)}.${letters.slice(12)}`,
      `${letters.slice(0, 8)}/${letters.slice(8, 12)}-${letters.slice(12)}`,
      `${digitsFirst.slice(0, 5)} ${digitsFirst.slice(5, 8)} ${digitsFirst.slice(8, 12)} ${digitsFirst.slice(12)}`,
    ];
    for (const written of [
      '11222333/0001 81',
      '11.222 333/000181',
      '12 ABC 345 01DE 35',
      '12ABC345/01DE-35',
      '12-ABC.345 01DE-35',
      ...lettersWritten,
    ])
      assert.equal(m.maskText(`Empresa de CNPJ ${written} fim`).value, 'Empresa de CNPJ [CNPJ] fim', written);
    // After its cue, a document's groups are its own however long they are.
    assert.equal(m.maskText('CPF 529 98224725').value, 'CPF [CPF]');
    // Wrong check digits, a phone, two numbers side by side: left as they are (or as what they are).
    assert.equal(m.maskText('Documento 529-982-247-26 e 529982 24726 fim').value, 'Documento 529-982-247-26 e 529982 24726 fim');
    assert.equal(m.maskText('Ligue (11) 98765-4321').value, 'Ligue [TELEFONE]');
    assert.equal(m.maskText('itens 1234567 12345678 e 123456789 12').value, 'itens 1234567 12345678 e 123456789 12');
    // A DDD and a mobile number whose eleven digits happen to pass as a CPF stay a phone.
    assert.equal(m.maskText('Ligue 11 987654374').value.includes('[CPF]'), false);
  });

  it('finds a document in a URL path, percent-encoded or not, and not in other identifiers', () => {
    const encoded = [...'52998224725'].map((d) => `%3${d}`).join('');
    assert.equal(m.maskText(`Ficha https://crm.example/c/${encoded} fim`).value, 'Ficha https://crm.example/c/[CPF] fim');
    assert.equal(m.maskText('GET /clientes/52998224725/pedidos').value, 'GET /clientes/[CPF]/pedidos');
    assert.equal(m.maskText('GET /pedidos/12345678901').value, 'GET /pedidos/12345678901');
  });

  it("reads a URL query value's `+` as the space it stands for, and leaves other pluses", () => {
    const line = '"GET /busca?doc=529.982.247-25&nome=Ana+Kariri+Wanzeler&curso=Direito HTTP/1.1" 200';
    const want = '"GET /busca?doc=[CPF]&nome=[NOME]&curso=Direito HTTP/1.1" 200';
    assert.equal(m.maskText(line).value, want);
    for (let cut = 1; cut < line.length; cut += 4) assert.equal(drain(m.textStream(), chunksAt(line, [cut])).value, want, `cut at ${cut}`);
    for (const text of ['C++ e Notepad++ ?q=c+c', 'a+b=c', 'soma: x+y=z']) assert.equal(m.maskText(text).value, text);
  });

  it('leaves codes glued to letters that are no document (hashes, SKUs, versions)', () => {
    const text = 'SKU12345678 build v2.1.0 hash 3f9a2c1b7d ABC-12345678901 pedido PED2024000123';
    assert.equal(m.maskText(text).value, text);
  });

  it('replaces the whole original span, invisible characters and escapes included', () => {
    const input = `CPF ${formatCpf(cpf([5, 2, 9, 9, 8, 2, 2, 4, 7]))
      .replace('.', '.\u200b')
      .replace('-', '\u2013')} e CNPJ ${formatCnpj(cnpj('112223330001')).replace(/1/g, '&#49;')}.`;
    assert.equal(m.maskText(input).value, 'CPF [CPF] e CNPJ [CNPJ].');
  });

  it('gives a value written in another script the same HMAC as in ASCII', () => {
    const ascii = m.maskText('CPF 529.982.247-25').events[0];
    const other = m.maskText('CPF ٥٢٩.٩٨٢.٢٤٧–٢٥').events[0];
    assert.equal(other?.hmac, ascii?.hmac);
  });
});
