// Composition root: builds the services and registers the UI. Nothing else lives here.
import * as vscode from 'vscode';
import type { AwsSession } from './aws/types';
import { loadedLayers } from './ui/layers';
import { loadedFeatures } from './ui/features/featureLoader';
import { registerUi } from './ui/registerUi';
import type { Interaction } from './operations/interaction';
import { InteractionSwitch } from './ui/interactionSwitch';
import { vscodeInteraction } from './ui/vscodeInteraction';
import type { FleetTreeProvider } from './ui/fleet/fleetTreeProvider';
import type { FleetNode } from './ui/fleet/fleetContext';
import type { ShadowStore } from './ui/shadows/shadowStore';
import type { ShadowFileSystem } from './ui/documents/shadowFileSystem';
import type { DatamodelWatcher } from './ui/watch/datamodelWatcher';
import type { LiveFeed } from './ui/live/liveFeed';
import type { ConnectionState } from './ui/connection/connectionManager';
import type { HistoryEntry } from './ui/operations/operationHistory';
import type { LogStreamState } from './ui/logs/logStreamer';
import type { Charts } from './ui/charts/registerCharts';
import type { DeviceTests } from './ui/testing/deviceTests';
import { markStartup, startTimeline } from './ui/startupTimeline';

declare const __lwm2mBundleStart: number | undefined;

/** What activate() returns to every other extension. */
export interface PublicApi {
  /** Milliseconds from requiring the bundle to the end of activate(). */
  activationMs: number;
  /** Layers (core, aws, sandbox) loaded so far. */
  loadedLayers(): string[];
}

/**
 * What activate() returns only while extension tests run (ExtensionMode.Test): hooks that answer the
 * user's confirmations, swap the session or connect to any endpoint must never reach other extensions.
 */
export interface ExtensionApi extends PublicApi {
  /** The active connection and test hooks to change it. Exposes no credentials of AWS profiles. */
  connection: {
    state(): ConnectionState['status'];
    /** `sandbox` or `<profile>@<region>`. */
    id(): string | undefined;
    label(): string | undefined;
    /** The active session (tests change shadows "remotely" through it). */
    session(): AwsSession | undefined;
    connectSandbox(): Promise<void>;
    /** The embedded sandbox's LwM2M server for real devices: its URI, or why it is off. */
    sandboxLwm2m(): { uri?: string; error?: string } | undefined;
    /** What "Connect to AWS…" does after its pickers (tests pass an endpoint, e.g. the sandbox's). */
    connectAws(profile: string, region: string, endpoint?: string): Promise<void>;
    /** Tests: make a (stubbed) session active, e.g. one whose calls fail with expired credentials. */
    useSession(session: AwsSession): void;
    disconnect(): void;
  };
  /** The Fleet view's tree provider and view (tests walk the tree as the view does). */
  fleet: FleetTreeProvider;
  treeView: vscode.TreeView<FleetNode>;
  store: ShadowStore;
  files: ShadowFileSystem;
  watcher: DatamodelWatcher;
  /** Live shadow updates: state, which shadows are live. */
  live: LiveFeed;
  /**
   * Tests: replace what the extension asks of and shows the person (confirmations, picks, input boxes,
   * notifications, save dialogs, terminals: the Interaction port); the methods not given stay VS Code's;
   * undefined gives all of them back to VS Code.
   */
  useInteraction(replacements: Partial<Interaction> | undefined): void;
  /** Published operations, newest first (one connection, or all). */
  operationHistory(connection?: string): HistoryEntry[];
  /** The Testing view's device checks: items, runs with a profile, the last run's outcomes. */
  deviceTests(): DeviceTests | undefined;
  /** The "LwM2M Shadows: CloudWatch" stream: its state and the last lines appended (bounded copy). */
  logs: {
    state(): LogStreamState;
    lines(): readonly string[];
    /** Appends to the channel so far (one per batch of events, one per note). */
    appendCount(): number;
  };
  /** The open charts: what each shows. */
  charts(): Charts | undefined;
  /** Feature bundles loaded so far (src/ui/features/): activation loads none. Reading logs or charts above loads theirs. */
  loadedFeatures(): string[];
}

export function activate(context: vscode.ExtensionContext): PublicApi {
  const start = typeof __lwm2mBundleStart === 'number' ? __lwm2mBundleStart : performance.now();
  const log = vscode.window.createOutputChannel('LwM2M Shadows', { log: true });
  context.subscriptions.push(log);
  startTimeline(start, log);
  // Outside tests the UI talks to VS Code directly: nothing can swap what a person is asked.
  const testing = context.extensionMode === vscode.ExtensionMode.Test ? new InteractionSwitch(vscodeInteraction) : undefined;
  const registered = registerUi(context, log, testing?.interaction ?? vscodeInteraction);
  markStartup('activated');
  const activationMs = performance.now() - start;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  if (!testing) return { activationMs, loadedLayers };
  const ui = registered.services;
  const c = ui.connections;
  const testApi: ExtensionApi = {
    activationMs,
    loadedLayers,
    connection: {
      state: () => c.state.status,
      id: () => c.current?.spec.id,
      label: () => c.current?.spec.label,
      session: () => c.current,
      connectSandbox: async () => void (await c.connectSandbox()),
      sandboxLwm2m: () => c.sandboxLwm2m,
      connectAws: async (profile, region, endpoint) => void (await c.connectAws(profile, region, endpoint)),
      useSession: (s) => c.useSession(s),
      disconnect: () => c.disconnect(),
    },
    fleet: ui.fleet,
    treeView: ui.treeView,
    store: ui.store,
    files: ui.files,
    watcher: ui.watcher,
    live: ui.live,
    useInteraction: (replacements) => testing.use(replacements),
    operationHistory: (connection) => registered.operations.get().history.list(connection),
    deviceTests: () => registered.deviceTests,
    logs: {
      state: () => registered.logs.get().streamer.state,
      lines: () => registered.logs.get().streamer.lines,
      appendCount: () => registered.logs.get().streamer.appendCount,
    },
    charts: () => registered.charts.get().charts,
    loadedFeatures,
  };
  return testApi;
}

export function deactivate(): void {
  // Services registered in context.subscriptions are disposed by VS Code (the sandbox stops with them).
}
