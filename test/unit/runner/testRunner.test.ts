// The test runner against the real sandbox through the real AWS SDK: a passing run with a captured value
// written back, a failing expectation with expected vs actual, an expected refusal found in the Lambda's
// logs, an unexpected one explained, the thing chosen by type, and cancellation that publishes nothing more.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createSession, type SdkSession } from '../../../src/aws/index';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index';
import { readTestFile, type TestFile } from '../../../src/core/index';
import { runTest } from '../../../src/runner/index';

let sb: RunningSandbox;
let session: SdkSession;
let thing: string;

before(async () => {
  sb = await startSandbox({ timeScale: 0.02 });
  session = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
  thing = sb.fleet.find((t) => t.connectivity === 'online' && t.thingTypeName === 'acme:tracker_v2')!.thingName;
});
after(async () => {
  session.dispose();
  await sb.stop();
});

function file(o: object): TestFile {
  const r = readTestFile(JSON.stringify(o));
  assert.ok(r.test, JSON.stringify(r.problems));
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  return r.test;
}

const lifetimeOf = async () => JSON.parse((await session.shadows.get(thing, 'datamodel')).text).state.reported['LwM2M Server']['1'].Lifetime as string;

test('a passing run: capture, write, check within, write the captured value back', async () => {
  const original = await lifetimeOf();
  const lines: string[] = [];
  const r = await runTest(file({
    target: { thing },
    timeoutSeconds: 10,
    steps: [
      { request: { operation: 'read', keys: ['LwM2M Server.1.Lifetime', 'Device.0.Manufacturer'] }, capture: { lifetime: 'LwM2M Server.1.Lifetime' }, expect: { failedKeys: [], values: { 'Device.0.Manufacturer': 'ACME' } } },
      { request: { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [321] }, expect: { failedKeys: [], datamodel: { within: 5, values: { 'LwM2M Server.1.Lifetime': 321 } } } },
      { request: { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: ['${lifetime}'] }, expect: { values: { 'LwM2M Server.1.Lifetime': '${lifetime}' } } },
    ],
  }), { session, file: 'pass.lwm2m-test.json', pollMs: 50, listener: { output: (l) => lines.push(l) } });
  assert.equal(r.status, 'passed', JSON.stringify(r.steps, null, 1));
  assert.equal(r.thing, thing);
  assert.deepEqual(r.steps.map((s) => s.status), ['passed', 'passed', 'passed']);
  assert.deepEqual(r.steps[2].request, { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [original] });
  assert.equal(await lifetimeOf(), original);
  // the output shows each request and its answer with the time it took
  assert.ok(lines.some((l) => l.includes(`→ ${thing} {"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":[321]}`)), lines.join('\n'));
  assert.ok(lines.some((l) => /← .*"Lifetime":"321".* after \d+ ms/.test(l)), lines.join('\n'));
});

test('a failing step says what was expected and what came; later steps still run', async () => {
  const r = await runTest(file({
    target: { thing },
    steps: [
      { request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { values: { 'Device.0.Manufacturer': 'Nordic' } } },
      { request: { operation: 'read', keys: ['Device.0.Battery Level'] }, expect: { values: { 'Device.0.Battery Level': { min: 0, max: 100 } } } },
    ],
  }), { session, file: 'fail.lwm2m-test.json', pollMs: 50 });
  assert.equal(r.status, 'failed');
  assert.deepEqual(r.steps.map((s) => s.status), ['failed', 'passed']);
  assert.deepEqual(r.steps[0].failures, [{ what: 'values["Device.0.Manufacturer"]', expected: '"Nordic"', actual: '"ACME"' }]);
  assert.equal((r.steps[0].answer as { operation: string }).operation, 'read');
});

