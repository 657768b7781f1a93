// The live channel of a session: one MQTT-over-WebSocket connection per window to the account's
// `iot:Data-ATS` endpoint, SigV4-presigned from the session's credentials. It subscribes per watched
// thing and shadow (no wildcards over all shadows), asks once for the current state (`get`), then
// delivers every `update/documents` as it happens. Reconnects with backoff and a fresh presigned URL,
// reconnects when the credentials are about to expire, disconnects when nothing is watched, and keeps
// inside AWS IoT's per-connection limits (shadows past them stay polled until a place frees).
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { AwsCredentialIdentity } from '@smithy/types';
import { parseShadowTopic, shadowTopic } from '../../core/shadowTopics';
import { abortableSleep, backoffDelay } from '../backoff';
import type { LiveProblem, LiveShadowEvent, LiveShadowsApi, LiveStatus, LiveWatch } from '../types';
import { documentFromGet, documentFromSide } from './liveDocument';
import { LiveConnectError, openMqtt } from './mqttOpen';
import { presignMqttUrl } from './presign';
import { AWS_IOT_LIVE_LIMITS, packets, shadowCapacity, type LiveLimits } from './subscriptionLimits';

export interface LiveOptions {
  /** The data plane endpoint (`https://…-ats.iot.<region>.amazonaws.com`, or the sandbox's URL). */
  endpoint: () => Promise<string>;
  region: string;
  /** The session's credentials (the SDK's provider: profiles, SSO, refreshed when they expire). */
  credentials: () => Promise<AwsCredentialIdentity>;
  clientId?: string;
  limits?: LiveLimits;
  /** Reconnect backoff: first wait up to baseMs, doubling up to maxMs. */
  backoff?: { baseMs: number; maxMs: number; random?: () => number };
  /** Disconnect this long after the last watch ends. */
  idleDisconnectMs?: number;
  /** A watch whose `get` is not answered within this long stays polled. */
  getTimeoutMs?: number;
  /** Reconnect with fresh credentials this long before they expire. */
  refreshBeforeExpiryMs?: number;
  connectTimeoutMs?: number;
  log?: (message: string) => void;
}

type Listener = (e: LiveShadowEvent) => void;

interface Entry {
  key: string;
  thingName: string;
  shadowName: string;
  listeners: Set<Listener>;
  admitted: boolean;
  subscribed: boolean;
  live: boolean;
  refused: boolean;
  version?: number;
  getToken?: string;
  getTimer?: NodeJS.Timeout;
}

const keyOf = (thingName: string, shadowName: string) => `${thingName}\u0000${shadowName}`;

export function createLiveShadows(options: LiveOptions): LiveShadowsApi {
  return new LiveShadows(options);
}

class LiveShadows implements LiveShadowsApi {
  readonly capacity: number;
  private readonly limits: LiveLimits;
  private readonly clientId: string;
  private readonly entries = new Map<string, Entry>();
  private readonly statusListeners = new Set<(s: LiveStatus) => void>();
  private statusValue: LiveStatus = { state: 'idle' };
  private client: MqttClient | undefined;
  private connecting: Promise<void> | undefined;
  private attempt = 0;
  private problem: LiveProblem | undefined;
  private partialProblem: LiveProblem | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly stop = new AbortController();
  private pendingSubscribe = new Set<Entry>();
  private flushQueued = false;
  private tokens = 0;
  /** The connection is being closed to reconnect with fresh credentials. */
  private refreshing = false;
  /** Connection attempts and presigned URLs made (tests, benchmarks). */
  connects = 0;

  constructor(private readonly o: LiveOptions) {
    this.limits = o.limits ?? AWS_IOT_LIVE_LIMITS;
    this.capacity = shadowCapacity(this.limits);
    this.clientId = o.clientId ?? `lwm2m-shadows-${randomUUID().slice(0, 13)}`;
  }

  get status(): LiveStatus {
    return this.statusValue;
  }

  onStatus(listener: (s: LiveStatus) => void): { dispose(): void } {
    this.statusListeners.add(listener);
    return { dispose: () => this.statusListeners.delete(listener) };
  }

