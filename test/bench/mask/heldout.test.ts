/**
 * The held-out corpora as streams: a model's answer reaches the gateway a few characters at a
 * time, and each document, written elsewhere, must mask in a stream exactly as it does whole.
 */
import { strict as assert } from 'node:assert';
import { loadHeldoutCorpus } from '../../../bench/mask/heldout.js';
import { drain, masker } from '../../gateway/masking/fixtures.js';

const FOLDERS = [
  'bench/mask/heldout',
  'bench/mask/heldout2',
  'bench/mask/heldout3',
  'bench/mask/heldout4',
  'bench/mask/heldout5',
  'bench/mask/heldout6',
  'bench/mask/heldout7',
  'bench/mask/heldout8',
  'bench/mask/heldout9',
  'bench/mask/heldout10',
  'bench/mask/heldout11',
  'bench/mask/heldout12',
  'bench/mask/heldout13',
  'bench/mask/heldout14',
  'bench/mask/heldout15',
  'bench/mask/heldout16',
  'bench/mask/heldout17',
  'bench/mask/heldout18',
  'bench/mask/heldout19',
  'bench/mask/heldout20',
  'bench/mask/heldout21',
  'bench/mask/heldout22',
  'bench/mask/heldout23',
  'bench/mask/heldout24',
  'bench/mask/heldout25',
  'bench/mask/heldout26',
  'bench/mask/heldout27',
  'bench/mask/heldout28',
  'bench/mask/heldout29',
  'bench/mask/heldout30',
  'bench/mask/heldout31',
  'bench/mask/heldout32',
  'bench/mask/heldout33',
  'bench/mask/heldout34',
  'bench/mask/heldout35',
  'bench/mask/heldout36',
  'bench/mask/heldout37',
  'bench/mask/heldout38',
  'bench/mask/heldout39',
];

function chunksOf(text: string, size: number): string[] {
  return Array.from({ length: Math.ceil(text.length / size) }, (_, k) => text.slice(k * size, (k + 1) * size));
}

describe('held-out corpora streamed', function () {
  this.timeout(120_000);
  const m = masker({
    name: 'redact',
    cpf: 'redact',
    cnpj: 'redact',
    address: 'redact',
    phone: 'redact',
    email: 'redact',
    birth_date: 'redact',
  });

  for (const folder of FOLDERS) {
    it(`masks every document of ${folder} in chunks of 1 and of 61 characters as it masks it whole`, () => {
      const documents = loadHeldoutCorpus(folder);
      assert.ok(documents.length >= 30);
      for (const document of documents) {
        const whole = m.maskText(document.text);
        for (const size of [1, 61]) {
          const streamed = drain(m.textStream(), chunksOf(document.text, size));
          assert.equal(streamed.value, whole.value, `${document.file} in chunks of ${size}`);
          assert.deepEqual(streamed.events, whole.events, `${document.file} in chunks of ${size}: events`);
        }
      }
    });
  }
});
