// Open a shadow as a document; compare a datamodel with its previous snapshot in the diff editor.
import * as vscode from 'vscode';
import { renderShadowDocument } from '../documents/shadowDocumentText';
import type { ShadowRef } from '../documents/shadowPath';
import { parseShadowUri, shadowUri } from '../documents/shadowUri';
import { showError } from '../errors/showError';
import { DATAMODEL_SHADOW } from '../format/shadowNames';
import { menuRows } from '../fleet/menuRows';
import { ShadowNode } from '../fleet/nodes/shadowNode';
import type { UiServices } from '../services';

function refOf(arg: unknown): ShadowRef | undefined {
  if (arg instanceof ShadowNode) return arg.ref;
  if (arg instanceof vscode.Uri) return parseShadowUri(arg);
  const active = vscode.window.activeTextEditor?.document.uri;
  return active ? parseShadowUri(active) : undefined;
}

export function registerShadowCommands(s: UiServices): vscode.Disposable[] {
  /** Opens the shadow (every selected shadow row's, when it is one of them: each in its own tab). */
  const open = async (arg?: unknown, selected?: unknown) => {
    const shadows = menuRows(arg, selected).filter((r) => r instanceof ShadowNode);
    if (shadows.length > 1) {
      for (const r of shadows) await openRef(r.ref, false);
      return;
    }
    const ref = refOf(arg);
    if (ref) await openRef(ref, true);
  };

  const openRef = async (ref: ShadowRef, preview: boolean) => {
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Opening {0}…', ref.thingName) },
        async () => {
          const doc = await vscode.workspace.openTextDocument(shadowUri(ref));
          await vscode.window.showTextDocument(doc, { preview });
        },
      );
    } catch (e) {
      await showError(s.interaction, e, { operation: vscode.l10n.t('open the shadow') });
    }
  };

  const compare = async (arg?: unknown) => {
    const ref = refOf(arg);
    if (!ref || ref.shadowName !== DATAMODEL_SHADOW) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select a datamodel shadow in the Fleet view, or open one, to compare it with its previous snapshot.'));
      return;
    }
    try {
      const current = await s.store.get(ref, 0);
      const previous = s.store.previous(ref);
      if (!previous) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The datamodel of {0} has not changed since it was first loaded (version {1}): there is no previous snapshot yet.', ref.thingName, current.version));
        return;
      }
      const left = s.snapshots.put(ref, `v${previous.version}`, renderShadowDocument(previous));
      const right = s.snapshots.put(ref, `v${current.version}`, renderShadowDocument(current));
      await vscode.commands.executeCommand('vscode.diff', left, right,
        vscode.l10n.t('{0} datamodel: v{1} ↔ v{2}', ref.thingName, previous.version, current.version), { preview: true });
    } catch (e) {
      await showError(s.interaction, e, { operation: vscode.l10n.t('compare the datamodel of {0}', ref.thingName) });
    }
  };

  return [
    vscode.commands.registerCommand('lwm2mShadows.openShadow', open),
    vscode.commands.registerCommand('lwm2mShadows.compareDatamodel', compare),
  ];
}
