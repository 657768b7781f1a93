// The AWS layer's listings with and without fleet indexing, on the sandbox through the real SDK: the same
// answers either way, in one SearchIndex call per page where the index exists, and connectivity in the same call.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createSession, type SdkSession } from '../../../src/aws/index';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index';

interface Counted { s: SdkSession; calls: Map<string, number>; reset(): void; total(): number }

function counted(sb: RunningSandbox): Counted {
  const s = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
  const calls = new Map<string, number>();
  s.clients.iot.middlewareStack.add((next, context) => (args) => {
    calls.set(context.commandName as string, (calls.get(context.commandName as string) ?? 0) + 1);
    return next(args);
  }, { step: 'initialize', name: 'countCalls' });
  return { s, calls, reset: () => calls.clear(), total: () => [...calls.values()].reduce((a, b) => a + b, 0) };
}

async function all<T>(page: (token?: string) => Promise<{ items: T[]; nextToken?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const p = await page(token);
    out.push(...p.items);
    token = p.nextToken;
  } while (token);
  return out;
}

describe('fleet listings with fleet indexing on and off (sandbox, 3,000 things)', () => {
  let sbOn: RunningSandbox;
  let sbOff: RunningSandbox;
  let on: Counted;
  let off: Counted;
  before(async () => {
    [sbOn, sbOff] = await Promise.all([startSandbox({ things: 3000, seed: 9, timeScale: 0.01, indexing: true }), startSandbox({ things: 3000, seed: 9, timeScale: 0.01 })]);
    on = counted(sbOn);
    off = counted(sbOff);
  });
  after(async () => {
    on.s.dispose();
    off.s.dispose();
    await Promise.all([sbOn.stop(), sbOff.stop()]);
  });

  test('indexing is read once per session and says what it holds', async () => {
    assert.deepEqual(await on.s.fleet.indexing(), { available: true, classicShadow: true, namedShadows: ['operation'], connectivity: false });
    assert.deepEqual(await off.s.fleet.indexing(), { available: false, reason: 'off' });
    await on.s.fleet.indexing();
    assert.equal(on.calls.get('GetIndexingConfigurationCommand'), 1);
  });

  test('a substring filter: the same things, one call instead of a scan', async () => {
    const target = sbOn.fleet[2711].thingName;
    const needle = target.slice(-7);
    on.reset();
    off.reset();
    const a = await all((t) => on.s.fleet.listThings({ maxResults: 100, nameFilter: needle, nextToken: t }));
    const b = await all((t) => off.s.fleet.listThings({ maxResults: 100, nameFilter: needle, nextToken: t }));
    assert.deepEqual(a.map((x) => x.name).sort(), b.map((x) => x.name).sort());
    assert.ok(a.some((x) => x.name === target));
    assert.equal(on.total(), 1, `indexed: ${JSON.stringify([...on.calls])}`);
    assert.equal(off.total(), Math.ceil(3000 / 250), `scan: ${JSON.stringify([...off.calls])}`);
  });

  test('things without a type: the same things either way', async () => {
    const a = await all((t) => on.s.fleet.listThings({ maxResults: 100, withoutType: true, nextToken: t }));
    const b = await all((t) => off.s.fleet.listThings({ maxResults: 100, withoutType: true, nextToken: t }));
    assert.ok(a.length > 0);
    assert.deepEqual(a.map((x) => x.name).sort(), b.map((x) => x.name).sort());
    assert.ok(a.every((x) => !x.thingTypeName));
  });

  test('a type listing carries each thing\'s classic shadow (connectivity) with the indexed call, none without', async () => {
    on.reset();
    const page = await on.s.fleet.listThings({ maxResults: 50, thingTypeName: 'acme:tracker_v2' });
    assert.equal(page.items.length, 50);
    assert.ok(page.items.every((t) => t.indexedClassicReported && typeof t.indexedClassicReported === 'object'));
    assert.deepEqual([...on.calls.keys()], ['SearchIndexCommand']);
    const plain = await off.s.fleet.listThings({ maxResults: 50, thingTypeName: 'acme:tracker_v2' });
    assert.deepEqual(plain.items.map((t) => t.name), page.items.map((t) => t.name), 'the same order as ListThings');
    assert.ok(plain.items.every((t) => t.indexedClassicReported === undefined));
  });

  test('hostile filter text is no query: nothing matches, no call is made', async () => {
    on.reset();
    const r = await on.s.fleet.listThings({ maxResults: 100, nameFilter: '*) OR (thingName:*' });
    assert.deepEqual(r.items, []);
    assert.equal(on.total(), 0);
  });

  test('a type\'s things are counted in one call where indexing is on', async () => {
    const expected = sbOn.fleet.filter((t) => t.thingTypeName === 'acme:tracker_v2').length;
    on.reset();
    assert.equal(await on.s.fleet.countThingsOfType('acme:tracker_v2'), expected);
    assert.equal(on.total(), 1);
    assert.equal(await off.s.fleet.countThingsOfType('acme:tracker_v2'), undefined);
  });
});
