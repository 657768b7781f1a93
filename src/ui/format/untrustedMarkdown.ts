// Tooltips mix registry text with device-provided strings. Device strings must never become markdown,
// HTML or command links: every tooltip is an untrusted MarkdownString and every piece of text goes in
// through appendText (which escapes it).
import * as vscode from 'vscode';

export function untrustedMarkdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}

/** `**label**: text` with both parts escaped, then a line break. */
export function appendField(md: vscode.MarkdownString, label: string, text: string): void {
  md.appendMarkdown('**');
  md.appendText(label);
  md.appendMarkdown('**: ');
  md.appendText(text);
  md.appendMarkdown('  \n');
}
