// The Testing view's tree of device checks: each `*.lwm2m-test.json` file in the workspace is a test item and
// each of its steps a child at the step's range. Files are found when the Testing view first asks (nothing is
// read before), then watched; an open editor's unsaved text is what the items show, read again when typing
// pauses (as operation documents are checked); a file over MAX_CHECKED_CHARS is not read at all.
import * as vscode from 'vscode';
import type { TestFile } from '../../core/index';
import { loadCore } from '../layers';
import { toVsRange } from '../operations/corePositions';
import { lengthOf, MAX_CHECKED_CHARS, typingPauseMs } from '../operations/typingPause';
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
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Texts parsed so far (tests: typing is not parsed on every keystroke). */
  parses = 0;

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
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.fromDocument(e.document, typingPauseMs(e.document));
      }),
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
    this.cancel(uri);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return lengthOf(open) > MAX_CHECKED_CHARS ? this.tooLarge(uri) : this.update(uri, open.getText());
    try {
      if ((await vscode.workspace.fs.stat(uri)).size > MAX_CHECKED_CHARS) return this.tooLarge(uri);
      return this.update(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      this.controller.items.delete(uri.toString());
      return undefined;
    }
  }

  private fromDocument(doc: vscode.TextDocument, delayMs = 0): void {
    if (!this.watching || !isTestFile(doc.uri) || doc.uri.scheme !== 'file') return;
    this.cancel(doc.uri);
    const key = doc.uri.toString();
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!doc.isClosed) void this.refresh(doc.uri);
    }, delayMs));
  }

  private cancel(uri: vscode.Uri): void {
    const t = this.timers.get(uri.toString());
    if (t) clearTimeout(t);
    this.timers.delete(uri.toString());
  }

  private itemFor(uri: vscode.Uri): vscode.TestItem {
    const id = uri.toString();
    let item = this.controller.items.get(id);
    if (!item) {
      item = this.controller.createTestItem(id, uri.path.slice(uri.path.lastIndexOf('/') + 1), uri);
      this.controller.items.add(item);
    }
    return item;
  }

  /** A file too large to be a device check: shown with why, never read or run. */
  private tooLarge(uri: vscode.Uri): vscode.TestItem {
    const item = this.itemFor(uri);
    this.data.set(item, { text: '' });
    item.error = vscode.l10n.t('Not read: the file is too large for a device check (at most {0} MB).', MAX_CHECKED_CHARS / (1024 * 1024));
    item.children.replace([]);
    return item;
  }

  private update(uri: vscode.Uri, text: string): vscode.TestItem {
    const id = uri.toString();
    const item = this.itemFor(uri);
    const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    this.parses++;
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
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
