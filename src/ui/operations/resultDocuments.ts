// Read-only documents with operation results: `lwm2m-operation-result:/<connection>/<thing>/<operation>-v<version>.txt`.
import * as vscode from 'vscode';

export const RESULT_SCHEME = 'lwm2m-operation-result';

export class ResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  put(connection: string, thing: string, name: string, text: string): vscode.Uri {
    const safe = (s: string) => s.replace(/[/\\]/g, '_');
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${safe(connection)}/${safe(thing)}/${safe(name)}.txt` });
    this.texts.set(uri.path, text);
    this.emitter.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? vscode.l10n.t('This result is no longer available: open it again from the operation history.');
  }

  dispose(): void {
    this.emitter.dispose();
    this.texts.clear();
  }
}
