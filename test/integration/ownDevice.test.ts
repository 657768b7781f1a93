// Your own device (issue 21) in a real VS Code: Eclipse Wakaama's lwm2mclient, a real LwM2M client process,
// registers with the extension's embedded sandbox at the URI the extension gives; the Fleet lists it by itself
// (no Refresh) with `LwM2M 1.1 · 127.0.0.1:<port>` and its objects; Read, Write…, Execute… and Observe… from
// the tree reach the device and come back, and so does Write Attributes…. Skipped with the reason where no client is found (LWM2M_TEST_CLIENT).
import * as assert from 'node:assert/strict';
import type { ExtensionApi } from '../../src/extension';
import type { TreeActionOutcome } from '../../src/ui/operations/treeActions';
import * as vscode from 'vscode';
import { NO_CLIENT, WakaamaClient, findClient } from '../unit/sandbox/lwm2m/wakaamaClient';
import { answerPrompts, child, resetInteraction, rows, sandboxApi, tooltipText, waitFor, withAnswers, type Row } from './fleetHelpers';

const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand<TreeActionOutcome>(`lwm2mShadows.${command}`, ...args);
const TYPE_ROW = 'Lightweight_M2M_Client';

suite('Your own device: Wakaama lwm2mclient on the embedded sandbox', () => {
  const client = findClient();
  let api: ExtensionApi;
  let wakaama: WakaamaClient | undefined;
  let thing = '';

  async function thingRow(): Promise<Row> {
    return child(api, (await child(api, undefined, TYPE_ROW)).node, thing);
  }

  async function resourceRow(object: string, instance: string, resource: string): Promise<Row> {
    const dm = await child(api, (await thingRow()).node, 'Datamodel');
    const inst = await child(api, (await child(api, dm.node, object)).node, `Instance ${instance}`);
    return child(api, inst.node, resource);
  }

  suiteSetup(async function () {
    if (!client) {
      console.log(`      ${NO_CLIENT}`);
      this.skip();
    }
    this.timeout(60_000);
    api = await sandboxApi();
    // The Fleet is on screen before the device registers: it must list the new thing by itself.
    await rows(api);
    const uri = api.connection.sandboxLwm2m()?.uri;
    assert.ok(uri, `the sandbox's LwM2M server listens (${api.connection.sandboxLwm2m()?.error ?? 'no error'})`);
    const m = /^coap:\/\/127\.0\.0\.1:(\d+)$/.exec(uri);
    assert.ok(m, uri);
    thing = `own-device-${process.pid}`;
    wakaama = await WakaamaClient.start(client!.plain, { serverPort: Number(m[1]), endpoint: thing, lifetime: 120 });
  });

  suiteTeardown(async () => {
    if (api) resetInteraction(api);
    await wakaama?.kill();
  });

  test('it appears in the Fleet by itself, its row says how it is reached, with its objects', async function () {
    this.timeout(30_000);
    const row = await waitFor('the device in the Fleet', async () => {
      const type = (await rows(api)).find((r) => r.label === TYPE_ROW);
      if (!type) return undefined;
      return (await rows(api, type.node)).find((r) => r.label === thing && r.description.startsWith('LwM2M'));
    }, 20_000);
    assert.equal(row.description, `LwM2M 1.1 · 127.0.0.1:${wakaama!.localPort}`);
    assert.match(tooltipText(row.item), new RegExp(`A real LwM2M client registered with the sandbox from 127\\.0\\.0\\.1:${wakaama!.localPort} \\(LwM2M 1\\.1\\)`));
    assert.match(tooltipText(row.item), /protocol: LwM2M/);
    const dm = await waitFor('its datamodel', async () => {
      const d = await child(api, row.node, 'Datamodel').catch(() => undefined);
      return d && (await rows(api, d.node)).some((r) => r.label === 'Device') ? d : undefined;
    }, 10_000);
    const objects = (await rows(api, dm.node)).map((r) => r.label);
    for (const o of ['LwM2M Server', 'Device', 'Connectivity Monitoring', 'Firmware Update', 'Location', 'Connectivity Statistics', '31024']) {
      assert.ok(objects.includes(o), `${o} in ${JSON.stringify(objects)}`);
    }
    assert.ok(!objects.includes('LwM2M Security'), 'the Security object (keys) is never read');
    assert.equal((await resourceRow('Device', '0', 'Manufacturer')).description, 'Open Mobile Alliance');
  });

  test('Read from the tree reaches the device and comes back marked', async () => {
    const battery = await resourceRow('Device', '0', 'Battery Level');
    const outcome = await run('read', battery.node, [battery.node]);
    assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
    assert.deepEqual(outcome.resultValues?.find((v) => v.key === 'Device.0.Battery Level')?.value, '100');
    assert.equal((await resourceRow('Device', '0', 'Battery Level')).description, '100 % ✓');
  });

  test('Write… reaches the device: the value read back from it is the one written', async () => {
    const offset = await resourceRow('Device', '0', 'UTC Offset');
    const value = offset.description.startsWith('+02:00') ? '+03:00' : '+02:00';
    const written = await withAnswers(api, { inputs: [value] }, () => run('write', offset.node, [offset.node]));
    assert.equal(written.status, 'answered', JSON.stringify(written));
    assert.deepEqual(written.failedKeys, []);
    const read = await withAnswers(api, { picks: ['Device.0.UTC Offset'] }, () => run('read', { thing }));
    assert.equal(read.status, 'answered', JSON.stringify(read));
    assert.equal(read.resultValues?.find((v) => v.key === 'Device.0.UTC Offset')?.value, value);
    assert.match((await resourceRow('Device', '0', 'UTC Offset')).description, new RegExp(`^\\${value}`));
  });

  test('Execute… is confirmed, then executed by the device (Registration Update Trigger: it sends an Update)', async () => {
    const asked: string[] = [];
    answerPrompts(api, (message, choices) => { asked.push(message); return choices[0]; });
    const trigger = await resourceRow('LwM2M Server', '0', 'Registration Update Trigger');
    const executed = await withAnswers(api, { inputs: [''] }, () => run('execute', trigger.node, [trigger.node]));
    assert.equal(executed.status, 'answered', JSON.stringify(executed));
    assert.deepEqual(executed.failedKeys, []);
    assert.deepEqual(asked, [`Execute LwM2M Server.0.Registration Update Trigger on ${thing}?`]);
  });

  test('Write Attributes… is offered on the row, reaches the device and its answer comes back', async () => {
    const battery = await resourceRow('Device', '0', 'Battery Level');
    assert.ok(String(battery.item.contextValue ?? '').split(' ').includes('can-writeAttributes'), String(battery.item.contextValue));
    const written = await withAnswers(api, { picks: ['pmin', 'pmax'], inputs: ['5', '60'] }, () => run('writeAttributes', battery.node, [battery.node]));
    assert.equal(written.status, 'answered', JSON.stringify(written));
    assert.deepEqual(written.failedKeys, []);
    assert.deepEqual(written.request, { operation: 'writeAttributes', keys: ['Device.0.Battery Level'], attributes: [{ pmin: 5, pmax: 60 }] });
  });

  test('Observe… marks the row; the device\'s notifications change the value in the tree; Cancel Observation ends them', async function () {
    this.timeout(30_000);
    const time = await resourceRow('Device', '0', 'Current Time');
    const observed = await withAnswers(api, { picks: ['pmin', 'pmax'], inputs: ['1', '1'] }, () => run('observe', time.node, [time.node]));
    assert.equal(observed.status, 'answered', JSON.stringify(observed));
    const marked = await resourceRow('Device', '0', 'Current Time');
    assert.match(marked.description, /observed/);
    assert.match((await thingRow()).description, /^LwM2M 1\.1 · 127\.0\.0\.1:\d+ · observing 1$/);
    const session = api.connection.session()!;
    const current = async () => ((await session.shadows.get(thing, 'datamodel')).state.reported as Record<string, any>).Device['0']['Current Time']; // eslint-disable-line @typescript-eslint/no-explicit-any
    const first = await current();
    await waitFor('a notification in the datamodel shadow', async () => ((await current()) !== first ? true : undefined), 10_000);
    const cancelled = await run('cancelObserve', marked.node, [marked.node]);
    assert.equal(cancelled.status, 'answered', JSON.stringify(cancelled));
    assert.doesNotMatch((await resourceRow('Device', '0', 'Current Time')).description, /observed/);
  });
});
