// Live tail restarts and the fallback to polling, on a stubbed CloudWatch Logs client: a 3-hour session
// end, a dropped connection and an AccessDenied cannot be produced by a local server on demand.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  AccessDeniedException,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  SessionTimeoutException,
  StartLiveTailCommand,
  type FilteredLogEvent,
  type FilterLogEventsCommandInput,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsError, createSession, type LogBatch, type LogEvent } from '../../../src/aws/index';
import type { TailOptions } from '../../../src/aws/logs';

const spec = { kind: 'custom' as const, id: 't', label: 't', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 };
const GROUP = '/aws/lambda/Lwm2mOperation';
const ARN = `arn:aws:logs:us-east-1:123456789012:log-group:${GROUP}`;

function setup() {
  const s = createSession(spec);
  const logs = mockClient(s.clients.logs);
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: GROUP, arn: `${ARN}:*`, logGroupArn: ARN }] });
  const sleeps: number[] = [];
  const options: TailOptions = { sleep: async (ms) => { sleeps.push(ms); }, pollIntervalMs: 10, backoffMs: 100 };
  return { s, logs, sleeps, options };
}

function update(messages: string[], t = 1_000): StartLiveTailResponseStream {
  return { sessionUpdate: { sessionMetadata: { sampled: false }, sessionResults: messages.map((message, i) => ({ logGroupIdentifier: ARN, logStreamName: '2026/11/25/[$LATEST]abc', message, timestamp: t + i, ingestionTime: t + i })) } };
}

async function* stream(items: (StartLiveTailResponseStream | Error)[]): AsyncGenerator<StartLiveTailResponseStream> {
  for (const item of items) {
    await new Promise((r) => setImmediate(r));
    if (item instanceof Error) throw item;
    yield item;
  }
}

async function take(iterable: AsyncIterable<LogBatch>, ac: AbortController, n: number): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  for await (const batch of iterable) {
    events.push(...batch.events);
    if (events.length >= n) { ac.abort(); break; }
  }
  return events;
}

test('live tail: events arrive in batches with the group name; the session is restarted when it ends (3 h limit)', async () => {
  const { s, logs, sleeps, options } = setup();
  const restarts: unknown[] = [];
  logs.on(StartLiveTailCommand)
    .resolvesOnce({ responseStream: stream([{ sessionStart: { sessionId: 'one' } }, update(['a', 'b']), new SessionTimeoutException({ message: 'Session timed out', $metadata: {} })]) })
    .resolvesOnce({ responseStream: stream([{ sessionStart: { sessionId: 'two' } }, update(['c'])]) })
    .resolves({ responseStream: stream([{ sessionStart: { sessionId: 'three' } }, update(['d'])]) });
  const ac = new AbortController();
  const batches: LogBatch[] = [];
  for await (const b of s.logs.tail([GROUP], ac.signal, { ...options, onRestart: (r) => restarts.push(r) })) {
    batches.push(b);
    if (batches.length === 3) { ac.abort(); }
  }
  assert.deepEqual(batches.map((b) => b.events.map((e) => e.message)), [['a', 'b'], ['c'], ['d']]);
  assert.ok(batches.every((b) => b.source === 'live-tail'));
  assert.equal(batches[0].events[0].logGroup, GROUP, 'reported under the group name, not its ARN');
  assert.equal(new Set(batches.flatMap((b) => b.events.map((e) => e.eventId))).size, 4);
  assert.deepEqual(restarts, ['session-ended', 'session-ended']);
  assert.deepEqual(sleeps, [], 'an ended session restarts at once');
  const input = logs.commandCalls(StartLiveTailCommand)[0].args[0].input;
  assert.deepEqual(input.logGroupIdentifiers, [ARN], 'live tail is given ARNs');
  s.dispose();
});

