// The AWS layer against an unlucky network, produced for real: the real SDK clients, as the extension
// configures them (adaptive retry, 3 attempts), talk to the embedded sandbox through a fault-injecting
// proxy that hangs a request, loses a response after the sandbox applied the request, or stalls a stream.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AwsError, createSession, type LogBatch, type SdkSession } from '../../../src/aws/index';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index';
import { startFaultProxy, type FaultProxy } from '../../harness/faultProxy';

const TIMEOUT_MS = 1500;

interface Rig {
  sb: RunningSandbox;
  proxy: FaultProxy;
  /** Through the proxy, as the extension would connect. */
  s: SdkSession;
  /** Straight to the sandbox: what really happened. */
  direct: SdkSession;
  thing: string;
  close(): Promise<void>;
}

async function rig(requestTimeoutMs = TIMEOUT_MS): Promise<Rig> {
  const sb = await startSandbox({ port: 0, things: 1, timeScale: 1 });
  const proxy = await startFaultProxy(sb.url);
  const base = { kind: 'sandbox' as const, id: 'sandbox', label: 'sandbox', region: sb.region, credentials: sb.credentials };
  const s = createSession({ ...base, endpoint: proxy.url, requestTimeoutMs });
  const direct = createSession({ ...base, endpoint: sb.url, maxAttempts: 1 });
  return {
    sb, proxy, s, direct, thing: sb.fleet[0].thingName,
    async close() {
      s.dispose();
      direct.dispose();
      await proxy.close();
      await sb.stop();
    },
  };
}

const isShadowRead = (r: { method: string; url: string }) => r.method === 'GET' && r.url.includes('/shadow');
const isShadowWrite = (r: { method: string; url: string }) => r.method === 'POST' && r.url.includes('/shadow');

test('a GetThingShadow the server never answers fails within the timeout, once, with "no answer from <endpoint> in N s"', async () => {
  const r = await rig();
  try {
    r.proxy.add({ match: isShadowRead, fault: 'hang' });
    const t0 = performance.now();
    const err = await r.s.shadows.get(r.thing, 'datamodel').then(() => undefined, (e: unknown) => e);
    const ms = performance.now() - t0;
    assert.ok(err instanceof AwsError, `an AwsError (${String(err)})`);
    assert.equal(err.kind, 'endpoint-unreachable');
    assert.match(err.message, new RegExp(`no answer from 127\\.0\\.0\\.1:${new URL(r.proxy.url).port} in 1\\.5 s`));
    assert.ok(err.action && /retry/i.test(err.action), `it says what to do (${err.action})`);
    // Upper bound with room for a loaded 2-core machine; without the timeout the call never ends (the hang is forever).
    assert.ok(ms >= TIMEOUT_MS - 50 && ms < TIMEOUT_MS * 4, `failed after the timeout, not much later (${Math.round(ms)} ms)`);
    assert.equal(r.proxy.requests.filter(isShadowRead).length, 1, 'a hung request is not sent again');
  } finally {
    await r.close();
  }
});

for (const versioned of [true, false]) {
  test(`a lost UpdateThingShadow response (${versioned ? 'versioned' : 'unversioned'}): applied exactly once and reported as published`, async () => {
    const r = await rig();
    try {
      const before = await r.direct.shadows.get(r.thing, 'notes').catch(() => undefined);
      const v0 = before?.version ?? 0;
      r.proxy.add({ match: isShadowWrite, fault: 'drop-response', times: 1 });
      const desired = { note: 'reboot once', n: 1 };
      const accepted = await r.s.shadows.update(r.thing, 'notes', { desired }, versioned ? v0 : undefined);
      const after = await r.direct.shadows.get(r.thing, 'notes');
      assert.equal(after.version, v0 + 1, 'the shadow was written exactly once');
      assert.deepEqual(after.state.desired, desired);
      assert.equal(r.proxy.requests.filter(isShadowWrite).length, 1, 'the update was sent once: no retry of a request that may have landed');
      assert.equal(accepted.version, v0 + 1, 'the accepted version is the one the write made');
      assert.equal(accepted.confirmedBy, 'read-back', 'recognised by reading the shadow back');
      assert.deepEqual(accepted.state.desired, desired);
    } finally {
      await r.close();
    }
  });
}

