// The one confirmation every Execute (Reboot, Factory Reset, any E resource) gets right before it is sent,
// on every path: a tree action, F1, history's Run Again and a document's Publish.
import * as vscode from 'vscode';
import type { Interaction } from '../../operations/interaction';

/** True when the person chose Execute; false when they cancelled. */
export async function confirmExecute(ui: Interaction, thing: string, keys: readonly string[]): Promise<boolean> {
  const go = vscode.l10n.t('Execute');
  return (await ui.confirm(
    vscode.l10n.t('Execute {0} on {1}?', keys.join(', '), thing),
    vscode.l10n.t('The device acts on it as soon as it receives the request (a reboot drops its connection for a while).'),
    go,
  )) === go;
}
