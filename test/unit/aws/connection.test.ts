// Where each client points: the endpoint override for all three, or the account's data endpoint found
// with DescribeEndpoint (iot:Data-ATS) and cached per account and region.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DescribeEndpointCommand, IoTClient } from '@aws-sdk/client-iot';
import { mockClient } from 'aws-sdk-client-mock';
import { createSession } from '../../../src/aws/index';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' };

async function hostOf(client: { config: { endpoint?: unknown } }): Promise<string> {
  const provider = client.config.endpoint as (() => Promise<{ protocol: string; hostname: string; port?: number }>) | undefined;
  assert.ok(provider, 'an endpoint is configured');
  const e = await provider();
  return `${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ''}`;
}

test('an endpoint override is used by the IoT, data plane and logs clients alike', async () => {
  const s = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566/', credentials });
  assert.equal(await hostOf(s.clients.iot), 'http://127.0.0.1:4566');
  assert.equal(await hostOf(s.clients.logs), 'http://127.0.0.1:4566');
  assert.equal(await hostOf(await s.clients.data()), 'http://127.0.0.1:4566');
  assert.equal(s.clients.logs.config.disableHostPrefix, true, 'StartLiveTail must not prefix the host');
  s.dispose();
});

test('without an override the data endpoint is discovered once per account and region', async () => {
  const iot = mockClient(IoTClient);
  iot.on(DescribeEndpointCommand, { endpointType: 'iot:Data-ATS' }).callsFake(async () => ({ endpointAddress: 'abc123-ats.iot.eu-west-1.amazonaws.com' }));
  try {
    const a = createSession({ kind: 'aws', id: 'a', label: 'a', region: 'eu-west-1', credentials });
    const b = createSession({ kind: 'aws', id: 'b', label: 'b', region: 'eu-west-1', credentials });
    const c = createSession({ kind: 'aws', id: 'c', label: 'c', region: 'us-east-1', credentials });
    assert.equal(await hostOf(await a.clients.data()), 'https://abc123-ats.iot.eu-west-1.amazonaws.com');
    await b.clients.data();
    assert.equal(iot.commandCalls(DescribeEndpointCommand).length, 1, 'same account and region: cached');
    await c.clients.data();
    assert.equal(iot.commandCalls(DescribeEndpointCommand).length, 2, 'another region: discovered again');
    for (const s of [a, b, c]) s.dispose();
  } finally {
    iot.restore();
  }
});

test('a failed discovery is not cached: the next call tries again', async () => {
  const iot = mockClient(IoTClient);
  iot.on(DescribeEndpointCommand)
    .rejectsOnce(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
    .resolves({ endpointAddress: 'xyz-ats.iot.eu-west-1.amazonaws.com' });
  try {
    // A region the test before did not discover (the cache lasts as long as the process: this file's).
    const s = createSession({ kind: 'aws', id: 'a', label: 'a', region: 'ap-south-1', credentials, maxAttempts: 1 });
    await assert.rejects(s.clients.data(), (e: unknown) => (e as { kind?: string }).kind === 'endpoint-unreachable');
    assert.equal(await hostOf(await s.clients.data()), 'https://xyz-ats.iot.eu-west-1.amazonaws.com');
    s.dispose();
  } finally {
    iot.restore();
  }
});
