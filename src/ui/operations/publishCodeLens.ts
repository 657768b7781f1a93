// "▶ Publish <operation>" above an operation document; above a thing's operation document with a saved
// draft, "Draft, not sent — ▶ Publish <operation>" and "Discard Draft", so nobody mistakes a save for a publish.
import * as vscode from 'vscode';
import type { OperationDrafts } from '../documents/operationDrafts';
import { DISCARD_DRAFT_COMMAND } from './discardDraft';
import { NEW_REQUEST_COMMAND } from './newRequest';
import { isOperationFile, operationShadowOf } from './operationDocuments';
import { PUBLISH_COMMAND } from './publishOperation';
import { operationNameOf } from './operationRequest';

export class PublishCodeLens implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly drafts: OperationDrafts) {
    this.onDidChangeCodeLenses = (listener, thisArg, disposables) => drafts.onDidChange(() => listener.call(thisArg), undefined, disposables);
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const op = operationNameOf(doc.getText());
    const publish = op ? vscode.l10n.t('▶ Publish {0}', op) : vscode.l10n.t('▶ Publish');
    const top = new vscode.Range(0, 0, 0, 0);
    const ref = operationShadowOf(doc.uri);
    const draft = ref && this.drafts.get(ref);
    // Nothing to start from (an empty operation shadow or file): a request built from a thing's datamodel.
    const start = (ref || isOperationFile(doc.uri)) && !op ? [new vscode.CodeLens(top, {
      title: vscode.l10n.t('New Request…'), command: NEW_REQUEST_COMMAND, arguments: [doc.uri],
      tooltip: vscode.l10n.t('Fill desired with a read, write, execute, observe or writeAttributes request for this thing'),
    })] : [];
    if (!draft) {
      return [new vscode.CodeLens(top, { title: publish, command: PUBLISH_COMMAND, arguments: [doc.uri], tooltip: vscode.l10n.t('Validate, publish into the operation shadow and wait for the answer') }), ...start];
    }
    const saved = new Date(draft.savedAt).toLocaleString();
    return [
      new vscode.CodeLens(top, {
        title: vscode.l10n.t('Draft, not sent — {0}', publish),
        command: PUBLISH_COMMAND,
        arguments: [doc.uri],
        tooltip: vscode.l10n.t('Saved on this machine {0}; saving never sends a request. Publish validates it, sends it to {1} and waits for the answer.', saved, ref.thingName),
      }),
      new vscode.CodeLens(top, {
        title: vscode.l10n.t('Discard Draft'),
        command: DISCARD_DRAFT_COMMAND,
        arguments: [doc.uri],
        tooltip: vscode.l10n.t('Forget the saved draft and show what the operation shadow holds'),
      }),
      ...start,
    ];
  }
}
