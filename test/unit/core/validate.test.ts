import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadRegistry, validateOperationDocument, type Diagnostic } from '../../../src/core/index';
import { DATAMODEL, EXECUTE_ARGS_DOC, EXECUTE_DOC, OBSERVE_DOC, VENDOR_DDF, WRITE_DOC } from './fixtures';

/** The single-line range of the n-th occurrence of `needle` in `text` (0-based lines/characters). */
function rangeOf(text: string, needle: string, nth = 0, inner?: string) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" occurs in the text`);
  if (inner) at += needle.indexOf(inner);
  const len = (inner ?? needle).length;
  const before = text.slice(0, at).split('\n');
  const line = before.length - 1;
  const character = before[before.length - 1].length;
  return { start: { line, character }, end: { line, character: character + len } };
}

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const only = (ds: Diagnostic[], code: string) => {
  const found = ds.filter((d) => d.code === code);
  assert.equal(found.length, 1, `exactly one ${code} in ${JSON.stringify(codes(ds))}`);
  return found[0];
};

test('every documented example of the facts page validates without errors or warnings', () => {
  for (const doc of [WRITE_DOC, OBSERVE_DOC, EXECUTE_DOC, EXECUTE_ARGS_DOC]) {
    assert.deepEqual(validateOperationDocument(doc), [], doc);
  }
  // read and readComposite with the special keys, cancelObserve all
  for (const key of ['all', '', '.', '/']) {
    assert.deepEqual(validateOperationDocument(JSON.stringify({ operation: 'read', keys: [key] })), []);
    assert.deepEqual(validateOperationDocument(JSON.stringify({ operation: 'readComposite', keys: [key] })), []);
  }
  assert.deepEqual(validateOperationDocument('{"operation":"cancelObserve","keys":["all"]}'), []);
  assert.deepEqual(validateOperationDocument('{"operation":"read","keys":["Portfolio.5.Identity.1", "Device.0"]}'), []);
  // other sections of a shadow document are allowed
  assert.deepEqual(validateOperationDocument('{"state":{"desired":{"operation":"read","keys":["Device.0"]},"reported":{"operation":"read","failedKeys":[""]}},"version":3}'), []);
});

test('json-syntax: broken JSON gives exact ranges and no crash', () => {
  const t = '{"operation": "read", "keys": ["Device.0",]}';
  const d = only(validateOperationDocument(t), 'json-syntax');
  assert.deepEqual(d.range, rangeOf(t, ',]', 0, ','));
  assert.match(d.message, /trailing comma/);
  const c = '{"operation": "read", // comment\n "keys": ["Device.0"]}';
  assert.match(validateOperationDocument(c)[0].message, /comments are not allowed/);
  assert.equal(validateOperationDocument('')[0].code, 'json-syntax');
  assert.equal(validateOperationDocument('{"operation": "read", "keys": [')[0].code, 'json-syntax');
});

test('a swap of two neighbouring letters is one slip: "raed" suggests "read", "Lifeitme" suggests "Lifetime"', () => {
  const op = only(validateOperationDocument('{"operation": "raed", "keys": ["Device.0"]}'), 'unknown-operation');
  assert.match(op.message, /did you mean "read"/);
  assert.match(only(validateOperationDocument('{"operation": "exceute", "keys": ["Device.0.Reboot"]}'), 'unknown-operation').message, /did you mean "execute"/);
  const key = validateOperationDocument('{"operation": "read", "keys": ["LwM2M Server.1.Lifeitme"]}').find((d) => /Lifeitme/.test(d.message));
  assert.ok(key);
  assert.match(key.message, /did you mean "Lifetime"/);
  // Not everything is a near miss: two swaps in a four-letter name is a different word.
  assert.doesNotMatch(only(validateOperationDocument('{"operation": "aerd", "keys": ["Device.0"]}'), 'unknown-operation').message, /did you mean/);
});

test('unknown-operation: the Lambda answers 406; near misses are suggested', () => {
  const t = '{"operation": "Read", "keys": ["Device.0"]}';
  const d = only(validateOperationDocument(t), 'unknown-operation');
  assert.equal(d.severity, 'error');
  assert.match(d.message, /did you mean "read"/);
  assert.deepEqual(d.range, rangeOf(t, '"Read"'));
  assert.deepEqual(d.path, ['operation']);
  assert.match(only(validateOperationDocument('{"operation": "writeAttribute", "keys": ["Device.0"], "attributes": [{}]}'), 'unknown-operation').message, /"writeAttributes"/);
});

