// Device check files read as a user writes them: the format's problems with ranges, each step's request
// checked like an operation document, completion and hover inside requests, captures.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { completeInTestDocument, executesOnDevice, hoverInTestDocument, loadRegistry, plannedOperations, readTestFile, savedTestText, validateTestDocument } from '../../../src/core/index';
import { checkFirmwareVerdict } from '../../../src/core/tests/firmwareExpectations';
import { placeholdersIn, substituteAll } from '../../../src/core/tests/captures';

const GOOD = `{
  "name": "lifetime",
  "target": { "thingType": "acme:tracker_v2" },
  "steps": [
    { "request": { "operation": "read", "keys": ["LwM2M Server.1.Lifetime"] },
      "capture": { "lifetime": "LwM2M Server.1.Lifetime" },
      "expect": { "values": { "LwM2M Server.1.Lifetime": { "min": 1 } }, "failedKeys": [] } },
    { "wait": 2 },
    { "name": "put it back", "request": { "operation": "write", "keys": ["LwM2M Server.1.Lifetime"], "values": ["\${lifetime}"] } }
  ]
}`;

test('a good file: target, steps with names and lines, no problems', () => {
  const { test: t, problems } = readTestFile(GOOD);
  assert.deepEqual(problems, []);
  assert.deepEqual(validateTestDocument(GOOD), []);
  assert.ok(t);
  assert.deepEqual(t.target, { thingType: 'acme:tracker_v2' });
  assert.equal(t.timeoutSeconds, 30);
  assert.deepEqual(t.steps.map((s) => [s.name, s.range.start.line]), [
    ['1. read LwM2M Server.1.Lifetime', 4], ['2. wait 2 s', 7], ['3. put it back', 8],
  ]);
  assert.deepEqual(t.steps[0].capture, { lifetime: 'LwM2M Server.1.Lifetime' });
  assert.deepEqual(t.steps[0].expect, { values: { 'LwM2M Server.1.Lifetime': { min: 1 } }, failedKeys: [] });
});

test("a step's request gets the operation document's diagnostics at the test file's own positions", () => {
  const text = GOOD.replace('"operation": "read"', '"operation": "Read"');
  const ds = validateTestDocument(text);
  const d = ds.find((x) => x.code === 'unknown-operation');
  assert.ok(d, JSON.stringify(ds));
  assert.equal(d.severity, 'error');
  assert.match(d.message, /did you mean "read"/);
  assert.deepEqual(d.range.start, { line: 4, character: 32 });
  assert.deepEqual(d.path, ['steps', 0, 'request', 'operation']);
  // a key the Device object does not have, in the third step
  const bad = validateTestDocument(GOOD.replace('"write", "keys": ["LwM2M Server.1.Lifetime"]', '"write", "keys": ["Device.0.Battery Level"]'));
  assert.ok(bad.some((x) => x.code === 'not-writable' && x.range.start.line === 8), JSON.stringify(bad));
});

test('a placeholder value is not judged as a value; an unknown placeholder is an error', () => {
  assert.ok(!validateTestDocument(GOOD).some((d) => d.code === 'value-type'));
  const ds = validateTestDocument(GOOD.replace('"${lifetime}"', '"${lifetme}"'));
  const d = ds.find((x) => x.code === 'test-unknown-capture');
  assert.ok(d, JSON.stringify(ds));
  assert.equal(d.range.start.line, 8);
  assert.match(d.message, /"\$\{lifetme\}" is not captured by an earlier step/);
});

test('a request the step expects to be refused: its errors become information', () => {
  const text = `{"target":{"thing":"t1"},"steps":[{"request":{"operation":"write","keys":["Device.0.Timezone","Device.0.Timezone"],"values":["a","b"]},"expect":{"refused":"keys must be unique"}}]}`;
  const ds = validateTestDocument(text);
  const dup = ds.find((d) => d.code === 'duplicate-key');
  assert.ok(dup);
  assert.equal(dup.severity, 'info');
  assert.match(dup.message, /expects the refusal/);
  assert.ok(!ds.some((d) => d.severity === 'error'));
});

