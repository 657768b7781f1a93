// Relative times in the Fleet view stay true: the Classic row's "updated 5 min ago" is redrawn by one timer
// while the view is visible, that row alone, without fetching its shadow again; hidden, nothing runs.
// The ages run on a clock the test moves on (thirteen minutes in a few milliseconds), through the test API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { FleetNode } from '../../src/ui/fleet/fleetContext';
import { child, rows, sandboxApi, waitFor } from './fleetHelpers';

const MIN = 60_000;

suite('Relative times in the Fleet view', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await sandboxApi();
  });

  suiteTeardown(() => {
    api.useAgeClock(undefined);
  });

  test('"updated 5 min ago" reads 18–19 min thirteen minutes later: the timer redraws that row alone, nothing is fetched', async () => {
    await vscode.commands.executeCommand('lwm2mShadows.fleet.focus');
    await waitFor('the Fleet view to be visible', () => api.treeView.visible);
    const session = api.connection.session()!;
    const type = await child(api, undefined, 'env_sensor');
    const thing = (await rows(api, type.node))[2]!;
    // Its connectivity as Coiote DM writes it: refreshed 5 minutes ago, a lifetime of a day (no refresh due).
    await session.shadows.update(thing.label, '', {
      reported: { registrationStatus: 'registered', lifetime: 86_400, lastLifetimeRefresh: new Date(Date.now() - 5 * MIN).toISOString() },
    });
    api.fleet.refresh(thing.node);
    const classic = await waitFor('the Classic row updated 5 min ago', async () => {
      const row = await child(api, thing.node, 'Classic');
      return /updated 5 min ago/.test(row.description) ? row : undefined;
    });

    let offset = 0;
    let pending: { fn: () => void; ms: number } | undefined;
    api.useAgeClock({
      now: () => Date.now() + offset,
      setTimeout: (fn, ms) => (pending = { fn, ms }),
      clearTimeout: (h) => { if (h === pending) pending = undefined; },
    });
    // What VS Code itself draws for the row (it asks the provider, which asks the node).
    const node = classic.node as FleetNode & { treeItem: () => vscode.TreeItem };
    const drawn: string[] = [];
    node.treeItem = function (this: FleetNode) {
      const item = Object.getPrototypeOf(node).treeItem.call(this) as vscode.TreeItem;
      drawn.push(String(item.description));
      return item;
    };
    const events: unknown[] = [];
    const listening = api.fleet.onDidChangeTreeData((e) => events.push(e));
    try {
      await api.treeView.reveal(classic.node, { select: false, focus: false });
      await waitFor('VS Code to draw the row', () => drawn.length > 0 || undefined);
      assert.ok(pending, 'a timer runs: the view is visible and a row shows an age');
      assert.ok(pending.ms <= 31_000, `due when "5 min" turns "6 min" (${pending.ms} ms)`);
      const fetches = api.store.fetches;

      while (offset < 13 * MIN) {
        const due = pending;
        assert.ok(due, `the timer keeps running (at +${offset / MIN} min)`);
        pending = undefined;
        offset += due.ms;
        const before = drawn.length;
        const eventsBefore = events.length;
        due.fn();
        // Rows other suites left on screen have their own times: wait only when this row's text changed.
        const ours = events.slice(eventsBefore).some((e) => Array.isArray(e) && e.includes(classic.node));
        if (ours) await waitFor(`VS Code to redraw the row at +${(offset / MIN).toFixed(1)} min`, () => drawn.length > before || undefined, 5000);
      }
      await waitFor('VS Code to redraw the row', () => /updated 1[89] min ago/.test(drawn.at(-1) ?? '') || undefined, 5000)
        .catch(() => assert.fail(`drawn: ${drawn.join(' | ')}`));
      assert.ok(!events.includes(undefined), 'never the whole tree');
      const redraws = events.filter((e): e is FleetNode[] => Array.isArray(e));
      assert.ok(redraws.filter((nodes) => nodes.includes(classic.node)).length >= 13, `a redraw per minute (${redraws.length})`);
      const redrawn = new Set(redraws.flat().map((n) => n.id));
      assert.ok([...redrawn].every((id) => id.endsWith('/shadow/(classic)')), `only rows showing an age: ${[...redrawn].join(', ')}`);
      const minutes = drawn.map((d) => Number(/updated (\d+) min ago/.exec(d)?.[1]));
      for (let m = 6; m <= 18; m++) assert.ok(minutes.includes(m), `drawn with ${m} min on the way: ${drawn.join(' | ')}`);
      assert.equal(api.store.fetches, fetches, 'no shadow was fetched to redraw the age');

      await vscode.commands.executeCommand('workbench.view.explorer');
      await waitFor('the Fleet view to be hidden', () => !api.treeView.visible);
      assert.equal(pending, undefined, 'hidden: no timer');
      await vscode.commands.executeCommand('lwm2mShadows.fleet.focus');
      await waitFor('the Fleet view to be visible', () => api.treeView.visible);
      assert.ok(pending, 'visible again: the timer runs again');
    } finally {
      listening.dispose();
      delete (node as Partial<typeof node>).treeItem;
      api.useAgeClock(undefined);
    }
  });
});
