// Refresh (any level), Load more…, Filter Things…, Clear Filter.
import * as vscode from 'vscode';
import type { FleetNode } from '../fleet/fleetContext';
import { connectionLabel } from '../connection/savedConnection';
import { menuRows } from '../fleet/menuRows';
import { LoadMoreNode } from '../fleet/nodes/loadMoreNode';
import { MessageNode } from '../fleet/nodes/messageNode';
import { ThingGroupNode } from '../fleet/nodes/thingGroupNode';
import type { UiServices } from '../services';

export function registerTreeCommands(s: UiServices): vscode.Disposable[] {
  /** Refreshes the row (every selected row, when it is one of them), or the whole view. */
  const refreshRows = async (node?: FleetNode, selected?: unknown) => {
    const nodes = menuRows(node, selected);
    if (nodes.length <= 1) return refresh(node);
    for (const n of nodes) await refresh(n);
  };

  const refresh = async (node?: FleetNode) => {
    const state = s.connections.state;
    if (!node && state.status === 'failed') {
      // Retry the connection that failed (e.g. after `aws sso login`); it can be cancelled like Connect.
      const target = state.target;
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Connecting to {0}…', connectionLabel(target)), cancellable: true },
        (_progress, token) => s.connections.connect(target, { verify: target.kind === 'aws', token }),
      ).then(undefined, () => undefined); // a failure shows in the Fleet view, with this Retry
      return;
    }
    // A message or "Load more…" row refreshes the list it belongs to.
    const target = node instanceof MessageNode || node instanceof LoadMoreNode ? node.parent : node;
    s.fleet.refresh(target);
  };

  const loadMore = async (node: LoadMoreNode) => {
    const loading = node.owner.loadMore();
    s.fleet.ctx.refreshNode(node.parent); // shows "Loading…" at once
    await vscode.window.withProgress({ location: { viewId: 'lwm2mShadows.fleet' } }, () => loading);
    s.fleet.ctx.refreshNode(node.parent);
  };

  const filterThings = async (node?: FleetNode) => {
    const group = node instanceof ThingGroupNode ? node : undefined;
    if (!group) return;
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter things by name'),
      prompt: vscode.l10n.t('Shows only things whose name contains this text (case-insensitive). Empty: all.'),
      value: group.filter,
    });
    if (text === undefined) return;
    group.setFilter(text);
    s.fleet.ctx.refreshNode(group);
    await s.treeView.reveal(group, { expand: true, select: true });
  };

  const clearFilter = (node?: FleetNode) => {
    if (!(node instanceof ThingGroupNode)) return;
    node.setFilter('');
    s.fleet.ctx.refreshNode(node);
  };

  return [
    vscode.commands.registerCommand('lwm2mShadows.refresh', refreshRows),
    vscode.commands.registerCommand('lwm2mShadows.loadMore', loadMore),
    vscode.commands.registerCommand('lwm2mShadows.filterThings', filterThings),
    vscode.commands.registerCommand('lwm2mShadows.clearFilter', clearFilter),
  ];
}
