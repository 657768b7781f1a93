// Refreshes datamodel shadows the user is looking at — an expanded datamodel row while the Fleet view
// is visible, an open datamodel document while its editor is visible — every
// `lwm2mShadows.datamodel.refreshIntervalSeconds`. Stops when they are hidden or collapsed. Shadows the
// live channel keeps current (src/ui/live) are skipped: they cost no call.
import * as vscode from 'vscode';
import { DATAMODEL_SHADOW } from '../format/shadowNames';
import { shadowKey, type ShadowRef } from '../documents/shadowPath';
import { parseShadowUri } from '../documents/shadowUri';
import type { ShadowStore } from '../shadows/shadowStore';

export interface WatchSources {
  /** Datamodel shadows expanded in the tree. */
  expanded(): ShadowRef[];
  treeVisible(): boolean;
}

export class DatamodelWatcher implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Datamodel shadows kept refreshed whatever is visible (open charts), with how many hold each. */
  private readonly held = new Map<string, { ref: ShadowRef; count: number }>();
  /** Refresh rounds that fetched something (tests). */
  rounds = 0;

  constructor(
    private readonly store: ShadowStore,
    private readonly sources: WatchSources,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lwm2mShadows.datamodel.refreshIntervalSeconds')) this.start();
    }));
  }

  /** Seconds between refreshes; 0 = off. */
  get intervalSeconds(): number {
    return Math.max(0, vscode.workspace.getConfiguration('lwm2mShadows').get<number>('datamodel.refreshIntervalSeconds', 5));
  }

  start(): void {
    this.stop();
    const seconds = this.intervalSeconds;
    if (seconds <= 0) return;
    this.timer = setInterval(() => void this.refreshVisible(), Math.max(0.5, seconds) * 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The datamodel shadows that are visible now. */
  visibleRefs(): ShadowRef[] {
    const refs = new Map<string, ShadowRef>();
    if (this.sources.treeVisible()) for (const r of this.sources.expanded()) refs.set(shadowKey(r), r);
    for (const [key, h] of this.held) refs.set(key, h.ref);
    for (const editor of vscode.window.visibleTextEditors) {
      const ref = parseShadowUri(editor.document.uri);
      if (ref?.shadowName === DATAMODEL_SHADOW) refs.set(shadowKey(ref), ref);
    }
    return [...refs.values()];
  }

  /** Keeps `ref` refreshed, visible or not, until the returned disposable is disposed (an open chart). */
  hold(ref: ShadowRef): vscode.Disposable {
    const key = shadowKey(ref);
    const h = this.held.get(key) ?? { ref, count: 0 };
    h.count++;
    this.held.set(key, h);
    let released = false;
    return new vscode.Disposable(() => {
      if (released) return;
      released = true;
      if (--h.count <= 0 && this.held.get(key) === h) this.held.delete(key);
    });
  }

  /** One refresh round (the timer calls it; tests may too). Rounds never overlap. */
  async refreshVisible(): Promise<void> {
    if (this.running) return;
    const refs = this.visibleRefs();
    if (refs.length === 0) return;
    this.running = true;
    try {
      this.rounds++;
      for (const ref of refs) {
        if (this.store.isLive(ref)) continue; // kept current over MQTT: polling would change nothing
        try {
          await this.store.get(ref, 0);
        } catch (e) {
          this.log.warn(`refreshing the datamodel of ${ref.thingName} failed: ${(e as Error).message}`);
        }
      }
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
