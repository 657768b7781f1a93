// Live shadow updates in a real VS Code against the sandbox's MQTT over WebSocket: a value a device
// notifies shows in the tree with no GetThingShadow call after the first read, Publish's answer arrives
// without polling, and where MQTT is refused (a sandbox started without it) the same views work by
// polling and say why once.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AwsSession, ShadowApi } from '../../src/aws/types';
import type { ExtensionApi } from '../../src/extension';
import type { ShadowRef } from '../../src/ui/documents/shadowPath';
import type { FleetNode } from '../../src/ui/fleet/fleetContext';
import type { PublishOutcome } from '../../src/ui/operations/publishOperation';
import { child, replaceInteraction, rows, sandboxApi, setSetting, waitFor, type Row } from './fleetHelpers';

/** Counts the GetThingShadow calls the session makes, per shadow name, until restored. */
function countGets(session: AwsSession): { count(shadowName?: string): number; restore(): void } {
  const shadows = session.shadows as ShadowApi;
  const original = shadows.get;
  const calls: string[] = [];
  shadows.get = (thingName, shadowName) => {
    calls.push(shadowName);
    return original.call(shadows, thingName, shadowName);
  };
  return {
    count: (shadowName) => calls.filter((n) => shadowName === undefined || n === shadowName).length,
    restore: () => { shadows.get = original; },
  };
}

