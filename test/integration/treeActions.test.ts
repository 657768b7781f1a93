// Operations from the Fleet tree in a real VS Code against the sandbox: every action kind on the rows that
// offer it (gated by the object definition and the device), progress and the answer on the row, a refused
// value, a second action queued behind the first, a late answer from a queue-mode device, observations
// marked on rows and things, history per thing and Run Again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { FleetNode } from '../../src/ui/fleet/fleetContext';
import type { TreeActionOutcome } from '../../src/ui/operations/treeActions';
import type { Interaction } from '../../src/operations/interaction';
import { answerPrompts, child, replaceInteraction, resetInteraction, withAnswers, rows, sandboxApi, setSetting, tooltipText, waitFor, type Row } from './fleetHelpers';

const run = (command: string, ...args: unknown[]) => vscode.commands.executeCommand<TreeActionOutcome>(`lwm2mShadows.${command}`, ...args);

function contextTokens(row: Row): string[] {
  return String(row.item.contextValue ?? '').split(' ');
}

function iconId(row: Row): string | undefined {
  const icon = row.item.iconPath;
  return icon instanceof vscode.ThemeIcon ? icon.id : undefined;
}

suite('Tree actions on the sandbox', () => {
  let api: ExtensionApi;
  /** An online tracker_v2 thing with the vendor object ACME Tracking that no other suite writes to. */
  let thing: string;
  let thingNode: FleetNode;

  async function resourceRow(object: string, instance: string, resource: string): Promise<Row> {
    const thingRow = await findThingRow(thing);
    const dm = await child(api, thingRow.node, 'Datamodel');
    const obj = await child(api, dm.node, object);
    const inst = await child(api, obj.node, `Instance ${instance}`);
    return child(api, inst.node, resource);
  }

  async function findThingRow(name: string): Promise<Row> {
    for (const typeName of ['tracker_v2', 'env_sensor', 'thingy91', 'tracker_v1']) {
      const type = await child(api, undefined, typeName);
      const found = (await rows(api, type.node)).find((r) => r.label === name);
      if (found) return found;
    }
    throw new Error(`no row for ${name}`);
  }

  /** A sleeping (queue-mode) env_sensor thing and its row: requests to it are answered late. */
  async function sleepingThing(): Promise<{ sleeper: string; sleeperRow: Row }> {
    const type = await child(api, undefined, 'env_sensor');
    for (const t of await rows(api, type.node)) {
      if ((await child(api, t.node, 'Classic')).description.startsWith('sleeping')) return { sleeper: t.label, sleeperRow: t };
    }
    throw new Error('no sleeping env_sensor thing');
  }

  /** Runs a tree action; the person picks `picks` and types `inputs` in its pickers and input boxes. */
  function answering(questions: { picks?: string[]; inputs?: string[] }, command: string, ...args: unknown[]): Promise<TreeActionOutcome> {
    return withAnswers(api, questions, () => run(command, ...args));
  }

  async function operationShadow(name = thing) {
    return api.connection.session()!.shadows.get(name, 'operation');
  }

  suiteSetup(async function () {
    this.timeout(60_000);
    await setSetting('datamodel.refreshIntervalSeconds', 0);
    api = await sandboxApi();
    const session = api.connection.session()!;
    const type = await child(api, undefined, 'tracker_v2');
    for (const t of (await rows(api, type.node)).slice(2)) {
      const classic = await child(api, t.node, 'Classic');
      if (!classic.description.startsWith('online')) continue;
      const dm = await session.shadows.get(t.label, 'datamodel');
      if (dm.state.reported && 'ACME Tracking' in dm.state.reported) {
        thing = t.label;
        thingNode = t.node;
        break;
      }
    }
    assert.ok(thing, 'an online tracker_v2 thing with ACME Tracking');
  });

  teardown(() => resetInteraction(api));

  suiteTeardown(async () => {
    await setSetting('datamodel.refreshIntervalSeconds', undefined);
    await setSetting('operation.resultTimeoutSeconds', undefined);
  });

  test('rows offer only what the definition and the device allow', async () => {
    const manufacturer = await resourceRow('Device', '0', 'Manufacturer');
    assert.ok(contextTokens(manufacturer).includes('can-read'));
    assert.ok(!contextTokens(manufacturer).includes('can-write'), 'no Write on a read-only resource');
    assert.ok(!contextTokens(manufacturer).includes('can-execute'));
    const reboot = await resourceRow('Device', '0', 'Reboot');
    assert.deepEqual(contextTokens(reboot).filter((t) => t.startsWith('can-')), ['can-execute'], 'an executable resource is only executed');
    const lifetime = await resourceRow('LwM2M Server', '1', 'Lifetime');
    assert.ok(contextTokens(lifetime).includes('can-write'));
    const report = await resourceRow('ACME Tracking', '0', 'Report Interval');
    assert.ok(contextTokens(report).includes('can-write'), 'a vendor object\'s definition gates too');
    const thingRow = await findThingRow(thing);
    const device = await child(api, (await child(api, thingRow.node, 'Datamodel')).node, 'Device');
    assert.deepEqual(contextTokens(device).filter((t) => t.startsWith('can-')), ['can-read', 'can-observe', 'can-cancelObserve', 'can-writeAttributes']);

    // Invoked anyway on the selected row (F1, a keybinding): refused with the reason, nothing sent.
    const before = (await operationShadow()).version;
    await api.treeView.reveal(manufacturer.node, { select: true, focus: false });
    const write = await run('write');
    assert.equal(write.status, 'not-offered', JSON.stringify(write));
    assert.match(write.message ?? '', /Manufacturer is not writable \(operations: R\)/);
    const battery = await resourceRow('Device', '0', 'Battery Level');
    await api.treeView.reveal(battery.node, { select: true, focus: false });
    const execute = await run('execute');
    assert.equal(execute.status, 'not-offered', JSON.stringify(execute));
    assert.match(execute.message ?? '', /Battery Level is not executable/);
    // From F1 with a thing, the keys offered are the device's own: an object it does not have is not among them.
    let offered: string[] = [];
    api.useInteraction({ pickMany: async (items) => { offered = items.map((i) => i.label); return undefined; } });
    const absent = await run('read', { thing, keys: ['Humidity.0'] });
    api.useInteraction(undefined);
    assert.equal(absent.status, 'cancelled', JSON.stringify(absent));
    assert.ok(offered.includes('Device.0.Battery Level'), JSON.stringify(offered));
    assert.ok(!offered.some((k) => k.startsWith('Humidity')), 'the device has no Humidity object');
    assert.equal((await operationShadow()).version, before, 'the operation shadow was not touched');
  });

  test('Read on a row: "reading…" while the device answers, then the value marked in place', async () => {
    const battery = await resourceRow('Device', '0', 'Battery Level');
    const pending = run('read', battery.node, [battery.node]);
    const busy = await waitFor('the row to show progress', async () => {
      const r = await resourceRow('Device', '0', 'Battery Level');
      return r.description.startsWith('reading…') ? r : undefined;
    }, 5000);
    assert.equal(iconId(busy), 'loading~spin');
    const thingRow = await findThingRow(thing);
    assert.match(thingRow.description, /read…/, 'the thing shows it is busy');
    const outcome = await pending;
    assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
    assert.deepEqual(outcome.request, { operation: 'read', keys: ['Device.0.Battery Level'] });
    const value = outcome.resultValues?.find((v) => v.key === 'Device.0.Battery Level')?.value;
    assert.ok(value, JSON.stringify(outcome.resultValues));
    const after = await resourceRow('Device', '0', 'Battery Level');
    assert.equal(after.description, `${value} % ✓`);
    assert.equal(iconId(after), 'pass-filled');
    assert.match(tooltipText(after.item).replace(/&nbsp;/g, ' '), new RegExp(`Answered\\*\\*: read at .*: ${value}`));
    const entry = api.operationHistory('sandbox')[0];
    assert.equal(entry.thing, thing);
    assert.deepEqual(entry.keys, ['Device.0.Battery Level']);
  });

  test('Write…: the new value is written, read back into the datamodel and marked; a bad value is refused, never sent', async () => {
    const lifetime = await resourceRow('LwM2M Server', '1', 'Lifetime');
    const newValue = lifetime.description.startsWith('300') ? '600' : '300';
    const outcome = await answering({ inputs: [newValue] }, 'write', lifetime.node, [lifetime.node]);
    assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
    assert.deepEqual(outcome.failedKeys, []);
    const stored = await operationShadow();
    assert.deepEqual(stored.state.desired, { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [newValue] });
    const row = await waitFor('the written value in the tree', async () => {
      const r = await resourceRow('LwM2M Server', '1', 'Lifetime');
      return r.description.startsWith(newValue) ? r : undefined;
    });
    assert.equal(row.description, `${newValue} s ✓`);

    const before = (await operationShadow()).version;
    const report = await resourceRow('ACME Tracking', '0', 'Report Interval');
    const refused = await answering({ inputs: ['5'] }, 'write', report.node, [report.node]);
    assert.equal(refused.status, 'refused');
    assert.match(refused.message ?? '', /^Not sent to .*: "5" is outside Report Interval's range 10\.\.86400 \(s\)/);
    const typeError = await answering({ picks: ['LwM2M Server.1.Lifetime'], inputs: ['3.5'] }, 'write', { thing });
    assert.equal(typeError.status, 'refused');
    assert.match(typeError.message ?? '', /expects an Integer/);
    assert.equal((await operationShadow()).version, before, 'nothing was sent');
  });

  test('Execute…, Write Attributes…, Read Everything and a multi-row Read (readComposite) all answer', async () => {
    const trigger = await resourceRow('LwM2M Server', '1', 'Registration Update Trigger');
    const asked: string[] = [];
    answerPrompts(api, (message, choices) => { asked.push(message); return choices[0]; });
    const executed = await answering({ inputs: [''] }, 'execute', trigger.node, [trigger.node]);
    assert.equal(executed.status, 'answered', JSON.stringify(executed));
    assert.deepEqual(asked, [`Execute LwM2M Server.1.Registration Update Trigger on ${thing}?`], 'every Execute is confirmed');
    assert.deepEqual(executed.request, { operation: 'execute', keys: ['LwM2M Server.1.Registration Update Trigger'] });
    const badArgs = await answering({ inputs: ['0=on'] }, 'execute', trigger.node, [trigger.node]);
    assert.equal(badArgs.status, 'refused');
    assert.match(badArgs.message ?? '', /must be quoted/);

    const battery = await resourceRow('Device', '0', 'Battery Level');
    const attrs = await answering({ picks: ['st'], inputs: ['5'] }, 'writeAttributes', battery.node, [battery.node]);
    assert.equal(attrs.status, 'answered', JSON.stringify(attrs));
    assert.deepEqual(attrs.request, { operation: 'writeAttributes', keys: ['Device.0.Battery Level'], attributes: [{ st: 5 }] });

    const everything = await run('readEverything', thingNode);
    assert.equal(everything.status, 'answered', JSON.stringify(everything));
    assert.deepEqual(everything.request, { operation: 'read', keys: ['all'] });
    assert.ok((everything.values ?? 0) > 10, `${everything.values} values`);

    const lifetime = await resourceRow('LwM2M Server', '1', 'Lifetime');
    const composite = await run('read', battery.node, [battery.node, lifetime.node]);
    assert.equal(composite.status, 'answered', JSON.stringify(composite));
    assert.deepEqual(composite.request, { operation: 'readComposite', keys: ['Device.0.Battery Level', 'LwM2M Server.1.Lifetime'] });

    // A caller cannot pre-answer the confirmation (an old `confirm: true` is ignored): declining sends nothing.
    asked.length = 0;
    answerPrompts(api, (message) => { asked.push(message); return undefined; });
    const before = (await operationShadow()).version;
    const reboot = await run('reboot', { thing, confirm: true });
    assert.equal(reboot.status, 'cancelled', 'Reboot asks first; declining sends nothing');
    assert.deepEqual(asked, [`Execute Device.0.Reboot on ${thing}?`]);
    assert.equal((await operationShadow()).version, before, 'nothing was sent');
  });

  test('with several rows selected, Write, Execute and Reboot act on the clicked row only; Read takes every selected row', async () => {
    const reboot = await resourceRow('Device', '0', 'Reboot');
    const trigger = await resourceRow('LwM2M Server', '1', 'Registration Update Trigger');
    const lifetime = await resourceRow('LwM2M Server', '1', 'Lifetime');
    const report = await resourceRow('ACME Tracking', '0', 'Report Interval');
    const type = await child(api, undefined, 'tracker_v2');
    const other = (await rows(api, type.node)).find((r) => r.label.startsWith('urn:') && r.label !== thing)!;
    const asked: string[] = [];
    answerPrompts(api, (message) => { asked.push(message); return undefined; }); // every confirmation is declined
    const before = (await operationShadow()).version;
    const otherBefore = (await operationShadow(other.label)).version;

    // Execute clicked on the trigger while Reboot was selected first: only the trigger is asked about.
    const executed = await answering({ inputs: [''] }, 'execute', trigger.node, [reboot.node, trigger.node]);
    assert.equal(executed.status, 'cancelled', JSON.stringify(executed));
    assert.deepEqual(asked, [`Execute LwM2M Server.1.Registration Update Trigger on ${thing}?`]);
    // Write clicked on Report Interval while Lifetime was selected first: the clicked row's range refuses 5.
    const written = await answering({ inputs: ['5'] }, 'write', report.node, [lifetime.node, report.node]);
    assert.equal(written.status, 'refused', JSON.stringify(written));
    assert.match(written.message ?? '', /Report Interval's range 10\.\.86400/);
    // Reboot clicked on this thing while another thing was selected first.
    asked.length = 0;
    const rebooted = await run('reboot', thingNode, [other.node, thingNode]);
    assert.equal(rebooted.status, 'cancelled', JSON.stringify(rebooted));
    assert.deepEqual(asked, [`Execute Device.0.Reboot on ${thing}?`]);
    // Read takes the selection, and every selected row must offer it: the one that does not is named.
    const mixed = await run('read', lifetime.node, [lifetime.node, reboot.node]);
    assert.equal(mixed.status, 'not-offered', JSON.stringify(mixed));
    assert.match(mixed.message ?? '', /Device\.0\.Reboot: Reboot is not readable/);

    assert.equal((await operationShadow()).version, before, 'something was sent to the thing');
    assert.equal((await operationShadow(other.label)).version, otherBefore, 'something was sent to the other selected thing');
  });

  test('a key the device refuses is marked failed on its row, with the reason in its tooltip', async () => {
    // The sandbox's firmware update refuses Update while no package is downloaded (State is not 2).
    const update = await resourceRow('Firmware Update', '0', 'Update');
    answerPrompts(api, (_m, choices) => choices[0]);
    const outcome = await answering({ inputs: [''] }, 'execute', update.node, [update.node]);
    assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
    assert.deepEqual(outcome.failedKeys, ['Firmware Update.0.Update']);
    const row = await resourceRow('Firmware Update', '0', 'Update');
    assert.equal(iconId(row), 'error');
    assert.match(row.description, /execute failed$/);
    assert.match(tooltipText(row.item).replace(/&nbsp;/g, ' ').replace(/\\/g, ''), /Failed\*\*: execute \(.*\): the device did not execute it \(listed in failedKeys of the answer\)/);
  });

  test('Observe… marks the row and the thing, survives as a mark, and Cancel Observation clears it', async () => {
    const sensor = await resourceRow('Temperature', '0', 'Sensor Value');
    const observed = await answering({ picks: ['pmin', 'pmax'], inputs: ['1', '30'] }, 'observe', sensor.node, [sensor.node]);
    assert.equal(observed.status, 'answered', JSON.stringify(observed));
    assert.deepEqual(observed.request, { operation: 'observe', keys: ['Temperature.0.Sensor Value'], attributes: [{ pmin: 1, pmax: 30 }] });
    const row = await resourceRow('Temperature', '0', 'Sensor Value');
    assert.ok(contextTokens(row).includes('observed'), String(row.item.contextValue));
    assert.match(row.description, /observed/);
    assert.doesNotMatch(tooltipText(row.item), /Answered\*\*: observe at .*: /, 'an observe answer carries no value');
    assert.match(tooltipText(row.item).replace(/&nbsp;/g, ' '), /Observed since\*\*: .*pmin=1 pmax=30/);
    assert.match((await findThingRow(thing)).description, /observing 1/);

    const cancelled = await run('cancelObserve', row.node, [row.node]);
    assert.equal(cancelled.status, 'answered', JSON.stringify(cancelled));
    const after = await resourceRow('Temperature', '0', 'Sensor Value');
    assert.ok(!contextTokens(after).includes('observed'));
    assert.doesNotMatch((await findThingRow(thing)).description, /observing/);

    const all = await run('cancelAllObservations', thingNode);
    assert.equal(all.status, 'answered', JSON.stringify(all));
    assert.deepEqual(all.request, { operation: 'cancelObserve', keys: ['all'] });
  });

  test('a second action on a busy thing is queued behind the first, never interleaved', async () => {
    const battery = await resourceRow('Device', '0', 'Battery Level');
    const lifetime = await resourceRow('LwM2M Server', '1', 'Lifetime');
    const first = run('read', battery.node, [battery.node]);
    await waitFor('the first action to start', async () => (await resourceRow('Device', '0', 'Battery Level')).description.startsWith('reading…') || undefined, 5000);
    const second = run('read', lifetime.node, [lifetime.node]);
    const queued = await waitFor('the second row to say it waits', async () => {
      const r = await resourceRow('LwM2M Server', '1', 'Lifetime');
      return r.description.startsWith('queued after read…') ? r : undefined;
    }, 5000);
    assert.equal(iconId(queued), 'loading~spin');
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.status, 'answered');
    assert.equal(b.status, 'answered');
    assert.ok(b.acceptedVersion! > a.answerVersion!, `the second request (v${b.acceptedVersion}) was written after the first was answered (v${a.answerVersion})`);
    assert.deepEqual(b.request, { operation: 'read', keys: ['LwM2M Server.1.Lifetime'] });
  });

  test('a document\'s Publish while a tree action waits for its answer is refused, the text kept and nothing written', async () => {
    const battery = await resourceRow('Device', '0', 'Battery Level');
    const first = run('read', battery.node, [battery.node]);
    await waitFor('the tree action to start', async () => (await resourceRow('Device', '0', 'Battery Level')).description.startsWith('reading…') || undefined, 5000);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` }));
    const editor = await vscode.window.showTextDocument(doc);
    const text = JSON.stringify({ state: { desired: { operation: 'read', keys: ['LwM2M Server.1.Lifetime'] } }, version: JSON.parse(doc.getText()).version }, null, 2) + '\n';
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
    const published = await vscode.commands.executeCommand<TreeActionOutcome>('lwm2mShadows.publishOperation', doc.uri);
    assert.equal(published.status, 'refused', JSON.stringify(published));
    assert.match(published.message ?? '', new RegExp(`^Not published: ${thing} is still waiting for the answer to read\\. Publish again when it has answered; your text stays in the editor\\.$`));
    assert.equal(doc.getText(), text, 'the text is kept');
    const a = await first;
    assert.equal(a.status, 'answered', JSON.stringify(a));
    assert.deepEqual((await operationShadow()).state.desired, { operation: 'read', keys: ['Device.0.Battery Level'] }, 'only the tree action was written');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Open as Operation Document puts the request into the thing\'s operation document, sending nothing', async () => {
    const before = (await operationShadow()).version;
    const lifetime = await resourceRow('LwM2M Server', '1', 'Lifetime');
    const opened = await answering({ inputs: ['900'] }, 'openActionAsDocument', lifetime.node, [lifetime.node], { kind: 'write' });
    assert.equal(opened.status, 'opened', JSON.stringify(opened));
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.toString(), vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` }).toString());
    assert.deepEqual(JSON.parse(doc!.getText()).state.desired, { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: ['900'] });
    assert.equal((await operationShadow()).version, before, 'nothing was sent');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('history per thing, and Run Again sends an entry again with the same checks', async () => {
    const entries = api.operationHistory('sandbox').filter((e) => e.thing === thing);
    const write = entries.find((e) => e.operation === 'write');
    assert.ok(write, 'the write is in the thing\'s history');
    const before = (await operationShadow()).version;
    // Asked for by arguments (not picked in the history), Run Again asks first.
    const askedAgain: string[] = [];
    answerPrompts(api, (message, choices) => { askedAgain.push(message); return choices.find((c) => c === 'Run Again'); });
    const again = await vscode.commands.executeCommand<TreeActionOutcome>('lwm2mShadows.showOperationHistory', { id: write.id, action: 'run' });
    assert.deepEqual(askedAgain, [`Send write of ${write.keys.join(', ')} to ${thing} again?`]);
    assert.equal(again.status, 'answered', JSON.stringify(again));
    assert.deepEqual(again.request, write.request);
    assert.ok((await operationShadow()).version > before);
    assert.equal(api.operationHistory('sandbox')[0].thing, thing);

    // Run Again of an Execute asks first, as every Execute does; declining sends nothing.
    const execute = api.operationHistory('sandbox').find((e) => e.thing === thing && e.operation === 'execute');
    assert.ok(execute, 'the execute is in the thing\'s history');
    const asked: string[] = [];
    answerPrompts(api, (message, choices) => { asked.push(message); return choices.find((c) => c === 'Run Again'); });
    const unchanged = (await operationShadow()).version;
    const declined = await vscode.commands.executeCommand<TreeActionOutcome>('lwm2mShadows.showOperationHistory', { id: execute.id, action: 'run' });
    assert.equal(declined.status, 'cancelled', JSON.stringify(declined));
    assert.equal(asked.length, 2, asked.join('\n'));
    assert.match(asked[1], /^Execute .* on .*\?$/);
    assert.equal((await operationShadow()).version, unchanged, 'nothing was sent');
  });

  test('a thing\'s Operation History: ▶ on an entry sends it again at once; a picked entry offers what to do with it', async () => {
    const write = api.operationHistory('sandbox').find((e) => e.thing === thing && e.operation === 'write');
    assert.ok(write, 'the write is in the thing\'s history');
    const lists: { title?: string; button: string; labels: string[] }[] = [];
    /** The person presses ▶ on the newest write (`button`), or picks it. */
    const onTheWrite = (button: boolean): Partial<Interaction>['pickWithButton'] => async (items, options) => {
      lists.push({ title: options.title, button: options.button.tooltip, labels: items.map((i) => i.label) });
      const item = items.find((i) => i.label.endsWith(`write · ${thing}`) && i.description === write.keys.join(', '));
      assert.ok(item, JSON.stringify(items.map((i) => i.label)));
      return { item, button };
    };
    const asked: string[] = [];
    answerPrompts(api, (message) => { asked.push(message); return undefined; });
    const before = (await operationShadow()).version;
    replaceInteraction(api, { pickWithButton: onTheWrite(true) });
    try {
      const again = await run('showOperationHistory', thingNode);
      assert.equal(again.status, 'answered', JSON.stringify(again));
      assert.deepEqual(again.request, write.request);
      assert.deepEqual(asked, [], 'pressing ▶ is the person\'s say-so: a write is not asked about again');
      assert.ok((await operationShadow()).version > before, 'sent');
      assert.equal(lists[0].title, `Operation History of ${thing}`);
      assert.equal(lists[0].button, 'Run Again');
      assert.ok(lists[0].labels.every((l) => l.endsWith(` · ${thing}`)), 'that thing\'s operations only');

      // Picked (not ▶): what to do with it is asked next; Show Result opens its answer.
      replaceInteraction(api, { pickWithButton: onTheWrite(false) });
      const sent = (await operationShadow()).version;
      const shown = await withAnswers(api, { picks: ['Show Result'] }, () => vscode.commands.executeCommand('lwm2mShadows.showOperationHistory', thingNode));
      assert.equal(shown, true);
      await waitFor('the result document', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'lwm2m-operation-result'));
      assert.equal((await operationShadow()).version, sent, 'showing a result sends nothing');
    } finally {
      replaceInteraction(api, { pickWithButton: undefined });
      answerPrompts(api, undefined);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('a queue-mode device answers late: the row says it waits, then shows the answer and a notification', async function () {
    this.timeout(90_000);
    const { sleeper, sleeperRow } = await sleepingThing();
    await setSetting('operation.resultTimeoutSeconds', 1);
    try {
      const battery = async () => {
        const dm = await child(api, sleeperRow.node, 'Datamodel');
        const inst = await child(api, (await child(api, dm.node, 'Device')).node, 'Instance 0');
        return child(api, inst.node, 'Battery Level');
      };
      const pending = run('read', (await battery()).node);
      // Queued behind an action that goes late: dropped with the reason, never sent minutes later on its own.
      const queued = run('readEverything', sleeperRow.node);
      const waiting = await waitFor('the row to say it waits for the device', async () => {
        const r = await battery();
        return r.description.startsWith('waiting for the device…') ? r : undefined;
      }, 10_000);
      assert.equal(iconId(waiting), 'watch');
      const outcome = await pending;
      assert.equal(outcome.status, 'timeout', JSON.stringify(outcome));
      assert.match(outcome.message ?? '', /No answer yet from .* to read: a device in queue mode/);
      assert.ok(outcome.late, 'it keeps waiting in the background');
      const dropped = await queued;
      assert.equal(dropped.status, 'dropped', JSON.stringify(dropped));
      assert.match(dropped.message ?? '', /^read was not sent to .*: read got no answer in time, .* Run it again when the device has answered\.$/);
      const desiredKeys = async () => (await api.connection.session()!.shadows.get(sleeper!, 'operation')).state.desired?.keys;
      assert.notDeepEqual(await desiredKeys(), ['all'], 'the dropped Read Everything was not written');
      const late = await outcome.late;
      assert.equal(late.status, 'answered', JSON.stringify(late));
      assert.equal(late.values, 1);
      assert.notDeepEqual(await desiredKeys(), ['all'], 'nor written once the late answer came');
    } finally {
      await setSetting('operation.resultTimeoutSeconds', undefined);
    }
  });

  test('a newer request to a thing ends the background wait for an older late answer (an answer names no request)', async function () {
    this.timeout(120_000);
    const { sleeperRow } = await sleepingThing();
    await setSetting('operation.resultTimeoutSeconds', 1);
    try {
      const resource = async (name: string) => {
        const dm = await child(api, sleeperRow.node, 'Datamodel');
        const inst = await child(api, (await child(api, dm.node, 'Device')).node, 'Instance 0');
        return child(api, inst.node, name);
      };
      const first = await run('read', (await resource('Battery Level')).node);
      assert.equal(first.status, 'timeout', JSON.stringify(first));
      assert.ok(first.late, 'the first read waits in the background');
      const second = await run('read', (await resource('Manufacturer')).node);
      assert.equal(second.status, 'timeout', JSON.stringify(second));
      const ended = await first.late;
      assert.equal(ended.status, 'timeout', JSON.stringify(ended));
      assert.match(ended.message ?? '', /^Stopped waiting for .* to answer read: a newer request was sent to it/);
      await second.late; // the device answers at its next update; nothing is left waiting after this test
    } finally {
      await setSetting('operation.resultTimeoutSeconds', undefined);
    }
  });
});
