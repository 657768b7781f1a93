// The Firmware Update object as a datamodel shadow holds it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFirmware } from '../../../../src/core/firmware/firmwareReading';

test('State, Update Result, Protocol Support and Firmware Version come from the datamodel shadow', () => {
  const doc = {
    state: {
      reported: {
        Device: { '0': { 'Firmware Version': '1.4.2' } },
        'Firmware Update': {
          '0': {
            State: '2', 'Update Result': '0', 'Package URI': 'coap://h/fw/x', PkgName: 'app', PkgVersion: '1.4.3',
            'Firmware Update Protocol Support': { '1': '2', '0': '0' }, 'Firmware Update Delivery Method': '0',
          },
        },
      },
    },
  };
  assert.deepEqual(readFirmware(doc), {
    present: true, instance: '0', state: 2, updateResult: 0, packageUri: 'coap://h/fw/x', pkgName: 'app', pkgVersion: '1.4.3',
    protocols: [0, 2], deliveryMethod: 0, firmwareVersion: '1.4.2',
  });
});

test('a device without Firmware Update reads as not present; junk values are not numbers', () => {
  assert.deepEqual(readFirmware({ Device: { '0': { 'Firmware Version': 'x' } } }), { present: false, firmwareVersion: 'x' });
  assert.deepEqual(readFirmware(null), { present: false });
  const r = readFirmware({ 'Firmware Update': { '0': { State: 'two', 'Update Result': '1.5', 'Firmware Update Protocol Support': 'x' } } });
  assert.deepEqual(r, { present: true, instance: '0' });
});
