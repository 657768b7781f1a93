// Live tail against the embedded sandbox's real event stream (StartLiveTail over HTTP, real frames),
// with simulated time compressed so the 3-hour session limit comes after about a second: the layer must
// start the next session by itself and keep delivering (gap filling itself is tested on a stub in logs.test.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createSession, type AwsError, type LogBatch } from '../../../src/aws/index';
import { startSandbox } from '../../../src/sandbox/index';

test('live tail restarts by itself when the session ends (3 h limit, here ~1 s) and keeps delivering, in order, none twice', async () => {
  const sb = await startSandbox({ port: 0, things: 0, timeScale: 0.0001 }); // 3 h → 1.08 s
  const s = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
  const group = '/contract/live-tail-restart';
  try {
    await s.clients.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await s.clients.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'tick' }));
    const ac = new AbortController();
    const restarts: ('session-ended' | 'stalled' | AwsError)[] = [];
    let fallback: AwsError | undefined;
    const batches: LogBatch[] = [];
    const tail = (async () => {
      for await (const b of s.logs.tail([group], ac.signal, { onRestart: (r) => restarts.push(r), onFallback: (r) => { fallback = r; } })) batches.push(b);
    })();
    let i = 0;
    const deadline = Date.now() + 10_000;
    // Write until two sessions have ended and ticks arrived after the second restart.
    while (Date.now() < deadline) {
      await s.clients.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'tick', logEvents: [{ timestamp: Date.now(), message: `tick ${i++}` }] }));
      await new Promise((r) => setTimeout(r, 50));
      const afterRestarts = restarts.filter((r) => r === 'session-ended').length >= 2;
      if (afterRestarts && batches.length && Number(batches.at(-1)!.events.at(-1)!.message.split(' ')[1]) > i - 5) break;
    }
    ac.abort();
    await tail;
    const ticks = batches.flatMap((b) => b.events.map((e) => Number(e.message.split(' ')[1])));
    assert.equal(fallback, undefined, 'live tail was never refused');
    assert.ok(restarts.filter((r) => r === 'session-ended').length >= 2, `sessions ended and were restarted (${restarts.length})`);
    assert.ok(restarts.every((r) => r === 'session-ended'), 'no connection errors');
    // Live tail batches, plus FilterLogEvents batches for what was written between two sessions.
    assert.ok(batches.every((b) => (b.source === 'live-tail' || b.source === 'polling') && b.events.every((e) => e.logGroup === group && e.logStream === 'tick')));
    assert.ok(batches.filter((b) => b.source === 'live-tail').length > 0);
    assert.equal(new Set(ticks).size, ticks.length, 'no tick twice');
    const first = ticks[0];
    assert.deepEqual(ticks, Array.from({ length: ticks.length }, (_, k) => first + k), 'every tick from the first on, in order: no gap at the restarts');
    assert.ok(ticks.length >= i - first - 5, `ticks delivered up to the end (${ticks.length} of ${i - first})`);
  } finally {
    s.dispose();
    await sb.stop();
  }
});

test('tail from "5 minutes ago": what was written before is read once, in order, then live tail follows with none twice and no gap', async () => {
  const sb = await startSandbox({ port: 0, things: 0 });
  const s = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
  const group = '/contract/live-tail-backlog';
  try {
    await s.clients.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await s.clients.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'tick' }));
    const now = Date.now();
    const put = (timestamp: number, message: string) => s.clients.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'tick', logEvents: [{ timestamp, message }] }));
    await put(now - 10 * 60_000, 'too old');
    await put(now - 4 * 60_000, 'tick 0');
    await put(now - 60_000, 'tick 1');
    let i = 2;
    // Ticks keep coming while the tail starts, so some are written both before and after its session opens.
    const writer = (async () => {
      for (; i < 40; i++) {
        await put(Date.now(), `tick ${i}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const ac = new AbortController();
    const batches: LogBatch[] = [];
    let fallback: AwsError | undefined;
    const tail = (async () => {
      for await (const b of s.logs.tail([group], ac.signal, { since: now - 5 * 60_000, onFallback: (r) => { fallback = r; } })) {
        batches.push(b);
        if (b.events.some((e) => e.message === 'tick 39')) break;
      }
    })();
    await writer;
    await Promise.race([tail, new Promise((r) => setTimeout(r, 10_000))]);
    ac.abort();
    await tail;
    assert.equal(fallback, undefined, 'live tail was not refused');
    const messages = batches.flatMap((b) => b.events.map((e) => e.message));
    assert.ok(!messages.includes('too old'), 'nothing from before the start asked for');
    assert.deepEqual(messages, Array.from({ length: 40 }, (_, k) => `tick ${k}`), 'every tick once, in order, the backlog first');
    assert.equal(batches[0]!.source, 'polling', 'the backlog is read, not tailed');
    assert.ok(batches.some((b) => b.source === 'live-tail'), 'then live tail follows');
  } finally {
    s.dispose();
    await sb.stop();
  }
});
