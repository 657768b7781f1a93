// Property-based tests: whatever text a user types, validation, completion and hover never throw, and every
// range they return lies inside the text.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { completeAt, hoverAt, parseKey, loadRegistry, readConnectivity, readDatamodel, readOperationResult, validateOperationDocument, type Range } from '../../../src/core/index';
import { DATAMODEL, EXECUTE_ARGS_DOC, EXECUTE_DOC, OBSERVE_DOC, WRITE_DOC } from './fixtures';

const SEEDS = [WRITE_DOC, OBSERVE_DOC, EXECUTE_DOC, EXECUTE_ARGS_DOC,
  '{"operation":"read","keys":["Location.0.Latitude","LwM2M v1.0 Test Object.0","all"]}',
  '{"state":{"desired":{"operation":"writeAttributes","keys":["Device.0.Battery Level"],"attributes":[{"pmin":1,"con":null}]}}}'];

function assertInside(text: string, r: Range, what: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < lines.length, `${what}: line ${p.line} outside ${lines.length} lines`);
    assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `${what}: character ${p.character} outside line ${p.line}`);
  }
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: start after end`);
}

function exercise(text: string, offsets: number[]): void {
  for (const opts of [{}, { datamodel: DATAMODEL }]) {
    for (const d of validateOperationDocument(text, opts)) {
      assertInside(text, d.range, `diagnostic ${d.code}`);
      assert.match(d.code, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(d.message.length > 0);
    }
    for (const o of offsets) {
      for (const it of completeAt(text, o, opts)) assertInside(text, it.range, `completion ${it.label}`);
      const h = hoverAt(text, o, opts);
      if (h) assertInside(text, h.range, 'hover');
    }
  }
}

/** A seed document with random edits: deletions, insertions of JSON-ish characters, replacements. */
const mutated = fc.tuple(
  fc.constantFrom(...SEEDS),
  fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.constantFrom('', '"', ',', '.', '{', '}', '[', ']', ':', ' ', '\n', '\\', 'x', '0', 'null', 'true', ',"a":1', '\r\n', 'é', '😀')), { maxLength: 6 }),
).map(([seed, edits]) => {
  let t = seed;
  for (const [pos, del, ins] of edits) {
    const p = pos % (t.length + 1);
    t = t.slice(0, p) + ins + t.slice(p + del);
  }
  return t;
});

test('mutated documents never throw and every range lies inside the text', () => {
  fc.assert(fc.property(mutated, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (text, offs) => {
    exercise(text, offs.map((o) => o % (text.length + 1)));
  }), { numRuns: 300 });
});

test('random JSON documents never throw', () => {
  const doc = fc.oneof(
    fc.json(),
    fc.record({ operation: fc.oneof(fc.constantFrom('read', 'write', 'execute', 'observe', 'writeAttributes', 'cancelObserve', 'readComposite', 'observeComposite', 'cancelObserveComposite'), fc.string()), keys: fc.array(fc.oneof(fc.string(), fc.constantFrom('Device.0.Timezone', 'Location.0', 'Device.x', 'all', '.')), { maxLength: 4 }), values: fc.array(fc.jsonValue(), { maxLength: 4 }), attributes: fc.array(fc.dictionary(fc.constantFrom('pmin', 'pmax', 'gt', 'lt', 'st', 'con', 'x'), fc.jsonValue()), { maxLength: 4 }) }, { requiredKeys: [] }).map((d) => JSON.stringify(Math.random() < 0.5 ? d : { state: { desired: d } }, null, Math.random() < 0.5 ? 2 : 0)),
  );
  fc.assert(fc.property(doc, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (text, offs) => {
    exercise(text, offs.map((o) => o % (text.length + 1)));
  }), { numRuns: 300 });
});

test('keys and readers never throw on arbitrary input', () => {
  const reg = loadRegistry();
  fc.assert(fc.property(fc.string(), (k) => {
    const p = parseKey(k, reg, DATAMODEL);
    for (const e of p.errors) assert.ok(e.start >= 0 && e.end <= Math.max(1, k.length) && e.start <= e.end, `${JSON.stringify(k)} ${e.start}-${e.end}`);
    for (const part of p.parts) assert.equal(k.slice(part.start, part.end), part.text);
  }), { numRuns: 500 });
  fc.assert(fc.property(fc.jsonValue(), (v) => {
    readDatamodel(v);
    readConnectivity(v);
    readOperationResult(v);
  }), { numRuns: 300 });
});

/** A seed wrapped in (or cut off inside) `depth` levels of objects or arrays, with hostile text added. */
const hostileShape = fc.tuple(
  fc.constantFrom(...SEEDS),
  fc.integer({ min: 0, max: 3000 }),
  fc.constantFrom('object', 'array', 'mixed'),
  fc.boolean(),
  fc.constantFrom('', '\ufeff', '"\\ud800"', '1e400', '123456789012345678901234567890', '"a":1,"a":2', '\u0000', '\\', '"'),
).map(([seed, depth, kind, cut, extra]) => {
  const open = (i: number) => (kind === 'array' || (kind === 'mixed' && i % 2) ? '[' : '{"a":');
  const close = (i: number) => (kind === 'array' || (kind === 'mixed' && i % 2) ? ']' : '}');
  let head = '';
  let tail = '';
  for (let i = 0; i < depth; i++) { head += open(i); tail = close(i) + tail; }
  const inner = seed.replace('"keys"', `"x":${head}${extra.startsWith('"a"') ? `{${extra}}` : extra || '0'}${cut ? '' : tail},"keys"`);
  return extra === '\ufeff' ? extra + inner : inner;
});

test('deep, cut-off and hostile shapes never throw: validation, completion and hover keep every range inside the text', () => {
  fc.assert(fc.property(hostileShape, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (text, offs) => {
    exercise(text, offs.map((o) => o % (text.length + 1)));
  }), { numRuns: 150 });
});
