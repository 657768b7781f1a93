// Editing operation documents (issue 14): quick fixes for the common problems, New Request… in a workspace
// *.lwm2m-operation.json file, and an execute published from a document confirmed as every Execute is.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { PublishOutcome } from '../../src/ui/operations/publishOperation';
import { child, sandboxApi, rows, waitFor } from './fleetHelpers';

suite('Editing operation documents', () => {
  let api: ExtensionApi;
  let thing: string;

  suiteSetup(async () => {
    api = await sandboxApi();
    const type = await child(api, undefined, 'tracker_v2');
    thing = (await rows(api, type.node)).filter((r) => r.label.startsWith('urn:')).at(-3)!.label;
  });

  teardown(async () => {
    api.answerPrompts(undefined);
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const operationUri = () => vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` });
  const problem = (uri: vscode.Uri, code: string) => waitFor(`a ${code} problem`, () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'LwM2M' && d.code === code));
  const desired = (doc: vscode.TextDocument) => {
    const v = JSON.parse(doc.getText()) as { state?: { desired?: unknown } };
    return v.state ? v.state.desired : v;
  };

  async function applyFix(uri: vscode.Uri, code: string, title: RegExp): Promise<vscode.CodeAction> {
    const d = await problem(uri, code);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => title.test(a.title));
    assert.ok(fix?.edit, `a quick fix ${title} for ${code} "${d.message}": ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    return fix;
  }

  async function openWith(request: unknown): Promise<vscode.TextDocument> {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(operationUri()));
    const doc = editor.document;
    const text = JSON.stringify({ state: { desired: request }, version: JSON.parse(doc.getText()).version }, null, 2) + '\n';
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
    return doc;
  }

  test('a write without values and with a read-only key is put right by two quick fixes, sending nothing', async () => {
    const session = api.connection.session()!;
    const before = (await session.shadows.get(thing, 'operation')).version;
    const doc = await openWith({ operation: 'write', keys: ['Device.0.Manufacturer', 'LwM2M Server.1.Lifetime'] });
    const added = await applyFix(doc.uri, 'missing-values', /^Add "values" with one entry per key$/);
    assert.equal(added.isPreferred, true);
    assert.deepEqual(desired(doc), { operation: 'write', keys: ['Device.0.Manufacturer', 'LwM2M Server.1.Lifetime'], values: ['', 0] });
    await applyFix(doc.uri, 'not-writable', /^Remove the key "Device\.0\.Manufacturer"/);
    assert.deepEqual(desired(doc), { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [0] });
    await waitFor('no problem left', () => vscode.languages.getDiagnostics(doc.uri).length === 0 || undefined)
      .catch(() => assert.fail(JSON.stringify(vscode.languages.getDiagnostics(doc.uri).map((d) => d.message))));
    assert.equal((await session.shadows.get(thing, 'operation')).version, before, 'a quick fix sent something');
  });

  test('an execute of two keys offers to execute either one alone', async () => {
    const doc = await openWith({ operation: 'execute', keys: ['Device.0.Reboot', 'LwM2M Server.1.Registration Update Trigger'] });
    const d = await problem(doc.uri, 'execute-single-key');
    // (VS Code adds commands of its own, e.g. "Fix" and "Explain" with chat: only edits are looked at)
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value))
      .filter((a) => a.edit !== undefined);
    assert.deepEqual(actions.map((a) => a.title), ['Execute only "Device.0.Reboot"', 'Execute only "LwM2M Server.1.Registration Update Trigger"']);
    assert.ok(actions.every((a) => !a.isPreferred), 'neither is applied as "the" fix');
    assert.ok(await vscode.workspace.applyEdit(actions[1].edit!));
    assert.deepEqual(desired(doc), { operation: 'execute', keys: ['LwM2M Server.1.Registration Update Trigger'] });
  });

  test('publishing an execute from the document asks first, as every Execute does; declining sends nothing', async () => {
    const session = api.connection.session()!;
    const doc = await openWith({ operation: 'execute', keys: ['LwM2M Server.1.Registration Update Trigger'] });
    await waitFor('the request checked', () => vscode.languages.getDiagnostics(doc.uri).length === 0 || undefined);
    const before = (await session.shadows.get(thing, 'operation')).version;
    const asked: string[] = [];
    api.answerPrompts((message) => { asked.push(message); return undefined; });
    const declined = await vscode.commands.executeCommand<PublishOutcome>('lwm2mShadows.publishOperation', doc.uri);
    assert.equal(declined.status, 'cancelled', JSON.stringify(declined));
    assert.deepEqual(asked, [`Execute LwM2M Server.1.Registration Update Trigger on ${thing}?`]);
    assert.equal((await session.shadows.get(thing, 'operation')).version, before, 'a declined execute was sent');
    assert.equal(doc.isDirty, true, 'the text stays in the editor');

    api.answerPrompts((message, choices) => { asked.push(message); return choices.find((c) => c === 'Execute'); });
    const published = await vscode.commands.executeCommand<PublishOutcome>('lwm2mShadows.publishOperation', doc.uri);
    assert.equal(published.status, 'answered', JSON.stringify(published));
    assert.equal(asked.length, 2, 'asked once per Publish');
    assert.deepEqual((await session.shadows.get(thing, 'operation')).state.desired, { operation: 'execute', keys: ['LwM2M Server.1.Registration Update Trigger'] });
  });

  test('New Request… in a workspace *.lwm2m-operation.json file fills the file with a request for a thing\'s keys', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test workspace folder');
    const session = api.connection.session()!;
    const before = (await session.shadows.get(thing, 'operation')).version;
    const file = vscode.Uri.joinPath(folder, 'first.lwm2m-operation.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('{}\n'));
    try {
      const doc = (await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file))).document;
      const lenses = async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file)) ?? []).map((l) => l.command?.title);
      await waitFor('the New Request… lens', async () => (await lenses()).includes('New Request…') || undefined)
        .catch(async () => assert.fail(JSON.stringify(await lenses())));
      const opened = await vscode.commands.executeCommand<{ status: string }>('lwm2mShadows.newRequest', file, { kind: 'observe', thing, keys: ['Device.0.Battery Level'], attributes: { pmin: 10 } });
      assert.equal(opened?.status, 'opened', JSON.stringify(opened));
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), file.toString(), 'the file, not the thing\'s document');
      assert.deepEqual(JSON.parse(doc.getText()), { operation: 'observe', keys: ['Device.0.Battery Level'], attributes: [{ pmin: 10 }] });
      await waitFor('the request checked', () => vscode.languages.getDiagnostics(file).length === 0 || undefined)
        .catch(() => assert.fail(JSON.stringify(vscode.languages.getDiagnostics(file).map((d) => d.message))));
      assert.ok(!(await lenses()).includes('New Request…'), 'the request is there: Publish, not New Request');
      assert.equal((await session.shadows.get(thing, 'operation')).version, before, 'New Request sent something');

      // A quick fix works in a file as in a thing's document.
      const editor = vscode.window.activeTextEditor!;
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), '{"operation": "writeAttributes", "keys": ["Device.0.Battery Level"]}\n'));
      await applyFix(file, 'missing-attributes', /^Add "attributes" with one entry per key$/);
      assert.deepEqual(JSON.parse(doc.getText()), { operation: 'writeAttributes', keys: ['Device.0.Battery Level'], attributes: [{}] });
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(file);
    }
  });
});
