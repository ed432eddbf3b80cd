/** The SQLite file of a gateway under test, for the tests that open it raw (tampering, locking). */
import type { StoreConfig } from '../../gateway/config/types.js';

export function sqliteFileOf(store: StoreConfig): string {
  if (store.driver !== 'sqlite') throw new Error(`this test opens the SQLite file; the store is ${store.driver}`);
  return store.path;
}
