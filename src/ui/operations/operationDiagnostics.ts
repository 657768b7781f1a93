// Problems in operation documents (and device check files: validateTestDocument) as the user types: core's
// validateOperationDocument on open, on every
// change (debounced), and again when the thing's datamodel arrives; cleared when the document closes.
// Typing never waits on it: the pause before a run grows with the document, a document too large to be a
// request is not read at all, and a failing check is logged and shown as one note instead of thrown.
import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic } from '../../core/index';
import { toVsRange } from './corePositions';
import type { OperationContext } from './operationContext';
import { isCheckedDocument, isTestFile, operationShadowOf } from './operationDocuments';
import { lengthOf, MAX_CHECKED_CHARS, typingPauseMs } from './typingPause';

export const DIAGNOSTIC_SOURCE = 'LwM2M';
const SEVERITY: Record<CoreDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toVsDiagnostic(d: CoreDiagnostic): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toVsRange(d.range), d.message, SEVERITY[d.severity] ?? vscode.DiagnosticSeverity.Error);
  out.code = d.code;
  out.source = DIAGNOSTIC_SOURCE;
  return out;
}

function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return input.uri;
  if (input instanceof vscode.TabInputTextDiff) return input.modified;
  return undefined;
}

function isShownInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => tabUri(t)?.toString() === key));
}

export class OperationDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('lwm2m-operation');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Validations run (tests, benchmarks), and the duration of the last one in ms. */
  runs = 0;
  lastMs = 0;

  constructor(private readonly context: OperationContext, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.schedule(e.document, typingPauseMs(e.document));
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc.uri)),
      // VS Code disposes a closed document only later: clear its problems when its last tab closes,
      // and validate again when an editor shows it.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const uri = tabUri(tab);
          if (uri && isCheckedDocument({ uri }) && !isShownInTab(uri)) this.clear(uri);
        }
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const ed of editors) if (!this.collection.has(ed.document.uri)) this.schedule(ed.document, 0);
      }),
      context.onDidChangeDatamodel((ref) => {
        for (const doc of vscode.workspace.textDocuments) {
          const op = operationShadowOf(doc.uri);
          if (op && op.connection === ref.connection && op.thingName === ref.thingName) this.schedule(doc, 0);
        }
      }),
    );
    // Documents already open when the extension activated (core loads only if there is one).
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /**
   * Validates now and publishes the problems; returns core's findings. A document over MAX_CHECKED_CHARS is
   * not read (one note says so), and a check that fails is logged: both return no findings.
   */
  validate(doc: vscode.TextDocument): CoreDiagnostic[] {
    this.cancel(doc.uri);
    const t0 = performance.now();
    const length = lengthOf(doc);
    let found: CoreDiagnostic[] = [];
    let note: string | undefined;
    if (length > MAX_CHECKED_CHARS) {
      note = vscode.l10n.t('This document has {0} characters: too large to check as you type (an AWS shadow request holds at most 128 KB).', length);
    } else {
      try {
        const core = this.context.core();
        const check = isTestFile(doc.uri) ? core.validateTestDocument : core.validateOperationDocument;
        found = check(doc.getText(), this.context.optionsFor(doc.uri));
      } catch (e) {
        this.log.error(`operation document check failed for ${doc.uri.toString(true)}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        note = vscode.l10n.t('The LwM2M checks failed on this document, so it was not checked (details in the LwM2M Shadows log).');
      }
    }
    this.lastMs = performance.now() - t0;
    this.runs++;
    if (!doc.isClosed) {
      const shown = found.map(toVsDiagnostic);
      if (note) {
        const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), note, vscode.DiagnosticSeverity.Information);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = 'not-checked';
        shown.push(d);
      }
      this.collection.set(doc.uri, shown);
    }
    return found;
  }

  private schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!isCheckedDocument(doc)) return;
    this.cancel(doc.uri);
    const key = doc.uri.toString();
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!doc.isClosed) this.validate(doc);
    }, delayMs));
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  private clear(uri: vscode.Uri): void {
    this.cancel(uri);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
