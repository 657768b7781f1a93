// A row that says something instead of listing data: an empty state ("No things of this type.") or an
// error with what to do and a retry.
import * as vscode from 'vscode';
import { describeError, type ErrorContext } from '../../errors/describeError';
import type { FleetNode } from '../fleetContext';

export class MessageNode implements FleetNode {
  constructor(
    readonly id: string,
    readonly parent: FleetNode | undefined,
    private readonly label: string,
    private readonly options: { icon?: string; tooltip?: string; command?: vscode.Command; isError?: boolean } = {},
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.options.isError ? 'error' : 'message';
    item.iconPath = new vscode.ThemeIcon(this.options.icon ?? (this.options.isError ? 'error' : 'info'),
      this.options.isError ? new vscode.ThemeColor('errorForeground') : undefined);
    item.tooltip = this.options.tooltip ?? this.label;
    item.command = this.options.command;
    return item;
  }

  /** An error row under `parent`: the message, what fixes it, and a click that retries (refreshes the parent). */
  static error(parent: FleetNode | undefined, idBase: string, e: unknown, ctx: ErrorContext = {}): MessageNode {
    const d = describeError(e, ctx);
    const tooltip = `${d.message}\n\n${vscode.l10n.t('Click to retry.')}`;
    return new MessageNode(`${idBase}/error`, parent, d.message, {
      isError: true,
      tooltip,
      command: { title: vscode.l10n.t('Retry'), command: 'lwm2mShadows.refresh', arguments: [parent] },
    });
  }
}
