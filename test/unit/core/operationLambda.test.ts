// The Lwm2mOperation Lambda's decisions (src/core/operationLambda.ts) against the case table derived from
// the deployed function, and Python's rendering of the values it turns into text.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DEVICE_LOOKUP_FRAMES, decideOperation, operationRequestEvent, parameterText } from '../../../src/core/operationLambda';
import { PyFloat, PyInt, pyParseJson, pyRepr, pyStr } from '../../../src/core/pythonValue';
import { LAMBDA_CASES } from '../lambdaCases';

const sorted = (s: string) => s.split(',').sort().join(',');

describe('core: the Lwm2mOperation Lambda, case by case', () => {
  test('the table has at least 60 cases, each named once', () => {
    assert.ok(LAMBDA_CASES.length >= 60, String(LAMBDA_CASES.length));
    assert.equal(new Set(LAMBDA_CASES.map((c) => c.id)).size, LAMBDA_CASES.length);
  });
  for (const c of LAMBDA_CASES) {
    test(c.id, () => {
      const event = operationRequestEvent(pyParseJson(c.desired), c.thing ?? 'known-thing');
      const want = c.lambda;
      if (want.kind === 'not-invoked') return assert.equal(event, undefined);
      assert.ok(event);
      const got = decideOperation(event);
      if (want.kind === 'refused') return assert.deepEqual(got.kind === 'refused' && { status: got.statusCode, line: got.line }, { status: want.status, line: want.line });
      if (want.kind === 'crash' && c.thing === 'unknown-thing') {
        // the request itself passes; the device lookup fails
        assert.deepEqual(want.frames, DEVICE_LOOKUP_FRAMES);
        return assert.equal(got.kind, 'task');
      }
      if (want.kind === 'crash') return assert.deepEqual(got.kind === 'crash' && { type: got.errorType, message: got.message, frames: got.frames }, { type: want.type, message: want.message, frames: want.frames });
      assert.equal(got.kind, 'task', JSON.stringify(got));
      if (got.kind !== 'task') return;
      assert.equal(got.templateName, want.template);
      const p = Object.fromEntries(got.parameters.map((x) => [x.name, x.value]));
      const keys = typeof want.keys === 'number' ? String(want.keys) : want.keys;
      assert.equal(want.unordered ? sorted(parameterText(p.keys)) : parameterText(p.keys), want.unordered ? sorted(keys) : keys);
      for (const n of ['values', 'attributes', 'arguments'] as const) {
        const w: string | number | undefined = want[n];
        assert.equal(p[n] === undefined ? undefined : parameterText(p[n]), w === undefined ? undefined : String(w), n);
      }
      assert.deepEqual(Object.keys(p).sort(), ['keys', ...(['values', 'attributes', 'arguments'] as const).filter((n) => want[n] !== undefined)].sort());
    });
  }
});

describe('core: Python rendering (str / repr) of JSON values', () => {
  test('ints and floats stay apart as json.loads keeps them', () => {
    assert.equal(pyStr(pyParseJson('1.0')), '1.0');
    assert.equal(pyStr(pyParseJson('1')), '1');
    assert.equal(pyStr(pyParseJson('-0')), '0');
    assert.equal(pyStr(pyParseJson('12345678901234567890123')), '12345678901234567890123');
    assert.ok(pyParseJson('1e2') instanceof PyFloat);
    assert.ok(pyParseJson('100') instanceof PyInt);
  });
  test('floats as Python prints them', () => {
    const cases: [number, string][] = [[100, '100.0'], [0.5, '0.5'], [1e16, '1e+16'], [1e15, '1000000000000000.0'], [0.0001, '0.0001'], [0.00001, '1e-05'], [-2.5e-7, '-2.5e-07'], [1.5e300, '1.5e+300'], [123456.789, '123456.789'], [-0, '-0.0']];
    for (const [x, want] of cases) assert.equal(pyRepr(new PyFloat(x)), want, String(x));
  });
  test('True, None, nested lists and dicts, quotes and escapes', () => {
    assert.equal(pyStr(pyParseJson('[true, null, false, "a", {"k": [1, 2.5]}]')), "[True, None, False, 'a', {'k': [1, 2.5]}]");
    assert.equal(pyRepr("it's"), '"it\'s"');
    assert.equal(pyRepr('both \' and "'), "'both \\' and \"'");
    assert.equal(pyRepr('tab\there\nnew\\'), "'tab\\there\\nnew\\\\'");
    assert.equal(pyRepr('é\u00a0\u200b😀'), "'é\\xa0\\u200b😀'");
  });
  test('a repeated name in an object keeps its first place and its last value', () => {
    assert.equal(pyStr(pyParseJson('{"a": 1, "b": 2, "a": 3}')), "{'a': 3, 'b': 2}");
  });
});
