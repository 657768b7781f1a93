// The shadows the UI has fetched, shared by the Fleet tree and the documents, so a value the tree shows
// and the document the editor shows come from the same fetch. Keeps the previous version of each
// shadow (the datamodel "previous snapshot") and tells listeners when a shadow's version changes.
import * as vscode from 'vscode';
import type { AwsSession, ShadowDocument } from '../../aws/types';
import { shadowKey, type ShadowRef } from '../documents/shadowPath';

/** A new version of a shadow, with the one before it (charts and other consumers of datamodel snapshots). */
export interface ShadowSnapshot {
  ref: ShadowRef;
  doc: ShadowDocument;
  previous?: ShadowDocument;
}

interface Entry {
  ref: ShadowRef;
  doc: ShadowDocument;
  fetchedAt: number;
  /** The last document with a different version than `doc`. */
  previous?: ShadowDocument;
}

export class ShadowStore implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<ShadowDocument>>();
  private readonly changed = new vscode.EventEmitter<ShadowRef>();
  /** A shadow's version changed (or it was fetched for the first time). */
  readonly onDidChange = this.changed.event;
  private readonly snapshots = new vscode.EventEmitter<ShadowSnapshot>();
  /** Every new version of every shadow, polled or live, with the version before it. */
  readonly onDidChangeSnapshot = this.snapshots.event;
  /**
   * True for shadows the live channel keeps current (subscribed, synchronised): their cached copy is the
   * shadow, so get() with a maxAgeMs answers from it without a GetThingShadow call (unless it was expired).
   */
  isLive: (ref: ShadowRef) => boolean = () => false;
  /** GetThingShadow calls made (tests and benchmarks count them). */
  fetches = 0;

  constructor(private readonly sessionFor: (connection: string) => Promise<AwsSession>) {}

  /** The shadow, fetched unless the cached copy is younger than `maxAgeMs`. Concurrent calls share one fetch. */
  async get(ref: ShadowRef, maxAgeMs = 0): Promise<ShadowDocument> {
    const key = shadowKey(ref);
    const cached = this.entries.get(key);
    if (cached && performance.now() - cached.fetchedAt <= maxAgeMs) return cached.doc;
    // A caller content with a cached copy gets it while the live channel keeps it current; maxAgeMs 0
    // (a command's fresh read, a read-back after a write) always asks the service.
    if (cached && maxAgeMs > 0 && cached.fetchedAt !== -Infinity && this.isLive(ref)) return cached.doc;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const run = (async () => {
      const session = await this.sessionFor(ref.connection);
      this.fetches++;
      return this.record(ref, await session.shadows.get(ref.thingName, ref.shadowName));
    })();
    this.inFlight.set(key, run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** What was fetched last, without fetching. */
  peek(ref: ShadowRef): ShadowDocument | undefined {
    return this.entries.get(shadowKey(ref))?.doc;
  }

  /** The version before the current one, if the shadow changed since it was first fetched. */
  previous(ref: ShadowRef): ShadowDocument | undefined {
    return this.entries.get(shadowKey(ref))?.previous;
  }

  /**
   * Stores a document fetched elsewhere; fires onDidChange when its version is new. Never goes back a
   * version: a poll that started before a live update can land after it, and must not roll the tree and
   * the document back. Returns the document kept (the newer one).
   */
  record(ref: ShadowRef, doc: ShadowDocument): ShadowDocument {
    const key = shadowKey(ref);
    const old = this.entries.get(key);
    if (old && doc.version < old.doc.version) return old.doc;
    const isNew = !old || old.doc.version !== doc.version;
    this.entries.set(key, {
      ref,
      doc,
      fetchedAt: performance.now(),
      previous: isNew && old ? old.doc : old?.previous,
    });
    if (isNew) {
      this.changed.fire(ref);
      this.snapshots.fire({ ref, doc, ...(old ? { previous: old.doc } : {}) });
    }
    return doc;
  }

  /** Forgets one shadow (refresh) or everything of a connection. */
  forget(filter: { connection: string; thingName?: string; shadowName?: string }): void {
    for (const [key, e] of this.entries) {
      if (e.ref.connection !== filter.connection) continue;
      if (filter.thingName !== undefined && e.ref.thingName !== filter.thingName) continue;
      if (filter.shadowName !== undefined && e.ref.shadowName !== filter.shadowName) continue;
      this.entries.delete(key);
    }
  }

  /** Marks cached copies as stale so the next get() fetches, keeping `previous` for comparisons. */
  expire(filter: { connection: string; thingName?: string; shadowName?: string }): void {
    for (const e of this.entries.values()) {
      if (e.ref.connection !== filter.connection) continue;
      if (filter.thingName !== undefined && e.ref.thingName !== filter.thingName) continue;
      if (filter.shadowName !== undefined && e.ref.shadowName !== filter.shadowName) continue;
      e.fetchedAt = -Infinity;
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.snapshots.dispose();
    this.entries.clear();
  }
}
