// New Request… in a thing's operation document (issue 14): an empty operation shadow offers it above the text;
// it fills desired with a valid request for this thing, keys from its datamodel, and sends nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { answerPrompts, answerQuestions, child, resetInteraction, sandboxApi, rows, waitFor } from './fleetHelpers';

suite('New Request in an operation document', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await sandboxApi();
  });

  teardown(async () => {
    resetInteraction(api);
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'lwm2m-shadow')) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('an empty operation document offers New Request…, which fills desired for this thing and sends nothing', async () => {
    const type = await child(api, undefined, 'tracker_v2');
    const session = api.connection.session()!;
    // A thing no earlier suite has sent a request to (suites share the sandbox).
    let thing: string | undefined;
    let before: Awaited<ReturnType<typeof session.shadows.get>> | undefined;
    for (const r of (await rows(api, type.node)).filter((r) => r.label.startsWith('urn:')).reverse()) {
      const shadow = await session.shadows.get(r.label, 'operation');
      if ((shadow.state.desired as { operation?: unknown } | undefined)?.operation === undefined) {
        thing = r.label;
        before = shadow;
        break;
      }
    }
    assert.ok(thing && before, 'a thing with no request yet');
    const uri = vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` });
    const doc = (await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri))).document;
    const lenses = async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).map((l) => l.command?.title);
    assert.ok((await lenses()).includes('New Request…'), JSON.stringify(await lenses()));

    // The person picks the operation, then the keys among those the thing's datamodel offers.
    answerQuestions(api, { picks: ['read', 'Device.0.Manufacturer', 'Temperature.0.Sensor Value'] });
    const read = await vscode.commands.executeCommand<{ status: string }>('lwm2mShadows.newRequest', uri);
    assert.equal(read?.status, 'opened', JSON.stringify(read));
    // Keys of two objects: one readComposite (the tree actions' builder).
    assert.deepEqual(JSON.parse(doc.getText()).state.desired, { operation: 'readComposite', keys: ['Device.0.Manufacturer', 'Temperature.0.Sensor Value'] });
    assert.equal(doc.isDirty, true);
    await waitFor('the request checked', () => vscode.languages.getDiagnostics(uri).length === 0 || undefined, 5000)
      .catch(() => assert.fail(JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))));
    assert.ok(!(await lenses()).includes('New Request…'), 'the request is there: Publish, not New Request');

    answerPrompts(api, (_m, choices) => choices.find((c) => c === 'Replace'));
    answerQuestions(api, { picks: ['write', 'Device.0.UTC Offset'], inputs: ['+02:00'] });
    const write = await vscode.commands.executeCommand<{ status: string }>('lwm2mShadows.newRequest', uri);
    assert.equal(write?.status, 'opened', JSON.stringify(write));
    assert.deepEqual(JSON.parse(doc.getText()).state.desired, { operation: 'write', keys: ['Device.0.UTC Offset'], values: ['+02:00'] });
    assert.equal((await session.shadows.get(thing, 'operation')).version, before.version, 'New Request sent something');
  });

  test('a misspelt operation, resource or attribute has a quick fix naming the intended one', async () => {
    const type = await child(api, undefined, 'tracker_v2');
    const thing = (await rows(api, type.node)).filter((r) => r.label.startsWith('urn:')).at(-2)!.label;
    const uri = vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` });
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const doc = editor.document;
    const typo = { operation: 'Observe', keys: ['Device.0.Battery Levle'], attributes: [{ pmn: 10 }] };
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), JSON.stringify({ state: { desired: typo } }, null, 2)));
    const codes = ['unknown-operation', 'unknown-resource', 'unknown-attribute'];
    const problems = await waitFor('the three problems', () => {
      const ds = vscode.languages.getDiagnostics(uri).filter((d) => codes.includes(String(d.code)));
      return ds.length === 3 ? ds : undefined;
    });
    for (const problem of problems) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, problem.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title.startsWith('Change to'));
      assert.ok(fix?.edit, `no quick fix for ${problem.code}: ${problem.message} (${JSON.stringify(actions.map((a) => a.title))})`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
    }
    assert.deepEqual(JSON.parse(doc.getText()).state.desired, { operation: 'observe', keys: ['Device.0.Battery Level'], attributes: [{ pmin: 10 }] });
    await waitFor('no problem left', () => vscode.languages.getDiagnostics(uri).filter((d) => codes.includes(String(d.code))).length === 0 || undefined);
  });
});