test('missing-operation and missing-keys', () => {
  const t = '{"state": {"desired": {"keys": ["Device.0"]}}}';
  const d = only(validateOperationDocument(t), 'missing-operation');
  assert.deepEqual(d.range, rangeOf(t, '"desired"'));
  assert.deepEqual(d.path, ['state', 'desired']);
  const k = '{"operation": "read"}';
  assert.deepEqual(only(validateOperationDocument(k), 'missing-keys').range, rangeOf(k, '"operation": "read"'));
  const e = '{"operation": "read", "keys": []}';
  assert.deepEqual(only(validateOperationDocument(e), 'missing-keys').range, rangeOf(e, '[]'));
});

test('missing-values and values-length (write)', () => {
  const t = '{"operation": "write", "keys": ["LwM2M Server.1.Lifetime"]}';
  assert.deepEqual(only(validateOperationDocument(t), 'missing-values').range, rangeOf(t, '"operation": "write"'));
  const l = '{"operation": "write", "keys": ["LwM2M Server.1.Lifetime", "Device.0.Timezone"], "values": [300]}';
  const d = only(validateOperationDocument(l), 'values-length');
  assert.deepEqual(d.range, rangeOf(l, '[300]'));
  assert.match(d.message, /1 entry but "keys" has 2/);
});

test('duplicate-key: refused for write (trailing dot stripped), swallowed for read', () => {
  const t = '{"operation": "write", "keys": ["Device.0.Timezone", "Device.0.Timezone."], "values": ["a", "b"]}';
  const d = only(validateOperationDocument(t), 'duplicate-key');
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range, rangeOf(t, '"Device.0.Timezone."'));
  const r = '{"operation": "read", "keys": ["Device.0", "Device.0.Manufacturer"]}';
  const w = only(validateOperationDocument(r), 'duplicate-key');
  assert.equal(w.severity, 'warning');
  assert.deepEqual(w.range, rangeOf(r, '"Device.0.Manufacturer"'));
});

test('execute-single-key and not-executable', () => {
  const t = '{"operation": "execute", "keys": ["Device.0.Reboot", "Device.0.Factory Reset"]}';
  assert.deepEqual(only(validateOperationDocument(t), 'execute-single-key').range, rangeOf(t, '["Device.0.Reboot", "Device.0.Factory Reset"]'));
  const n = '{"operation": "execute", "keys": ["Device.0.Manufacturer"]}';
  assert.deepEqual(only(validateOperationDocument(n), 'not-executable').range, rangeOf(n, 'Manufacturer'));
});

test('missing-attributes, attributes-length, unknown-attribute, attribute values', () => {
  const t = '{"operation": "observe", "keys": ["Device.0.Battery Level"]}';
  assert.ok(codes(validateOperationDocument(t)).includes('missing-attributes'));
  const w = '{"operation": "writeAttributes", "keys": ["Device.0.Battery Level"]}';
  assert.ok(codes(validateOperationDocument(w)).includes('missing-attributes'));
  const l = '{"operation": "observe", "keys": ["Device.0.Battery Level", "Device.0"], "attributes": [{}]}';
  assert.deepEqual(only(validateOperationDocument(l), 'attributes-length').range, rangeOf(l, '[{}]'));
  const u = '{"operation": "observe", "keys": ["Device.0.Battery Level"], "attributes": [{"pmn": 5}]}';
  const d = only(validateOperationDocument(u), 'unknown-attribute');
  assert.deepEqual(d.range, rangeOf(u, '"pmn"'));
  assert.match(d.message, /did you mean "pmin"/);
  const v = '{"operation": "observe", "keys": ["Device.0.Battery Level"], "attributes": [{"pmin": "10", "con": 2}]}';
  assert.deepEqual(validateOperationDocument(v).filter((x) => x.code === 'attribute-value').map((x) => x.range), [rangeOf(v, '"10"'), rangeOf(v, '2}', 0, '2')]);
  assert.deepEqual(validateOperationDocument('{"operation": "observe", "keys": ["Device.0.Battery Level"], "attributes": [{"pmin": null, "con": ""}]}'), []);
  const o = '{"operation": "observe", "keys": ["Device.0.Battery Level"], "attributes": [{"pmin": 60, "pmax": 10}]}';
  assert.equal(only(validateOperationDocument(o), 'attribute-value').severity, 'warning');
});

test('key rules: key-syntax, unknown-object (warning), unknown-resource (error), single-instance', () => {
  const t = '{"operation": "read", "keys": ["Device.x.Manufacturer", "Acme Thing.0", "Device.0.Batery Level", "Device.1"]}';
  const ds = validateOperationDocument(t);
  assert.deepEqual(only(ds, 'key-syntax').range, rangeOf(t, 'Device.x', 0, 'x'));
  const uo = only(ds, 'unknown-object');
  assert.equal(uo.severity, 'warning');
  assert.deepEqual(uo.range, rangeOf(t, 'Acme Thing'));
  const ur = only(ds, 'unknown-resource');
  assert.equal(ur.severity, 'error');
  assert.deepEqual(ur.range, rangeOf(t, 'Batery Level'));
  const si = only(ds, 'single-instance');
  assert.deepEqual(si.range, rangeOf(t, 'Device.1', 0, '1'));
  assert.deepEqual(si.path, ['keys', 3]);
  const sp = only(validateOperationDocument('{"operation": "write", "keys": ["all"], "values": [1]}'), 'key-syntax');
  assert.match(sp.message, /only for read and readComposite/);
});

