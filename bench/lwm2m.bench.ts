// The sandbox's LwM2M server with real CoAP clients (issue 21, item 7): register → thing listed; a device's
// Observe notification → datamodel shadow → the MQTT message the extension's live channel hears; Publish (one
// UpdateThingShadow on the operation shadow) → the CoAP request on the wire at the client, past the sandbox's
// simulated Lambda delay (src/sandbox/rules.ts: 20–120 ms between the accepted update and the Lambda); and 1,000
// registered clients: the sandbox's memory per client and its CPU at one notification per client per second.
// Everything goes over real sockets: node-coap clients (bench/coapClient.ts) on UDP loopback, the real AWS SDK and
// the extension's own live channel (MQTT over WebSocket) against startSandbox({ lwm2m }). Every run registers
// endpoints no earlier run used; each notification carries a value not sent before. The floors are measured in
// the same run: one ListThings round trip, a shadow write → its MQTT message, one UpdateThingShadow round trip,
// and the sandbox's CPU with the same clients registered and silent.
import { fork, type ChildProcess } from 'node:child_process';
import { IoTClient, ListThingsCommand } from '@aws-sdk/client-iot';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createSession, type SdkSession } from '../src/aws/index';
import type { ShadowDocument } from '../src/aws/types';
import { startSandbox, type RunningSandbox } from '../src/sandbox/index';
import { BenchCoapClient } from './coapClient';
import { loadAverage, loadRow, percentile, report, runs, sized, type Row } from './common';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const p50p95 = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 95))}`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const step = (what: string) => console.log(`  … ${what}`);
const TASK_LOG = '/sandbox/coiote-dm/tasks';
const THING_TYPE = 'Bench:node-coap';
const SENSOR = 'Temperature.0.Sensor Value';
/** Clients of the fleet measure, and how long each CPU window lasts. */
const FLEET = sized(1000, 20);
const WINDOW_S = sized(15, 2);

/** `p`, or a clear failure after `ms` (a benchmark must never hang). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs: number, everyMs = 5): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/**
 * Write times (performance.now()) by `thing/shadow/version`, as the sandbox's store accepted them; the fleet's
 * things (names starting `fleetPrefix`) are only counted, so that the bench's own records do not weigh on the
 * sandbox's memory figures.
 */
function writeClock(sb: RunningSandbox, fleetPrefix: string) {
  const writes = new Map<string, number>();
  const fleet = { writes: 0, ready: new Set<string>() };
  sb.onShadowChange((e) => {
    if (!e.thingName.startsWith(fleetPrefix)) writes.set(`${e.thingName}/${e.shadowName}/${e.version}`, performance.now());
    else {
      fleet.writes++;
      if (e.shadowName === 'datamodel') fleet.ready.add(e.thingName);
    }
  });
  return { writes, fleet };
}

const sensorValue = (d: ShadowDocument): number | undefined => {
  const t = (d.state.reported as Record<string, Record<string, Record<string, unknown>>> | undefined)?.Temperature?.['0']?.['Sensor Value'];
  return t === undefined ? undefined : Number(t);
};

/** Watches a shadow over the live channel; `next(match)` resolves with the arrival time of the first matching document. */
function liveWatch(s: SdkSession, thing: string, shadow: string) {
  let live = false;
  const waiters: { match: (d: ShadowDocument) => boolean; resolve: (at: number) => void }[] = [];
  const w = s.live.watch(thing, shadow, (e) => {
    if (e.kind === 'live') live = e.live;
    if (e.kind !== 'document') return;
    const at = performance.now();
    for (const x of [...waiters]) if (x.match(e.doc)) {
      waiters.splice(waiters.indexOf(x), 1);
      x.resolve(at);
    }
  });
  return {
    live: () => until(() => (live ? true : undefined), `${thing}/${shadow} live`, 10_000, 10),
    next: (match: (d: ShadowDocument) => boolean) => new Promise<number>((resolve) => waiters.push({ match, resolve })),
    dispose: () => w.dispose(),
  };
}

// --- the 1,000 clients run in a child process (this file with the argument `clients`), so that the sandbox's
// memory and CPU, measured in this process, are the sandbox's alone.
type ToChild = { cmd: 'start'; port: number; n: number; prefix: string } | { cmd: 'observing' } | { cmd: 'notify'; seconds: number } | { cmd: 'stop' };
type FromChild = { kind: 'registered'; ok: number; failed: number; ms: number } | { kind: 'observing'; n: number } | { kind: 'notified'; sent: number; cpuMs: number };

async function clientsProcess(): Promise<void> {
  const clients: BenchCoapClient[] = [];
  const send = (m: FromChild) => process.send!(m);
  process.on('message', async (m: ToChild) => {
    if (m.cmd === 'start') {
      const t0 = performance.now();
      let next = 0;
      let failed = 0;
      await Promise.all(Array.from({ length: 20 }, async () => {
        while (next < m.n) {
          const i = next++;
          const c = await BenchCoapClient.start(`${m.prefix}-${i}`, m.port);
          clients.push(c);
          if ((await c.register().catch(() => 'error')) !== '2.01') failed++;
        }
      }));
      send({ kind: 'registered', ok: m.n - failed, failed, ms: performance.now() - t0 });
    } else if (m.cmd === 'observing') {
      send({ kind: 'observing', n: clients.filter((c) => c.observing > 0).length });
    } else if (m.cmd === 'notify') {
      // One notification per client per second, the clients' phases spread over the second.
      const cpu0 = process.cpuUsage();
      let sent = 0;
      const timers: NodeJS.Timeout[] = [];
      clients.forEach((c, i) => {
        timers.push(setTimeout(() => {
          let k = 0;
          const tick = () => {
            if (c.notify(20 + ((i * 7 + ++k) % 1000) / 100)) sent++;
          };
          tick();
          timers.push(setInterval(tick, 1000));
        }, (i / clients.length) * 1000));
      });
      await sleep(m.seconds * 1000);
      for (const t of timers) clearTimeout(t);
      const cpu = process.cpuUsage(cpu0);
      send({ kind: 'notified', sent, cpuMs: (cpu.user + cpu.system) / 1000 });
    } else if (m.cmd === 'stop') {
      await Promise.all(clients.map((c) => c.close()));
      process.exit(0);
    }
  });
}

function childReply<K extends FromChild['kind']>(child: ChildProcess, kind: K, timeoutMs: number): Promise<Extract<FromChild, { kind: K }>> {
  return within(new Promise((resolve) => {
    const on = (m: FromChild) => {
      if (m.kind !== kind) return;
      child.off('message', on);
      resolve(m as Extract<FromChild, { kind: K }>);
    };
    child.on('message', on);
  }), timeoutMs, `the clients' ${kind}`);
}

