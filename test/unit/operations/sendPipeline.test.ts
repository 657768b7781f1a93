// The send pipeline against the real sandbox through the real AWS SDK (and, for lost answers, a fault proxy
// in front of it): an answer, a 409 (cancelled or overwritten), a late answer from a queue-mode device, a
// refusal found in the Lambda's own invocation, cancellation, a queued request dropped, an execute the
// person does not confirm, and the never-send-twice rule for an update whose outcome is unknown.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createSession, type SdkSession } from '../../../src/aws/index';
import type { ShadowDocument } from '../../../src/aws/types';
import { predictOutcome, printedVerdict } from '../../../src/core/lambdaInvocations';
import { systemClock } from '../../../src/core/tests/clock';
import { matchAnswer, newestTimestamp } from '../../../src/core/answer/answerMatch';
import { readingWatch } from '../../../src/operations/answerWait';
import { OPERATION_SHADOW, SendPipeline, type SendPlan, type SendPorts } from '../../../src/operations/sendPipeline';
import { LambdaInvocationReader } from '../../../src/runner/lambdaInvocationReader';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index';
import { startFaultProxy } from '../../harness/faultProxy';

let sb: RunningSandbox;
let session: SdkSession;
let online: string;
let queued: string;

before(async () => {
  sb = await startSandbox({ timeScale: 0.02 });
  session = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
  const onlines = sb.fleet.filter((t) => t.connectivity === 'online' && t.thingTypeName === 'acme:tracker_v2');
  online = onlines[0].thingName;
  queued = sb.fleet.find((t) => t.connectivity === 'queue')!.thingName;
});
after(async () => {
  session.dispose();
  await sb.stop();
});

/** The session's shadows, with every UpdateThingShadow of the operation shadow counted. */
function ports(s: SdkSession, thing: string, extra: Partial<SendPorts> = {}): SendPorts & { updates: () => number } {
  let updates = 0;
  return {
    shadows: { update: (...a: Parameters<SdkSession['shadows']['update']>) => { if (a[1] === OPERATION_SHADOW) updates++; return s.shadows.update(...a); } },
    watch: readingWatch(() => s.shadows.get(thing, OPERATION_SHADOW)),
    matchAnswer,
    updates: () => updates,
    ...extra,
  };
}

function plan(thing: string, request: Record<string, unknown>, over: Partial<SendPlan> = {}): SendPlan {
  return {
    thing: { connection: 'sandbox', thing }, request, problems: [], whenBusy: 'queue', timeoutMs: 10_000,
    confirmExecute: async () => { throw new Error('not asked for this request'); },
    onConflict: async () => { throw new Error('no conflict expected'); },
    ...over,
  };
}

const versionOf = async (thing: string) => (await session.shadows.get(thing, OPERATION_SHADOW).catch(() => undefined))?.version ?? 0;

test('a read is sent once with the shadow\'s version and answered with the values it asked for', async () => {
  const p = ports(session, online);
  const v0 = await versionOf(online);
  const out = await new SendPipeline().send(p, plan(online, { operation: 'read', keys: ['Device.0.Manufacturer'] }));
  assert.equal(out.kind, 'answered', JSON.stringify(out));
  assert.equal(p.updates(), 1);
  assert.equal(out.accepted.version, v0 + 1, 'sent with the version read: it made exactly the next one');
  assert.deepEqual(out.answer.values, [{ key: 'Device.0.Manufacturer', value: 'ACME' }]);
  assert.deepEqual(out.answer.failedKeys, []);
});

test('the same read again right after its answer is answered too (both in one second of whole-second shadow timestamps)', async () => {
  const p = ports(session, online);
  const pipeline = new SendPipeline();
  const request = { operation: 'read', keys: ['Device.0.Manufacturer'] };
  // start just after a second boundary, so the first answer and the second request fall in the same second
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
  const first = await pipeline.send(p, plan(online, request));
  assert.equal(first.kind, 'answered', JSON.stringify(first));
  const again = await pipeline.send(p, plan(online, request, { timeoutMs: 5000 }));
  assert.equal(again.kind, 'answered', `the second read's answer repeats the first one's leaves: ${again.kind}`);
  assert.deepEqual(again.answer.values, [{ key: 'Device.0.Manufacturer', value: 'ACME' }]);
  assert.equal(p.updates(), 2, 'each sent once');
  assert.ok(again.accepted.timestamp! > newestTimestamp(first.doc.metadata?.reported)!, 'the second request was accepted in a later second than the first answer');
});

