import { strict as assert } from 'node:assert';
import { hasForeignCharset, isJsonMediaType, parseMediaType } from '../../../gateway/http/mediaType.js';

describe('media types', () => {
  it('compares type and subtype case-insensitively and keeps parameters', () => {
    const media = parseMediaType('Application/JSON; Charset="UTF-8"');
    assert.equal(media?.essence, 'application/json');
    assert.equal(media?.parameters.get('charset'), 'UTF-8');
    assert.ok(isJsonMediaType(media));
    assert.ok(isJsonMediaType(parseMediaType('application/merge-patch+json')));
    assert.ok(!isJsonMediaType(parseMediaType('text/json-ish')));
    assert.ok(!isJsonMediaType(undefined));
  });

  it('refuses malformed headers rather than guessing', () => {
    for (const header of ['json', 'application/', '/json', 'application/json/x', 'appli cation/json'])
      assert.equal(parseMediaType(header), undefined, header);
  });

  it('flags a charset other than UTF-8', () => {
    assert.ok(hasForeignCharset(parseMediaType('application/json; charset=utf-16le')!));
    assert.ok(!hasForeignCharset(parseMediaType('application/json; charset=utf8')!));
    assert.ok(!hasForeignCharset(parseMediaType('application/json')!));
  });
});
