// Where the device pulls the file from: the protocols it says it supports against what the host serves.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chooseDelivery, protocolOfUri, SERVED_PROTOCOLS } from '../../../../src/core/firmware/delivery';

test('the sandbox serves CoAP first to a device that fetches over CoAP and HTTP', () => {
  assert.deepEqual(chooseDelivery({ protocols: [2, 0], deliveryMethod: 0 }, SERVED_PROTOCOLS.sandbox), { ok: true, protocol: 'coap', assumed: [] });
});

test('an HTTP-only device gets the sandbox\'s HTTP URL', () => {
  assert.deepEqual(chooseDelivery({ protocols: [2], deliveryMethod: 2 }, SERVED_PROTOCOLS.sandbox), { ok: true, protocol: 'http', assumed: [] });
});

test('a device without Protocol Support gets CoAP, the registry\'s default, and the assumption is named', () => {
  const c = chooseDelivery({}, SERVED_PROTOCOLS.sandbox);
  assert.deepEqual(c, { ok: true, protocol: 'coap', assumed: ['coap-by-default', 'pull-by-default'] });
  const s3 = chooseDelivery({ deliveryMethod: 0 }, SERVED_PROTOCOLS.s3);
  assert.equal(s3.ok, false, 'a CoAP-only device cannot fetch from S3');
});

test('a CoAPS-only device: nothing the sandbox serves fits, and the reason names both sides', () => {
  const c = chooseDelivery({ protocols: [1], deliveryMethod: 0 }, SERVED_PROTOCOLS.sandbox);
  assert.equal(c.ok, false);
  if (c.ok) return;
  assert.equal(c.reason, 'no-common-protocol');
  assert.deepEqual(c.deviceProtocols, ['coaps']);
  assert.match(c.message, /over CoAPS \(Firmware Update Protocol Support\); the file can be served over CoAP, HTTP/);
});

test('push only is refused: the extension delivers by Package URI', () => {
  const c = chooseDelivery({ protocols: [0], deliveryMethod: 1 }, SERVED_PROTOCOLS.sandbox);
  assert.equal(c.ok, false);
  if (!c.ok) {
    assert.equal(c.reason, 'push-only');
    assert.match(c.message, /push only/);
  }
});

test('codes the registry does not define are ignored, and listed', () => {
  const c = chooseDelivery({ protocols: [77, 3], deliveryMethod: 0 }, SERVED_PROTOCOLS.s3);
  assert.deepEqual(c, { ok: true, protocol: 'https', assumed: [] });
  const none = chooseDelivery({ protocols: [77], deliveryMethod: 0 }, SERVED_PROTOCOLS.s3);
  assert.equal(none.ok, false);
  if (!none.ok) assert.deepEqual([none.unknownCodes, none.deviceProtocols], [[77], []]);
});

test('a user\'s URL: its scheme is the protocol offered', () => {
  assert.equal(protocolOfUri('HTTPS://example.com/a.bin'), 'https');
  assert.equal(protocolOfUri('coaps+tcp://h/a'), 'coaps+tcp');
  assert.equal(protocolOfUri('ftp://h/a'), undefined);
  assert.equal(protocolOfUri('no scheme'), undefined);
  const c = chooseDelivery({ protocols: [0, 1], deliveryMethod: 0 }, [protocolOfUri('https://example.com/a.bin')!]);
  assert.equal(c.ok, false);
});
