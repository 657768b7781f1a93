// CloudWatch Logs through src/aws/logs against a real server. Log groups, streams and events are set up
// with the plain SDK (what a Lambda or the IoT rules engine would write); the layer finds the groups and
// tails them.
import { after, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsError, LogBatch, LogEvent, SdkSession } from '../../src/aws/index';
import { contract, isMoto, session, setupClients, target, unique } from './target';

let s: SdkSession;
let setup: ReturnType<typeof setupClients>;

before(() => {
  if (target.skip) return;
  s = session();
  setup = setupClients();
});

after(() => {
  s?.dispose();
  setup?.destroy();
});

async function createGroup(name: string, streams: string[]): Promise<void> {
  try {
    await setup.logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  } catch (e) {
    if ((e as Error).name !== 'ResourceAlreadyExistsException') throw e;
  }
  for (const logStreamName of streams) await setup.logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName }));
}

async function put(group: string, stream: string, events: { timestamp: number; message: string }[]): Promise<void> {
  await setup.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));
}

/** Reads batches until `count` events arrived or `ms` passed, then stops the tail. */
async function collect(iterable: AsyncIterable<LogBatch>, ac: AbortController, count: number, ms: number, onEvent?: (all: LogEvent[]) => void): Promise<{ events: LogEvent[]; batches: LogBatch[] }> {
  const events: LogEvent[] = [];
  const batches: LogBatch[] = [];
  const timer = setTimeout(() => ac.abort(), ms);
  try {
    for await (const batch of iterable) {
      batches.push(batch);
      events.push(...batch.events);
      onEvent?.(events);
      if (events.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  return { events, batches };
}

contract('findIntegrationLogGroups finds the integration groups and named extras that exist', async () => {
  const extra = unique('/contract/extra');
  await createGroup('/aws/lambda/CreateThing', []);
  await createGroup(extra, []);
  const found = await s.logs.findIntegrationLogGroups([extra, unique('/contract/missing')]);
  assert.ok(found.includes('/aws/lambda/CreateThing'));
  assert.ok(found.includes(extra));
  assert.equal(found.filter((g) => g.startsWith('/contract/missing')).length, 0, 'groups that do not exist are left out');
});

contract('polling (FilterLogEvents) delivers events of two streams in timestamp order, once each, then new ones', async () => {
  const group = unique('/aws/lambda/ContractPoll');
  await createGroup(group, ['a', 'b']);
  const t0 = Date.now() - 10_000;
  // Interleaved timestamps across two streams: a FilterLogEvents page may hold them stream by stream.
  await put(group, 'a', [0, 2, 4, 6].map((d) => ({ timestamp: t0 + d, message: `a${d}` })));
  await put(group, 'b', [1, 3, 5].map((d) => ({ timestamp: t0 + d, message: `b${d}` })));
  const ac = new AbortController();
  let putLater = false;
  const { events, batches } = await collect(s.logs.tail([group], ac.signal, { mode: 'polling', since: t0, pollIntervalMs: 100 }), ac, 9, 15_000, (all) => {
    if (!putLater && all.length >= 7) {
      putLater = true;
      // Arrives while polling: must show up once, after the first seven.
      void put(group, 'b', [{ timestamp: t0 + 7, message: 'b7' }, { timestamp: t0 + 8, message: 'b8' }]);
    }
  });
  assert.deepEqual(events.map((e) => e.message), ['a0', 'b1', 'a2', 'b3', 'a4', 'b5', 'a6', 'b7', 'b8']);
  assert.equal(new Set(events.map((e) => e.eventId)).size, events.length, 'no event twice');
  assert.ok(batches.every((b) => b.source === 'polling'));
  assert.deepEqual(events.map((e) => e.logStream), ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'b']);
  assert.ok(events.every((e) => e.logGroup === group));
});

contract('polling several groups interleaves them by timestamp', async () => {
  const g1 = unique('/aws/lambda/ContractG1');
  const g2 = unique('AWSIotLogsV2-contract');
  await createGroup(g1, ['s']);
  await createGroup(g2, ['s']);
  const t0 = Date.now() - 5_000;
  await put(g1, 's', [{ timestamp: t0 + 1, message: 'one' }, { timestamp: t0 + 3, message: 'three' }]);
  await put(g2, 's', [{ timestamp: t0 + 2, message: 'two' }]);
  const ac = new AbortController();
  const { events } = await collect(s.logs.tail([g1, g2], ac.signal, { mode: 'polling', since: t0, pollIntervalMs: 100 }), ac, 3, 10_000);
  assert.deepEqual(events.map((e) => `${e.logGroup === g1 ? 'g1' : 'g2'}:${e.message}`), ['g1:one', 'g2:two', 'g1:three']);
});

contract('tail in auto mode delivers new events: live tail where offered, else polling after a fallback', async () => {
  const group = unique('/aws/lambda/ContractAuto');
  await createGroup(group, ['s']);
  const ac = new AbortController();
  let fallback: AwsError | undefined;
  const iterable = s.logs.tail([group], ac.signal, { pollIntervalMs: 100, onFallback: (r) => { fallback = r; } });
  // Write after the tail has had time to start (live tail only shows events that arrive after it starts).
  const writer = (async () => {
    for (let i = 0; i < 20 && !ac.signal.aborted; i++) {
      await new Promise((r) => setTimeout(r, 250));
      await put(group, 's', [{ timestamp: Date.now(), message: `tick ${i}` }]);
    }
  })();
  const { events, batches } = await collect(iterable, ac, 3, 15_000);
  await writer;
  assert.ok(events.length >= 3, `events arrived (${events.length})`);
  assert.ok(events.every((e) => /^tick \d+$/.test(e.message) && e.logGroup === group));
  if (isMoto) {
    // moto has no StartLiveTail (HTTP 500): the layer must fall back to polling.
    assert.ok(fallback, 'fell back');
    assert.ok(batches.every((b) => b.source === 'polling'));
  } else {
    assert.equal(fallback, undefined, 'the sandbox offers live tail');
    assert.ok(batches.every((b) => b.source === 'live-tail'));
  }
});

contract('tail in auto mode from 5 minutes back: the events written before come first, once, in order, then new ones', async () => {
  const group = unique('/aws/lambda/ContractBacklog');
  await createGroup(group, ['s']);
  const now = Date.now();
  await put(group, 's', [
    { timestamp: now - 10 * 60_000, message: 'too old' },
    { timestamp: now - 4 * 60_000, message: 'before 0' },
    { timestamp: now - 2 * 60_000, message: 'before 1' },
    { timestamp: now - 1000, message: 'before 2' },
  ]);
  const ac = new AbortController();
  let fallback: AwsError | undefined;
  const iterable = s.logs.tail([group], ac.signal, { since: now - 5 * 60_000, pollIntervalMs: 100, onFallback: (r) => { fallback = r; } });
  let wrote = false;
  const { events, batches } = await collect(iterable, ac, 5, 15_000, (all) => {
    if (!wrote && all.length >= 3) {
      wrote = true;
      void (async () => {
        await new Promise((r) => setTimeout(r, 300));
        await put(group, 's', [{ timestamp: Date.now(), message: 'after 0' }]);
        await put(group, 's', [{ timestamp: Date.now() + 1, message: 'after 1' }]);
      })();
    }
  });
  assert.deepEqual(events.map((e) => e.message), ['before 0', 'before 1', 'before 2', 'after 0', 'after 1']);
  assert.equal(batches[0]!.source, 'polling', 'the backlog is read with FilterLogEvents');
  if (isMoto) assert.ok(fallback, 'moto has no live tail: polling from the start asked for');
  else {
    assert.equal(fallback, undefined, 'the sandbox offers live tail');
    assert.ok(batches.slice(1).some((b) => b.source === 'live-tail'), 'new events come by live tail');
  }
});
