/** The one-shot digest the chain and the seals use must be createHash's, byte for byte, whatever the text. */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../../gateway/audit/sha256.js';

describe('sha256Hex', () => {
  it('is createHash("sha256") of the text as UTF-8, in hex', () => {
    const texts = ['', 'a', '{"a":1}', 'ção ñ 漢字 😀', 'lone \ud800 surrogate \udc00 and NUL \0', 'x'.repeat(100_000)];
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      let text = '';
      const length = n % 97;
      for (let i = 0; i < length; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += String.fromCharCode(seed % 0x10000);
      }
      texts.push(text);
    }
    for (const text of texts) assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});
