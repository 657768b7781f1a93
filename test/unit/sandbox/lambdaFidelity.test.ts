// The sandbox's Lwm2mOperation Lambda against the case table derived from the deployed function, driven
// as a user drives it (an update of the operation shadow through the real SDK) and checked where a user
// looks: the CloudWatch lines of /aws/lambda/Lwm2mOperation (read with the real SDK) and the task
// Coiote DM received (the sandbox-only task log group).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { GetThingShadowCommand, UpdateThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import { FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { TASK_LOG_GROUP } from '../../../src/sandbox/lambda';
import { LAMBDA_CASES, type LambdaCase } from '../lambdaCases';
import { eventually, parsePayload, sandboxWithClients, type Clients } from './sdkClients';

const GROUP = '/aws/lambda/Lwm2mOperation';

describe('sandbox: the Lwm2mOperation Lambda logs and schedules what the deployed one does (real SDK)', () => {
  let c: Clients;
  let thing: string;
  before(async () => {
    c = await sandboxWithClients({ things: 8, seed: 5, timeScale: 0.001, taskLog: true });
    thing = c.sb.fleet.find((d) => d.connectivity === 'online' && !d.autoNotify)!.thingName;
  });
  after(() => c.close());

  const allEvents = async (logGroupName: string): Promise<FilteredLogEvent[]> => {
    const out: FilteredLogEvent[] = [];
    let nextToken: string | undefined;
    do {
      const r = await c.logs.send(new FilterLogEventsCommand({ logGroupName, nextToken }));
      out.push(...(r.events ?? []));
      nextToken = r.nextToken;
    } while (nextToken);
    return out;
  };

  /** Each invocation attempt: its request ID and the function's own events between START and END. */
  const attempts = async (): Promise<{ requestId: string; lines: string[]; report: boolean }[]> => {
    const byStream = new Map<string, FilteredLogEvent[]>();
    for (const e of await allEvents(GROUP)) byStream.set(e.logStreamName!, [...(byStream.get(e.logStreamName!) ?? []), e]);
    const out: { requestId: string; lines: string[]; report: boolean }[] = [];
    for (const events of byStream.values()) {
      let cur: { requestId: string; lines: string[]; report: boolean } | undefined;
      for (const e of events) {
        const m = e.message!;
        const start = /^START RequestId: (\S+) Version: \$LATEST\n$/.exec(m);
        if (start) cur = { requestId: start[1], lines: [], report: false };
        else if (cur && m === `END RequestId: ${cur.requestId}\n`) out.push(cur);
        else if (cur && m.startsWith(`REPORT RequestId: ${cur.requestId}\t`)) cur.report = /\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t(Init Duration: [\d.]+ ms\t)?\n$/.test(m);
        else if (cur && !m.startsWith('INIT_START ')) cur.lines.push(m);
      }
    }
    return out;
  };

  const tasks = async (): Promise<Record<string, any>[]> => (await allEvents(TASK_LOG_GROUP)).map((e) => JSON.parse(e.message!)); // eslint-disable-line @typescript-eslint/no-explicit-any

  const publish = async (thingName: string, desiredText: string) =>
    c.data.send(new UpdateThingShadowCommand({ thingName, shadowName: 'operation', payload: Buffer.from(`{"state":{"desired":${desiredText}}}`) }));

  const expectedLines = (want: LambdaCase['lambda']): string[] => {
    if (want.kind === 'refused') return [`${want.line}\n`];
    if (want.kind === 'crash') {
      const trace = want.frames.map(([line, fn]) => `\u00a0\u00a0File "/var/task/lambda_function.py", line ${line}, in ${fn}`);
      return [[`[ERROR] ${want.type}: ${want.message}`, 'Traceback (most recent call last):', ...trace].join('\n')];
    }
    return [];
  };

  test('the case table is the one the core suite checks (at least 60 cases)', () => assert.ok(LAMBDA_CASES.length >= 60));

  for (const k of LAMBDA_CASES) {
    test(k.id, async () => {
      const target = k.thing ?? thing;
      const seen = new Set((await attempts()).map((a) => a.requestId));
      const tasksBefore = (await tasks()).length;
      await publish(target, k.desired);
      const want = k.lambda;
      if (want.kind === 'not-invoked') {
        await new Promise((r) => setTimeout(r, 150));
        assert.deepEqual((await attempts()).filter((a) => !seen.has(a.requestId)), [], 'no invocation');
        return;
      }
      const times = want.kind === 'crash' ? 3 : 1;
      const mine = await eventually(async () => {
        const fresh = (await attempts()).filter((a) => !seen.has(a.requestId));
        return fresh.length >= times ? fresh : undefined;
      }, `${times} attempt(s) of ${k.id}`, 5000);
      assert.equal(mine.length, times, 'attempts');
      assert.equal(new Set(mine.map((a) => a.requestId)).size, 1, 'retries keep the request ID');
      for (const a of mine) {
        assert.deepEqual(a.lines, expectedLines(want));
        assert.ok(a.report, 'a REPORT line closes each attempt');
      }
      const newTasks = (await tasks()).slice(tasksBefore);
      if (want.kind !== 'task') return assert.deepEqual(newTasks, [], 'nothing reaches Coiote DM');
      assert.equal(newTasks.length, 1);
      const t = newTasks[0];
      assert.equal(t.requestId, mine[0].requestId);
      assert.equal(t.templateName, want.template);
      const p = Object.fromEntries((t.parameters as { name: string; value: unknown }[]).map((x) => [x.name, x.value]));
      const sorted = (s: unknown) => String(s).split(',').sort().join(',');
      if (want.unordered) assert.equal(sorted(p.keys), sorted(want.keys));
      else assert.equal(p.keys, want.keys);
      assert.deepEqual(
        { values: p.values, attributes: p.attributes, arguments: p.arguments },
        { values: want.values, attributes: want.attributes, arguments: want.arguments },
      );
    });
  }
});

