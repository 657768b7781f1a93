// Notification attributes as LwM2M defines them and the integration documents them for observe and
// writeAttributes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyAttributes, shouldNotify, type Observation } from '../../../src/sandbox/observation';

const obs = (attrs: Observation['attrs'], last: Record<string, string>, lastNotify = 0): Observation => ({
  id: 'k', refs: [], composite: false, attrs, lastNotify, last: new Map(Object.entries(last)),
});
const values = (v: Record<string, string>) => new Map(Object.entries(v));

test('pmin holds back a change; after pmin a change notifies; pmax notifies without a change', () => {
  const o = obs({ pmin: 10, pmax: 60 }, { a: '1' });
  assert.equal(shouldNotify(o, values({ a: '2' }), 5000, 1, 0), false, 'before pmin');
  assert.equal(shouldNotify(o, values({ a: '2' }), 10000, 1, 0), true, 'change after pmin');
  assert.equal(shouldNotify(o, values({ a: '1' }), 30000, 1, 0), false, 'no change, before pmax');
  assert.equal(shouldNotify(o, values({ a: '1' }), 60000, 1, 0), true, 'pmax reached');
});

test('st needs a large enough step; gt and lt need a crossing', () => {
  assert.equal(shouldNotify(obs({ st: 0.5 }, { a: '20.0' }), values({ a: '20.3' }), 5000, 1, 0), false);
  assert.equal(shouldNotify(obs({ st: 0.5 }, { a: '20.0' }), values({ a: '20.6' }), 5000, 1, 0), true);
  assert.equal(shouldNotify(obs({ gt: 25 }, { a: '24.0' }), values({ a: '24.9' }), 5000, 1, 0), false);
  assert.equal(shouldNotify(obs({ gt: 25 }, { a: '24.0' }), values({ a: '25.1' }), 5000, 1, 0), true);
  assert.equal(shouldNotify(obs({ lt: 10 }, { a: '11' }), values({ a: '9' }), 5000, 1, 0), true);
});

test('server defaults apply when pmin/pmax are not set', () => {
  assert.equal(shouldNotify(obs({}, { a: '1' }), values({ a: '2' }), 500, 1, 0), false, 'default pmin 1 s');
  assert.equal(shouldNotify(obs({}, { a: '1' }), values({ a: '1' }), 300000, 1, 300), true, 'default pmax 300 s');
});

test('observe resets attributes left out (except con); only con changes nothing else; {} changes nothing', () => {
  const cur = { pmin: 10, pmax: 60, st: 1, con: 1 };
  assert.deepEqual(applyAttributes(cur, { pmax: 30 }, 'observe'), { con: 1, pmax: 30 });
  assert.deepEqual(applyAttributes(cur, { con: 0 }, 'observe'), { pmin: 10, pmax: 60, st: 1, con: 0 });
  assert.deepEqual(applyAttributes(cur, {}, 'observe'), cur);
});

test("writeAttributes sets the given ones, '' (a null in the request) clears one, {} changes nothing", () => {
  const cur = { pmin: 10, pmax: 60 };
  assert.deepEqual(applyAttributes(cur, { st: 0.5 }, 'writeAttributes'), { pmin: 10, pmax: 60, st: 0.5 });
  assert.deepEqual(applyAttributes(cur, { pmin: '' }, 'writeAttributes'), { pmax: 60 });
  assert.deepEqual(applyAttributes(cur, {}, 'writeAttributes'), cur);
});
