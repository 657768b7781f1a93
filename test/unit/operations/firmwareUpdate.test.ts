// The firmware update flow against the real sandbox through the real AWS SDK: a simulated device downloads,
// installs on the confirmed Update execute and comes back with the new Firmware Version; the execute is never
// sent unconfirmed; cancelling before it leaves the device with its package, and the reset (an empty Package
// URI) takes it back to Idle; a URI the Lambda would split is refused before anything is sent.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createSession, type SdkSession } from '../../../src/aws/index';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index';
import { systemClock } from '../../../src/core/tests/clock';
import { DeliveryError, SendPipeline, pipelineSender, resetFirmware, runFirmwareUpdate, sandboxFirmwareHost, sessionPorts, type FirmwarePorts } from '../../../src/operations/firmware/index';

let sb: RunningSandbox;
let session: SdkSession;
let ports: FirmwarePorts;
let things: string[];

before(async () => {
  sb = await startSandbox({ timeScale: 0.02 });
  session = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
  ports = { shadows: session.shadows, send: pipelineSender(new SendPipeline(), { connection: 'sandbox', ports: (t) => sessionPorts(session.shadows, t) }), clock: systemClock };
  // nordic:thingy91 downloads over CoAP, HTTP and HTTPS; the sandbox without its LwM2M server serves HTTP
  things = sb.fleet.filter((t) => t.connectivity === 'online' && t.thingTypeName === 'nordic:thingy91').map((t) => t.thingName);
  assert.ok(things.length >= 3, 'three online Thingy:91s');
  ports.host = sandboxFirmwareHost(sb.url);
});
after(async () => {
  session.dispose();
  await sb.stop();
});

const version = async (thing: string) => JSON.parse((await session.shadows.get(thing, 'datamodel')).text).state.reported.Device['0']['Firmware Version'] as string;
const fw = async (thing: string) => JSON.parse((await session.shadows.get(thing, 'datamodel')).text).state.reported['Firmware Update']['0'] as Record<string, unknown>;

test('a simulated device downloads, installs on the confirmed Update and comes back with the new Firmware Version', async () => {
  const thing = things[0];
  const from = await version(thing);
  const stages: string[] = [];
  const asked: string[][] = [];
  const r = await runFirmwareUpdate(ports, {
    thing,
    source: { kind: 'file', bytes: new Uint8Array(400_000).fill(1), name: 'app-9.8.7.bin' },
    confirmExecute: async (t, keys) => {
      asked.push([t, ...keys]);
      return true;
    },
    onStage: (stage) => stages.push(stage),
    pollMs: 50,
  });
  assert.equal(r.text, `updated: Firmware Version ${from} → 9.8.7, Update Result 1 (success)`, JSON.stringify(r.steps.map((x) => [x.request, x.outcome])));
  assert.deepEqual(asked, [[thing, 'Firmware Update.0.Update']], 'the Update execute is asked once, right before it is sent');
  assert.deepEqual(stages, ['writingUri', 'downloading', 'downloaded', 'updating', 'done']);
  assert.equal(await version(thing), '9.8.7');
  assert.deepEqual(r.steps.map((x) => x.request.operation), ['observe', 'write', 'execute'], 'each request once, none again');
  assert.equal(r.offerReset, false);
});

test('cancelled while downloading: no Update is executed; the reset takes the device back to Idle', async () => {
  const thing = things[1];
  const from = await version(thing);
  const ac = new AbortController();
  let asked = 0;
  const r = await runFirmwareUpdate(ports, {
    thing,
    // 2 MB: ~2.4 s of download at this time scale, longer than the write's answer takes to be seen
    source: { kind: 'file', bytes: new Uint8Array(2_000_000).fill(2), name: 'app-2.0.0.bin' },
    confirmExecute: async () => (asked++, true),
    onStage: (stage) => { if (stage === 'downloading') ac.abort(); },
    signal: ac.signal,
    pollMs: 50,
  });
  assert.equal(r.verdict.kind, 'cancelled');
  assert.equal(r.text, 'cancelled while downloading, before the Update execute');
  assert.equal(r.offerReset, true);
  assert.equal(asked, 0);
  assert.ok(!r.steps.some((x) => x.request.operation === 'execute'));
  const reset = await resetFirmware(ports, thing);
  assert.equal(reset.kind, 'answered');
  assert.deepEqual(reset.kind === 'answered' ? reset.failedKeys : undefined, []);
  assert.equal(sb.device(thing) !== undefined, true);
  // the device dropped the package: its datamodel (after a read) says Idle, and the version never changed
  const read = await ports.send.send(thing, { operation: 'read', keys: ['Firmware Update.0.State', 'Firmware Update.0.Update Result'] }, { waitMs: 10_000 });
  assert.equal(read.kind, 'answered');
  assert.deepEqual(read.kind === 'answered' ? read.values : undefined, { 'Firmware Update.0.State': '0', 'Firmware Update.0.Update Result': '0' });
  assert.equal(await version(thing), from);
});

