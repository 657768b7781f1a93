// Object 5's values read with the registry's meanings: what a verdict and a progress line say.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadRegistry } from '../../../../src/core/registry';
import { parseDdf, valueMeanings } from '../../../../src/core/ddf';
import { isFailureResult, stateMeaning, stateText, updateResultMeaning, updateResultText } from '../../../../src/core/firmware/firmwareObject';

test('every Update Result the registry defines has a label and the registry\'s own meaning', () => {
  const expected: [number, string, string][] = [
    [0, 'initial value', 'Initial value.'],
    [1, 'success', 'Firmware updated successfully.'],
    [2, 'not enough flash', 'Not enough flash memory for the new firmware package.'],
    [3, 'out of RAM', 'Out of RAM during downloading process.'],
    [4, 'connection lost during download', 'Connection lost during downloading process.'],
    [5, 'integrity check failure', 'Integrity check failure for new downloaded package.'],
    [6, 'unsupported package type', 'Unsupported package type.'],
    [7, 'invalid URI', 'Invalid URI.'],
    [8, 'firmware update failed', 'Firmware update failed.'],
    [9, 'unsupported protocol', 'Unsupported protocol.'],
    [10, 'cancelled', 'Firmware update cancelled.'],
    [11, 'deferred', 'Firmware update deferred.'],
  ];
  for (const [code, label, meaning] of expected) assert.deepEqual(updateResultMeaning(code), { code, label, meaning, known: true });
  assert.equal(updateResultText(5), 'Update Result 5 (integrity check failure)');
});

test('a value the registry does not define says so instead of guessing', () => {
  assert.deepEqual(updateResultMeaning(42), { code: 42, label: 'not defined by the registry', known: false });
  assert.equal(updateResultText(-1), 'Update Result -1 (not defined by the registry)');
  assert.equal(stateText(7), 'State 7 (not defined by the registry)');
});

test('State names, with the registry\'s explanation of Idle and Downloading', () => {
  assert.equal(stateText(0), 'State 0 (Idle)');
  assert.equal(stateText(3), 'State 3 (Updating)');
  assert.equal(stateMeaning(0).meaning, 'Idle (before downloading or after successful updating)');
  assert.equal(stateMeaning(1).meaning, 'Downloading (The data sequence is on the way)');
});

test('failure results are 2 to 10; initial, success and deferred are not failures', () => {
  assert.deepEqual([...Array(13).keys()].filter(isFailureResult), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test('a vendor definition of object 5 with its own values is read from its description', () => {
  const ddf = `<LWM2M><Object><Name>Firmware Update</Name><ObjectID>5</ObjectID><Resources>
    <Item ID="5"><Name>Update Result</Name><Operations>R</Operations><Type>Integer</Type>
    <Description>Result.
0: Initial value.
1: Firmware updated successfully.
12: Battery too low to update. Charge it first.</Description></Item></Resources></Object></LWM2M>`;
  const registry = loadRegistry({ vendorDdf: [{ file: 'acme-5.xml', text: ddf }] });
  assert.deepEqual(updateResultMeaning(12, registry), { code: 12, label: 'Battery too low to update', meaning: 'Battery too low to update.', known: true });
});

test('value lists: lines of "N: meaning" or "N = meaning", at least two, first meaning wins', () => {
  assert.deepEqual(valueMeanings('Mode.\n0: Off\n1 = On. Really on.\n1: again'), { 0: 'Off', 1: 'On.' });
  assert.equal(valueMeanings('Set 0: to disable.'), undefined);
  assert.equal(valueMeanings('no list here'), undefined);
  const [obj] = parseDdf(`<LWM2M><Object><Name>X</Name><ObjectID>99999</ObjectID><Resources>
    <Item ID="0"><Name>S</Name><Type>String</Type><Description>0: a\n1: b</Description></Item></Resources></Object></LWM2M>`, 'x.xml');
  assert.equal(obj.resources[0].values, undefined, 'only Integer resources carry a value list');
});
