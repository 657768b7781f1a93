// Puts a request into a thing's operation document to edit before sending (history's "open again", a tree
// action's "Open as Operation Document"): asks before replacing unsaved text; sends nothing.
import * as vscode from 'vscode';
import { renderShadowDocument } from '../documents/shadowDocumentText';
import { shadowUri } from '../documents/shadowUri';
import { inertText } from '../format/inertText';
import { OPERATION_SHADOW } from '../format/shadowNames';
import { askModal } from '../prompts';
import type { UiServices } from '../services';
import { textWithRequest, versionOf, type OperationRequest } from './operationRequest';

/** True when the request is in the editor; false when the user kept their unsaved text or the connection is another. */
export async function putRequestInDocument(services: UiServices, connection: string, thing: string, request: OperationRequest, from: string): Promise<boolean> {
  if (!services.connections.sessionFor(connection) && services.connections.pendingId !== connection) {
    void vscode.window.showErrorMessage(inertText(vscode.l10n.t('This request was sent on "{0}": switch to that connection to open it again.', connection)));
    return false;
  }
  const ref = { connection, thingName: thing, shadowName: OPERATION_SHADOW };
  const doc = await vscode.workspace.openTextDocument(shadowUri(ref));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.isDirty) {
    const replace = vscode.l10n.t('Replace');
    const picked = await askModal(
      vscode.l10n.t('The operation document of {0} has unsaved changes. Replace its request with the one from {1}?', thing, from),
      vscode.l10n.t('Cancel keeps your text.'),
      replace,
    );
    if (picked !== replace) return false;
  }
  const shadow = services.store.peek(ref);
  let text: string;
  try {
    const parsed = JSON.parse(doc.getText());
    parsed.state = { ...(parsed.state ?? {}), desired: request };
    delete parsed.state.delta;
    text = JSON.stringify(parsed, null, 2) + '\n';
  } catch {
    text = shadow ? textWithRequest(shadow, request) : renderShadowDocument({ state: { desired: request }, version: versionOf(doc.getText()) ?? 0 });
  }
  await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
  return true;
}
