// Thing types and things through src/aws/fleet, against a real server (moto or the sandbox). Fixtures
// are created with the plain SDK under unique names, so the suite works on an empty server and on one
// that already holds things (the sandbox's own fleet): assertions look at our things only.
import { after, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { CreateThingCommand, CreateThingTypeCommand } from '@aws-sdk/client-iot';
import { AwsError, type SdkSession, type ThingSummary } from '../../src/aws/index';
import { contract, isMoto, session, setupClients, target, unique } from './target';

let s: SdkSession;
let setup: ReturnType<typeof setupClients>;
const typeName = unique('contract_type');
const typed = Array.from({ length: 7 }, (_, i) => unique(`ct-typed${i}`));
const untypedPrefix = unique('ct-untyped');
const untyped = Array.from({ length: 5 }, (_, i) => `${untypedPrefix}-${i}`);

before(async () => {
  if (target.skip) return;
  s = session();
  setup = setupClients();
  await setup.iot.send(new CreateThingTypeCommand({ thingTypeName: typeName, thingTypeProperties: { thingTypeDescription: 'contract suite' } }));
  for (const thingName of typed) {
    await setup.iot.send(new CreateThingCommand({ thingName, thingTypeName: typeName, attributePayload: { attributes: { protocol: 'LwM2M' } } }));
  }
  for (const thingName of untyped) await setup.iot.send(new CreateThingCommand({ thingName }));
});

after(() => {
  s?.dispose();
  setup?.destroy();
});

async function allPages<T>(fetch: (nextToken?: string) => Promise<{ items: T[]; nextToken?: string }>, maxResults: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await fetch(token);
    assert.ok(page.items.length <= maxResults, `a page holds at most maxResults (${page.items.length} > ${maxResults})`);
    items.push(...page.items);
    token = page.nextToken;
    pages++;
    assert.ok(pages < 10_000, 'paging ends');
  } while (token);
  return { items, pages };
}

contract('ListThings of one type pages by maxResults/nextToken: 7 things in pages of 3, 3, 1', async () => {
  const sizes: number[] = [];
  const { items } = await allPages(async (nextToken) => {
    const page = await s.fleet.listThings({ maxResults: 3, thingTypeName: typeName, nextToken });
    sizes.push(page.items.length);
    return page;
  }, 3);
  assert.deepEqual(sizes, [3, 3, 1]);
  assert.deepEqual(items.map((t) => t.name).sort(), [...typed].sort());
  assert.ok(items.every((t) => t.thingTypeName === typeName && t.attributes.protocol === 'LwM2M'));
});

contract('ListThings without a filter pages through every thing once', async () => {
  const { items } = await allPages((nextToken) => s.fleet.listThings({ maxResults: 4, nextToken }), 4);
  const names = items.map((t) => t.name);
  assert.equal(new Set(names).size, names.length, 'no thing twice');
  for (const n of [...typed, ...untyped]) assert.ok(names.includes(n), `${n} listed`);
});

contract('things without a type, filtered by name (scan through ListThings pages)', async () => {
  const { items } = await allPages((nextToken) => s.fleet.listThings({ maxResults: 2, withoutType: true, nameFilter: untypedPrefix.toUpperCase(), nextToken }), 2);
  assert.deepEqual(items.map((t: ThingSummary) => t.name).sort(), [...untyped].sort());
  assert.ok(items.every((t) => t.thingTypeName === undefined));
});

contract('ListThingTypes pages by maxResults/nextToken and carries the description', async () => {
  const { items } = await allPages((nextToken) => s.fleet.listThingTypes({ maxResults: 1, nextToken }), 1);
  const ours = items.filter((t) => t.name === typeName);
  assert.equal(ours.length, 1);
  assert.equal(ours[0].deprecated, false);
  assert.equal(ours[0].description, 'contract suite');
  assert.ok(ours[0].creationDate instanceof Date);
});

contract('describeThing returns type and attributes; a missing thing is not-found (404)', async () => {
  const t = await s.fleet.describeThing(typed[0]);
  assert.equal(t.name, typed[0]);
  assert.equal(t.thingTypeName, typeName);
  assert.deepEqual(t.attributes, { protocol: 'LwM2M' });
  await assert.rejects(s.fleet.describeThing(unique('ct-missing')), (e: unknown) => e instanceof AwsError && e.kind === 'not-found' && e.status === 404);
});