describe('sandbox: the simulated device acts on the text Coiote DM received', () => {
  let c: Clients;
  let thing: string;
  before(async () => {
    c = await sandboxWithClients({ things: 12, seed: 11, timeScale: 0.01 });
    const full = new Set(['acme:tracker_v2', 'nordic:thingy91', 'acme:env_sensor']);
    thing = c.sb.fleet.find((d) => d.connectivity === 'online' && !d.autoNotify && full.has(d.thingTypeName ?? ''))!.thingName;
  });
  after(() => c.close());

  const get = async (shadowName: string) => parsePayload((await c.data.send(new GetThingShadowCommand({ thingName: thing, shadowName }))).payload);
  const request = async (desired: string) => {
    const r = parsePayload((await c.data.send(new UpdateThingShadowCommand({ thingName: thing, shadowName: 'operation', payload: Buffer.from(`{"state":{"desired":${desired}}}`) }))).payload);
    return eventually(async () => {
      const doc = await get('operation');
      return doc.version > r.version && doc.state.reported?.operation ? doc.state.reported : undefined;
    }, `answer to ${desired}`);
  };

  test('a read of [] (sent as the empty keys text) reads the whole data model', async () => {
    const r = await request('{"operation":"read","keys":[]}');
    assert.deepEqual(r.failedKeys, ['']);
    assert.ok(r.result.Device && r.result['LwM2M Server'] && r.result.Temperature, Object.keys(r.result).join(', '));
  });

  test('a comma inside a written value splits it: Coiote cannot pair keys and values, the write fails', async () => {
    const r = await request('{"operation":"write","keys":["Device.0.Timezone"],"values":["Europe/Warsaw,x"]}');
    assert.deepEqual(r.failedKeys, ['Device.0.Timezone']);
  });

  test('observe attributes follow their keys once the Lambda sorts them', async () => {
    await request('{"operation":"observe","keys":["Temperature.0.Sensor Value","Device.0.Battery Level"],"attributes":[{"pmin":7,"pmax":70},{"pmin":600,"pmax":3600}]}');
    const state = c.sb.device(thing)!;
    assert.deepEqual([...state.observations].sort(), ['Device.0.Battery Level', 'Temperature.0.Sensor Value']);
    // The temperature (pmin 7 s) notifies within seconds; the battery (pmin 600 s) does not yet.
    const start = (await get('datamodel')).version;
    const dm = await eventually(async () => {
      const d = await get('datamodel');
      return d.version > start + 1 ? d : undefined;
    }, 'temperature notifications', 8000);
    assert.ok(dm.metadata.reported.Temperature['0']['Sensor Value'].timestamp >= dm.metadata.reported.Device['0']['Battery Level'].timestamp);
  });
});