test("an expected refusal passes on the Lambda's Error line; an unexpected one is named in the error", async () => {
  const dup = { operation: 'write', keys: ['Device.0.Timezone', 'Device.0.Timezone'], values: ['Europe/Berlin', 'Europe/Warsaw'] };
  const expected = await runTest(file({ target: { thing }, timeoutSeconds: 10, steps: [{ request: dup, expect: { refused: 'keys must be unique' } }] }), { session, file: 'refused.lwm2m-test.json', pollMs: 100 });
  assert.equal(expected.status, 'passed', JSON.stringify(expected.steps));
  const wrongText = await runTest(file({ target: { thing }, timeoutSeconds: 2, steps: [{ request: dup, expect: { refused: 'operation must be specified' } }] }), { session, file: 'refused2.lwm2m-test.json', pollMs: 100 });
  assert.equal(wrongText.status, 'failed');
  // refused for another reason: fails as soon as this request's invocation is logged, naming the reason
  assert.deepEqual(wrongText.steps[0].failures, [{ what: 'refused', expected: 'an "Error: …" line containing "operation must be specified"', actual: 'refused for another reason: Error: keys must be unique for write operation' }]);
  assert.ok(wrongText.steps[0].durationMs < 1900, `not the 2 s timeout: ${wrongText.steps[0].durationMs} ms`);
  const unexpected = await runTest(file({ target: { thing }, timeoutSeconds: 2, steps: [{ request: dup, expect: { failedKeys: [] } }, { request: { operation: 'read', keys: ['Device.0'] } }] }), { session, file: 'unexpected.lwm2m-test.json', pollMs: 100 });
  assert.equal(unexpected.status, 'errored');
  assert.match(unexpected.steps[0].message ?? '', /^no answer from .* within 2 s: the integration refused the request: Error: keys must be unique/);
  assert.deepEqual({ ...unexpected.steps[0].note, refusal: undefined }, { id: 'no-answer', thing, seconds: 2, refusal: undefined }, 'the reason as facts, for the Testing view to word');
  assert.match((unexpected.steps[0].note as { refusal?: string }).refusal ?? '', /Error: keys must be unique/);
  assert.deepEqual(unexpected.steps[1].note, { id: 'earlier-step-incomplete', step: 1 });
  assert.equal(unexpected.steps[1].status, 'skipped');
});

test('each step sees only its own answer: a read straight after an execute, values and captures of keys it did not read', async () => {
  const lines: string[] = [];
  const r = await runTest(file({
    target: { thing }, timeoutSeconds: 10,
    steps: [
      { request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { values: { 'Device.0.Manufacturer': 'ACME' } } },
      { request: { operation: 'execute', keys: ['Device.0.Reset Error Code'] } },
      { request: { operation: 'read', keys: ['Device.0.Firmware Version'] }, expect: { values: { 'Device.0.Firmware Version': { pattern: '.+' } } } },
      { request: { operation: 'read', keys: ['Device.0.Model Number'] }, capture: { m: 'Device.0.Manufacturer' }, expect: { values: { 'Device.0.Manufacturer': 'ACME' } } },
    ],
  }), { session, file: 'own.lwm2m-test.json', pollMs: 50, listener: { output: (l) => lines.push(l) } });
  assert.deepEqual(r.steps.map((s) => s.status), ['passed', 'passed', 'passed', 'failed'], lines.join('\n'));
  assert.equal((r.steps[2].answer as { operation: string }).operation, 'read', 'not the execute\'s answer');
  assert.deepEqual(r.steps[3].answer, { operation: 'read', failedKeys: [''], result: { Device: { 0: { 'Model Number': 'tracker_v2' } } } }, 'only what this answer wrote');
  assert.deepEqual(r.steps[3].failures, [
    { what: 'values["Device.0.Manufacturer"]', expected: '"ACME"', actual: 'no value (the key is not in the answer)' },
    { what: 'capture m', expected: 'a value of "Device.0.Manufacturer" in this answer', actual: 'no value in this answer (the step did not read it)' },
  ]);
});

