// Copy a resource's key (`Device.0.UTC Offset`, for operation documents) or its path (`/3/0/14`).
import * as vscode from 'vscode';
import { ResourceInstanceNode, ResourceNode } from '../fleet/nodes/datamodelNodes';

export function registerCopyCommands(): vscode.Disposable[] {
  const copy = async (text: string | undefined) => {
    if (!text) return;
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
  };
  const nodeOf = (n: unknown) => (n instanceof ResourceNode || n instanceof ResourceInstanceNode ? n : undefined);
  return [
    vscode.commands.registerCommand('lwm2mShadows.copyResourceKey', (n?: unknown) => copy(nodeOf(n)?.key)),
    vscode.commands.registerCommand('lwm2mShadows.copyResourcePath', (n?: unknown) => copy(nodeOf(n)?.path)),
  ];
}
