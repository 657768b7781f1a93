// The live channel (src/aws/live) against the real sandbox broker: current state then changes as they
// happen, reconnect with backoff and a fresh presigned URL, re-presign when credentials are refreshed,
// AWS IoT's per-connection limits, refusals (iot:Connect, iot:Subscribe) and idle disconnect. The only
// fault injector is a TCP proxy that cuts or refuses connections.
import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createSession, type LiveTuning, type SdkSession } from '../../../src/aws/index';
import type { LiveShadowEvent, LiveShadowsApi, LiveStatus, ShadowDocument } from '../../../src/aws/types';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox/index';
import { startTcpProxy, type TcpProxy } from './tcpProxy';

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function sandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sb = await startSandbox({ things: 0, timeScale: 0.01, ...options });
  cleanups.push(() => sb.stop());
  return sb;
}

function session(sb: RunningSandbox, tuning: LiveTuning = {}, endpoint = sb.url): SdkSession {
  const s = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint, credentials: sb.credentials, maxAttempts: 1 },
    { backoff: { baseMs: 50, maxMs: 400 }, idleDisconnectMs: 50, getTimeoutMs: 2000, ...tuning });
  cleanups.push(() => s.dispose());
  return s;
}

/** Events of one watch, and a way to wait for the next that matches. */
function recorder() {
  const events: LiveShadowEvent[] = [];
  const waiters: { match: (e: LiveShadowEvent) => boolean; resolve: (e: LiveShadowEvent) => void }[] = [];
  return {
    events,
    listener: (e: LiveShadowEvent) => {
      events.push(e);
      for (const w of [...waiters]) if (w.match(e)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
    },
    next(match: (e: LiveShadowEvent) => boolean, what: string, ms = 5000): Promise<LiveShadowEvent> {
      const seen = events.find(match);
      if (seen) { events.splice(events.indexOf(seen), 1); return Promise.resolve(seen); }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
        waiters.push({ match, resolve: (e) => { clearTimeout(timer); events.splice(events.indexOf(e), 1); resolve(e); } });
      });
    },
  };
}

const isLive = (live: boolean) => (e: LiveShadowEvent) => e.kind === 'live' && e.live === live;
const isDoc = (version: number) => (e: LiveShadowEvent) => e.kind === 'document' && e.doc.version === version;

