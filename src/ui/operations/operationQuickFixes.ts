// Quick fixes (code actions) for operation documents: core works out, on the current text, the edits of each
// problem with one clear fix (a misspelt name changed to the intended one, a key the operation cannot take
// removed with its value, `values` (null placeholders to fill in) / `attributes` added or fitted to the keys, one key kept of an execute, an
// ignored field removed, a trailing comma deleted, a lone key / value / attributes object put into a list);
// this only names them and hands VS Code the edits.
import * as vscode from 'vscode';
import type { QuickFix, TextEdit } from '../../core/index';
import { toVsRange } from './corePositions';
import type { OperationContext } from './operationContext';
import { DIAGNOSTIC_SOURCE } from './operationDiagnostics';
import { OPERATION_DOCUMENT_SELECTOR } from './operationDocuments';
import { inertText } from '../format/inertText';

function title(fix: QuickFix): string {
  switch (fix.kind) {
    case 'change': return vscode.l10n.t('Change to {0}', fix.subject);
    case 'remove-key': return vscode.l10n.t('Remove the key "{0}" (with its value or attributes)', fix.subject);
    case 'remove-field': return vscode.l10n.t('Remove "{0}"', fix.subject);
    // A value added is null, which validation refuses until it is replaced: the title says it is to fill in.
    case 'add-field': return fix.subject === 'values'
      ? vscode.l10n.t('Add "values" with a null placeholder per key to fill in')
      : vscode.l10n.t('Add "{0}" with {} per key (changes no attribute)', fix.subject);
    case 'fit-field':
      if (fix.dropped) return vscode.l10n.t('Drop the {0} "{1}" entries beyond the keys', fix.dropped, fix.subject);
      return fix.subject === 'values'
        ? vscode.l10n.t('Give "values" a null placeholder to fill in for each key without one')
        : vscode.l10n.t('Give "{0}" {} for each key without one (changes no attribute)', fix.subject);
    case 'keep-key': return vscode.l10n.t('Execute only "{0}"', fix.subject);
    case 'remove-comma': return vscode.l10n.t('Remove the trailing comma');
    case 'make-list': return vscode.l10n.t('Put "{0}" in a list', fix.subject);
  }
}

/**
 * A core edit; one with `null` placeholders is a snippet, so the cursor lands on the first and Tab moves to
 * the next (the text as written otherwise: its layout is kept).
 */
function toEdit(e: TextEdit): vscode.TextEdit | vscode.SnippetTextEdit {
  if (!e.placeholders?.length) return vscode.TextEdit.replace(toVsRange(e.range), e.newText);
  const snippet = new vscode.SnippetString();
  let at = 0;
  for (const p of e.placeholders) {
    snippet.appendText(e.newText.slice(at, p)).appendPlaceholder('null');
    at = p + 'null'.length;
  }
  snippet.appendText(e.newText.slice(at));
  const edit = new vscode.SnippetTextEdit(toVsRange(e.range), snippet);
  edit.keepWhitespace = true;
  return edit;
}

export class OperationQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly context: OperationContext) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
    if (!ours.length) return [];
    const core = this.context.core();
    const shown = ours.map((d) => ({ code: String(d.code), range: { start: d.range.start, end: d.range.end } }));
    const fixes = core.quickFixes(doc.getText(), shown, this.context.optionsFor(doc.uri));
    const actions: vscode.CodeAction[] = [];
    ours.forEach((d, i) => {
      for (const fix of fixes[i] ?? []) {
        // Names in titles may come from the device's datamodel: shown as plain text.
        const action = new vscode.CodeAction(inertText(title(fix)), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.set(doc.uri, fix.edits.map(toEdit));
        action.diagnostics = [d];
        action.isPreferred = fix.preferred;
        actions.push(action);
      }
    });
    return actions;
  }
}

export function registerOperationQuickFixes(context: OperationContext): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(OPERATION_DOCUMENT_SELECTOR, new OperationQuickFixes(context), { providedCodeActionKinds: OperationQuickFixes.kinds });
}
