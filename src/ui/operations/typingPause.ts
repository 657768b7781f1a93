// When a document that is checked as the user types is read again (operation documents, device check files):
// after typing pauses, longer for a larger document, and never when it is too large to be a request.
import type * as vscode from 'vscode';

const DEBOUNCE_MS = 150;
/** Extra pause per 100 characters, up to MAX_EXTRA_DELAY_MS: a large document is checked when typing pauses. */
const MAX_EXTRA_DELAY_MS = 1000;
/** Documents longer than this are not checked as you type (AWS takes 128 KB per request; test files hold several). */
export const MAX_CHECKED_CHARS = 2 * 1024 * 1024;

/** A document's length in characters, without copying its text. */
export function lengthOf(doc: vscode.TextDocument): number {
  return doc.lineCount ? doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end) : 0;
}

/** How long typing must pause before a document is read again: longer for a larger document. */
export function typingPauseMs(doc: vscode.TextDocument): number {
  return DEBOUNCE_MS + Math.min(MAX_EXTRA_DELAY_MS, Math.floor(lengthOf(doc) / 100));
}
