// Read-only texts the extension makes (snapshots, results) served as documents of their own scheme. They
// live in memory for the session; a URI whose text is gone shows `missingText`.
import * as vscode from 'vscode';

export class MemoryTextDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(readonly scheme: string, private readonly missingText: () => string) {}

  /** Stores a text at `path` and returns the URI that shows it (open documents of that URI update). */
  protected store(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: this.scheme, path });
    this.texts.set(uri.path, text);
    this.emitter.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? this.missingText();
  }

  dispose(): void {
    this.emitter.dispose();
    this.texts.clear();
  }
}
