// Completion and hover in operation documents: core answers at an offset; this file converts positions
// and kinds. Hover text mixes registry text with device values, so it is untrusted markdown (no HTML,
// no command links).
import * as vscode from 'vscode';
import type { CompletionItem as CoreCompletionItem } from '../../core/index';
import { toVsRange } from './corePositions';
import type { OperationContext } from './operationContext';
import { isTestFile, OPERATION_DOCUMENT_SELECTOR, TEST_FILE_SELECTOR } from './operationDocuments';

const CHECKED_SELECTOR: vscode.DocumentSelector = [...(OPERATION_DOCUMENT_SELECTOR as vscode.DocumentFilter[]), TEST_FILE_SELECTOR];

const KIND: Record<CoreCompletionItem['kind'], vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  operation: vscode.CompletionItemKind.EnumMember,
  key: vscode.CompletionItemKind.Field,
  value: vscode.CompletionItemKind.Value,
  attribute: vscode.CompletionItemKind.Property,
};

export const COMPLETION_TRIGGERS = ['"', '.'];

export function toVsCompletion(c: CoreCompletionItem): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, KIND[c.kind] ?? vscode.CompletionItemKind.Text);
  item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
  item.range = toVsRange(c.range);
  // Items that bring their own quotes replace text starting at a quote: filter on what they insert.
  if (c.insertText.startsWith('"')) item.filterText = c.snippet ? `"${c.label}"` : c.insertText;
  if (c.detail) item.detail = c.detail;
  // Plain text: documentation can carry device values ("Current value: …").
  if (c.documentation) item.documentation = c.documentation;
  if (c.sortText) item.sortText = c.sortText;
  return item;
}

export function registerOperationLanguageFeatures(context: OperationContext): vscode.Disposable[] {
  return [
    vscode.languages.registerCompletionItemProvider(CHECKED_SELECTOR, {
      provideCompletionItems(doc, position) {
        const core = context.core();
        const complete = isTestFile(doc.uri) ? core.completeInTestDocument : core.completeAt;
        const items = complete(doc.getText(), doc.offsetAt(position), context.optionsFor(doc.uri));
        return items.map(toVsCompletion);
      },
    }, ...COMPLETION_TRIGGERS),
    vscode.languages.registerHoverProvider(CHECKED_SELECTOR, {
      provideHover(doc, position) {
        const core = context.core();
        const hover = isTestFile(doc.uri) ? core.hoverInTestDocument : core.hoverAt;
        const info = hover(doc.getText(), doc.offsetAt(position), context.optionsFor(doc.uri));
        if (!info) return undefined;
        const md = new vscode.MarkdownString(info.markdown, false);
        md.isTrusted = false;
        md.supportHtml = false;
        return new vscode.Hover(md, toVsRange(info.range));
      },
    }),
  ];
}
