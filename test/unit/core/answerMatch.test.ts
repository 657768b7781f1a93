// One answer matcher for Publish, tree actions, Run Again and device checks, against the sandbox's own shadow
// store (its merge and per-leaf metadata exactly as the sandbox serves them) on a clock the test moves: an
// execute answered late, a read in the same second as an earlier answer, merged reported.result, a late read
// of other keys, a queue-mode answer minutes later.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { matchAnswer, type ShadowVersion } from '../../../src/core/answer/answerMatch';
import { ShadowStore } from '../../../src/sandbox/shadowStore';
import type { SimClock } from '../../../src/sandbox/clock';

const THING = 'matcher-thing';

/** The sandbox's shadow store on a clock in whole seconds that only the test moves. */
function sandboxShadows(start = 1_700_000_000) {
  let seconds = start;
  const clock = { now: () => seconds * 1000, nowSeconds: () => seconds, timeScale: 1 } as unknown as SimClock;
  const store = new ShadowStore(clock);
  store.update(THING, 'operation', { state: {} });
  const doc = () => store.get(THING, 'operation') as unknown as ShadowVersion;
  return {
    tick: (s = 1) => { seconds += s; },
    doc,
    /** Publishes a request: the shadow before it, and the accepted response. */
    publish(request: Record<string, unknown>) {
      const before = doc();
      const accepted = store.update(THING, 'operation', JSON.stringify({ state: { desired: request } })) as unknown as ShadowVersion;
      return { request, before, accepted };
    },
    /** The integration writes an answer into reported (merged, as the shadow service does). */
    answer(operation: string, result: Record<string, unknown>, failedKeys: string[] = ['']) {
      store.update(THING, 'operation', JSON.stringify({ state: { reported: { operation, failedKeys, result } } }));
      return doc();
    },
    /** An answer that writes only some of reported's fields (the rest stays from earlier answers). */
    partial(reported: Record<string, unknown>) {
      store.update(THING, 'operation', JSON.stringify({ state: { reported } }));
      return doc();
    },
  };
}

const sent = (p: ReturnType<ReturnType<typeof sandboxShadows>['publish']>, doc: ShadowVersion) => matchAnswer(doc, p.request, p.accepted, p.before);

test('an execute answered late, after a read was published: the execute answer is not the read\'s', () => {
  const s = sandboxShadows();
  s.publish({ operation: 'execute', keys: ['Device.0.Reset Error Code'] });
  s.tick();
  const read = s.publish({ operation: 'read', keys: ['Device.0.Firmware Version'] });
  const late = s.answer('execute', {});
  assert.equal(sent(read, late), undefined, 'reported.operation is execute: not the read\'s answer');
  s.tick();
  const own = s.answer('read', { Device: { 0: { 'Firmware Version': '2.4.1' } } });
  const a = sent(read, own);
  assert.ok(a);
  assert.equal(a.operation, 'read');
  assert.deepEqual(a.values, [{ key: 'Device.0.Firmware Version', value: '2.4.1' }]);
  assert.deepEqual(a.notAnswered, []);
});

test('merged reported.result: only the leaves this answer wrote are its values; a requested key it did not carry is not answered', () => {
  const s = sandboxShadows();
  const first = s.publish({ operation: 'read', keys: ['Device.0.Manufacturer'] });
  assert.ok(sent(first, s.answer('read', { Device: { 0: { Manufacturer: 'ACME' } } })));
  s.tick();
  const second = s.publish({ operation: 'read', keys: ['Device.0.Model Number', 'Device.0.Serial Number'] });
  const doc = s.answer('read', { Device: { 0: { 'Model Number': 'tracker_v2' } } });
  // the shadow now holds Manufacturer too (updates merge)
  assert.equal((doc.state.reported as any).result.Device['0'].Manufacturer, 'ACME'); // eslint-disable-line @typescript-eslint/no-explicit-any
  const a = sent(second, doc);
  assert.ok(a);
  assert.deepEqual(a.values, [{ key: 'Device.0.Model Number', value: 'tracker_v2' }], 'Manufacturer is the earlier answer\'s');
  assert.deepEqual(a.notAnswered, ['Device.0.Serial Number']);
  assert.deepEqual(a.reported, { operation: 'read', failedKeys: [''], result: { Device: { 0: { 'Model Number': 'tracker_v2' } } } });
});

