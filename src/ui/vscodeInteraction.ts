// The Interaction port (src/operations/interaction.ts) with VS Code: modal warnings, quick picks (one with a button
// on each item, one that looks its items up as the person types), input boxes, notifications, progress, editors,
// open and save dialogs, workspace trust and terminals. Callers make device text in their messages inert; the modal
// question does it once more, as every modal of the extension did.
import * as vscode from 'vscode';
import type { Interaction, NoticeLevel, PickItem, PickOptions } from '../operations/interaction';
import { requireFeature } from './features/featureLoader';
import { inertText } from './format/inertText';

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
  confirm: async (message, detail, ...choices) =>
    vscode.window.showWarningMessage(inertText(message), { modal: true, detail: inertText(detail) }, ...choices),
  pick: async <T extends PickItem>(items: readonly T[], options: PickOptions) => vscode.window.showQuickPick([...items], options),
  // Its quick pick is the operations feature's code (the operation history's list): not loaded at activation.
  pickWithButton: (items, options) => requireFeature('operations').buttonPick(items, options),
  pickMany: async <T extends PickItem>(items: readonly T[], options: PickOptions) =>
    vscode.window.showQuickPick([...items], { ...options, canPickMany: true }),
  // Its quick pick is the commands feature's code (every search picker is behind a command): not loaded at activation.
  search: <T extends PickItem>(options: PickOptions, find: (text: string, signal: AbortSignal) => Promise<readonly T[]>) => requireFeature('commands').searchPick(options, find),
  input: async ({ validate, ...options }) => vscode.window.showInputBox({
    ...options,
    ...(validate ? {
      validateInput: (v: string) => {
        const problem = validate(v);
        if (problem === undefined || typeof problem === 'string') return problem;
        return { message: problem.message, severity: problem.severity === 'warning' ? vscode.InputBoxValidationSeverity.Warning : vscode.InputBoxValidationSeverity.Error };
      },
    } : {}),
  }),
  notify: async (level, message, ...actions) => notifiers[level](message, ...actions),
  progress: async (options, task) => vscode.window.withProgress(
    { location: options.where === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: options.title, cancellable: options.cancellable === true },
    (_progress, token) => task(signalOf(token)),
  ),
  openDocument: async (uri, options = {}) => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    await vscode.window.showTextDocument(doc, { preview: options.preview ?? true, ...(options.beside ? { viewColumn: vscode.ViewColumn.Beside } : {}) });
  },
  saveTarget: async ({ defaultUri, ...options }) =>
    (await vscode.window.showSaveDialog({ ...options, ...(defaultUri !== undefined ? { defaultUri: vscode.Uri.parse(defaultUri) } : {}) }))?.toString(),
  openFile: async (options) =>
    (await vscode.window.showOpenDialog({ ...options, canSelectMany: false, canSelectFiles: true, canSelectFolders: false }))?.[0]?.toString(),
  workspaceTrusted: () => vscode.workspace.isTrusted,
  runInTerminal: async (name, commandLine) => {
    const terminal = vscode.window.createTerminal({ name });
    terminal.show();
    terminal.sendText(commandLine);
  },
};
