// Quick fixes of operation documents (issue 14): each fix is applied to the text, which must then parse and
// no longer have the problem it fixes (nor any new error).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineIndex, loadRegistry, parseRange, quickFixes, validateOperationDocument, type Diagnostic, type QuickFix, type ResourceDef, type ValidateOptions } from '../../../src/core/index';
import { DATAMODEL } from './fixtures';

function apply(text: string, fix: QuickFix): string {
  const lines = new LineIndex(text);
  const edits = fix.edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i].end <= edits[i - 1].start, 'edits do not overlap');
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);

/** The one diagnostic with `code` in the text, and its fixes. */
function fixesOf(text: string, code: string, options: ValidateOptions = {}, nth = 0): { problem: Diagnostic; fixes: QuickFix[] } {
  const found = validateOperationDocument(text, options).filter((d) => d.code === code);
  assert.ok(found.length > nth, `a ${code} problem in ${text}: ${JSON.stringify(validateOperationDocument(text, options).map((d) => d.code))}`);
  const problem = found[nth];
  return { problem, fixes: quickFixes(text, [problem], options)[0] };
}

/**
 * Applies the fix of a `code` problem (the first, or the one of `kind`): the result parses, has no problem
 * with that code left at that place, no errors at all unless `errorsLeft`, and is returned parsed.
 */
function fixed(text: string, code: string, options: ValidateOptions = {}, pick?: (f: QuickFix) => boolean): { text: string; value: Record<string, unknown> } {
  const { problem, fixes } = fixesOf(text, code, options);
  const fix = pick ? fixes.find(pick) : fixes[0];
  assert.ok(fix, `a fix for ${code}: ${problem.message}`);
  const out = apply(text, fix);
  const value = JSON.parse(out) as Record<string, unknown>;
  const after = validateOperationDocument(out, options);
  assert.deepEqual(errors(after), [], `after "${fix.kind} ${fix.subject}":\n${out}`);
  assert.ok(!after.some((d) => d.code === code && JSON.stringify(d.path) === JSON.stringify(problem.path)), `${code} is still there:\n${out}`);
  return { text: out, value };
}

const desired = (v: Record<string, unknown>) => ((v.state as Record<string, unknown> | undefined)?.desired ?? v) as Record<string, unknown>;
const shadowText = (req: unknown, indent = 2) => JSON.stringify({ state: { desired: req }, version: 7 }, null, indent) + '\n';

test('a key the operation cannot take is removed with its value; the only key is never removed', () => {
  const text = shadowText({ operation: 'write', keys: ['Device.0.Manufacturer', 'Device.0.UTC Offset'], values: ['ACME', '+02:00'] });
  const { fixes } = fixesOf(text, 'not-writable');
  assert.deepEqual(fixes.map((f) => [f.kind, f.subject, f.preferred]), [['remove-key', 'Device.0.Manufacturer', true]]);
  assert.deepEqual(desired(fixed(text, 'not-writable').value), { operation: 'write', keys: ['Device.0.UTC Offset'], values: ['+02:00'] });

  // the last key, and attributes along with it
  const observe = shadowText({ operation: 'observe', keys: ['Device.0.Battery Level', 'Device.0.Reboot'], attributes: [{ pmin: 10 }, {}] });
  assert.deepEqual(desired(fixed(observe, 'not-readable').value), { operation: 'observe', keys: ['Device.0.Battery Level'], attributes: [{ pmin: 10 }] });

  const only = shadowText({ operation: 'write', keys: ['Device.0.Manufacturer'], values: ['ACME'] });
  assert.deepEqual(fixesOf(only, 'not-writable').fixes, []);
});

test('a repeated key is removed with its value', () => {
  const text = '{"operation": "write", "keys": ["Device.0.UTC Offset", "Device.0.UTC Offset."], "values": ["+01:00", "+02:00"]}';
  assert.deepEqual(fixed(text, 'duplicate-key').value, { operation: 'write', keys: ['Device.0.UTC Offset'], values: ['+01:00'] });
});