test('format problems, each with a range', () => {
  const cases: [string, string, number][] = [
    ['{"steps": []}', 'test-no-steps', 0],
    ['{"steps": [{"request": {"operation":"read","keys":["Device.0"]}, "wait": 3}]}', 'test-step-kind', 0],
    ['{"steps": [{"wait": -1}]}', 'test-wrong-type', 0],
    ['{"target": {"thing": "a b"}, "steps": [{"wait": 1}]}', 'test-target', 0],
    ['{"steps": [{"request": {"operation":"read","keys":["Device.0"]}, "expect": {"values": {"Device.0.Manufacturer": {"pattern": "("}}}}]}', 'test-matcher', 0],
    ['{"steps": [{"request": {"operation":"read","keys":["Device.0"]}, "expect": {"values": {"Device.0.Manufacturer": {"min": 5, "max": 1}}}}]}', 'test-matcher', 0],
    ['{"steps": [{"request": {"operation":"read","keys":["Device.0"]}, "expect": {"refused": true, "failedKeys": []}}]}', 'test-conflict', 0],
    ['{"steps": [{"request": {"operation":"read","keys":["Device.0"]}, "expect": {"valeus": {}}}]}', 'test-unknown-field', 0],
    ['{"steps": [{"wait": 1}],\n "stesp": 1}', 'test-unknown-field', 1],
    ['{"steps": [{"wait": 1},]}', 'json-syntax', 0],
  ];
  for (const [text, code, line] of cases) {
    const ds = validateTestDocument(text);
    const d = ds.find((x) => x.code === code);
    assert.ok(d, `${text}: ${JSON.stringify(ds)}`);
    assert.equal(d.range.start.line, line, text);
  }
  assert.equal(readTestFile('[1]').test, undefined);
  assert.equal(readTestFile('{"steps": []}').test, undefined);
});

test('completion and hover inside a request are the operation document\'s; elsewhere nothing', () => {
  const text = '{"steps": [{"request": {"operation": "read", "keys": ["Device.0.Firm"]}}]}';
  const offset = text.indexOf('Firm"') + 4;
  const items = completeInTestDocument(text, offset);
  assert.ok(items.some((i) => i.label === 'Firmware Version'), JSON.stringify(items.map((i) => i.label)));
  assert.deepEqual(completeInTestDocument(text, text.indexOf('steps')), []);
  const ops = completeInTestDocument('{"steps": [{"request": {"operation": ""}}]}', '{"steps": [{"request": {"operation": "'.length);
  assert.ok(ops.some((i) => i.label === 'observe'));
  const hover = hoverInTestDocument(text, text.indexOf('"keys"') + 2);
  assert.ok(hover && /keys/i.test(hover.markdown));
  assert.equal(hoverInTestDocument(text, 3), undefined);
});

test('captures: placeholders found by path and replaced in every string', () => {
  const req = { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: ['${lifetime}', 'x${a}y'] };
  assert.deepEqual(placeholdersIn(req), [{ name: 'lifetime', path: ['values', 0] }, { name: 'a', path: ['values', 1] }]);
  assert.deepEqual(substituteAll(req, new Map([['lifetime', '86400'], ['a', '-']])).values, ['86400', 'x-y']);
  assert.deepEqual(substituteAll(req, new Map()).values, ['${lifetime}', 'x${a}y']);
});

test('the shipped JSON schema accepts the examples and refuses what the reader refuses', () => {
  const Ajv = require('ajv') as typeof import('ajv').default;
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(JSON.parse(readFileSync(path.join(root, 'schemas', 'operation-shadow.schema.json'), 'utf8')), 'operation-shadow.schema.json');
  const check = ajv.compile(JSON.parse(readFileSync(path.join(root, 'schemas', 'lwm2m-test.schema.json'), 'utf8')));
  const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.lwm2m-test.json'));
  assert.equal(examples.length, 4);
  for (const f of examples) {
    const text = readFileSync(path.join(root, 'examples', f), 'utf8');
    assert.ok(check(JSON.parse(text)), `${f}: ${JSON.stringify(check.errors)}`);
    assert.deepEqual(validateTestDocument(text).filter((d) => d.severity !== 'info'), [], f);
  }
  for (const bad of ['{"steps": []}', '{"steps": [{"wait": 1, "request": {"operation": "read", "keys": ["Device.0"]}}]}', '{"target": {"thing": "a", "thingType": "b"}, "steps": [{"wait": 1}]}', '{"steps": [{"request": {"operation": "read", "keys": ["Device.0"]}, "expect": {"values": {"k": {"min": "1"}}}}]}']) {
    assert.equal(check(JSON.parse(bad)), false, bad);
    assert.ok(validateTestDocument(bad).some((d) => d.severity === 'error'), bad);
  }
});

