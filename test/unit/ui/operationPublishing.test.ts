// Publishing's pure parts: which shadow version answers a request, what a document's request and version
// are, what is sent to replace the stored request, and how a result reads.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ShadowDocument } from '../../../src/aws/types';
import { matchAnswer, newestTimestamp, type ShadowVersion } from '../../../src/core/answer/answerMatch';
import { desiredUpdate, operationNameOf, requestOf, textWithRequest, versionOf } from '../../../src/ui/operations/operationRequest';
import { resultSummary, resultText } from '../../../src/ui/operations/operationResultText';

function shadow(version: number, reported: Record<string, unknown> | undefined, reportedAt?: number): ShadowDocument {
  const metadata = reported && reportedAt !== undefined
    ? { reported: Object.fromEntries(Object.keys(reported).map((k) => [k, { timestamp: reportedAt }])) }
    : undefined;
  return { thingName: 't', shadowName: 'operation', state: { desired: { operation: 'read' }, reported }, metadata, version, timestamp: reportedAt, sizeBytes: 0, text: '' };
}

test('an answer is a newer version whose reported section was written at or after the request', () => {
  // the request's operation is the one the answer reports (the matcher checks it: core/answer/answerMatch.ts)
  const isAnswer = (doc: ShadowVersion, accepted: Pick<ShadowVersion, 'version' | 'timestamp'>, before: ShadowVersion | undefined) =>
    matchAnswer(doc, { operation: doc.state.reported?.operation, keys: [] }, accepted, before) !== undefined;
  const before = shadow(4, { operation: 'read', failedKeys: [''] }, 1000);
  const accepted = { version: 5, timestamp: 1010 };
  assert.equal(isAnswer(shadow(6, { operation: 'read', failedKeys: [''] }, 1011), accepted, before), true);
  assert.equal(isAnswer(shadow(6, { operation: 'read', failedKeys: [''] }, 1010), accepted, before), true, 'same second counts');
  // The previous result, still there after an unrelated change of desired: not an answer.
  const stale = shadow(6, { operation: 'read', failedKeys: [''] }, 1000);
  assert.equal(isAnswer(stale, accepted, before), false);
  // The accepted version itself (or older) never answers.
  assert.equal(isAnswer(shadow(5, { operation: 'read' }, 1011), accepted, before), false);
  // No metadata (a tolerant path): a changed reported section answers.
  assert.equal(isAnswer(shadow(6, { operation: 'write' }), { version: 5 }, shadow(4, { operation: 'read' })), true);
  assert.equal(isAnswer(shadow(6, { operation: 'read' }), { version: 5 }, shadow(4, { operation: 'read' })), false);
  // An answer in the same second as the previous one, to the same keys: same metadata, other content.
  const sameSecond = shadow(4, { operation: 'read', failedKeys: [''] }, 1010);
  assert.equal(isAnswer(shadow(6, { operation: 'write', failedKeys: [''] }, 1010), accepted, sameSecond), true);
  assert.equal(isAnswer(shadow(6, { operation: 'readComposite', failedKeys: [''] }, 1010), accepted, sameSecond), true);
  assert.equal(isAnswer(shadow(6, { operation: 'read', failedKeys: [''] }, 1010), accepted, sameSecond), false, 'nothing new in reported');
  // Another operation's answer (an execute answered late) is never a read's.
  assert.equal(matchAnswer(shadow(6, { operation: 'execute', failedKeys: [''] }, 1011), { operation: 'read', keys: [] }, accepted, before), undefined);
  assert.equal(newestTimestamp({ a: { timestamp: 3 }, b: { c: { timestamp: 9 } }, d: [{ timestamp: 5 }] }), 9);
});

test('a document\'s request: state.desired of a shadow document, or the bare object of a workspace file', () => {
  const doc = JSON.stringify({ state: { desired: { operation: 'read', keys: ['Device.0'] }, reported: {} }, version: 7 }, null, 2);
  assert.deepEqual(requestOf(doc), { operation: 'read', keys: ['Device.0'] });
  assert.equal(versionOf(doc), 7);
  assert.deepEqual(requestOf('{"operation":"execute","keys":["Device.0.Reboot"]}'), { operation: 'execute', keys: ['Device.0.Reboot'] });
  assert.equal(requestOf('{"state":{}}'), undefined);
  assert.equal(requestOf('{"state": {"desired": '), undefined);
  assert.equal(operationNameOf('{"state": {"desired": {"operation": "observe", "keys": ['), 'observe', 'read from half-typed text');
  assert.equal(versionOf('{"version": "7"}'), undefined);
});

test('the desired update replaces the stored request: fields it no longer has are deleted (null)', () => {
  assert.deepEqual(desiredUpdate({ operation: 'read', keys: ['a'] }, { operation: 'write', keys: ['b'], values: [1] }),
    { desired: { operation: 'read', keys: ['a'], values: null } });
  const text = textWithRequest({ state: { desired: { operation: 'x' }, reported: { operation: 'read' }, delta: { operation: 'x' } }, version: 9 }, { operation: 'read', keys: ['k'] });
  const parsed = JSON.parse(text);
  assert.deepEqual(parsed.state.desired, { operation: 'read', keys: ['k'] });
  assert.deepEqual(parsed.state.reported, { operation: 'read' });
  assert.equal(parsed.state.delta, undefined);
  assert.equal(parsed.version, 9);
});

test('a result reads as a summary line and a plain-text report', () => {
  const result = { operation: 'read', failedKeys: ['Device.0.Timezone'], values: [{ key: 'Device.0.Battery Level', value: '87' }, { key: 'Device.0.Manufacturer', value: '**ACME** <b>' }] };
  assert.equal(resultSummary({ thing: 'urn:imei:1', operation: 'read', result }), 'read on urn:imei:1: 2 values, 1 failed key');
  assert.equal(resultSummary({ thing: 'x', operation: 'write', result: { failedKeys: [], values: [{ key: 'k', value: 'v' }] } }), 'write on x: 1 value, failed keys: none');
  // the integration's [""] ("none failed") is never counted or listed as a failed key
  const none = { failedKeys: [''], values: [{ key: 'k', value: 'v' }] };
  assert.equal(resultSummary({ thing: 'x', operation: 'read', result: none }), 'read on x: 1 value, failed keys: none');
  const report = resultText({ thing: 'x', connection: 'c', operation: 'read', keys: ['k'], requestedAt: 0, answeredAt: 1000, version: 3, result: none });
  assert.match(report, /\nFailed keys: none\n/);
  assert.doesNotMatch(report, /Failed keys \(|""/);
  const text = resultText({ thing: 'urn:imei:1', connection: 'sandbox', operation: 'read', keys: ['Device.0'], requestedAt: 0, answeredAt: 1500, version: 12, result });
  assert.match(text, /^read on urn:imei:1 \(sandbox\)\n/);
  assert.match(text, /1\.5 s after the request · operation shadow version 12/);
  assert.match(text, /\n {2}Device\.0\.Battery Level = 87\n/);
  assert.match(text, /\n {2}Device\.0\.Manufacturer = \*\*ACME\*\* <b>\n/, 'device text verbatim (the document is plain text)');
  assert.match(text, /Failed keys \(1\)\n {2}Device\.0\.Timezone\n$/);
});