test('live tail: a dropped connection restarts with growing backoff, reset once events flow again', async () => {
  const { s, logs, sleeps, options } = setup();
  const drop = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  logs.on(StartLiveTailCommand)
    .resolvesOnce({ responseStream: stream([{ sessionStart: {} }, update(['a']), drop]) })
    .rejectsOnce(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
    .rejectsOnce(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
    .resolves({ responseStream: stream([{ sessionStart: {} }, update(['b'])]) });
  const ac = new AbortController();
  const events = await take(s.logs.tail([GROUP], ac.signal, options), ac, 2);
  assert.deepEqual(events.map((e) => e.message), ['a', 'b']);
  assert.equal(sleeps.length, 3);
  assert.ok(sleeps[0] >= 50 && sleeps[0] <= 100, `first backoff ~100 ms (${sleeps[0]})`);
  assert.ok(sleeps[2] >= 200 && sleeps[2] <= 400, `third backoff ~400 ms (${sleeps[2]})`);
  s.dispose();
});

test('live tail refused (AccessDenied) → polling takes over, and the user is told why', async () => {
  const { s, logs, options } = setup();
  logs.on(StartLiveTailCommand).rejects(new AccessDeniedException({ message: 'User: arn:aws:iam::1:user/u is not authorized to perform: logs:StartLiveTail on resource: x', $metadata: { httpStatusCode: 400 } }));
  logs.on(FilterLogEventsCommand).resolves({ events: [{ eventId: 'e1', timestamp: Date.now() + 1000, message: 'polled', logStreamName: 's' }] });
  let reason: AwsError | undefined;
  const ac = new AbortController();
  const batches: LogBatch[] = [];
  for await (const b of s.logs.tail([GROUP], ac.signal, { ...options, onFallback: (r) => { reason = r; } })) {
    batches.push(b);
    ac.abort();
  }
  assert.equal(reason?.kind, 'access-denied');
  assert.equal(reason?.deniedAction, 'logs:StartLiveTail');
  assert.equal(batches[0].source, 'polling');
  assert.equal(batches[0].events[0].message, 'polled');
  assert.equal(logs.commandCalls(StartLiveTailCommand).length, 1, 'a refusal is not retried');
  s.dispose();
});

test('live tail not offered by the endpoint (moto: HTTP 500 page) → polling', async () => {
  const { s, logs, options } = setup();
  const html = Object.assign(new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON'), { $metadata: { httpStatusCode: 500 } });
  logs.on(StartLiveTailCommand).rejects(html);
  logs.on(FilterLogEventsCommand).resolves({ events: [{ eventId: 'e1', timestamp: Date.now() + 1000, message: 'polled' }] });
  const ac = new AbortController();
  let fellBack = false;
  const events = await take(s.logs.tail([GROUP], ac.signal, { ...options, onFallback: () => { fellBack = true; } }), ac, 1);
  assert.ok(fellBack);
  assert.equal(events[0].message, 'polled');
  s.dispose();
});

test('mode "live-tail" surfaces the refusal instead of polling; expired credentials end the tail', async () => {
  const { s, logs, options } = setup();
  logs.on(StartLiveTailCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 400 } }));
  await assert.rejects(take(s.logs.tail([GROUP], new AbortController().signal, { ...options, mode: 'live-tail' }), new AbortController(), 1), (e: unknown) => e instanceof AwsError && e.kind === 'access-denied');
  logs.on(StartLiveTailCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } }));
  await assert.rejects(take(s.logs.tail([GROUP], new AbortController().signal, options), new AbortController(), 1), (e: unknown) => e instanceof AwsError && e.kind === 'credentials');
  s.dispose();
});

test('polling: no repeats across overlapping polls, late events filled in, streams interleaved by time', async () => {
  const { s, logs, options } = setup();
  const since = 1_000_000;
  const ev = (id: string, timestamp: number, stream: string): FilteredLogEvent => ({ eventId: id, timestamp, message: id, logStreamName: stream, ingestionTime: timestamp });
  // What the server holds, poll by poll: events appear over time, one arrives late (older timestamp).
  const rounds: FilteredLogEvent[][] = [
    [ev('a1', since + 10, 'a'), ev('a2', since + 30, 'a'), ev('b1', since + 20, 'b')],
    [ev('a1', since + 10, 'a'), ev('a2', since + 30, 'a'), ev('b1', since + 20, 'b'), ev('b2', since + 40, 'b')],
    [ev('a1', since + 10, 'a'), ev('a2', since + 30, 'a'), ev('b1', since + 20, 'b'), ev('b2', since + 40, 'b'), ev('late', since + 25, 'c'), ev('a3', since + 50, 'a')],
  ];
  const inputs: FilterLogEventsCommandInput[] = [];
  let round = 0;
  logs.on(FilterLogEventsCommand).callsFake((input: FilterLogEventsCommandInput) => {
    inputs.push(input);
    const all = rounds[Math.min(round, rounds.length - 1)].filter((e) => (e.timestamp ?? 0) >= (input.startTime ?? 0));
    // Two pages per poll, stream by stream (not interleaved), as moto answers.
    const byStream = [...all].sort((x, y) => (x.logStreamName ?? '').localeCompare(y.logStreamName ?? ''));
    const half = Math.ceil(byStream.length / 2);
    if (!input.nextToken) return { events: byStream.slice(0, half), nextToken: byStream.length > half ? 'p2' : undefined };
    round++;
    return { events: byStream.slice(half) };
  });
  const ac = new AbortController();
  const batches: LogBatch[] = [];
  for await (const b of s.logs.tail([GROUP], ac.signal, { ...options, mode: 'polling', since, filterPattern: 'ERROR' })) {
    batches.push(b);
    if (batches.length === 3) ac.abort();
  }
  assert.deepEqual(batches.map((b) => b.events.map((e) => e.eventId)), [['a1', 'b1', 'a2'], ['b2'], ['late', 'a3']]);
  assert.ok(inputs.every((i) => i.filterPattern === 'ERROR' && i.logGroupName === GROUP));
  assert.ok(inputs.every((i) => (i.startTime ?? 0) >= since), 'never asks for events before `since`');
  s.dispose();
});

