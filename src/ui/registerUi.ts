// Builds the UI services and registers everything VS Code shows: the Fleet view, the shadow file
// system, the status bar item, the datamodel watcher and the commands. Loads no heavy layer: core,
// aws and sandbox load on first need (src/ui/layers.ts). The code behind the commands (the Fleet view's and
// the connection's, operations and tree actions, charts, logs, device check runs, firmware updates) is in
// feature bundles, each loaded on its first use (src/ui/features/, ARCHITECTURE.md); activation registers
// their commands' stubs and keeps what must hold before any command ran.
import * as vscode from 'vscode';
import { registerDeviceTests } from './testing/deviceTests';
import { ConnectionManager, type SessionFactory } from './connection/connectionManager';
import { ConnectionStatusBar } from './connection/statusBar';
import { SHADOW_SCHEME } from './documents/shadowPath';
import { ShadowFileSystem } from './documents/shadowFileSystem';
import { noticeUnsavedOnSwitch } from './documents/unsavedOnSwitch';
import { OperationDrafts } from './documents/operationDrafts';
import { SNAPSHOT_SCHEME, SnapshotDocuments } from './documents/snapshotDocuments';
import type { FleetNode } from './fleet/fleetContext';
import { FLEET_VIEW_ID, FleetTreeProvider } from './fleet/fleetTreeProvider';
import { ShadowNode } from './fleet/nodes/shadowNode';
import type { UiServices } from './services';
import { ShadowStore } from './shadows/shadowStore';
import { RegistryProvider } from './registry/registryProvider';
import { DatamodelWatcher } from './watch/datamodelWatcher';
import { registerLive } from './live/registerLive';
import { markStartup } from './startupTimeline';
import type { SendPipeline } from '../operations/sendPipeline';
import { requireFeature } from './features/featureLoader';
import type { Interaction } from '../operations/interaction';
import type { OperationHistory } from './operations/operationHistory';
import type { LogStreamer } from './logs/logStreamer';
import type { Charts } from './charts/registerCharts';
import { DatamodelHistory } from './charts/datamodelHistory';
import { lazyFeature, whenDocumentOpens, type LazyFeature } from './features/lazyFeature';
import { registerActionMarks } from './fleet/actionMarks';
import { isCheckedDocument } from './operations/operationDocuments';
import { registerOperationLanguage } from './operations/operationLanguage';
import { RESULT_SCHEME, ResultDocuments } from './operations/resultDocuments';
import type { DeviceTests } from './testing/deviceTests';
import type { TickerClock } from './fleet/ageTicker';

/** If no view or document asked for the start-up connection by then, connect anyway (status bar, demo). */
const STARTUP_CONNECT_DELAY_MS = 1500;

/** What the UI registered, for the composition root (its test API reads the features' state). */
export interface RegisteredUi {
  services: UiServices;
  operations: LazyFeature<{ history: OperationHistory }>;
  /** Started on first use (a command, or the test API reading it). */
  logs: LazyFeature<{ streamer: LogStreamer }>;
  charts: LazyFeature<{ charts: Charts }>;
  deviceTests: DeviceTests;
}

/**
 * What the UI works through beyond VS Code's views: what it asks of and shows the person, how a connection's session
 * is made, the clock of row ages. The composition root passes VS Code's and the SDK's (the defaults); in
 * ExtensionMode.Test, ones the test API can switch.
 */
export interface UiPorts {
  interaction: Interaction;
  sessions?: SessionFactory;
  clock?: TickerClock;
}

