/**
 * What a personal-data generator in a test policy must declare for the loader to accept it
 * (owner, purpose, legal basis, data categories), and pins a policy's generators the way a
 * reviewer would with `autogen-gate generator pin NAME --write`.
 */
import { parseConfig } from '../../gateway/config/load.js';
import { definitionHash, definitionOf } from '../../gateway/governance/definition.js';
import { setPinned } from '../../gateway/governance/pinFile.js';

/** The same keys for a generator added with PolicyBuilder (`.generator(name, { ..., ...REGISTRATION })`). */
export const REGISTRATION = {
  owner: { person: 'bruno', group: 'data-engineers' },
  purpose: 'A test report about customers, for the billing team.',
  legalBasis: 'art7-v-contract',
  dataCategories: ['identification', 'government-id', 'contact', 'address'],
} as const;

/** The same keys in flow style, for one-line generators (`{ upstream: x, personalData: true, ... }`). */
export const REGISTRATION_FLOW =
  'owner: { person: bruno, group: data-engineers }, purpose: A test report about customers for the billing team., legalBasis: art7-v-contract, dataCategories: [identification, government-id, contact, address]';

/** The policy text with each named generator pinned to its definition as the text states it. */
export function pinGenerators(text: string, file: string, names: readonly string[]): string {
  let out = text;
  for (const name of names) {
    const config = parseConfig(out, file);
    const generator = config.generators.get(name);
    if (!generator) throw new Error(`the test policy has no generator ${name} to pin`);
    out = setPinned(out, name, definitionHash(definitionOf(generator, config.upstreams.get(generator.upstream))));
  }
  return out;
}
