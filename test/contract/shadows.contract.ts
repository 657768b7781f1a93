// Device shadows through src/aws/shadows against a real server: classic and named shadows, desired /
// reported / delta, metadata, versions and optimistic locking, `null` deletes, 404s. Behaviour asserted
// is what the AWS IoT Device Shadow documentation states (integration-facts.md).
import { after, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { CreateThingCommand } from '@aws-sdk/client-iot';
import { AwsError, type SdkSession } from '../../src/aws/index';
import { contract, isMoto, session, setupClients, target, unique } from './target';

let s: SdkSession;
let setup: ReturnType<typeof setupClients>;

before(() => {
  if (target.skip) return;
  s = session();
  setup = setupClients();
});

after(() => {
  s?.dispose();
  setup?.destroy();
});

async function newThing(): Promise<string> {
  const thingName = unique('ct-shadow');
  await setup.iot.send(new CreateThingCommand({ thingName }));
  return thingName;
}

const isAwsError = (kind: AwsError['kind'], status?: number) => (e: unknown) =>
  e instanceof AwsError && e.kind === kind && (status === undefined || e.status === status);

for (const shadowName of ['', 'operation']) {
  const label = shadowName ? `named shadow "${shadowName}"` : 'classic shadow';

  contract(`${label}: desired → delta → reported, metadata, version +1 per update`, async () => {
    const thing = await newThing();
    const first = await s.shadows.update(thing, shadowName, { desired: { lifetime: 300, tz: 'Europe/Warsaw' } });
    assert.equal(first.version, 1);
    assert.deepEqual(first.state.desired, { lifetime: 300, tz: 'Europe/Warsaw' });

    const got = await s.shadows.get(thing, shadowName);
    assert.equal(got.thingName, thing);
    assert.equal(got.shadowName, shadowName);
    assert.equal(got.version, 1);
    assert.deepEqual(got.state.desired, { lifetime: 300, tz: 'Europe/Warsaw' });
    assert.deepEqual(got.state.delta, { lifetime: 300, tz: 'Europe/Warsaw' }, 'desired without reported is all delta');
    assert.equal(got.state.reported, undefined);
    const meta = got.metadata as { desired: Record<string, { timestamp: number }> };
    assert.equal(typeof meta.desired.lifetime.timestamp, 'number');
    assert.ok(typeof got.timestamp === 'number' && Math.abs(got.timestamp - Date.now() / 1000) < 300, 'timestamp in epoch seconds');
    assert.equal(got.sizeBytes, Buffer.byteLength(got.text), 'size of the payload as received');
    assert.deepEqual(JSON.parse(got.text).state.desired, got.state.desired);

    const second = await s.shadows.update(thing, shadowName, { reported: { lifetime: 300, tz: 'UTC' } });
    assert.equal(second.version, 2);
    const after2 = await s.shadows.get(thing, shadowName);
    assert.equal(after2.version, 2);
    assert.deepEqual(after2.state.reported, { lifetime: 300, tz: 'UTC' });
    assert.deepEqual(after2.state.delta, { tz: 'Europe/Warsaw' }, 'delta holds only what differs');

    await s.shadows.update(thing, shadowName, { reported: { tz: 'Europe/Warsaw' } });
    const synced = await s.shadows.get(thing, shadowName);
    assert.equal(synced.version, 3);
    assert.equal(synced.state.delta, undefined, 'no delta once reported matches desired');
  });

  contract(`${label}: update with the current version succeeds, a stale version is a 409 version-conflict`, async () => {
    const thing = await newThing();
    await s.shadows.update(thing, shadowName, { desired: { a: 1 } });
    const v2 = await s.shadows.update(thing, shadowName, { desired: { a: 2 } }, 1);
    assert.equal(v2.version, 2);
    await assert.rejects(s.shadows.update(thing, shadowName, { desired: { a: 3 } }, 1), isAwsError('version-conflict', 409));
    const kept = await s.shadows.get(thing, shadowName);
    assert.equal(kept.version, 2);
    assert.deepEqual(kept.state.desired, { a: 2 }, 'the refused update changed nothing');
  });

  contract(`${label}: null deletes a field, nested fields merge`, async () => {
    const thing = await newThing();
    await s.shadows.update(thing, shadowName, { reported: { Device: { 0: { Manufacturer: 'ACME', 'Battery Level': '87' } }, obsolete: true } });
    await s.shadows.update(thing, shadowName, { reported: { Device: { 0: { 'Battery Level': '86' } }, obsolete: null } });
    const got = await s.shadows.get(thing, shadowName);
    assert.deepEqual(got.state.reported, { Device: { 0: { Manufacturer: 'ACME', 'Battery Level': '86' } } });
  });

  contract(`${label}: delete, then get is not-found (404)`, async () => {
    const thing = await newThing();
    await s.shadows.update(thing, shadowName, { reported: { x: 1 } });
    await s.shadows.delete(thing, shadowName);
    await assert.rejects(s.shadows.get(thing, shadowName), isAwsError('not-found', 404));
    if (isMoto) {
      // moto gap (aws-emulator.md): deleting an already deleted shadow answers 200.
      await s.shadows.delete(thing, shadowName);
    } else {
      await assert.rejects(s.shadows.delete(thing, shadowName), isAwsError('not-found', 404));
    }
  });
}

contract('a shadow that was never written is not-found (404); so is a shadow of a missing thing', async () => {
  const thing = await newThing();
  await assert.rejects(s.shadows.get(thing, ''), isAwsError('not-found', 404));
  await assert.rejects(s.shadows.get(thing, 'datamodel'), isAwsError('not-found', 404));
  await assert.rejects(s.shadows.get(unique('ct-no-thing'), 'datamodel'), isAwsError('not-found', 404));
});

contract('list named shadows: named ones only, never the classic shadow', async () => {
  const thing = await newThing();
  assert.deepEqual((await s.shadows.listNamed(thing)).items, []);
  await s.shadows.update(thing, '', { reported: { connected: true } });
  await s.shadows.update(thing, 'datamodel', { reported: { Device: { 0: { Manufacturer: 'ACME' } } } });
  await s.shadows.update(thing, 'operation', { desired: {} });
  const listed = await s.shadows.listNamed(thing);
  assert.deepEqual([...listed.items].sort(), ['datamodel', 'operation']);
  await s.shadows.delete(thing, 'datamodel');
  const afterDelete = (await s.shadows.listNamed(thing)).items;
  if (isMoto) {
    // moto gap (aws-emulator.md): deleted shadows stay listed.
    assert.deepEqual([...afterDelete].sort(), ['datamodel', 'operation']);
  } else {
    assert.deepEqual(afterDelete, ['operation']);
  }
});

contract('an update with an empty state creates the shadow, as the integration does for "operation"', async () => {
  const thing = await newThing();
  // The integration creates the operation shadow as {"state":{}}.
  const created = await s.shadows.update(thing, 'operation', {});
  assert.equal(created.version, 1);
  const got = await s.shadows.get(thing, 'operation');
  assert.deepEqual(got.state, {});
});

contract('limits AWS documents: > 8 KB of state is 413, > 6 levels of nesting and bad shadow names are 400', async () => {
  const thing = await newThing();
  // One at a time, each on its own shadow: moto answers 500 to some of them when they race on one shadow.
  const attempt = (shadowName: string, state: Record<string, unknown>) => s.shadows.update(thing, shadowName, state).then((d) => d, (e: unknown) => e);
  const big = await attempt('datamodel', { reported: { blob: 'x'.repeat(9000) } });
  const deep = await attempt('', { desired: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } } });
  const badName = await attempt('no spaces allowed', { desired: { a: 1 } });
  const notObject = await attempt('operation', { desired: 5 });
  if (isMoto) {
    // moto gaps: no size limit, no nesting limit, no shadow-name check, `desired` is not type-checked.
    for (const r of [big, deep, badName, notObject]) assert.ok(!(r instanceof Error) && (r as { version: number }).version >= 1, String(r));
    return;
  }
  assert.ok(isAwsError('payload-too-large', 413)(big), String(big));
  assert.ok(isAwsError('invalid-request', 400)(deep), String(deep));
  assert.ok(isAwsError('invalid-request', 400)(badName), String(badName));
  assert.ok(isAwsError('invalid-request', 400)(notObject), String(notObject));
});

contract('list named shadows pages by pageSize/nextToken', async () => {
  const thing = await newThing();
  for (const name of ['a1', 'a2', 'a3']) await s.shadows.update(thing, name, { reported: { n: name } });
  const first = await s.shadows.listNamed(thing, { maxResults: 2 });
  if (isMoto) {
    // moto gap (aws-emulator.md): ListNamedShadowsForThing ignores pageSize and returns no nextToken.
    assert.deepEqual([...first.items].sort(), ['a1', 'a2', 'a3']);
    assert.equal(first.nextToken, undefined);
    return;
  }
  assert.equal(first.items.length, 2);
  assert.ok(first.nextToken);
  const second = await s.shadows.listNamed(thing, { maxResults: 2, nextToken: first.nextToken });
  assert.deepEqual([...first.items, ...second.items].sort(), ['a1', 'a2', 'a3']);
  assert.equal(second.nextToken, undefined);
});