export function registerUi(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, ports: UiPorts): RegisteredUi {
  const { interaction } = ports;
  const connections = new ConnectionManager(context.globalState, log, ports.sessions);
  const store = new ShadowStore(async (id) => {
    const session = connections.sessionFor(id) ?? (connections.pendingId === id ? await connections.ensureConnected() : undefined);
    if (!session || session.spec.id !== id) throw new Error(vscode.l10n.t('Not connected to "{0}".', id));
    return session;
  });
  const registries = new RegistryProvider(connections, log);
  const fleet = new FleetTreeProvider(connections, store, log, registries, ports.clock);
  const treeView = vscode.window.createTreeView<FleetNode>(FLEET_VIEW_ID, { treeDataProvider: fleet, showCollapseAll: true, canSelectMany: true });
  const snapshots = new SnapshotDocuments();
  const drafts = new OperationDrafts(context.globalState);
  const files = new ShadowFileSystem(store, connections, drafts);
  const watcher = new DatamodelWatcher(store, { expanded: () => fleet.expandedDatamodelRefs(), treeVisible: () => treeView.visible }, log);
  const statusBar = new ConnectionStatusBar(connections);
  const live = registerLive({ store, connections, treeView, files, watcher, log, interaction });
  let pipeline: SendPipeline | undefined;
  const actionMarks = registerActionMarks({ connections, fleet, fleetContext: fleet.ctx, store }, context.globalState);
  const services: UiServices = {
    connections, store, fleet, fleetContext: fleet.ctx, treeView, files, snapshots, watcher, log, live: live.feed,
    // The one send pipeline is code of the operations bundle: made on the first send (Publish, a tree action, a
    // device check or a firmware update), one for all of them. Requiring the bundle does not start the feature.
    get pipeline() {
      return (pipeline ??= new (requireFeature('operations').SendPipeline)());
    },
    marks: actionMarks.marks, observations: actionMarks.observations, interaction,
  };
  // Result documents can be open (restored) before any command ran; the feature fills them.
  const results = new ResultDocuments();
  const operations = lazyFeature(context, 'operations', (f) => f.registerOperationFeatures(services, context, results));
  // Operation documents and device check files get their problems as soon as one opens, without a command first.
  const operationsOnDocument = whenDocumentOpens(isCheckedDocument, () => void operations.get());
  // The Fleet view's and the connection's commands (open a shadow, refresh, filter, connect…).
  lazyFeature(context, 'commands', (f) => ({ disposables: [
    ...f.registerConnectionCommands(services),
    ...f.registerTreeCommands(services),
    ...f.registerThingTypeCommands(services),
    ...f.registerShadowCommands(services),
    ...f.registerCopyCommands(),
    f.registerRevealThing(services),
  ] }));
  const logs = lazyFeature(context, 'logs', (f) => f.registerLogs(services, context));
  // The versions the window sees are remembered from the start: a chart opened later starts with them.
  const datamodelHistory = new DatamodelHistory(store);
  const charts = lazyFeature(context, 'charts', (f) => f.registerCharts(services, context, datamodelHistory));
  lazyFeature(context, 'firmware', (f) => ({ disposables: [f.registerUpdateFirmware(services, () => operations.get().history)] }));
  // The Testing view lists the device checks from the start; the code of a run loads with the first run.
  const testing = lazyFeature(context, 'testing', (f) => ({ runner: new f.DeviceTestRunner(services, context.workspaceState), disposables: [] }));
  const deviceTests = registerDeviceTests(() => testing.get().runner);

  context.subscriptions.push(
    { dispose: () => void connections.dispose() },
    store,
    registries,
    fleet,
    treeView,
    fleet.followView(treeView),
    snapshots,
    drafts,
    files,
    noticeUnsavedOnSwitch(connections),
    watcher,
    statusBar,
    ...live.disposables,
    vscode.workspace.registerFileSystemProvider(SHADOW_SCHEME, files, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, snapshots),
    treeView.onDidCollapseElement((e) => {
      if (e.element instanceof ShadowNode) fleet.ctx.datamodelExpanded(e.element, false);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lwm2mShadows.fleet.pageSize')) fleet.refresh(undefined);
    }),
    treeView.onDidChangeVisibility((e) => {
      if (!e.visible) return;
      markStartup('view visible');
      // The view opened: its first rows need the start-up connection and the first page of thing types, so they
      // start now rather than when the view asks for them.
      if (connections.pendingId) void connections.ensureConnected().then(() => fleet.root?.thingTypes.ensureLoaded());
      void watcher.refreshVisible();
    }),
    ...actionMarks.disposables,
    results,
    vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, results),
    registerOperationLanguage(),
    operationsOnDocument,
    datamodelHistory,
    deviceTests,
  );

  connections.prepareStartup();
  watcher.start();
  if (connections.pendingId) {
    const timer = setTimeout(() => void connections.ensureConnected(), STARTUP_CONNECT_DELAY_MS);
    context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  }
  return { services, operations, logs, charts, deviceTests };
}
