// Copy a resource's key (`Device.0.UTC Offset`, for operation documents) or its path (`/3/0/14`); with
// several resource rows selected, every selected row's, one a line.
import * as vscode from 'vscode';
import { menuRows } from '../fleet/menuRows';
import { ResourceInstanceNode, ResourceNode } from '../fleet/nodes/datamodelNodes';

export function registerCopyCommands(): vscode.Disposable[] {
  const copy = async (text: string | undefined) => {
    if (!text) return;
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
  };
  const resources = (n: unknown, selected: unknown) =>
    menuRows(n, selected).filter((r) => r instanceof ResourceNode || r instanceof ResourceInstanceNode);
  const lines = (texts: (string | undefined)[]) => texts.filter((t) => t).join('\n');
  return [
    vscode.commands.registerCommand('lwm2mShadows.copyResourceKey', (n?: unknown, selected?: unknown) => copy(lines(resources(n, selected).map((r) => r.key)))),
    vscode.commands.registerCommand('lwm2mShadows.copyResourcePath', (n?: unknown, selected?: unknown) => copy(lines(resources(n, selected).map((r) => r.path)))),
  ];
}
