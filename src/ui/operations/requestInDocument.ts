// Puts a request into a thing's operation document to edit before sending (history's "open again", a tree
// action's "Open as Operation Document"), or into a workspace *.lwm2m-operation.json file (New Request…):
// asks before replacing unsaved text (in a file, any text but an empty one); sends nothing.
import * as vscode from 'vscode';
import { isRecord } from '../../core/jsonValue'; // a tiny pure function called synchronously: a direct import on purpose (see eslint.config.mjs, ui → core)
import { renderShadowDocument } from '../documents/shadowDocumentText';
import { shadowUri } from '../documents/shadowUri';
import { inertText } from '../format/inertText';
import { OPERATION_SHADOW } from '../format/shadowNames';
import type { Interaction } from '../../operations/interaction';
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
  if (doc.isDirty && !(await replaceUnsaved(services.interaction, vscode.l10n.t('The operation document of {0} has unsaved changes. Replace its request with the one from {1}?', thing, from)))) return false;
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

/** Empty, whitespace or `{}`: nothing of the user's would be lost. */
function holdsNothing(text: string): boolean {
  return /^\s*(\{\s*\})?\s*$/.test(text.replace(/^\uFEFF/, ''));
}

async function replaceUnsaved(ui: Interaction, question: string): Promise<boolean> {
  const replace = vscode.l10n.t('Replace');
  return (await ui.confirm(question, vscode.l10n.t('Cancel keeps your text.'), replace)) === replace;
}

/**
 * A workspace file holds a bare request or a shadow document: the request replaces the one it holds, in the
 * same form (a file that is empty or not JSON gets the bare request; Undo brings its text back).
 */
export async function putRequestInFile(ui: Interaction, uri: vscode.Uri, request: OperationRequest, from: string): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const name = inertText(vscode.workspace.asRelativePath(uri));
  if (doc.isDirty && !(await replaceUnsaved(ui, vscode.l10n.t('{0} has unsaved changes. Replace its request with the one from {1}?', name, from)))) return false;
  // A saved file is the user's too: only an empty one (nothing, or {}) is filled without asking.
  if (!doc.isDirty && !holdsNothing(doc.getText()) && !(await replaceUnsaved(ui, vscode.l10n.t('{0} is not empty. Replace its request with the one from {1}?', name, from)))) return false;
  let held: unknown;
  try {
    held = JSON.parse(doc.getText());
  } catch {
    held = undefined;
  }
  const state = isRecord(held) ? held.state : undefined;
  const text = isRecord(held) && isRecord(state)
    ? JSON.stringify({ ...held, state: { ...state, desired: request } }, null, 2) + '\n'
    : JSON.stringify(request, null, 2) + '\n';
  return editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
}
