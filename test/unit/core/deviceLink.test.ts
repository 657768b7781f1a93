// How a device talks LwM2M, read from its classic shadow for its thing row: the version and the address, and
// nothing a device wrote that is neither.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { addressText, deviceLinkText, lwm2mVersionText, readDeviceLink } from '../../../src/core/index';

test("the sandbox's and the integration's classic shadow: version, and the address where it is kept", () => {
  const sandbox = { registered: true, lwm2mUri: 'coap://127.0.0.1:5683', lwm2mVersion: '1.1', registeredMode: 'U' };
  assert.deepEqual(readDeviceLink({ state: { reported: sandbox } }), { lwm2mVersion: '1.1' });
  assert.deepEqual(readDeviceLink({ lwm2mVersion: '1.2', lastKnownIp: '192.0.2.7:56830' }), { lwm2mVersion: '1.2', address: '192.0.2.7:56830' });
  assert.deepEqual(readDeviceLink({ reported: { LWM2M_VERSION: '1.0', 'last-known-ip': '[2001:db8::1]:5683' } }), { lwm2mVersion: '1.0', address: '[2001:db8::1]:5683' });
  assert.deepEqual(readDeviceLink(undefined), {});
  assert.deepEqual(readDeviceLink({ state: {} }), {});
});

test('the row text', () => {
  assert.equal(deviceLinkText({ lwm2mVersion: '1.1', address: '127.0.0.1:56830' }), 'LwM2M 1.1 · 127.0.0.1:56830');
  assert.equal(deviceLinkText({ lwm2mVersion: '1.1' }), 'LwM2M 1.1');
  assert.equal(deviceLinkText({ address: '127.0.0.1:56830' }), 'LwM2M · 127.0.0.1:56830');
  assert.equal(deviceLinkText({}), undefined);
});

test('device text that is no version or address is dropped, not shown', () => {
  for (const v of ['1.1\u202e', '1.1 (see http://evil)', '11111.1', 'v1.1', '', {}, null, '1.1\n2.0']) assert.equal(lwm2mVersionText(v), undefined, JSON.stringify(v));
  assert.equal(lwm2mVersionText(1.1), '1.1');
  for (const a of ['127.0.0.1:56830\u202e', 'a b', '<script>', 'x'.repeat(65), 'host:port', '1.2.3.4:123456', '[::1]:1:2', '$(alert)', '']) {
    assert.equal(addressText(a), undefined, JSON.stringify(a));
  }
  for (const a of ['127.0.0.1', '127.0.0.1:56830', '[::1]:5683', 'fe80::1', 'board-7.local:5683']) assert.equal(addressText(a), a);
  assert.deepEqual(readDeviceLink({ lwm2mVersion: '1.1 \u202egnp.exe', lastKnownIp: '10.0.0.1\n[fake line]' }), {});
});
