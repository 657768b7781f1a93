// Operation documents in a real VS Code against the sandbox: problems, completion and hover as the user
// types into a thing's operation shadow, and publishing a request and seeing its result.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { PublishOutcome } from '../../src/ui/operations/publishOperation';
import { answerPrompts, child, sandboxApi, rows, setSetting, waitFor } from './fleetHelpers';

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
  async function findThing(name: string) {
    for (const typeName of ['tracker_v1', 'thingy91', 'tracker_v2']) {
      const type = await child(api, undefined, typeName);
      const found = (await rows(api, type.node)).find((r) => r.label === name);
      if (found) return found;
    }
    throw new Error(`no row for ${name}`);
  }

  let api: ExtensionApi;
  let thing: string;

  suiteSetup(async () => {
    await setSetting('datamodel.refreshIntervalSeconds', 0);
    api = await sandboxApi();
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
  async function openWith(request: unknown): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor; text: string }> {
    const doc = await vscode.workspace.openTextDocument(uri(thing, 'operation'));
    const editor = await vscode.window.showTextDocument(doc);
    const opened = JSON.parse(doc.getText());
    const text = JSON.stringify({ state: { desired: request }, version: opened.version }, null, 2) + '\n';
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
    return { doc, editor, text };
  }

  const publish = (target?: vscode.Uri) => vscode.commands.executeCommand<PublishOutcome>('lwm2mShadows.publishOperation', target);

  test('publishing a read returns the result: shown in a result document, the tree and the datamodel refreshed', async () => {
    const session = api.connection.session()!;
    const dmRef = { connection: 'sandbox', thingName: thing, shadowName: 'datamodel' };
    const dmBefore = (await api.store.get(dmRef)).version;
    const { doc } = await openWith({ operation: 'read', keys: ['Device.0.Battery Level'] });
    const t0 = performance.now();
    const outcome = await publish(doc.uri);
    const ms = performance.now() - t0;
    assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
    assert.equal(outcome.values, 1);
    assert.deepEqual(outcome.failedKeys, []);
    assert.match(outcome.message ?? '', new RegExp(`^read on ${thing}: 1 value, failed keys: none$`));
    console.log(`      read answered ${outcome.answerMs?.toFixed(0)} ms after the accepted update (${ms.toFixed(0)} ms for the whole command)`);

    const stored = await session.shadows.get(thing, 'operation');
    assert.equal(stored.state.desired?.operation, 'read');
    assert.deepEqual(stored.state.desired?.keys, ['Device.0.Battery Level']);
    assert.equal((stored.state.reported as { operation?: string }).operation, 'read');

    const result = await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.resultUri!));
    assert.match(result.getText(), /^read on .+ \(sandbox\)\n/);
    const value = /^ {2}Device\.0\.Battery Level = (\d+)$/m.exec(result.getText());
    assert.ok(value, result.getText());
    assert.match(result.getText(), /\nFailed keys: none\n/);

    // The editor shows the shadow as stored (no unsaved leftovers), and the answer once it is in.
    await waitFor('the operation document to show the answer', () => !doc.isDirty && JSON.parse(doc.getText()).state.reported?.operation === 'read' || undefined);
    // The datamodel got the value read (OperationResponse rule): the tree shows the new version and value.
    assert.ok(api.store.peek(dmRef)!.version > dmBefore, 'the datamodel was fetched again');
    const thingRow = await findThing(thing);
    const datamodel = await child(api, thingRow.node, 'Datamodel');
    assert.equal(datamodel.description, `v${api.store.peek(dmRef)!.version}`);
    const operation = await child(api, thingRow.node, 'Operation');
    assert.equal(operation.description, 'last: read · ok');
    const device = await child(api, datamodel.node, 'Device');
    const battery = await child(api, (await child(api, device.node, 'Instance 0')).node, 'Battery Level');
    assert.equal(battery.description, `${value[1]} %`);

    const entry = api.operationHistory('sandbox')[0];
    assert.equal(entry.thing, thing);
    assert.equal(entry.operation, 'read');
    assert.deepEqual(entry.keys, ['Device.0.Battery Level']);
    assert.equal(entry.outcome, 'answered');
    assert.equal(entry.summary, outcome.message);
  });

  test('a request with errors is refused and the shadow is unchanged', async () => {
    const session = api.connection.session()!;
    const before = await session.shadows.get(thing, 'operation');
    const { doc, text } = await openWith({ operation: 'Read', keys: ['Device.0.Battery Level'] });
    const outcome = await publish();
    assert.equal(outcome.status, 'refused');
    assert.deepEqual(outcome.problems, ['unknown-operation']);
    assert.match(outcome.message ?? '', /^Not published: unknown operation "Read".*\(line 4\)/);
    const after = await session.shadows.get(thing, 'operation');
    assert.equal(after.version, before.version);
    assert.deepEqual(after.state.desired, before.state.desired);
    assert.equal(doc.getText(), text);
    assert.ok(lwm2mProblems(doc).some((d) => d.code === 'unknown-operation'), 'the problem is listed');
  });

  test('a version conflict asks: Cancel keeps the text, Reload & Reapply puts it on the new version, then it publishes', async () => {
    const session = api.connection.session()!;
    const request = { operation: 'write', keys: ['Device.0.UTC Offset'], values: ['+02:00'] };
    const { doc, text } = await openWith(request);
    // Someone else changes the operation shadow (no "operation": the integration ignores it).
    const remote = await session.shadows.update(thing, 'operation', { desired: { keys: ['Device.0.Timezone'] } });
    const asked: { message: string; choices: readonly string[] }[] = [];
    let answer: string | undefined;
    answerPrompts(api, (message, choices) => {
      asked.push({ message, choices });
      return answer;
    });
    try {
      const cancelled = await publish(doc.uri);
      assert.equal(cancelled.status, 'cancelled');
      assert.match(asked[0].message, new RegExp(`operation shadow of ${thing} changed since the document was read \\(now version ${remote.version}\\)`));
      assert.deepEqual([...asked[0].choices], ['Reload & Reapply', 'Overwrite']);
      assert.equal(doc.getText(), text, 'Cancel keeps the text');
      assert.equal(doc.isDirty, true);
      assert.deepEqual((await session.shadows.get(thing, 'operation')).state.desired?.keys, ['Device.0.Timezone']);

      answer = 'Reload & Reapply';
      const reapplied = await publish(doc.uri);
      assert.equal(reapplied.status, 'reapplied');
      const shown = JSON.parse(doc.getText());
      assert.deepEqual(shown.state.desired, request, 'the request is still in the editor');
      assert.equal(shown.version, remote.version);
      assert.equal(doc.isDirty, true);

      answer = undefined;
      const published = await publish(doc.uri);
      assert.equal(asked.length, 2, 'no question: the document is on the current version now');
      assert.equal(published.status, 'answered', JSON.stringify(published));
      assert.deepEqual(published.failedKeys, []);
      const stored = await session.shadows.get(thing, 'operation');
      assert.deepEqual(stored.state.desired, request);
      assert.equal((stored.state.reported as { operation?: string }).operation, 'write');
    } finally {
      answerPrompts(api, undefined);
    }
  });

  test('with the thing\'s datamodel loaded, a key naming an instance the device lacks is a warning', async () => {
    const dm = await api.connection.session()!.shadows.get(thing, 'datamodel');
    const objects = Object.keys(dm.state.reported ?? {});
    assert.ok(objects.includes('Device'), JSON.stringify(objects));
    const doc = await vscode.workspace.openTextDocument(uri(thing, 'operation'));
    const editor = await vscode.window.showTextDocument(doc);
    const text = JSON.stringify({ state: { desired: { operation: 'read', keys: ['Device.0.Battery Level', 'LwM2M Server.7.Lifetime'] } } }, null, 2);
    const { problems } = await typeAndWaitForProblems(editor, text, (ds) => ds.some((d) => d.code === 'instance-not-in-datamodel'));
    const missing = problems.find((d) => d.code === 'instance-not-in-datamodel')!;
    assert.equal(missing.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(missing.range).includes('7'), true, doc.getText(missing.range));
  });

  test('the Operation row publishes what the operation shadow holds, opening its document', async () => {
    const thingRow = await findThing(thing);
    const operation = await child(api, thingRow.node, 'Operation');
    const session = api.connection.session()!;
    const written = await session.shadows.update(thing, 'operation', { desired: { operation: 'read', keys: ['Device.0.Manufacturer'], values: null } });
    // That write is a request too: the sandbox's device answers it. Publish once it has, or the answer lands while
    // Publish waits out the second of the last answer and moves the shadow past the version the document shows.
    await waitFor('the answer to the request written here', async () => {
      const doc = await session.shadows.get(thing, 'operation');
      return (doc && doc.version > written.version && doc.state.reported?.operation === 'read') || undefined;
    }, 10_000);
    api.store.expire({ connection: 'sandbox', thingName: thing, shadowName: 'operation' });
    const outcome = await publish(operation.node as unknown as vscode.Uri);
    assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
    assert.equal(outcome.operation, 'read');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri(thing, 'operation').toString());
    const result = await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.resultUri!));
    assert.match(result.getText(), /^ {2}Device\.0\.Manufacturer = \S+/m);
  });

  test('a device that does not answer in time: the user is told why and where to look', async () => {
    let offline: string | undefined;
    search: for (const typeName of ['tracker_v2', 'env_sensor', 'thingy91', 'tracker_v1']) {
      const type = await child(api, undefined, typeName);
      for (const t of await rows(api, type.node)) {
        const classic = await child(api, t.node, 'Classic').catch(() => undefined);
        if (classic?.description.startsWith('offline')) {
          offline = t.label;
          break search;
        }
      }
    }
    assert.ok(offline, 'an offline thing in the sandbox');
    await setSetting('operation.resultTimeoutSeconds', 1);
    try {
      const doc = await vscode.workspace.openTextDocument(uri(offline, 'operation'));
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), JSON.stringify({ state: { desired: { operation: 'read', keys: ['Device.0'] } } }, null, 2)));
      const t0 = performance.now();
      const outcome = await publish(doc.uri);
      assert.equal(outcome.status, 'timeout', JSON.stringify(outcome));
      assert.ok(performance.now() - t0 < 5000, 'the timeout setting is honoured');
      assert.match(outcome.message ?? '', new RegExp(`^No answer from ${offline} to read within 1 s\\..*queue mode or offline.*Lwm2mOperation logs`));
      assert.equal(api.operationHistory('sandbox')[0].outcome, 'timeout');
      assert.equal(api.operationHistory('sandbox')[0].thing, offline);
    } finally {
      await setSetting('operation.resultTimeoutSeconds', undefined);
    }
  });

  test('the history opens a result and puts a request back, asking before replacing unsaved text', async () => {
    const entries = api.operationHistory('sandbox');
    const read = entries.find((e) => e.operation === 'read' && e.thing === thing)!;
    assert.ok(read, 'the read published earlier is in the history');
    assert.ok(entries.length <= 20);
    await vscode.commands.executeCommand('lwm2mShadows.showOperationHistory', { id: read.id, action: 'result' });
    const resultEditor = await waitFor('the result document', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'lwm2m-operation-result'));
    // the values of that read's own answer: each key it asked for, nothing an earlier answer left in reported
    const shown = resultEditor.document.getText();
    for (const key of read.keys) assert.ok(shown.includes(`\n  ${key} = `), shown);
    const valueLines = shown.split('Values (')[1].split('\n\n')[0].split('\n').slice(1);
    assert.ok(valueLines.every((l) => read.keys.some((k) => l.startsWith(`  ${k}`))), shown);
    // named for what it holds, not "read-v3.txt"
    const name = resultEditor.document.uri.path.split('/').pop() ?? '';
    assert.ok(name.startsWith(`read ${read.keys[0]}`) && name.includes(` — ${read.thing.replace(/:/g, '_')} v`) && name.endsWith(' (history).txt'), name);

    const { doc, text } = await openWith({ operation: 'execute', keys: ['Device.0.Reboot'] });
    answerPrompts(api, () => undefined);
    try {
      assert.equal(await vscode.commands.executeCommand('lwm2mShadows.showOperationHistory', { id: read.id, action: 'request' }), false);
      assert.equal(doc.getText(), text, 'unsaved text kept');
      answerPrompts(api, (_m, choices) => choices.find((c) => c === 'Replace'));
      assert.equal(await vscode.commands.executeCommand('lwm2mShadows.showOperationHistory', { id: read.id, action: 'request' }), true);
      assert.deepEqual(JSON.parse(doc.getText()).state.desired, read.request);
    } finally {
      answerPrompts(api, undefined);
    }
  });
});
