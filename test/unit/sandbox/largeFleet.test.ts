// Large fleets: a 100,000-thing sandbox starts, pages and serves its shadows as a small one does, and its
// memory is bounded by a budget — a fleet too large for it is refused before it is built, and writes past
// it are refused — each time with a message that says what to do.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { IoTClient, ListThingsCommand } from '@aws-sdk/client-iot';
import { GetThingShadowCommand, IoTDataPlaneClient, ListNamedShadowsForThingCommand, UpdateThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import { SandboxSizeError, startSandbox, type RunningSandbox } from '../../../src/sandbox/index';

const clients = (sb: RunningSandbox) => {
  const common = { endpoint: sb.url, region: sb.region, credentials: sb.credentials, maxAttempts: 1 };
  return { iot: new IoTClient(common), data: new IoTDataPlaneClient(common) };
};
const stored = (d: { timestamp?: unknown }) => ({ ...d, timestamp: undefined });
const doc = (payload: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(payload)) as { state: Record<string, Record<string, unknown>>; metadata: unknown; version: number; timestamp?: number };

describe('a 100,000-thing sandbox', () => {
  let sb: RunningSandbox;
  let c: ReturnType<typeof clients>;
  before(async () => {
    sb = await startSandbox({ things: 100_000, seed: 3, mqtt: false });
    c = clients(sb);
  });
  after(async () => {
    c.iot.destroy();
    c.data.destroy();
    await sb.stop();
  });

  test('starts, and ListThings pages every thing once, in order', async () => {
    assert.equal(sb.fleet.length, 100_000);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await c.iot.send(new ListThingsCommand({ maxResults: 250, nextToken: token }));
      names.push(...r.things!.map((t) => t.thingName!));
      token = r.nextToken;
      pages++;
    } while (token);
    assert.equal(pages, 400);
    assert.deepEqual(names, sb.fleet.map((t) => t.thingName));
  });

  test("the last thing's seeded shadows read the same each time, and a write to one keeps the others", async () => {
    const thingName = sb.fleet.at(-1)!.thingName;
    const get = async (shadowName?: string) => doc((await c.data.send(new GetThingShadowCommand({ thingName, shadowName }))).payload);
    const classic = await get();
    const datamodel = await get('datamodel');
    assert.match(String(classic.state.reported.lastRegisterUpdate), /^\d{4}-\d\d-\d\d /, 'the documented classic fields');
    assert.ok(Object.keys(datamodel.state.reported).length > 2, 'the datamodel shadow holds objects');
    // A GET's top-level `timestamp` is when the response was made (AWS documents it so): two reads a second apart
    // differ there and nowhere else. Everything the document holds (state, metadata, version) must read the same.
    assert.deepEqual(stored(await get()), stored(classic));
    assert.deepEqual(stored(await get('datamodel')), stored(datamodel));
    await c.data.send(new UpdateThingShadowCommand({ thingName, shadowName: 'datamodel', payload: new TextEncoder().encode('{"state":{"reported":{"Extra":{"0":{"Note":"x"}}}}}') }));
    const written = await get('datamodel');
    assert.equal(written.version, 2);
    assert.deepEqual(written.state.reported, { ...datamodel.state.reported, Extra: { '0': { Note: 'x' } } });
    assert.deepEqual(stored(await get()), stored(classic));
    const named = await c.data.send(new ListNamedShadowsForThingCommand({ thingName }));
    assert.deepEqual(named.results, ['datamodel', 'operation']);
  });
});

describe('the memory budget', () => {
  test('a fleet past half the budget is refused before it is built, naming the largest that fits', async () => {
    const t0 = performance.now();
    const refused = await startSandbox({ things: 1_000_000 }).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof SandboxSizeError, String(refused));
    assert.match(refused.message, /^A sandbox of 1,000,000 things needs about \d+ MiB for its seeded fleet, more than half of its memory budget of 512 MiB .*: start it with at most [\d,]+ things \(--things (\d+)\), or with a larger budget \(--memory-budget \d+\)$/);
    assert.ok(performance.now() - t0 < 500, 'refused without building anything');

    const small = await startSandbox({ things: 5_000, memoryBudgetMiB: 4 }).then(() => undefined, (e: Error) => e);
    const most = Number(/--things (\d+)/.exec(small?.message ?? '')?.[1]);
    assert.ok(most > 0 && most < 5_000, small?.message);
    const fits = await startSandbox({ things: most, memoryBudgetMiB: 4, mqtt: false });
    await fits.stop();
    await assert.rejects(startSandbox({ things: 10, memoryBudgetMiB: 100_000 }), /more than this Node process can hold .*--max-old-space-size=/);
  });

  test('writes past the budget are refused with what to do; what was written stays, the refused write leaves nothing', async () => {
    const sb = await startSandbox({ things: 25, memoryBudgetMiB: 1, mqtt: false });
    const c = clients(sb);
    try {
      const thingName = sb.fleet[0].thingName;
      const big = JSON.stringify({ state: { desired: { blob: 'x'.repeat(7000) } } });
      let n = 0;
      const refused = await (async () => {
        for (;; n++) {
          try {
            await c.data.send(new UpdateThingShadowCommand({ thingName, shadowName: `s${n}`, payload: new TextEncoder().encode(big) }));
          } catch (e) {
            return e as Error & { $metadata?: { httpStatusCode?: number } };
          }
        }
      })();
      assert.equal(refused.$metadata?.httpStatusCode, 400);
      assert.match(refused.message, /memory budget of 1\.0 MiB is used up .*Restart the sandbox .*--memory-budget <MiB>/);
      assert.ok(n > 5 && n < 100, `${n} writes of 7 KB fit`);
      const named = await c.data.send(new ListNamedShadowsForThingCommand({ thingName, pageSize: 100 }));
      assert.equal(named.results!.filter((s) => /^s\d+$/.test(s)).length, n);
      await assert.rejects(c.data.send(new GetThingShadowCommand({ thingName, shadowName: `s${n}` })), /No shadow exists/);
      // seeded shadows still read: they are built from the seed, not kept
      for (const t of sb.fleet) assert.ok(doc((await c.data.send(new GetThingShadowCommand({ thingName: t.thingName, shadowName: 'datamodel' }))).payload).version >= 1);
    } finally {
      c.iot.destroy();
      c.data.destroy();
      await sb.stop();
    }
  });
});
