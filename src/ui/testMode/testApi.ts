// What activate() returns while the extension's tests run (ExtensionMode.Test), and the switches behind it: what the
// person is asked and shown, the session a connect makes, the clock of row ages. This is the test mode's bundle
// (dist/feature-testMode.js): outside tests it is never loaded, so no command, setting or other extension reaches it.
import * as vscode from 'vscode';
import type { AwsSession } from '../../aws/types';
import type { Interaction } from '../../operations/interaction';
import type { PublicApi } from '../../extension';
import { loadedLayers } from '../layers';
import { loadedFeatures } from '../features/featureLoader';
import type { RegisteredUi, UiPorts } from '../registerUi';
import type { FleetTreeProvider } from '../fleet/fleetTreeProvider';
import type { FleetNode } from '../fleet/fleetContext';
import type { TickerClock } from '../fleet/ageTicker';
import type { ShadowStore } from '../shadows/shadowStore';
import type { ShadowFileSystem } from '../documents/shadowFileSystem';
import type { DatamodelWatcher } from '../watch/datamodelWatcher';
import type { LiveFeed } from '../live/liveFeed';
import { sdkSessions, type ConnectionState } from '../connection/connectionManager';
import type { HistoryEntry } from '../operations/operationHistory';
import type { LogStreamState } from '../logs/logStreamer';
import type { Charts } from '../charts/registerCharts';
import type { DeviceTests, ProfileKind } from '../testing/deviceTests';
import { InteractionSwitch } from './interactionSwitch';
import { ClockSwitch } from './clockSwitch';
import { SessionSwitch } from './sessionSwitch';

export interface ExtensionApi extends PublicApi {
  /** The active connection. Exposes no credentials of AWS profiles. */
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
    /**
     * Connects as a person's Connect does, to the connection `session` is of, with `session` as the session made
     * (e.g. one whose calls fail with expired credentials, or one through a fault proxy); no check call is made.
     */
    useSession(session: AwsSession): Promise<void>;
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
   * Replaces what the extension asks of and shows the person (confirmations, picks, input boxes, notifications, save
   * dialogs, terminals: the Interaction port); the methods not given stay VS Code's; undefined gives all of them back.
   */
  useInteraction(replacements: Partial<Interaction> | undefined): void;
  /** The clock the Fleet view's row ages run on (undefined: the system's); the timers set move to it. */
  useAgeClock(clock: TickerClock | undefined): void;
  /** Published operations, newest first (one connection, or all). */
  operationHistory(connection?: string): HistoryEntry[];
  /** The Testing view's device checks: items, the run profiles, the last run's outcomes. */
  deviceTests(): DeviceTests | undefined;
  /** Runs items (all when none) with a run profile, as the Testing view does: VS Code calls the profile's handler. */
  runDeviceTests(kind: ProfileKind, include: vscode.TestItem[] | undefined, token: vscode.CancellationToken): Promise<void>;
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

export interface TestMode {
  /** What registerUi() works through in this mode. */
  ports: UiPorts;
  /** The API activate() returns, once the UI is registered. */
  api(registered: RegisteredUi, activationMs: number): ExtensionApi;
}

export function createTestMode(interaction: Interaction): TestMode {
  const interactions = new InteractionSwitch(interaction);
  const clock = new ClockSwitch();
  const sessions = new SessionSwitch(sdkSessions);
  return {
    ports: { interaction: interactions.interaction, clock: clock.clock, sessions: sessions.sessions },
    api: (registered, activationMs) => {
      const ui = registered.services;
      const c = ui.connections;
      return {
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
          useSession: (s) => sessions.connectWith(c, s),
          disconnect: () => c.disconnect(),
        },
        fleet: ui.fleet,
        treeView: ui.treeView,
        store: ui.store,
        files: ui.files,
        watcher: ui.watcher,
        live: ui.live,
        useInteraction: (replacements) => interactions.use(replacements),
        useAgeClock: (next) => clock.use(next),
        operationHistory: (connection) => registered.operations.get().history.list(connection),
        deviceTests: () => registered.deviceTests,
        runDeviceTests: async (kind, include, token) => {
          const profile = registered.deviceTests.profiles[kind];
          await profile.runHandler(new vscode.TestRunRequest(include, undefined, profile), token);
        },
        logs: {
          state: () => registered.logs.get().streamer.state,
          lines: () => registered.logs.get().streamer.lines,
          appendCount: () => registered.logs.get().streamer.appendCount,
        },
        charts: () => registered.charts.get().charts,
        loadedFeatures,
      };
    },
  };
}
