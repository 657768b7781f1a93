// Which document Publish sends and to which thing: a tree row's Operation shadow, a URI, or the active
// editor; a workspace *.lwm2m-operation.json file names no thing, so it is asked for. A clean shadow
// document without a draft is brought up to the shadow's version first (it holds nothing of the user's).
import * as vscode from 'vscode';
import type { ShadowFileSystem } from '../documents/shadowFileSystem';
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
    await showError(s.interaction, e, { operation: vscode.l10n.t('open the operation document') });
    return undefined;
  }
  const ref = operationShadowOf(uri);
  if (ref) {
    // A clean document without a draft holds nothing of the user's: show (and publish) what the shadow holds now.
    if (!doc.isDirty && !s.files.drafts.get(ref)) {
      const fresh = await s.store.get(ref, 0).catch(() => undefined);
      if (fresh && versionOf(doc.getText()) !== fresh.version) await revert(doc, s.files);
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
 * Brings a document back to what its file system serves now, acting on that document only: VS Code's revert
 * command acts on the active editor (there is no API to revert a given document), and an editor the person
 * clicked into meanwhile would lose its edits, so the text is replaced by a workspace edit and saved, which
 * keeps no draft (ShadowFileSystem.writeFile) and moves no focus. Returns whether the document now holds
 * what is served; a document closed or edited meanwhile is left alone.
 */
export async function revert(doc: vscode.TextDocument, files: ShadowFileSystem): Promise<boolean> {
  if (doc.isClosed) return false;
  const version = doc.version;
  const text = await files.textNow(doc.uri).catch(() => undefined);
  if (text === undefined || doc.isClosed || doc.version !== version) return false;
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    // The edit carries the document's version: it is refused if the person typed meanwhile.
    if (!await vscode.workspace.applyEdit(edit) || doc.getText() !== text) return false;
  }
  if (doc.isDirty && !await doc.save()) return false;
  // The shadow may have moved on while this ran (the answer came): VS Code reads it again if so.
  files.refresh(doc.uri);
  return !doc.isDirty;
}
