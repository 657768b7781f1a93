// Large and hostile operation documents in a real VS Code: typing into them never stalls the extension host
// (the tests run in it, so a stall shows as a late timer), and their problems still arrive, one diagnostic
// for what is too large or too deep to check.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './fleetHelpers';

function lwm2mProblems(doc: vscode.TextDocument): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'LwM2M');
}

/** The longest a 5 ms timer was late while `work` ran: how long the extension host could not answer. */
async function longestStall(work: () => Promise<void>): Promise<number> {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return worst;
}

/** The document's only LwM2M problem has this code. */
function only(doc: vscode.TextDocument, code: string): boolean {
  const ds = lwm2mProblems(doc);
  return ds.length === 1 && ds[0].code === code;
}

suite('Large operation documents', () => {
  let file: vscode.Uri;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test workspace folder');
    file = vscode.Uri.joinPath(folder, 'large.lwm2m-operation.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('{"operation":"read","keys":["Device.0"]}'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(file);
  });

  async function replaceAll(editor: vscode.TextEditor, text: string): Promise<void> {
    const doc = editor.document;
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
  }

  test('typing into a 9,000-key read never stalls the extension host, and its problems arrive', async () => {
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    const keys = Array.from({ length: 9_000 }, (_, i) => `A.${i % 2 ? i - 1 : i}${i % 2 ? '.r' : ''}`);
    const text = JSON.stringify({ operation: 'read', keys });
    const stall = await longestStall(async () => {
      await replaceAll(editor, text);
      // keep typing at the end while the checks run
      for (let i = 0; i < 20; i++) {
        await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount - 1, 0), ' '));
        await new Promise((r) => setTimeout(r, 20));
      }
      await waitFor('problems of the large document', () => (lwm2mProblems(doc).some((d) => d.code === 'duplicate-key') ? true : undefined), 15_000);
    });
    assert.equal(lwm2mProblems(doc).filter((d) => d.code === 'duplicate-key').length, 4_500);
    assert.ok(stall < 1000, `the extension host stalled for ${stall.toFixed(0)} ms`);
  });

  test('a document over 128 KB gets one shadow-too-large, and one nested 10,000 levels deep one nesting-too-deep', async () => {
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    const big = JSON.stringify({ operation: 'read', keys: Array.from({ length: 40_000 }, (_, i) => `LwM2M Server.${i}.Lifetime`) });
    const stall = await longestStall(async () => {
      await replaceAll(editor, big);
      await waitFor('the size problem alone', () => (only(doc, 'shadow-too-large') ? true : undefined), 15_000);
    });
    assert.match(lwm2mProblems(doc)[0].message, /the document is \d+ bytes: AWS refuses shadow messages over 131072 bytes/);
    assert.ok(stall < 1000, `the extension host stalled for ${stall.toFixed(0)} ms`);
    await replaceAll(editor, '{"operation":"read","keys":["Device.0"],"x":' + '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) + '}');
    await waitFor('the nesting problem alone', () => (only(doc, 'nesting-too-deep') ? true : undefined), 15_000);
    // and back to a small document: checked as usual again
    await replaceAll(editor, '{"operation":"Read","keys":["Device.0"]}');
    await waitFor('the typo', () => (lwm2mProblems(doc).some((d) => d.code === 'unknown-operation') ? true : undefined));
  });
});
