// Editing operation documents (issue 14): quick fixes for the common problems, New Request… in a workspace
// *.lwm2m-operation.json file, and an execute published from a document confirmed as every Execute is.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { PublishOutcome } from '../../src/ui/operations/publishOperation';
import { answerPrompts, answerQuestions, child, labelOf, resetInteraction, rows, sandboxApi, waitFor } from './fleetHelpers';

suite('Editing operation documents', () => {
  let api: ExtensionApi;
  let thing: string;

  suiteSetup(async () => {
    api = await sandboxApi();
    const type = await child(api, undefined, 'tracker_v2');
    thing = (await rows(api, type.node)).filter((r) => r.label.startsWith('urn:')).at(-3)!.label;
  });

  teardown(async () => {
    resetInteraction(api);
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

  test('a write without values and with a read-only key is put right by two quick fixes; the placeholder blocks Publish until filled in', async () => {
    const session = api.connection.session()!;
    const before = (await session.shadows.get(thing, 'operation')).version;
    const doc = await openWith({ operation: 'write', keys: ['Device.0.Manufacturer', 'LwM2M Server.1.Lifetime'] });
    const added = await applyFix(doc.uri, 'missing-values', /^Add "values" with a null placeholder per key to fill in$/);
    assert.equal(added.isPreferred, true);
    assert.deepEqual(desired(doc), { operation: 'write', keys: ['Device.0.Manufacturer', 'LwM2M Server.1.Lifetime'], values: [null, null] });
    // The cursor is on the first placeholder; Tab goes to the next.
    const active = vscode.window.activeTextEditor!;
    const valuesAt = doc.getText().indexOf('"values": [null, null]') + '"values": ['.length;
    assert.equal(doc.getText(active.selection), 'null');
    assert.equal(doc.offsetAt(active.selection.start), valuesAt);
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.equal(doc.offsetAt(active.selection.start), valuesAt + 'null, '.length);
    assert.equal(doc.getText(active.selection), 'null');
    await applyFix(doc.uri, 'not-writable', /^Remove the key "Device\.0\.Manufacturer"/);
    assert.deepEqual(desired(doc), { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [null] });
    // The placeholder is an error naming the key and its type: Publish refuses, nothing is sent.
    // Diagnostics follow an edit asynchronously: wait until they are those of the edited text (one key, one
    // placeholder), not the two placeholders the text had before the key was removed.
    const placeholder = await waitFor('the placeholder problem of the edited text', () => {
      const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'LwM2M' && d.code === 'python-literal');
      return found.length === 1 ? found[0] : undefined;
    });
    assert.equal(placeholder.severity, vscode.DiagnosticSeverity.Error);
    assert.match(placeholder.message, /^replace null with an Integer .* for LwM2M Server\.1\.Lifetime/);
    const refused = await vscode.commands.executeCommand<PublishOutcome>('lwm2mShadows.publishOperation', doc.uri);
    assert.equal(refused.status, 'refused', JSON.stringify(refused));
    assert.equal((await session.shadows.get(thing, 'operation')).version, before, 'a placeholder was sent');
    // Filled in, it is clean.
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.getText().lastIndexOf('null');
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 4)), '300'));
    await waitFor('no problem left', () => vscode.languages.getDiagnostics(doc.uri).length === 0 || undefined)
      .catch(() => assert.fail(JSON.stringify(vscode.languages.getDiagnostics(doc.uri).map((d) => d.message))));
    assert.equal((await session.shadows.get(thing, 'operation')).version, before, 'a quick fix sent something');
  });

  test('fitting values to the keys says how many of the user\'s values it drops, and is not "the" fix', async () => {
    const doc = await openWith({ operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [300, 400, 500] });
    const d = await problem(doc.uri, 'values-length');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value))
      .filter((a) => a.edit !== undefined);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Drop the 2 "values" entries beyond the keys', false]]);
  });

  test('Publish sends the text it checked and confirmed: an edit while the confirmation is open is refused, nothing sent', async () => {
    const session = api.connection.session()!;
    const doc = await openWith({ operation: 'execute', keys: ['LwM2M Server.1.Registration Update Trigger'] });
    await waitFor('the request checked', () => vscode.languages.getDiagnostics(doc.uri).length === 0 || undefined);
    const before = (await session.shadows.get(thing, 'operation')).version;
    answerPrompts(api, async (_message, choices) => {
      // While the modal is open the user changes the request to another execute, then confirms.
      const editor = await vscode.window.showTextDocument(doc);
      const text = doc.getText().replace('LwM2M Server.1.Registration Update Trigger', 'Device.0.Reboot');
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
      return choices.find((c) => c === 'Execute');
    });
    const outcome = await vscode.commands.executeCommand<PublishOutcome>('lwm2mShadows.publishOperation', doc.uri);
    assert.equal(outcome.status, 'refused', JSON.stringify(outcome));
    assert.match(outcome.message ?? '', /changed while Publish was asking\. Nothing was sent/);
    assert.equal((await session.shadows.get(thing, 'operation')).version, before, 'something was sent');
    assert.deepEqual(desired(doc), { operation: 'execute', keys: ['Device.0.Reboot'] }, 'the edit stays in the editor');
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
    answerPrompts(api, (message) => { asked.push(message); return undefined; });
    const declined = await vscode.commands.executeCommand<PublishOutcome>('lwm2mShadows.publishOperation', doc.uri);
    assert.equal(declined.status, 'cancelled', JSON.stringify(declined));
    assert.deepEqual(asked, [`Execute LwM2M Server.1.Registration Update Trigger on ${thing}?`]);
    assert.equal((await session.shadows.get(thing, 'operation')).version, before, 'a declined execute was sent');
    assert.equal(doc.isDirty, true, 'the text stays in the editor');

    answerPrompts(api, (message, choices) => { asked.push(message); return choices.find((c) => c === 'Execute'); });
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
      // The operation, then the thing whose datamodel offers the keys (its name typed), then the key and pmin.
      answerQuestions(api, { picks: ['observe', 'Device.0.Battery Level', 'pmin'], inputs: ['10'], searches: [{ typed: thing, pick: thing }] });
      const opened = await vscode.commands.executeCommand<{ status: string }>('lwm2mShadows.newRequest', file);
      answerQuestions(api, undefined);
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
      await applyFix(file, 'missing-attributes', /^Add "attributes" with \{\} per key \(changes no attribute\)$/);
      assert.deepEqual(JSON.parse(doc.getText()), { operation: 'writeAttributes', keys: ['Device.0.Battery Level'], attributes: [{}] });
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(file);
    }
  });
  /** A workspace file holding `text`, removed (and its editor closed) after `body`. */
  async function withFile(name: string, text: string, body: (file: vscode.Uri) => Promise<void>): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test workspace folder');
    const file = vscode.Uri.joinPath(folder, name);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    try {
      await body(file);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(file);
    }
  }

  test('New Request… in a workspace file picks the thing even while a row of another thing is selected in the Fleet view', async function () {
    this.timeout(60_000);
    const session = api.connection.session()!;
    const listed = (await session.fleet.listThings({ maxResults: 100 })).items.map((t) => t.name);
    const firstListed = listed[0];
    // A resource row of a thing the picker does not list first, selected in the Fleet view.
    await vscode.commands.executeCommand('lwm2mShadows.fleet.focus');
    const type = await child(api, undefined, 'tracker_v2');
    const other = (await rows(api, type.node)).find((r) => r.label.startsWith('urn:') && r.label !== firstListed)!;
    const dm = await child(api, other.node, 'Datamodel');
    const server = await child(api, (await child(api, dm.node, 'LwM2M Server')).node, /^Instance /);
    const lifetime = await child(api, server.node, 'Lifetime');
    await api.treeView.reveal(lifetime.node, { select: true, focus: true, expand: false });
    const selected = () => `visible ${api.treeView.visible}, selected: ${api.treeView.selection.map((n) => String(api.fleet.getTreeItem(n).label)).join(', ')}`;
    const isSelected = () => api.treeView.visible && api.treeView.selection.length === 1 && labelOf(api.fleet.getTreeItem(api.treeView.selection[0])) === 'Lifetime';
    await waitFor('the row selected', () => isSelected() || undefined).catch(() => assert.fail(selected()));
    await withFile('picked.lwm2m-operation.json', '{}\n', async (file) => {
      const doc = (await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file))).document;
      assert.ok(isSelected(), `the row is still selected: ${selected()}`);
      // The operation is picked here; the thing picker is VS Code's own.
      answerQuestions(api, { picks: ['read', 'Device.0.Manufacturer'] });
      const run = vscode.commands.executeCommand<{ status: string; thing?: string }>('lwm2mShadows.newRequest', file);
      let outcome: { status: string; thing?: string } | undefined;
      void run.then((o) => { outcome = o; });
      // The thing picker is open (the selected row is not taken): Enter picks the first thing it lists.
      for (let i = 0; i < 40 && !outcome; i++) {
        await new Promise((r) => setTimeout(r, 400));
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      }
      await run;
      answerQuestions(api, undefined);
      assert.equal(outcome?.status, 'opened', JSON.stringify(outcome));
      assert.equal(outcome?.thing, firstListed, `the picked thing, not the selected row's ${other.label}`);
      assert.deepEqual(JSON.parse(doc.getText()), { operation: 'read', keys: ['Device.0.Manufacturer'] });
    });
  });

  test('New Request… asks before replacing a saved file that holds a request; from F1 it works in the active file', async () => {
    const held = '{\n  "operation": "read",\n  "keys": ["Device.0.Manufacturer"]\n}\n';
    await withFile('held.lwm2m-operation.json', held, async (file) => {
      const doc = (await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file))).document;
      assert.equal(doc.isDirty, false);
      const asked: string[] = [];
      answerPrompts(api, (message) => { asked.push(message); return undefined; });
      // F1: no URI, the active editor's file.
      answerQuestions(api, { picks: ['read', 'Device.0.Serial Number'], searches: [{ typed: thing, pick: thing }] });
      const kept = await vscode.commands.executeCommand<{ status: string }>('lwm2mShadows.newRequest');
      assert.equal(kept?.status, 'cancelled', JSON.stringify(kept));
      assert.deepEqual(asked, ['held.lwm2m-operation.json is not empty. Replace its request with the one from Read?']);
      assert.equal(doc.getText(), held, 'Cancel keeps the file');
      answerPrompts(api, (message, choices) => { asked.push(message); return choices.find((c) => c === 'Replace'); });
      answerQuestions(api, { picks: ['read', 'Device.0.Serial Number'], searches: [{ typed: thing, pick: thing }] });
      const replaced = await vscode.commands.executeCommand<{ status: string }>('lwm2mShadows.newRequest');
      answerQuestions(api, undefined);
      assert.equal(replaced?.status, 'opened', JSON.stringify(replaced));
      assert.deepEqual(JSON.parse(doc.getText()), { operation: 'read', keys: ['Device.0.Serial Number'] });
    });
  });
});
