// The AWS layer against the embedded sandbox, through the real SDK: paging a 10,000-thing fleet (the
// number of ListThings calls is counted by SDK middleware and must be ceil(N / 250)), 200 concurrent
// GetThingShadow calls, and a live tail of 5,000 events. The floor, in the same run: one ListThings call for a
// single thing through the same session (the SDK, HTTP and the sandbox's routing, with almost nothing to list).
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createSession, type LogEvent } from '../src/aws/index';
import { startSandbox } from '../src/sandbox/index';
import { loadAverage, loadRow, percentile, report, runs, sized, type Row } from './common';

const THINGS = sized(10_000, 500);
const CONCURRENT = sized(200, 20);
const TAIL_EVENTS = sized(5_000, 200);

async function main(): Promise<void> {
  const load = loadAverage();
  const t0 = performance.now();
  const sb = await startSandbox({ port: 0, things: THINGS, seed: 1 });
  const startMs = performance.now() - t0;
  const s = createSession({ kind: 'sandbox', id: 'sandbox', label: 'Local sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials });
  const rows: Row[] = [{ name: `sandbox start with ${THINGS} things`, value: `${startMs.toFixed(0)} ms` }];
  try {
    // 0. The floor: one round trip that lists a single thing (after one warm-up call).
    await s.fleet.listThings({ maxResults: 1 });
    const floor: number[] = [];
    for (let i = 0; i < runs(20); i++) {
      const t = performance.now();
      await s.fleet.listThings({ maxResults: 1 });
      floor.push(performance.now() - t);
    }
    rows.push({ name: `floor: one ListThings call for 1 thing (p50 / p95 of ${floor.length})`, value: `${percentile(floor, 50).toFixed(1)} ms / ${percentile(floor, 95).toFixed(1)} ms` });

    // 1. Page the whole fleet, 250 at a time, counting the ListThings calls the SDK really sends.
    let listCalls = 0;
    s.clients.iot.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'ListThingsCommand') listCalls++;
      return next(args);
    }, { step: 'initialize', name: 'countListThings' });
    const tList = performance.now();
    let token: string | undefined;
    const names: string[] = [];
    do {
      const page = await s.fleet.listThings({ maxResults: 250, nextToken: token });
      names.push(...page.items.map((t) => t.name));
      token = page.nextToken;
    } while (token);
    const listMs = performance.now() - tList;
    const expectedCalls = Math.ceil(names.length / 250);
    rows.push({
      name: `ListThings over ${names.length} things, pages of 250`,
      value: `${listCalls} calls, ${listMs.toFixed(0)} ms (${(listMs / listCalls).toFixed(1)} ms/page)`,
      target: `calls = ceil(N/250) = ${expectedCalls}`,
      note: listCalls === expectedCalls && names.length === THINGS ? 'ok' : 'MISMATCH',
    });

    listCalls = 0;
    const tScan = performance.now();
    let untyped = 0;
    token = undefined;
    do {
      const page = await s.fleet.listThings({ maxResults: 250, withoutType: true, nextToken: token });
      untyped += page.items.length;
      token = page.nextToken;
    } while (token);
    rows.push({ name: 'things without a type (client-side scan)', value: `${untyped} found, ${listCalls} calls, ${(performance.now() - tScan).toFixed(0)} ms`, note: 'each call reads 250 things' });

    // 2. 200 concurrent GetThingShadow (datamodel, the largest shadow).
    const targets = names.slice(0, CONCURRENT);
    await s.shadows.get(targets[0], 'datamodel'); // warm the connection and endpoint
    const latencies: number[] = [];
    let bytes = 0;
    const tGet = performance.now();
    await Promise.all(targets.map(async (thing) => {
      const t = performance.now();
      const doc = await s.shadows.get(thing, 'datamodel');
      latencies.push(performance.now() - t);
      bytes += doc.sizeBytes;
    }));
    const getMs = performance.now() - tGet;
    rows.push({
      name: `${CONCURRENT} concurrent GetThingShadow (datamodel)`,
      value: `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, total ${getMs.toFixed(0)} ms`,
      note: `${(bytes / CONCURRENT / 1024).toFixed(1)} KiB average payload`,
    });

    // 3. Live tail of 5,000 events written with PutLogEvents while the tail runs. Live tail sends one
    // update per second with at most 500 events (sampled past that), as AWS does; a second sandbox with
    // timeScale 0.01 sends an update every 10 ms, so what is measured is the layer's own throughput.
    rows.push(await liveTailBench());
  } finally {
    s.dispose();
    await sb.stop();
  }
  const machine = loadRow(load);
  rows.push({ ...machine, note: `${machine.note}; client and sandbox share one Node process, as in the extension host` });
  report('aws', 'AWS layer against the sandbox (real SDK v3 over HTTP)', rows);
}

async function liveTailBench(): Promise<Row> {
  const sb = await startSandbox({ port: 0, things: 0, seed: 1, timeScale: 0.01 });
  const s = createSession({ kind: 'sandbox', id: 'sandbox', label: 'Local sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials });
  try {
    const group = '/aws/lambda/BenchLiveTail';
    await s.clients.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await s.clients.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'bench' }));
    const ac = new AbortController();
    const received: LogEvent[] = [];
    const sources = new Set<string>();
    let sampledBatches = 0;
    let started!: () => void;
    const sessionStarted = new Promise<void>((r) => { started = r; });
    const tail = (async () => {
      for await (const batch of s.logs.tail([group], ac.signal, { pollIntervalMs: 100 })) {
        sources.add(batch.source);
        if (batch.sampled) sampledBatches++;
        received.push(...batch.events);
        if (received.length >= TAIL_EVENTS) break;
      }
    })();
    // Live tail shows only events that arrive after the session starts: wait for the first marker event.
    const marker = setInterval(() => {
      void s.clients.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'bench', logEvents: [{ timestamp: Date.now(), message: 'marker' }] }));
    }, 50);
    while (!received.length) await new Promise((r) => setTimeout(r, 10));
    clearInterval(marker);
    started();
    await sessionStarted;
    received.length = 0;
    const firstPut = performance.now();
    // Batches of 50: well under the 500 events one update carries, so nothing is sampled away.
    for (let i = 0; i < TAIL_EVENTS; i += 50) {
      await s.clients.logs.send(new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'bench',
        logEvents: Array.from({ length: Math.min(50, TAIL_EVENTS - i) }, (_, k) => ({ timestamp: Date.now(), message: `event ${i + k}` })),
      }));
    }
    const putMs = performance.now() - firstPut;
    const timeout = setTimeout(() => ac.abort(), 30_000);
    await tail;
    clearTimeout(timeout);
    ac.abort();
    const tailMs = performance.now() - firstPut;
    const events = received.filter((e) => e.message.startsWith('event '));
    const distinct = new Set(events.map((e) => e.message)).size;
    return {
      name: `live tail of ${TAIL_EVENTS} events (sandbox timeScale 0.01: an update every 10 ms)`,
      value: `${events.length} delivered in ${tailMs.toFixed(0)} ms = ${Math.round((events.length / tailMs) * 1000)} events/s`,
      target: 'AWS itself caps a session at 500 events/s (sampled past that)',
      note: `via ${[...sources].join('+')}; ${distinct} distinct; ${sampledBatches} sampled batches; writing took ${putMs.toFixed(0)} ms`,
    };
  } finally {
    s.dispose();
    await sb.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
