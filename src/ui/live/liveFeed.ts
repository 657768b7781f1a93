// Keeps what the user looks at current over the session's live channel (MQTT over WebSocket) instead of
// polling: it watches the shadows its sources name (expanded datamodel rows, open shadow documents, the
// Classic and Operation rows of expanded things, a Publish waiting for its answer), records every
// document that arrives in the one ShadowStore the tree and documents read, and tells the store which
// shadows are live so their polls cost nothing. Anything not live is polled as before.
import * as vscode from 'vscode';
import type { AwsSession, LiveProblem, LiveStatus, LiveWatch } from '../../aws/types';
import type { Interaction } from '../../operations/interaction';
import type { ConnectionManager } from '../connection/connectionManager';
import { shadowKey, type ShadowRef } from '../documents/shadowPath';
import type { ShadowStore } from '../shadows/shadowStore';
import { LiveNotice } from './liveNotice';

export const LIVE_SETTING = 'liveUpdates';

/** What the status bar shows. */
export type FeedState =
  /** Not connected, or nothing to keep current yet and nothing refused. */
  | { kind: 'idle' }
  | { kind: 'live'; live: number; watched: number; overLimit: number }
  | { kind: 'polled'; why: 'off' | 'refused' | 'unreachable' | 'connecting'; problem?: LiveProblem };

interface Watched {
  ref: ShadowRef;
  watch: LiveWatch;
}

/** How often the wanted set is compared with what is watched (local only: no requests). */
const RECONCILE_MS = 1000;

export class LiveFeed implements vscode.Disposable {
  private readonly watched = new Map<string, Watched>();
  private readonly pins = new Map<string, { ref: ShadowRef; count: number }>();
  private readonly sources: (() => ShadowRef[])[] = [];
  private session: AwsSession | undefined;
  private statusSub: { dispose(): void } | undefined;
  private readonly changed = new vscode.EventEmitter<FeedState>();
  /** The feed's state changed (status bar). */
  readonly onDidChangeState = this.changed.event;
  /** Says once per connection why shadows are polled (refused permission, blocked WebSocket). */
  private readonly notice: LiveNotice;
  private stateValue: FeedState = { kind: 'idle' };
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: ShadowStore,
    private readonly connections: ConnectionManager,
    private readonly log: vscode.LogOutputChannel,
    ui: Interaction,
  ) {
    this.notice = new LiveNotice(ui);
    store.isLive = (ref) => this.isLive(ref);
    this.disposables.push(
      connections.onDidChange(() => this.reconcile()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`lwm2mShadows.${LIVE_SETTING}`)) this.reconcile();
      }),
    );
    this.timer = setInterval(() => this.reconcile(), RECONCILE_MS);
  }

  get state(): FeedState {
    return this.stateValue;
  }

  get enabled(): boolean {
    return vscode.workspace.getConfiguration('lwm2mShadows').get<boolean>(LIVE_SETTING, true);
  }

  /** Adds a source of shadows to keep current (called on every reconcile). */
  addSource(source: () => ShadowRef[]): void {
    this.sources.push(source);
  }

  /** True when the shadow is kept current by the live channel now (polling it would change nothing). */
  isLive(ref: ShadowRef): boolean {
    return this.watched.get(shadowKey(ref))?.watch.live ?? false;
  }

  /** Keeps a shadow watched until disposed (Publish, while it waits for the answer). Watches at once. */
  pin(ref: ShadowRef): vscode.Disposable {
    const key = shadowKey(ref);
    const p = this.pins.get(key) ?? { ref, count: 0 };
    p.count++;
    this.pins.set(key, p);
    this.reconcile();
    return new vscode.Disposable(() => {
      const e = this.pins.get(key);
      if (e && --e.count <= 0) this.pins.delete(key);
      this.reconcile();
    });
  }

  /** Compares what should be watched with what is, and (un)subscribes the difference. */
  reconcile(): void {
    const session = this.enabled ? this.connections.current : undefined;
    if (session !== this.session) this.switchSession(session);
    const live = session?.live;
    if (!session || !live) return this.updateState();
    const wanted = new Map<string, ShadowRef>();
    for (const source of this.sources) {
      for (const ref of source()) if (ref.connection === session.spec.id) wanted.set(shadowKey(ref), ref);
    }
    for (const p of this.pins.values()) if (p.ref.connection === session.spec.id) wanted.set(shadowKey(p.ref), p.ref);
    for (const [key, w] of this.watched) {
      if (wanted.has(key)) continue;
      w.watch.dispose();
      this.watched.delete(key);
    }
    for (const [key, ref] of wanted) {
      if (this.watched.has(key)) continue;
      try {
        const watch = live.watch(ref.thingName, ref.shadowName, (e) => {
          if (e.kind === 'document') {
            const known = this.store.peek(ref);
            if (!known || e.doc.version >= known.version) this.store.record(ref, e.doc);
          } else if (e.kind === 'deleted') {
            this.store.expire(ref);
          } else {
            this.updateState();
          }
        });
        this.watched.set(key, { ref, watch });
      } catch (e) {
        this.log.warn(`live shadows: could not watch ${ref.thingName}/${ref.shadowName}: ${(e as Error).message}`);
      }
    }
    this.updateState();
  }

  private switchSession(session: AwsSession | undefined): void {
    for (const w of this.watched.values()) w.watch.dispose();
    this.watched.clear();
    this.statusSub?.dispose();
    this.statusSub = undefined;
    this.session = session;
    const live = session?.live;
    if (!session || !live) return;
    let reported: string | undefined;
    let everLive = false;
    this.statusSub = live.onStatus((s) => {
      if (s.state === 'live') everLive = true;
      const problem = problemOf(s);
      // a network drop after live updates worked is only logged: the channel reconnects by itself
      if (problem && problem.kind === 'unreachable' && everLive) {
        this.log.info(`live shadows on ${session.spec.label}: ${problem.detail}; reconnecting, polling meanwhile`);
      } else if (problem && `${problem.kind}:${problem.permission ?? ''}` !== reported) {
        reported = `${problem.kind}:${problem.permission ?? ''}`; // the same problem again is not warned about again
        this.log.warn(`live shadows on ${session.spec.label}: ${problem.detail}; polling instead`);
        this.notice.show(session.spec.id, session.spec.label, problem);
      }
      this.updateState();
    });
  }

  private updateState(): void {
    const next = this.computeState();
    if (JSON.stringify(next) === JSON.stringify(this.stateValue)) return;
    this.stateValue = next;
    this.changed.fire(next);
  }

  private computeState(): FeedState {
    if (!this.connections.current) return { kind: 'idle' };
    if (!this.enabled) return { kind: 'polled', why: 'off' };
    const status = this.session?.live?.status;
    if (!status) return { kind: 'polled', why: 'off' };
    if (status.state === 'unavailable') return { kind: 'polled', why: status.problem.kind, problem: status.problem };
    if (status.state === 'idle') return { kind: 'idle' };
    if (status.state === 'connecting') return { kind: 'polled', why: 'connecting' };
    return { kind: 'live', live: status.live, watched: status.watched, overLimit: status.overLimit };
  }

  dispose(): void {
    clearInterval(this.timer);
    this.switchSession(undefined);
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    this.store.isLive = () => false;
  }
}

function problemOf(s: LiveStatus): LiveProblem | undefined {
  if (s.state === 'unavailable') return s.problem;
  if (s.state === 'live') return s.problem;
  return undefined;
}
