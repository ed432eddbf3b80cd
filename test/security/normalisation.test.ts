/**
 * Principle 4, normalise before detecting: a CPF (or a CNPJ, or a name) written in another
 * script's digits, in compatibility forms, with invisible characters, other dashes and spaces
 * inside, glued to a word, after a CEP, as HTML entities in HTML or percent-encoded in a URL or
 * form, is masked in requests and in answers, and the mask replaces the whole original span:
 * the text around it arrives exactly as written, nothing of the value is left beside the label.
 */
import { strict as assert } from 'node:assert';
import { bodyText, chatCompletion } from '../support/captureUpstream.js';
import { documentSecret, findLeak, nameSecret, type Secret } from './support/leaks.js';
import { call, useGate } from './support/gate.js';

const CPF_SECRET = documentSecret('CPF', '529.982.247-25');

/** Writes the ASCII digits of `text` in the decimal digits of another script (its zero's code point). */
function digitsIn(zero: number, text: string): string {
  return text.replace(/[0-9]/g, (digit) => String.fromCodePoint(zero + Number(digit)));
}

interface Variant {
  readonly label: string;
  /** The text as sent, and as it must arrive once masked. */
  readonly text: string;
  readonly masked: string;
  readonly secrets: readonly Secret[];
}

/** A sentence with a CPF written as `written`, which must arrive as `Documento [CPF] fim`. */
function cpf(label: string, written: string): Variant {
  return { label, text: `Documento ${written} fim`, masked: 'Documento [CPF] fim', secrets: [CPF_SECRET] };
}

const VARIANTS: readonly Variant[] = [
  cpf('fullwidth digits', digitsIn(0xff10, '529.982.247-25')),
  cpf(
    'fullwidth digits and punctuation',
    digitsIn(0xff10, '529').concat('\uff0e', digitsIn(0xff10, '982'), '\uff0e', digitsIn(0xff10, '247'), '\uff0d', digitsIn(0xff10, '25')),
  ),
  cpf('Arabic-Indic digits', digitsIn(0x0660, '529.982.247-25')),
  cpf('Extended Arabic-Indic (Persian) digits', digitsIn(0x06f0, '529.982.247-25')),
  cpf('Devanagari digits', digitsIn(0x0966, '52998224725')),
  cpf('Bengali digits', digitsIn(0x09e6, '529.982.247-25')),
  cpf('Thai digits', digitsIn(0x0e50, '529.982.247-25')),
  cpf('mathematical bold digits', digitsIn(0x1d7ce, '529.982.247-25')),
  cpf('mathematical monospace digits', digitsIn(0x1d7f6, '52998224725')),
  cpf('digits of several scripts mixed', `${digitsIn(0xff10, '52')}9.${digitsIn(0x0660, '98')}2.${digitsIn(0x0966, '247')}-25`),
  cpf('a zero-width space inside', '529\u200b.982.247-25'),
  cpf('a zero-width space between every digit', [...'52998224725'].join('\u200b')),
  cpf('zero-width joiners and non-joiners', '529\u200d.98\u200c2.247\u2060-25'),
  cpf('a soft hyphen inside', '529.98\u00ad2.247\u00ad-25'),
  cpf('a byte-order mark inside', '529\ufeff.982.247-25'),
  cpf('bidi controls inside', '5\u202e29.982.247-2\u202c5'),
  cpf('isolate and mark bidi controls inside', '529\u2066.982\u2069.247\u200e-25'),
  cpf('an en dash', '529.982.247\u201325'),
  cpf('an em dash', '529.982.247\u201425'),
  cpf('a minus sign', '529.982.247\u221225'),
  cpf('a non-breaking hyphen', '529.982.247\u201125'),
  cpf('a figure dash and hyphens as every separator', '529\u2012982\u2010247\u201125'),
  cpf('a small hyphen-minus', '529.982.247\ufe6325'),
  cpf('no-break spaces as separators', '529\u00a0982\u00a0247\u00a025'),
  cpf('narrow no-break and ideographic spaces', '529\u202f982\u3000247\u200925'),
  {
    label: 'glued to a prefix (ID123.456.789-09)',
    text: 'Documento ID123.456.789-09 fim',
    masked: 'Documento ID[CPF] fim',
    secrets: [documentSecret('CPF', '123.456.789-09')],
  },
  {
    label: 'glued to a lower-case label',
    text: 'Documento cpf529.982.247-25 fim',
    masked: 'Documento cpf[CPF] fim',
    secrets: [CPF_SECRET],
  },
  { label: 'glued to a word after', text: 'Documento 529.982.247-25abc fim', masked: 'Documento [CPF]abc fim', secrets: [CPF_SECRET] },
  { label: 'after a CEP', text: 'CEP 01310-100 52998224725 fim', masked: 'CEP [CEP] [CPF] fim', secrets: [CPF_SECRET] },
  { label: 'glued after a CEP', text: 'CEP 01310-100529.982.247-25 fim', masked: 'CEP [CEP][CPF] fim', secrets: [CPF_SECRET] },
  {
    label: 'an alphanumeric CNPJ in fullwidth forms',
    text: 'Empresa １２．ＡＢＣ．３４５／０１ＤＥ－３５ fim',
    masked: 'Empresa [CNPJ] fim',
    secrets: [documentSecret('CNPJ', '12ABC34501DE35')],
  },
  {
    label: 'a numeric CNPJ in Arabic-Indic digits',
    text: `Empresa ${digitsIn(0x0660, '11.222.333/0001-81')} fim`,
    masked: 'Empresa [CNPJ] fim',
    secrets: [documentSecret('CNPJ', '11222333000181')],
  },
  {
    label: 'a name in fullwidth letters',
    text: 'Cliente Ｍａｒｉａ Ａｐａｒｅｃｉｄａ dos Santos pediu',
    masked: 'Cliente [NOME] pediu',
    secrets: [nameSecret('Maria Aparecida dos Santos')],
  },
  {
    label: 'a name with zero-width spaces and a soft hyphen',
    text: 'Cliente Ma\u200bria Apa\u00adrecida dos San\u200dtos pediu',
    masked: 'Cliente [NOME] pediu',
    secrets: [nameSecret('Maria Aparecida dos Santos')],
  },
  {
    label: 'a name with no-break spaces',
    text: 'Cliente Maria\u00a0Aparecida\u00a0dos\u00a0Santos pediu',
    masked: 'Cliente [NOME] pediu',
    secrets: [nameSecret('Maria Aparecida dos Santos')],
  },
  {
    label: 'a percent-encoded CPF in a URL',
    text: 'Ficha https://crm.example/clientes?cpf=529%2E982%2E247%2D25&x=1 fim',
    masked: 'Ficha https://crm.example/clientes?cpf=[CPF]&x=1 fim',
    secrets: [CPF_SECRET],
  },
  {
    label: 'a CPF percent-encoded digit by digit in a URL',
    text: `Ficha https://crm.example/c/${[...'52998224725'].map((d) => `%3${d}`).join('')} fim`,
    masked: 'Ficha https://crm.example/c/[CPF] fim',
    secrets: [CPF_SECRET],
  },
];

