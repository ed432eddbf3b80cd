import { strict as assert } from 'node:assert';
import { renderFacts, renderTable } from '../../../../gateway/cli/output/table.js';
import { relative, timestamp } from '../../../../gateway/cli/output/when.js';

describe('terminal output', () => {
  it('aligns columns, keeps a row on one line, and cuts long cells but the last', () => {
    const long = 'x'.repeat(80);
    const text = renderTable(
      ['ID', 'NAME', 'NOTE'],
      [
        ['1', 'a\nb', long],
        ['22', long, 'short'],
      ],
    );
    const lines = text.split('\n');
    assert.equal(lines[0], `ID  NAME${' '.repeat(56)}  NOTE`);
    assert.equal(lines[1], `1   a b${' '.repeat(57)}  ${long}`);
    assert.equal(lines[2], `22  ${'x'.repeat(59)}…  short`);
    assert.equal(text.endsWith('\n'), true);
  });

  it('lists facts with aligned keys and leaves out the empty ones', () => {
    assert.equal(
      renderFacts([
        ['Status', 'pending'],
        ['Next', undefined],
        ['Requested by', 'Bruno'],
      ]),
      'Status:        pending\nRequested by:  Bruno\n',
    );
  });

  it('says times relative to now, both ways', () => {
    const now = new Date('2026-11-03T12:00:00Z');
    assert.equal(relative('2026-11-03T11:55:00Z', now), '5 min ago');
    assert.equal(relative('2026-11-04T11:00:00Z', now), 'in 23 h');
    assert.equal(relative('2026-10-30T12:00:00Z', now), '4 d ago');
    assert.equal(relative(undefined, now), '—');
    assert.equal(timestamp('2026-11-03T14:05:09.123Z'), '2026-11-03 14:05:09 UTC');
  });
});
