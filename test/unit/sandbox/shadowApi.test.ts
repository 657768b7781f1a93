// Shadow semantics of the sandbox, driven by the real @aws-sdk/client-iot-data-plane: what AWS
// documents for versions, conflicts, delta, metadata, null deletes and the size and nesting limits.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  ConflictException, DeleteThingShadowCommand, GetThingShadowCommand, InvalidRequestException, ListNamedShadowsForThingCommand,
  RequestEntityTooLargeException, ResourceNotFoundException, UpdateThingShadowCommand,
} from '@aws-sdk/client-iot-data-plane';
import { ListThingsCommand } from '@aws-sdk/client-iot';
import { parsePayload, sandboxWithClients, type Clients } from './sdkClients';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('sandbox shadows (real SDK)', () => {
  let c: Clients;
  let seeded: string;
  before(async () => {
    c = await sandboxWithClients({ things: 25, seed: 3 });
    seeded = (await c.iot.send(new ListThingsCommand({ maxResults: 250 }))).things!.find((t) => t.thingTypeName === 'acme:tracker_v2')!.thingName!;
  });
  after(() => c.close());

  const update = (thingName: string, doc: unknown, shadowName?: string) => c.data.send(new UpdateThingShadowCommand({ thingName, shadowName, payload: enc(doc) }));
  const get = async (thingName: string, shadowName?: string) => parsePayload((await c.data.send(new GetThingShadowCommand({ thingName, shadowName }))).payload);

  test('a seeded thing has classic, datamodel and an empty operation shadow', async () => {
    const names = await c.data.send(new ListNamedShadowsForThingCommand({ thingName: seeded }));
    assert.deepEqual(names.results, ['datamodel', 'operation']);
    const classic = await get(seeded);
    // The integration's documented classic-shadow fields and formats.
    assert.equal(typeof classic.state.reported.registered, 'boolean');
    assert.match(classic.state.reported.registeredLifeTime, /^\d+$/);
    assert.match(classic.state.reported.lastRegisterUpdate, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    assert.match(classic.state.reported.registeredObjects, /^\/\d+(\/\d+)?(,\/\d+(\/\d+)?)*$/);
    assert.ok(classic.state.reported.registeredObjects.split(',').includes('/3/0'));
    assert.match(classic.state.reported.registeredMode, /^UQ?$/);
    assert.match(classic.state.reported.registeredQueueMode, /^(true|false)$/);
    assert.equal(classic.state.reported.registrationStatus, undefined, 'no names of the sandbox\'s own any more');
    const dm = await get(seeded, 'datamodel');
    assert.equal(typeof dm.state.reported.Device['0'].Manufacturer, 'string');
    assert.deepEqual(dm.state.reported.Device['0'].Reboot, { noValue: true });
    assert.ok(JSON.stringify(dm.state.reported).length < 8192 / 2);
    const op = await get(seeded, 'operation');
    assert.deepEqual(op.state, {});
  });

  test('updates bump the version; a stale version is ConflictException (409); the accepted reply echoes the request', async () => {
    const r1 = parsePayload((await update('shadow-t1', { state: { desired: { a: 1 } }, clientToken: 'tok-1' })).payload);
    assert.equal(r1.version, 1);
    assert.deepEqual(r1.state, { desired: { a: 1 } });
    assert.equal(r1.clientToken, 'tok-1');
    assert.equal(typeof r1.metadata.desired.a.timestamp, 'number');
    const r2 = parsePayload((await update('shadow-t1', { state: { desired: { a: 2 } }, version: 1 })).payload);
    assert.equal(r2.version, 2);
    const err = await update('shadow-t1', { state: { desired: { a: 3 } }, version: 1 }).catch((e: unknown) => e);
    assert.ok(err instanceof ConflictException);
    assert.equal(err.$metadata.httpStatusCode, 409);
    assert.equal((await get('shadow-t1')).state.desired.a, 2);
  });

  test('delta lists what desired wants and reported lacks; null deletes a field; metadata keeps per-field timestamps', async () => {
    await update('shadow-t2', { state: { desired: { color: 'red', nested: { x: 1, y: 2 } }, reported: { color: 'blue', nested: { x: 1, y: 3 }, keep: true } } });
    let doc = await get('shadow-t2');
    assert.deepEqual(doc.state.delta, { color: 'red', nested: { y: 2 } });
    assert.equal(typeof doc.metadata.reported.nested.y.timestamp, 'number');
    assert.equal(typeof doc.timestamp, 'number');
    await update('shadow-t2', { state: { reported: { color: 'red', nested: { y: 2 }, keep: null } } });
    doc = await get('shadow-t2');
    assert.equal(doc.state.delta, undefined);
    assert.equal('keep' in doc.state.reported, false);
    assert.equal('keep' in doc.metadata.reported, false);
    assert.deepEqual(doc.state.reported.nested, { x: 1, y: 2 });
    await update('shadow-t2', { state: { desired: null } });
    doc = await get('shadow-t2');
    assert.equal(doc.state.desired, undefined);
  });

  test('past 8 KB of desired + reported the update is RequestEntityTooLargeException (413) and nothing changes', async () => {
    await update('shadow-t3', { state: { reported: { a: 'x'.repeat(5000) } } });
    const err = await update('shadow-t3', { state: { desired: { b: 'y'.repeat(4000) } } }).catch((e: unknown) => e);
    assert.ok(err instanceof RequestEntityTooLargeException);
    assert.equal(err.$metadata.httpStatusCode, 413);
    const doc = await get('shadow-t3');
    assert.equal(doc.version, 1);
    assert.equal(doc.state.desired, undefined);
    // Just under the limit is fine.
    await update('shadow-t3', { state: { desired: { b: 'y'.repeat(8192 - 5000 - 30) } } });
  });

  test('more than 6 levels of nesting is InvalidRequestException (400); 6 levels are accepted', async () => {
    const six = { l1: { l2: { l3: { l4: { l5: { l6: 1 } } } } } };
    await update('shadow-t4', { state: { desired: six } });
    const seven = { l1: { l2: { l3: { l4: { l5: { l6: { l7: 1 } } } } } } };
    const err = await update('shadow-t4', { state: { desired: seven } }).catch((e: unknown) => e);
    assert.ok(err instanceof InvalidRequestException);
    assert.match((err as Error).message, /too many levels of nesting; maximum is 6/);
  });

  test('malformed updates are InvalidRequestException: no state, desired not an object, bad version', async () => {
    for (const doc of [{ desired: {} }, { state: { desired: 5 } }, { state: {}, version: 'x' }]) {
      await assert.rejects(update('shadow-t5', doc), InvalidRequestException);
    }
    await assert.rejects(c.data.send(new UpdateThingShadowCommand({ thingName: 'shadow-t5', payload: new TextEncoder().encode('{not json') })), InvalidRequestException);
  });

  test('named shadows: listed, deleted, 404 afterwards; the version continues after a delete', async () => {
    await update('shadow-t6', { state: { reported: { v: 1 } } }, 'alpha');
    await update('shadow-t6', { state: { reported: { v: 2 } } }, 'alpha');
    await update('shadow-t6', { state: { reported: { v: 1 } } }, 'beta');
    await update('shadow-t6', { state: { reported: { classic: true } } });
    const names = await c.data.send(new ListNamedShadowsForThingCommand({ thingName: 'shadow-t6' }));
    assert.deepEqual(names.results, ['alpha', 'beta']);
    const del = parsePayload((await c.data.send(new DeleteThingShadowCommand({ thingName: 'shadow-t6', shadowName: 'alpha' }))).payload);
    assert.equal(del.version, 2);
    await assert.rejects(c.data.send(new GetThingShadowCommand({ thingName: 'shadow-t6', shadowName: 'alpha' })), ResourceNotFoundException);
    await assert.rejects(c.data.send(new DeleteThingShadowCommand({ thingName: 'shadow-t6', shadowName: 'alpha' })), ResourceNotFoundException);
    assert.deepEqual((await c.data.send(new ListNamedShadowsForThingCommand({ thingName: 'shadow-t6' }))).results, ['beta']);
    const again = parsePayload((await update('shadow-t6', { state: { reported: { v: 3 } } }, 'alpha')).payload);
    assert.equal(again.version, 3);
    await assert.rejects(c.data.send(new GetThingShadowCommand({ thingName: 'shadow-t6', shadowName: 'bad name!' })), InvalidRequestException);
  });

  test('ListNamedShadowsForThing pages with pageSize and nextToken', async () => {
    for (let i = 0; i < 5; i++) await update('shadow-t7', { state: { reported: { i } } }, `s${i}`);
    const p1 = await c.data.send(new ListNamedShadowsForThingCommand({ thingName: 'shadow-t7', pageSize: 2 }));
    assert.deepEqual(p1.results, ['s0', 's1']);
    const p2 = await c.data.send(new ListNamedShadowsForThingCommand({ thingName: 'shadow-t7', pageSize: 2, nextToken: p1.nextToken }));
    const p3 = await c.data.send(new ListNamedShadowsForThingCommand({ thingName: 'shadow-t7', pageSize: 2, nextToken: p2.nextToken }));
    assert.deepEqual([...p2.results!, ...p3.results!], ['s2', 's3', 's4']);
    assert.equal(p3.nextToken, undefined);
  });
});
