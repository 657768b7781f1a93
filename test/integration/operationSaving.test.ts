// Saving an operation document makes the device run the operation, so an auto-save in the middle of
// typing must never do it: operation shadow documents get their own language, whose configuration
// default turns auto-save off, even when the user (or VS Code for the Web, by default) auto-saves.
// VS Code never auto-saves while extension tests run, so this suite checks the language and the
// effective setting; test/e2e/operations.e2e.ts checks, with the web default, that no auto-save happens.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { child, sandboxApi, rows } from './fleetHelpers';

suite('Saving operation documents', () => {
  let api: ExtensionApi;
  const files = () => vscode.workspace.getConfiguration('files');
  let saved: { autoSave?: unknown; autoSaveDelay?: unknown };

  suiteSetup(async () => {
    api = await sandboxApi();
    saved = { autoSave: files().inspect('autoSave')?.globalValue, autoSaveDelay: files().inspect('autoSaveDelay')?.globalValue };
    await files().update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    await files().update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await files().update('autoSave', saved.autoSave, vscode.ConfigurationTarget.Global);
    await files().update('autoSaveDelay', saved.autoSaveDelay, vscode.ConfigurationTarget.Global);
  });

  test('a half-typed request stays unsaved and unpublished while auto-save is on', async () => {
    const type = await child(api, undefined, 'tracker_v1');
    const thing = (await rows(api, type.node)).find((r) => r.label.startsWith('urn:'))!.label;
    const session = api.connection.session()!;
    const before = await session.shadows.get(thing, 'operation');

    const uri = vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` });
    const doc0 = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc0);
    // The language is set just after opening (the document is re-announced with it).
    await new Promise((r) => setTimeout(r, 300));
    const doc = vscode.workspace.textDocuments.find((t) => t.uri.toString() === uri.toString())!;
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), '{ "state": { "desired": { "operation": "write", "keys": ["Device.0.UTC'));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(doc.isDirty, true, 'the operation document was saved');
    assert.match(doc.getText(), /Device\.0\.UTC$/);
    const after = await session.shadows.get(thing, 'operation');
    assert.equal(after.version, before.version, 'the half-typed request reached the operation shadow');
    assert.equal(doc.languageId, 'lwm2m-operation');
    assert.equal(vscode.workspace.getConfiguration('files', doc).get('autoSave'), 'off');

    // A plain JSON document in the same window is still auto-saved: the setting is the user's.
    assert.equal(vscode.workspace.getConfiguration('files', { languageId: 'json' }).get('autoSave'), 'afterDelay');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a save of a request Publish would refuse writes nothing and keeps the text', async () => {
    const type = await child(api, undefined, 'tracker_v1');
    const thing = (await rows(api, type.node)).filter((r) => r.label.startsWith('urn:'))[1].label;
    const session = api.connection.session()!;
    const before = await session.shadows.get(thing, 'operation');
    const uri = vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` });
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const doc = editor.document;
    // execute takes exactly one key: the Lambda would refuse it.
    const request = { operation: 'execute', keys: ['Device.0.Reboot', 'Device.0.Factory Reset'] };
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0),
      JSON.stringify({ state: { desired: request }, version: before.version }, null, 2)));
    const saved = await doc.save();
    assert.equal(saved, false, 'the refused request was saved');
    assert.equal(doc.isDirty, true);
    assert.match(doc.getText(), /Factory Reset/);
    const after = await session.shadows.get(thing, 'operation');
    assert.equal(after.version, before.version, 'the refused request reached the operation shadow');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
