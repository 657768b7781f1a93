// The Interaction port (src/operations/interaction.ts) with VS Code: modal warnings, quick picks (one that
// looks its items up as the person types), input boxes, open and notifications, progress, editors, save dialogs, workspace trust and terminals. Callers make device text in their
// messages inert; the modal question does it once more, as every modal of the extension did.
import * as vscode from 'vscode';
import type { Interaction, NoticeLevel, PickItem, PickOptions } from '../operations/interaction';
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

/** The typing pause before a lookup. */
const SEARCH_DELAY_MS = 250;

function search<T extends PickItem>(options: PickOptions, find: (text: string, signal: AbortSignal) => Promise<readonly T[]>): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  if (options.title !== undefined) qp.title = options.title;
  if (options.placeHolder !== undefined) qp.placeholder = options.placeHolder;
  qp.matchOnDescription = options.matchOnDescription === true;
  qp.ignoreFocusOut = options.ignoreFocusOut === true;
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  // A newer keystroke (or closing the list) aborts the older lookup.
  let lookup: AbortController | undefined;
  const look = (text: string) => {
    const mine = ++seq;
    lookup?.abort();
    lookup = new AbortController();
    qp.busy = true;
    find(text, lookup.signal)
      .then((items) => { if (mine === seq) qp.items = [...items]; }, () => undefined)
      .finally(() => { if (mine === seq) qp.busy = false; });
  };
  qp.onDidChangeValue((v) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => look(v.trim()), SEARCH_DELAY_MS);
  });
  look('');
  return new Promise<T | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      if (timer) clearTimeout(timer);
      lookup?.abort();
      qp.dispose();
    });
    qp.show();
  });
}

export const vscodeInteraction: Interaction = {
  confirm: async (message, detail, ...choices) =>
    vscode.window.showWarningMessage(inertText(message), { modal: true, detail: inertText(detail) }, ...choices),
  pick: async <T extends PickItem>(items: readonly T[], options: PickOptions) => vscode.window.showQuickPick([...items], options),
  pickMany: async <T extends PickItem>(items: readonly T[], options: PickOptions) =>
    vscode.window.showQuickPick([...items], { ...options, canPickMany: true }),
  search: <T extends PickItem>(options: PickOptions, find: (text: string, signal: AbortSignal) => Promise<readonly T[]>) => search(options, find),
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
