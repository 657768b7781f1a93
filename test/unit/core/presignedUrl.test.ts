// What the operation history keeps of a presigned URL: its signature, credential and session token redacted,
// everything else (bucket, key, date, expiry) as it was; a text without one is left alone.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hasRedactedPresigned, redactPresigned, redactPresignedIn } from '../../../src/core/presignedUrl';

const URL_ = 'https://fw-bucket.s3.eu-west-1.amazonaws.com/app-1.4.3.bin?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLEKEYID1234%2F20270115%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20270115T080000Z&X-Amz-Expires=3600&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLETOKEN%2F%2B%3D&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef&X-Amz-SignedHeaders=host&x-id=GetObject';

test('a presigned URL keeps everything but its signature, credential and session token', () => {
  const r = redactPresigned(URL_);
  assert.equal(r, 'https://fw-bucket.s3.eu-west-1.amazonaws.com/app-1.4.3.bin?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=REDACTED&X-Amz-Date=20270115T080000Z&X-Amz-Expires=3600&X-Amz-Security-Token=REDACTED&X-Amz-Signature=REDACTED&X-Amz-SignedHeaders=host&x-id=GetObject');
  for (const secret of ['ASIAEXAMPLEKEYID1234', 'EXAMPLETOKEN', '0123456789abcdef']) assert.ok(!r.includes(secret), secret);
  assert.equal(redactPresigned(r), r, 'redacting twice changes nothing');
  assert.ok(hasRedactedPresigned(r));
  assert.ok(!hasRedactedPresigned(URL_));
});

test('in a request, an answer text or JSON: every string; other values and texts untouched', () => {
  const request = { operation: 'write', keys: ['Firmware Update.0.Package URI'], values: [URL_] };
  const r = redactPresignedIn(request);
  assert.deepEqual(r.values, [redactPresigned(URL_)]);
  assert.deepEqual(request.values, [URL_], 'the request sent is not changed');
  assert.match(redactPresigned(JSON.stringify(request)), /"values":\["https:[^"]*X-Amz-Signature=REDACTED&X-Amz-SignedHeaders=host&x-id=GetObject"\]/);
  const plain = { operation: 'read', keys: ['Device.0.Manufacturer'], n: 3, ok: true, none: null };
  assert.equal(redactPresignedIn(plain), plain, 'the same object when nothing is redacted');
  assert.equal(redactPresigned('coap://127.0.0.1:5683/fw/abc/app.bin?x=1&signature=keep'), 'coap://127.0.0.1:5683/fw/abc/app.bin?x=1&signature=keep');
  assert.equal(redactPresigned('?x-amz-signature=abc'), '?x-amz-signature=REDACTED', 'names in any case');
});
