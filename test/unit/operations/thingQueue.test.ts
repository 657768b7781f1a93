// A second action on a busy thing waits for the first (never interleaved); past the limit it is refused.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DroppedError, MAX_WAITING, QueueFullError, ThingQueue } from '../../../src/operations/thingQueue';

const thing = { connection: 'sandbox', thing: 'urn:imei:1' };
const other = { connection: 'sandbox', thing: 'urn:imei:2' };

function gate(): { open: () => void; wait: Promise<void> } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { open, wait };
}

test('actions on one thing run one after the other; another thing is not held up', async () => {
  const q = new ThingQueue();
  const order: string[] = [];
  const first = gate();
  const queuedBehind: string[] = [];
  const a = q.run(thing, 'read', async () => { order.push('read starts'); await first.wait; order.push('read ends'); return 1; });
  const b = q.run(thing, 'write', async () => { order.push('write starts'); return 2; }, (behind) => queuedBehind.push(behind));
  const c = q.run(other, 'execute', async () => { order.push('other thing'); return 3; });
  assert.equal(await c, 3);
  assert.deepEqual(queuedBehind, ['read']);
  assert.equal(q.running(thing), 'read');
  assert.equal(q.waiting(thing), 1);
  first.open();
  assert.deepEqual([await a, await b], [1, 2]);
  assert.deepEqual(order, ['read starts', 'other thing', 'read ends', 'write starts']);
  assert.equal(q.running(thing), undefined);
  assert.equal(q.waiting(thing), 0);
});

test('a failed action does not block the next; past the limit the next one is refused', async () => {
  const q = new ThingQueue();
  const g = gate();
  const failing = q.run(thing, 'read', async () => { await g.wait; throw new Error('boom'); });
  const waiting = Array.from({ length: MAX_WAITING }, (_, i) => q.run(thing, `w${i}`, async () => i));
  await assert.rejects(q.run(thing, 'one too many', async () => 0), QueueFullError);
  g.open();
  await assert.rejects(failing, /boom/);
  assert.deepEqual(await Promise.all(waiting), [0, 1, 2]);
  assert.equal(await q.run(thing, 'later', async () => 'ran at once'), 'ran at once');
});

test('when the running action goes late, the actions queued behind it are dropped, never sent later', async () => {
  const q = new ThingQueue();
  const g = gate();
  const sent: string[] = [];
  const late = q.run(thing, 'read', async () => { await g.wait; return 'late'; });
  const reboot = q.run(thing, 'execute', async () => { sent.push('reboot'); });
  const write = q.run(thing, 'write', async () => { sent.push('write'); });
  assert.equal(q.dropWaiting(thing), 2);
  for (const p of [reboot, write]) {
    await assert.rejects(p, (e: unknown) => e instanceof DroppedError && e.reason === 'late' && e.behind === 'read');
  }
  assert.equal(q.waiting(thing), 0);
  g.open();
  assert.equal(await late, 'late');
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(sent, [], 'nothing queued was sent on its own');
  assert.equal(q.running(thing), undefined);
  assert.equal(await q.run(thing, 'read again', async () => 'ran at once'), 'ran at once');
});

test('an action that waits longer than the limit is dropped, not sent when the thing is free again', async () => {
  const q = new ThingQueue(20);
  const g = gate();
  const sent: string[] = [];
  const first = q.run(thing, 'read', async () => { await g.wait; });
  const queued = q.run(thing, 'execute', async () => { sent.push('execute'); });
  await assert.rejects(queued, (e: unknown) => e instanceof DroppedError && e.reason === 'expired' && e.behind === 'read');
  assert.equal(q.waiting(thing), 0);
  g.open();
  await first;
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(sent, []);
  assert.equal(q.running(thing), undefined);
});
