// Shadows as documents in a real VS Code, against the sandbox: classic and datamodel read-only, operation
// editable (a save keeps a draft on this machine and writes nothing: only Publish sends), and remote
// changes while a document is open.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { answerPrompts, child, sandboxApi, rows, setSetting, waitFor } from './fleetHelpers';

function uri(thing: string, shadow: string): vscode.Uri {
  return vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/${shadow}.json` });
}

suite('Shadow documents on the sandbox', () => {
  let api: ExtensionApi;
  let thing: string;

  suiteSetup(async () => {
    await setSetting('datamodel.refreshIntervalSeconds', 0);
    api = await sandboxApi();
    const type = await child(api, undefined, 'thingy91');
    thing = (await rows(api, type.node))[1].label;
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    await setSetting('datamodel.refreshIntervalSeconds', undefined);
  });

  test('every shadow opens as JSON; classic and datamodel are read-only, operation is editable', async () => {
    for (const [shadow, readonly] of [['classic', true], ['datamodel', true], ['operation', false]] as const) {
      const doc = await vscode.workspace.openTextDocument(uri(thing, shadow));
      const parsed = JSON.parse(doc.getText());
      assert.equal(typeof parsed.version, 'number', shadow);
      assert.ok(parsed.state, shadow);
      assert.equal(doc.languageId, 'json', shadow);
      const stat = await vscode.workspace.fs.stat(doc.uri);
      assert.equal(stat.mtime, parsed.version, `${shadow}: mtime is the shadow version`);
      assert.equal(!!((stat.permissions ?? 0) & vscode.FilePermission.Readonly), readonly, `${shadow} read-only`);
    }
    const classic = JSON.parse((await vscode.workspace.openTextDocument(uri(thing, 'classic'))).getText());
    assert.ok(classic.state.reported.registered !== undefined || Object.keys(classic.state.reported).length > 0);
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(uri(thing, 'datamodel'), new TextEncoder().encode('{"state":{}}'))),
      /read-only|NoPermissions/i,
    );
  });

  test('the Fleet view opens a shadow from its row', async () => {
    const type = await child(api, undefined, 'thingy91');
    const row = (await rows(api, type.node)).find((r) => r.label === thing)!;
    const classic = await child(api, row.node, 'Classic');
    await vscode.commands.executeCommand(classic.item.command!.command, ...(classic.item.command!.arguments ?? []));
    const editor = await waitFor('the classic editor', () => vscode.window.activeTextEditor);
    assert.equal(editor.document.uri.toString(), uri(thing, 'classic').toString());
  });

  // Until issue 14 a save wrote desired (and so ran the operation); now it keeps a draft and sends nothing.
  test('saving the operation document keeps a draft and writes nothing to the shadow', async () => {
    const session = api.connection.session()!;
    const before = await session.shadows.get(thing, 'operation');
    const doc = await vscode.workspace.openTextDocument(uri(thing, 'operation'));
    const editor = await vscode.window.showTextDocument(doc);
    const request = { state: { desired: { operation: 'read', keys: ['Device.0.Manufacturer'] } } };
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), JSON.stringify(request, null, 2)));
    assert.equal(await doc.save(), true);
    assert.equal(doc.isDirty, false);
    const after = await session.shadows.get(thing, 'operation');
    assert.equal(after.version, before.version, 'the save wrote the shadow');
    const draft = api.files.drafts.get({ connection: 'sandbox', thingName: thing });
    assert.equal(draft?.text, JSON.stringify(request, null, 2));
    const stat = await vscode.workspace.fs.stat(doc.uri);
    assert.equal(stat.mtime, draft?.savedAt, 'a draft is served as a newer file than the shadow it was typed on');
    await api.files.drafts.delete({ connection: 'sandbox', thingName: thing });
  });

  test('a remote change reaches an open datamodel document and marks the changed resource in the tree', async () => {
    const session = api.connection.session()!;
    const doc = await vscode.workspace.openTextDocument(uri(thing, 'datamodel'));
    await vscode.window.showTextDocument(doc);
    const opened = JSON.parse(doc.getText());
    const version = opened.version as number;
    const was = String(opened.state.reported.Device['0']['Battery Level']);
    const next = was === '13' ? '12' : '13';
    const changed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === doc && doc.getText().includes(`"Battery Level": "${next}"`)) {
          sub.dispose();
          resolve();
        }
      });
    });
    await session.shadows.update(thing, 'datamodel', { reported: { Device: { '0': { 'Battery Level': next } } } });
    await api.watcher.refreshVisible();
    await Promise.race([changed, new Promise((_, reject) => setTimeout(() => reject(new Error('the document did not change')), 10_000))]);
    assert.ok(JSON.parse(doc.getText()).version > version);
    assert.equal(doc.isDirty, false);
    // The same fetch feeds the tree: Battery Level is marked as changed, with its previous value.
    const type = await child(api, undefined, 'thingy91');
    const row = (await rows(api, type.node)).find((r) => r.label === thing)!;
    const datamodel = await child(api, row.node, 'Datamodel');
    const device = await child(api, datamodel.node, 'Device');
    const battery = await child(api, (await child(api, device.node, 'Instance 0')).node, 'Battery Level');
    assert.equal(battery.description, `${next} %`);
    assert.match(battery.item.contextValue ?? '', /^resource[^ ]*\.changed( |$)/);
    assert.match((battery.item.tooltip as vscode.MarkdownString).value, new RegExp(`Changed,(&nbsp;| )was\\*\\*: ${was}\\s`));
  });

  test('the datamodel compares with its previous snapshot in the diff editor', async () => {
    const session = api.connection.session()!;
    await api.store.get({ connection: 'sandbox', thingName: thing, shadowName: 'datamodel' });
    await session.shadows.update(thing, 'datamodel', { reported: { Device: { '0': { 'Battery Level': '14' } } } });
    await vscode.commands.executeCommand('lwm2mShadows.compareDatamodel', uri(thing, 'datamodel'));
    const tab = await waitFor('a diff tab', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputTextDiff ? t : undefined;
    });
    const input = tab.input as vscode.TabInputTextDiff;
    const left = (await vscode.workspace.openTextDocument(input.original)).getText();
    const right = (await vscode.workspace.openTextDocument(input.modified)).getText();
    assert.notEqual(left, right);
    assert.match(right, /"Battery Level": "14"/);
  });

  // Until issue 14 a save could race a remote change (Overwrite / Compare / Cancel); a save now writes only a draft.
  test('a saved draft stays as typed when the shadow changes remotely; nothing is asked or written', async () => {
    const session = api.connection.session()!;
    // A thing no other test wrote to, and requests without "operation", so the simulated integration
    // does not answer them (its answers would be remote changes of their own).
    const type = await child(api, undefined, 'thingy91');
    const other = (await rows(api, type.node))[2].label;
    const ref = { connection: 'sandbox', thingName: other, shadowName: 'operation' };
    const doc = await vscode.workspace.openTextDocument(uri(other, 'operation'));
    const editor = await vscode.window.showTextDocument(doc);
    const mine = JSON.stringify({ state: { desired: { keys: ['Temperature.0.Sensor Value'] } } }, null, 2);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), mine));
    const asked: string[] = [];
    answerPrompts(api, (message) => { asked.push(message); return undefined; });
    try {
      await api.store.get(ref);
      await session.shadows.update(other, 'operation', { desired: { keys: ['Device.0.Timezone'] } });
      await api.store.get(ref, 0); // the change is seen (and announced to VS Code)
      assert.equal(await doc.save(), true);
      await session.shadows.update(other, 'operation', { desired: { keys: ['Humidity.0.Sensor Value'] } });
      await api.store.get(ref, 0);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(asked, []);
      assert.equal(doc.isDirty, false);
      assert.equal(doc.getText(), mine, 'the remote change replaced the draft in the editor');
      assert.deepEqual((await session.shadows.get(other, 'operation')).state.desired?.keys, ['Humidity.0.Sensor Value']);
    } finally {
      answerPrompts(api, undefined);
      await api.files.drafts.delete({ connection: 'sandbox', thingName: other });
    }
  });

  test('unsaved edits survive a remote change of the operation shadow', async () => {
    const session = api.connection.session()!;
    const doc = await vscode.workspace.openTextDocument(uri(thing, 'operation'));
    const editor = await vscode.window.showTextDocument(doc);
    const mine = JSON.stringify({ state: { desired: { operation: 'execute', keys: ['Device.0.Reboot'] } } }, null, 2);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), mine));
    await session.shadows.update(thing, 'operation', { desired: { operation: 'read', keys: ['Device.0'] } });
    await api.store.get({ connection: 'sandbox', thingName: thing, shadowName: 'operation' }); // the change is seen
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), mine);
  });

  test('a poll that lands after a newer live update does not roll the tree and the document back', async () => {
    const ref = { connection: 'sandbox', thingName: thing, shadowName: 'datamodel' };
    const doc = await vscode.workspace.openTextDocument(uri(thing, 'datamodel'));
    await vscode.window.showTextDocument(doc);
    const polled = await api.store.get(ref, 0);
    // What the live channel delivers: a newer version (a value the device just notified).
    const newer = { ...polled, version: polled.version + 1, state: { ...polled.state, reported: { ...(polled.state.reported ?? {}), rollbackMarker: 'newer' } } };
    api.store.record(ref, newer);
    await waitFor('the document at the newer version', () => (JSON.parse(doc.getText()) as { version: number }).version === newer.version || undefined);
    // The poll that started before it answers now, with the version before.
    let changes = 0;
    const sub = api.store.onDidChange(() => changes++);
    try {
      api.store.record(ref, polled);
      assert.equal(api.store.peek(ref)?.version, newer.version, 'the store went back a version');
      assert.equal(changes, 0, 'the tree and the document were told to show the older version');
      assert.equal((JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri))) as { version: number }).version, newer.version);
    } finally {
      sub.dispose();
      api.store.forget(ref);
    }
  });
});
