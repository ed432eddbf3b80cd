/** The word table's flags: one bit each, so a word in one list is never read as a word of another. */
import { strict as assert } from 'node:assert';
import * as lexicon from '../../../../gateway/masking/text/lexicon.js';
import { masker } from '../fixtures.js';

const m = masker();

describe('masking / word table flags', () => {
  it('gives every word list its own bit, below the first-name weight', () => {
    const flags = Object.entries(lexicon).filter(
      (entry): entry is [string, number] => entry[0].startsWith('W_') && typeof entry[1] === 'number',
    );
    assert.ok(flags.length >= 15, `found ${flags.length} flags`);
    const owner = new Map<number, string>();
    for (const [name, value] of flags) {
      // W_STREET is the union of the street kinds; every other flag is a single bit.
      if (name === 'W_STREET') continue;
      assert.equal(value & (value - 1), 0, `${name} is one bit`);
      assert.ok(value < 1 << 25, `${name} stays below the first-name weight`);
      assert.equal(owner.get(value), undefined, `${name} shares its bit with ${owner.get(value)}`);
      owner.set(value, name);
    }
  });

  it('reads a firm named after a housing estate word as a firm, and an estate before its street as an address', () => {
    const firm = m.maskText('Contrato com Hirata & Leão Engenharia, CNPJ 11.222.333/0001-81.').value;
    assert.match(firm, /Hirata & Leão Engenharia/);
    const estate = m.maskText('Endereço: Conjunto Satélite, Travessa das Flores, 12, Macapá-AP').value;
    assert.doesNotMatch(estate, /Satélite|Travessa das Flores/);
  });
});
