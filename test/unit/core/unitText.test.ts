// Units as people write them, with the registry's code kept for hovers.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { unitFromDescription, unitText, unitTextWithCode } from '../../../src/core/unitText';
import { loadRegistry } from '../../../src/core/registry';
import { parseDdf } from '../../../src/core/ddf';
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

test('a unit the registry states only in the description is the unit: Memory Free in KB, Power Source Voltage in mV', () => {
  const device = loadRegistry().objectById(3);
  assert.ok(device);
  const units = (name: string) => device.resources.find((r) => r.name === name)?.units;
  assert.equal(units('Memory Free'), 'KB');
  assert.equal(units('Memory Total'), 'KB');
  assert.equal(units('Power Source Voltage'), 'mV');
  assert.equal(units('Power Source Current'), 'mA');
  assert.equal(units('Battery Level'), '/100'); // a stated unit is kept as it is
  assert.equal(units('Manufacturer'), undefined);
  // Only the fixed phrasings: prose that merely mentions a unit is not guessed at.
  assert.equal(unitFromDescription('The number of seconds between deliveries.'), undefined);
  assert.equal(unitFromDescription('Free space (expressed in kibibytes).'), 'KiB');
});

test('a vendor DDF with Units wins over its description; without Units the unit in the description is used', () => {
  const ddf = (units: string) => `<LWM2M><Object ObjectType="MODefinition"><Name>V</Name><ObjectID>33001</ObjectID><MultipleInstances>Single</MultipleInstances><Mandatory>Optional</Mandatory><Resources>
<Item ID="0"><Name>Heap</Name><Operations>R</Operations><MultipleInstances>Single</MultipleInstances><Mandatory>Optional</Mandatory><Type>Integer</Type><Units>${units}</Units><Description>Free heap (expressed in kilobytes).</Description></Item>
</Resources></Object></LWM2M>`;
  assert.equal(parseDdf(ddf(''), 'v.xml')[0].resources[0].units, 'KB');
  assert.equal(parseDdf(ddf('B'), 'v.xml')[0].resources[0].units, 'B');
});