test('a read in the same second as an earlier answer: what is unchanged since that answer is not this one\'s', () => {
  const s = sandboxShadows();
  const first = s.publish({ operation: 'read', keys: ['Device.0.Manufacturer', 'Device.0.Battery Level'] });
  assert.ok(sent(first, s.answer('read', { Device: { 0: { Manufacturer: 'ACME', 'Battery Level': '87' } } }, ['Device.0.Timezone'])));
  // same second: the next read is accepted and answered with timestamps equal to the first answer's
  const second = s.publish({ operation: 'read', keys: ['Device.0.Manufacturer', 'Device.0.Battery Level'] });
  const doc = s.answer('read', { Device: { 0: { 'Battery Level': '86' } } });
  const a = sent(second, doc);
  assert.ok(a);
  assert.deepEqual(a.values, [{ key: 'Device.0.Battery Level', value: '86' }]);
  assert.deepEqual(a.notAnswered, ['Device.0.Manufacturer'], 'the first answer\'s Manufacturer, from the same second, is not this answer\'s');
  assert.deepEqual(a.failedKeys, [], 'the first answer\'s failedKeys are not this answer\'s');
  // nothing new in reported in that second: no answer at all (the device checks wait for the next second before publishing)
  const third = s.publish({ operation: 'read', keys: ['Device.0.Battery Level'] });
  assert.equal(sent(third, s.answer('read', { Device: { 0: { 'Battery Level': '86' } } })), undefined);
});

test('a failedKeys list stays in the shadow until an answer writes it again: only this answer\'s count', () => {
  const s = sandboxShadows();
  const first = s.publish({ operation: 'write', keys: ['Device.0.Timezone'], values: ['x'] });
  assert.deepEqual(sent(first, s.answer('write', {}, ['Device.0.Timezone']))?.failedKeys, ['Device.0.Timezone']);
  s.tick();
  const second = s.publish({ operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [300] });
  const doc = s.partial({ operation: 'write', result: { 'LwM2M Server': { 1: { Lifetime: '300' } } } });
  assert.deepEqual(doc.state.reported?.failedKeys, ['Device.0.Timezone'], 'still in the shadow');
  assert.deepEqual(sent(second, doc)?.failedKeys, []);
});

test('a late answer to an earlier read of other keys is not this read\'s; its own answer is', () => {
  const s = sandboxShadows();
  s.publish({ operation: 'read', keys: ['Device.0.Manufacturer'] });
  s.tick();
  const mine = s.publish({ operation: 'read', keys: ['Device.0.Battery Level'] });
  s.tick();
  assert.equal(sent(mine, s.answer('read', { Device: { 0: { Manufacturer: 'ACME' } } })), undefined, 'covers none of the keys asked for');
  const a = sent(mine, s.answer('read', { Device: { 0: { 'Battery Level': '80' } } }));
  assert.deepEqual(a?.values, [{ key: 'Device.0.Battery Level', value: '80' }]);
});

test('a queue-mode answer minutes later, after other changes of the shadow, is still the request\'s answer', () => {
  const s = sandboxShadows();
  const old = s.publish({ operation: 'read', keys: ['Device.0'] });
  s.answer('read', { Device: { 0: { Manufacturer: 'ACME', 'Battery Level': '90', Reboot: { noValue: true } } } });
  s.tick(30);
  const req = s.publish({ operation: 'read', keys: ['Device.0.Battery Level', 'Device.0.Reboot'] });
  assert.equal(sent(req, s.doc()), undefined, 'the shadow as accepted is no answer');
  s.tick(240); // the device wakes four minutes later
  const a = sent(req, s.answer('read', { Device: { 0: { 'Battery Level': '71', Reboot: { noValue: true } } } }));
  assert.ok(a);
  assert.deepEqual(a.values, [{ key: 'Device.0.Battery Level', value: '71' }]);
  assert.deepEqual(a.notAnswered, [], 'a resource without a value is carried, not missing');
  assert.equal(sent(old, s.doc())?.operation, 'read', 'the older request\'s wait would see this version too: a newer request ends it (Publish supersedes)');
});

test('whole-data-model reads, the accepted version itself, other operations', () => {
  const s = sandboxShadows();
  const all = s.publish({ operation: 'read', keys: ['all'] });
  assert.equal(sent(all, s.doc()), undefined, 'the accepted version never answers');
  const a = sent(all, s.answer('read', { Device: { 0: { Manufacturer: 'ACME' } } }));
  assert.deepEqual(a?.notAnswered, []);
  s.tick();
  const obs = s.publish({ operation: 'observe', keys: ['Device.0.Battery Level'], attributes: [{}] });
  assert.equal(sent(obs, s.answer('read', {})), undefined);
  assert.deepEqual(sent(obs, s.answer('observe', {}))?.values, []);
});
