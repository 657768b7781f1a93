// "Things without a type": things Coiote DM did not create, or created before types existed.
import * as vscode from 'vscode';
import type { FleetContext } from '../fleetContext';
import { ThingGroupNode } from './thingGroupNode';

export class UntypedThingsNode extends ThingGroupNode {
  constructor(ctx: FleetContext, connection: string) {
    super(`${connection}/untyped`, ctx, connection, { withoutType: true });
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Things without a type'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.filterDescription();
    item.iconPath = new vscode.ThemeIcon('question');
    item.contextValue = `untypedThings${this.filter ? '.filtered' : ''}`;
    item.tooltip = vscode.l10n.t('Things that have no thing type.');
    return item;
  }

  protected emptyText(): string {
    return vscode.l10n.t('Every thing has a type.');
  }
}
