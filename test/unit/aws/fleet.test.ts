// Paging and the filters ListThings lacks (without type, name substring), on a stubbed IoT client so
// the number and shape of ListThings calls can be checked exactly.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ListThingsCommand, ListThingTypesCommand, type ListThingsCommandInput } from '@aws-sdk/client-iot';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsError, createSession } from '../../../src/aws/index';
import { SCAN_BUDGET_CALLS } from '../../../src/aws/fleet';

const spec = { kind: 'custom' as const, id: 't', label: 't', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 };

/** A fake fleet of `n` things; every third has no type; ListThings answers pages like AWS. */
function fleetStub(n: number) {
  const s = createSession(spec);
  const things = Array.from({ length: n }, (_, i) => ({ thingName: `dev-${String(i).padStart(5, '0')}`, ...(i % 3 === 0 ? {} : { thingTypeName: 'acme:tracker' }), attributes: { protocol: 'LwM2M' }, version: 1 }));
  const calls: ListThingsCommandInput[] = [];
  mockClient(s.clients.iot).on(ListThingsCommand).callsFake((input: ListThingsCommandInput) => {
    calls.push(input);
    const all = input.thingTypeName ? things.filter((t) => t.thingTypeName === input.thingTypeName) : things;
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const end = start + (input.maxResults ?? 50);
    return { things: all.slice(start, end), ...(end < all.length ? { nextToken: String(end) } : {}) };
  });
  return { s, things, calls };
}

test('a plain page passes maxResults and nextToken through, one call per page', async () => {
  const { s, calls } = fleetStub(600);
  const first = await s.fleet.listThings({ maxResults: 250 });
  assert.equal(first.items.length, 250);
  const second = await s.fleet.listThings({ maxResults: 250, nextToken: first.nextToken });
  const third = await s.fleet.listThings({ maxResults: 250, nextToken: second.nextToken });
  assert.equal(third.items.length, 100);
  assert.equal(third.nextToken, undefined);
  assert.equal(calls.length, 3);
  assert.deepEqual(calls.map((c) => c.maxResults), [250, 250, 250]);
  assert.equal(first.items[0].attributes.protocol, 'LwM2M');
  s.dispose();
});

test('things without a type: pages of exactly maxResults, resumed mid-page, none lost or repeated', async () => {
  const { s, things, calls } = fleetStub(1000);
  const expected = things.filter((t) => !t.thingTypeName).map((t) => t.thingName);
  const got: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await s.fleet.listThings({ maxResults: 100, withoutType: true, nextToken: token });
    assert.ok(page.items.every((t) => t.thingTypeName === undefined));
    if (page.nextToken) assert.equal(page.items.length, 100);
    got.push(...page.items.map((t) => t.name));
    token = page.nextToken;
    pages++;
  } while (token);
  assert.deepEqual(got, expected);
  assert.equal(pages, Math.ceil(expected.length / 100));
  assert.ok(calls.every((c) => c.maxResults === 250), 'the scan reads the largest pages');
  s.dispose();
});

test('name filter is a case-insensitive substring, combinable with a type', async () => {
  const { s, calls } = fleetStub(300);
  const page = await s.fleet.listThings({ maxResults: 50, nameFilter: 'DEV-0001', thingTypeName: 'acme:tracker' });
  assert.deepEqual(page.items.map((t) => t.name), ['dev-00010', 'dev-00011', 'dev-00013', 'dev-00014', 'dev-00016', 'dev-00017', 'dev-00019']);
  assert.equal(page.nextToken, undefined);
  assert.ok(calls.every((c) => c.thingTypeName === 'acme:tracker'));
  s.dispose();
});

test('a filtered page that scans its budget returns what it found with a token to go on', async () => {
  const { s, calls } = fleetStub(SCAN_BUDGET_CALLS * 250 + 500);
  const page = await s.fleet.listThings({ maxResults: 10, nameFilter: 'no-such-device' });
  assert.deepEqual(page.items, []);
  assert.ok(page.nextToken, 'more to scan');
  assert.equal(calls.length, SCAN_BUDGET_CALLS);
  const rest = await s.fleet.listThings({ maxResults: 10, nameFilter: 'no-such-device', nextToken: page.nextToken });
  assert.equal(rest.nextToken, undefined);
  assert.equal(calls.length, SCAN_BUDGET_CALLS + 2);
  s.dispose();
});

test('an aborted filtered scan stops between pages and returns a token to go on', async () => {
  const { s, calls } = fleetStub(SCAN_BUDGET_CALLS * 250);
  const stop = new AbortController();
  const scanning = s.fleet.listThings({ maxResults: 10, nameFilter: 'no-such-device', signal: stop.signal });
  stop.abort(); // the user typed on: at most the page already asked for is read
  const page = await scanning;
  assert.ok(calls.length <= 1, `${calls.length} ListThings calls after the abort`);
  assert.deepEqual(page.items, []);
  assert.ok(page.nextToken, 'the scan can go on from where it stopped');
  s.dispose();
});

test('bad paging input is refused before any call', async () => {
  const { s, calls } = fleetStub(10);
  await assert.rejects(s.fleet.listThings({ maxResults: 0 }), (e: unknown) => e instanceof AwsError && e.kind === 'invalid-request');
  await assert.rejects(s.fleet.listThings({ maxResults: 5, nameFilter: 'x', nextToken: 'garbage' }), (e: unknown) => e instanceof AwsError && e.kind === 'invalid-request');
  assert.equal(calls.length, 0);
  s.dispose();
});

test('thing types carry their deprecation state and date', async () => {
  const s = createSession(spec);
  const deprecationDate = new Date('2026-01-02T03:04:05Z');
  mockClient(s.clients.iot).on(ListThingTypesCommand).resolves({
    thingTypes: [
      { thingTypeName: 'acme:tracker', thingTypeMetadata: { deprecated: false, creationDate: new Date(0) }, thingTypeProperties: { thingTypeDescription: 'Trackers' } },
      { thingTypeName: 'acme:old', thingTypeMetadata: { deprecated: true, deprecationDate } },
    ],
    nextToken: 'n2',
  });
  const page = await s.fleet.listThingTypes({ maxResults: 2 });
  assert.deepEqual(page, {
    items: [
      { name: 'acme:tracker', deprecated: false, creationDate: new Date(0), description: 'Trackers' },
      { name: 'acme:old', deprecated: true, deprecationDate },
    ],
    nextToken: 'n2',
  });
  s.dispose();
});