test('an update that never reached the server (hung) is not applied, not re-sent, and says so', async () => {
  const r = await rig();
  try {
    const v0 = (await r.direct.shadows.update(r.thing, 'notes', { desired: { n: 0 } })).version;
    r.proxy.add({ match: isShadowWrite, fault: 'hang', times: 1 });
    const err = await r.s.shadows.update(r.thing, 'notes', { desired: { n: 1 } }, v0).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AwsError, String(err));
    assert.match(err.message, /no answer from .* in 1\.5 s/);
    assert.equal(err.maybeApplied, false, 'the read-back shows it was not applied');
    assert.equal(r.proxy.requests.filter(isShadowWrite).length, 1);
    const after = await r.direct.shadows.get(r.thing, 'notes');
    assert.equal(after.version, v0);
    assert.deepEqual(after.state.desired, { n: 0 });
  } finally {
    await r.close();
  }
});

test('a 409 caused by the same request landing earlier (outcome unknown then) is recognised, not reported as someone else\'s change', async () => {
  const r = await rig();
  try {
    const v0 = (await r.direct.shadows.update(r.thing, 'notes', { desired: { n: 0 } })).version;
    // The response is lost and so is the read-back: the outcome is unknown.
    r.proxy.add({ match: isShadowWrite, fault: 'drop-response', times: 1 });
    r.proxy.add({ match: isShadowRead, fault: 'hang', times: 1 });
    const err = await r.s.shadows.update(r.thing, 'notes', { desired: { n: 1 } }, v0).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AwsError, String(err));
    assert.equal(err.maybeApplied, true, 'the user is told it may have been applied');
    // The user publishes the same text again (same version): 409, and the layer recognises its earlier write.
    const again = await r.s.shadows.update(r.thing, 'notes', { desired: { n: 1 } }, v0);
    assert.equal(again.confirmedBy, 'read-back');
    assert.equal(again.version, v0 + 1);
    assert.equal((await r.direct.shadows.get(r.thing, 'notes')).version, v0 + 1, 'applied once');
  } finally {
    await r.close();
  }
});

test('a live tail stream that stalls (no session updates) is restarted and the gap is filled', async () => {
  const r = await rig(10_000); // the socket timeout (same as the request timeout) must not be what notices

  const group = '/faults/stalled-tail';
  try {
    await r.direct.clients.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await r.direct.clients.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'tick' }));
    r.proxy.add({ match: (q) => String(q.headers['x-amz-target'] ?? '').endsWith('StartLiveTail'), fault: 'stall', times: 1, afterMs: 200 });
    const ac = new AbortController();
    const batches: LogBatch[] = [];
    const restarts: string[] = [];
    const tail = (async () => {
      for await (const b of r.s.logs.tail([group], ac.signal, { stallMs: 2500, onRestart: (why) => restarts.push(typeof why === 'string' ? why : why.kind) })) batches.push(b);
    })();
    let i = 0;
    const put = async () => r.direct.clients.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'tick', logEvents: [{ timestamp: Date.now(), message: `tick ${i++}` }] }));
    await new Promise((res) => setTimeout(res, 400));
    const deadline = Date.now() + 12_000;
    while (Date.now() < deadline) {
      await put();
      await new Promise((res) => setTimeout(res, 200));
      if (restarts.length && batches.some((b) => b.source === 'live-tail') && i > 25) break;
    }
    await new Promise((res) => setTimeout(res, 1500));
    ac.abort();
    await tail;
    const ticks = batches.flatMap((b) => b.events.map((e) => Number(e.message.split(' ')[1])));
    assert.deepEqual(restarts.slice(0, 1), ['stalled'], 'the stall was noticed');
    assert.equal(new Set(ticks).size, ticks.length, 'no tick twice');
    assert.deepEqual(ticks, Array.from({ length: i }, (_, k) => k), 'every tick, in order: the stalled stretch was filled in');
  } finally {
    await r.close();
  }
});