const heap = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (cpuMs: number, wallMs: number) => `${((cpuMs / wallMs) * 100).toFixed(1)} % of a core`;

async function main(): Promise<void> {
  const rows: Row[] = [];
  const load = loadAverage();
  const run = `bench-${process.pid.toString(36)}-${Date.now().toString(36)}`;
  const sb = await startSandbox({ things: 0, seed: Date.now() % 100_000, lwm2m: { host: '127.0.0.1', port: 0 }, taskLog: true });
  const prefix = `${run}-fleet`;
  const { writes, fleet } = writeClock(sb, prefix);
  const port = Number(sb.lwm2mUri!.split(':').pop());
  const common = { endpoint: sb.url, region: sb.region, credentials: sb.credentials, maxAttempts: 1 };
  const s = createSession({ kind: 'sandbox', id: 'bench', label: 'bench', ...common });
  const iot = new IoTClient(common);
  const logs = new CloudWatchLogsClient({ ...common, disableHostPrefix: true });
  const clients: BenchCoapClient[] = [];
  try {
    // 1. Register → the thing in ListThings (polled every 5 ms with the real SDK, as a refresh would ask).
    step('register → listed');
    const listedAt = (name: string) => async () => ((await iot.send(new ListThingsCommand({ thingTypeName: THING_TYPE, maxResults: 250 }))).things ?? []).some((t) => t.thingName === name) ? performance.now() : undefined;
    const listFloor: number[] = [];
    for (let i = 0; i < runs(20); i++) {
      const t0 = performance.now();
      await iot.send(new ListThingsCommand({ thingTypeName: THING_TYPE, maxResults: 250 }));
      listFloor.push(performance.now() - t0);
    }
    const registered: number[] = [];
    const listed: number[] = [];
    for (let i = 0; i < runs(20); i++) {
      const c = await BenchCoapClient.start(`${run}-${i}`, port);
      clients.push(c);
      const t0 = performance.now();
      const code = await c.register();
      if (code !== '2.01') throw new Error(`Register answered ${code}`);
      registered.push(performance.now() - t0);
      listed.push((await until(listedAt(c.endpoint), `${c.endpoint} listed`, 10_000)) - t0);
    }
    rows.push({ name: `floor: one ListThings round trip (p50 / p95 of ${listFloor.length})`, value: p50p95(listFloor) });
    rows.push({ name: `Register → 2.01 Created at the client (p50 / p95 of ${registered.length})`, value: p50p95(registered), note: 'node-coap client, UDP loopback' });
    rows.push({ name: `Register sent → thing listed by ListThings (p50 / p95 of ${listed.length})`, value: p50p95(listed), target: '< 1 s', note: 'the server reads /3 first (the thing type), then the CreateThing path; polled every 5 ms' });
    for (const c of clients) await until(() => (writes.has(`${c.endpoint}/datamodel/1`) ? true : undefined), `${c.endpoint} datamodel`, 10_000);

    // Floor of 2: a shadow write by the SDK → its MQTT message at the same live channel.
    step('notify → MQTT');
    const mqttFloor: number[] = [];
    const floorThing = clients[0].endpoint;
    const fw = liveWatch(s, floorThing, 'datamodel');
    await fw.live();
    for (let i = 0; i < runs(30); i++) {
      const value = 1000 + i;
      const arrived = fw.next((d) => sensorValue(d) === value);
      const doc = await s.shadows.update(floorThing, 'datamodel', { reported: { Temperature: { 0: { 'Sensor Value': String(value) } } } });
      mqttFloor.push((await within(arrived, 10_000, 'floor document')) - writes.get(`${floorThing}/datamodel/${doc.version}`)!);
    }
    fw.dispose();

    // 2. Observe notification at the client → datamodel shadow → MQTT document at the extension's live channel.
    const observed = clients.slice(0, sized(5, 1));
    for (const c of observed) await s.shadows.update(c.endpoint, 'operation', { desired: { operation: 'observe', keys: [SENSOR], attributes: [{}] } });
    for (const c of observed) await until(() => (c.observing ? true : undefined), `${c.endpoint} observed`, 10_000);
    const notifyToShadow: number[] = [];
    const notifyToMqtt: number[] = [];
    const watches = observed.map((c) => liveWatch(s, c.endpoint, 'datamodel'));
    for (const w of watches) await w.live();
    for (let i = 0; i < runs(100); i++) {
      const k = i % observed.length;
      const c = observed[k];
      const value = Math.round((30 + i / 100 + Math.random() / 1000) * 1e6) / 1e6;
      const arrived = watches[k].next((d) => sensorValue(d) === value);
      const seen = writes.size;
      const t0 = performance.now();
      c.notify(value);
      const at = await within(arrived, 10_000, `notification ${i}`);
      notifyToMqtt.push(at - t0);
      const written = [...writes.entries()].slice(seen).find(([key]) => key.startsWith(`${c.endpoint}/datamodel/`));
      if (written) notifyToShadow.push(written[1] - t0);
      await sleep(20 + Math.random() * 30);
    }
    for (const w of watches) w.dispose();
    rows.push({ name: `floor: shadow write accepted → its MQTT message at the live channel (p50 / p95 of ${mqttFloor.length})`, value: p50p95(mqttFloor), note: 'UpdateThingShadow by the SDK; from the store\'s accept' });
    rows.push({ name: 'Observe notification sent → datamodel shadow written (p50 / p95)', value: p50p95(notifyToShadow), note: `n = ${notifyToShadow.length}` });
    rows.push({ name: `Observe notification sent → MQTT document at the extension's live channel (p50 / p95 of ${notifyToMqtt.length})`, value: p50p95(notifyToMqtt), target: 'p95 < 50 ms', note: `${observed.length} clients, a new value each` });

    // 3. Publish → the CoAP request at the client, minus the simulated Lambda delay (accepted update → the Lambda's
    // task, whose time the sandbox's task log records; epoch ms, converted with an offset taken at each sample).
    step('publish → CoAP');
    const updFloor: number[] = [];
    const total: number[] = [];
    const lambda: number[] = [];
    const past: number[] = [];
    for (let i = 0; i < runs(30); i++) {
      const c = clients[i % clients.length];
      const wire = new Promise<number>((resolve) => {
        c.onRequest = (r) => {
          if (r.method === 'GET' && r.path === '/3303/0/5700' && !r.observe) resolve(r.at);
        };
      });
      const offset = Date.now() - (performance.timeOrigin + performance.now());
      const t0 = performance.now();
      const doc = await s.shadows.update(c.endpoint, 'operation', { desired: { operation: 'read', keys: [SENSOR] } });
      updFloor.push(performance.now() - t0);
      const at = await within(wire, 10_000, `read ${i} on the wire`);
      c.onRequest = undefined;
      const acceptedAt = writes.get(`${c.endpoint}/operation/${doc.version}`)!;
      const task = await until(async () => {
        const ev = (await logs.send(new FilterLogEventsCommand({ logGroupName: TASK_LOG, startTime: Math.floor(performance.timeOrigin + acceptedAt + offset) - 5 }))).events ?? [];
        return ev.find((e) => (JSON.parse(e.message!) as { thingName?: string }).thingName === c.endpoint);
      }, 'the task log', 5000, 20);
      const lambdaAt = task.timestamp! - offset - performance.timeOrigin;
      total.push(at - t0);
      lambda.push(lambdaAt - acceptedAt);
      past.push(at - t0 - (lambdaAt - acceptedAt));
      // the answer, before the next request
      await until(() => (writes.has(`${c.endpoint}/operation/${doc.version + 1}`) ? true : undefined), `answer ${i}`, 10_000);
    }
    rows.push({ name: `floor: one UpdateThingShadow round trip (p50 / p95 of ${updFloor.length})`, value: p50p95(updFloor) });
    rows.push({ name: `Publish (UpdateThingShadow sent) → CoAP GET at the client (p50 / p95 of ${total.length})`, value: p50p95(total), note: 'the simulated Lambda delay included' });
    rows.push({ name: 'the simulated Lambda delay of those samples (accepted → Lambda, p50 / p95)', value: p50p95(lambda), note: 'rules.ts draws 20–120 ms; the task log\'s ms timestamps, ±1 ms' });
    rows.push({ name: `Publish → CoAP GET at the client, past the Lambda delay (p50 / p95 of ${past.length})`, value: p50p95(past), target: '< 20 ms' });

    // 4. FLEET clients in a child process: the sandbox's memory per registered client (heap incl. buffers, and
    // RSS), then its CPU with the clients silent (the floor) and at one notification per client per second.
    step(`${FLEET} clients`);
    const before = heap();
    const child = fork(__filename, ['clients'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    try {
      child.send({ cmd: 'start', port, n: FLEET, prefix } satisfies ToChild);
      const reg = await childReply(child, 'registered', 300_000);
      await until(() => (fleet.ready.size === reg.ok ? true : undefined), 'every fleet client a thing with its datamodel', 120_000, 100);
      const afterRegister = heap();
      rows.push({ name: `${FLEET} clients registered (20 at a time) → every thing and datamodel written`, value: `${(reg.ms / 1000).toFixed(1)} s`, note: `${reg.failed} refused` });
      rows.push({ name: 'sandbox memory per registered client', value: kb((afterRegister.heap - before.heap) / FLEET), note: `heap + buffers after GC; RSS grew ${kb((afterRegister.rss - before.rss) / FLEET)} per client` });
      // Each client observed (as an open chart or the firmware flow would), 8 Publishes in flight.
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < FLEET) {
          const i = next++;
          await s.shadows.update(`${prefix}-${i}`, 'operation', { desired: { operation: 'observe', keys: [SENSOR], attributes: [{}] } });
        }
      }));
      await until(async () => {
        child.send({ cmd: 'observing' } satisfies ToChild);
        return (await childReply(child, 'observing', 10_000)).n === reg.ok ? true : undefined;
      }, 'every fleet client observed', 120_000, 500);
      const afterObserve = heap();
      rows.push({ name: 'sandbox memory per registered client with one observation', value: kb((afterObserve.heap - before.heap) / FLEET), note: `RSS ${kb((afterObserve.rss - before.rss) / FLEET)} per client` });

      const cpuWindow = async (notify: boolean) => {
        const writes0 = fleet.writes;
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        let sent = 0;
        let clientCpu = 0;
        if (notify) {
          child.send({ cmd: 'notify', seconds: WINDOW_S } satisfies ToChild);
          const r = await childReply(child, 'notified', WINDOW_S * 1000 + 60_000);
          sent = r.sent;
          clientCpu = r.cpuMs;
        } else await sleep(WINDOW_S * 1000);
        const c = process.cpuUsage(c0);
        const wall = performance.now() - t0;
        return { cpuMs: (c.user + c.system) / 1000, wall, sent, clientCpu, writes: fleet.writes - writes0 };
      };
      const idle = await cpuWindow(false);
      const busy = await cpuWindow(true);
      await sleep(500);
      const afterNotify = heap();
      rows.push({ name: `floor: sandbox CPU, ${FLEET} clients registered and silent (${WINDOW_S} s)`, value: pct(idle.cpuMs, idle.wall) });
      rows.push({
        name: `sandbox CPU at one notification per client per second (${WINDOW_S} s)`, value: pct(busy.cpuMs, busy.wall),
        note: `${busy.sent} notifications sent, ${busy.writes} shadow writes (${(busy.writes / (busy.wall / 1000)).toFixed(0)}/s); the clients' process used ${pct(busy.clientCpu, busy.wall)}; no MQTT subscriber`,
      });
      rows.push({ name: 'sandbox memory per client after that window', value: kb((afterNotify.heap - before.heap) / FLEET), note: 'the CoAP log and the shadows\' new versions included' });
      child.send({ cmd: 'stop' } satisfies ToChild);
      await within(new Promise((r) => child.once('exit', r)), 30_000, 'the clients exit');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    iot.destroy();
    logs.destroy();
    s.dispose();
    await sb.stop();
  }
  rows.push(loadRow(load));
  report('lwm2m', 'LwM2M server: real CoAP clients on the sandbox (register, notify, Publish, 1,000 clients)', rows);
}

if (process.argv[2] === 'clients') void clientsProcess();
else main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
