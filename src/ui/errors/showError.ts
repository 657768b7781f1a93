// Shows an error as one notification whose buttons do what fixes it (copy a command, run it in a
// terminal, switch the connection, retry). Every user-facing error of the UI goes through here.
import * as vscode from 'vscode';
import type { Interaction } from '../../operations/interaction';
import { inertText } from '../format/inertText';
import { describeError, type ErrorContext, type ErrorRemedy } from './describeError';

/** Shows the message and returns at once; a button the user clicks later applies its remedy. */
export function showError(ui: Interaction, e: unknown, ctx: ErrorContext = {}, retry?: () => unknown): Promise<void> {
  // Error texts quote AWS, devices and documents: never links or icons in the notification.
  const described = describeError(e, ctx);
  const remedies = described.remedies.filter((r) => r.kind !== 'retry' || retry);
  void ui.notify('error', inertText(described.message), ...remedies.map((r) => r.title)).then((picked) => {
    const remedy = remedies.find((r) => r.title === picked);
    if (remedy) return applyRemedy(ui, remedy, retry);
  });
  return Promise.resolve();
}

export async function applyRemedy(ui: Interaction, remedy: ErrorRemedy, retry?: () => unknown): Promise<void> {
  switch (remedy.kind) {
    case 'copy':
      await vscode.env.clipboard.writeText(remedy.text);
      void ui.notify('info', inertText(vscode.l10n.t('Copied to the clipboard: {0}', remedy.text)));
      return;
    case 'terminal':
      await ui.runInTerminal('AWS', remedy.text);
      return;
    case 'command':
      await vscode.commands.executeCommand(remedy.command, ...(remedy.args ?? []));
      return;
    case 'retry':
      await retry?.();
      return;
  }
}
