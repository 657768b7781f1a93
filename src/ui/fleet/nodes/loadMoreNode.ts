// "Load more…": the last row of a paged list while the service has more pages.
import * as vscode from 'vscode';
import type { FleetNode } from '../fleetContext';

export interface PagedOwner {
  readonly id: string;
  loadMore(): Promise<void>;
}

export class LoadMoreNode implements FleetNode {
  readonly id: string;
  /** `owner` loads the next page; `parent` is the tree row above (undefined at the top level). */
  constructor(readonly owner: PagedOwner, readonly parent: FleetNode | undefined, private readonly loading: boolean) {
    this.id = `${owner.id}/loadMore`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.loading ? vscode.l10n.t('Loading…') : vscode.l10n.t('Load more…'));
    item.id = this.id;
    item.contextValue = 'loadMore';
    item.iconPath = new vscode.ThemeIcon(this.loading ? 'loading~spin' : 'ellipsis');
    item.command = { title: vscode.l10n.t('Load more…'), command: 'lwm2mShadows.loadMore', arguments: [this] };
    return item;
  }
}
