// Telling one request's Lwm2mOperation invocation from the others: START..END per log stream, the model's
// predicted output for this request, earlier requests of the run taking theirs first, ambiguity when two remain.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { InvocationLog, attribute, predictOutcome, type PublishedRequest } from '../../../src/core/lambdaInvocations';

const inv = (id: string, stream: string, at: number, lines: string[] = []) => [
  { logStream: stream, timestamp: at, message: `START RequestId: ${id} Version: $LATEST\n` },
  ...lines.map((l, i) => ({ logStream: stream, timestamp: at + 1 + i, message: `${l}\n` })),
  { logStream: stream, timestamp: at + 50, message: `END RequestId: ${id}\n` },
  { logStream: stream, timestamp: at + 50, message: `REPORT RequestId: ${id}\tDuration: 3.00 ms\t\n` },
];

test('the model predicts what the Lambda prints for exactly this update', () => {
  assert.deepEqual(predictOutcome({ operation: 'observe', keys: ['Device.0', 'Device.0.'], attributes: [{}, {}] }), { kind: 'refused', line: 'Error: keys must be unique for observe operation' });
  assert.deepEqual(predictOutcome({ operation: 'read', keys: ['Device.0'], values: null }), { kind: 'forwarded' });
  assert.deepEqual(predictOutcome({ operation: 'write', keys: ['Device.0.Timezone'], values: null }), { kind: 'crash', headline: "[ERROR] TypeError: object of type 'NoneType' has no len()" });
  assert.equal(predictOutcome({ keys: ['Device.0'] }), undefined, 'no operation: the rule does not fire');
});

test('invocations are assembled per stream, two environments interleaved; a retry keeps its first start', () => {
  const log = new InvocationLog();
  const a = inv('a', 's1', 1000, ['Error: keys must be specified']);
  const b = inv('b', 's2', 1010);
  log.add([a[0], b[0], a[1], b[1], a[2], b[2]]);
  log.add([a[3]]);
  log.add(inv('a', 's1', 61_000, ['Error: keys must be specified']));
  const all = log.all();
  assert.deepEqual(all.map((i) => [i.requestId, i.startedAt, i.lines, i.ended]), [
    ['a', 1000, ['Error: keys must be specified', 'Error: keys must be specified'], true],
    ['b', 1010, [], true],
  ]);
});

test('earlier requests take their invocations first; a remaining look-alike makes it ambiguous', () => {
  const log = new InvocationLog();
  log.add([...inv('w', 's1', 5_100, ['Error: The number of keys must be equal to the number of values']), ...inv('r1', 's1', 5_300), ...inv('r2', 's2', 5_400)]);
  const refused = { kind: 'refused', line: 'Error: The number of keys must be equal to the number of values' } as const;
  const requests: PublishedRequest[] = [
    { predicted: refused, from: 5000 },
    { predicted: { kind: 'forwarded' }, from: 5000 },
    { predicted: { kind: 'forwarded' }, from: 5000 },
  ];
  const first = attribute(log.all(), requests, 0);
  assert.equal(first.kind === 'found' && first.invocation.requestId, 'w', 'the write\'s refusal is the write\'s');
  // a read expecting that refusal does not get the write's line: its own invocation is quiet
  const second = attribute(log.all(), [requests[0], { predicted: refused, from: 5000 }], 1);
  assert.equal(second.kind, 'pending');
  const third = attribute(log.all(), requests, 2);
  assert.equal(third.kind === 'found' && third.invocation.requestId, 'r2', 'r1 went to the earlier read');
  // without the earlier read of the run, two quiet invocations fit: nobody can tell which is this one's
  const alone = attribute(log.all(), [{ predicted: { kind: 'forwarded' }, from: 5000 }], 0);
  assert.equal(alone.kind, 'ambiguous');
  // before the accepted second, or long after it: not candidates
  assert.equal(attribute(log.all(), [{ predicted: refused, from: 6000 }], 0).kind, 'pending');
});

test('an invocation still running that started first keeps the answer pending', () => {
  const log = new InvocationLog();
  const running = inv('x', 's1', 2000, ['Error: keys must be specified']).slice(0, 1);
  log.add([...running, ...inv('y', 's2', 2100, ['Error: keys must be specified'])]);
  assert.equal(attribute(log.all(), [{ predicted: { kind: 'refused', line: 'Error: keys must be specified' }, from: 2000 }], 0).kind, 'pending');
});