test('refusals belong to their request: never the previous step\'s line, nor another thing\'s', async () => {
  const lines: string[] = [];
  const r = await runTest(file({
    target: { thing }, timeoutSeconds: 5,
    steps: [
      { name: 'bad write', request: { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [1, 2] }, expect: { refused: 'number of keys must be equal' } },
      { name: 'a valid read is not refused', request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { refused: 'number of keys must be equal' } },
      { name: 'observe duplicates', request: { operation: 'observe', keys: ['Device.0.Battery Level', 'Device.0.Battery Level'], attributes: [{}, {}] }, expect: { refused: true } },
    ],
  }), { session, file: 'own-refusal.lwm2m-test.json', pollMs: 50, listener: { output: (l) => lines.push(l) } });
  assert.deepEqual(r.steps.map((s) => s.status), ['passed', 'failed', 'passed'], lines.join('\n'));
  assert.deepEqual(r.steps[1].failures, [{ what: 'refused', expected: 'an "Error: …" line containing "number of keys must be equal"', actual: 'not refused: the Lambda passed the request on to Coiote DM' }]);
  assert.ok(r.steps[1].durationMs < 4500, `failed at once, not at the 5 s timeout: ${r.steps[1].durationMs} ms`);
  assert.ok(lines.some((l) => l.startsWith('  ← refused: Error: keys must be unique for observe operation (Lwm2mOperation invocation ')), lines.join('\n'));
  assert.equal(lines.filter((l) => l.includes('number of keys must be equal to the number of values (Lwm2mOperation')).length, 1, 'the write\'s line is shown once, for the write');

  // another thing's refusal, logged just before this request, is never quoted as this request's
  const other = sb.fleet.find((t) => t.thingName !== thing && t.connectivity === 'online')!.thingName;
  const offline = sb.fleet.find((t) => t.connectivity === 'offline')!.thingName;
  const stored = await session.shadows.get(other, 'operation');
  await session.shadows.update(other, 'operation', { desired: { operation: 'write', keys: ['Device.0.Timezone', 'Device.0.Timezone'], values: ['a', 'b'] } }, stored.version);
  const silent = await runTest(file({ target: { thing: offline }, timeoutSeconds: 1, steps: [{ request: { operation: 'read', keys: ['Device.0.Manufacturer'] } }] }), { session, file: 'silent.lwm2m-test.json', pollMs: 50 });
  assert.equal(silent.steps[0].status, 'errored');
  assert.equal(silent.steps[0].message, `no answer from ${offline} within 1 s (a queue-mode or offline device answers when it next connects)`);
});

