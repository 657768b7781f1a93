// Shows an error as one notification whose buttons do what fixes it (copy a command, run it in a
// terminal, switch the connection, retry). Every user-facing error of the UI goes through here.
import * as vscode from 'vscode';
import { inertText } from '../format/inertText';
import { describeError, type DescribedError, type ErrorContext, type ErrorRemedy } from './describeError';

/** The last messages shown (tests read them; never holds credentials, only the message text). */
export const shownErrors: DescribedError[] = [];

/** Shows the message and returns at once; a button the user clicks later applies its remedy. */
export function showError(e: unknown, ctx: ErrorContext = {}, retry?: () => unknown): Promise<void> {
  // Error texts quote AWS, devices and documents: never links or icons in the notification.
  const raw = describeError(e, ctx);
  const described = { ...raw, message: inertText(raw.message) };
  shownErrors.push(described);
  if (shownErrors.length > 20) shownErrors.shift();
  const remedies = described.remedies.filter((r) => r.kind !== 'retry' || retry);
  void Promise.resolve(vscode.window.showErrorMessage(described.message, ...remedies.map((r) => r.title))).then((picked) => {
    const remedy = remedies.find((r) => r.title === picked);
    if (remedy) return applyRemedy(remedy, retry);
  });
  return Promise.resolve();
}

export async function applyRemedy(remedy: ErrorRemedy, retry?: () => unknown): Promise<void> {
  switch (remedy.kind) {
    case 'copy':
      await vscode.env.clipboard.writeText(remedy.text);
      void vscode.window.showInformationMessage(inertText(vscode.l10n.t('Copied to the clipboard: {0}', remedy.text)));
      return;
    case 'terminal': {
      const terminal = vscode.window.createTerminal({ name: 'AWS' });
      terminal.show();
      terminal.sendText(remedy.text);
      return;
    }
    case 'command':
      await vscode.commands.executeCommand(remedy.command, ...(remedy.args ?? []));
      return;
    case 'retry':
      await retry?.();
      return;
  }
}
