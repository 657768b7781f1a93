// Save as Test…: an answered operation (from the operation history, or the result document on screen)
// becomes a device check file with that request and its answer as the expectation; the user picks where.
import * as vscode from 'vscode';
import { loadCore } from '../layers';
import type { HistoryEntry, OperationHistory } from '../operations/operationHistory';
import { TEST_FILE_SUFFIX } from '../operations/operationDocuments';
import { RESULT_SCHEME } from '../operations/resultDocuments';
import { inertText } from '../format/inertText';
import type { Interaction } from '../../operations/interaction';

export const SAVE_AS_TEST_COMMAND = 'lwm2mShadows.saveAsTest';

/** The operation history passes its entry; where to write is always the person's answer to the save dialog. */
export interface SaveAsTestArgs { id?: string }

function entryOf(history: OperationHistory, arg: unknown): HistoryEntry | undefined {
  const a = arg as SaveAsTestArgs | undefined;
  if (a?.id) return history.find(a.id);
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme !== RESULT_SCHEME) return undefined;
  const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText();
  return text === undefined ? undefined : history.list().find((e) => e.resultText === text);
}

export function registerSaveAsTest(history: OperationHistory, ui: Interaction): vscode.Disposable {
  return vscode.commands.registerCommand(SAVE_AS_TEST_COMMAND, async (arg?: unknown): Promise<string | undefined> => {
    const entry = entryOf(history, arg);
    if (!entry?.result) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Only an answered operation can be saved as a test: pick one in the operation history, or run this on a shown result.'));
      return undefined;
    }
    const core = loadCore();
    const text = core.savedTestText({ thing: entry.thing, request: entry.request, result: entry.result }, core.loadRegistry());
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${entry.operation}-${entry.thing}`.replace(/[^a-zA-Z0-9_-]+/g, '-') + TEST_FILE_SUFFIX;
    const picked = await ui.saveTarget({
      title: inertText(vscode.l10n.t('Save {0} on {1} as a test', entry.operation, entry.thing)),
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name).toString() } : {}),
      filters: { [vscode.l10n.t('LwM2M device checks')]: ['lwm2m-test.json'] },
    });
    if (!picked) return undefined;
    let target = vscode.Uri.parse(picked);
    /** The file the save dialog asked about (it asks itself before replacing that one). */
    const confirmed = target.toString();
    if (!target.path.toLowerCase().endsWith(TEST_FILE_SUFFIX)) target = target.with({ path: target.path.replace(/(\.json)?$/i, TEST_FILE_SUFFIX) });
    if (target.toString() !== confirmed && await exists(target)) {
      // The name was changed after the dialog: never replace a file nobody was asked about.
      const base = target.path.slice(target.path.lastIndexOf('/') + 1);
      const replace = vscode.l10n.t('Replace');
      if (await ui.confirm(vscode.l10n.t('{0} already exists. Replace it?', base), vscode.l10n.t('The test is saved as {0} (device checks end in .lwm2m-test.json). Replacing it loses what that file holds now.', base), replace) !== replace) {
        void vscode.window.showInformationMessage(inertText(vscode.l10n.t('Not saved: {0} already exists.', base)));
        return undefined;
      }
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
    return target.toString();
  });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