test('a request with an error is not sent; nor is an execute the person does not confirm', async () => {
  const p = ports(session, online);
  const v0 = await versionOf(online);
  const invalid = await new SendPipeline().send(p, plan(online, { operation: 'read', keys: [] }, { problems: [{ severity: 'error' }, { severity: 'warning' }] }));
  assert.equal(invalid.kind, 'not-sent');
  assert.equal(invalid.kind === 'not-sent' && invalid.reason, 'invalid');
  const asked: unknown[] = [];
  const refused = await new SendPipeline().send(p, plan(online, { operation: 'execute', keys: ['Device.0.Reboot'] }, { confirmExecute: async (thing, keys) => { asked.push([thing, keys]); return false; } }));
  assert.deepEqual(asked, [[online, ['Device.0.Reboot']]], 'the person was asked, with the thing and the keys');
  assert.equal(refused.kind === 'not-sent' && refused.reason, 'not-confirmed');
  assert.equal(p.updates(), 0, 'nothing was sent');
  assert.equal(await versionOf(online), v0, 'the operation shadow is untouched');
});

test('a 409: Cancel sends nothing more; Overwrite sends once more with the latest version and is answered', async () => {
  const pipeline = new SendPipeline();
  const stale = await versionOf(online);
  await session.shadows.update(online, OPERATION_SHADOW, { desired: { note: 'someone else' } }); // the shadow moves on
  const latestSeen: number[] = [];
  const p = ports(session, online);
  // Another key than the first test read: an answer that rewrites a leaf with the same value in the same second cannot be told from the older one.
  const cancelled = await pipeline.send(p, plan(online, { operation: 'read', keys: ['Device.0.Model Number'] }, {
    version: stale, onConflict: async (latest) => { latestSeen.push(latest.version); return 'cancel'; },
  }));
  assert.equal(cancelled.kind, 'conflict');
  assert.equal(p.updates(), 1, 'the 409 is not sent again on its own');
  assert.equal(latestSeen[0], await versionOf(online), 'the question shows the latest version');
  const overwritten = await pipeline.send(p, plan(online, { operation: 'read', keys: ['Device.0.Model Number'] }, { version: stale, onConflict: async () => 'overwrite' }));
  assert.equal(overwritten.kind, 'answered', JSON.stringify(overwritten));
  assert.equal(p.updates(), 3, 'one more after the second 409: the one the person chose');
  const desired = (await session.shadows.get(online, OPERATION_SHADOW)).state.desired;
  assert.equal(desired?.note, undefined, 'the other request\'s stale field was removed, not left beside ours');
});

test('a queue-mode device answers late: "late" first, then waitLonger() gets the answer; a newer request ends an older late wait', async () => {
  const pipeline = new SendPipeline();
  const p = ports(session, queued);
  const out = await pipeline.send(p, plan(queued, { operation: 'read', keys: ['Device.0.Manufacturer'] }, { timeoutMs: 1 }));
  assert.equal(out.kind, 'late', JSON.stringify(out));
  if (out.kind !== 'late') return;
  const later = await out.waitLonger(20_000);
  assert.equal(later.kind, 'answered', JSON.stringify(later));
  assert.equal(later.kind === 'answered' && later.doc.version > out.accepted.version, true);

  // A second late request, then a newer one to the same thing: the old wait stops (its answer could be the newer one's).
  const offline = sb.fleet.find((t) => t.connectivity === 'offline')!.thingName;
  const q = ports(session, offline);
  const first = await pipeline.send(q, plan(offline, { operation: 'read', keys: ['Device.0.Manufacturer'] }, { timeoutMs: 1 }));
  assert.equal(first.kind, 'late');
  if (first.kind !== 'late') return;
  const waiting = first.waitLonger(60_000);
  const second = await pipeline.send(q, plan(offline, { operation: 'read', keys: ['Device.0.Model Number'] }, { timeoutMs: 1 }));
  assert.equal(second.kind, 'late');
  assert.equal((await waiting).kind, 'cancelled', 'superseded by the newer request');
});

