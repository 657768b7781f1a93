import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { GetThingShadowCommand, IoTDataPlaneClient, UpdateThingShadowCommand, ListNamedShadowsForThingCommand } from '@aws-sdk/client-iot-data-plane';
import { mockClient } from 'aws-sdk-client-mock';
import { createSession } from '../../../src/aws/index';
import { decodeShadow } from '../../../src/aws/shadows';

const spec = { kind: 'custom' as const, id: 't', label: 't', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 };

test('a shadow payload is decoded once: exact text, byte size, parsed state', () => {
  const text = '{"state":{"reported":{"Device":{"0":{"Manufacturer":"Zoë GmbH"}}}},"metadata":{},"version":7,"timestamp":1700000000}';
  const doc = decodeShadow('dev-1', 'datamodel', new TextEncoder().encode(text));
  assert.equal(doc.text, text);
  assert.equal(doc.sizeBytes, Buffer.byteLength(text, 'utf8'));
  assert.ok(doc.sizeBytes > text.length, 'size counts bytes, not characters');
  assert.equal(doc.version, 7);
  assert.equal(doc.timestamp, 1700000000);
  assert.deepEqual(doc.state.reported, { Device: { 0: { Manufacturer: 'Zoë GmbH' } } });
  assert.equal(doc.state.desired, undefined);
});

test('get asks for the named shadow by name and the classic one without', async () => {
  const s = createSession(spec);
  const data = mockClient(IoTDataPlaneClient);
  data.on(GetThingShadowCommand).callsFake((input) => ({ payload: new TextEncoder().encode(JSON.stringify({ state: { reported: { which: input.shadowName ?? 'classic' } }, version: 1 })) }));
  assert.deepEqual((await s.shadows.get('dev-1', '')).state.reported, { which: 'classic' });
  assert.deepEqual((await s.shadows.get('dev-1', 'operation')).state.reported, { which: 'operation' });
  assert.equal(data.commandCalls(GetThingShadowCommand)[0].args[0].input.shadowName, undefined);
  data.restore();
  s.dispose();
});

test('update sends {state, version, clientToken} and returns the accepted document with its new version', async () => {
  const s = createSession(spec);
  const data = mockClient(IoTDataPlaneClient);
  // The SDK hands payloads over as Uint8Array (a blob adapter subclass); a plain one is what matters here.
  const accepted = new TextEncoder().encode('{"state":{"desired":{"operation":"read"}},"metadata":{"desired":{"operation":{"timestamp":1}}},"version":4,"timestamp":1}');
  data.on(UpdateThingShadowCommand).resolves({ payload: accepted } as never);
  const doc = await s.shadows.update('dev-1', 'operation', { desired: { operation: 'read', keys: ['Device.0'] } }, 3);
  const sent = data.commandCalls(UpdateThingShadowCommand)[0].args[0].input;
  const { clientToken, ...payload } = JSON.parse(new TextDecoder().decode(sent.payload as Uint8Array));
  assert.deepEqual(payload, { state: { desired: { operation: 'read', keys: ['Device.0'] } }, version: 3 });
  assert.match(clientToken, /^[0-9a-f-]{36}$/, 'every update carries a clientToken (at most 64 bytes)');
  assert.equal(sent.shadowName, 'operation');
  assert.equal(doc.version, 4);
  await s.shadows.update('dev-1', 'operation', { desired: null as unknown as Record<string, unknown> });
  const unversioned = JSON.parse(new TextDecoder().decode(data.commandCalls(UpdateThingShadowCommand)[1].args[0].input.payload as Uint8Array));
  assert.equal('version' in unversioned, false, 'no version: last writer wins');
  data.restore();
  s.dispose();
});

test('listNamed pages with pageSize and nextToken', async () => {
  const s = createSession(spec);
  const data = mockClient(IoTDataPlaneClient);
  data.on(ListNamedShadowsForThingCommand).resolves({ results: ['datamodel', 'operation'], nextToken: 'k' });
  assert.deepEqual(await s.shadows.listNamed('dev-1', { maxResults: 2 }), { items: ['datamodel', 'operation'], nextToken: 'k' });
  assert.equal(data.commandCalls(ListNamedShadowsForThingCommand)[0].args[0].input.pageSize, 2);
  data.restore();
  s.dispose();
});