test('Save as Test: the request and its answer as the expectation; times "changed", measurements a pattern, stale keys left out', () => {
  const text = savedTestText({
    thing: 'urn:imei:1',
    request: { operation: 'read', keys: ['Device.0'] },
    result: {
      operation: 'read', failedKeys: [], values: [
        { key: 'Device.0.Manufacturer', value: 'ACME' }, { key: 'Device.0.Current Time', value: '1796136178' },
        { key: 'Device.0.Battery Level', value: '49' }, { key: 'LwM2M Server.1.Lifetime', value: '300' },
      ],
    },
  }, loadRegistry());
  const saved = JSON.parse(text);
  assert.deepEqual(saved, {
    name: 'read on urn:imei:1', target: { thing: 'urn:imei:1' },
    steps: [{ request: { operation: 'read', keys: ['Device.0'] }, expect: { failedKeys: [], values: {
      'Device.0.Manufacturer': 'ACME', 'Device.0.Current Time': { changed: true }, 'Device.0.Battery Level': { pattern: '^-?\\d+$' },
    } } }],
  });
  assert.deepEqual(validateTestDocument(text), []);
  const write = JSON.parse(savedTestText({ thing: 't', request: { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [300] }, result: { failedKeys: ['LwM2M Server.1.Lifetime'], values: [] } }, loadRegistry()));
  assert.deepEqual(write.steps[0].expect, { failedKeys: ['LwM2M Server.1.Lifetime'] });
});

test('keys in expectations and captures complete and hover like keys of a request, at their own positions', () => {
  const text = '{"steps": [{"request": {"operation": "read", "keys": ["Device.0"]},\n  "capture": {"fw": "Device.0.Firm"},\n  "expect": {"values": {"LwM2M Server.1.Life": 1}, "datamodel": {"values": {"Device.0.Battery Level": {"min": 0}}}}}]}';
  const inCapture = text.indexOf('Firm"') + 4;
  const items = completeInTestDocument(text, inCapture);
  const fw = items.find((i) => i.label === 'Firmware Version');
  assert.ok(fw, JSON.stringify(items.map((i) => i.label)));
  const start = text.indexOf('Firm');
  assert.deepEqual(fw.range.start, { line: 1, character: start - text.indexOf('\n') - 1 });
  const inValues = text.indexOf('Life"') + 4;
  assert.ok(completeInTestDocument(text, inValues).some((i) => i.label === 'Lifetime'));
  const hover = hoverInTestDocument(text, text.indexOf('Battery Level') + 3);
  assert.ok(hover && /\/3\/0\/9/.test(hover.markdown), hover?.markdown);
  assert.equal(hover.range.start.line, 2);
  // an expected value is not a key
  const valueText = '{"steps": [{"request": {"operation": "read", "keys": ["Device.0"]}, "expect": {"values": {"Device.0.Manufacturer": "AC"}}}]}';
  assert.deepEqual(completeInTestDocument(valueText, valueText.indexOf('"AC"') + 2), []);
});

test('the run confirmation lists what each publishing step sends, and nothing for waits', () => {
  const { test: t } = readTestFile(JSON.stringify({
    target: { thing: 'x' },
    steps: [
      { request: { operation: 'execute', keys: ['Device.0.Factory Reset'] } },
      { wait: 2 },
      { request: { operation: 'write', keys: ['LwM2M Server.1.Lifetime', 'Device.0.Timezone'], values: [1, 'a'] } },
      { request: { operation: 'deregister' } },
    ],
  }));
  assert.deepEqual(plannedOperations(t!), ['execute Device.0.Factory Reset', 'write LwM2M Server.1.Lifetime, Device.0.Timezone', 'deregister']);
});

