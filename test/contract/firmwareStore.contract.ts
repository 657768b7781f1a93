// Hosting a firmware file where a device can pull it: on AWS (moto) an S3 upload and a presigned GET URL that
// really downloads the bytes; on the sandbox its own file server's one-time URL.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { firmware } from '../../src/core/index';
import { AwsError, uploadFirmwareToS3, uploadToSandbox } from '../../src/aws/index';
import { isMoto, isSandbox, target, unique } from './target';

const spec = { kind: 'custom' as const, id: target.name, label: target.name, region: target.region, endpoint: target.endpoint, credentials: target.credentials, maxAttempts: 1 };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const only = (yes: boolean, why: string) => ({ skip: target.skip ?? (yes ? undefined : why) });

test(`[${target.name}] S3: the file is uploaded and the presigned GET URL downloads exactly its bytes`, only(isMoto, 'the sandbox has no S3: it hosts firmware itself'), async () => {
  const bucket = unique('fw').toLowerCase();
  const s3 = new S3Client({ region: target.region, endpoint: target.endpoint, credentials: target.credentials, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
  const bytes = randomBytes(256 * 1024);
  const hosted = await uploadFirmwareToS3(spec, { bucket, bytes, name: 'build/app-1.4.3.bin', expiresInSeconds: 900 });
  assert.equal(hosted.sha256, sha(bytes));
  assert.match(hosted.key!, /^lwm2m-firmware\/[0-9a-f]{12}-app-1\.4\.3\.bin$/);
  assert.ok(Math.abs(hosted.expiresAt - (Date.now() + 900_000)) < 10_000);
  const url = new URL(hosted.url);
  assert.equal(url.searchParams.get('X-Amz-Expires'), '900');
  const got = await fetch(hosted.url);
  assert.equal(got.status, 200);
  assert.equal(sha(new Uint8Array(await got.arrayBuffer())), hosted.sha256);
  // What the Package URI check says of it (a presigned URL is long; see the note in the README).
  const problem = firmware.checkPackageUri(hosted.url);
  console.log(`presigned URL: ${Buffer.byteLength(hosted.url)} bytes (${problem ? problem.code : 'fits Package URI'})`);
  assert.ok(!problem || problem.code === 'too-long');
});

test(`[${target.name}] S3: a bucket that does not exist is an AwsError naming PutObject`, only(isMoto, 'the sandbox has no S3'), async () => {
  await assert.rejects(uploadFirmwareToS3(spec, { bucket: unique('missing'), bytes: Buffer.from('x'), name: 'a.bin' }), (e: unknown) => e instanceof AwsError && e.operation === 'PutObject');
  await assert.rejects(uploadFirmwareToS3(spec, { bucket: 'b', bytes: Buffer.from('x'), name: 'a.bin', expiresInSeconds: 8 * 86400 }), /7 days/);
});

test(`[${target.name}] sandbox: the upload API answers a one-time URL that serves the bytes once`, only(isSandbox, 'moto has no firmware file server'), async () => {
  const bytes = randomBytes(64 * 1024);
  const hosted = await uploadToSandbox(target.endpoint, bytes, 'app-1.4.3.bin', 'http');
  assert.equal(firmware.checkPackageUri(hosted.url), undefined, 'the sandbox URL fits a Package URI');
  const got = await fetch(hosted.url);
  assert.equal(sha(new Uint8Array(await got.arrayBuffer())), sha(bytes));
  assert.equal((await fetch(hosted.url)).status, 410);
});
