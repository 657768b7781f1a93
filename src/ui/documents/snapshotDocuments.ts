// Read-only text shown on the left of a diff: the previous snapshot of a datamodel, or the remote
// operation shadow when a save conflicts. Served on `lwm2m-shadow-snapshot:/<connection>/<thing>/<shadow>.<which>.json`.
import * as vscode from 'vscode';
import { shadowPath, type ShadowRef } from './shadowPath';

export const SNAPSHOT_SCHEME = 'lwm2m-shadow-snapshot';

export class SnapshotDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  /** Stores a text and returns the URI that shows it. */
  put(ref: ShadowRef, which: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: shadowPath(ref).replace(/\.json$/, `.${which}.json`) });
    this.texts.set(uri.path, text);
    this.emitter.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? vscode.l10n.t('// This snapshot is no longer available.');
  }

  dispose(): void {
    this.emitter.dispose();
    this.texts.clear();
  }
}
