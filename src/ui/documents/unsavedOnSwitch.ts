// Switching the connection closes and reloads nothing the user is editing: a shadow document with unsaved
// changes stays open with its text, still bound to the connection it was read from (its URI names it, and
// that connection's session stays available). This says so, once per switch, so nobody takes it for a
// document of the new connection.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import { inertText } from '../format/inertText';
import { parseShadowUri } from './shadowUri';

export function noticeUnsavedOnSwitch(connections: ConnectionManager): vscode.Disposable {
  let active = connections.current?.spec.id;
  return connections.onDidChange((state) => {
    if (state.status !== 'connected') return;
    const now = state.session.spec.id;
    if (now === active) return;
    active = now;
    const others = vscode.workspace.textDocuments
      .filter((d) => d.isDirty)
      .map((d) => parseShadowUri(d.uri))
      .filter((ref) => ref !== undefined && ref.connection !== now);
    if (!others.length) return;
    const connectionsNamed = [...new Set(others.map((r) => r!.connection))].join(', ');
    void vscode.window.showInformationMessage(inertText(vscode.l10n.t(
      '{0} shadow document(s) with unsaved changes stay open with your text. They belong to {1}: Publish still sends them there, not to {2}.',
      others.length, connectionsNamed, state.session.spec.label)));
  });
}