test('permissions: not-readable, not-writable', () => {
  const r = '{"operation": "read", "keys": ["Device.0.Reboot"]}';
  assert.deepEqual(only(validateOperationDocument(r), 'not-readable').range, rangeOf(r, 'Reboot'));
  const w = '{"operation": "write", "keys": ["Device.0.Battery Level"], "values": [1]}';
  const d = only(validateOperationDocument(w), 'not-writable');
  assert.match(d.message, /allows only R/);
  const i = '{"operation": "write", "keys": ["Device.0"], "values": [1]}';
  assert.match(only(validateOperationDocument(i), 'not-writable').message, /needs a resource key/);
});

test('value-type, value-range, comma-in-value, python literals', () => {
  const t = '{"operation": "write", "keys": ["LwM2M Server.1.Lifetime", "Device.0.Timezone", "Device.0.UTC Offset", "Device.0.Current Time"], "values": ["abc", "a,b", true, null]}';
  const ds = validateOperationDocument(t);
  assert.deepEqual(ds.find((d) => d.path[1] === 0)!.range, rangeOf(t, '"abc"'));
  assert.equal(ds.find((d) => d.path[1] === 0)!.code, 'value-type');
  assert.deepEqual(only(ds, 'comma-in-value').range, rangeOf(t, '"a,b"', 0, ','));
  const lit = ds.filter((d) => d.code === 'python-literal' || d.code === 'value-type');
  assert.ok(lit.length >= 2);
  assert.equal(ds.find((d) => d.path[1] === 3)!.code, 'python-literal');
  // numbers may be numeric strings; ranges are checked
  assert.deepEqual(validateOperationDocument('{"operation": "write", "keys": ["LwM2M Server.1.Lifetime"], "values": ["300"]}'), []);
  const reg = loadRegistry();
  const obj = reg.objects().find((o) => o.resources.some((x) => x.range === '0..100' && x.operations.includes('W') && x.type === 'Integer'))!;
  const res = obj.resources.find((x) => x.range === '0..100' && x.operations.includes('W') && x.type === 'Integer')!;
  const key = `${obj.name}.0.${res.name}`;
  const range = `{"operation": "write", "keys": ["${key}"], "values": [101]}`;
  assert.deepEqual(only(validateOperationDocument(range), 'value-range').range, rangeOf(range, '101'));
  assert.deepEqual(validateOperationDocument(`{"operation": "write", "keys": ["${key}"], "values": ["100"]}`), []);
  const key2 = '{"operation": "read", "keys": ["Device.0.Manufacturer,Device.0.Model Number"]}';
  assert.ok(codes(validateOperationDocument(key2)).includes('comma-in-value'));
});

test('ignored-field: fields that never reach Coiote, and fields the operation ignores', () => {
  const t = '{"state": {"desired": {"operation": "read", "keys": ["Device.0"], "value": [1], "arguments": "x"}}}';
  const ds = validateOperationDocument(t).filter((d) => d.code === 'ignored-field');
  assert.deepEqual(ds.map((d) => d.range), [rangeOf(t, '"value"'), rangeOf(t, '"arguments"')]);
  assert.ok(ds.every((d) => d.severity === 'warning'));
  assert.match(ds[0].message, /did you mean "values"/);
});

test('instance-not-in-datamodel and vendor names known from the datamodel', () => {
  const t = '{"operation": "read", "keys": ["Temperature.2.Sensor Value", "Configuration.0.Sample Interval", "Device.0"]}';
  const ds = validateOperationDocument(t, { datamodel: DATAMODEL });
  const d = only(ds, 'instance-not-in-datamodel');
  assert.equal(d.severity, 'warning');
  assert.deepEqual(d.range, rangeOf(t, 'Temperature.2', 0, '2'));
  assert.ok(!codes(ds).includes('unknown-object'), 'Configuration is known from the datamodel');
  const r = loadRegistry({ vendorDdf: [{ file: 'c.xml', text: VENDOR_DDF }] });
  const w = '{"operation": "write", "keys": ["Configuration.0.Sample Interval"], "values": [0]}';
  assert.deepEqual(codes(validateOperationDocument(w, { registry: r, datamodel: DATAMODEL })), ['value-range']);
});

