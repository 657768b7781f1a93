// The simulated device and the editor's validation read a RangeEnumeration the same way: a number the device
// refuses as out of range is one validation flags, and one validation accepts is stored by the device.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkValue, type ResourceDef } from '../../../src/core/index';
import { coerceValue } from '../../../src/sandbox/valueTypes';

const resource = (type: 'Integer' | 'Float' | 'Unsigned Integer', range: string): ResourceDef => ({
  id: 1, name: 'Setpoint', operations: 'RW', multiple: false, mandatory: false, type, range, description: '',
});

const RANGES = ['0..100', '-1e3..1e3', '+1..+10', ' 0 .. 65535 ', '1.5..2.5', '-40.0..85.0', '0..255 bytes', '1,2,3', 'any positive value'];
const VALUES = ['0', '1', '2', '10', '11', '-5', '100', '101', '999', '1000', '1001', '-1001', '65535', '65536', '1.5', '2.0', '2.6', '85', '85.5', '-40.5'];

test('a number is out of range for the simulated device exactly when validation says value-range', () => {
  let compared = 0;
  for (const type of ['Integer', 'Float', 'Unsigned Integer'] as const) {
    for (const range of RANGES) {
      const res = resource(type, range);
      for (const value of VALUES) {
        const problems = checkValue(value, res).filter((p) => p.severity === 'error');
        if (problems.some((p) => p.code === 'value-type')) continue; // not a number of this type: another rule
        // enumerations are the editor's to check; the device enforces numeric ranges only
        const numericRangeError = problems.some((p) => p.code === 'value-range' && !p.message.includes('is not one of'));
        assert.equal(coerceValue(res, value) === undefined, numericRangeError, `${type} ${JSON.stringify(range)} ${value}: validation ${JSON.stringify(problems)}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 300, `${compared} cases compared`);
});

test('ranges written with exponents or a plus sign are enforced by the device (they were ignored)', () => {
  assert.equal(coerceValue(resource('Float', '-1e3..1e3'), '5000'), undefined);
  assert.equal(coerceValue(resource('Float', '-1e3..1e3'), '500'), '500');
  assert.equal(coerceValue(resource('Integer', '+1..+10'), '11'), undefined);
  assert.equal(coerceValue(resource('Integer', '+1..+10'), '+7'), '7');
});
