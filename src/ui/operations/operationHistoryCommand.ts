// Show Operation History: the last published operations of the connection; picking one shows its result,
// or puts its request back into the thing's operation document (asking before replacing unsaved text).
import * as vscode from 'vscode';
import { shadowUri } from '../documents/shadowUri';
import { OPERATION_SHADOW } from '../format/shadowNames';
import { askModal } from '../prompts';
import type { UiServices } from '../services';
import type { HistoryEntry, OperationHistory } from './operationHistory';
import { textWithRequest, versionOf } from './operationRequest';
import { renderShadowDocument } from '../documents/shadowDocumentText';
import type { ResultDocuments } from './resultDocuments';
import { showResult } from './publishOperation';
import { inertText } from '../format/inertText';
import { SAVE_AS_TEST_COMMAND } from '../testing/saveAsTest';

export const HISTORY_COMMAND = 'lwm2mShadows.showOperationHistory';

const OUTCOME_ICON: Record<HistoryEntry['outcome'], string> = {
  answered: '$(pass)', pending: '$(loading~spin)', timeout: '$(watch)', cancelled: '$(circle-slash)',
};

export type HistoryAction = 'result' | 'request';

/** Tests pass `{ id, action }` to skip the pickers. */
export interface HistoryArgs { id: string; action: HistoryAction }

export function registerHistoryCommand(services: UiServices, history: OperationHistory, results: ResultDocuments): vscode.Disposable {
  const outcomeText = (e: HistoryEntry) => ({
    answered: e.summary ?? vscode.l10n.t('answered'),
    pending: vscode.l10n.t('waiting for the answer'),
    timeout: vscode.l10n.t('no answer in time'),
    cancelled: vscode.l10n.t('stopped waiting'),
  })[e.outcome];

  const openResult = async (e: HistoryEntry) => {
    if (!e.resultText) {
      void vscode.window.showInformationMessage(inertText(vscode.l10n.t('{0} on {1} has no result yet ({2}).', e.operation, e.thing, outcomeText(e))));
      return;
    }
    await showResult(results.put(e.connection, e.thing, `${e.operation}-v${e.acceptedVersion ?? 0}-history`, e.resultText));
  };

  const reopenRequest = async (e: HistoryEntry): Promise<boolean> => {
    if (!services.connections.sessionFor(e.connection) && services.connections.pendingId !== e.connection) {
      void vscode.window.showErrorMessage(inertText(vscode.l10n.t('This request was sent on "{0}": switch to that connection to open it again.', e.connection)));
      return false;
    }
    const ref = { connection: e.connection, thingName: e.thing, shadowName: OPERATION_SHADOW };
    const doc = await vscode.workspace.openTextDocument(shadowUri(ref));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    if (doc.isDirty) {
      const replace = vscode.l10n.t('Replace');
      const picked = await askModal(
        vscode.l10n.t('The operation document of {0} has unsaved changes. Replace its request with the one from {1}?', e.thing, new Date(e.time).toLocaleString()),
        vscode.l10n.t('Cancel keeps your text.'),
        replace,
      );
      if (picked !== replace) return false;
    }
    const shadow = services.store.peek(ref);
    let text: string;
    try {
      const parsed = JSON.parse(doc.getText());
      parsed.state = { ...(parsed.state ?? {}), desired: e.request };
      delete parsed.state.delta;
      text = JSON.stringify(parsed, null, 2) + '\n';
    } catch {
      text = shadow ? textWithRequest(shadow, e.request) : renderShadowDocument({ state: { desired: e.request }, version: versionOf(doc.getText()) ?? 0 });
    }
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
    return true;
  };

  return vscode.commands.registerCommand(HISTORY_COMMAND, async (args?: HistoryArgs) => {
    if (args?.id) {
      const e = history.find(args.id);
      if (!e) return false;
      if (args.action === 'result') await openResult(e);
      else return reopenRequest(e);
      return true;
    }
    const current = services.connections.current?.spec.id;
    const entries = history.list(current);
    if (!entries.length) {
      void vscode.window.showInformationMessage(current
        ? vscode.l10n.t('No operations published on {0} yet.', services.connections.current?.spec.label ?? current)
        : vscode.l10n.t('No operations published yet.'));
      return false;
    }
    type Item = vscode.QuickPickItem & { entry: HistoryEntry };
    const picked = await vscode.window.showQuickPick<Item>(entries.map((e) => ({
      entry: e,
      // The operation and keys come from documents, the summary from the device: no icons from them.
      label: `${OUTCOME_ICON[e.outcome]} ${inertText(`${e.operation} · ${e.thing}`)}`,
      description: inertText(e.keys.join(', ')),
      detail: inertText(`${new Date(e.time).toLocaleString()} · ${outcomeText(e)}`),
    })), { title: vscode.l10n.t('Operation History'), placeHolder: vscode.l10n.t('Pick an operation to see its result or open its request again'), matchOnDescription: true, matchOnDetail: true });
    if (!picked) return false;
    const e = picked.entry;
    const showIt = vscode.l10n.t('Show Result');
    const reopen = vscode.l10n.t('Open the Request in the Operation Document');
    const saveTest = vscode.l10n.t('Save as Test…');
    const choices = e.resultText ? [showIt, reopen, ...(e.result ? [saveTest] : [])] : [reopen];
    const action = choices.length === 1 ? reopen : await vscode.window.showQuickPick(choices, { title: inertText(`${e.operation} · ${e.thing}`) });
    if (action === showIt) await openResult(e);
    else if (action === reopen) return reopenRequest(e);
    else if (action === saveTest) return !!(await vscode.commands.executeCommand(SAVE_AS_TEST_COMMAND, { id: e.id }));
    return !!action;
  });
}
