// The update Publish sends, read as the OperationRequest rule reads it: the accepted message carries only
// that update's fields, so the request must be whole in it, and fields of an earlier request are cleared.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { desiredUpdate } from '../../../src/core/desiredUpdate';
import { decideOperation, operationRequestEvent } from '../../../src/core/operationLambda';
import { pyFromJson, pyToJson } from '../../../src/core/pythonValue';

const eventOf = (update: { desired: Record<string, unknown> }) => operationRequestEvent(pyFromJson(update.desired), 'thing')!;

test('every field of the request travels in the one update, even those the shadow already holds', () => {
  const stored = { operation: 'write', keys: ['Device.0.Timezone'], values: ['UTC'] };
  const update = desiredUpdate({ operation: 'write', keys: ['Device.0.Timezone'], values: ['UTC'] }, stored);
  const event = Object.fromEntries([...eventOf(update).entries].map(([k, v]) => [k, pyToJson(v)]));
  assert.deepEqual(event, { operation: 'write', keys: ['Device.0.Timezone'], values: ['UTC'], thingName: 'thing' });
  const d = decideOperation(eventOf(update));
  assert.equal(d.kind, 'task');
});

test('fields of an earlier request are cleared (null), and the Lambda ignores them as None', () => {
  const stored = { operation: 'execute', keys: ['Firmware Update.0.Update'], arguments: "0='fw.bin'", note: 'x' };
  const update = desiredUpdate({ operation: 'execute', keys: ['Device.0.Reboot'] }, stored);
  assert.deepEqual(update.desired, { operation: 'execute', keys: ['Device.0.Reboot'], arguments: null, note: null });
  const d = decideOperation(eventOf(update));
  assert.ok(d.kind === 'task');
  assert.deepEqual(d.parameters.map((p) => p.name), ['keys'], 'no stale arguments reach Coiote');
  // a read after a write: the stale values go as null, which read ignores
  const read = decideOperation(eventOf(desiredUpdate({ operation: 'read', keys: ['Device.0'] }, { operation: 'write', keys: ['Device.0.Timezone'], values: ['UTC'] })));
  assert.ok(read.kind === 'task' && read.parameters.length === 1 && read.parameters[0].value === 'Device.0');
});
