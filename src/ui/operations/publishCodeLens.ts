// "▶ Publish <operation>" above an operation document.
import * as vscode from 'vscode';
import { PUBLISH_COMMAND } from './publishOperation';
import { operationNameOf } from './operationRequest';

export class PublishCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const op = operationNameOf(doc.getText());
    const title = op ? vscode.l10n.t('▶ Publish {0}', op) : vscode.l10n.t('▶ Publish');
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title, command: PUBLISH_COMMAND, arguments: [doc.uri], tooltip: vscode.l10n.t('Validate, publish into the operation shadow and wait for the answer') })];
  }
}
