// Owns the active connection: starts the embedded sandbox or builds an AWS session, remembers the
// choice per machine, and tells the views when it changes. Sessions of earlier connections stay
// available so documents the user still has open keep working.
import * as vscode from 'vscode';
import type { AwsSession, ConnectionSpec } from '../../aws/types';
import { loadAws, loadSandbox, type Sandbox } from '../layers';
import { markStartup } from '../startupTimeline';
import { sandboxThingCount } from './sandboxSize';
import { lwm2mListen } from './lwm2mListen';
import { reportLwm2mStart } from './lwm2mNotice';
import {
  SAVED_CONNECTION_KEY,
  connectionId,
  connectionLabel,
  startupConnection,
  type SavedConnection,
} from './savedConnection';

type RunningSandbox = Awaited<ReturnType<Sandbox['startSandbox']>>;
/** A real device registered with the sandbox's LwM2M server, e.g. for "LwM2M 1.1 · 127.0.0.1:56830". */
export type SandboxRealDevice = NonNullable<NonNullable<ReturnType<RunningSandbox['device']>>['lwm2m']>;

export type ConnectionState =
  | { status: 'disconnected' }
  | { status: 'connecting'; target: SavedConnection; label: string }
  | { status: 'connected'; session: AwsSession }
  | { status: 'failed'; target: SavedConnection; label: string; error: unknown };

/**
 * Makes the session of a connection from its spec; `kept` is the session the connection has already (the
 * sandbox's, which lives as long as the sandbox). The composition root passes it; VS Code's default is below.
 */
export type SessionFactory = (spec: ConnectionSpec, kept: AwsSession | undefined) => AwsSession;

/** A new SDK session, or the sandbox's own again (its documents and live feed stay). */
export const sdkSessions: SessionFactory = (spec, kept) => kept ?? loadAws().createSession(spec);