contract('deprecate and undeprecate a thing type; a deprecated type takes no new things', async () => {
  const name = unique('contract_dep');
  await setup.iot.send(new CreateThingTypeCommand({ thingTypeName: name }));
  await s.fleet.deprecateThingType(name);
  const find = async () => (await allPages((nextToken) => s.fleet.listThingTypes({ maxResults: 50, nextToken }), 50)).items.find((t) => t.name === name);
  const deprecated = await find();
  assert.equal(deprecated?.deprecated, true);
  if (isMoto) {
    // moto gap (aws-emulator.md): deprecation sets no date. AWS documents deprecationDate.
    assert.equal(deprecated?.deprecationDate, undefined);
  } else {
    assert.ok(deprecated?.deprecationDate instanceof Date, 'AWS sets deprecationDate');
  }
  await assert.rejects(setup.iot.send(new CreateThingCommand({ thingName: unique('ct-on-deprecated'), thingTypeName: name })), (e: unknown) => (e as Error).name === 'InvalidRequestException');
  await s.fleet.deprecateThingType(name, true);
  assert.equal((await find())?.deprecated, false);
  await setup.iot.send(new CreateThingCommand({ thingName: unique('ct-on-undeprecated'), thingTypeName: name }));
});

contract('deleting a thing type that does not exist is not-found', async () => {
  await assert.rejects(s.fleet.deleteThingType(unique('contract_none')), (e: unknown) => e instanceof AwsError && e.kind === 'not-found');
});

contract('thing and thing type names with ":" (the integration names types manufacturer:model)', async () => {
  const typeWithColon = `${unique('acme')}:tracker_v2`;
  const thingWithColon = `urn:imei:${unique('35')}`;
  await setup.iot.send(new CreateThingTypeCommand({ thingTypeName: typeWithColon }));
  if (isMoto) {
    // moto gap: it keeps the URL-encoded path segment as the name (`acme%3Atracker_v2`), so a thing of
    // that type is refused as not found, and a thing named with ':' is stored as `urn%3Aimei%3A…`.
    // AWS allows ':' in both names (integration-facts.md).
    const types = (await allPages((nextToken) => s.fleet.listThingTypes({ maxResults: 50, nextToken }), 50)).items;
    assert.ok(types.some((t) => t.name === typeWithColon.replace(':', '%3A')));
    await assert.rejects(setup.iot.send(new CreateThingCommand({ thingName: thingWithColon, thingTypeName: typeWithColon })));
    await setup.iot.send(new CreateThingCommand({ thingName: thingWithColon }));
    assert.equal((await s.fleet.describeThing(thingWithColon)).name, thingWithColon.replaceAll(':', '%3A'));
    return;
  }
  await setup.iot.send(new CreateThingCommand({ thingName: thingWithColon, thingTypeName: typeWithColon }));
  const page = await s.fleet.listThings({ maxResults: 10, thingTypeName: typeWithColon });
  assert.deepEqual(page.items.map((t) => t.name), [thingWithColon]);
  assert.equal((await s.fleet.describeThing(thingWithColon)).thingTypeName, typeWithColon);
});

contract('a thing type is deleted only once deprecated and without things', async () => {
  const name = unique('contract_del');
  await setup.iot.send(new CreateThingTypeCommand({ thingTypeName: name }));
  await setup.iot.send(new CreateThingCommand({ thingName: unique('ct-of-del'), thingTypeName: name }));
  const notDeprecated = s.fleet.deleteThingType(name);
  if (isMoto) {
    // moto gap: it deletes a thing type that is neither deprecated nor unused. AWS refuses both.
    await notDeprecated;
    return;
  }
  await assert.rejects(notDeprecated, (e: unknown) => e instanceof AwsError && e.kind === 'invalid-request');
  await s.fleet.deprecateThingType(name);
  await assert.rejects(s.fleet.deleteThingType(name), (e: unknown) => e instanceof AwsError && e.kind === 'invalid-request');
});

contract('fleet indexing: read once per session; where it is on, SearchIndex finds a thing by its exact (escaped) name', async () => {
  const info = await s.fleet.indexing();
  if (isMoto) {
    // moto reports indexing OFF: the listings above were answered by the ListThings scan.
    assert.deepEqual(info, { available: false, reason: 'off' });
    return;
  }
  // The contract sandbox runs with indexing on (scripts/test-contract.mjs).
  assert.deepEqual(info, { available: true, classicShadow: true, namedShadows: ['operation'], connectivity: false });
  const page = await s.fleet.listThings({ maxResults: 10, nameFilter: typed[3] });
  assert.deepEqual(page.items.map((t) => t.name), [typed[3]]);
  const none = await s.fleet.listThings({ maxResults: 10, nameFilter: `${typed[3]} OR thingName:*` });
  assert.deepEqual(none.items, [], 'filter text is never query syntax');
});
