// The language of an operation shadow document: JSON to look at, but its own language id, so that the
// extension's configuration default `[lwm2m-operation]: { "files.autoSave": "off" }` applies. Saving an
// operation document keeps a draft (it never sends anything); a half-typed request still stays an unsaved
// edit rather than a draft because an auto-save delay passed mid-typing (VS Code for the Web auto-saves
// after a delay by default).
import * as vscode from 'vscode';
import { operationShadowOf } from './operationDocuments';

export const OPERATION_LANGUAGE_ID = 'lwm2m-operation';

function adopt(doc: vscode.TextDocument): void {
  if (doc.languageId !== OPERATION_LANGUAGE_ID && operationShadowOf(doc.uri)) {
    void vscode.languages.setTextDocumentLanguage(doc, OPERATION_LANGUAGE_ID).then(undefined, () => undefined);
  }
}

/** Gives every open and every later opened operation shadow document the operation language. */
export function registerOperationLanguage(): vscode.Disposable {
  vscode.workspace.textDocuments.forEach(adopt);
  return vscode.workspace.onDidOpenTextDocument(adopt);
}
