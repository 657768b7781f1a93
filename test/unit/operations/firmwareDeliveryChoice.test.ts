// Which URL a device is given, by what it says it supports (Firmware Update Protocol Support, Delivery Method), on a
// sandbox whose LwM2M server runs (so its file server hands out CoAP and HTTP URLs): a CoAP-only sensor pulls over
// CoAP from the LwM2M endpoint and is updated; an HTTP-only tracker gets the HTTP URL; Eclipse Wakaama's real client,
// whose Object 5 says push only (Delivery Method 1), is told so before anything is sent.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createSession, type SdkSession } from '../../../src/aws/index';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index';
import { systemClock } from '../../../src/core/tests/clock';
import { DeliveryError, SendPipeline, pipelineSender, runFirmwareUpdate, sandboxFirmwareHost, sessionPorts, type FirmwarePorts } from '../../../src/operations/firmware/index';
import { NO_CLIENT, WakaamaClient, findClient } from '../sandbox/lwm2m/wakaamaClient';

let sb: RunningSandbox;
let session: SdkSession;
let ports: FirmwarePorts;
const client = findClient();

before(async () => {
  sb = await startSandbox({ timeScale: 0.02, lwm2m: { exchangeLifetimeMs: 3000 } });
  session = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
  ports = { shadows: session.shadows, send: pipelineSender(new SendPipeline(), { connection: 'sandbox', ports: (t) => sessionPorts(session.shadows, t) }), clock: systemClock, host: sandboxFirmwareHost(sb.url) };
});
after(async () => {
  session.dispose();
  await sb.stop();
});

const online = (type: string) => sb.fleet.find((t) => t.connectivity === 'online' && t.thingTypeName === type)!.thingName;
const version = async (thing: string) => JSON.parse((await session.shadows.get(thing, 'datamodel')).text).state.reported.Device['0']['Firmware Version'] as string;

test('a CoAP-only device is given the coap:// URL on the LwM2M endpoint, downloads it block-wise and comes back updated', async () => {
  const thing = online('acme:env_sensor');
  const from = await version(thing);
  const r = await runFirmwareUpdate(ports, { thing, source: { kind: 'file', bytes: new Uint8Array(60_000).fill(9), name: 'env-3.2.1.bin' }, confirmExecute: async () => true, pollMs: 50 });
  assert.match(r.packageUri ?? '', new RegExp(`^${sb.lwm2mUri}/fw/[A-Za-z0-9_-]{22}/env-3\\.2\\.1\\.bin$`));
  assert.equal(r.text, `updated: Firmware Version ${from} → 3.2.1, Update Result 1 (success)`);
});

test('an HTTP-only device is given the HTTP URL of the same file server', async () => {
  const thing = online('acme:tracker_v1');
  const from = await version(thing);
  const r = await runFirmwareUpdate(ports, { thing, source: { kind: 'file', bytes: new Uint8Array(3000).fill(8), name: 'trk-1.9.0.bin' }, confirmExecute: async () => true, pollMs: 50 });
  assert.match(r.packageUri ?? '', new RegExp(`^${sb.url}/fw/[A-Za-z0-9_-]{22}/trk-1\\.9\\.0\\.bin$`));
  assert.equal(r.text, `updated: Firmware Version ${from} → 1.9.0, Update Result 1 (success)`);
});

test("Wakaama's lwm2mclient (Object 5: Delivery Method 1, push only; CoAP and CoAPS): told it takes no Package URI, nothing sent", { skip: client ? false : NO_CLIENT }, async () => {
  const w = await WakaamaClient.start(client!.plain, { serverPort: Number(sb.lwm2mUri!.split(':').pop()), endpoint: `wakaama-fw-${process.pid}` });
  try {
    const dm = await (async () => {
      for (let i = 0; i < 200; i++) {
        const d = await session.shadows.get(w.endpoint, 'datamodel').catch(() => undefined);
        if (d && JSON.parse(d.text).state.reported?.['Firmware Update']) return JSON.parse(d.text).state.reported['Firmware Update']['0'] as Record<string, unknown>;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`${w.endpoint} never had its Firmware Update object in the datamodel`);
    })();
    assert.equal(dm['Firmware Update Delivery Method'], '1');
    const opBefore = (await session.shadows.get(w.endpoint, 'operation')).version;
    await assert.rejects(
      runFirmwareUpdate(ports, { thing: w.endpoint, source: { kind: 'file', bytes: new Uint8Array(100), name: 'app.bin' }, confirmExecute: async () => true }),
      (e: unknown) => e instanceof DeliveryError && e.code === 'unsupported' && /push only/.test(e.message),
    );
    assert.equal((await session.shadows.get(w.endpoint, 'operation')).version, opBefore, 'nothing published');
  } finally {
    await w.kill();
  }
});
