// The IoT control plane of the sandbox, driven by the real @aws-sdk/client-iot.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CreateThingCommand, CreateThingTypeCommand, DeleteThingTypeCommand, DeprecateThingTypeCommand, DescribeEndpointCommand,
  DescribeThingCommand, DescribeThingTypeCommand, InvalidRequestException, ListThingTypesCommand, ListThingsCommand,
  ResourceAlreadyExistsException, ResourceNotFoundException, SearchIndexCommand,
} from '@aws-sdk/client-iot';
import { sandboxWithClients, type Clients } from './sdkClients';

describe('sandbox IoT control plane (real SDK)', () => {
  let c: Clients;
  before(async () => {
    c = await sandboxWithClients({ things: 600, seed: 7, indexing: true });
  });
  after(() => c.close());

  test('lists the seeded thing types named manufacturer:model, one of them deprecated', async () => {
    const r = await c.iot.send(new ListThingTypesCommand({}));
    const names = r.thingTypes!.map((t) => t.thingTypeName);
    assert.ok(names.includes('acme:tracker_v2'));
    assert.ok(names.includes('nordic:thingy91'));
    const deprecated = r.thingTypes!.filter((t) => t.thingTypeMetadata?.deprecated);
    assert.equal(deprecated.length, 1);
    assert.ok(deprecated[0].thingTypeMetadata!.deprecationDate instanceof Date);
    assert.ok(r.thingTypes![0].thingTypeMetadata!.creationDate instanceof Date);
  });

  test('pages things 250 at a time even when asked for more, and the pages cover the fleet once', async () => {
    const seen = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await c.iot.send(new ListThingsCommand({ maxResults: 1000, nextToken: token }));
      assert.ok(r.things!.length <= 250);
      for (const t of r.things!) seen.add(t.thingName!);
      token = r.nextToken;
      pages++;
    } while (token);
    assert.equal(seen.size, 600);
    assert.equal(pages, 3);
  });

  test('filters things by type and by attribute, and some things have no type', async () => {
    const typed = await c.iot.send(new ListThingsCommand({ thingTypeName: 'nordic:thingy91', maxResults: 250 }));
    assert.ok(typed.things!.length > 0);
    assert.ok(typed.things!.every((t) => t.thingTypeName === 'nordic:thingy91'));
    const lwm2m = await c.iot.send(new ListThingsCommand({ attributeName: 'protocol', attributeValue: 'LwM2M', maxResults: 250 }));
    assert.equal(lwm2m.things!.length, 250);
    const none = await c.iot.send(new ListThingsCommand({ attributeName: 'protocol', attributeValue: 'MQTT' }));
    assert.equal(none.things!.length, 0);
    const all = await c.iot.send(new ListThingsCommand({ maxResults: 250 }));
    assert.ok(all.things!.some((t) => t.thingTypeName === undefined));
  });

  test('describes a thing and a thing type; unknown ones are ResourceNotFoundException', async () => {
    const first = (await c.iot.send(new ListThingsCommand({ maxResults: 1 }))).things![0];
    const d = await c.iot.send(new DescribeThingCommand({ thingName: first.thingName }));
    assert.equal(d.thingName, first.thingName);
    assert.equal(d.attributes!.protocol, 'LwM2M');
    assert.match(d.thingArn!, /^arn:aws:iot:us-east-1:\d{12}:thing\//);
    const t = await c.iot.send(new DescribeThingTypeCommand({ thingTypeName: 'acme:tracker_v2' }));
    assert.equal(t.thingTypeName, 'acme:tracker_v2');
    await assert.rejects(c.iot.send(new DescribeThingCommand({ thingName: 'no-such-thing' })), ResourceNotFoundException);
    await assert.rejects(c.iot.send(new DescribeThingTypeCommand({ thingTypeName: 'no:such' })), ResourceNotFoundException);
  });

  test('thing type life cycle: create, refuse things once deprecated, undo, delete only when deprecated and unused', async () => {
    await c.iot.send(new CreateThingTypeCommand({ thingTypeName: 'test:life_cycle', thingTypeProperties: { thingTypeDescription: 'd' } }));
    await assert.rejects(c.iot.send(new CreateThingTypeCommand({ thingTypeName: 'test:life_cycle', thingTypeProperties: { thingTypeDescription: 'other' } })), ResourceAlreadyExistsException);
    await c.iot.send(new CreateThingCommand({ thingName: 'lc-1', thingTypeName: 'test:life_cycle', attributePayload: { attributes: { protocol: 'LwM2M' } } }));
    await c.iot.send(new DeprecateThingTypeCommand({ thingTypeName: 'test:life_cycle' }));
    await assert.rejects(c.iot.send(new CreateThingCommand({ thingName: 'lc-2', thingTypeName: 'test:life_cycle' })), InvalidRequestException);
    await assert.rejects(c.iot.send(new DeleteThingTypeCommand({ thingTypeName: 'test:life_cycle' })), InvalidRequestException);
    await c.iot.send(new DeprecateThingTypeCommand({ thingTypeName: 'test:life_cycle', undoDeprecate: true }));
    const t = await c.iot.send(new DescribeThingTypeCommand({ thingTypeName: 'test:life_cycle' }));
    assert.equal(t.thingTypeMetadata!.deprecated, false);
    await c.iot.send(new CreateThingTypeCommand({ thingTypeName: 'test:unused' }));
    await assert.rejects(c.iot.send(new DeleteThingTypeCommand({ thingTypeName: 'test:unused' })), InvalidRequestException);
    await c.iot.send(new DeprecateThingTypeCommand({ thingTypeName: 'test:unused' }));
    await c.iot.send(new DeleteThingTypeCommand({ thingTypeName: 'test:unused' }));
    await assert.rejects(c.iot.send(new DescribeThingTypeCommand({ thingTypeName: 'test:unused' })), ResourceNotFoundException);
  });

  test('CreateThing with an unknown type is refused; an invalid name is InvalidRequestException', async () => {
    await assert.rejects(c.iot.send(new CreateThingCommand({ thingName: 'x-1', thingTypeName: 'no:type' })), ResourceNotFoundException);
    await assert.rejects(c.iot.send(new CreateThingCommand({ thingName: 'bad name!' })), InvalidRequestException);
  });

  test('DescribeEndpoint answers the data-plane host; SearchIndex finds things by type', async () => {
    const e = await c.iot.send(new DescribeEndpointCommand({ endpointType: 'iot:Data-ATS' }));
    assert.match(e.endpointAddress!, /-ats\.iot\.us-east-1\.amazonaws\.com$/);
    const s = await c.iot.send(new SearchIndexCommand({ queryString: 'thingTypeName:acme:env_sensor', maxResults: 5 }));
    assert.ok(s.things!.length > 0 && s.things!.length <= 5);
    assert.ok(s.things!.every((t) => t.thingTypeName === 'acme:env_sensor'));
  });

  test('the same seed gives the same fleet', async () => {
    const other = await sandboxWithClients({ things: 600, seed: 7 });
    try {
      const a = await c.iot.send(new ListThingsCommand({ maxResults: 50 }));
      const b = await other.iot.send(new ListThingsCommand({ maxResults: 50 }));
      assert.deepEqual(b.things!.map((t) => [t.thingName, t.thingTypeName]), a.things!.map((t) => [t.thingName, t.thingTypeName]));
    } finally {
      await other.close();
    }
  });
});
