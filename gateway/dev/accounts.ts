/**
 * The development identities (ARCHITECTURE.md "Embedded defaults"). Names and groups are
 * contracts: docs, the demo policy and tests rely on them.
 */
import type { IdentityKind } from '../config/types.js';

export interface DevAccount {
  readonly username: string;
  readonly name: string;
  readonly email: string | undefined;
  readonly groups: readonly string[];
  readonly kind: IdentityKind;
}

export const DEV_ACCOUNTS: readonly DevAccount[] = [
  { username: 'ana', name: 'Ana Souza', email: 'ana@autogen-gate.dev', groups: ['developers'], kind: 'person' },
  { username: 'bruno', name: 'Bruno Lima', email: 'bruno@autogen-gate.dev', groups: ['developers', 'data-engineers'], kind: 'person' },
  { username: 'carla', name: 'Carla Mendes', email: 'carla@autogen-gate.dev', groups: ['privacy-office'], kind: 'person' },
  { username: 'ci-bot', name: 'CI pipeline', email: undefined, groups: ['ci'], kind: 'pipeline' },
];
