// The datamodel watcher refreshes only what is visible: an expanded datamodel while the Fleet view is
// visible, an open datamodel document while its editor is visible.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { child, sandboxApi, rows, waitFor } from './fleetHelpers';

suite('Datamodel watcher', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await sandboxApi();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('an expanded datamodel is watched while the view is visible, not while it is hidden', async () => {
    await vscode.commands.executeCommand('lwm2mShadows.fleet.focus');
    await waitFor('the Fleet view to be visible', () => api.treeView.visible);
    const type = await child(api, undefined, 'env_sensor');
    const thing = (await rows(api, type.node))[0];
    const datamodel = await child(api, thing.node, 'Datamodel');
    await rows(api, datamodel.node); // the view expanded it
    const watched = () => api.watcher.visibleRefs().map((r) => r.thingName);
    assert.ok(watched().includes(thing.label), JSON.stringify(watched()));
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the Fleet view to be hidden', () => !api.treeView.visible);
    assert.ok(!watched().includes(thing.label), 'still watched while the view is hidden');
  });

  test('an open datamodel document is watched while its editor is visible', async () => {
    const type = await child(api, undefined, 'env_sensor');
    const name = (await rows(api, type.node))[1].label;
    const uri = vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${name}/datamodel.json` });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.ok(api.watcher.visibleRefs().some((r) => r.thingName === name));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the editor to close', () => vscode.window.visibleTextEditors.length === 0 || undefined);
    assert.ok(!api.watcher.visibleRefs().some((r) => r.thingName === name));
  });
});