test('polling: throttling and network errors are waited out; access denied ends the tail', async () => {
  const { s, logs, sleeps, options } = setup();
  logs.on(FilterLogEventsCommand)
    .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
    .rejectsOnce(Object.assign(new Error('getaddrinfo ENOTFOUND logs'), { code: 'ENOTFOUND' }))
    .resolvesOnce({ events: [{ eventId: 'x', timestamp: Date.now() + 5_000, message: 'after the storm' }] })
    .rejects(new AccessDeniedException({ message: 'User: u is not authorized to perform: logs:FilterLogEvents on resource: g', $metadata: { httpStatusCode: 400 } }));
  const seen: string[] = [];
  await assert.rejects(async () => {
    for await (const b of s.logs.tail([GROUP], new AbortController().signal, { ...options, mode: 'polling' })) seen.push(...b.events.map((e) => e.message));
  }, (e: unknown) => e instanceof AwsError && e.kind === 'access-denied' && e.deniedAction === 'logs:FilterLogEvents');
  assert.deepEqual(seen, ['after the storm']);
  assert.equal(sleeps.length, 3, 'two backoffs, one poll interval');
  s.dispose();
});

test('live tail: after a drop, what was written in between is read with FilterLogEvents, none twice', async () => {
  const { s, logs, options } = setup();
  const t = Date.now();
  const ev = (message: string, timestamp: number) => ({ logGroupIdentifier: ARN, logStreamName: 's', message, timestamp, ingestionTime: timestamp });
  const drop = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  logs.on(StartLiveTailCommand)
    .resolvesOnce({ responseStream: stream([{ sessionStart: {} }, { sessionUpdate: { sessionResults: [ev('a', t + 1), ev('b', t + 2)] } }, drop]) })
    .resolves({ responseStream: stream([{ sessionStart: {} }, { sessionUpdate: { sessionResults: [ev('d', t + 4), ev('e', t + 5)] } }]) });
  // While no session was open: c was written; b is seen again (same millisecond as the newest
  // delivered event) and d arrived after the new session opened, so both sources hold it.
  logs.on(FilterLogEventsCommand).resolves({ events: [
    { eventId: '2', logStreamName: 's', message: 'b', timestamp: t + 2 },
    { eventId: '3', logStreamName: 's', message: 'c', timestamp: t + 3 },
    { eventId: '4', logStreamName: 's', message: 'd', timestamp: t + 4 },
  ] });
  const ac = new AbortController();
  const batches: LogBatch[] = [];
  for await (const b of s.logs.tail([GROUP], ac.signal, options)) {
    batches.push(b);
    if (b.events.some((e) => e.message === 'e')) ac.abort();
  }
  assert.deepEqual(batches.map((b) => [b.source, b.events.map((e) => e.message).join('')]), [['live-tail', 'ab'], ['polling', 'cd'], ['live-tail', 'e']]);
  const gapCall = logs.commandCalls(FilterLogEventsCommand)[0].args[0].input;
  assert.equal(gapCall.startTime, t + 2, 'from the newest event delivered');
  assert.equal(gapCall.logGroupIdentifier, ARN);
  s.dispose();
});

