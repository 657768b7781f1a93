// The Fleet view on a connection with fleet indexing (a sandbox started with indexing on, used as the
// active session) against the extension's own sandbox without it: the same rows for the same user
// actions, answered by SearchIndex in one call, with each thing's online state on its row.
import * as assert from 'node:assert/strict';
import { createSession, type SdkSession } from '../../src/aws/index';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import type { ExtensionApi } from '../../src/extension';
import type { FleetNode } from '../../src/ui/fleet/fleetContext';
import { child, rows, sandboxApi, tooltipText, type Row } from './fleetHelpers';

type Filterable = FleetNode & { setFilter(t: string): void };

suite('Fleet view with fleet indexing', () => {
  let api: ExtensionApi;
  let sb: RunningSandbox;
  let session: SdkSession;
  const calls = new Map<string, number>();
  const count = (name: string) => calls.get(name) ?? 0;

  /** The rows a user sees for the same actions: thing names under a filter, and the untyped things. */
  async function observe(): Promise<{ filtered: string[]; untyped: string[] }> {
    const type = await child(api, undefined, 'tracker_v2');
    const all = await rows(api, type.node);
    const needle = all[1].label.slice(-5);
    (type.node as Filterable).setFilter(needle);
    const filtered = (await rows(api, type.node)).map((r) => r.label);
    (type.node as Filterable).setFilter('');
    const untyped = (await rows(api, (await child(api, undefined, 'Things without a type')).node)).filter((r) => r.item.contextValue === 'thing').map((r) => r.label);
    return { filtered, untyped };
  }

  suiteSetup(async () => {
    api = await sandboxApi(); // the extension's own sandbox: seed 1, 25 things, indexing off
    sb = await startSandbox({ things: 25, seed: 1, indexing: true });
    session = createSession({ kind: 'custom', id: 'indexed-sandbox', label: 'indexed sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
    session.clients.iot.middlewareStack.add((next, context) => (args) => {
      const name = String(context.commandName).replace(/Command$/, '');
      calls.set(name, count(name) + 1);
      return next(args);
    }, { step: 'initialize', name: 'countCalls' });
  });

  suiteTeardown(async () => {
    await api.connection.connectSandbox();
    session.dispose();
    await sb.stop();
  });

  test('the same filter and "Things without a type" rows with indexing off and on; on, each costs one SearchIndex call', async () => {
    const without = await observe();
    await api.connection.useSession(session);
    calls.clear();
    const withIndex = await observe();
    assert.deepEqual(withIndex, without);
    assert.equal(count('ListThings'), 0, JSON.stringify([...calls]));
    // tracker_v2 listed, then filtered, then the untyped things listed: one SearchIndex each.
    assert.equal(count('SearchIndex'), 3, JSON.stringify([...calls]));
  });

  test('thing rows show online / offline / sleeping from the index, with no shadow call; the Classic row agrees', async () => {
    await api.connection.useSession(session);
    api.fleet.refresh(undefined);
    const fetches = api.store.fetches;
    const type = await child(api, undefined, 'tracker_v2');
    const things = await rows(api, type.node);
    assert.ok(things.length > 2);
    for (const t of things) {
      assert.match(t.description, /^(online|offline|sleeping \(queue mode\)|connectivity unknown)$/, t.label);
      assert.match(tooltipText(t.item), /Connectivity \(from the fleet index\)/);
    }
    assert.ok(things.some((t) => t.description !== 'connectivity unknown'), 'states are read from the indexed classic shadow');
    assert.equal(api.store.fetches, fetches, 'no shadow was fetched for the thing rows');
    for (const t of things.slice(0, 3) as Row[]) {
      const classic = (await rows(api, t.node))[0];
      assert.equal(classic.label, 'Classic');
      assert.ok(classic.description.startsWith(t.description), `${t.label}: row "${t.description}", Classic "${classic.description}"`);
    }
  });

  test('a type row counts its things (one GetStatistics call)', async () => {
    await api.connection.useSession(session);
    calls.clear();
    api.fleet.refresh(undefined);
    const expected = sb.fleet.filter((t) => t.thingTypeName === 'acme:tracker_v2').length;
    await rows(api);
    const deadline = Date.now() + 5000;
    let row = await child(api, undefined, 'tracker_v2');
    while (!/things?$/.test(row.description) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      row = await child(api, undefined, 'tracker_v2');
    }
    assert.equal(row.description, `acme · ${expected} things`);
    assert.ok(count('GetStatistics') >= 1 && count('GetStatistics') <= 5, JSON.stringify([...calls]));
  });
});
