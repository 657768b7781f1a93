// The sandbox's fleet index: the query language subset (parsed, matched in linear time) and the three
// APIs through the real SDK (GetIndexingConfiguration, SearchIndex, GetStatistics), with indexing on and off.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { GetIndexingConfigurationCommand, GetStatisticsCommand, InvalidQueryException, ListThingsCommand, ResourceNotFoundException, SearchIndexCommand, type SearchIndexCommandOutput } from '@aws-sdk/client-iot';
import { matchesIndexQuery, parseIndexQuery, type FieldLookup } from '../../../src/sandbox/fleetIndex/indexQuery';
import { sandboxWithClients, type Clients } from './sdkClients';

const thing = (fields: Record<string, string | string[]>): FieldLookup => (f) => {
  if (f === 'attributes.*') return Object.entries(fields).filter(([k]) => k.startsWith('attributes.')).map(([, v]) => String(v));
  const v = fields[f];
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
};
const matches = (q: string, fields: Record<string, string | string[]>) => matchesIndexQuery(parseIndexQuery(q), thing(fields));

describe('fleet index query language (sandbox subset)', () => {
  const tracker = { thingName: 'urn:imei:351000000000042', thingTypeName: 'acme:tracker_v2', 'attributes.protocol': 'LwM2M', 'shadow.reported.registered': 'true' };
  const loose = { thingName: 'bench-probe-7', 'attributes.protocol': 'LwM2M' };

  test('field:value terms, escapes, wildcards and case-insensitivity', () => {
    assert.ok(matches('thingTypeName:acme\\:tracker_v2', tracker));
    assert.ok(matches('thingName:*imei\\:3510*', tracker));
    assert.ok(matches('thingName:URN*', tracker));
    assert.ok(matches('thingName:urn*imei*42', tracker));
    assert.ok(!matches('thingName:urn\\*imei*42', tracker), 'an escaped star is a literal star');
    assert.ok(!matches('thingName:*imei\\:3511*', tracker));
    assert.ok(matches('shadow.reported.registered:true', tracker));
    assert.ok(!matches('shadow.reported.registered:false', tracker));
    assert.ok(matches('LwM2M', loose), 'a bare term looks in names, type and attribute values');
  });

  test('AND / OR / NOT / -, groups and field groups', () => {
    assert.ok(matches('thingName:* AND NOT thingTypeName:*', loose));
    assert.ok(!matches('thingName:* AND NOT thingTypeName:*', tracker));
    assert.ok(matches('thingName:* -thingTypeName:*', loose));
    assert.ok(matches('thingTypeName:(nordic\\:thingy91 OR acme\\:tracker_v2)', tracker));
    assert.ok(matches('(thingName:nope OR thingName:bench*) attributes.protocol:lwm2m', loose), 'the default operator is AND');
    assert.ok(!matches('thingName:bench* AND attributes.protocol:coap', loose));
  });

  test('AWS limits and unsupported syntax are refused as InvalidQueryException', () => {
    const refused = (q: string) => assert.throws(() => parseIndexQuery(q), (e: Error) => e.name === 'InvalidQueryException', q);
    refused('thingName:*a* OR thingTypeName:*b');
    refused(`thingName:*${'a'.repeat(100)}*`);
    refused(Array.from({ length: 13 }, (_, i) => `thingName:t${i}`).join(' OR '));
    refused('temperature:[10 TO 20]');
    refused('(thingName:a');
    refused('thingName:a)');
    refused('"unterminated');
    refused('('.repeat(40) + 'a' + ')'.repeat(40));
    refused('  ');
  });

  test('wildcard matching has no catastrophic case: a dozen stars against a 128-character name', () => {
    const name = 'a'.repeat(127) + 'b';
    const q = parseIndexQuery(`thingName:${'*a'.repeat(12)}c`);
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) assert.equal(matchesIndexQuery(q, thing({ thingName: name })), false);
    assert.ok(performance.now() - t0 < 2000, 'a thousand worst-case matches take milliseconds, not minutes');
    assert.ok(matches(`thingName:${'*a'.repeat(12)}*b`, { thingName: name }));
  });
});

describe('fleet indexing APIs (real SDK)', () => {
  let on: Clients;
  let off: Clients;
  before(async () => {
    on = await sandboxWithClients({ things: 300, seed: 5, indexing: true });
    off = await sandboxWithClients({ things: 30, seed: 5 });
  });
  after(async () => {
    await on.close();
    await off.close();
  });

  test('GetIndexingConfiguration says what is indexed, or OFF', async () => {
    const a = await on.iot.send(new GetIndexingConfigurationCommand({}));
    assert.equal(a.thingIndexingConfiguration?.thingIndexingMode, 'REGISTRY_AND_SHADOW');
    assert.equal(a.thingIndexingConfiguration?.namedShadowIndexingMode, 'ON');
    const b = await off.iot.send(new GetIndexingConfigurationCommand({}));
    assert.equal(b.thingIndexingConfiguration?.thingIndexingMode, 'OFF');
    await assert.rejects(off.iot.send(new SearchIndexCommand({ queryString: 'thingName:*' })), ResourceNotFoundException);
  });

  test('SearchIndex pages through exactly the things ListThings has of a type, with their classic shadow', async () => {
    const listed: string[] = [];
    let token: string | undefined;
    do {
      const r = await on.iot.send(new ListThingsCommand({ thingTypeName: 'acme:tracker_v2', maxResults: 250, nextToken: token }));
      listed.push(...r.things!.map((t) => t.thingName!));
      token = r.nextToken;
    } while (token);
    const found: string[] = [];
    let pages = 0;
    token = undefined;
    do {
      const r: SearchIndexCommandOutput = await on.iot.send(new SearchIndexCommand({ queryString: 'thingTypeName:acme\\:tracker_v2', maxResults: 40, nextToken: token }));
      pages++;
      assert.ok(r.things!.length <= 40);
      for (const t of r.things!) {
        assert.equal(t.thingTypeName, 'acme:tracker_v2');
        const shadow = JSON.parse(t.shadow!) as { reported?: Record<string, unknown> };
        assert.equal(typeof shadow.reported, 'object', 'the classic shadow comes with each thing');
      }
      found.push(...r.things!.map((t) => t.thingName!));
      token = r.nextToken;
    } while (token);
    assert.deepEqual(found, listed);
    assert.equal(pages, Math.max(1, Math.ceil(listed.length / 40)), 'no empty last page');
    const count = await on.iot.send(new GetStatisticsCommand({ queryString: 'thingTypeName:acme\\:tracker_v2' }));
    assert.equal(count.statistics?.count, listed.length);
  });

  test('a request body with a hostile query is a 400, never a hang', async () => {
    const t0 = performance.now();
    const dozen = await on.iot.send(new SearchIndexCommand({ queryString: 'thingName:' + '*a'.repeat(12) + '*z' }));
    assert.deepEqual(dozen.things, []);
    assert.ok(performance.now() - t0 < 5000, 'a dozen wildcards over the whole fleet answer at once');
    await assert.rejects(on.iot.send(new SearchIndexCommand({ queryString: 'thingName:' + '*a'.repeat(60) })), InvalidQueryException);
    await assert.rejects(on.iot.send(new SearchIndexCommand({ queryString: 'thingName:*', maxResults: 500 })), (e: Error) => e.name === 'InvalidRequestException');
  });
});