/** HTML answers, where entities are how text is written. */
const HTML_VARIANTS: ReadonlyArray<readonly [string, string]> = [
  ['decimal entities', '<p>Documento &#53;&#50;&#57;.&#57;&#56;&#50;.&#50;&#52;&#55;-&#50;&#53; fim</p>'],
  ['hexadecimal entities', '<p>Documento &#x35;29.982.247&#x2D;25 fim</p>'],
  ['named entities as separators', '<p>Documento 529&period;982&period;247&ndash;25 fim</p>'],
  ['a soft hyphen entity and a no-break space entity', '<p>Documento 529&shy;982&nbsp;247&shy;25 fim</p>'],
  ['an entity-written name and CPF', '<p>Cliente Jo&atilde;o Pereira da Silva e CPF 529.982.247&#8209;25</p>'],
];

describe('security 4: normalise before detecting', function () {
  this.timeout(60_000);
  const gate = useGate();

  describe('in a prompt on its way to the model', () => {
    for (const variant of VARIANTS) {
      it(variant.label, async () => {
        const g = await gate();
        g.capture.reset();
        const mark = g.capture.mark();
        const response = await call(g, '/proxy/model/v1/chat/completions', {
          user: 'ana',
          body: { model: 'demo-echo', messages: [{ role: 'user', content: variant.text }] },
        });
        await response.arrayBuffer();
        const [forwarded] = g.capture.since(mark).filter((request) => request.path === '/v1/chat/completions');
        assert.ok(forwarded, `the prompt reached the model (HTTP ${response.status})`);
        const content = (JSON.parse(bodyText(forwarded)) as { messages: Array<{ content: string }> }).messages[0]?.content ?? '';
        const leak = findLeak([content], variant.secrets);
        assert.equal(leak, undefined, leak);
        assert.equal(content, variant.masked, 'the mask replaces exactly the original span');
      });
    }
  });

  describe('in an answer on its way to the client', () => {
    for (const variant of VARIANTS) {
      it(variant.label, async () => {
        const g = await gate();
        g.capture.reset();
        g.capture.onRequest((request) =>
          request.path === '/v1/chat/completions' ? { json: chatCompletion('demo-echo', variant.text) } : undefined,
        );
        const response = await call(g, '/proxy/model/v1/chat/completions', {
          user: 'ana',
          body: { model: 'demo-echo', messages: [{ role: 'user', content: 'oi' }] },
        });
        const answer = (await response.json()) as { choices: Array<{ message: { content: string } }> };
        const content = answer.choices[0]?.message.content ?? '';
        const leak = findLeak([content], variant.secrets);
        assert.equal(leak, undefined, leak);
        assert.equal(content, variant.masked, 'the mask replaces exactly the original span');
      });
    }
  });

  describe('in HTML answers, where entities write the text', () => {
    for (const [label, html] of HTML_VARIANTS) {
      it(label, async () => {
        const g = await gate();
        g.capture.reset();
        g.capture.onRequest((request) =>
          request.path === '/page' ? { headers: { 'content-type': 'text/html; charset=utf-8' }, raw: html } : undefined,
        );
        const response = await call(g, '/proxy/generator/page', { user: 'ana' });
        const body = await response.text();
        assert.equal(response.status, 200, body);
        const leak = findLeak([body], [CPF_SECRET, nameSecret('João Pereira da Silva')]);
        assert.equal(leak, undefined, leak);
      });
    }
  });

  it('in a form-encoded answer, where percent-encoding and + write the text', async () => {
    const g = await gate();
    g.capture.reset();
    g.capture.onRequest((request) =>
      request.path === '/form'
        ? {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            raw: 'cpf=529%2E982%2E247%2D25&nome=Maria+Aparecida+dos+Santos',
          }
        : undefined,
    );
    const response = await call(g, '/proxy/generator/form', { user: 'ana' });
    const body = await response.text();
    const leak = findLeak([body, body.replace(/\+/g, ' ')], [CPF_SECRET, nameSecret('Maria Aparecida dos Santos')]);
    assert.equal(leak, undefined, leak);
  });
});
