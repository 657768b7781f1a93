// Each kind of expectation, "within" retries on a fake clock, and the JUnit XML CI reads.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkAnswer, checkValues, datamodelValues, isRefusalLine } from '../../../src/core/tests/expectations';
import { matchValue } from '../../../src/core/tests/valueMatcher';
import { pollWithin } from '../../../src/core/tests/pollWithin';
import type { Clock } from '../../../src/core/tests/clock';
import { junitXml, type TestRunResult } from '../../../src/core/index';

test('exact values compare as the reported text; numbers by value; booleans as true/1', () => {
  assert.equal(matchValue('ACME', 'ACME', undefined), undefined);
  assert.deepEqual(matchValue('ACME', 'Acme', undefined), { expected: '"ACME"', actual: '"Acme"' });
  assert.equal(matchValue(300, '300', undefined), undefined);
  assert.equal(matchValue(21.5, '21.50', undefined), undefined);
  assert.deepEqual(matchValue(300, '', undefined), { expected: '"300"', actual: '""' });
  assert.equal(matchValue(true, 'true', undefined), undefined);
  assert.equal(matchValue(false, '0', undefined), undefined);
  assert.deepEqual(matchValue('x', undefined, undefined), { expected: '"x"', actual: 'no value (the key is not in the answer)' });
  assert.equal(matchValue('${lt}', '86400', undefined, new Map([['lt', '86400']])), undefined);
});

test('pattern, range and changed', () => {
  assert.equal(matchValue({ pattern: '^\\d+\\.\\d+' }, '2.4.1', undefined), undefined);
  assert.deepEqual(matchValue({ pattern: '^3\\.' }, '2.4.1', undefined), { expected: 'matching /^3\\./', actual: '"2.4.1"' });
  assert.equal(matchValue({ min: 0, max: 100 }, '49', undefined), undefined);
  assert.deepEqual(matchValue({ min: 0, max: 100 }, '101', undefined), { expected: 'a number from 0 to 100', actual: '"101"' });
  assert.deepEqual(matchValue({ min: 1 }, 'abc', undefined), { expected: 'a number ≥ 1', actual: '"abc" (not a number)' });
  assert.equal(matchValue({ changed: true }, '101', '100'), undefined);
  assert.deepEqual(matchValue({ changed: true }, '100', '100'), { expected: 'a value other than "100"', actual: '"100"' });
});

test('answer: values by key, failedKeys empty or containing the given keys', () => {
  const result = { operation: 'read', failedKeys: ['Device.0.Timezone'], values: [{ key: 'LwM2M Server.1.Lifetime', value: '300' }] };
  assert.deepEqual(checkAnswer({ values: { 'LwM2M Server.1.Lifetime': 300 }, failedKeys: ['Device.0.Timezone'] }, result, new Map(), new Map()), []);
  assert.deepEqual(checkAnswer({ values: { 'LwM2M Server.1.Lifetime': 600 }, failedKeys: [] }, result, new Map(), new Map()), [
    { what: 'values["LwM2M Server.1.Lifetime"]', expected: '"600"', actual: '"300"' },
    { what: 'failedKeys', expected: 'no failed keys', actual: '["Device.0.Timezone"]' },
  ]);
  assert.deepEqual(checkAnswer({ failedKeys: ['Device.0.Reboot'] }, result, new Map(), new Map()),
    [{ what: 'failedKeys', expected: 'failed keys including ["Device.0.Reboot"]', actual: '["Device.0.Timezone"]' }]);
});

test('datamodel values by key, multi-instance resources by their instance', () => {
  const dm = datamodelValues({ state: { reported: { Device: { 0: { Manufacturer: 'ACME', Reboot: { noValue: true }, 'Power Source Voltage': { 0: '4100', 1: '3300' } } } } } });
  assert.equal(dm.get('Device.0.Manufacturer'), 'ACME');
  assert.equal(dm.get('Device.0.Power Source Voltage.1'), '3300');
  assert.equal(dm.has('Device.0.Reboot'), false);
  assert.deepEqual(checkValues('datamodel', { 'Device.0.Power Source Voltage.1': { min: 3400 } }, dm, new Map(), new Map()),
    [{ what: 'datamodel["Device.0.Power Source Voltage.1"]', expected: 'a number ≥ 3400', actual: '"3300"' }]);
});

