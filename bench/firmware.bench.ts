// Firmware figures (issue 22, item 6). (1) A 1 MiB image through the sandbox's CoAP file server (Block2, 1 KiB
// blocks, src/sandbox/firmware/firmwareCoap.ts, routed on the sandbox's LwM2M endpoint) to a node-coap client, against a plain HTTP download of the same
// bytes from the same sandbox in the same run (the floor); each download a new random file at a new one-time URL,
// CoAP and HTTP alternating which goes first. (2) The firmware flow (src/operations/firmware, with the ports the
// Update Firmware command gives it: the shadow sender, the sandbox's file server, live wake-ups over MQTT) from its
// start to the verdict on a simulated device, minus the device's own time — the spans in which the sandbox had the
// ball: each request from its accepted update to the device's answer, the download from the Package URI write to
// the datamodel saying State 2, the update from the Update execute to the device registered again with its result
// (and a Firmware Version read, when the flow makes one). Those spans come from the sandbox's own write times
// (RunningSandbox.onShadowChange) and the documents a second live channel hears, so what is left is the flow's
// own time: uploading the file, reading shadows, and noticing each answer and change.
import { createHash, randomBytes } from 'node:crypto';
import * as coap from 'coap';
import { createSession, type SdkSession } from '../src/aws/index';
import type { ShadowDocument } from '../src/aws/types';
import { systemClock } from '../src/core/tests/clock';
import { pipelineSender, runFirmwareUpdate, sandboxFirmwareHost, SendPipeline, sessionPorts, type FirmwarePorts } from '../src/operations/firmware/index';
import { DEFAULT_FIRMWARE_BYTES_PER_S, startSandbox, type RunningSandbox } from '../src/sandbox/index';
import { loadAverage, loadRow, medianRange, percentile, report, runs, sized, SMOKE, type Row } from './common';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const step = (what: string) => console.log(`  … ${what}`);
const IMAGE_BYTES = sized(1024 * 1024, 64 * 1024);
/**
 * The flow's sandbox runs its simulated delays in real time (a 1 MiB download at 16 KiB/s takes 64 s, a reboot 5–15 s),
 * as the extension's sandbox does; a smoke run compresses them.
 */
const TIME_SCALE = sized(1, 0.02);
const FLOW_BYTES = sized(1024 * 1024, 4096);

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

function coapDownload(url: string): Promise<Buffer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const agent = new coap.Agent({ type: 'udp4' });
    const req = coap.request({ hostname: u.hostname, port: Number(u.port), pathname: decodeURIComponent(u.pathname), method: 'GET', agent, confirmable: true });
    req.on('response', (res: coap.IncomingMessage) => {
      try {
        agent.close(); // node-coap may have closed the idle agent's socket itself
      } catch {
        // already closed
      }
      if (res.code !== '2.05') reject(new Error(`CoAP ${res.code}: ${res.payload.toString()}`));
      else resolve(res.payload);
    });
    req.on('error', reject);
    req.end();
  });
}