test('a write without values gets one placeholder per key that its resource accepts', () => {
  const text = shadowText({ operation: 'write', keys: ['LwM2M Server.1.Lifetime', 'Device.0.UTC Offset', 'LwM2M Server.1.Notification Storing When Disabled or Offline'] });
  const { fixes } = fixesOf(text, 'missing-values');
  assert.deepEqual(fixes.map((f) => [f.kind, f.subject]), [['add-field', 'values']]);
  const out = fixed(text, 'missing-values');
  assert.deepEqual(desired(out.value).values, [0, '', 'false']);
  // no warning either: the placeholders are what the resources take
  assert.deepEqual(validateOperationDocument(out.text), []);
  // inserted in the document's own layout
  assert.match(out.text, /Offline"\n {6}\],\n {6}"values": \[0, "", "false"\]\n {4}\}/);
  // and on the line of the last field when the request is on one line
  assert.match(fixed('{"operation":"write","keys":["Device.0.UTC Offset"]}', 'missing-values').text, /^\{"operation":"write","keys":\["Device.0.UTC Offset"\], "values": \[""\]\}$/);
});

test('every writable resource of the registry gets a placeholder it accepts', () => {
  const registry = loadRegistry();
  let checked = 0;
  for (const obj of registry.objects()) {
    // (a definition no value satisfies, e.g. a Float whose enumeration is "ON, OFF", is left out)
    const satisfiable = (r: ResourceDef) => !(['Integer', 'Unsigned Integer', 'Float', 'Time'].includes(r.type) && parseRange(r.range, r.type)?.kind === 'list'
      && (parseRange(r.range, r.type) as { items: string[] }).items.every((i) => !Number.isFinite(Number(i))));
    const keys = obj.resources.filter((r) => r.operations.includes('W') && !r.name.includes(',') && satisfiable(r)).map((r) => `${obj.name}.0.${r.name}`);
    if (!keys.length) continue;
    const text = JSON.stringify({ operation: 'write', keys });
    if (errors(validateOperationDocument(text, { registry })).some((e) => !e.startsWith('missing-values'))) continue;
    fixed(text, 'missing-values', { registry });
    checked += keys.length;
  }
  assert.ok(checked > 300, `${checked} resources checked`);
});

test('observe and writeAttributes without attributes get {} per key', () => {
  for (const operation of ['observe', 'writeAttributes']) {
    const text = shadowText({ operation, keys: ['Temperature.0.Sensor Value', 'Device.0.Battery Level'] });
    assert.deepEqual(desired(fixed(text, 'missing-attributes').value).attributes, [{}, {}]);
  }
});

test('values and attributes are fitted to the keys: extra entries dropped, missing ones added', () => {
  const long = '{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":[300, "x", 4]}';
  assert.deepEqual(fixed(long, 'values-length').value.values, [300]);
  const short = '{"operation":"write","keys":["Device.0.UTC Offset","LwM2M Server.1.Lifetime"],"values":["\\u002B02:00"]}';
  const out = fixed(short, 'values-length', {}, (f) => f.kind === 'fit-field');
  // the entry kept is kept as written
  assert.match(out.text, /"values":\["\\u002B02:00", 0\]/);
  const attrs = '{"operation":"observe","keys":["Device.0.Battery Level","Temperature.0.Sensor Value"],"attributes":[{"pmin":5}]}';
  assert.deepEqual(fixed(attrs, 'attributes-length').value.attributes, [{ pmin: 5 }, {}]);
});

test('an execute of several keys offers to execute each one alone', () => {
  const text = shadowText({ operation: 'execute', keys: ['Device.0.Reboot', 'Device.0.Factory Reset'] });
  const { fixes } = fixesOf(text, 'execute-single-key');
  assert.deepEqual(fixes.map((f) => [f.kind, f.subject, f.preferred]), [['keep-key', 'Device.0.Reboot', false], ['keep-key', 'Device.0.Factory Reset', false]]);
  assert.deepEqual(desired(fixed(text, 'execute-single-key', {}, (f) => f.subject === 'Device.0.Factory Reset').value).keys, ['Device.0.Factory Reset']);
});

test('misspelt names change to the intended one, as the problem says', () => {
  const text = shadowText({ operation: 'Observe', keys: ['Device.0.Battery Levle', 'Devce.0.Manufacturer', 'Device.0.13'], attributes: [{ pmn: 10 }, {}, {}] });
  const check = (code: string, subject: string) => {
    const { fixes } = fixesOf(text, code);
    assert.deepEqual(fixes.map((f) => [f.kind, f.subject, f.preferred]), [['change', subject, true]]);
  };
  check('unknown-operation', '"observe"');
  check('unknown-attribute', '"pmin"');
  check('unknown-object', '"Device.0.Manufacturer"');
  // all problems at once, applied one after the other as a user would
  let cur = text;
  for (const code of ['unknown-operation', 'unknown-attribute', 'unknown-resource', 'unknown-resource', 'unknown-object']) {
    const { fixes } = fixesOf(cur, code);
    assert.equal(fixes.length, 1, `${code} in ${cur}`);
    cur = apply(cur, fixes[0]);
  }
  assert.deepEqual(desired(JSON.parse(cur)), { operation: 'observe', keys: ['Device.0.Battery Level', 'Device.0.Manufacturer', 'Device.0.Current Time'], attributes: [{ pmin: 10 }, {}, {}] });
  assert.deepEqual(errors(validateOperationDocument(cur)), []);
});

test('a misspelt or ignored field is renamed or removed', () => {
  const typo = '{"operation":"write","keys":["Device.0.UTC Offset"],"valeus":["+02:00"]}';
  const { fixes } = fixesOf(typo, 'ignored-field');
  assert.deepEqual(fixes.map((f) => [f.kind, f.subject, f.preferred]), [['change', '"values"', true], ['remove-field', 'valeus', false]]);
  assert.deepEqual(fixed(typo, 'ignored-field').value, { operation: 'write', keys: ['Device.0.UTC Offset'], values: ['+02:00'] });
  const ignored = shadowText({ operation: 'read', keys: ['Device.0'], values: [1] });
  assert.deepEqual(desired(fixed(ignored, 'ignored-field').value), { operation: 'read', keys: ['Device.0'] });
  assert.deepEqual(validateOperationDocument(fixed(ignored, 'ignored-field').text), []);
  const noArgs = '{\n  "operation": "execute",\n  "arguments": null,\n  "keys": ["Device.0.Reboot"]\n}';
  const out = fixed(noArgs, 'ignored-field');
  assert.equal(out.text, '{\n  "operation": "execute",\n  "keys": ["Device.0.Reboot"]\n}');
  assert.deepEqual(validateOperationDocument(out.text), []);
});

test('keys with an impossible instance, a float for an integer, JSON true for a text get the one correction', () => {
  assert.deepEqual(fixed('{"operation":"read","keys":["Device.1.Manufacturer"]}', 'single-instance').value.keys, ['Device.0.Manufacturer']);
  assert.deepEqual(fixed('{"operation":"read","keys":["Device.0.Manufacturer.0"]}', 'key-syntax').value.keys, ['Device.0.Manufacturer']);
  const float = fixed('{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":[300.0]}', 'value-type');
  assert.match(float.text, /"values":\[300\]/);
  const bool = fixed('{"operation":"write","keys":["LwM2M Server.1.Notification Storing When Disabled or Offline"],"values":[true]}', 'python-literal');
  assert.deepEqual(bool.value.values, ['true']);
});

test('a lone key, value or attributes object written without its list is put into one', () => {
  assert.deepEqual(fixed('{"operation":"read","keys":"Device.0.Manufacturer"}', 'wrong-type').value.keys, ['Device.0.Manufacturer']);
  assert.deepEqual(fixed('{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":300}', 'wrong-type').value.values, [300]);
  assert.deepEqual(fixed('{"operation":"observe","keys":["Device.0.Battery Level"],"attributes":{"pmin":10}}', 'wrong-type').value.attributes, [{ pmin: 10 }]);
  // a number is no key: no guess
  assert.deepEqual(fixesOf('{"operation":"read","keys":3}', 'wrong-type').fixes, []);
});

test('a trailing comma is removed, and structural fixes wait until the text parses', () => {
  const text = '{"operation": "read", "keys": ["Device.0"],}';
  const { fixes } = fixesOf(text, 'json-syntax');
  assert.deepEqual(fixes.map((f) => f.kind), ['remove-comma']);
  assert.deepEqual(JSON.parse(apply(text, fixes[0])), { operation: 'read', keys: ['Device.0'] });
  const broken = '{"operation": "Read", "keys": ["Device.0"]';
  assert.deepEqual(fixesOf(broken, 'unknown-operation').fixes, []);
});

test('a problem the text no longer has (shown before an edit) gets no fix; problems without one clear fix get none', () => {
  const text = '{"operation":"Read","keys":["Device.0"]}';
  const { problem } = fixesOf(text, 'unknown-operation');
  assert.deepEqual(quickFixes('{"operation":"read","keys":["Device.0"]}', [problem]), [[]]);
  assert.deepEqual(quickFixes(text, [{ ...problem, code: 'not-writable' }]), [[]]);
  const range = '{"operation":"write","keys":["Device.0.Battery Level"],"values":[300]}';
  assert.deepEqual(fixesOf(range, 'not-writable').fixes, []);
});

test('with the thing\'s datamodel, a misspelt vendor resource changes to the one the datamodel has', () => {
  const text = '{"operation":"read","keys":["Configuration.0.Sample Intervall"]}';
  const options = { datamodel: DATAMODEL };
  const found = validateOperationDocument(text, options).filter((d) => d.fix);
  assert.equal(found.length, 1, JSON.stringify(validateOperationDocument(text, options)));
  const [fix] = quickFixes(text, found, options)[0];
  assert.deepEqual(JSON.parse(apply(text, fix)).keys, ['Configuration.0.Sample Interval']);
});