test('an Update the person does not confirm is not sent: cancelled while downloaded, a reset offered', async () => {
  const thing = things[2];
  const from = await version(thing);
  const r = await runFirmwareUpdate(ports, {
    thing,
    source: { kind: 'file', bytes: new Uint8Array(1000).fill(3), name: 'app-3.0.0.bin' },
    confirmExecute: async () => false,
    pollMs: 50,
  });
  assert.equal(r.text, 'cancelled while downloaded, before the Update execute');
  assert.equal(r.offerReset, true);
  assert.deepEqual(r.steps.map((x) => x.request.operation), ['observe', 'write', 'execute']);
  assert.deepEqual(r.steps[2].outcome, { kind: 'not-sent', reason: 'not-confirmed' });
  assert.equal((await fw(thing)).State, '2', 'the device still holds the package');
  assert.equal(await version(thing), from);
  await resetFirmware(ports, thing);
});

test('a URI with a comma is refused before anything is sent', async () => {
  const thing = things[0];
  const opBefore = (await session.shadows.get(thing, 'operation')).version;
  await assert.rejects(
    runFirmwareUpdate(ports, { thing, source: { kind: 'url', url: 'http://example.com/a,b.bin' }, confirmExecute: async () => true }),
    (e: unknown) => e instanceof DeliveryError && /comma/.test(e.message),
  );
  assert.equal((await session.shadows.get(thing, 'operation')).version, opBefore, 'nothing published');
});

test("a file goes to the sandbox's file server; a device that fetches over none of what it serves is told so, nothing sent", async () => {
  const thing = sb.fleet.find((t) => t.connectivity === 'online' && t.thingTypeName === 'acme:env_sensor')!.thingName;
  const opBefore = (await session.shadows.get(thing, 'operation')).version;
  // without its LwM2M server the sandbox serves files over HTTP only; the trackers fetch over CoAP, CoAPS and HTTPS
  await assert.rejects(
    runFirmwareUpdate({ ...ports, host: sandboxFirmwareHost(sb.url) }, { thing, source: { kind: 'file', bytes: new Uint8Array(1024).fill(7), name: 'app-1.0.0.bin' }, confirmExecute: async () => true }),
    (e: unknown) => e instanceof DeliveryError && e.code === 'unsupported' && e.message === 'The device downloads firmware over CoAP (Firmware Update Protocol Support); the file can be served over HTTP. Host the file where the device can fetch it and give its URL instead.',
  );
  assert.equal((await session.shadows.get(thing, 'operation')).version, opBefore, 'nothing published');
  // the upload itself worked: the sandbox handed out a one-time HTTP URL for the bytes
  const urls = await sandboxFirmwareHost(sb.url).host(new Uint8Array([1, 2, 3]), 'x.bin');
  assert.match(urls.http ?? '', new RegExp(`^${sb.url}/fw/[^/]+/x\\.bin$`));
  const body = new Uint8Array(await (await fetch(urls.http!)).arrayBuffer());
  assert.deepEqual([...body], [1, 2, 3]);
});

test('each failure the device reports ends in its named verdict, with the Firmware Version it still runs; a reset follows', async () => {
  const thing = things[0];
  const expected: Record<number, string> = {
    2: 'download failed: Update Result 2 (not enough flash)',
    3: 'download failed: Update Result 3 (out of RAM)',
    4: 'download failed: Update Result 4 (connection lost during download)',
    5: 'download failed: Update Result 5 (integrity check failure)',
    6: 'download failed: Update Result 6 (unsupported package type)',
    7: 'download failed: Update Result 7 (invalid URI)',
    8: 'update failed: Update Result 8 (firmware update failed)',
    9: 'download failed: Update Result 9 (unsupported protocol)',
  };
  for (const [code, text] of Object.entries(expected)) {
    const running = await version(thing);
    const r = await runFirmwareUpdate(ports, {
      thing, source: { kind: 'file', bytes: new Uint8Array(5000).fill(4), name: `app-FAIL=${code}.bin` }, confirmExecute: async () => true, pollMs: 50,
    });
    assert.equal(r.text, `${text}; Firmware Version ${running}`, `FAIL=${code}: ${JSON.stringify(r.state.latest)}`);
    assert.equal(r.offerReset, true);
    assert.equal(await version(thing), running);
    const reset = await resetFirmware(ports, thing);
    assert.equal(reset.kind, 'answered');
  }
});

