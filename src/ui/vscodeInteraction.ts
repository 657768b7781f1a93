// The Interaction port (src/operations/interaction.ts) with VS Code: modal warnings, quick picks, input
// boxes, notifications, progress and editors. Callers make device text in their messages inert.
import * as vscode from 'vscode';
import type { Interaction, NoticeLevel, PickItem } from '../operations/interaction';
import { askModal } from './prompts';

const notifiers: Record<NoticeLevel, (m: string, ...a: string[]) => Thenable<string | undefined>> = {
  info: (m, ...a) => vscode.window.showInformationMessage(m, ...a),
  warning: (m, ...a) => vscode.window.showWarningMessage(m, ...a),
  error: (m, ...a) => vscode.window.showErrorMessage(m, ...a),
};

/** An AbortSignal that aborts when `token` is cancelled. */
export function signalOf(token: vscode.CancellationToken): AbortSignal {
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  else token.onCancellationRequested(() => ac.abort());
  return ac.signal;
}

export const vscodeInteraction: Interaction = {
  confirm: (message, detail, ...choices) => askModal(message, detail, ...choices),
  pick: async <T extends PickItem>(items: readonly T[], options: { title?: string; placeHolder?: string }) =>
    vscode.window.showQuickPick([...items], options),
  pickMany: async <T extends PickItem>(items: readonly T[], options: { title?: string; placeHolder?: string }) =>
    vscode.window.showQuickPick([...items], { ...options, canPickMany: true }),
  input: async ({ validate, ...options }) => vscode.window.showInputBox({ ...options, ...(validate ? { validateInput: validate } : {}) }),
  notify: async (level, message, ...actions) => notifiers[level](message, ...actions),
  progress: async (options, task) => vscode.window.withProgress(
    { location: options.where === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: options.title, cancellable: options.cancellable === true },
    (_progress, token) => task(signalOf(token)),
  ),
  openDocument: async (uri, options = {}) => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    await vscode.window.showTextDocument(doc, { preview: options.preview ?? true, ...(options.beside ? { viewColumn: vscode.ViewColumn.Beside } : {}) });
  },
};