test('a refusal is the Lambda\'s "Error: …" line, optionally containing a text', () => {
  assert.equal(isRefusalLine('Error: keys must be unique for write operation\n', 'keys must be unique'), true);
  assert.equal(isRefusalLine('Error: keys must be unique for write operation', true), true);
  assert.equal(isRefusalLine('Error: keys must be specified', 'unique'), false);
  assert.equal(isRefusalLine('START RequestId: 1 Version: $LATEST', true), false);
});

/** A clock that only moves when sleep is called: a "within 10 s" poll takes no real time. */
function fakeClock(): Clock & { sleeps: number[] } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return { sleeps, now: () => t, sleep: async (ms) => { sleeps.push(ms); t += ms; } };
}

test('within: retries until the check passes, no longer', async () => {
  const clock = fakeClock();
  let calls = 0;
  const r = await pollWithin(async () => ({ passed: ++calls === 4, value: calls }), 10_000, clock, undefined, 1000);
  assert.deepEqual({ passed: r.passed, attempts: r.attempts, last: r.last }, { passed: true, attempts: 4, last: 4 });
  assert.deepEqual(clock.sleeps, [1000, 1000, 1000]);
});

test('within: gives up at the deadline with the last thing seen, checking once more at the end', async () => {
  const clock = fakeClock();
  let calls = 0;
  const r = await pollWithin(async () => ({ passed: false, value: ++calls }), 2500, clock, undefined, 1000);
  assert.equal(r.passed, false);
  assert.equal(r.cancelled, false);
  assert.deepEqual(clock.sleeps, [1000, 1000, 500]);
  assert.equal(r.last, 4);
  // within 0: one check, no wait
  const once = fakeClock();
  assert.equal((await pollWithin(async () => ({ passed: false, value: 0 }), 0, once)).attempts, 1);
  assert.deepEqual(once.sleeps, []);
});

test('within: cancellation stops the retries', async () => {
  const clock = fakeClock();
  const ac = new AbortController();
  let calls = 0;
  const r = await pollWithin(async () => {
    if (++calls === 2) ac.abort();
    return { passed: false, value: calls };
  }, 60_000, clock, ac.signal, 1000);
  assert.deepEqual({ cancelled: r.cancelled, attempts: r.attempts }, { cancelled: true, attempts: 2 });
});

test('JUnit XML: a suite per file, a case per step, failures with expected vs actual, escaped', () => {
  const runs: TestRunResult[] = [
    {
      file: 'examples/a.lwm2m-test.json', name: 'A <&> "quoted"', thing: 'urn:imei:1', status: 'failed', durationMs: 1500, steps: [
        { index: 0, name: '1. read', status: 'passed', durationMs: 500, failures: [] },
        { index: 1, name: '2. write', status: 'failed', durationMs: 1000, failures: [{ what: 'failedKeys', expected: 'no failed keys', actual: '["Device.0.Timezone"]' }], request: { operation: 'write' } },
        { index: 2, name: '3. read', status: 'skipped', durationMs: 0, failures: [], message: 'cancelled' },
      ],
    },
    { file: 'b.lwm2m-test.json', name: 'B', status: 'errored', durationMs: 0, steps: [], message: 'no online thing of type x' },
  ];
  const xml = junitXml(runs);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="lwm2m-shadows test" tests="4" failures="1" errors="1" skipped="1" time="1.500">/);
  assert.match(xml, /<testsuite name="A &lt;&amp;&gt; &quot;quoted&quot;" file="examples\/a.lwm2m-test.json" tests="3" failures="1" errors="0" skipped="1"/);
  assert.match(xml, /<failure message="failedKeys: expected no failed keys, got \[&quot;Device.0.Timezone&quot;\]" type="expectation">/);
  assert.match(xml, /<skipped message="cancelled"\/>/);
  assert.match(xml, /<testcase classname="B" name="load" file="b.lwm2m-test.json" time="0.000">\n\s+<error message="no online thing of type x"/);
});