async function httpDownload(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

const mibps = (bytes: number, ms: number) => (bytes / 1024 / 1024) / (ms / 1000);
const rate = (xs: number[]) => `${percentile(xs, 50).toFixed(2)} MiB/s (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}, n = ${xs.length})`;

async function throughput(sb: RunningSandbox, rows: Row[]): Promise<void> {
  step('CoAP Block2 against HTTP');
  if (!sb.lwm2mUri) throw new Error(`the sandbox's LwM2M server is not listening: ${sb.lwm2mError ?? 'not asked for'}`);
  const coapUrl = (bytes: Uint8Array, name: string) => {
    const u = sb.hostFirmware(bytes, name).urls.coap;
    if (!u?.startsWith(`${sb.lwm2mUri}/fw/`)) throw new Error(`the sandbox gave no CoAP URL on its LwM2M endpoint (${u})`);
    return u;
  };
  const coapMs: number[] = [];
  const httpMs: number[] = [];
  // One warm-up of each (sockets, JIT), not counted.
  const warm = randomBytes(16 * 1024);
  await coapDownload(coapUrl(warm, 'warm.bin'));
  await httpDownload(sb.hostFirmware(warm, 'warm.bin').urls.http!);
  for (let i = 0; i < runs(5); i++) {
    const bytes = randomBytes(IMAGE_BYTES);
    const cases: [string, number[], (u: string) => Promise<Buffer>][] = [['coap', coapMs, coapDownload], ['http', httpMs, httpDownload]];
    for (const [proto, out, f] of i % 2 ? cases.reverse() : cases) {
      const url = proto === 'coap' ? coapUrl(bytes, `image-${i}.bin`) : sb.hostFirmware(bytes, `image-${i}.bin`).urls.http!;
      const t0 = performance.now();
      const got = await within(f(url), 120_000, `${proto} download`);
      out.push(performance.now() - t0);
      if (sha(got) !== sha(bytes)) throw new Error(`${proto}: the downloaded bytes differ from the image`);
    }
  }
  const size = `${(IMAGE_BYTES / 1024).toFixed(0)} KiB`;
  rows.push({ name: `floor: HTTP download of a ${size} image from the sandbox (fetch)`, value: rate(httpMs.map((t) => mibps(IMAGE_BYTES, t))), note: medianRange(httpMs) });
  rows.push({ name: `CoAP Block2 download of the same image (node-coap client, 1 KiB blocks)`, value: rate(coapMs.map((t) => mibps(IMAGE_BYTES, t))), note: `${medianRange(coapMs)}; ${IMAGE_BYTES / 1024} blocks, one round trip each; served at the sandbox's one-time coap:// URL on its LwM2M endpoint (the socket devices register with, behind its input guard)` });
}

/** Every write to the thing's shadows, with its time, and the documents a live channel heard of its datamodel and classic shadow. */
interface Timeline {
  writes: { shadow: string; version: number; at: number }[];
  docs: Map<string, ShadowDocument>;
}

const fwState = (d: ShadowDocument | undefined) => {
  const fu = (d?.state.reported as Record<string, Record<string, Record<string, unknown>>> | undefined)?.['Firmware Update']?.['0'];
  return { state: fu?.State as string | undefined, result: fu?.['Update Result'] as string | undefined };
};

async function flow(sb: RunningSandbox, session: SdkSession, monitor: SdkSession, rows: Row[]): Promise<void> {
  step('firmware flow');
  const timelines = new Map<string, Timeline>();
  sb.onShadowChange((e) => timelines.get(e.thingName)?.writes.push({ shadow: e.shadowName, version: e.version, at: performance.now() }));
  const things = sb.fleet.filter((t) => t.connectivity === 'online' && !t.autoNotify && t.thingTypeName === 'nordic:thingy91').map((t) => t.thingName);
  const samples = Math.min(things.length, runs(5));
  const totals: number[] = [];
  const device: number[] = [];
  const overhead: number[] = [];
  const breakdown: string[] = [];
  let scheme = '';
  if (samples * 2 > 16) throw new Error('the monitor watches two shadows per sample, 16 at most on one connection');
  // The samples run at once, each on its own device (a minute and more each in real time); each is measured alone.
  const results: { i: number; total: number; dev: number; breakdown: string }[] = [];
  await Promise.all(Array.from({ length: samples }, async (_, i) => {
    const thing = things[i];
    const tl: Timeline = { writes: [], docs: new Map() };
    timelines.set(thing, tl);
    const live = new Set<string>();
    const watches = ['datamodel', ''].map((shadow) => monitor.live.watch(thing, shadow, (e) => {
      if (e.kind === 'live' && e.live) live.add(shadow);
      if (e.kind === 'document') tl.docs.set(`${shadow}/${e.doc.version}`, e.doc);
    }));
    for (let waited = 0; live.size < 2; waited += 20) {
      if (waited > 10_000) throw new Error(`${thing}: the monitor's live channel did not come up`);
      await new Promise((res) => setTimeout(res, 20));
    }
    const ports: FirmwarePorts = {
      shadows: session.shadows, send: pipelineSender(new SendPipeline(), { connection: 'sandbox', ports: (t) => sessionPorts(session.shadows, t) }), clock: systemClock, host: sandboxFirmwareHost(sb.url),
      watch: (t, wake) => {
        const ws = ['datamodel', ''].map((shadow) => session.live.watch(t, shadow, (e) => { if (e.kind === 'document') wake(); }));
        return () => ws.forEach((w) => w.dispose());
      },
    };
    const version = `7.${i}.${randomBytes(2).readUInt16BE()}`;
    const bytes = randomBytes(FLOW_BYTES);
    const t0 = performance.now();
    const r = await within(runFirmwareUpdate(ports, { thing, source: { kind: 'file', bytes, name: `app-${version}.bin` }, confirmExecute: async () => true }), 300_000, `the flow on ${thing}`);
    const total = performance.now() - t0;
    await new Promise((res) => setTimeout(res, 300)); // the monitor's last documents
    for (const w of watches) w.dispose();
    if (r.verdict.kind !== 'updated') throw new Error(`${thing}: ${r.text}`);
    scheme = r.packageUri?.split(':')[0] ?? scheme;

    const writeAt = (shadow: string, version: number) => tl.writes.find((w) => w.shadow === shadow && w.version === version)?.at;
    const docsAfter = (shadow: string, from: number) => tl.writes
      .filter((w) => w.shadow === shadow && w.at >= from)
      .map((w) => ({ at: w.at, doc: tl.docs.get(`${shadow}/${w.version}`) }));
    const accepted = r.steps.map((s) => (s.outcome.kind === 'not-sent' || s.outcome.kind === 'unknown' ? undefined : writeAt('operation', s.outcome.acceptedVersion)));
    if (accepted.some((a) => a === undefined)) throw new Error(`${thing}: a step's accepted update was not seen`);
    const ops = r.steps.map((s) => s.request.operation as string);
    const spans: Record<string, number> = {};
    r.steps.forEach((s, k) => {
      const a = accepted[k]!;
      const answer = s.outcome.kind === 'not-sent' || s.outcome.kind === 'unknown' ? undefined : writeAt('operation', s.outcome.acceptedVersion + 1);
      if (ops[k] === 'write') {
        // The Package URI write → the datamodel saying State 2 (the answer and the download, both the device's).
        const downloaded = docsAfter('datamodel', a).find((d) => fwState(d.doc).state === '2');
        if (!downloaded) throw new Error(`${thing}: no State 2 in the datamodel documents`);
        spans.download = downloaded.at - a;
      } else if (ops[k] === 'execute') {
        // The Update execute → the device back: its Register writes the classic shadow, then the datamodel with the
        // new Firmware Version and Update Result 1, in one go.
        const result = docsAfter('datamodel', a).find((d) => fwState(d.doc).result === '1');
        if (!result) throw new Error(`${thing}: the device's return (Update Result 1) was not seen`);
        spans.update = result.at - a;
      } else {
        if (answer === undefined) throw new Error(`${thing}: no answer to ${ops[k]} was seen`);
        spans[ops[k]] = (spans[ops[k]] ?? 0) + (answer - a);
      }
    });
    if (process.env.LWM2M_BENCH_DEBUG) console.log(r.steps.map((x) => `${String(x.request.operation)} at +${(x.at - r.steps[0].at)} → ${x.outcome.kind}`).join('; '), tl.writes.map((w) => `${w.shadow || 'classic'}/${w.version} +${(w.at - t0).toFixed(0)}`).join(' '));
    const dev = Object.values(spans).reduce((x, y) => x + y, 0);
    const text = `${ops.join(' → ')}: ${Object.entries(spans).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')} ms`;
    results.push({ i, total, dev, breakdown: text });
    console.log(`  sample ${i + 1}/${samples} (${thing}): ${total.toFixed(0)} ms, the device's ${dev.toFixed(0)} ms, the flow's ${(total - dev).toFixed(0)} ms — ${text}`);
  }));
  for (const r of results.sort((a, b) => a.i - b.i)) {
    totals.push(r.total);
    device.push(r.dev);
    overhead.push(r.total - r.dev);
    breakdown.push(r.breakdown);
  }
  const downloadMs = Math.max(2000, (FLOW_BYTES / DEFAULT_FIRMWARE_BYTES_PER_S) * 1000) * TIME_SCALE;
  rows.push({ name: `firmware flow, start → verdict (${(FLOW_BYTES / 1024).toFixed(0)} KiB, simulated Thingy:91, time scale ${TIME_SCALE}, ${samples} at once)`, value: medianRange(totals), note: `download over ${scheme}; ${breakdown.length ? `last sample ${breakdown[breakdown.length - 1]}` : ''}` });
  rows.push({ name: "the simulated device's own time in those runs", value: medianRange(device), note: `answers, download (simulated ${downloadMs.toFixed(0)} ms at 16 KiB/s × ${TIME_SCALE}), reboot (5–15 s × ${TIME_SCALE})` });
  rows.push({ name: "start → verdict minus the device's own time (the flow's time)", value: medianRange(overhead), note: 'file upload, shadow reads, and noticing each answer (the sender polls every 500 ms) and change (live)' });
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const load = loadAverage();
  const files = await startSandbox({ things: 1, seed: Date.now() % 100_000, lwm2m: { host: '127.0.0.1', port: 0 } });
  try {
    await throughput(files, rows);
  } finally {
    await files.stop();
  }
  const sb = await startSandbox({ things: 60, seed: Date.now() % 100_000, timeScale: TIME_SCALE, lwm2m: { host: '127.0.0.1', port: 0 } });
  const common = { region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 } as const;
  const session = createSession({ kind: 'sandbox', id: 'bench', label: 'bench', ...common });
  const monitor = createSession({ kind: 'sandbox', id: 'monitor', label: 'monitor', ...common });
  try {
    await flow(sb, session, monitor, rows);
  } finally {
    session.dispose();
    monitor.dispose();
    await sb.stop();
  }
  rows.push(loadRow(load));
  if (SMOKE) console.log('(smoke: a small image and file, one sample each)');
  report('firmware', 'Firmware: the sandbox\'s CoAP file server against HTTP, and the update flow past the device\'s own time', rows);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
