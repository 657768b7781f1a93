// SearchIndex queries for the Fleet view's listings: a user's filter text never becomes query syntax.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { escapeNameTerm, thingsQuery, thingTypeCountQuery, LEADING_WILDCARD_MAX_QUERY } from '../../../src/core/fleetQuery';

test('a name substring becomes one leading-wildcard term; `:` and `-` of real names are escaped', () => {
  assert.deepEqual(thingsQuery({ nameFilter: 'imei:3510' }), { kind: 'query', queryString: 'thingName:*imei\\:3510*' });
  assert.deepEqual(thingsQuery({ nameFilter: ' dev-01 ' }), { kind: 'query', queryString: 'thingName:*dev\\-01*' });
  assert.deepEqual(thingsQuery({ thingTypeName: 'acme:tracker_v2', nameFilter: 'a1' }), { kind: 'query', queryString: 'thingTypeName:acme\\:tracker_v2 AND thingName:*a1*' });
});

test('query syntax typed as a filter matches nothing and costs no call', () => {
  for (const hostile of ['a OR b', '*', 'x) OR (thingName:*', 'name"', 'a\\b', '(', 'thingTypeName:*', 'ü', 'a b']) {
    assert.deepEqual(thingsQuery({ nameFilter: hostile }), { kind: 'none' }, hostile);
  }
  assert.equal(escapeNameTerm('a*b'), undefined);
  assert.equal(escapeNameTerm('AND'), '\\AND', 'a thing named like an operator stays a name');
});

test('things without a type, and a type listing, need no user text at all', () => {
  assert.deepEqual(thingsQuery({ withoutType: true }), { kind: 'query', queryString: 'thingName:* AND NOT thingTypeName:*' });
  assert.deepEqual(thingsQuery({ withoutType: true, nameFilter: 'x' }), { kind: 'query', queryString: 'thingName:*x* AND NOT thingTypeName:*' });
  assert.deepEqual(thingsQuery({ thingTypeName: 'nordic:thingy91' }), { kind: 'query', queryString: 'thingTypeName:nordic\\:thingy91' });
  assert.deepEqual(thingsQuery({ exactName: 'urn:imei:1' }), { kind: 'query', queryString: 'thingName:urn\\:imei\\:1' });
  assert.equal(thingTypeCountQuery('acme:tracker_v2'), 'thingTypeName:acme\\:tracker_v2');
  assert.equal(thingTypeCountQuery('no type!'), undefined);
});

test('a filter too long for a leading-wildcard query is left to the scan', () => {
  const long = 'x'.repeat(LEADING_WILDCARD_MAX_QUERY);
  const q = thingsQuery({ nameFilter: long });
  assert.equal(q.kind, 'unsupported');
});
