// Sandbox figures: startup with 25 and 10,000 things, memory of a 10,000-thing sandbox, paging the
// whole fleet, and shadow GET throughput with the real AWS SDK (sequential and 16 in flight). The floors, in the
// same run: a sandbox with no things (its servers alone), and one SDK round trip with almost nothing to answer
// (ListThings for one thing), sequential as the GetThingShadow rows are.
import { IoTClient, ListThingsCommand } from '@aws-sdk/client-iot';
import { GetThingShadowCommand, IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { startSandbox, type RunningSandbox } from '../src/sandbox/index';
import { loadAverage, loadRow, percentile, report, runs, sized, type Row } from './common';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function startupSamples(things: number, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const sb = await startSandbox({ things, seed: i + 1 });
    out.push(performance.now() - t0);
    await sb.stop();
  }
  return out;
}

const THINGS = sized(10_000, 500);
const N = THINGS.toLocaleString('en-US');

async function main(): Promise<void> {
  const rows: Row[] = [];
  const load = loadAverage();
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const sb: RunningSandbox = await startSandbox({ things: THINGS, seed: 1 });
  rows.push({ name: `first start, ${N} things (registry load included)`, value: ms(performance.now() - t0) });
  gc();
  rows.push({ name: `heap of a ${N}-thing sandbox after start`, value: mb(process.memoryUsage().heapUsed - heap0), note: `rss grew ${mb(process.memoryUsage().rss - rss0)}; shadows are built when read` });
  // The first start pays for loading the registry JSON; measure it apart.
  const s0 = await startupSamples(0, runs(10));
  rows.push({ name: 'floor: startup, no things (median / p95 of 10)', value: `${ms(percentile(s0, 50))} / ${ms(percentile(s0, 95))}`, note: 'the sandbox\'s servers alone' });
  const s25 = await startupSamples(25, runs(10));
  rows.push({ name: 'startup, 25 things (median / p95 of 10)', value: `${ms(percentile(s25, 50))} / ${ms(percentile(s25, 95))}`, target: '< 100 ms' });
  const s10k = await startupSamples(THINGS, runs(5));
  rows.push({ name: `startup, ${N} things (median / p95 of 5)`, value: `${ms(percentile(s10k, 50))} / ${ms(percentile(s10k, 95))}`, target: '< 1 s' });


  const common = { endpoint: sb.url, region: sb.region, credentials: sb.credentials, maxAttempts: 1 };
  const iot = new IoTClient(common);
  const data = new IoTDataPlaneClient(common);
  try {
    // One warm-up pass (JIT, connection), then the measured one.
    for (let warm: string | undefined = undefined, first = true; first || warm; first = false) warm = (await iot.send(new ListThingsCommand({ maxResults: 250, nextToken: warm }))).nextToken;
    let token: string | undefined;
    let pages = 0;
    let count = 0;
    const tp = performance.now();
    do {
      const r = await iot.send(new ListThingsCommand({ maxResults: 250, nextToken: token }));
      count += r.things!.length;
      token = r.nextToken;
      pages++;
    } while (token);
    rows.push({ name: `ListThings: page through ${N} things`, value: ms(performance.now() - tp), note: `${pages} pages of 250, ${count} things, real SDK (second pass)` });

    const names = sb.fleet.map((d) => d.thingName);
    // Warm up the SDK and the connection.
    for (let i = 0; i < runs(50); i++) await data.send(new GetThingShadowCommand({ thingName: names[i], shadowName: 'datamodel' }));
    const n = sized(2000, 50);
    const floor: number[] = [];
    const tf = performance.now();
    for (let i = 0; i < n; i++) {
      const a = performance.now();
      await iot.send(new ListThingsCommand({ maxResults: 1 }));
      floor.push(performance.now() - a);
    }
    const floorSecs = (performance.now() - tf) / 1000;
    rows.push({ name: 'floor: ListThings for 1 thing, sequential', value: `${Math.round(n / floorSecs)} req/s`, note: `p50 ${ms(percentile(floor, 50))}, p95 ${ms(percentile(floor, 95))}, ${n} requests (one SDK round trip with almost nothing to answer)` });
    const lat: number[] = [];
    const t1 = performance.now();
    for (let i = 0; i < n; i++) {
      const a = performance.now();
      await data.send(new GetThingShadowCommand({ thingName: names[(i * 7) % names.length], shadowName: 'datamodel' }));
      lat.push(performance.now() - a);
    }
    const seqSecs = (performance.now() - t1) / 1000;
    rows.push({ name: 'GetThingShadow (datamodel), sequential, first read of each thing', value: `${Math.round(n / seqSecs)} req/s`, note: `p50 ${ms(percentile(lat, 50))}, p95 ${ms(percentile(lat, 95))}, ${n} things (each read builds the seeded shadow from the seed)` });
    const warm: number[] = [];
    const t3 = performance.now();
    for (let i = 0; i < n; i++) {
      const a = performance.now();
      await data.send(new GetThingShadowCommand({ thingName: names[(i * 7) % names.length], shadowName: 'datamodel' }));
      warm.push(performance.now() - a);
    }
    const warmSecs = (performance.now() - t3) / 1000;
    rows.push({ name: 'GetThingShadow (datamodel), sequential, the same things again', value: `${Math.round(n / warmSecs)} req/s`, note: `p50 ${ms(percentile(warm, 50))}, p95 ${ms(percentile(warm, 95))}, ${n} requests` });

    // A few documents read again and again (what open editors and the tree poll): the sandbox keeps the seeded
    // shadows it built last, so these are not built again.
    const open = names.slice(0, 100);
    for (const name of open) await data.send(new GetThingShadowCommand({ thingName: name, shadowName: 'datamodel' }));
    const again: number[] = [];
    const t4 = performance.now();
    for (let i = 0; i < n; i++) {
      const a = performance.now();
      await data.send(new GetThingShadowCommand({ thingName: open[i % open.length], shadowName: 'datamodel' }));
      again.push(performance.now() - a);
    }
    const againSecs = (performance.now() - t4) / 1000;
    rows.push({ name: 'GetThingShadow (datamodel), sequential, 100 things read again and again', value: `${Math.round(n / againSecs)} req/s`, note: `p50 ${ms(percentile(again, 50))}, p95 ${ms(percentile(again, 95))}, ${n} requests (the last 256 seeded shadows built are kept)` });

    const total = sized(4000, 50);
    let next = 0;
    const t2 = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) {
          const i = next++;
          await data.send(new GetThingShadowCommand({ thingName: names[(i * 13) % names.length], shadowName: 'datamodel' }));
        }
      }),
    );
    const parSecs = (performance.now() - t2) / 1000;
    rows.push({ name: 'GetThingShadow (datamodel), 16 in flight', value: `${Math.round(total / parSecs)} req/s`, note: `${total} requests` });
    gc();
    rows.push({ name: 'heap after reading the shadows of every thing', value: mb(process.memoryUsage().heapUsed - heap0), note: 'startup samples above included (stopped sandboxes collected); seeded shadows nobody wrote are not kept' });
  } finally {
    iot.destroy();
    data.destroy();
    await sb.stop();
  }
  rows.push(loadRow(load));
  report('sandbox', 'Sandbox: startup, memory and shadow throughput', rows);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
