// Publish's wait for an answer while the shadow is live over MQTT: a message the subscription missed must
// not turn into a false "no answer" — the wait reads the service once before giving up.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ShadowDocument } from '../../../src/aws/types';
import { waitForAnswer, type ShadowWatch } from '../../../src/operations/answerWait';
import { matchAnswer } from '../../../src/core/answer/answerMatch';

function doc(version: number, reported: Record<string, unknown>, ts: number): ShadowDocument {
  return { thingName: 't1', shadowName: 'operation', version, timestamp: ts, state: { reported }, metadata: { reported: { operation: { timestamp: ts } } }, sizeBytes: 0, text: '' };
}

/** A store whose live subscription missed the answer: peek shows the old version, the service has the answer. */
function liveStoreThatMissed(service: ShadowDocument, old: ShadowDocument) {
  let reads = 0;
  const store = {
    peek: () => old,
    isLive: () => true,
    read: async () => { reads++; return service; },
    onDidChange: () => ({ dispose() {} }),
  } satisfies ShadowWatch;
  return { store, reads: () => reads };
}

test('live, with the answer message missed: the wait reads the service before timing out and finds the answer', async () => {
  const before = doc(4, { operation: 'read', failedKeys: [''] }, 1000);
  const answer = doc(6, { operation: 'read', failedKeys: [''], result: { Device: { 0: { Manufacturer: 'ACME' } } } }, 1011);
  const { store, reads } = liveStoreThatMissed(answer, before);
  const outcome = await waitForAnswer(store, (d) => matchAnswer(d, { operation: 'read', keys: ['all'] }, { version: 5, timestamp: 1010 }, before), 600);
  assert.equal(outcome.kind, 'answered');
  assert.equal(reads(), 1, 'one read, at the end: live shadows are not polled');
});

test('live, with no answer anywhere: a timeout after exactly one read of the service', async () => {
  const before = doc(4, { operation: 'read', failedKeys: [''] }, 1000);
  const { store, reads } = liveStoreThatMissed(before, before);
  const outcome = await waitForAnswer(store, (d) => matchAnswer(d, { operation: 'read', keys: ['all'] }, { version: 5, timestamp: 1010 }, before), 600);
  assert.equal(outcome.kind, 'timeout');
  assert.equal(reads(), 1);
});
