// Which documents are LwM2M operation documents: the operation shadow of a thing
// (`lwm2m-shadow:/<connection>/<thing>/operation.json`) and files named `*.lwm2m-operation.json` that users
// keep in their workspace (the CLI validates the same files in CI).
import * as vscode from 'vscode';
import { SHADOW_SCHEME, type ShadowRef } from '../documents/shadowPath';
import { parseShadowUri } from '../documents/shadowUri';
import { OPERATION_SHADOW } from '../format/shadowNames';

export const OPERATION_FILE_SUFFIX = '.lwm2m-operation.json';

/** For language feature registrations. */
export const OPERATION_DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  { scheme: SHADOW_SCHEME, pattern: '**/operation.json' },
  { pattern: `**/*${OPERATION_FILE_SUFFIX}` },
];

/** The operation shadow a document shows, when it is one. */
export function operationShadowOf(uri: vscode.Uri): ShadowRef | undefined {
  const ref = parseShadowUri(uri);
  return ref && ref.shadowName === OPERATION_SHADOW ? ref : undefined;
}

export function isOperationFile(uri: vscode.Uri): boolean {
  return uri.scheme !== SHADOW_SCHEME && uri.path.toLowerCase().endsWith(OPERATION_FILE_SUFFIX);
}

/** Device check files: each step's request gets the same problems, completion and hover (never published by Publish). */
export const TEST_FILE_SUFFIX = '.lwm2m-test.json';
export const TEST_FILE_SELECTOR: vscode.DocumentFilter = { pattern: `**/*${TEST_FILE_SUFFIX}` };

export function isTestFile(uri: vscode.Uri): boolean {
  return uri.scheme !== SHADOW_SCHEME && uri.path.toLowerCase().endsWith(TEST_FILE_SUFFIX);
}

/** Documents that get the LwM2M problems, completion and hover: operation documents and test files. */
export function isCheckedDocument(doc: { uri: vscode.Uri }): boolean {
  return isOperationDocument(doc) || isTestFile(doc.uri);
}

export function isOperationDocument(doc: { uri: vscode.Uri }): boolean {
  return !!operationShadowOf(doc.uri) || isOperationFile(doc.uri);
}
