// Wires live shadow updates: the feed (what to keep current, from the tree, the documents and Publish),
// the status bar item (live or polled) and the one-time notice when AWS IoT refuses MQTT.
import * as vscode from 'vscode';
import type { Interaction } from '../../operations/interaction';
import type { ConnectionManager } from '../connection/connectionManager';
import type { ShadowFileSystem } from '../documents/shadowFileSystem';
import type { ShadowRef } from '../documents/shadowPath';
import type { FleetNode } from '../fleet/fleetContext';
import { ThingNode } from '../fleet/nodes/thingNode';
import { CLASSIC_SHADOW, OPERATION_SHADOW } from '../format/shadowNames';
import type { ShadowStore } from '../shadows/shadowStore';
import type { DatamodelWatcher } from '../watch/datamodelWatcher';
import { LiveFeed } from './liveFeed';
import { LiveStatusBar } from './liveStatusBar';

export interface LiveParts {
  store: ShadowStore;
  connections: ConnectionManager;
  treeView: vscode.TreeView<FleetNode>;
  files: ShadowFileSystem;
  watcher: DatamodelWatcher;
  log: vscode.LogOutputChannel;
  interaction: Interaction;
}

export function registerLive(p: LiveParts): { feed: LiveFeed; disposables: vscode.Disposable[] } {
  const feed = new LiveFeed(p.store, p.connections, p.log, p.interaction);
  // Expanded things show their Classic (online state) and Operation rows: keep those two current.
  const expandedThings = new Map<string, ThingNode>();
  feed.addSource(() => p.watcher.visibleRefs());
  feed.addSource(() => p.files.watchedRefs());
  feed.addSource(() => {
    if (!p.treeView.visible) return [];
    const refs: ShadowRef[] = [];
    for (const t of expandedThings.values()) {
      for (const shadowName of [CLASSIC_SHADOW, OPERATION_SHADOW]) refs.push({ connection: t.connection, thingName: t.name, shadowName });
    }
    return refs;
  });
  const statusBar = new LiveStatusBar(feed, p.connections);
  const disposables: vscode.Disposable[] = [
    feed,
    statusBar,
    p.treeView.onDidExpandElement((e) => {
      if (e.element instanceof ThingNode) expandedThings.set(e.element.id, e.element);
      feed.reconcile();
    }),
    p.treeView.onDidCollapseElement((e) => {
      if (e.element instanceof ThingNode) expandedThings.delete(e.element.id);
      feed.reconcile();
    }),
    p.treeView.onDidChangeVisibility(() => feed.reconcile()),
    vscode.window.onDidChangeVisibleTextEditors(() => feed.reconcile()),
    p.connections.onDidChange(() => expandedThings.clear()),
  ];
  return { feed, disposables };
}
