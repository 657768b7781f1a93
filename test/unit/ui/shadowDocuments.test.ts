// Shadow documents: their paths, their text, and what saving an operation document sends.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { connectionId } from '../../../src/ui/connection/savedConnection';
import { parseShadowPath, shadowPath } from '../../../src/ui/documents/shadowPath';
import { desiredUpdateFromText, DocumentTextError, renderShadowDocument } from '../../../src/ui/documents/shadowDocumentText';

test('document paths name the connection, the thing and the shadow; the classic shadow is classic.json', () => {
  assert.equal(shadowPath({ connection: 'sandbox', thingName: 'urn:imei:1', shadowName: '' }), '/sandbox/urn:imei:1/classic.json');
  assert.equal(shadowPath({ connection: 'dev@eu-west-1', thingName: 't', shadowName: 'datamodel' }), '/dev@eu-west-1/t/datamodel.json');
  assert.deepEqual(parseShadowPath('/sandbox/urn:imei:1/classic.json'), { connection: 'sandbox', thingName: 'urn:imei:1', shadowName: '' });
  assert.deepEqual(parseShadowPath('/sandbox/t/operation.json'), { connection: 'sandbox', thingName: 't', shadowName: 'operation' });
  assert.equal(parseShadowPath('/sandbox/t'), undefined);
  assert.equal(parseShadowPath('/sandbox/t/x/operation.json'), undefined);
});

test('a named shadow called "classic" has a document of its own, not the classic shadow\'s', () => {
  const named = { connection: 'sandbox', thingName: 't', shadowName: 'classic' };
  const classic = { connection: 'sandbox', thingName: 't', shadowName: '' };
  assert.notEqual(shadowPath(named), shadowPath(classic));
  assert.deepEqual(parseShadowPath(shadowPath(named)), named);
  assert.deepEqual(parseShadowPath(shadowPath(classic)), classic);
});

test('profiles whose names differ only by "/" and "_" get different connection ids', () => {
  const id = (profile: string) => connectionId({ kind: 'aws', profile, region: 'eu-west-1' });
  assert.notEqual(id('a/b'), id('a_b'));
  assert.notEqual(id('a/b'), id('a%2Fb'));
  assert.equal(id('dev'), 'dev@eu-west-1', 'plain names keep their id (drafts are kept under it)');
  const ref = { connection: id('a/b'), thingName: 't', shadowName: 'operation' };
  assert.deepEqual(parseShadowPath(shadowPath(ref)), ref, 'the id is one path segment');
});

test('a shadow reads as its state, version and timestamp', () => {
  const text = renderShadowDocument({ state: { reported: { a: '1' } }, version: 7, timestamp: 1700000000 });
  assert.deepEqual(JSON.parse(text), { state: { reported: { a: '1' } }, version: 7, timestamp: 1700000000 });
  assert.ok(text.endsWith('\n'));
});

test('saving an operation document sends its desired section, deleting fields the user removed', () => {
  const stored = { operation: 'read', keys: ['Device.0'], arguments: 'x' };
  const text = JSON.stringify({ state: { desired: { operation: 'write', keys: ['Device.0.Timezone'], values: ['UTC'] }, reported: { operation: 'read' } }, version: 3 });
  assert.deepEqual(desiredUpdateFromText(text, stored), {
    desired: { operation: 'write', keys: ['Device.0.Timezone'], values: ['UTC'], arguments: null },
  });
  assert.deepEqual(desiredUpdateFromText('{"state":{}}', stored), { desired: null });
});

test('a document that is not JSON or has no state is refused with the reason', () => {
  assert.throws(() => desiredUpdateFromText('{"state": {', undefined), (e: unknown) => e instanceof DocumentTextError && /not valid JSON/.test((e as Error).message));
  assert.throws(() => desiredUpdateFromText('{"desired": {}}', undefined), /no "state" object/);
  assert.throws(() => desiredUpdateFromText('{"state": {"desired": []}}', undefined), /must be an object/);
});
