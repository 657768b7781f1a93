// Quick fixes of operation documents (issue 14): each fix is applied to the text, which must then parse and
// no longer have the problem it fixes (nor any new error).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineIndex, loadRegistry, quickFixes, validateOperationDocument, type Diagnostic, type QuickFix, type ValidateOptions } from '../../../src/core/index';
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

/** The errors of `text`: exactly one "replace null" per placeholder, each naming its key and the key's type. */
function placeholderErrors(text: string, options: ValidateOptions = {}): string[] {
  return validateOperationDocument(text, options).filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}

/** `text` with the null placeholders of `values` replaced by `typed`, in order. */
function filled(text: string, typed: unknown[]): string {
  let i = 0;
  return text.replace(/\bnull\b/g, () => JSON.stringify(typed[i++]));
}

test('a write without values gets a null per key: refused until each is replaced, naming the key and its type', () => {
  const text = shadowText({ operation: 'write', keys: ['LwM2M Server.1.Lifetime', 'Device.0.UTC Offset', 'LwM2M Server.1.Notification Storing When Disabled or Offline'] });
  const { fixes } = fixesOf(text, 'missing-values');
  assert.deepEqual(fixes.map((f) => [f.kind, f.subject, f.preferred]), [['add-field', 'values', true]]);
  const out = apply(text, fixes[0]);
  assert.deepEqual(desired(JSON.parse(out)).values, [null, null, null]);
  // nothing made up is publishable: one error per placeholder, naming the key and what it takes
  assert.deepEqual(placeholderErrors(out), [
    'python-literal: replace null with an Integer (a whole number, e.g. 42 or "42") for LwM2M Server.1.Lifetime (null reaches Coiote as the text "None")',
    'python-literal: replace null with a String for Device.0.UTC Offset (null reaches Coiote as the text "None")',
    'python-literal: replace null with a Boolean ("true" / "false", or 1 / 0) for LwM2M Server.1.Notification Storing When Disabled or Offline (null reaches Coiote as the text "None")',
  ]);
  // filled in with values of those types, it is clean
  assert.deepEqual(validateOperationDocument(filled(out, [300, '+02:00', 'true'])), []);
  // each placeholder is marked, for the editor to put the cursor on it and Tab to the next
  const edit = fixes[0].edits[0];
  assert.deepEqual(edit.placeholders?.map((p) => edit.newText.slice(p, p + 6)), ['null, ', 'null, ', 'null]']);
  // inserted in the document's own layout
  assert.match(out, /Offline"\n {6}\],\n {6}"values": \[null, null, null\]\n {4}\}/);
  // and on the line of the last field when the request is on one line
  const one = '{"operation":"write","keys":["Device.0.UTC Offset"]}';
  assert.equal(apply(one, fixesOf(one, 'missing-values').fixes[0]), '{"operation":"write","keys":["Device.0.UTC Offset"], "values": [null]}');
});

test('every writable resource of the registry gets a placeholder that blocks until a value is written', () => {
  const registry = loadRegistry();
  let checked = 0;
  for (const obj of registry.objects()) {
    const keys = obj.resources.filter((r) => r.operations.includes('W') && !r.name.includes(',')).map((r) => `${obj.name}.0.${r.name}`);
    if (!keys.length) continue;
    const text = JSON.stringify({ operation: 'write', keys });
    if (errors(validateOperationDocument(text, { registry })).some((e) => !e.startsWith('missing-values'))) continue;
    const { fixes } = fixesOf(text, 'missing-values', { registry });
    const after = validateOperationDocument(apply(text, fixes[0]), { registry }).filter((d) => d.severity === 'error');
    assert.deepEqual(after.map((d) => [d.code, d.path.at(-1)]), keys.map((_, i) => ['python-literal', i]), obj.name);
    after.forEach((d, i) => assert.ok(d.message.includes(` for ${keys[i]} `), d.message));
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

test('values and attributes are fitted to the keys: extra entries dropped (said, not preferred), missing ones added as placeholders', () => {
  const long = '{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":[300, "x", 4]}';
  const { fixes } = fixesOf(long, 'values-length');
  assert.deepEqual(fixes.map((f) => [f.kind, f.subject, f.dropped, f.preferred]), [['fit-field', 'values', 2, false]]);
  assert.deepEqual(fixed(long, 'values-length').value.values, [300]);
  const short = '{"operation":"write","keys":["Device.0.UTC Offset","LwM2M Server.1.Lifetime"],"values":["\\u002B02:00"]}';
  const fit = fixesOf(short, 'values-length').fixes.find((f) => f.kind === 'fit-field')!;
  assert.equal(fit.preferred, true);
  assert.equal(fit.dropped, undefined);
  const out = apply(short, fit);
  // the entry kept is kept as written; the added one is a placeholder to fill in
  assert.match(out, /"values":\["\\u002B02:00", null\]/);
  assert.deepEqual(fit.edits[0].placeholders, [fit.edits[0].newText.indexOf('null')]);
  // a user's own null before it is not a placeholder
  const own = fixesOf('{"operation":"write","keys":["Device.0.UTC Offset","LwM2M Server.1.Lifetime"],"values":[null]}', 'values-length').fixes[0].edits[0];
  assert.deepEqual([own.newText, own.placeholders], ['[null, null]', [7]]);
  assert.deepEqual(placeholderErrors(out).map((e) => e.split(' (')[0]), ['python-literal: replace null with an Integer']);
  assert.deepEqual(validateOperationDocument(filled(out, [300])), []);
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
