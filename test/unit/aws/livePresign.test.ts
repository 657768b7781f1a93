// SigV4 presigning for MQTT over WebSocket: the signer reproduces AWS's documented presigned-URL example,
// and the AWS IoT URL has the iotdevicegateway scope with the session token appended after signing.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { presignMqttUrl, presignUrl } from '../../../src/aws/live/presign';

const EXAMPLE_KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

test('reproduces the presigned URL of AWS\'s SigV4 query-string example (GET /test.txt, 2013-05-24)', async () => {
  const url = await presignUrl({
    endpoint: 'https://examplebucket.s3.amazonaws.com', scheme: 'https', region: 'us-east-1', service: 's3', path: '/test.txt',
    credentials: EXAMPLE_KEYS, now: new Date('2013-05-24T00:00:00Z'), expiresIn: 86400, payloadHash: 'UNSIGNED-PAYLOAD',
  });
  assert.equal(url, 'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256'
    + '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z'
    + '&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
});

test('AWS IoT: wss://<endpoint>/mqtt, scope <region>/iotdevicegateway, session token appended after signing', async () => {
  const now = new Date('2026-01-02T03:04:05Z');
  const endpoint = 'https://a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com';
  const plain = new URL(await presignMqttUrl({ endpoint, region: 'eu-west-1', credentials: EXAMPLE_KEYS, now }));
  const withToken = new URL(await presignMqttUrl({ endpoint, region: 'eu-west-1', credentials: { ...EXAMPLE_KEYS, sessionToken: 'FwoG/token+with=chars' }, now }));
  assert.equal(plain.protocol, 'wss:');
  assert.equal(plain.host, 'a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com');
  assert.equal(plain.pathname, '/mqtt');
  assert.equal(plain.searchParams.get('X-Amz-Credential'), 'AKIAIOSFODNN7EXAMPLE/20260102/eu-west-1/iotdevicegateway/aws4_request');
  assert.equal(plain.searchParams.get('X-Amz-Date'), '20260102T030405Z');
  assert.equal(plain.searchParams.get('X-Amz-SignedHeaders'), 'host');
  assert.match(plain.searchParams.get('X-Amz-Signature')!, /^[0-9a-f]{64}$/);
  assert.equal(withToken.searchParams.get('X-Amz-Signature'), plain.searchParams.get('X-Amz-Signature'), 'the token is not signed');
  assert.equal([...withToken.searchParams.keys()].at(-1), 'X-Amz-Security-Token', 'the token comes last');
  assert.equal(withToken.searchParams.get('X-Amz-Security-Token'), 'FwoG/token+with=chars');
  assert.equal(plain.searchParams.get('X-Amz-Security-Token'), null);
  const other = new URL(await presignMqttUrl({ endpoint, region: 'eu-west-1', credentials: EXAMPLE_KEYS, now: new Date('2026-01-02T03:04:06Z') }));
  assert.notEqual(other.searchParams.get('X-Amz-Signature'), plain.searchParams.get('X-Amz-Signature'), 'a new time, a new signature');
});

test('a plain-http endpoint (the sandbox) gets ws://host:port/mqtt', async () => {
  const url = new URL(await presignMqttUrl({ endpoint: 'http://127.0.0.1:4567', region: 'us-east-1', credentials: EXAMPLE_KEYS }));
  assert.equal(url.protocol, 'ws:');
  assert.equal(url.host, '127.0.0.1:4567');
  assert.equal(url.pathname, '/mqtt');
});
