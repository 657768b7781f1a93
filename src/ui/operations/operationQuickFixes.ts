// Quick fixes (code actions) for operation documents: a problem that names the one likely intended name
// ("unknown operation "Read"; did you mean "read"?", a misspelt object, resource, attribute or field) offers
// to change it, as the preferred fix. The name comes from the registry or the thing's datamodel, never from
// the text at the cursor alone, so the fix is as safe as the suggestion.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './operationDiagnostics';
import { OPERATION_DOCUMENT_SELECTOR } from './operationDocuments';

const DID_YOU_MEAN = /did you mean "([^"\\]+)"\?/;

export class OperationQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const guess = DID_YOU_MEAN.exec(d.message)?.[1];
      if (!guess) continue;
      const current = doc.getText(d.range);
      const quoted = current.length >= 2 && current.startsWith('"') && current.endsWith('"');
      const action = new vscode.CodeAction(vscode.l10n.t('Change to "{0}"', guess), vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, d.range, quoted ? JSON.stringify(guess) : guess);
      action.diagnostics = [d];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

export function registerOperationQuickFixes(): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(OPERATION_DOCUMENT_SELECTOR, new OperationQuickFixes(), { providedCodeActionKinds: OperationQuickFixes.kinds });
}