test('a firmware update step: a file or a URL, the Update Result and Firmware Version expected; planned as the execute it is', () => {
  const text = `{
  "target": { "thingType": "nordic:thingy91" },
  "steps": [
    { "name": "flash the build", "firmwareUpdate": { "file": "build/app-1.4.3.bin" }, "expect": { "updateResult": 1, "firmwareVersion": "1.4.3" } },
    { "firmwareUpdate": { "url": "coap://192.0.2.1/fw/app.bin", "timeoutSeconds": 120 }, "expect": { "updateResult": 5 } },
    { "firmwareUpdate": { "file": "a.bin" } }
  ]
}`;
  const { test: t, problems } = readTestFile(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(validateTestDocument(text), []);
  assert.ok(t);
  assert.deepEqual(t.steps.map((s) => [s.name, s.firmwareUpdate, s.expect, s.request]), [
    ['1. flash the build', { file: 'build/app-1.4.3.bin' }, { updateResult: 1, firmwareVersion: '1.4.3' }, undefined],
    ['2. firmware update coap://192.0.2.1/fw/app.bin', { url: 'coap://192.0.2.1/fw/app.bin', timeoutSeconds: 120 }, { updateResult: 5 }, undefined],
    ['3. firmware update a.bin', { file: 'a.bin' }, {}, undefined],
  ]);
  assert.deepEqual(plannedOperations(t), [
    'firmware update (write Firmware Update.0.Package URI, execute Firmware Update.0.Update) from build/app-1.4.3.bin',
    'firmware update (write Firmware Update.0.Package URI, execute Firmware Update.0.Update) from coap://192.0.2.1/fw/app.bin',
    'firmware update (write Firmware Update.0.Package URI, execute Firmware Update.0.Update) from a.bin',
  ]);
  assert.ok(t.steps.every(executesOnDevice), 'each one executes Update: confirmed like an execute');
});

test('a firmware update step is checked as strictly as the others: unknown fields, both or neither of file and url, bad expectations', () => {
  const problems = (step: string) => readTestFile(`{ "target": { "thing": "t" }, "steps": [${step}] }`).problems.map((p) => [p.code, p.severity, p.message]);
  assert.deepEqual(problems('{ "firmwareUpdate": { "fil": "a.bin" } }'), [
    ['test-unknown-field', 'error', 'unknown field "fil" in "firmwareUpdate": did you mean "file"? expected file, url, timeoutSeconds'],
    ['test-firmware', 'error', '"firmwareUpdate" must be {"file": "<path relative to this file>"} or {"url": "<Package URI>"}: give one of the two'],
  ]);
  assert.deepEqual(problems('{ "firmwareUpdate": { "file": "a.bin", "url": "http://x/a.bin" } }').map((p) => p[0]), ['test-firmware']);
  assert.deepEqual(problems('{ "firmwareUpdate": { "file": "a.bin" }, "expect": { "updateResul": 1, "values": {} } }').map((p) => p[2]), [
    'unknown field "updateResul" in "expect" of a firmware update: did you mean "updateResult"? expected updateResult, firmwareVersion',
    'unknown field "values" in "expect" of a firmware update: expected updateResult, firmwareVersion',
  ]);
  assert.deepEqual(problems('{ "firmwareUpdate": { "file": "a.bin" }, "expect": { "updateResult": 12, "firmwareVersion": { "patern": "1" } } }').map((p) => p[0]), ['test-wrong-type', 'test-matcher']);
  assert.deepEqual(problems('{ "firmwareUpdate": { "file": "a.bin" }, "request": { "operation": "read", "keys": ["Device.0"] } }').map((p) => p[0]), ['test-step-kind']);
  assert.deepEqual(problems('{ "firmwareUpdate": { "file": "a.bin" }, "capture": { "v": "Device.0.Firmware Version" } }').map((p) => p[0]), ['test-step-kind']);
  // the URL gets the Package URI check: a comma is an error; longer than the object's 255 bytes only a warning
  assert.deepEqual(problems('{ "firmwareUpdate": { "url": "http://x/a,b.bin" } }').map((p) => [p[0], p[1]]), [['test-firmware', 'error']]);
  assert.deepEqual(problems(`{ "firmwareUpdate": { "url": "https://x/${'a'.repeat(300)}.bin" } }`).map((p) => [p[0], p[1]]), [['test-firmware', 'warning']]);
  // "expect" with no kind of step still says what a step needs
  assert.match(String(problems('{ "expect": { "updateResult": 1 } }')[0][2]), /"firmwareUpdate"/);
});

test('a firmware verdict against the expectations: the Update Result by its registry name, the version after', () => {
  assert.deepEqual(checkFirmwareVerdict({}, { kind: 'updated', from: '1.4.2', to: '1.4.3', versionChanged: true }), []);
  assert.deepEqual(checkFirmwareVerdict({ firmwareVersion: '1.4.3' }, { kind: 'failed', phase: 'download', updateResult: 5, firmwareVersion: '1.4.2' }), [
    { what: 'updateResult', expected: 'Update Result 1 (success)', actual: 'Update Result 5 (integrity check failure)' },
    { what: 'firmwareVersion', expected: '"1.4.3"', actual: '"1.4.2"' },
  ]);
  assert.deepEqual(checkFirmwareVerdict({ updateResult: 5 }, { kind: 'failed', phase: 'download', updateResult: 5, firmwareVersion: '1.4.2' }), []);
  assert.deepEqual(checkFirmwareVerdict({ firmwareVersion: { changed: true } }, { kind: 'updated', from: '1.4.2', to: '1.4.2', versionChanged: false }, '1.4.2'), [
    { what: 'firmwareVersion', expected: 'a value other than "1.4.2"', actual: '"1.4.2"' },
  ]);
  assert.deepEqual(checkFirmwareVerdict({}, { kind: 'timeout', stage: 'downloading', state: 1 }), [
    { what: 'updateResult', expected: 'Update Result 1 (success)', actual: 'no verdict in time while downloading: last State 1 (Downloading)' },
  ]);
});