test('live tail gap: an event the backfill delivered is not delivered again, even when stamped after the backfill ended', async () => {
  const { LiveTailGap } = await import('../../../src/aws/liveTailGap');
  const s = createSession(spec);
  const logs = mockClient(s.clients.logs);
  const now = Date.now();
  // A producer's clock ahead of ours: the event is stamped a second after the backfill's endTime.
  const ahead = { eventId: '9', logStreamName: 's', message: 'ahead', timestamp: now + 1000 };
  logs.on(FilterLogEventsCommand).resolves({ events: [ahead] });
  const gap = new LiveTailGap(s.clients.logs, [{ name: GROUP, arn: ARN }], undefined);
  gap.started(now - 10);
  const filled = await gap.backfill(new AbortController().signal);
  assert.deepEqual(filled.map((e) => e.message), ['ahead']);
  const again = gap.deliver([{ eventId: 'live', logGroup: GROUP, logStream: 's', timestamp: ahead.timestamp, message: 'ahead' }]);
  assert.deepEqual(again, [], 'the new session repeated an event the backfill had delivered');
  s.dispose();
});

test('live tail from a start in the past: the backlog from `since` comes first, an event both hold is delivered once', async () => {
  const { s, logs, options } = setup();
  const t = Date.now();
  const since = t - 5 * 60_000;
  const ev = (message: string, timestamp: number) => ({ logGroupIdentifier: ARN, logStreamName: 's', message, timestamp, ingestionTime: timestamp });
  // c was written after the session opened and before the backlog was read: both hold it.
  logs.on(StartLiveTailCommand).resolves({ responseStream: stream([{ sessionStart: {} }, { sessionUpdate: { sessionResults: [ev('c', t + 5), ev('d', t + 6)] } }]) });
  logs.on(FilterLogEventsCommand).resolves({ events: [
    { eventId: '1', logStreamName: 's', message: 'a', timestamp: since + 1000 },
    { eventId: '2', logStreamName: 's', message: 'b', timestamp: t - 1000 },
    { eventId: '3', logStreamName: 's', message: 'c', timestamp: t + 5 },
  ] });
  const ac = new AbortController();
  const batches: LogBatch[] = [];
  for await (const b of s.logs.tail([GROUP], ac.signal, { ...options, since })) {
    batches.push(b);
    if (b.events.some((e) => e.message === 'd')) ac.abort();
  }
  assert.deepEqual(batches.map((b) => [b.source, b.events.map((e) => e.message).join('')]), [['polling', 'abc'], ['live-tail', 'd']]);
  const backlogCall = logs.commandCalls(FilterLogEventsCommand)[0].args[0].input;
  assert.equal(backlogCall.startTime, since, 'from the start asked for');
  s.dispose();
});

test('live tail from a start in the past without logs:FilterLogEvents: the user is told, live events still come', async () => {
  const { s, logs, options } = setup();
  const t = Date.now();
  logs.on(StartLiveTailCommand).resolves({ responseStream: stream([{ sessionStart: {} }, update(['live'], t)]) });
  logs.on(FilterLogEventsCommand).rejects(new AccessDeniedException({ message: 'User: arn:aws:iam::1:user/u is not authorized to perform: logs:FilterLogEvents on resource: x', $metadata: { httpStatusCode: 400 } }));
  let reason: AwsError | undefined;
  const ac = new AbortController();
  const events = await take(s.logs.tail([GROUP], ac.signal, { ...options, since: t - 60_000, onBacklogError: (r) => { reason = r; } }), ac, 1);
  assert.deepEqual(events.map((e) => e.message), ['live']);
  assert.equal(reason?.kind, 'access-denied');
  assert.equal(reason?.deniedAction, 'logs:FilterLogEvents');
  s.dispose();
});