/** The first numeric resource of a datamodel shadow: object name, instance, resource name. */
function numericPath(reported: Record<string, unknown> | undefined): [string, string, string] {
  for (const [o, insts] of Object.entries(reported ?? {})) {
    for (const [i, res] of Object.entries((insts ?? {}) as Record<string, unknown>)) {
      // LwM2M values are kept as text: "67" for an integer resource
      for (const [r, v] of Object.entries((res ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && /^\d+$/.test(v)) return [o, i, r];
    }
  }
  throw new Error('no numeric resource in the datamodel');
}

/** Whether some resource row under the datamodel shows `value` (object → instance → resource rows). */
async function treeShows(api: ExtensionApi, datamodel: FleetNode, value: number): Promise<Row | undefined> {
  for (const obj of await rows(api, datamodel)) {
    for (const inst of await rows(api, obj.node)) {
      const found = (await rows(api, inst.node)).find((r) => r.description.startsWith(String(value)));
      if (found) return found;
    }
  }
  return undefined;
}

suite('Live shadow updates', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    await setSetting('datamodel.refreshIntervalSeconds', 5);
    api = await sandboxApi();
    await vscode.commands.executeCommand('lwm2mShadows.fleet.focus');
    await waitFor('the Fleet view to be visible', () => api.treeView.visible);
  });

  suiteTeardown(async () => {
    await setSetting('datamodel.refreshIntervalSeconds', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a value the device notifies appears in the tree at once, with no GetThingShadow call after the first read', async () => {
    const type = await child(api, undefined, 'env_sensor');
    const thing = (await rows(api, type.node))[2];
    const datamodel = await child(api, thing.node, 'Datamodel');
    const ref: ShadowRef = { connection: 'sandbox', thingName: thing.label, shadowName: 'datamodel' };
    await rows(api, datamodel.node); // the view expands it: the first (and only) read
    const [objectName, instance, resourceName] = numericPath((await api.store.get(ref, 60_000)).state.reported);
    api.live.reconcile();
    await waitFor('the datamodel to be live', () => api.live.isLive(ref), 10_000);
    assert.equal(api.live.state.kind, 'live');
    const session = api.connection.session()!;
    const gets = countGets(session);
    try {
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        // What a device notification does: Coiote DM writes reported into the datamodel shadow.
        const value = 1000 + i + Math.round(Math.random() * 100);
        const before = api.store.peek(ref)!.version;
        const t0 = performance.now();
        await session.shadows.update(ref.thingName, 'datamodel', { reported: { [objectName]: { [instance]: { [resourceName]: String(value) } } } });
        await waitFor('the new version in the store', () => (api.store.peek(ref)!.version > before) || undefined, 3000);
        latencies.push(performance.now() - t0);
        assert.ok(await waitFor('the tree row to show the value', () => treeShows(api, datamodel.node, value), 3000));
      }
      await api.watcher.refreshVisible(); // what the 5 s timer does: costs nothing while live
      await api.watcher.refreshVisible();
      assert.equal(gets.count('datamodel'), 0, 'no GetThingShadow for the live datamodel');
      latencies.sort((a, b) => a - b);
      console.log(`      update → store (live): p50 ${latencies[2].toFixed(0)} ms, max ${latencies[4].toFixed(0)} ms`);
      assert.ok(latencies[4] < 1000, `live updates took ${latencies.join(', ')} ms`);
    } finally {
      gets.restore();
    }
  });

  test('Publish: the answer is taken from the live channel the moment it is written (no polling of the operation shadow)', async () => {
    let thing = '';
    const tv2 = await child(api, undefined, 'tracker_v1');
    for (const t of await rows(api, tv2.node)) {
      const classic = await child(api, t.node, 'Classic');
      if (classic.description.startsWith('online')) {
        thing = t.label;
        break;
      }
    }
    assert.ok(thing, 'an online tracker_v1 thing');
    const uri = vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` });
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const opened = JSON.parse(doc.getText()) as { version: number };
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0),
      JSON.stringify({ state: { desired: { operation: 'read', keys: ['Device.0.Battery Level'] } }, version: opened.version }, null, 2) + '\n'));
    const opRef: ShadowRef = { connection: 'sandbox', thingName: thing, shadowName: 'operation' };
    await waitFor('the operation shadow to be live', () => { api.live.reconcile(); return api.live.isLive(opRef); }, 10_000);
    const gets = countGets(api.connection.session()!);
    try {
      const outcome = await vscode.commands.executeCommand<PublishOutcome>('lwm2mShadows.publishOperation', doc.uri);
      assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
      assert.ok(gets.count('operation') <= 1, `operation shadow read ${gets.count('operation')} times (only the read-back after publishing)`);
      console.log(`      read answered ${outcome.answerMs?.toFixed(0)} ms after the accepted update, ${gets.count('operation')} GetThingShadow of the operation shadow`);
    } finally {
      gets.restore();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('MQTT refused: the tree still follows the device by polling, the status bar says polled, one notice names iot:Connect', async () => {
    const { startSandbox } = await import('../../src/sandbox/index');
    const { createSession } = await import('../../src/aws/index');
    const sb = await startSandbox({ things: 6, seed: 5, mqtt: false, timeScale: 0.05 });
    // The channel's own log says when each refused reconnect attempt happened; a short backoff makes them come fast.
    const failedAttempts: string[] = [];
    const session = createSession(
      { kind: 'custom', id: 'no-mqtt', label: 'no-mqtt sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 },
      { backoff: { baseMs: 50, maxMs: 200 }, log: (line) => { if (/connection attempt \d+ failed/.test(line)) failedAttempts.push(line); } },
    );
    await setSetting('datamodel.refreshIntervalSeconds', 1);
    // Every notification the person sees (dismissed): the live-updates notices among them.
    const shown: string[] = [];
    replaceInteraction(api, { notify: async (_level, message) => { shown.push(message); return undefined; } });
    try {
      await api.connection.useSession(session);
      const group = (await rows(api, undefined))[0];
      const thing = (await rows(api, group.node))[0];
      const datamodel = await child(api, thing.node, 'Datamodel');
      await rows(api, datamodel.node);
      const ref: ShadowRef = { connection: 'no-mqtt', thingName: thing.label, shadowName: 'datamodel' };
      // Notices this connection got (one shown in the meantime, e.g. for the embedded sandbox on a loaded
      // machine, is another connection's).
      const mine = () => shown.filter((m) => m.startsWith('Live shadow updates are off for no-mqtt sandbox'));
      api.live.reconcile();
      await waitFor('the notice', () => mine().length > 0 || undefined, 10_000);
      assert.equal(mine().length, 1, JSON.stringify(shown));
      assert.match(mine()[0], /^Live shadow updates are off for no-mqtt sandbox: AWS IoT refused iot:Connect/, JSON.stringify(shown));
      assert.match(mine()[0], /iot:Subscribe, iot:Receive and iot:Publish/);
      assert.equal(api.live.state.kind, 'polled');
      assert.equal(api.live.isLive(ref), false);
      // polling follows a change all the same
      const before = api.store.peek(ref)?.version ?? 0;
      await session.shadows.update(thing.label, 'datamodel', { reported: { Polled: { 0: { Value: 7 } } } });
      await waitFor('the polled change', () => ((api.store.peek(ref)?.version ?? 0) > before) || undefined, 8000);
      // more shadows, more reconnect attempts: still the one notice
      const operation = await child(api, thing.node, /Operation/);
      assert.ok(operation);
      const attemptsSoFar = failedAttempts.length;
      await waitFor('two more refused reconnect attempts', () => failedAttempts.length >= attemptsSoFar + 2 || undefined, 5000);
      assert.equal(mine().length, 1, `said ${mine().length} times after ${failedAttempts.length} refused attempts`);
    } finally {
      replaceInteraction(api, { notify: undefined });
      await setSetting('datamodel.refreshIntervalSeconds', 5);
      await api.connection.connectSandbox();
      session.dispose();
      await sb.stop();
    }
  });
});
