// Which document Publish sends and to which thing: a tree row's Operation shadow, a URI, or the active
// editor; a workspace *.lwm2m-operation.json file names no thing, so it is asked for. A clean shadow
// document without a draft is brought up to the shadow's version first (it holds nothing of the user's).
import * as vscode from 'vscode';
import type { ShadowRef } from '../documents/shadowPath';
import { shadowUri } from '../documents/shadowUri';
import { showError } from '../errors/showError';
import { ShadowNode } from '../fleet/nodes/shadowNode';
import { OPERATION_SHADOW } from '../format/shadowNames';
import type { UiServices } from '../services';
import { isOperationDocument, isOperationFile, operationShadowOf } from './operationDocuments';
import type { OperationHistory } from './operationHistory';
import { versionOf } from './operationRequest';

export interface PublishTarget {
  doc: vscode.TextDocument;
  ref: ShadowRef;
  /** A workspace file (no shadow version of its own). */
  file: boolean;
}

export async function publishTarget(arg: unknown, s: UiServices, history: OperationHistory): Promise<PublishTarget | undefined> {
  let uri: vscode.Uri | undefined;
  if (arg instanceof ShadowNode) uri = shadowUri(arg.ref);
  else if (arg instanceof vscode.Uri) uri = arg;
  else uri = vscode.window.activeTextEditor?.document.uri;
  if (!uri || !isOperationDocument({ uri })) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open an operation document (the Operation shadow of a thing, or a *.lwm2m-operation.json file) to publish it.'));
    return undefined;
  }
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
    if (arg instanceof ShadowNode) await vscode.window.showTextDocument(doc, { preview: false });
  } catch (e) {
    await showError(e, { operation: vscode.l10n.t('open the operation document') });
    return undefined;
  }
  const ref = operationShadowOf(uri);
  if (ref) {
    // A clean document without a draft holds nothing of the user's: show (and publish) what the shadow holds now.
    if (!doc.isDirty && !s.files.drafts.get(ref)) {
      const fresh = await s.store.get(ref, 0).catch(() => undefined);
      if (fresh && versionOf(doc.getText()) !== fresh.version) await revert(doc);
    }
    return { doc, ref, file: false };
  }
  if (!isOperationFile(uri)) return undefined;
  const thing = await askThing(s, history);
  return thing ? { doc, ref: thing, file: true } : undefined;
}

/** A workspace file names no thing: ask which one, on the current connection. */
async function askThing(s: UiServices, history: OperationHistory): Promise<ShadowRef | undefined> {
  const session = s.connections.current ?? await s.connections.ensureConnected();
  if (!session) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Connect to AWS or the local sandbox first: publishing sends the request to a thing.'));
    return undefined;
  }
  const last = history.list(session.spec.id)[0]?.thing;
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Publish to which thing?'),
    prompt: vscode.l10n.t('The thing (LwM2M device) on {0} whose operation shadow receives the request.', session.spec.label),
    value: last,
    validateInput: (v) => (/^[a-zA-Z0-9:_-]{1,128}$/.test(v) ? undefined : vscode.l10n.t('Thing names are 1–128 characters of a–z, A–Z, 0–9, :, _ and -.')),
  });
  return name ? { connection: session.spec.id, thingName: name, shadowName: OPERATION_SHADOW } : undefined;
}

/**
 * Reverts a document to what its file system serves. VS Code's revert command acts on the active editor
 * (there is no API to revert a given document), so `doc` is made active first and the command runs only
 * if it still is; returns whether it was reverted. A document closed meanwhile is left alone.
 */
export async function revert(doc: vscode.TextDocument): Promise<boolean> {
  if (doc.isClosed) return false;
  await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
  if (vscode.window.activeTextEditor?.document !== doc) return false;
  await vscode.commands.executeCommand('workbench.action.files.revert');
  return !doc.isDirty;
}