test('shadow-too-large and nesting-too-deep', () => {
  const keys = Array.from({ length: 400 }, (_, i) => `Device.0.Manufacturer`.replace('Manufacturer', i % 2 ? 'Model Number' : 'Serial Number'));
  const big = JSON.stringify({ state: { desired: { operation: 'readComposite', keys, pad: 'x'.repeat(100) } } });
  assert.ok(big.length > 8192);
  assert.ok(codes(validateOperationDocument(big)).includes('shadow-too-large'));
  const deep = '{"operation": "read", "keys": ["Device.0"], "x": {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}}';
  const d = only(validateOperationDocument(deep), 'nesting-too-deep');
  assert.deepEqual(d.path, ['x', 'a', 'b', 'c', 'd', 'e']);
  assert.ok(!codes(validateOperationDocument('{"operation": "read", "keys": ["Device.0"], "x": {"a": {"b": {"c": {"d": 1}}}}}')).includes('nesting-too-deep'));
});

test('positions: CRLF line ends, and an offset inside a CRLF belongs to the end of its line', async () => {
  const { LineIndex } = await import('../../../src/core/index');
  const li = new LineIndex('ab\r\ncd\ref\ng');
  assert.deepEqual(li.position(2), { line: 0, character: 2 });
  assert.deepEqual(li.position(3), { line: 0, character: 2 });
  assert.deepEqual(li.position(4), { line: 1, character: 0 });
  assert.deepEqual(li.position(7), { line: 2, character: 0 });
  assert.deepEqual(li.position(10), { line: 3, character: 0 });
  const t = '{"operation": "Read",\r\n "keys": ["Device.0"]}';
  assert.deepEqual(validateOperationDocument(t)[0].range, { start: { line: 0, character: 14 }, end: { line: 0, character: 20 } });
});

test('duplicate keys are refused for observe and writeAttributes, dropped for observeComposite', () => {
  for (const op of ['observe', 'writeAttributes']) {
    const t = `{"operation": "${op}", "keys": ["Device.0.Battery Level", "Device.0.Battery Level"], "attributes": [{}, {}]}`;
    const d = only(validateOperationDocument(t), 'duplicate-key');
    assert.equal(d.severity, 'error', op);
    assert.deepEqual(d.range, rangeOf(t, '"Device.0.Battery Level"', 1));
    assert.deepEqual(d.path, ['keys', 1]);
  }
  const c = '{"operation": "observeComposite", "keys": ["Device.0.Battery Level", "Device.0.Battery Level"]}';
  assert.equal(only(validateOperationDocument(c), 'duplicate-key').severity, 'warning');
  const all = '{"operation": "cancelObserve", "keys": ["Device.0", "all"]}';
  assert.equal(only(validateOperationDocument(all), 'duplicate-key').severity, 'warning');
});

test('a document without desired is reported as info only; the stored empty operation shadow is fine', () => {
  const ds = validateOperationDocument('{"state": {}}');
  assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['no-request', 'info']]);
  assert.deepEqual(validateOperationDocument('{"state":{"desired":{"operation":"read","keys":["Device.0"]}},"metadata":{"desired":{"operation":{"timestamp":1}}},"version":7,"timestamp":1735689600}'), []);
});

test('every diagnostic code emitted is documented in DIAGNOSTIC_CODES', async () => {
  const { DIAGNOSTIC_CODES } = await import('../../../src/core/index');
  const docs = ['{', '{"operation":"x","keys":["a,b","Device.9","Device.0.Reboot"],"values":[null],"foo":1}', '{"operation":"write","keys":["Device.0.Timezone"]}',
    '{"operation":"observe","keys":["Device.0.Battery Level"],"attributes":[{"x":1,"pmin":-1}]}', '{"state":{}}', '{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":["x",1]}'];
  for (const t of docs) for (const d of validateOperationDocument(t, { datamodel: DATAMODEL })) assert.ok(DIAGNOSTIC_CODES[d.code], d.code);
});

test('value-type: 1.0 or 1e2 for an integer resource travels as the float text "1.0" / "100.0"', () => {
  const text = '{"operation":"write","keys":["LwM2M Server.1.Lifetime","LwM2M Server.1.Default Minimum Period"],"values":[1.0,1e2]}';
  const ds = validateOperationDocument(text).filter((d) => d.code === 'value-type');
  assert.equal(ds.length, 2, JSON.stringify(ds));
  assert.deepEqual(ds[0].range, rangeOf(text, '1.0'));
  assert.match(ds[0].message, /"1\.0".*write 1$/);
  assert.deepEqual(ds[1].range, rangeOf(text, '1e2'));
  assert.match(ds[1].message, /"100\.0".*write 100$/);
  assert.equal(ds[0].severity, 'error');
  // The same numbers written as integers, or a float for a Float resource, are fine.
  assert.deepEqual(validateOperationDocument('{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":[100]}'), []);
  assert.deepEqual(codes(validateOperationDocument('{"operation":"write","keys":["Location.0.Radius"],"values":[1.0]}')).filter((c) => c === 'value-type'), []);
});
