// Discard Draft: forget the saved draft of a thing's operation document (after asking), so the document
// shows what the operation shadow holds again. Sends nothing.
import * as vscode from 'vscode';
import type { OperationDrafts } from '../documents/operationDrafts';
import type { Interaction } from '../../operations/interaction';
import { operationShadowOf } from './operationDocuments';

export const DISCARD_DRAFT_COMMAND = 'lwm2mShadows.discardDraft';

export function registerDiscardDraft(drafts: OperationDrafts, ui: Interaction): vscode.Disposable {
  return vscode.commands.registerCommand(DISCARD_DRAFT_COMMAND, async (arg?: unknown): Promise<boolean> => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const ref = uri && operationShadowOf(uri);
    if (!ref || !drafts.get(ref)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no saved draft to discard here.'));
      return false;
    }
    const discard = vscode.l10n.t('Discard');
    const picked = await ui.confirm(
      vscode.l10n.t('Discard the draft of {0}?', ref.thingName),
      vscode.l10n.t('Its text is lost and the document shows what the operation shadow holds. Nothing is sent.'),
      discard,
    );
    if (picked !== discard) return false;
    return drafts.delete(ref);
  });
}
