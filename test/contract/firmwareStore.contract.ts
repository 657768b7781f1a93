// Hosting a firmware file where a device can pull it: on AWS (moto) an S3 upload and a presigned GET URL that
// really downloads the bytes; on the sandbox its own file server's one-time URL.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { firmware } from '../../src/core/index';
import { CreateThingCommand } from '@aws-sdk/client-iot';
import { AwsError, uploadFirmwareToS3, uploadToSandbox } from '../../src/aws/index';
import { systemClock } from '../../src/core/tests/clock';
import { DeliveryError, SendPipeline, packageUriFor, pipelineSender, runFirmwareUpdate, s3FirmwareHost, sessionPorts, type LongUri } from '../../src/operations/firmware/index';
import { isMoto, isSandbox, session, setupClients, target, unique } from './target';

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

test(`[${target.name}] S3 as the firmware host: the presigned URL is longer than Package URI declares, written only once the person accepts, and it is what the flow writes`, only(isMoto, 'the sandbox has no S3'), async () => {
  const bucket = unique('fw').toLowerCase();
  const s3 = new S3Client({ region: target.region, endpoint: target.endpoint, credentials: target.credentials, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
  const host = s3FirmwareHost(bucket, (req) => uploadFirmwareToS3(spec, req));
  const bytes = randomBytes(8 * 1024);
  // a device that downloads over HTTP and HTTPS (moto's endpoint is http://; on AWS the presigned URL is https://)
  const device = { protocols: [2, 3] };
  // nobody to ask: refused, naming the length and the declared limit
  await assert.rejects(packageUriFor({ kind: 'file', bytes, name: 'app-1.4.3.bin' }, device, host), (e: unknown) =>
    e instanceof DeliveryError && e.code === 'bad-uri' && /the S3 bucket .* gave a URL the device cannot take: The URI is \d+ bytes; Package URI takes at most 255/.test(e.message) && /Nothing was sent/.test(e.message));
  const asked: LongUri[] = [];
  const { uri } = await packageUriFor({ kind: 'file', bytes, name: 'app-1.4.3.bin' }, device, host, undefined, async (long) => (asked.push(long), true));
  assert.equal(asked.length, 1);
  assert.equal(asked[0].maxBytes, 255);
  assert.equal(asked[0].bytes, Buffer.byteLength(uri));
  assert.equal(asked[0].from, `the S3 bucket ${bucket}`);
  assert.match(new URL(uri).searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
  assert.equal(sha(new Uint8Array(await (await fetch(uri)).arrayBuffer())), sha(bytes), 'the URL downloads the file');

  // the flow on a thing whose datamodel has object 5 (nothing answers on moto): the Package URI it writes into
  // the operation shadow's desired is a presigned URL of the uploaded file, written once
  const thing = unique('fw-thing');
  const c = setupClients();
  const sdk = session();
  try {
    await c.iot.send(new CreateThingCommand({ thingName: thing }));
    await sdk.shadows.update(thing, 'datamodel', { reported: {
      Device: { 0: { 'Firmware Version': '1.4.2' } },
      'Firmware Update': { 0: { State: 0, 'Update Result': 0, 'Firmware Update Protocol Support': { 0: 2, 1: 3 }, 'Firmware Update Delivery Method': 0 } },
    } });
    let longAsked = 0;
    const r = await runFirmwareUpdate({ shadows: sdk.shadows, clock: systemClock, host, send: pipelineSender(new SendPipeline(), { connection: 'moto', ports: (t) => sessionPorts(sdk.shadows, t) }) }, {
      thing, source: { kind: 'file', bytes, name: 'app-1.4.3.bin' },
      confirmExecute: async () => { throw new Error('never downloaded: no Update to confirm'); },
      confirmLongUri: async () => (longAsked++, true),
      answerTimeoutMs: 300, downloadTimeoutMs: 1500, pollMs: 300,
    });
    assert.equal(longAsked, 1);
    assert.equal(r.verdict.kind, 'timeout', r.text);
    const op = await sdk.shadows.get(thing, 'operation');
    const desired = op.state.desired as { operation: string; keys: string[]; values: string[] };
    assert.deepEqual([desired.operation, desired.keys], ['write', ['Firmware Update.0.Package URI']]);
    const written = new URL(desired.values[0]);
    assert.equal(written.pathname, `/${bucket}/${new URL(uri).pathname.split('/').slice(2).join('/')}`, 'the same object as uploaded');
    assert.equal(sha(new Uint8Array(await (await fetch(desired.values[0])).arrayBuffer())), sha(bytes), 'what the device would fetch is the file');
    assert.deepEqual(r.steps.map((x) => x.request.operation), ['observe', 'write'], 'each request once; no execute');
  } finally {
    sdk.dispose();
    c.destroy();
  }
});
