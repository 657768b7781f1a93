// The Testing view's tree of device checks: each `*.lwm2m-test.json` file in the workspace is a test item and
// each of its steps a child at the step's range. Files are found when the Testing view first asks (nothing is
// read before), then watched; an open editor's unsaved text is what the items show.
import * as vscode from 'vscode';
import type { TestFile } from '../../core/index';
import { loadCore } from '../layers';
import { toVsRange } from '../operations/corePositions';
import { isTestFile, TEST_FILE_SUFFIX } from '../operations/operationDocuments';

export interface FileData {
  test?: TestFile;
  text: string;
}

/** Step items carry their file item's uri and their index in the id: `<uri>#<index>`. */
export function stepIndexOf(item: vscode.TestItem): number | undefined {
  const m = /#(\d+)$/.exec(item.id);
  return item.parent && m ? Number(m[1]) : undefined;
}

export class TestItems implements vscode.Disposable {
  private readonly data = new WeakMap<vscode.TestItem, FileData>();
  private readonly disposables: vscode.Disposable[] = [];
  private watching = false;

  constructor(private readonly controller: vscode.TestController) {
    controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
      else await this.refresh(item.uri!);
    };
    controller.refreshHandler = async () => {
      for (const [, item] of controller.items) controller.items.delete(item.id);
      await this.discover();
    };
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.fromDocument(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.fromDocument(e.document)),
    );
  }

  fileData(item: vscode.TestItem): FileData | undefined {
    return this.data.get(item);
  }

  /** Finds every test file of the workspace and watches for more. */
  async discover(): Promise<void> {
    if (!this.watching) {
      this.watching = true;
      const watcher = vscode.workspace.createFileSystemWatcher(`**/*${TEST_FILE_SUFFIX}`);
      this.disposables.push(
        watcher,
        watcher.onDidCreate((uri) => void this.refresh(uri)),
        watcher.onDidChange((uri) => void this.refresh(uri)),
        watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      );
    }
    const uris = await vscode.workspace.findFiles(`**/*${TEST_FILE_SUFFIX}`, '**/node_modules/**');
    await Promise.all(uris.map((uri) => this.refresh(uri)));
    for (const doc of vscode.workspace.textDocuments) this.fromDocument(doc);
  }

  /** Reads a file (the open editor's text when there is one) and updates its item and steps. */
  async refresh(uri: vscode.Uri): Promise<vscode.TestItem | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.update(uri, open.getText());
    try {
      return this.update(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      this.controller.items.delete(uri.toString());
      return undefined;
    }
  }

  private fromDocument(doc: vscode.TextDocument): void {
    if (!this.watching || !isTestFile(doc.uri) || doc.uri.scheme !== 'file') return;
    this.update(doc.uri, doc.getText());
  }

  private update(uri: vscode.Uri, text: string): vscode.TestItem {
    const id = uri.toString();
    let item = this.controller.items.get(id);
    const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    if (!item) {
      item = this.controller.createTestItem(id, base, uri);
      this.controller.items.add(item);
    }
    const { test, problems } = loadCore().readTestFile(text);
    this.data.set(item, { test, text });
    item.label = test?.name ?? base;
    item.description = test?.name ? base : undefined;
    const firstError = problems.find((p) => p.severity === 'error');
    item.error = firstError ? vscode.l10n.t('Line {0}: {1}', firstError.range.start.line + 1, firstError.message) : undefined;
    if (test?.steps[0]) item.range = new vscode.Range(0, 0, 0, 0);
    const steps = (test?.steps ?? []).map((s) => {
      const child = this.controller.createTestItem(`${id}#${s.index}`, s.name, uri);
      child.range = toVsRange(s.range);
      return child;
    });
    item.children.replace(steps);
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
