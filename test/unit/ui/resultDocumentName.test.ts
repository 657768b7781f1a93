// Result documents are named for what they hold, safely and briefly.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { resultDocumentName } from '../../../src/ui/operations/resultDocumentName';

test('a result document is named for its operation, keys, thing and version', () => {
  assert.equal(resultDocumentName('read', ['Device.0.Manufacturer'], 'urn:imei:350457791234567', 3),
    'read Device.0.Manufacturer — urn_imei_350457791234567 v3');
  assert.equal(resultDocumentName('read', ['Device.0.Manufacturer', 'Device.0.Model Number'], 'dev1', 7, ' (history)'),
    'read Device.0.Manufacturer, Device.0.Model Number — dev1 v7 (history)');
  assert.equal(resultDocumentName('', [], 'dev1', 2), 'result — dev1 v2');
});

test('a result document name is safe for a file name and bounded in length', () => {
  const name = resultDocumentName('read', ['a/b\\c:d*e?f"g<h>i|j\u0007k'], '../../etc/passwd\n', 1);
  assert.doesNotMatch(name, /[/\\:*?"<>|\u0000-\u001f]/);
  const many = Array.from({ length: 40 }, (_, i) => `Temperature.${i}.Sensor Value`);
  const long = resultDocumentName('readComposite', many, 'x'.repeat(300), 9);
  assert.ok(long.length < 160, long);
  assert.match(long, /^readComposite Temperature\.0\.Sensor Value \+39 more — x{39}… v9$/);
});
