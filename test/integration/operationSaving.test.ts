// Nothing reaches a device except by an explicit Publish: saving a thing's operation document (Ctrl+S, or
// Save when closing it with unsaved edits) keeps the text as a draft on this machine, which the document
// shows until it is published or discarded, and never writes the shadow. (Until issue 14, a save wrote
// desired and so ran the operation; these tests expected that and now expect the draft.)
// Operation shadow documents also keep their own language, whose configuration default turns auto-save
// off: a half-typed request stays unsaved. VS Code never auto-saves while extension tests run, so this
// suite checks the language and the effective setting; test/e2e/operations.e2e.ts checks the web default.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MAX_DRAFT_BYTES, MAX_DRAFTS } from '../../src/core/draftLimits';
import type { ExtensionApi } from '../../src/extension';
import type { PublishOutcome } from '../../src/ui/operations/publishOperation';
import { answerPrompts, child, sandboxApi, rows, waitFor } from './fleetHelpers';

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

  async function onlineThings(typeName: string): Promise<string[]> {
    const type = await child(api, undefined, typeName);
    const online: string[] = [];
    for (const t of (await rows(api, type.node)).filter((r) => r.label.startsWith('urn:'))) {
      if ((await child(api, t.node, 'Classic')).description.startsWith('online')) online.push(t.label);
    }
    return online;
  }

  const opUri = (thing: string) => vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` });
  const lenses = async (uri: vscode.Uri) =>
    ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).map((l) => l.command?.title ?? '');

  test('saving a request keeps it as a draft: nothing is written, even a request Publish would refuse', async () => {
    const type = await child(api, undefined, 'tracker_v1');
    const thing = (await rows(api, type.node)).filter((r) => r.label.startsWith('urn:'))[1].label;
    const session = api.connection.session()!;
    const before = await session.shadows.get(thing, 'operation');
    const uri = opUri(thing);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const doc = editor.document;
    // execute takes exactly one key: the Lambda would refuse it; and a Reboot must never run by a save.
    const request = { operation: 'execute', keys: ['Device.0.Reboot', 'Device.0.Factory Reset'] };
    const text = JSON.stringify({ state: { desired: request }, version: before.version }, null, 2);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
    assert.equal(await doc.save(), true, 'the save was refused');
    assert.equal(doc.isDirty, false);
    assert.equal(doc.getText(), text);
    await new Promise((r) => setTimeout(r, 300));
    const after = await session.shadows.get(thing, 'operation');
    assert.equal(after.version, before.version, 'the save reached the operation shadow');
    assert.deepEqual(after.state.desired, before.state.desired);
    // The document is served as the draft, and says so above the text.
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), text);
    assert.deepEqual(await lenses(uri), ['Draft, not sent — ▶ Publish execute', 'Discard Draft']);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a draft survives closing its editor; Publish sends it and the document shows the shadow again', async () => {
    // An online thing other suites leave alone (operations.test.ts takes the first online tracker_v1).
    const thing = (await onlineThings('tracker_v1')).at(-1)!;
    const session = api.connection.session()!;
    const before = await session.shadows.get(thing, 'operation');
    const uri = opUri(thing);
    let editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const text = JSON.stringify({ state: { desired: { operation: 'read', keys: ['Device.0.Manufacturer'] } }, version: before.version }, null, 2);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), text));
    // What "Save" in VS Code's "Do you want to save the changes?" on closing does.
    assert.equal(await editor.document.save(), true);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal((await session.shadows.get(thing, 'operation')).version, before.version, 'closing sent the request');

    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.equal(editor.document.getText(), text, 'the reopened document shows the draft');
    const outcome = await vscode.commands.executeCommand<PublishOutcome>('lwm2mShadows.publishOperation', uri);
    assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
    assert.equal(outcome.operation, 'read');
    const stored = await session.shadows.get(thing, 'operation');
    assert.deepEqual(stored.state.desired?.keys, ['Device.0.Manufacturer']);
    assert.equal(api.files.drafts.get({ connection: 'sandbox', thingName: thing }), undefined, 'the published draft is kept');
    await waitFor('the document to show the answered shadow', () => {
      const shown = JSON.parse(editor.document.getText()) as { state: { reported?: { operation?: string } } };
      return !editor.document.isDirty && shown.state.reported?.operation === 'read' || undefined;
    });
    assert.deepEqual(await lenses(uri), ['▶ Publish read']);
  });

  test('a draft too large to ever publish is not kept: the save fails with the reason and the text stays, unsaved', async () => {
    const type = await child(api, undefined, 'tracker_v1');
    const thing = (await rows(api, type.node)).find((r) => r.label.startsWith('urn:'))!.label;
    const ref = { connection: 'sandbox', thingName: thing };
    const session = api.connection.session()!;
    const before = await session.shadows.get(thing, 'operation');
    const uri = opUri(thing);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const doc = editor.document;
    const padding = 'é'.repeat(MAX_DRAFT_BYTES / 2); // two UTF-8 bytes each: the text passes 128 KB in bytes
    const text = JSON.stringify({ state: { desired: { operation: 'write', keys: ['Device.0.UTC Offset'], values: [padding] } } }, null, 2);
    assert.ok(text.length < MAX_DRAFT_BYTES, 'the text should pass the limit only when counted in bytes');
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
    assert.equal(await doc.save(), false, 'a draft AWS could never take was saved');
    assert.equal(doc.isDirty, true, 'the editor no longer shows the text as unsaved');
    assert.equal(doc.getText(), text, 'the text in the editor changed');
    assert.equal(api.files.drafts.get(ref), undefined, 'a draft was kept');
    await assert.rejects(api.files.writeFile(uri, new TextEncoder().encode(text)), /draft of .* was not saved: it is 1\d\d KB, and AWS refuses shadow messages over 128 KB.*still in the editor/);
    assert.equal((await session.shadows.get(thing, 'operation')).version, before.version, 'the refused save reached the operation shadow');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('past the number of drafts kept, a save is refused naming the oldest drafts; no other draft is dropped', async () => {
    const type = await child(api, undefined, 'tracker_v1');
    const thing = (await rows(api, type.node)).find((r) => r.label.startsWith('urn:'))!.label;
    const ref = { connection: 'sandbox', thingName: thing };
    const fillers: { connection: string; thingName: string }[] = [];
    const uri = opUri(thing);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const doc = editor.document;
    try {
      // Drafts of things that do not exist (the draft store never looks), until the store refuses one more.
      let refused: unknown;
      for (let i = 0; i <= MAX_DRAFTS && !refused; i++) {
        const filler = { connection: 'sandbox', thingName: `draft-filler-${i}` };
        await api.files.drafts.put(filler, '{}').then(() => fillers.push(filler), (e: unknown) => { refused = e; });
      }
      assert.ok(refused instanceof Error && /drafts are already kept on this machine/.test(refused.message), String(refused));
      const text = '{ "state": { "desired": { "operation": "read", "keys": ["Device.0.Manufacturer"] } } }';
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
      assert.equal(await doc.save(), false, 'a draft past the limit was saved');
      assert.equal(doc.isDirty, true);
      assert.equal(doc.getText(), text);
      assert.equal(api.files.drafts.get(ref), undefined);
      assert.ok(fillers.every((f) => api.files.drafts.get(f)?.text === '{}'), 'a kept draft was dropped');
      await assert.rejects(api.files.writeFile(uri, new TextEncoder().encode(text)), new RegExp(`draft of ${thing} was not saved: ${MAX_DRAFTS} drafts are already kept.*Publish or discard some \\(oldest: `));
      // With room again, the same save keeps the draft.
      await api.files.drafts.delete(fillers.pop()!);
      assert.equal(await doc.save(), true, 'the save was refused with room for the draft');
      assert.equal(api.files.drafts.get(ref)?.text, text);
    } finally {
      for (const f of fillers) await api.files.drafts.delete(f);
      await api.files.drafts.delete(ref);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('Discard Draft asks, then the document shows what the shadow holds; nothing is sent', async () => {
    const type = await child(api, undefined, 'tracker_v2');
    const thing = (await rows(api, type.node)).filter((r) => r.label.startsWith('urn:')).at(-1)!.label;
    const session = api.connection.session()!;
    const before = await session.shadows.get(thing, 'operation');
    const uri = opUri(thing);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), '{ "state": { "desired": { "operation": "execute", "keys": ["Device.0.Reboot"] } } }'));
    assert.equal(await editor.document.save(), true);
    const asked: string[] = [];
    try {
      answerPrompts(api, (message) => { asked.push(message); return undefined; });
      assert.equal(await vscode.commands.executeCommand('lwm2mShadows.discardDraft', uri), false);
      assert.match(editor.document.getText(), /Reboot/, 'a cancelled discard lost the draft');
      answerPrompts(api, (_m, choices) => choices.find((c) => c === 'Discard'));
      assert.equal(await vscode.commands.executeCommand('lwm2mShadows.discardDraft', uri), true);
    } finally {
      answerPrompts(api, undefined);
    }
    assert.match(asked[0] ?? '', new RegExp(`Discard the draft of ${thing}`));
    // What the shadow holds now, not the text shown at open: a document's `timestamp` is when AWS sent it (a
    // GET's time), so a re-read a second later differs there while the shadow (state, version) is the same.
    const now = await session.shadows.get(thing, 'operation');
    assert.equal(now.version, before.version, 'nothing was sent');
    const shown = await waitFor('the document to show the shadow', () => {
      if (editor.document.isDirty) return undefined;
      try {
        const parsed = JSON.parse(editor.document.getText()) as { state: unknown; version: number };
        return parsed.version === now.version ? parsed : undefined;
      } catch {
        return undefined; // still the draft's text
      }
    });
    assert.deepEqual(shown.state, now.state);
    assert.doesNotMatch(editor.document.getText(), /Reboot/, 'the draft is gone');
  });
});