export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  /** Fires after every change of the active connection (or of its state). */
  readonly onDidChange = this.changed.event;
  private stateValue: ConnectionState = { status: 'disconnected' };
  private readonly sessions = new Map<string, AwsSession>();
  private sandbox: Promise<RunningSandbox> | undefined;
  /** The sandbox once it runs (what the status bar and thing rows read synchronously). */
  private runningSandbox: RunningSandbox | undefined;
  private readonly realDevicesChanged = new vscode.EventEmitter<string[]>();
  /** Fires with the thing names of real devices whose registration changed (register, update, deregister). */
  readonly onDidChangeRealDevices = this.realDevicesChanged.event;
  private pendingStartup: SavedConnection | undefined;
  private connecting: Promise<AwsSession | undefined> | undefined;
  /** Cancels the connect in flight (Cancel Connecting, or a newer connect that supersedes it). */
  private attempt: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private readonly makeSession: SessionFactory = sdkSessions,
  ) {}

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** The active session, if connected. */
  get current(): AwsSession | undefined {
    return this.stateValue.status === 'connected' ? this.stateValue.session : undefined;
  }

  /** A session by connection id (documents name their connection): the active one or an earlier one. */
  sessionFor(id: string): AwsSession | undefined {
    return this.sessions.get(id);
  }

  /**
   * Reads `lwm2mShadows.connection.startWith` and the remembered connection, and marks the one to
   * connect to. Nothing is loaded here (activation stays light): the first view, document or command
   * that needs a session connects through ensureConnected().
   */
  prepareStartup(): void {
    const startWith = vscode.workspace.getConfiguration('lwm2mShadows').get<string>('connection.startWith', 'last');
    this.pendingStartup = startupConnection(startWith, this.globalState.get(SAVED_CONNECTION_KEY));
    if (this.pendingStartup) {
      this.setState({ status: 'connecting', target: this.pendingStartup, label: connectionLabel(this.pendingStartup) });
    }
  }

  /** The id of the connection that start-up will connect to, if one is pending. */
  get pendingId(): string | undefined {
    return this.pendingStartup ? connectionId(this.pendingStartup) : undefined;
  }

  /** The active session; connects the start-up connection first if it is still pending. */
  async ensureConnected(): Promise<AwsSession | undefined> {
    if (this.connecting) return this.connecting;
    const pending = this.pendingStartup;
    if (pending) {
      this.pendingStartup = undefined;
      try {
        return await this.connect(pending, { verify: pending.kind === 'aws' });
      } catch (e) {
        this.log.warn(`start-up connection to ${connectionLabel(pending)} failed: ${(e as Error).message}`);
        return undefined; // the state says 'failed'; the tree shows why and how to fix it
      }
    }
    return this.current;
  }

  /** Where devices register with the embedded sandbox's LwM2M server, or why it is off (undefined: no sandbox yet). */
  get sandboxLwm2m(): { uri?: string; error?: string } | undefined {
    const sb = this.runningSandbox;
    return sb ? { ...(sb.lwm2mUri ? { uri: sb.lwm2mUri } : {}), ...(sb.lwm2mError ? { error: sb.lwm2mError } : {}) } : undefined;
  }

  /** A real LwM2M client of the embedded sandbox by thing name (connection `sandbox` only). */
  sandboxRealDevice(connection: string, thingName: string): SandboxRealDevice | undefined {
    if (connection !== 'sandbox') return undefined;
    return this.runningSandbox?.device(thingName)?.lwm2m;
  }

  connectSandbox(): Promise<AwsSession> {
    return this.connect({ kind: 'sandbox' }, { verify: false });
  }

  connectAws(profile: string, region: string, endpoint?: string): Promise<AwsSession> {
    return this.connect({ kind: 'aws', profile, region, ...(endpoint ? { endpoint } : {}) }, { verify: true });
  }

  /** Connects, remembers the choice, and makes it active. On failure the previous connection stays. */
  connect(target: SavedConnection, options: { verify: boolean; token?: vscode.CancellationToken }): Promise<AwsSession> {
    // A connection chosen before the start-up one was made replaces it: start-up must not connect over it later.
    this.pendingStartup = undefined;
    // A newer connect supersedes one still in flight: the older one must not change the state when it ends.
    this.attempt?.cancel();
    const attempt = new vscode.CancellationTokenSource();
    this.attempt = attempt;
    const linked = options.token?.onCancellationRequested(() => attempt.cancel());
    if (options.token?.isCancellationRequested) attempt.cancel();
    const token = attempt.token;
    const previous = this.stateValue;
    const label = connectionLabel(target);
    this.setState({ status: 'connecting', target, label });
    const run = (async () => {
      let session: AwsSession | undefined;
      try {
        session = await untilCancelled(this.createSession(target), token);
        if (options.verify) await untilCancelled(session.fleet.listThingTypes({ maxResults: 1 }), token);
        const replaced = this.sessions.get(session.spec.id);
        // Reconnecting the same profile and region; the sandbox's session lives as long as the sandbox.
        if (replaced && replaced !== session && replaced.spec.kind !== 'sandbox') replaced.dispose();
        this.sessions.set(session.spec.id, session);
        // Active first, remembered next: the views need not wait for the storage round trip.
        this.setState({ status: 'connected', session });
        markStartup('connected');
        this.log.info(`connected to ${session.spec.label}`);
        await Promise.resolve(this.globalState.update(SAVED_CONNECTION_KEY, target)).catch((e: unknown) =>
          this.log.warn(`the connection to ${session?.spec.label} is not remembered: ${(e as Error).message}`));
        return session;
      } catch (e) {
        // A session that never became active is dropped (the sandbox's is kept: it is reused).
        if (session && session.spec.kind !== 'sandbox') session.dispose();
        const cancelled = e instanceof vscode.CancellationError;
        if (this.attempt === attempt) {
          this.setState(previous.status === 'connected' || (cancelled && previous.status !== 'connecting')
            ? previous
            : cancelled ? { status: 'disconnected' } : { status: 'failed', target, label, error: e });
        }
        throw e;
      } finally {
        linked?.dispose();
        if (this.attempt === attempt) this.attempt = undefined;
        attempt.dispose();
      }
    })();
    const connecting = run.then(
      (s) => s,
      () => undefined,
    );
    this.connecting = connecting;
    void connecting.finally(() => {
      if (this.connecting === connecting) this.connecting = undefined;
    });
    return run;
  }

  /**
   * Cancel Connecting: the connect in flight fails with a CancellationError and the previous connection stays; a
   * start-up connection not begun yet (it waits for a view, a document or its timer) is dropped.
   */
  cancelConnect(): void {
    if (this.attempt) {
      this.attempt.cancel();
      return;
    }
    if (!this.pendingStartup) return;
    this.pendingStartup = undefined;
    this.setState({ status: 'disconnected' });
  }

  disconnect(): void {
    this.pendingStartup = undefined;
    const attempt = this.attempt;
    this.attempt = undefined; // so that the connect in flight, cancelled, leaves the state alone
    attempt?.cancel();
    this.setState({ status: 'disconnected' });
  }

  private async createSession(target: SavedConnection): Promise<AwsSession> {
    if (target.kind === 'sandbox') {
      // The sandbox starts first: its server comes up while the SDK's bundle loads.
      void this.startSandbox();
      loadAws();
      markStartup('sdk loaded');
      const sb = await this.startSandbox();
      markStartup('sandbox started');
      const spec: ConnectionSpec = {
        kind: 'sandbox',
        id: 'sandbox',
        label: connectionLabel(target),
        region: sb.region,
        endpoint: sb.url,
        credentials: sb.credentials,
      };
      return this.makeSession(spec, this.sessions.get(spec.id));
    }
    const id = connectionId(target);
    const credentialsSeconds = vscode.workspace.getConfiguration('lwm2mShadows').get<number>('connection.credentialsTimeoutSeconds', 30);
    const session = this.makeSession({
      credentialsTimeoutMs: Math.max(1, Number(credentialsSeconds) || 30) * 1000,
      kind: target.endpoint ? 'custom' : 'aws',
      id,
      label: connectionLabel(target),
      region: target.region,
      profile: target.profile,
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    }, undefined);
    markStartup('sdk loaded');
    return session;
  }

  private startSandbox(): Promise<RunningSandbox> {
    if (!this.sandbox) {
      const config = vscode.workspace.getConfiguration('lwm2mShadows');
      const things = sandboxThingCount(config.get<unknown>('sandbox.things'));
      const seed = config.get<number>('sandbox.seed', 1);
      const t0 = performance.now();
      const indexing = config.get<boolean>('sandbox.fleetIndexing', false) === true;
      const mqtt = config.get<boolean>('sandbox.mqtt', true);
      const listen = lwm2mListen({
        enabled: config.get<unknown>('sandbox.lwm2m.enabled'),
        host: config.get<unknown>('sandbox.lwm2m.host'),
        port: config.get<unknown>('sandbox.lwm2m.port'),
        trusted: vscode.workspace.isTrusted,
      });
      const started = loadSandbox().startSandbox({ port: 0, things, seed, indexing, mqtt, lwm2m: listen.options });
      this.sandbox = started;
      started.then(
        (sb) => {
          this.runningSandbox = sb;
          this.log.info(`local sandbox with ${things} things on ${sb.url} (${(performance.now() - t0).toFixed(0)} ms)`);
          reportLwm2mStart(listen, sb, this.log);
          if (sb.lwm2mUri) this.followRealDevices(sb);
        },
        (e: unknown) => {
          this.sandbox = undefined;
          this.log.error(`the local sandbox did not start: ${(e as Error).message}`);
        },
      );
    }
    return this.sandbox;
  }

  /** Registrations of real devices show in the classic shadow: the thing names are handed on, a batch at a time. */
  private followRealDevices(sb: RunningSandbox): void {
    let pending: Set<string> | undefined;
    sb.onShadowChange((e) => {
      if (e.shadowName !== '' || !sb.device(e.thingName)?.lwm2m) return;
      if (pending) {
        pending.add(e.thingName);
        return;
      }
      pending = new Set([e.thingName]);
      setTimeout(() => {
        const names = [...(pending ?? [])];
        pending = undefined;
        if (this.runningSandbox === sb) this.realDevicesChanged.fire(names);
      }, 50);
    });
  }

  private setState(state: ConnectionState): void {
    this.stateValue = state;
    void vscode.commands.executeCommand('setContext', 'lwm2mShadows.connected', state.status === 'connected');
    void vscode.commands.executeCommand('setContext', 'lwm2mShadows.connecting', state.status === 'connecting');
    this.changed.fire(state);
  }

  async dispose(): Promise<void> {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.changed.dispose();
    this.realDevicesChanged.dispose();
    const sb = this.sandbox;
    this.sandbox = undefined;
    this.runningSandbox = undefined;
    if (sb) await sb.then((s) => s.stop(), () => undefined);
  }
}

/** `promise`, or a CancellationError as soon as `token` is cancelled (the work itself runs on). */
function untilCancelled<T>(promise: Promise<T>, token: vscode.CancellationToken | undefined): Promise<T> {
  if (!token) return promise;
  if (token.isCancellationRequested) return Promise.reject(new vscode.CancellationError());
  return new Promise<T>((resolve, reject) => {
    const sub = token.onCancellationRequested(() => {
      sub.dispose();
      reject(new vscode.CancellationError());
    });
    promise.then(
      (v) => {
        sub.dispose();
        resolve(v);
      },
      (e: unknown) => {
        sub.dispose();
        reject(e);
      },
    );
  });
}
