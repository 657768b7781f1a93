// Live shadow figures (issue 11): how soon a change the sandbox writes reaches the extension's shadow
// store over the live channel (MQTT over WebSocket) against polling; Publish's answer minus the simulated
// device's own delay; API calls while an open datamodel is idle; and what happens past AWS IoT's
// per-connection limits. Times are taken from the moment the sandbox's shadow store accepts a write
// (RunningSandbox.onShadowChange), on things no earlier sample touched. The floor is one GetThingShadow
// round trip measured in the same run: no way of learning about a change by asking is faster.
import type { MiddlewareStack } from '@smithy/types';
import { createSession, type SdkSession } from '../src/aws/index';
import type { LiveShadowEvent, ShadowDocument } from '../src/aws/types';
import { startSandbox, type RunningSandbox } from '../src/sandbox/index';
import { percentile, report, runs, sized, type Row } from './common';

const ms = (n: number) => `${n.toFixed(0)} ms`;
const p50p95 = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 95))}`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const step = (what: string) => console.log(`  … ${what}`);
/** The watcher's poll interval (lwm2mShadows.datamodel.refreshIntervalSeconds); shorter in a smoke run. */
const POLL_MS = sized(5000, 500);

/** `p`, or a clear failure after `ms` (a benchmark must never hang). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

/** Write times by `thing/shadow/version`, as the sandbox accepted them. */
function writeClock(sb: RunningSandbox): Map<string, number> {
  const writes = new Map<string, number>();
  sb.onShadowChange((e) => writes.set(`${e.thingName}/${e.shadowName}/${e.version}`, performance.now()));
  return writes;
}

/** Resolves with the first document event that `match`es (and when it arrived). */
function nextDocument(s: SdkSession, thing: string, shadow: string, match: (d: ShadowDocument) => boolean): { done: Promise<{ doc: ShadowDocument; at: number }>; live: Promise<void>; dispose(): void } {
  let resolveDoc!: (v: { doc: ShadowDocument; at: number }) => void;
  let resolveLive!: () => void;
  const done = new Promise<{ doc: ShadowDocument; at: number }>((r) => (resolveDoc = r));
  const live = new Promise<void>((r) => (resolveLive = r));
  const w = s.live.watch(thing, shadow, (e: LiveShadowEvent) => {
    if (e.kind === 'live' && e.live) resolveLive();
    if (e.kind === 'document' && match(e.doc)) resolveDoc({ doc: e.doc, at: performance.now() });
  });
  return { done, live, dispose: () => w.dispose() };
}

/** Counts the data plane's HTTP calls (GetThingShadow and others) from now on. */
async function countCalls(s: SdkSession): Promise<() => number> {
  let n = 0;
  const client = await s.clients.data();
  (client.middlewareStack as MiddlewareStack<object, object>).add((next) => (args) => { n++; return next(args); }, { step: 'initialize', name: 'benchCallCounter' });
  return () => n;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const sb = await startSandbox({ things: 80, seed: 7 });
  const writes = writeClock(sb);
  const s = createSession({ kind: 'sandbox', id: 'bench', label: 'bench', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });

  // Floor: one GetThingShadow round trip.
  const floor: number[] = [];
  for (let i = 0; i < runs(30); i++) {
    await s.shadows.update(`floor-${i}`, 'datamodel', { reported: { v: i } });
    const t0 = performance.now();
    await s.shadows.get(`floor-${i}`, 'datamodel');
    floor.push(performance.now() - t0);
  }
  rows.push({ name: 'floor: one GetThingShadow round trip (p50 / p95 of 30)', value: p50p95(floor) });

  step('notifications, live');
  // 1. A device notification (a datamodel write) → the document in the extension's store, live.
  const live: number[] = [];
  for (let i = 0; i < runs(40); i++) {
    const thing = `notify-${i}`;
    await s.shadows.update(thing, 'datamodel', { reported: { Temperature: { 0: { 'Sensor Value': '20.0' } } } });
    const next = nextDocument(s, thing, 'datamodel', (d) => d.version === 2);
    await within(next.live, 10_000, `${thing} live`);
    await s.shadows.update(thing, 'datamodel', { reported: { Temperature: { 0: { 'Sensor Value': `${21 + i / 10}` } } } });
    const { at } = await within(next.done, 10_000, `${thing} notification`);
    live.push(at - writes.get(`${thing}/datamodel/2`)!);
    next.dispose();
  }
  rows.push({ name: 'notification written → in the store, live (p50 / p95 of 40)', value: p50p95(live), target: 'p95 < 250 ms' });

  // The same by polling every 5 s (lwm2mShadows.datamodel.refreshIntervalSeconds), as before: 20 things
  // polled with independent phases, each written once at a random moment.
  step('notifications, polled');
  const polled: number[] = [];
  await Promise.all(Array.from({ length: sized(20, 2) }, async (_, i) => {
    const thing = `poll-${i}`;
    await s.shadows.update(thing, 'datamodel', { reported: { v: 0 } });
    let seen = 1;
    const writeAt = POLL_MS / 5 + Math.random() * POLL_MS;
    setTimeout(() => void s.shadows.update(thing, 'datamodel', { reported: { v: 1 } }), writeAt);
    await sleep(Math.random() * POLL_MS);
    while (seen < 2) {
      const d = await s.shadows.get(thing, 'datamodel');
      seen = d.version;
      if (seen >= 2) polled.push(performance.now() - writes.get(`${thing}/datamodel/2`)!);
      else await sleep(POLL_MS);
    }
  }));
  rows.push({ name: 'notification written → in the store, polled every 5 s (p50 / p95 of 20)', value: p50p95(polled), note: 'before: up to the refresh interval' });

  // 2. Publish → answer shown, minus the simulated device's delay (the answer's write time).
  step('publish, live');
  const online = sb.fleet.filter((d) => d.connectivity === 'online' && !d.autoNotify && ['acme:tracker_v2', 'nordic:thingy91', 'acme:env_sensor', 'acme:tracker_v1'].includes(d.thingTypeName ?? '')).map((d) => d.thingName);
  const answerLive: number[] = [];
  const answerTotal: number[] = [];
  const isAnswer = (d: ShadowDocument) => (d.state.reported as { operation?: string } | undefined)?.operation === 'read';
  for (const thing of online.slice(0, sized(10, 1))) {
    const next = nextDocument(s, thing, 'operation', isAnswer);
    await within(next.live, 10_000, `${thing} operation live`);
    const t0 = performance.now();
    await s.shadows.update(thing, 'operation', { desired: { operation: 'read', keys: ['Device.0.Battery Level'] } });
    const { doc, at } = await within(next.done, 20_000, `${thing} answer`);
    answerLive.push(at - writes.get(`${thing}/operation/${doc.version}`)!);
    answerTotal.push(at - t0);
    next.dispose();
  }
  rows.push({ name: `Publish → answer shown minus device delay, live (p50 / p95 of ${answerLive.length})`, value: p50p95(answerLive), target: '< 100 ms', note: `accepted → answer ${p50p95(answerTotal)} including the device` });
  step('publish, polled');
  const answerPolled: number[] = [];
  await within(Promise.all(online.slice(sized(10, 1), sized(20, 2)).map(async (thing) => {
    const before = (await s.shadows.get(thing, 'operation')).version;
    await s.shadows.update(thing, 'operation', { desired: { operation: 'read', keys: ['Device.0.Battery Level'] } });
    let delay = 250; // the first poll of Publish's wait, then ×1.5 after 4 s
    const start = performance.now();
    for (;;) {
      await sleep(delay);
      const d = await s.shadows.get(thing, 'operation');
      if (d.version > before + 1 && isAnswer(d)) {
        answerPolled.push(performance.now() - writes.get(`${thing}/operation/${d.version}`)!);
        return;
      }
      if (performance.now() - start > 4000) delay = Math.min(3000, delay * 1.5);
      if (performance.now() - start > 20_000) return;
    }
  })), 30_000, 'polled answers');
  rows.push({ name: `Publish → answer shown minus device delay, polled (p50 / p95 of ${answerPolled.length})`, value: p50p95(answerPolled), note: 'before: polls at 250 ms, backing off after 4 s' });

  step('idle calls');
  // 3. API calls while an open datamodel is idle, 30 s: the watcher polls every 5 s unless the shadow is live.
  const calls = await countCalls(s);
  const idle = nextDocument(s, 'idle-1', 'datamodel', () => false);
  await s.shadows.update('idle-1', 'datamodel', { reported: { v: 1 } });
  await within(idle.live, 10_000, 'idle live');
  const liveWatch = s.live.watch('idle-1', 'datamodel', () => undefined);
  const c0 = calls();
  const windowMs = sized(20_000, 2_000);
  const end = performance.now() + windowMs;
  let pollsIfPolled = 0;
  while (performance.now() < end) {
    await sleep(POLL_MS);
    if (!liveWatch.live) await s.shadows.get('idle-1', 'datamodel');
    pollsIfPolled++;
  }
  const liveCalls = calls() - c0;
  rows.push({ name: 'API calls per minute, one open idle datamodel, live', value: String(liveCalls * 60_000 / windowMs), target: '0', note: `${windowMs / 1000} s window, the watcher's rule (poll every 5 s unless live)` });
  rows.push({ name: 'API calls per minute, one open idle datamodel, polled', value: String(pollsIfPolled * 60_000 / windowMs), note: 'before (and where MQTT is refused)' });
  liveWatch.dispose();
  idle.dispose();

  step('limits');
  // 4. Watched shadows per connection within AWS IoT's limits (50 subscriptions, 8 per SUBSCRIBE, enforced
  // by the sandbox as AWS does): 20 datamodels watched at once.
  const capacity = s.live.capacity;
  const t4 = performance.now();
  const watches = Array.from({ length: 20 }, (_, i) => nextDocument(s, `many-${i}`, 'datamodel', () => false));
  for (let i = 0; i < 20; i++) await s.shadows.update(`many-${i}`, 'datamodel', { reported: { v: i } });
  await within(Promise.all(watches.slice(0, capacity).map((w) => w.live)), 20_000, 'all within capacity live');
  const allLive = performance.now() - t4;
  const st = s.live.status;
  const seen = st.state === 'live' ? `${st.live} live, ${st.overLimit} polled` : st.state;
  rows.push({ name: 'shadows one connection keeps live (AWS IoT: 50 subscriptions, 3 per shadow)', value: String(capacity), note: `20 watched → ${seen}; all ${capacity} live after ${ms(allLive)}` });
  const t5 = performance.now();
  watches[0].dispose();
  await within(watches[capacity].live, 10_000, 'a promoted watch live');
  rows.push({ name: 'a freed place → the first polled shadow live', value: ms(performance.now() - t5), note: 'past the limit the status bar says how many are polled; they poll every 5 s' });
  for (const w of watches) w.dispose();

  report('live', 'Live shadows: MQTT over WebSocket against polling (sandbox)', rows);
  s.dispose();
  await sb.stop();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
