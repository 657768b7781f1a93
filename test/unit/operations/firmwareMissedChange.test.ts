// What the device does between two of the firmware flow's looks at its shadows is not lost. A device that fails
// the download again with the Update Result it already showed goes State 1 → State 0 between two looks: the flow
// saw the values it saw before the write and waited out its download timeout; the shadow's metadata says State
// and Update Result were reported after the write, so that failure is this attempt's. And a live change that comes
// while the flow is not sleeping (during the write, during a read) is kept for the next wait instead of dropped.
// The device here is a datamodel shadow with AWS's metadata (a time per reported value, in seconds) whose
// notifications come when the script says, so each race happens every time; every wait is bounded.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ShadowDocument } from '../../../src/aws/types';
import { systemClock } from '../../../src/core/tests/clock';
import { runFirmwareUpdate, type FirmwarePorts, type FirmwareRequest, type SendOptions, type SentResult } from '../../../src/operations/firmware/index';

const THING = 'dev-1';

interface FakeDevice {
  values: { State: string; 'Update Result': string };
  /** The device reports these (a notification): the datamodel shadow gets a new version, each value a new second. */
  report(values: Partial<FakeDevice['values']>): void;
}

function fakeDevice(script: { start?: Partial<FakeDevice['values']>; onWrite?(d: FakeDevice): void; onLook?(d: FakeDevice, look: number): void }, live: boolean) {
  let second = 1_800_000_000;
  let version = 1;
  const times: Record<string, number> = { State: second, 'Update Result': second };
  const listeners = new Set<() => void>();
  const d: FakeDevice = {
    values: { State: '0', 'Update Result': '0', ...script.start },
    report(values) {
      second++;
      for (const [k, v] of Object.entries(values)) {
        d.values[k as keyof FakeDevice['values']] = v;
        times[k] = second;
      }
      version++;
      for (const l of [...listeners]) l();
    },
  };
  const datamodel = (): ShadowDocument => {
    const reported = { Device: { '0': { 'Firmware Version': '1.0' } }, 'Firmware Update': { '0': { ...d.values, 'Package URI': '' } } };
    const metadata = { reported: { 'Firmware Update': { '0': { State: { timestamp: times.State }, 'Update Result': { timestamp: times['Update Result'] } } } } };
    return { thingName: THING, shadowName: 'datamodel', state: { reported }, metadata, version, sizeBytes: 0, text: JSON.stringify({ state: { reported } }) };
  };
  let looks = 0;
  const sent: string[] = [];
  const ports: FirmwarePorts = {
    clock: systemClock,
    shadows: {
      get: async (_t: string, name?: string) => {
        if (name !== 'datamodel') return { thingName: THING, shadowName: '', state: { reported: { registered: true, lastRegisterUpdate: '2027-01-15 08:00:00.000' } }, version: 1, sizeBytes: 0, text: '{}' };
        const doc = datamodel();
        // the first read is the flow's start, the second the one before the write; then come its looks
        if (sent.includes('write')) script.onLook?.(d, ++looks);
        return doc;
      },
    },
    send: {
      send: async (_t: string, r: FirmwareRequest, o: SendOptions): Promise<SentResult> => {
        if (r.operation === 'execute' && !(await o.confirmExecute?.(THING, r.keys as string[]))) return { kind: 'not-sent', reason: 'not-confirmed' };
        sent.push(String(r.operation));
        // the observe's answer carries the current values, which the integration writes into the datamodel
        if (r.operation === 'observe') d.report({ ...d.values });
        if (r.operation === 'write') script.onWrite?.(d);
        return { kind: 'answered', failedKeys: [], values: {}, acceptedVersion: sent.length };
      },
    },
    host: { label: 'test', host: async () => ({ coap: 'coap://127.0.0.1:5683/fw/abcdefghijklmnopqrstuv/app.bin' }) },
    ...(live ? { watch: (_t: string, wake: () => void) => (listeners.add(wake), () => void listeners.delete(wake)) } : {}),
  };
  return { ports, sent };
}

const run = async (ports: FirmwarePorts, o: { pollMs?: number; downloadTimeoutMs: number }) => {
  const t0 = performance.now();
  const r = await runFirmwareUpdate(ports, { thing: THING, source: { kind: 'file', bytes: new Uint8Array(10), name: 'app.bin' }, confirmExecute: async () => false, ...o });
  return { r, ms: performance.now() - t0 };
};

test('a download that fails again with the Update Result the device showed before, between two looks: failed, not timed out', async () => {
  // the device shows the last attempt's Update Result 7; the new URI fails the same way before the flow's first look
  const { ports, sent } = fakeDevice({ start: { 'Update Result': '7' }, onWrite: (d) => { d.report({ State: '1', 'Update Result': '0' }); d.report({ State: '0', 'Update Result': '7' }); } }, false);
  const { r } = await run(ports, { pollMs: 20, downloadTimeoutMs: 1500 });
  assert.equal(r.text, 'download failed: Update Result 7 (invalid URI); Firmware Version 1.0');
  assert.equal(r.offerReset, true);
  assert.deepEqual(sent, ['observe', 'write'], 'no request more');
});

test('an old failure still showing with nothing reported since the write is not taken for this attempt', async () => {
  // the device takes its time: nothing reported after the write, so the Update Result 7 on show is the last attempt's
  const { ports } = fakeDevice({ start: { 'Update Result': '7' } }, false);
  const { r } = await run(ports, { pollMs: 20, downloadTimeoutMs: 300 });
  assert.equal(r.verdict.kind, 'timeout');
});

test('State 2 published while the write is on its way: heard at once, not after a poll', async () => {
  const { ports } = fakeDevice({ onWrite: (d) => d.report({ State: '2' }) }, true);
  const { r, ms } = await run(ports, { downloadTimeoutMs: 4000 });
  assert.equal(r.text, 'cancelled while downloaded, before the Update execute');
  assert.ok(ms < 2000, `noticed after ${ms.toFixed(0)} ms (a missed wake costs a 5 s poll, here the 4 s timeout)`);
});

test('State 2 published while the flow reads the shadows: the wake is kept for the next wait, which does not sleep', async () => {
  // the first look reads State 1; right after that read the device publishes State 2
  const { ports } = fakeDevice({ onWrite: (d) => d.report({ State: '1' }), onLook: (d, n) => { if (n === 1) d.report({ State: '2' }); } }, true);
  const { r, ms } = await run(ports, { downloadTimeoutMs: 4000 });
  assert.equal(r.text, 'cancelled while downloaded, before the Update execute');
  assert.ok(ms < 2000, `noticed after ${ms.toFixed(0)} ms (a missed wake costs a 5 s poll, here the 4 s timeout)`);
});