test('two invocations that cannot be told apart: the check does not pass, it says it is ambiguous', async () => {
  const other = sb.fleet.find((t) => t.thingName !== thing && t.connectivity === 'online')!.thingName;
  let sent = false;
  const r = await runTest(file({
    target: { thing }, timeoutSeconds: 5,
    steps: [{ request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { log: 'START RequestId' } }],
  }), {
    session, file: 'ambiguous.lwm2m-test.json', pollMs: 50, listener: {
      // another client reads another thing right after this request was accepted: its invocation prints the same
      output: (l) => {
        if (sent || !l.startsWith('  → ')) return;
        sent = true;
        void session.shadows.get(other, 'operation').then((d) => session.shadows.update(other, 'operation', { desired: { operation: 'read', keys: ['Device.0'] } }, d.version));
      },
    },
  });
  assert.equal(r.steps[0].status, 'failed', JSON.stringify(r.steps[0]));
  assert.match(r.steps[0].failures[0].actual, /^ambiguous: 2 Lwm2mOperation invocations that started after the request printed what this request's would/);
});

test('a thing type runs on its first online thing; a type with none is an error before any request', async () => {
  const r = await runTest(file({ target: { thingType: 'acme:tracker_v2' }, steps: [{ request: { operation: 'read', keys: ['Device.0.Manufacturer'] } }] }), { session, file: 'type.lwm2m-test.json', pollMs: 50 });
  const first = sb.fleet.find((t) => t.thingTypeName === 'acme:tracker_v2' && t.connectivity === 'online')!.thingName;
  assert.equal(r.thing, first);
  const none = await runTest(file({ target: { thingType: 'no:such_type' }, steps: [{ wait: 1 }] }), { session, file: 'none.lwm2m-test.json' });
  assert.equal(none.status, 'errored');
  assert.equal(none.message, 'no thing of type no:such_type');
  assert.deepEqual(none.note, { id: 'no-thing-of-type', thingType: 'no:such_type' });
  // a thing that does not exist is found before anything is published (its operation shadow is not created)
  const ghost = await runTest(file({ target: { thing: 'no-such-thing' }, steps: [{ request: { operation: 'read', keys: ['Device.0.Manufacturer'] } }] }), { session, file: 'ghost.lwm2m-test.json' });
  assert.equal(ghost.status, 'errored');
  assert.deepEqual(ghost.note, { id: 'no-such-thing', thing: 'no-such-thing' });
  await assert.rejects(session.shadows.get('no-such-thing', 'operation'), (e: { kind?: string }) => e.kind === 'not-found');
  const override = await runTest(file({ target: { thingType: 'no:such_type' }, steps: [{ request: { operation: 'read', keys: ['Device.0.Manufacturer'] } }] }), { session, file: 'o.lwm2m-test.json', thing, pollMs: 50 });
  assert.equal(override.status, 'passed');
});

test('cancellation: the current wait stops, nothing more is published, the rest is skipped', async () => {
  const ac = new AbortController();
  const versionBefore = (await session.shadows.get(thing, 'operation')).version;
  const t0 = Date.now();
  const r = await runTest(file({
    target: { thing },
    steps: [{ wait: 30 }, { request: { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [999] } }],
  }), { session, file: 'cancel.lwm2m-test.json', signal: ac.signal, listener: { stepStarted: () => setTimeout(() => ac.abort(), 50) } });
  assert.ok(Date.now() - t0 < 5000, 'the 30 s wait stopped');
  assert.equal(r.cancelled, true);
  assert.deepEqual(r.steps.map((s) => s.status), ['skipped', 'skipped']);
  assert.equal((await session.shadows.get(thing, 'operation')).version, versionBefore, 'nothing was published');
});

test('a log line and datamodel values within N seconds: found, or named with what was last seen', async () => {
  const ok = await runTest(file({
    target: { thing }, timeoutSeconds: 10,
    steps: [{ request: { operation: 'read', keys: ['Device.0.Battery Level'] }, expect: { log: 'START RequestId', datamodel: { within: 2, values: { 'Device.0.Battery Level': { min: 0, max: 100 } } } } }],
  }), { session, file: 'log.lwm2m-test.json', pollMs: 100 });
  assert.equal(ok.status, 'passed', JSON.stringify(ok.steps));
  const t0 = Date.now();
  const bad = await runTest(file({
    target: { thing }, timeoutSeconds: 1,
    steps: [{ request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { log: 'no such line anywhere', datamodel: { within: 1, values: { 'Device.0.Manufacturer': 'Nordic' } } } }],
  }), { session, file: 'nolog.lwm2m-test.json', pollMs: 100 });
  assert.equal(bad.status, 'failed');
  assert.equal(bad.steps[0].failures.length, 2);
  assert.deepEqual(bad.steps[0].failures[0], { what: 'datamodel["Device.0.Manufacturer"]', expected: '"Nordic"', actual: '"ACME" (after 1 s)' });
  // a log line belongs to its request: the step names the invocation it looked in
  assert.deepEqual({ ...bad.steps[0].failures[1], actual: '' }, { what: 'log', expected: 'a log line containing "no such line anywhere"', actual: '' });
  assert.match(bad.steps[0].failures[1].actual, /^none in this request's Lwm2mOperation invocation \([0-9a-f-]{36}: \(nothing: forwarded to Coiote DM\)\) or in a line naming /);
  assert.ok(Date.now() - t0 < 8000, 'the waits ended at their deadlines');
});
