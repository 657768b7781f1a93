// What the Fleet tree's nodes need from the rest of the extension.
import type * as vscode from 'vscode';
import type { AwsSession } from '../../aws/types';
import type { ConnectionManager } from '../connection/connectionManager';
import type { Core } from '../layers';
import type { Registry } from '../../core/index';
import type { ShadowStore } from '../shadows/shadowStore';
import type { ShadowRef } from '../documents/shadowPath';
import type { RowDecorator } from './rowDecorations';
import type { AgeTicker } from './ageTicker';

export interface FleetContext {
  connections: ConnectionManager;
  store: ShadowStore;
  /** The core layer (registry, readers), loaded on first use. */
  core(): Core;
  /** The object registry with vendor definitions (see RegistryProvider). */
  registry(): Promise<Registry>;
  log: vscode.LogOutputChannel;
  /** Things and thing types per page (1–250). */
  pageSize(): number;
  /** Redraws a node (undefined: everything). */
  refreshNode(node: FleetNode | undefined): void;
  /** Remembers the node that shows a shadow, so a new version of it redraws that node. */
  trackShadowNode(ref: ShadowRef, node: FleetNode): void;
  /** A datamodel node was expanded (true) or collapsed (false): the watcher refreshes it while visible. */
  datamodelExpanded(node: FleetNode, expanded: boolean): void;
  /** Rows that show a relative time ("updated 5 min ago") report it here, to be redrawn as it ages. */
  ages: AgeTicker<FleetNode>;
  /** Tree actions' marks on rows (progress, answers, observations, the actions a row offers); set once they are registered. */
  rows?: RowDecorator;
}

export interface FleetNode {
  /** Stable across refreshes (keeps expansion state): `<connection>/…`. */
  readonly id: string;
  readonly parent: FleetNode | undefined;
  treeItem(): vscode.TreeItem;
  children?(): Promise<FleetNode[]>;
  /** Forgets what was loaded, so the next children() fetches again. */
  reset?(): void;
}

export interface SessionNode extends FleetNode {
  readonly session: AwsSession;
}
