// Operation documents in a real VS Code against the sandbox: problems, completion and hover as the user
// types into a thing's operation shadow, and publishing a request and seeing its result.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { child, extensionApi, rows, setSetting, waitFor } from './fleetHelpers';

function uri(thing: string, shadow: string): vscode.Uri {
  return vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/${shadow}.json` });
}

function lwm2mProblems(doc: vscode.TextDocument): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'LwM2M');
}

/** Replaces the whole text and returns when VS Code reports problems computed for it. */
async function typeAndWaitForProblems(editor: vscode.TextEditor, text: string, expect: (ds: vscode.Diagnostic[]) => boolean): Promise<{ problems: vscode.Diagnostic[]; ms: number }> {
  const doc = editor.document;
  const t0 = performance.now();
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
  const problems = await waitFor('the problems of the edited text', () => {
    const ds = lwm2mProblems(doc);
    return expect(ds) ? ds : undefined;
  }, 5000);
  return { problems, ms: performance.now() - t0 };
}

suite('Operation documents on the sandbox', () => {
  let api: ExtensionApi;
  let thing: string;

  suiteSetup(async () => {
    api = await extensionApi();
    await setSetting('datamodel.refreshIntervalSeconds', 0);
    if (api.connection.id() !== 'sandbox') await api.connection.connectSandbox();
    // An online thing other suites leave alone (they write to the first things of thingy91 and tracker_v2).
    search: for (const [typeName, skip] of [['tracker_v1', 0], ['thingy91', 3], ['tracker_v2', 1]] as const) {
      const type = await child(api, undefined, typeName);
      for (const t of (await rows(api, type.node)).slice(skip)) {
        if (!t.label.startsWith('urn:')) continue;
        const classic = await child(api, t.node, 'Classic');
        if (classic.description.startsWith('online')) {
          thing = t.label;
          break search;
        }
      }
    }
    assert.ok(thing, 'an online thingy91 thing in the sandbox');
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Dirty documents: revert them so the next test opens what the shadow holds.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'lwm2m-shadow')) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  suiteTeardown(async () => {
    await setSetting('datamodel.refreshIntervalSeconds', undefined);
  });

  test('problems appear as the user types: a typo\'d operation and a write to a read-only resource', async () => {
    const doc = await vscode.workspace.openTextDocument(uri(thing, 'operation'));
    const editor = await vscode.window.showTextDocument(doc);

    const typo = JSON.stringify({ state: { desired: { operation: 'Read', keys: ['Device.0.Battery Level'] } } }, null, 2);
    const first = await typeAndWaitForProblems(editor, typo, (ds) => ds.some((d) => d.code === 'unknown-operation'));
    const op = first.problems.find((d) => d.code === 'unknown-operation')!;
    assert.equal(op.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(op.range), '"Read"');
    assert.match(op.message, /did you mean "read"/);
    assert.equal(first.problems.length, 1, JSON.stringify(first.problems.map((d) => d.code)));

    const readOnly = JSON.stringify({ state: { desired: { operation: 'write', keys: ['Device.0.Manufacturer'], values: ['ACME'] } } }, null, 2);
    const second = await typeAndWaitForProblems(editor, readOnly, (ds) => ds.some((d) => d.code === 'not-writable'));
    const nw = second.problems.find((d) => d.code === 'not-writable')!;
    assert.equal(nw.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(nw.range), 'Manufacturer');
    assert.match(nw.message, /\/3\/0\/0/);
    assert.ok(!second.problems.some((d) => d.code === 'unknown-operation'), 'the fixed typo is no longer reported');
    console.log(`      problems shown ${first.ms.toFixed(0)} ms / ${second.ms.toFixed(0)} ms after the edit (150 ms debounce)`);

    // Fixed text: no problems; closing the document clears them.
    const fixed = JSON.stringify({ state: { desired: { operation: 'read', keys: ['Device.0.Manufacturer'] } } }, null, 2);
    await typeAndWaitForProblems(editor, fixed, (ds) => !ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });

  test('completion at a key offers LwM2M object names; hover on a key shows its /3/0/x path', async () => {
    const doc = await vscode.workspace.openTextDocument(uri(thing, 'operation'));
    const editor = await vscode.window.showTextDocument(doc);
    const text = '{\n  "state": {\n    "desired": {\n      "operation": "read",\n      "keys": ["", "Device.0.Battery Level"]\n    }\n  }\n}\n';
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
    const inKey = doc.positionAt(text.indexOf('[""') + 2);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, inKey, '"');
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['Device', 'LwM2M Server', 'Connectivity Monitoring']) assert.ok(labels.includes(name), `${name} in ${labels.slice(0, 20).join(', ')}`);
    const device = list.items.find((i) => i.label === 'Device')!;
    assert.equal(device.kind, vscode.CompletionItemKind.Field);
    assert.match(String(device.detail), /^\/3\b/);

    const onKey = doc.positionAt(text.indexOf('Battery Level') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, onKey);
    const md = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(md, /\/3\/0\/9/);
    assert.match(md, /Battery Level/);
    const ours = hovers.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && /\/3\/0\/9/.test(c.value));
    assert.ok(ours, 'the hover is a MarkdownString');
    assert.ok(!ours.isTrusted && !ours.supportHtml, 'device text is never trusted markdown');
  });

  test('a workspace file named *.lwm2m-operation.json is checked the same way', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test workspace folder');
    const file = vscode.Uri.joinPath(folder, 'reboot.lwm2m-operation.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify({ operation: 'execute', keys: ['Device.0.Reboot', 'Device.0.Factory Reset'] }, null, 2)));
    try {
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const problems = await waitFor('problems of the workspace file', () => {
        const ds = lwm2mProblems(doc);
        return ds.length ? ds : undefined;
      });
      assert.ok(problems.some((d) => d.code === 'execute-single-key'), JSON.stringify(problems.map((d) => d.code)));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await waitFor('problems cleared on close', () => lwm2mProblems(doc).length === 0 || undefined);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });
});
