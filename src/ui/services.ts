// The UI's services, built once by the composition root (src/extension.ts) and handed to commands.
import type * as vscode from 'vscode';
import type { ConnectionManager } from './connection/connectionManager';
import type { ShadowFileSystem } from './documents/shadowFileSystem';
import type { SnapshotDocuments } from './documents/snapshotDocuments';
import type { FleetContext, FleetNode } from './fleet/fleetContext';
import type { FleetTreeProvider } from './fleet/fleetTreeProvider';
import type { SendPipeline } from '../operations/sendPipeline';
import type { Interaction } from '../operations/interaction';
import type { LiveFeed } from './live/liveFeed';
import type { RowMarks } from './fleet/rowMarks';
import type { ObservationMarks } from './operations/observationMarks';
import type { ShadowStore } from './shadows/shadowStore';
import type { DatamodelWatcher } from './watch/datamodelWatcher';

export interface UiServices {
  connections: ConnectionManager;
  store: ShadowStore;
  fleet: FleetTreeProvider;
  fleetContext: FleetContext;
  treeView: vscode.TreeView<FleetNode>;
  files: ShadowFileSystem;
  snapshots: SnapshotDocuments;
  watcher: DatamodelWatcher;
  /** Live shadow updates (MQTT over WebSocket); Publish pins the operation shadow while it waits. */
  live: LiveFeed;
  log: vscode.LogOutputChannel;
  /** The one send pipeline (and its per-thing queue): Publish, tree actions, Run Again, device checks, firmware updates. */
  pipeline: SendPipeline;
  /** What tree actions show on Fleet rows (progress, answers) and the observations they started (kept across reloads). */
  marks: RowMarks;
  observations: ObservationMarks;
  /** What flows ask of and show the person (VS Code's; in ExtensionMode.Test, what the test API swapped in). */
  interaction: Interaction;
}
