// CloudWatch Logs in the sandbox, driven by the real @aws-sdk/client-cloudwatch-logs, including
// StartLiveTail read as an event stream with `for await`.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateLogGroupCommand, CreateLogStreamCommand, DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand,
  GetLogEventsCommand, InvalidParameterException, PutLogEventsCommand, ResourceAlreadyExistsException, ResourceNotFoundException,
  StartLiveTailCommand, type LiveTailSessionLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { sandboxWithClients, type Clients } from './sdkClients';

describe('sandbox CloudWatch Logs (real SDK)', () => {
  let c: Clients;
  const G = '/test/app';
  before(async () => {
    c = await sandboxWithClients({ things: 25 });
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: G }));
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'a' }));
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'b' }));
    const t = Date.now() - 60000;
    await c.logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: 'a', logEvents: [0, 2, 4].map((i) => ({ timestamp: t + i, message: `a${i} ${i % 4 ? 'Error: bad' : 'ok'}` })) }));
    await c.logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: 'b', logEvents: [1, 3, 5].map((i) => ({ timestamp: t + i, message: `b${i} ok` })) }));
  });
  after(() => c.close());

  test("the integration's log groups exist, with the CreateThing Lambda's lines for recently created devices", async () => {
    const r = await c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    const names = r.logGroups!.map((g) => g.logGroupName);
    assert.deepEqual(names, ['/aws/lambda/CertificateLambda', '/aws/lambda/CreateThing', '/aws/lambda/Lwm2mOperation']);
    assert.match(r.logGroups![1].arn!, /^arn:aws:logs:us-east-1:\d{12}:log-group:\/aws\/lambda\/CreateThing:\*$/);
    const ev = await c.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/CreateThing', filterPattern: '"Created thing "' }));
    assert.ok(ev.events!.length > 0);
    const all = await c.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/CreateThing', limit: 5 }));
    assert.match(all.events![0].message!, /^(INIT_START|START RequestId: [0-9a-f-]{36} Version: \$LATEST)/);
  });

  test('create twice is ResourceAlreadyExistsException; unknown group is ResourceNotFoundException', async () => {
    await assert.rejects(c.logs.send(new CreateLogGroupCommand({ logGroupName: G })), ResourceAlreadyExistsException);
    await assert.rejects(c.logs.send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: 'a' })), ResourceAlreadyExistsException);
    await assert.rejects(c.logs.send(new FilterLogEventsCommand({ logGroupName: '/nope' })), ResourceNotFoundException);
    await assert.rejects(c.logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: 'zz', logEvents: [{ timestamp: Date.now(), message: 'x' }] })), ResourceNotFoundException);
    await assert.rejects(
      c.logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: 'a', logEvents: [{ timestamp: Date.now(), message: 'x' }, { timestamp: Date.now() - 1000, message: 'y' }] })),
      InvalidParameterException,
    );
  });

  test('FilterLogEvents interleaves streams by time, pages with nextToken and matches filter terms', async () => {
    const p1 = await c.logs.send(new FilterLogEventsCommand({ logGroupName: G, limit: 4 }));
    assert.deepEqual(p1.events!.map((e) => e.message!.split(' ')[0]), ['a0', 'b1', 'a2', 'b3']);
    assert.ok(p1.nextToken);
    const p2 = await c.logs.send(new FilterLogEventsCommand({ logGroupName: G, limit: 4, nextToken: p1.nextToken }));
    assert.deepEqual(p2.events!.map((e) => e.message!.split(' ')[0]), ['a4', 'b5']);
    assert.equal(p2.nextToken, undefined);
    const errors = await c.logs.send(new FilterLogEventsCommand({ logGroupName: G, filterPattern: 'Error' }));
    assert.deepEqual(errors.events!.map((e) => e.message), ['a2 Error: bad']);
    const either = await c.logs.send(new FilterLogEventsCommand({ logGroupName: G, filterPattern: '?a4 ?b5' }));
    assert.equal(either.events!.length, 2);
    const onlyB = await c.logs.send(new FilterLogEventsCommand({ logGroupName: G, logStreamNamePrefix: 'b' }));
    assert.ok(onlyB.events!.every((e) => e.logStreamName === 'b'));
    assert.equal(onlyB.events!.length, 3);
  });

  test('DescribeLogStreams and GetLogEvents (from head and from the tail, with forward tokens)', async () => {
    const s = await c.logs.send(new DescribeLogStreamsCommand({ logGroupName: G, orderBy: 'LastEventTime', descending: true }));
    assert.deepEqual(s.logStreams!.map((x) => x.logStreamName), ['b', 'a']);
    const head = await c.logs.send(new GetLogEventsCommand({ logGroupName: G, logStreamName: 'a', startFromHead: true, limit: 2 }));
    assert.deepEqual(head.events!.map((e) => e.message!.split(' ')[0]), ['a0', 'a2']);
    const next = await c.logs.send(new GetLogEventsCommand({ logGroupName: G, logStreamName: 'a', nextToken: head.nextForwardToken }));
    assert.deepEqual(next.events!.map((e) => e.message!.split(' ')[0]), ['a4']);
    const tail = await c.logs.send(new GetLogEventsCommand({ logGroupName: G, logStreamName: 'a', limit: 1 }));
    assert.deepEqual(tail.events!.map((e) => e.message!.split(' ')[0]), ['a4']);
  });

  test('StartLiveTail streams sessionStart then sessionUpdate frames the SDK reads, with new matching events', async () => {
    const arn = (await c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: G }))).logGroups![0].logGroupArn!;
    const abort = new AbortController();
    const out = await c.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn], logEventFilterPattern: 'live' }), { abortSignal: abort.signal });
    const seen: LiveTailSessionLogEvent[] = [];
    let started = false;
    let updates = 0;
    const writer = setInterval(() => {
      void c.logs.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: 'b', logEvents: [{ timestamp: Date.now(), message: 'live one' }, { timestamp: Date.now(), message: 'skipped' }] }));
    }, 20);
    try {
      for await (const item of out.responseStream!) {
        if (item.sessionStart) {
          started = true;
          assert.deepEqual(item.sessionStart.logGroupIdentifiers, [arn]);
        }
        if (item.sessionUpdate) {
          updates++;
          seen.push(...(item.sessionUpdate.sessionResults ?? []));
          if (seen.length >= 2) break;
        }
      }
    } finally {
      clearInterval(writer);
      abort.abort();
    }
    assert.ok(started, 'sessionStart first');
    assert.ok(updates >= 1);
    assert.ok(seen.every((e) => e.message === 'live one' && e.logStreamName === 'b' && e.logGroupIdentifier === arn && typeof e.timestamp === 'number'));
  });

  test('StartLiveTail refuses log group names (ARNs are required) and more than 10 groups', async () => {
    await assert.rejects(c.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [G] })), InvalidParameterException);
    const arn = `arn:aws:logs:us-east-1:123456789012:log-group:${G}`;
    await assert.rejects(c.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: Array(11).fill(arn) })), InvalidParameterException);
    await assert.rejects(c.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: ['arn:aws:logs:us-east-1:123456789012:log-group:/nope'] })), ResourceNotFoundException);
  });

  test('stop() ends an open live tail stream', async () => {
    const other = await sandboxWithClients({ things: 1 });
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:AWSIotLogsV2';
    const out = await other.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn] }));
    const reading = (async () => {
      let n = 0;
      try {
        for await (const _ of out.responseStream!) n++;
      } catch {
        // the connection closing may surface as an error: either way the loop ends
      }
      return n;
    })();
    await new Promise((r) => setTimeout(r, 50));
    await other.close();
    assert.ok((await reading) >= 1);
  });
});