  watch(thingName: string, shadowName: string, listener: Listener): LiveWatch {
    if (this.stop.signal.aborted) throw new Error('the live channel is closed');
    const key = keyOf(thingName, shadowName);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, thingName, shadowName, listeners: new Set(), admitted: false, subscribed: false, live: false, refused: false };
      this.entries.set(key, entry);
      entry.admitted = this.admittedCount() < this.capacity;
      if (entry.admitted && this.client) this.queueSubscribe(entry);
    } else if (entry.live && entry.version !== undefined) {
      // a second watcher of a synchronised shadow hears that it is live at once
      queueMicrotask(() => listener({ kind: 'live', live: true }));
    }
    entry.listeners.add(listener);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.ensureConnected(0);
    this.emitStatus();
    const e = entry;
    let disposed = false;
    return {
      get live() { return !disposed && e.live; },
      get overLimit() { return !disposed && !e.admitted; },
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.release(e, listener);
      },
    };
  }

  dispose(): void {
    if (this.stop.signal.aborted) return;
    this.stop.abort();
    for (const e of this.entries.values()) if (e.getTimer) clearTimeout(e.getTimer);
    this.entries.clear();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const c = this.client;
    this.client = undefined;
    c?.end(true);
    this.setStatus({ state: 'idle' });
    this.statusListeners.clear();
  }

  private release(e: Entry, listener: Listener): void {
    e.listeners.delete(listener);
    if (e.listeners.size) return;
    this.entries.delete(e.key);
    if (e.getTimer) clearTimeout(e.getTimer);
    this.pendingSubscribe.delete(e);
    if (e.admitted) {
      // Once the broker has freed the place (UNSUBACK): a shadow whose SUBSCRIBE the broker refused (its
      // limit lower than the one assumed) tries again first; else the first one waiting past the limit takes it.
      const promote = () => {
        const retry = [...this.entries.values()].find((x) => x.admitted && x.refused && !x.subscribed);
        if (retry) {
          if (this.client) this.queueSubscribe(retry);
          return;
        }
        const next = [...this.entries.values()].find((x) => !x.admitted);
        if (!next || this.admittedCount() >= this.capacity) return;
        next.admitted = true;
        if (this.client) this.queueSubscribe(next);
        this.emitStatus();
      };
      const client = this.client;
      if (e.subscribed && client) {
        const chunks = packets(this.topicsOf(e), this.limits.topicsPerSubscribe);
        let left = chunks.length;
        for (const chunk of chunks) client.unsubscribe(chunk, () => { if (--left === 0 && this.client === client) promote(); });
      } else {
        promote();
      }
    }
    if (!this.entries.size) {
      this.idleTimer = setTimeout(() => this.disconnectIdle(), this.o.idleDisconnectMs ?? 10_000);
    }
    this.emitStatus();
  }

  private disconnectIdle(): void {
    this.idleTimer = undefined;
    if (this.entries.size) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const c = this.client;
    this.client = undefined;
    c?.end();
    this.setStatus({ state: 'idle' });
  }

  private admittedCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.admitted) n++;
    return n;
  }

  private topicsOf(e: Entry): string[] {
    return [
      shadowTopic(e.thingName, e.shadowName, 'update', 'documents'),
      `${shadowTopic(e.thingName, e.shadowName, 'get')}/+`,
      shadowTopic(e.thingName, e.shadowName, 'delete', 'accepted'),
    ];
  }

  // ── connection ──────────────────────────────────────────────────────────────────────────────

  private ensureConnected(firstDelayMs: number): void {
    if (this.client || this.connecting || this.stop.signal.aborted || !this.entries.size) return;
    this.connecting = (async () => {
      let delay = firstDelayMs;
      for (;;) {
        if (delay > 0) await abortableSleep(delay, this.stop.signal);
        if (this.stop.signal.aborted || !this.entries.size) return;
        if (!this.problem) this.setStatus({ state: 'connecting' });
        try {
          await this.connectOnce();
          return;
        } catch (e) {
          this.attempt++;
          this.problem = e instanceof LiveConnectError ? e.problem : { kind: 'unreachable', detail: e instanceof Error ? e.message : String(e) };
          this.o.log?.(`live shadows: connection attempt ${this.attempt} failed: ${this.problem.detail}`);
          this.setStatus({ state: 'unavailable', problem: this.problem });
          const b = this.o.backoff;
          delay = backoffDelay(this.attempt, b?.baseMs ?? 1_000, b?.maxMs ?? 60_000, b?.random);
        }
      }
    })().finally(() => {
      this.connecting = undefined;
    });
  }

  private async connectOnce(): Promise<void> {
    const credentials = await this.o.credentials();
    const url = await presignMqttUrl({ endpoint: await this.o.endpoint(), region: this.o.region, credentials });
    this.connects++;
    const client = await openMqtt(url, { clientId: this.clientId, timeoutMs: this.o.connectTimeoutMs ?? 10_000 });
    if (this.stop.signal.aborted || !this.entries.size) {
      client.end(true);
      return;
    }
    this.client = client;
    this.problem = undefined;
    this.partialProblem = undefined;
    client.on('message', (topic, payload) => this.message(topic, payload));
    client.once('close', () => this.closed(client));
    this.scheduleRefresh(credentials);
    for (const e of this.entries.values()) if (e.admitted) this.queueSubscribe(e);
    this.emitStatus();
  }

  /** Credentials with an expiry: reconnect (fresh credentials, fresh URL) shortly before it. */
  private scheduleRefresh(credentials: AwsCredentialIdentity): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    if (!credentials.expiration) return;
    const wait = credentials.expiration.getTime() - Date.now() - (this.o.refreshBeforeExpiryMs ?? 120_000);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.o.log?.('live shadows: credentials expire soon: reconnecting with fresh ones');
      this.refreshing = true;
      this.client?.end(true); // closed() reconnects at once
    }, Math.max(1_000, Math.min(wait, 2 ** 31 - 1)));
  }

  private closed(client: MqttClient): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.pendingSubscribe.clear();
    for (const e of this.entries.values()) {
      e.subscribed = false;
      if (e.getTimer) clearTimeout(e.getTimer);
      e.getTimer = undefined;
      this.setLive(e, false);
    }
    if (this.stop.signal.aborted || !this.entries.size) return this.setStatus({ state: 'idle' });
    this.setStatus({ state: 'connecting' });
    // At once after a connection that worked (or a planned reconnect); with backoff when connections
    // keep dropping before anything was received (a policy that refuses a publish closes the connection).
    const planned = this.refreshing;
    this.refreshing = false;
    if (!planned) this.attempt++;
    const b = this.o.backoff;
    this.ensureConnected(this.attempt > 1 ? backoffDelay(this.attempt - 1, b?.baseMs ?? 1_000, b?.maxMs ?? 60_000, b?.random) : 0);
  }

  // ── subscriptions ───────────────────────────────────────────────────────────────────────────

  private queueSubscribe(e: Entry): void {
    this.pendingSubscribe.add(e);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      this.flushSubscribe();
    });
  }

  private flushSubscribe(): void {
    const client = this.client;
    if (!client) return;
    const entries = [...this.pendingSubscribe].filter((e) => this.entries.get(e.key) === e && e.admitted && !e.subscribed);
    this.pendingSubscribe.clear();
    // A new attempt: a refusal on an earlier connection (or before a place freed) says nothing about this one.
    for (const e of entries) e.refused = false;
    const owner = new Map<string, Entry>();
    for (const e of entries) for (const t of this.topicsOf(e)) owner.set(t, e);
    const waiting = new Map<Entry, number>(entries.map((e) => [e, this.topicsOf(e).length]));
    for (const chunk of packets([...owner.keys()], this.limits.topicsPerSubscribe)) {
      client.subscribe(chunk, { qos: 0 }, (err, granted) => {
        if (this.client !== client) return;
        // MQTT.js fails the whole SUBSCRIBE when any topic is refused (SUBACK 0x80), usually with the
        // SUBACK attached; without it every topic of the packet counts as refused.
        const codes = err
          ? (err as { packet?: { granted?: number[] } }).packet?.granted ?? chunk.map(() => 128)
          : granted?.map((g) => g.qos) ?? [];
        chunk.forEach((topic, i) => {
          const e = owner.get(topic)!;
          const ok = codes[i] !== undefined && codes[i] < 128;
          if (!ok) e.refused = true;
          const left = waiting.get(e)! - 1;
          waiting.set(e, left);
          if (left === 0) this.subscribed(client, e);
        });
      });
    }
  }

  private subscribed(client: MqttClient, e: Entry): void {
    if (this.entries.get(e.key) !== e) return;
    if (e.refused) {
      // The topics the broker did grant would hold places it counts: give them back (polled meanwhile).
      for (const chunk of packets(this.topicsOf(e), this.limits.topicsPerSubscribe)) client.unsubscribe(chunk);
      this.partialProblem = { kind: 'refused', permission: 'iot:Subscribe', detail: `subscribing to the ${e.shadowName || 'classic'} shadow topics of ${e.thingName} was refused` };
      this.o.log?.(`live shadows: ${this.partialProblem.detail}`);
      this.emitStatus();
      return;
    }
    e.subscribed = true;
    if (this.partialProblem?.permission === 'iot:Subscribe' && ![...this.entries.values()].some((x) => x.refused)) {
      this.partialProblem = undefined; // every refused shadow has its place now
      this.emitStatus();
    }
    // Subscribing alone delivers nothing: ask for the current state once.
    const token = `${this.clientId}-${++this.tokens}`;
    e.getToken = token;
    client.publish(shadowTopic(e.thingName, e.shadowName, 'get'), JSON.stringify({ clientToken: token }), { qos: 0 });
    e.getTimer = setTimeout(() => {
      e.getTimer = undefined;
      if (e.live || this.entries.get(e.key) !== e) return;
      this.partialProblem = {
        kind: 'refused', permission: 'iot:Receive',
        detail: `no answer to the shadow get of ${e.thingName}/${e.shadowName || 'classic'} (iot:Publish on …/get or iot:Receive on …/get/accepted refused?)`,
      };
      this.o.log?.(`live shadows: ${this.partialProblem.detail}`);
      this.emitStatus();
    }, this.o.getTimeoutMs ?? 5_000);
  }

  // ── messages ────────────────────────────────────────────────────────────────────────────────

  private message(topic: string, payload: Buffer): void {
    const t = parseShadowTopic(topic);
    if (!t) return;
    const e = this.entries.get(keyOf(t.thingName, t.shadowName));
    if (!e || !e.subscribed) return;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    } catch {
      return;
    }
    try {
      if (t.operation === 'get' && t.result === 'accepted') {
        const doc = documentFromGet(t.thingName, t.shadowName, payload);
        this.synchronised(e);
        if (e.version === undefined || doc.version >= e.version) {
          e.version = doc.version;
          this.emit(e, { kind: 'document', doc });
        }
      } else if (t.operation === 'get' && t.result === 'rejected') {
        // 404: no such shadow yet; its first update arrives on update/documents
        if (body.code === 404) this.synchronised(e);
      } else if (t.operation === 'update' && t.result === 'documents') {
        const doc = documentFromSide(t.thingName, t.shadowName, body.current, body.timestamp);
        if (!doc || (e.version !== undefined && doc.version <= e.version)) return;
        const previous = documentFromSide(t.thingName, t.shadowName, body.previous, undefined);
        e.version = doc.version;
        this.emit(e, { kind: 'document', doc, ...(previous ? { previous } : {}) });
      } else if (t.operation === 'delete' && t.result === 'accepted') {
        e.version = undefined;
        this.emit(e, { kind: 'deleted', version: typeof body.version === 'number' ? body.version : 0 });
      }
    } catch (err) {
      this.o.log?.(`live shadows: ignored a message on ${topic}: ${(err as Error).message}`);
    }
  }

  private synchronised(e: Entry): void {
    this.attempt = 0; // the connection works: the next drop reconnects at once
    if (e.getTimer) clearTimeout(e.getTimer);
    e.getTimer = undefined;
    this.setLive(e, true);
  }

  private setLive(e: Entry, live: boolean): void {
    if (e.live === live) return;
    e.live = live;
    if (!live) e.version = undefined;
    this.emit(e, { kind: 'live', live });
    this.emitStatus();
  }

  private emit(e: Entry, event: LiveShadowEvent): void {
    for (const l of [...e.listeners]) {
      try {
        l(event);
      } catch (err) {
        this.o.log?.(`live shadows: a listener failed: ${(err as Error).message}`);
      }
    }
  }

  // ── status ──────────────────────────────────────────────────────────────────────────────────

  private emitStatus(): void {
    if (!this.client) return;
    let live = 0;
    let overLimit = 0;
    for (const e of this.entries.values()) {
      if (e.live) live++;
      if (!e.admitted) overLimit++;
    }
    this.setStatus({ state: 'live', watched: this.entries.size, live, overLimit, ...(this.partialProblem ? { problem: this.partialProblem } : {}) });
  }

  private setStatus(s: LiveStatus): void {
    const same = JSON.stringify(s) === JSON.stringify(this.statusValue);
    this.statusValue = s;
    if (same) return;
    for (const l of [...this.statusListeners]) l(s);
  }
}
