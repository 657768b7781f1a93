// Units as people write them, with the registry's code kept for hovers.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { unitText, unitTextWithCode } from '../../../src/core/unitText';
import { hoverAt } from '../../../src/core/hover';

test('registry unit codes read as people write them; unknown codes stay as they are', () => {
  assert.equal(unitText('Cel'), '°C');
  assert.equal(unitText('/100'), '%');
  assert.equal(unitText('%'), '%');
  assert.equal(unitText('ug/m3'), 'µg/m³');
  assert.equal(unitText('kB'), 'KB');
  assert.equal(unitText('dBm'), 'dBm');
  assert.equal(unitText('furlong/fortnight'), 'furlong/fortnight');
  assert.equal(unitText(' '), undefined);
  assert.equal(unitText(undefined), undefined);
});

test('a hover keeps the registry code beside the display text when they differ', () => {
  assert.equal(unitTextWithCode('Cel'), '°C (Cel)');
  assert.equal(unitTextWithCode('/100'), '% (/100)');
  assert.equal(unitTextWithCode('dBm'), 'dBm');
  assert.equal(unitTextWithCode(undefined), undefined);
});

test('the operation document hover shows a resource unit with its code', () => {
  const text = '{"operation": "read", "keys": ["Device.0.Battery Level"]}';
  const hover = hoverAt(text, text.indexOf('Battery') + 2, {});
  assert.ok(hover?.markdown.includes('Units: \\% \\(\\/100\\)'), hover?.markdown); // markdown-escaped
});