test('live tail from a start in the past with more pages than are read: the newest lines are shown, whole back to a point, and the user is told what was not', async () => {
  const { MAX_GAP_PAGES } = await import('../../../src/aws/liveTailGap');
  const { s, logs, options } = setup();
  const t = Date.now();
  const since = t - 10 * 60_000;
  // 60 events over the last ten minutes, one per FilterLogEvents page (as a busy group pages on AWS);
  // the newest is the refusal the user is looking for.
  const written: FilteredLogEvent[] = Array.from({ length: 60 }, (_, i) => ({
    eventId: `e${i}`, logStreamName: 's', timestamp: since + 5_000 + i * 9_000, message: i === 59 ? 'refused: status 400' : `line ${i}`,
  }));
  const inputs: FilterLogEventsCommandInput[] = [];
  logs.on(FilterLogEventsCommand).callsFake((input: FilterLogEventsCommandInput) => {
    inputs.push(input);
    const inWindow = written.filter((e) => e.timestamp! >= input.startTime! && e.timestamp! <= input.endTime!);
    const at = Number(input.nextToken ?? 0);
    return { events: inWindow.slice(at, at + 1), ...(at + 1 < inWindow.length ? { nextToken: String(at + 1) } : {}) };
  });
  logs.on(StartLiveTailCommand).resolves({ responseStream: stream([{ sessionStart: {} }, update(['live'], t + 1)]) });
  const omissions: { logGroup: string; from: number; to: number; pages: number }[] = [];
  const ac = new AbortController();
  const batches: LogBatch[] = [];
  for await (const b of s.logs.tail([GROUP], ac.signal, { ...options, since, onOlderNotShown: (o) => omissions.push(o) })) {
    batches.push(b);
    if (b.events.some((e) => e.message === 'live')) ac.abort();
  }
  const backlog = batches[0].events;
  assert.equal(batches[0].source, 'polling');
  assert.equal(backlog.at(-1)?.message, 'refused: status 400', 'the newest line is shown');
  assert.equal(omissions.length, 1, 'the user is told lines were left out');
  const [o] = omissions;
  assert.equal(o.logGroup, GROUP);
  assert.equal(o.from, since);
  assert.equal(o.pages, MAX_GAP_PAGES);
  // Shown: every line from `to` on, none before it (no hole in the middle).
  assert.deepEqual(backlog.map((e) => e.message), written.filter((e) => e.timestamp! >= o.to).map((e) => e.message));
  assert.ok(backlog.length >= MAX_GAP_PAGES / 2, `${backlog.length} lines shown`);
  assert.ok(inputs.length <= 2 * MAX_GAP_PAGES, `${inputs.length} FilterLogEvents calls`);
  assert.deepEqual(batches.at(-1)?.events.map((e) => e.message), ['live']);
  s.dispose();
});

test('live tail gap: de-dup keys are kept only for backlog events near the session start, and dropped once the session is past them', async () => {
  const { LiveTailGap, DEDUP_SKEW_MS } = await import('../../../src/aws/liveTailGap');
  const s = createSession(spec);
  const logs = mockClient(s.clients.logs);
  const t = 1_800_000_000_000;
  let now = t;
  const old = Array.from({ length: 1000 }, (_, i): FilteredLogEvent => ({ eventId: `o${i}`, logStreamName: 's', message: `old ${i}`, timestamp: t - 30 * 60_000 + i * 1000 }));
  const recent: FilteredLogEvent = { eventId: 'r', logStreamName: 's', message: 'recent', timestamp: t - 10_000 };
  logs.on(FilterLogEventsCommand).resolves({ events: [...old, recent] });
  const gap = new LiveTailGap(s.clients.logs, [{ name: GROUP, arn: ARN }], undefined, () => now);
  gap.started(t - 60 * 60_000);
  const filled = await gap.backfill(new AbortController().signal);
  assert.equal(filled.length, 1001, 'the whole backlog is shown');
  assert.equal(gap.dedupKeys, 1, 'only the event the new session may repeat is remembered');
  now += 2_000;
  assert.deepEqual(gap.deliver([{ eventId: 'l1', logGroup: GROUP, logStream: 's', timestamp: recent.timestamp!, message: 'recent' }]), [], 'its repeat is still dropped');
  now += DEDUP_SKEW_MS;
  const later = gap.deliver([{ eventId: 'l2', logGroup: GROUP, logStream: 's', timestamp: now, message: 'later' }]);
  assert.deepEqual(later.map((e) => e.message), ['later']);
  assert.equal(gap.dedupKeys, 0, 'the session is past them: forgotten');
  s.dispose();
});

