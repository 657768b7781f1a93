// `lwm2m-shadow:/<connection>/<thingName>/<shadow>.json` as vscode.Uri.
import * as vscode from 'vscode';
import { SHADOW_SCHEME, parseShadowPath, shadowPath, type ShadowRef } from './shadowPath';

export function shadowUri(ref: ShadowRef): vscode.Uri {
  return vscode.Uri.from({ scheme: SHADOW_SCHEME, path: shadowPath(ref) });
}

export function parseShadowUri(uri: vscode.Uri): ShadowRef | undefined {
  return uri.scheme === SHADOW_SCHEME ? parseShadowPath(uri.path) : undefined;
}
