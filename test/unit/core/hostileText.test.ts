// Validation of hostile texts: over the 128 KB message limit, deeper than anything is walked, floods of
// findings, thousands of keys, and what JSON.parse hides (a BOM, lone surrogates, numbers past a float,
// property names given twice). None may throw, block for long, or go unexplained.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { completeAt, hoverAt, loadRegistry, validateOperationDocument, type Diagnostic } from '../../../src/core/index';

const registry = loadRegistry();
const validate = (text: string) => validateOperationDocument(text, { registry });
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const doc = (desired: unknown) => JSON.stringify({ state: { desired } });
const timed = <T>(fn: () => T): [T, number] => { const t0 = performance.now(); const r = fn(); return [r, performance.now() - t0]; };

test('a text over 128 KB gets one shadow-too-large diagnostic, unparsed, however large', () => {
  const over = doc({ operation: 'read', keys: ['Device.0'], pad: 'x'.repeat(128 * 1024) });
  const ds = validate(over);
  assert.deepEqual(codes(ds), ['shadow-too-large']);
  assert.match(ds[0].message, new RegExp(`the document is ${Buffer.byteLength(over)} bytes: AWS refuses shadow messages over 131072 bytes`));
  assert.deepEqual(ds[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  const [big, ms] = timed(() => validate('{"keys":[' + '"Device.0.Manufacturer",'.repeat(400_000) + '"x"]}'));
  assert.deepEqual(codes(big), ['shadow-too-large']);
  assert.ok(ms < 500, `a 9 MB text took ${ms.toFixed(0)} ms`);
  // multi-byte characters count as UTF-8 bytes: 50,000 × 'é' (100,000 bytes) is under, 70,000 over
  assert.match(validate(doc({ operation: 'read', keys: ['Device.0'], note: 'é'.repeat(50_000) })).find((d) => d.code === 'shadow-too-large')!.message, /^desired is \d+ bytes/);
  assert.deepEqual(codes(validate(doc({ operation: 'read', keys: ['Device.0'], note: 'é'.repeat(70_000) }))), ['shadow-too-large']);
});

test('deep nesting never throws: past 64 levels one nesting-too-deep where it passes the limit', () => {
  const deepObjects = '{"operation":"read","keys":["Device.0"],"x":' + '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) + '}';
  const deepArrays = '{"operation":"read","keys":["Device.0"],"x":' + '['.repeat(60_000) + ']'.repeat(60_000) + '}';
  const unclosed = '{"operation":"read","keys":' + '['.repeat(60_000);
  for (const text of [deepObjects, deepArrays, unclosed, '\ufeff' + deepArrays]) {
    const ds = validate(text);
    const deep = ds.filter((d) => d.code === 'nesting-too-deep');
    assert.equal(deep.length, 1, codes(ds).join());
    assert.match(deep[0].message, /nested more than 64 levels deep/);
    const opening = text.indexOf(text.includes('{"a":') ? '{"a":' : '[');
    assert.ok(deep[0].range.start.character > opening, 'points into the nesting');
    for (const offset of [0, 40, 5000, text.length]) {
      completeAt(text, offset, { registry });
      hoverAt(text, offset, { registry });
    }
  }
  // up to 64 levels the document is validated as usual
  const fine = doc({ operation: 'read', keys: ['Device.0'], x: JSON.parse('{"a":'.repeat(60) + '1' + '}'.repeat(60)) });
  assert.ok(codes(validate(fine)).includes('nesting-too-deep'), 'AWS limit of 6 levels still reported');
  assert.ok(codes(validate(fine)).includes('ignored-field'));
});

test('a flood of findings is reported, not thrown: 20,000 keys with commas', () => {
  const [ds, ms] = timed(() => validate(doc({ operation: 'read', keys: Array.from({ length: 20_000 }, () => 'x,y') })));
  assert.ok(ds.filter((d) => d.code === 'comma-in-value').length >= 20_000);
  assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
});

test('duplicate and prefix checks take linear time: 8,000 and 11,000 keys', () => {
  for (const n of [8_000, 11_000]) {
    const text = doc({ operation: 'read', keys: Array.from({ length: n }, (_, i) => `A.${i % 2 ? i - 1 : i}${i % 2 ? '.r' : ''}`) });
    assert.ok(Buffer.byteLength(text) < 128 * 1024);
    const [ds, ms] = timed(() => validate(text));
    // every odd key is inside the even key before it
    const swallowed = ds.filter((d) => d.code === 'duplicate-key');
    assert.equal(swallowed.length, n / 2);
    assert.match(swallowed[0].message, /^"A\.0\.r" is inside "A\.0", which already reads it/);
    assert.ok(ms < 3000, `${n} keys took ${ms.toFixed(0)} ms`);
  }
  // the first of several covering keys is named, as before
  const ds = validate(doc({ operation: 'read', keys: ['A.0.r.1', 'A.0.r', 'A.0'] }));
  assert.deepEqual(ds.filter((d) => d.code === 'duplicate-key').map((d) => d.message.split(',')[0]), ['"A.0.r.1" is inside "A.0.r"', '"A.0.r" is inside "A.0"']);
});

test('a byte order mark is named as such, and the rest of the document is still checked', () => {
  const ds = validate('\ufeff{"operation":"Read","keys":["Device.0"]}');
  assert.deepEqual(codes(ds), ['byte-order-mark', 'unknown-operation']);
  assert.equal(ds[0].severity, 'error');
  assert.match(ds[0].message, /byte order mark \(U\+FEFF\).*without BOM/);
  assert.deepEqual(ds[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  assert.equal(ds[1].range.start.character, 14);
});

test('lone surrogates in values and keys are errors at the string; a pair is fine', () => {
  const value = '{"operation":"write","keys":["Device.0.Timezone"],"values":["ab\\ud800"]}';
  const ds = validate(value);
  assert.deepEqual(codes(ds), ['lone-surrogate']);
  assert.equal(ds[0].range.start.character, value.indexOf('"ab'));
  assert.match(ds[0].message, /half of a UTF-16 surrogate pair/);
  const key = '{"operation":"read","keys":["Device.0"],"x\\udc00":1}';
  assert.ok(validate(key).some((d) => d.code === 'lone-surrogate' && d.range.start.character === key.indexOf('"x\\')));
  const raw = '{"operation":"write","keys":["Device.0.Timezone"],"values":["\ud800"]}';
  assert.ok(codes(validate(raw)).includes('lone-surrogate'));
  const broken = '{"operation":"write","keys":["Device.0.Timezone"],"values":["\\udfff",]}';
  assert.ok(codes(validate(broken)).includes('lone-surrogate'));
  assert.deepEqual(codes(validate('{"operation":"write","keys":["Device.0.Timezone"],"values":["\\ud83d\\ude00 😀"]}')), []);
  assert.deepEqual(codes(validate('{"operation":"write","keys":["Device.0.Timezone"],"values":["\\\\ud800"]}')), [], 'an escaped backslash is no surrogate');
});

test('numbers past a 64-bit float: infinite is an error, inexact integers a warning, exact ones nothing', () => {
  const inf = '{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":[1e400]}';
  const d = validate(inf).find((x) => x.code === 'number-out-of-range')!;
  assert.equal(d.severity, 'error');
  assert.equal(d.range.start.character, inf.indexOf('1e400'));
  assert.equal(d.range.end.character, inf.indexOf('1e400') + 5);
  const big = validate('{"operation":"write","keys":["Device.0.Timezone"],"values":[9007199254740993]}').find((x) => x.code === 'number-out-of-range')!;
  assert.equal(big.severity, 'warning');
  assert.match(big.message, /read it as 9007199254740992/);
  for (const ok of ['100000000000000000000', '1e20', '1.5e300', '-9007199254740991', '1e-400']) {
    assert.ok(!codes(validate(`{"operation":"write","keys":["Device.0.Timezone"],"values":[${ok}]}`)).includes('number-out-of-range'), ok);
  }
  assert.ok(!codes(validate('{"operation":"write","keys":["Device.0.Timezone"],"values":["12345678901234567890123"]}')).includes('number-out-of-range'), 'digits in a string');
});

test('a property name given twice is a warning at the later one, in any object, strict or broken', () => {
  const text = '{"operation":"read","keys":["Device.0"],"operation":"write"}';
  const ds = validate(text).filter((d) => d.code === 'duplicate-property');
  assert.equal(ds.length, 1);
  assert.equal(ds[0].severity, 'warning');
  assert.equal(ds[0].range.start.character, text.lastIndexOf('"operation"'));
  assert.match(ds[0].message, /^"operation" is given twice in this object: JSON parsers keep only one/);
  const nested = '{"state":{"desired":{"operation":"observe","keys":["Device.0"],"attributes":[{"pmin":1,"pmin":2}]}}}';
  assert.equal(validate(nested).filter((d) => d.code === 'duplicate-property').length, 1);
  const broken = '{"operation":"read","keys":["Device.0"],"a":1,"a":2,}';
  assert.equal(validate(broken).filter((d) => d.code === 'duplicate-property').length, 1);
  // colons inside strings and the same name in different objects are no duplicates
  assert.deepEqual(codes(validate('{"operation":"write","keys":["Device.0.Timezone"],"values":["a\\":b\\" :c"]}')), []);
  assert.ok(!codes(validate('{"state":{"desired":{"operation":"read","keys":["Device.0"]},"reported":{"operation":"read"}}}')).includes('duplicate-property'));
});