test('through the one pipeline: a 409 is asked about like a Publish, Cancel sends nothing more, nothing is sent again', async () => {
  const thing = things[1];
  const updates: string[] = [];
  let intruded = false;
  const shadows = {
    get: session.shadows.get.bind(session.shadows),
    update: async (...a: Parameters<SdkSession['shadows']['update']>) => {
      if (a[1] === 'operation') {
        const desired = (a[2] as { desired?: { operation?: string } }).desired;
        // someone else publishes to the thing right before the flow's write goes out: its version is stale
        if (desired?.operation === 'write' && !intruded) {
          intruded = true;
          const now = await session.shadows.get(thing, 'operation');
          updates.push('someone else');
          await session.shadows.update(thing, 'operation', { desired: { operation: 'read', keys: ['Device.0.Manufacturer'] } }, now.version);
        }
        updates.push(String(desired?.operation));
      }
      return session.shadows.update(...a);
    },
  };
  const asked: number[] = [];
  const send = pipelineSender(new SendPipeline(), {
    connection: 'sandbox', ports: (t) => sessionPorts(shadows, t),
    onConflict: async (_t, latest) => { asked.push(latest.version); return 'cancel'; },
  });
  const r = await runFirmwareUpdate({ ...ports, shadows, send }, {
    thing, source: { kind: 'file', bytes: new Uint8Array(1000).fill(5), name: 'app-5.0.0.bin' }, confirmExecute: async () => true, pollMs: 50,
  });
  assert.equal(asked.length, 1, 'the conflict was asked about once');
  assert.equal(r.verdict.kind, 'refused');
  assert.match(r.text, /someone else published/);
  assert.deepEqual(updates, ['observe', 'someone else', 'write'], 'the write was tried once (409), never sent again; no execute');
  assert.deepEqual(r.steps.map((x) => [x.request.operation, x.outcome.kind]), [['observe', r.steps[0].outcome.kind], ['write', 'not-sent']]);
});

test('a new registration seen in the same look as a datamodel read from before it: no needless Firmware Version read', async () => {
  // The device registers again (classic shadow) and writes its new datamodel right after the flow read the
  // datamodel: the look's classic read then shows the registration while its datamodel is the old one. Held here
  // so it happens every time (it used to happen now and then, an extra `read Device.0.Firmware Version`).
  const thing = things[2];
  const from = await version(thing);
  const mark = async () => (await session.shadows.get(thing, '')).state.reported?.lastRegisterUpdate;
  let markAtExecute: unknown;
  let held = false;
  const shadows: FirmwarePorts['shadows'] = {
    get: async (t, name) => {
      const doc = await session.shadows.get(t, name);
      if (name === 'datamodel' && markAtExecute !== undefined && !held && (await mark()) === markAtExecute) {
        held = true;
        for (const end = Date.now() + 10_000; (await mark()) === markAtExecute && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
        assert.notEqual(await mark(), markAtExecute, 'the device registered again');
      }
      return doc;
    },
  };
  const send: FirmwarePorts['send'] = {
    send: async (t, request, options) => {
      if (request.operation !== 'execute') return ports.send.send(t, request, options);
      markAtExecute = await mark();
      // an integration that writes no answer to an execute: the flow goes on looking while the device reboots
      return ports.send.send(t, request, { ...options, waitMs: 0 });
    },
  };
  const r = await runFirmwareUpdate({ ...ports, shadows, send }, {
    thing, source: { kind: 'file', bytes: new Uint8Array(1000).fill(6), name: 'app-6.1.0.bin' }, confirmExecute: async () => true, pollMs: 50,
  });
  assert.ok(held, 'a datamodel read was held until the registration');
  assert.equal(r.text, `updated: Firmware Version ${from} → 6.1.0, Update Result 1 (success)`);
  assert.deepEqual(r.steps.map((x) => `${x.request.operation} ${(x.request.keys as string[]).join(',')}`), [
    'observe Firmware Update.0.State,Firmware Update.0.Update Result', 'write Firmware Update.0.Package URI', 'execute Firmware Update.0.Update',
  ], 'each request once; the Firmware Version comes with the new datamodel');
});
