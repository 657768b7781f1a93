// The versions of datamodel shadows this window has seen (the watcher's snapshots), so a chart opened now
// starts with the values seen before it opened. Bounded: the last VERSIONS_PER_SHADOW versions of the
// SHADOWS_KEPT most recently changed shadows; only the parts a chart reads are kept (reported, metadata).
import type * as vscode from 'vscode';
import type { DatamodelVersion } from '../../core/index';
import { DATAMODEL_SHADOW } from '../format/shadowNames';
import { shadowKey, type ShadowRef } from '../documents/shadowPath';
import type { ShadowStore } from '../shadows/shadowStore';

export const VERSIONS_PER_SHADOW = 120;
export const SHADOWS_KEPT = 16;

export class DatamodelHistory implements vscode.Disposable {
  /** Insertion order is recency: a shadow that changes moves to the end. */
  private readonly versions = new Map<string, DatamodelVersion[]>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ShadowStore) {
    this.subscription = store.onDidChange((ref) => this.record(ref));
  }

  private record(ref: ShadowRef): void {
    if (ref.shadowName !== DATAMODEL_SHADOW) return;
    const doc = this.store.peek(ref);
    if (!doc) return;
    const key = shadowKey(ref);
    const list = this.versions.get(key) ?? [];
    this.versions.delete(key);
    list.push({ state: { reported: doc.state.reported }, metadata: doc.metadata, timestamp: doc.timestamp });
    if (list.length > VERSIONS_PER_SHADOW) list.splice(0, list.length - VERSIONS_PER_SHADOW);
    this.versions.set(key, list);
    while (this.versions.size > SHADOWS_KEPT) this.versions.delete(this.versions.keys().next().value as string);
  }

  /** The versions of `ref` seen so far, oldest first. */
  seen(ref: ShadowRef): readonly DatamodelVersion[] {
    return this.versions.get(shadowKey(ref)) ?? [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.versions.clear();
  }
}