test('a refusal is the Lambda\'s reason for this very request, not a timeout', async () => {
  const reader = new LambdaInvocationReader(session.logs, systemClock, Date.now(), 50);
  try {
    const refusals = {
      async refusalOf(accepted: ShadowDocument, update: Record<string, unknown>, signal: AbortSignal) {
        const predicted = predictOutcome(update.desired);
        if (!predicted) return undefined;
        const index = reader.published(predicted, accepted.timestamp ?? Math.floor(Date.now() / 1000));
        const found = await reader.find(index, 10_000, signal);
        return found.kind === 'found' ? printedVerdict(found.invocation) : undefined;
      },
    };
    const p = ports(session, online, { refusals });
    const dup = { operation: 'write', keys: ['Device.0.Timezone', 'Device.0.Timezone'], values: ['Europe/Berlin', 'Europe/Warsaw'] };
    const t0 = performance.now();
    const out = await new SendPipeline().send(p, plan(online, dup, { timeoutMs: 20_000 }));
    assert.equal(out.kind, 'refused', JSON.stringify(out));
    assert.match(out.kind === 'refused' ? out.reason : '', /keys must be unique/);
    assert.ok(performance.now() - t0 < 15_000, 'said at once, not after the timeout');
  } finally {
    reader.dispose();
  }
});

test('cancelling the wait leaves the request sent; a request queued behind a late one is dropped, never sent', async () => {
  const pipeline = new SendPipeline();
  const offline = sb.fleet.filter((t) => t.connectivity === 'offline')[1]?.thingName ?? sb.fleet.find((t) => t.connectivity === 'offline')!.thingName;
  const p = ports(session, offline);
  const ac = new AbortController();
  let queuedBehind: string | undefined;
  const first = pipeline.send(p, plan(offline, { operation: 'read', keys: ['Device.0.Manufacturer'] }, {
    waiting: (task) => task(ac.signal),
  }));
  const second = pipeline.send(p, plan(offline, { operation: 'write', keys: ['Device.0.Timezone'], values: ['Europe/Berlin'] }, { timeoutMs: 200, onQueued: (b) => { queuedBehind = b; } }));
  assert.equal(queuedBehind, 'read', 'the second waits behind the first');
  ac.abort();
  const a = await first;
  assert.equal(a.kind, 'cancelled');
  const b = await second; // starts once the first is done, and is then answered or late — it was not dropped
  assert.notEqual(b.kind, 'not-sent');
  assert.equal(p.updates(), 2);

  const third = pipeline.send(p, plan(offline, { operation: 'read', keys: ['Device.0.Manufacturer'] }, { timeoutMs: 200 }));
  const fourth = pipeline.send(p, plan(offline, { operation: 'read', keys: ['Device.0.Model Number'] }));
  assert.equal((await third).kind, 'late');
  const dropped = await fourth;
  assert.equal(dropped.kind === 'not-sent' && dropped.reason, 'dropped', JSON.stringify(dropped));
  assert.equal(p.updates(), 3, 'the dropped request was never sent');
});

test('never sent twice: an update whose answer is lost is recognised by reading back; with the read-back lost too it is "unknown" and not repeated', async () => {
  const proxy = await startFaultProxy(sb.url);
  const s = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: proxy.url, credentials: sb.credentials, requestTimeoutMs: 1500 });
  const isWrite = (r: { method: string; url: string }) => r.method === 'POST' && r.url.includes('/shadow');
  const isRead = (r: { method: string; url: string }) => r.method === 'GET' && r.url.includes('/shadow');
  try {
    const thing = sb.fleet.filter((t) => t.connectivity === 'online')[1].thingName;
    const pipeline = new SendPipeline();
    const v0 = await versionOf(thing);
    proxy.add({ match: isWrite, fault: 'drop-response', times: 1 });
    const lost = await pipeline.send(ports(s, thing), plan(thing, { operation: 'read', keys: ['Device.0.Manufacturer'] }));
    assert.equal(lost.kind, 'answered', JSON.stringify(lost));
    assert.equal(lost.kind === 'answered' && lost.accepted.confirmedBy, 'read-back');
    assert.equal(proxy.requests.filter(isWrite).length, 1, 'sent once');

    const v1 = await versionOf(thing);
    assert.ok(v1 > v0);
    proxy.add({ match: isWrite, fault: 'drop-response', times: 1 });
    proxy.add({ match: isRead, fault: 'hang', times: 1 });
    const p = ports(s, thing);
    const unknown = await pipeline.send(p, plan(thing, { operation: 'read', keys: ['Device.0.Model Number'] }, {
      stored: () => session.shadows.get(thing, OPERATION_SHADOW), // read straight, so the hung read is the read-back
    }));
    assert.equal(unknown.kind, 'unknown', JSON.stringify(unknown));
    assert.equal(p.updates(), 1);
    assert.equal(proxy.requests.filter(isWrite).length, 2, 'the update whose outcome is unknown was not sent again');
  } finally {
    s.dispose();
    await proxy.close();
  }
});
