import { strict as assert } from 'node:assert';
import { UsageError } from '../../../../gateway/cli/client/failures.js';
import { isFullId, pickByPrefix, type PrefixSearch } from '../../../../gateway/cli/client/idPrefix.js';

interface Item {
  readonly id: string;
  readonly runId: string;
}

const ITEMS: readonly Item[] = [
  { id: '1b2c3d4e-0000-4000-8000-000000000001', runId: '9f00aa11-0000-4000-8000-000000000001' },
  { id: '1b2c9999-0000-4000-8000-000000000002', runId: '7e00bb22-0000-4000-8000-000000000002' },
];

function search(prefix: string): PrefixSearch<Item> {
  return {
    prefix,
    items: ITEMS,
    ids: (item) => [item.id, item.runId],
    describe: (item) => `${item.id.slice(0, 8)} (run ${item.runId.slice(0, 8)})`,
    what: 'pending approval',
    listCommand: 'autogen-gate approvals',
  };
}

describe('ids by their first characters', () => {
  it('picks the one item a prefix names, by either of its ids, ignoring case', () => {
    assert.equal(pickByPrefix(search('1B2C3')).id, ITEMS[0]?.id);
    assert.equal(pickByPrefix(search('7e00')).id, ITEMS[1]?.id);
    assert.equal(pickByPrefix(search(ITEMS[1]?.id ?? '')).id, ITEMS[1]?.id);
  });

  it('never picks one of several: it lists them and asks for more characters', () => {
    assert.throws(
      () => pickByPrefix(search('1b2c')),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message ===
          '1b2c matches 2 pending approvals; none was chosen. Give more characters of the id:\n  1b2c3d4e (run 9f00aa11)\n  1b2c9999 (run 7e00bb22)',
    );
  });

  it('says where to look when nothing matches, and refuses prefixes too short to mean anything', () => {
    assert.throws(
      () => pickByPrefix(search('abcd')),
      /no pending approval with an id starting abcd is visible to you; list them with: autogen-gate approvals/,
    );
    assert.throws(() => pickByPrefix(search('1b')), /"1b" is too short to name a pending approval: give at least 4 characters of its id/);
  });

  it('tells whole ids from prefixes', () => {
    assert.equal(isFullId('1b2c3d4e-0000-4000-8000-000000000001'), true);
    assert.equal(isFullId('1b2c3d4e'), false);
  });
});