test('live tail: a gap fill after a restart that fails is reported, and the tail goes on', async () => {
  const { s, logs, options } = setup();
  const t = Date.now();
  const ev = (message: string, timestamp: number) => ({ logGroupIdentifier: ARN, logStreamName: 's', message, timestamp, ingestionTime: timestamp });
  const drop = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  logs.on(StartLiveTailCommand)
    .resolvesOnce({ responseStream: stream([{ sessionStart: {} }, { sessionUpdate: { sessionResults: [ev('a', t + 1)] } }, drop]) })
    .resolves({ responseStream: stream([{ sessionStart: {} }, { sessionUpdate: { sessionResults: [ev('c', t + 3)] } }]) });
  logs.on(FilterLogEventsCommand).rejects(new AccessDeniedException({ message: 'User: u is not authorized to perform: logs:FilterLogEvents on resource: g', $metadata: { httpStatusCode: 400 } }));
  const gapErrors: AwsError[] = [];
  const ac = new AbortController();
  const events = await take(s.logs.tail([GROUP], ac.signal, { ...options, onGapError: (r) => gapErrors.push(r) }), ac, 2);
  assert.deepEqual(events.map((e) => e.message), ['a', 'c']);
  assert.equal(gapErrors.length, 1, 'the lines written while reconnecting are missing: the user must hear it');
  assert.equal(gapErrors[0]?.deniedAction, 'logs:FilterLogEvents');
  s.dispose();
});

test('live tail: one event stamped an hour ahead does not stop the gap fill, nor is it delivered twice', async () => {
  const { s, logs, options } = setup();
  const t = Date.now();
  const hourAhead = t + 3_600_000;
  const ev = (message: string, timestamp: number) => ({ logGroupIdentifier: ARN, logStreamName: 's', message, timestamp, ingestionTime: t });
  const drop = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  logs.on(StartLiveTailCommand)
    .resolvesOnce({ responseStream: stream([{ sessionStart: {} }, { sessionUpdate: { sessionResults: [ev('a', t - 5), ev('future', hourAhead)] } }, drop]) })
    .resolves({ responseStream: stream([{ sessionStart: {} }, { sessionUpdate: { sessionResults: [ev('d', Date.now() + 50)] } }]) });
  // The server answers a gap read as CloudWatch does: events within [startTime, endTime], none when start > end.
  // `gap` was written while no session was open, just before the new one started.
  logs.on(FilterLogEventsCommand).callsFake((input: FilterLogEventsCommandInput) => {
    const held = [
      { eventId: '1', logStreamName: 's', message: 'a', timestamp: t - 5 },
      { eventId: '2', logStreamName: 's', message: 'gap', timestamp: input.endTime ?? Date.now() },
      { eventId: '3', logStreamName: 's', message: 'future', timestamp: hourAhead },
    ];
    return { events: held.filter((e) => e.timestamp >= (input.startTime ?? 0) && e.timestamp <= (input.endTime ?? Infinity)) };
  });
  const ac = new AbortController();
  const batches: LogBatch[] = [];
  for await (const b of s.logs.tail([GROUP], ac.signal, options)) {
    batches.push(b);
    if (b.events.some((e) => e.message === 'd')) ac.abort();
  }
  assert.deepEqual(batches.map((b) => b.events.map((e) => e.message).join(',')), ['a,future', 'gap', 'd']);
  const gapCall = logs.commandCalls(FilterLogEventsCommand)[0].args[0].input;
  assert.ok((gapCall.startTime ?? Infinity) <= (gapCall.endTime ?? 0), `the gap read starts before it ends: ${gapCall.startTime} > ${gapCall.endTime}`);
  s.dispose();
});

test('polling: one event stamped an hour ahead does not stop later polls from delivering new events', async () => {
  const { s, logs, options } = setup();
  const since = Date.now() - 10_000;
  const polls: FilteredLogEvent[][] = [
    [{ eventId: 'future', timestamp: Date.now() + 3_600_000, message: 'future' }],
    [{ eventId: 'now', timestamp: Date.now() - 1000, message: 'now' }],
  ];
  let poll = 0;
  const ac = new AbortController();
  logs.on(FilterLogEventsCommand).callsFake((input: FilterLogEventsCommandInput) => {
    if (++poll > 5) ac.abort(); // enough polls to have seen it
    const held = polls.slice(0, poll).flat();
    return { events: held.filter((e) => (e.timestamp ?? 0) >= (input.startTime ?? 0)) };
  });
  const seen: string[] = [];
  for await (const b of s.logs.tail([GROUP], ac.signal, { ...options, mode: 'polling', since })) {
    seen.push(...b.events.map((e) => e.message));
    if (seen.includes('now')) ac.abort();
  }
  assert.deepEqual(seen, ['future', 'now']);
  s.dispose();
});