function statusBecomes(live: LiveShadowsApi, match: (s: LiveStatus) => boolean, what: string, ms = 5000): Promise<LiveStatus> {
  if (match(live.status)) return Promise.resolve(live.status);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`status never ${what} (last ${JSON.stringify(live.status)})`)); }, ms);
    const sub = live.onStatus((s) => {
      if (!match(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
}

describe('live channel against the sandbox', () => {
  test('the current state arrives first (get), then every change with its previous version', async () => {
    const sb = await sandbox();
    const s = session(sb);
    await s.shadows.update('live-1', 'datamodel', { reported: { Device: { 0: { 'Battery Level': 80 } } } });
    const r = recorder();
    const w = s.live.watch('live-1', 'datamodel', r.listener);
    const first = await r.next(isDoc(1), 'current state');
    assert.equal(w.live, true);
    assert.deepEqual((first as { doc: ShadowDocument }).doc.state.reported, { Device: { 0: { 'Battery Level': 80 } } });
    await s.shadows.update('live-1', 'datamodel', { reported: { Device: { 0: { 'Battery Level': 79 } } } });
    const change = await r.next(isDoc(2), 'the change') as Extract<LiveShadowEvent, { kind: 'document' }>;
    assert.equal(change.previous?.version, 1);
    assert.deepEqual(change.doc.state.reported, { Device: { 0: { 'Battery Level': 79 } } });
    assert.equal(JSON.parse(change.doc.text).version, 2, 'the text is a shadow document');
    await s.shadows.update('live-1', 'datamodel', { desired: { x: 1 } });
    const withDesired = await r.next(isDoc(3), 'a desired change') as Extract<LiveShadowEvent, { kind: 'document' }>;
    assert.deepEqual(withDesired.doc.state.delta, { x: 1 }, 'delta derived as GetThingShadow would give it');
    assert.deepEqual(s.live.status, { state: 'live', watched: 1, live: 1, overLimit: 0 });
    w.dispose();
    await statusBecomes(s.live, (st) => st.state === 'idle', 'idle after the last watch');
  });

  test('a dropped connection reconnects at once with a fresh presigned URL, then with growing backoff while it fails', async () => {
    const sb = await sandbox();
    const proxy: TcpProxy = await startTcpProxy(sb.port);
    cleanups.push(() => proxy.close());
    const s = session(sb, { backoff: { baseMs: 100, maxMs: 800, random: () => 1 } }, `http://127.0.0.1:${proxy.port}`);
    await s.shadows.update('live-2', 'operation', { desired: { operation: 'read' } });
    const r = recorder();
    s.live.watch('live-2', 'operation', r.listener);
    await r.next(isLive(true), 'live');
    const upgrades = () => proxy.requestLines.filter((l) => l.startsWith('GET /mqtt?'));
    assert.equal(upgrades().length, 1);

    proxy.cutAll();
    await r.next(isLive(false), 'not live after the cut');
    await r.next(isLive(true), 'live again', 3000);
    assert.equal(upgrades().length, 2, 'one new WebSocket upgrade');
    assert.match(upgrades()[1], /X-Amz-Signature=[0-9a-f]{64}/);
    await s.shadows.update('live-2', 'operation', { reported: { operation: 'read' } });
    await r.next(isDoc(2), 'a change after the reconnect');

    proxy.refusing = true;
    const from = proxy.arrivals.length;
    proxy.cutAll();
    await r.next(isLive(false), 'not live');
    await statusBecomes(s.live, (st) => st.state === 'unavailable', 'unavailable');
    while (proxy.arrivals.length < from + 5) await new Promise((res) => setTimeout(res, 50));
    const gaps = proxy.arrivals.slice(from).map((t, i, a) => (i ? t - a[i - 1] : 0)).slice(1);
    // attempts: at once, then 200, 400, 800, 800 ms (base 100, doubling, capped at 800)
    assert.ok(gaps[0] >= 180 && gaps[1] >= 380 && gaps[2] >= 760 && gaps[3] >= 760, `backoff gaps ${gaps.map((g) => g.toFixed(0)).join(', ')}`);
    assert.ok(gaps[3] < 1500, 'capped');
    const st = s.live.status;
    assert.ok(st.state === 'unavailable' && st.problem.kind === 'unreachable', JSON.stringify(st));
    proxy.refusing = false;
    await r.next(isLive(true), 'live once the network is back', 3000);
  });

  test('credentials that expire: reconnects before expiry with a URL signed by the refreshed credentials', async () => {
    const sb = await sandbox();
    const proxy = await startTcpProxy(sb.port);
    cleanups.push(() => proxy.close());
    const keys = ['AKIAFIRSTKEYEXAMPLE1', 'AKIASECONDKEYEXAMPL2'];
    let calls = 0;
    const s = session(sb, {}, `http://127.0.0.1:${proxy.port}`);
    const live = (await import('../../../src/aws/live/liveShadows')).createLiveShadows({
      endpoint: () => Promise.resolve(`http://127.0.0.1:${proxy.port}`),
      region: sb.region,
      credentials: () => {
        const accessKeyId = keys[Math.min(calls++, 1)];
        return Promise.resolve({ accessKeyId, secretAccessKey: 'secret', sessionToken: `token-${accessKeyId}`, ...(calls === 1 ? { expiration: new Date(Date.now() + 1_600) } : {}) });
      },
      refreshBeforeExpiryMs: 500,
      idleDisconnectMs: 50,
    });
    cleanups.push(() => live.dispose());
    await s.shadows.update('live-3', '', { reported: { connected: true } });
    const r = recorder();
    live.watch('live-3', '', r.listener);
    await r.next(isLive(true), 'live');
    await r.next(isLive(false), 'the planned reconnect', 4000);
    await r.next(isLive(true), 'live with the new credentials', 3000);
    const upgrades = proxy.requestLines.filter((l) => l.startsWith('GET /mqtt?'));
    assert.equal(upgrades.length, 2);
    assert.match(upgrades[0], /X-Amz-Credential=AKIAFIRSTKEYEXAMPLE1/);
    assert.match(upgrades[1], /X-Amz-Credential=AKIASECONDKEYEXAMPL2/);
    assert.match(upgrades[1], /X-Amz-Security-Token=token-AKIASECONDKEYEXAMPL2/);
  });

  test('limits: a connection watches subscriptionsPerConnection / 3 shadows; the rest wait and take a freed place', async () => {
    const limits = { subscriptionsPerConnection: 9, topicsPerSubscribe: 8 };
    const sb = await sandbox({ mqtt: { limits } });
    const s = session(sb, { limits });
    assert.equal(s.live.capacity, 3);
    const things = ['lim-1', 'lim-2', 'lim-3', 'lim-4', 'lim-5'];
    for (const t of things) await s.shadows.update(t, 'datamodel', { reported: { n: t } });
    const recs = things.map(() => recorder());
    const watches = things.map((t, i) => s.live.watch(t, 'datamodel', recs[i].listener));
    for (const r of recs.slice(0, 3)) await r.next(isLive(true), 'live');
    assert.deepEqual(watches.map((w) => w.overLimit), [false, false, false, true, true]);
    assert.deepEqual(s.live.status, { state: 'live', watched: 5, live: 3, overLimit: 2 });
    watches[1].dispose();
    await recs[3].next(isLive(true), 'the first waiting shadow goes live');
    assert.equal(watches[3].overLimit, false);
    assert.equal(watches[4].overLimit, true);
    await s.shadows.update('lim-4', 'datamodel', { reported: { n: 'changed' } });
    await recs[3].next(isDoc(2), 'its change');
  });

  test('a refused SUBSCRIBE leaves that shadow polled and names iot:Subscribe', async () => {
    const sb = await sandbox({ mqtt: { limits: { subscriptionsPerConnection: 2, topicsPerSubscribe: 8 } } });
    const s = session(sb);
    const r = recorder();
    const w = s.live.watch('sub-1', 'datamodel', r.listener);
    const st = await statusBecomes(s.live, (x) => x.state === 'live' && !!x.problem, 'a problem');
    assert.equal(st.state === 'live' && st.problem?.permission, 'iot:Subscribe');
    assert.equal(w.live, false);
  });

  test('a shadow the broker refused (its limit is lower than assumed) goes live once a place is free: after a reconnect, and when a watch ends', async () => {
    // The broker takes 2 shadows (6 topics); the channel assumes AWS's default 50 and subscribes all 3.
    const sb = await sandbox({ mqtt: { limits: { subscriptionsPerConnection: 6, topicsPerSubscribe: 8 } } });
    const proxy = await startTcpProxy(sb.port);
    cleanups.push(() => proxy.close());
    const s = session(sb, {}, `http://127.0.0.1:${proxy.port}`);
    const things = ['ref-1', 'ref-2', 'ref-3'];
    for (const t of things) await s.shadows.update(t, 'datamodel', { reported: { n: t } });
    const recs = things.map(() => recorder());
    const watches = things.map((t, i) => s.live.watch(t, 'datamodel', recs[i].listener));
    await recs[0].next(isLive(true), 'the first live');
    await recs[1].next(isLive(true), 'the second live');
    const refused = await statusBecomes(s.live, (x) => x.state === 'live' && x.problem?.permission === 'iot:Subscribe', 'the third refused');
    assert.equal(refused.state === 'live' && refused.live, 2);
    assert.equal(watches[2].live, false);

    // One watch ends while the connection is down; after the reconnect the broker has room for the third.
    proxy.refusing = true;
    proxy.cutAll();
    await recs[1].next(isLive(false), 'not live after the cut');
    watches[0].dispose();
    proxy.refusing = false;
    await recs[2].next(isLive(true), 'the refused shadow live after the reconnect', 5000);
    await s.shadows.update('ref-3', 'datamodel', { reported: { n: 'changed' } });
    await recs[2].next(isDoc(2), 'its change, live');
    assert.deepEqual(s.live.status, { state: 'live', watched: 2, live: 2, overLimit: 0 });

    // Without a reconnect: a fourth is refused, and takes the place the second frees.
    await s.shadows.update('ref-4', 'datamodel', { reported: { n: 'ref-4' } });
    const fourth = recorder();
    const w4 = s.live.watch('ref-4', 'datamodel', fourth.listener);
    await statusBecomes(s.live, (x) => x.state === 'live' && x.problem?.permission === 'iot:Subscribe', 'the fourth refused');
    assert.equal(w4.live, false);
    watches[1].dispose();
    await fourth.next(isLive(true), 'the refused shadow live once a place is free', 5000);
    assert.deepEqual(s.live.status, { state: 'live', watched: 2, live: 2, overLimit: 0 }, 'no refusal left to report');
  });

  test('MQTT refused (sandbox --no-mqtt): unavailable, refused, iot:Connect; nothing live', async () => {
    const sb = await sandbox({ mqtt: false });
    const s = session(sb);
    const w = s.live.watch('nope', 'datamodel', () => undefined);
    const st = await statusBecomes(s.live, (x) => x.state === 'unavailable', 'unavailable');
    assert.deepEqual(st.state === 'unavailable' && { kind: st.problem.kind, permission: st.problem.permission }, { kind: 'refused', permission: 'iot:Connect' });
    assert.equal(w.live, false);
    w.dispose();
  });
});
