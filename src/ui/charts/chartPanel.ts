// One chart in an editor tab: a webview panel plotting resources of one or more things over time. It keeps
// the series (core's ChartModel, bounded per series), starts from what this window has already seen of
// those datamodels, records every new version the shadow store gets (the datamodel watcher's refreshes,
// or live updates flowing through the same store) and asks the watcher to keep those datamodels
// refreshed while it is open. Closing it releases everything.
import * as vscode from 'vscode';
import type { ChartModel, PlotTarget, ResourceAddress, SeriesDelta, SeriesInfo } from '../../core/index';
import type {
  ChartLabels, ChartPoints, ChartSeries, ChartViewState, HostMessage, RenderedState, ViewMessage,
} from '../../webview/chartProtocol';
import { shadowKey, type ShadowRef } from '../documents/shadowPath';
import type { Core } from '../layers';
import type { ShadowStore } from '../shadows/shadowStore';
import type { DatamodelWatcher } from '../watch/datamodelWatcher';
import { inertText } from '../format/inertText';
import { chartAssetsRoot, chartHtml } from './chartHtml';
import type { DatamodelHistory } from './datamodelHistory';

export const CHART_VIEW_TYPE = 'lwm2mShadows.chart';
const EXPORT_ANSWER_MS = 10_000;

/** A resource to plot, as the Fleet tree knows it. */
export interface ChartRequest {
  /** The thing's datamodel shadow. */
  ref: ShadowRef;
  address: ResourceAddress;
  unit?: string;
}

export interface ChartDeps {
  store: ShadowStore;
  watcher: DatamodelWatcher;
  history: DatamodelHistory;
  core(): Core;
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** Where Export CSV writes (the save dialog; tests answer it). */
  saveTarget(defaultUri: vscode.Uri): Promise<vscode.Uri | undefined>;
}

/** What a chart shows, for tests and the "Add to Plot" picker. */
export interface ChartInfo {
  title: string;
  visible: boolean;
  view: ChartViewState;
  series: (SeriesInfo & { points: number })[];
  /** What the webview drew last (undefined until it has drawn). */
  rendered: RenderedState | undefined;
  /** The last export: the file, its points and what the chart showed when it was written. */
  lastExport?: ExportedCsv;
  /** How often the webview has loaded (it is unloaded while hidden and reloads when shown). */
  loads: number;
}

interface ChartCsv {
  text: string;
  points: number;
  /** What the chart showed: the CSV holds exactly its points. */
  shown: RenderedState | undefined;
}

export interface ExportedCsv {
  uri: vscode.Uri;
  points: number;
  shown: RenderedState | undefined;
}

function labels(): ChartLabels {
  return {
    windows: {
      '1m': vscode.l10n.t('1 min'),
      '10m': vscode.l10n.t('10 min'),
      '1h': vscode.l10n.t('1 h'),
      all: vscode.l10n.t('All'),
    },
    window: vscode.l10n.t('Window'),
    pause: vscode.l10n.t('Pause'),
    resume: vscode.l10n.t('Resume'),
    exportCsv: vscode.l10n.t('Export CSV…'),
    series: vscode.l10n.t('Series'),
    unit: vscode.l10n.t('Unit'),
    atCursor: vscode.l10n.t('At cursor'),
    last: vscode.l10n.t('Last'),
    min: vscode.l10n.t('Min'),
    max: vscode.l10n.t('Max'),
    mean: vscode.l10n.t('Mean'),
    waiting: vscode.l10n.t('Waiting for values…'),
    paused: vscode.l10n.t('Paused'),
    points: vscode.l10n.t('{0} points'),
  };
}

export function showExportFailure(e: unknown): void {
  void vscode.window.showErrorMessage(inertText(vscode.l10n.t('Exporting the chart failed: {0}', (e as Error).message)));
}

function toChartSeries(s: SeriesInfo): ChartSeries {
  return { id: s.id, thingName: s.thingName, key: s.key, unit: s.unit };
}

export class ChartPanel implements vscode.Disposable {
  private readonly model: ChartModel;
  private readonly refs = new Map<string, ShadowRef>();
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private loads = 0;
  private view: ChartViewState = { window: '10m', paused: false };
  private rendered: RenderedState | undefined;
  private nextRequest = 1;
  private readonly csvAnswers = new Map<number, (csv: ChartCsv) => void>();
  private lastExport: ExportedCsv | undefined;
  private disposed = false;
  private titleText = vscode.l10n.t('Chart');
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;
  private readonly rendering = new vscode.EventEmitter<RenderedState>();
  /** The webview drew something new (tests wait for it). */
  readonly onDidRender = this.rendering.event;

  constructor(readonly panel: vscode.WebviewPanel, private readonly deps: ChartDeps) {
    this.model = new (deps.core().ChartModel)();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: ViewMessage) => this.onMessage(m)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false; // a hidden webview is unloaded; it says "ready" again when shown
      }),
      panel.onDidDispose(() => this.dispose()),
      deps.store.onDidChange((ref) => this.onShadowChanged(ref)),
    );
    panel.webview.html = chartHtml(panel.webview, deps.extensionUri);
  }

  static create(deps: ChartDeps, column: vscode.ViewColumn): ChartPanel {
    const panel = vscode.window.createWebviewPanel(CHART_VIEW_TYPE, vscode.l10n.t('Chart'), { viewColumn: column, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [chartAssetsRoot(deps.extensionUri)],
    });
    return new ChartPanel(panel, deps);
  }

  /** Adds resources to the chart, seeded from the versions seen so far; returns how many were new. */
  add(requests: readonly ChartRequest[]): number {
    let added = 0;
    for (const r of requests) {
      const source = shadowKey(r.ref);
      const target: PlotTarget = { ...r.address, source, thingName: r.ref.thingName, unit: r.unit };
      if (!this.model.addTarget(target)) continue;
      added++;
      if (!this.refs.has(source)) {
        this.refs.set(source, r.ref);
        this.disposables.push(this.deps.watcher.hold(r.ref));
      }
      const seen = [...this.deps.history.seen(r.ref)];
      const current = this.deps.store.peek(r.ref);
      if (current) seen.push(current);
      for (const version of seen) this.publish(this.model.ingest(source, version));
    }
    this.titleText = this.title();
    this.panel.title = this.titleText;
    if (added) void this.deps.watcher.refreshVisible();
    return added;
  }

  /** Whether the chart plots exactly these resources. */
  plotsExactly(requests: readonly ChartRequest[]): boolean {
    const mine = this.model.targetList.map((t) => `${t.source}|${t.object}|${t.instance}|${t.resource}`).sort();
    const theirs = requests.map((r) => `${shadowKey(r.ref)}|${r.address.object}|${r.address.instance}|${r.address.resource}`).sort();
    return mine.length === theirs.length && mine.every((k, i) => k === theirs[i]);
  }

  title(): string {
    const targets = this.model.targetList;
    if (targets.length === 0) return vscode.l10n.t('Chart');
    const names = [...new Set(targets.map((t) => t.resource))];
    const things = [...new Set(targets.map((t) => t.thingName))];
    const what = names.length <= 2 ? names.join(', ') : vscode.l10n.t('{0} and {1} more', names[0], names.length - 1);
    return things.length === 1 ? `${what} — ${things[0]}` : vscode.l10n.t('{0} — {1} things', what, things.length);
  }

  info(): ChartInfo {
    return {
      title: this.titleText,
      visible: !this.disposed && this.panel.visible,
      view: { ...this.view },
      series: this.model.series().map((s) => ({ ...s.info, points: s.t.length })),
      rendered: this.rendered,
      lastExport: this.lastExport,
      loads: this.loads,
    };
  }

  /** Every series with the points it holds (oldest first). */
  points(): { info: SeriesInfo; t: readonly number[]; v: readonly number[] }[] {
    return this.model.series();
  }

  /** Writes what the chart shows as CSV (asks where); resolves to the file, or undefined when cancelled. */
  async exportCsv(): Promise<vscode.Uri | undefined> {
    if (!this.ready) this.panel.reveal(undefined, false);
    const csv = await this.requestCsv();
    return this.save(csv);
  }

  private requestCsv(): Promise<ChartCsv> {
    const requestId = this.nextRequest++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.csvAnswers.delete(requestId);
        reject(new Error(vscode.l10n.t('The chart did not answer; show it and try again.')));
      }, EXPORT_ANSWER_MS);
      this.csvAnswers.set(requestId, (csv) => {
        clearTimeout(timer);
        resolve(csv);
      });
      const send = () => this.post({ type: 'exportRequest', requestId });
      if (this.ready) send();
      else {
        // Asked before the webview (re)loaded: ask again once it is ready.
        const once = this.panel.webview.onDidReceiveMessage((m: ViewMessage) => {
          if (m.type === 'ready') {
            once.dispose();
            setTimeout(send, 0);
          }
        });
        this.disposables.push(once);
      }
    });
  }

  private async save(csv: ChartCsv): Promise<vscode.Uri | undefined> {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    const things = [...new Set(this.model.targetList.map((t) => t.thingName))];
    const name = `lwm2m-chart-${(things.length === 1 ? things[0] : 'things').replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp}.csv`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const defaultUri = folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name);
    const target = await this.deps.saveTarget(defaultUri);
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(csv.text));
    this.lastExport = { uri: target, points: csv.points, shown: csv.shown };
    const open = vscode.l10n.t('Open');
    void vscode.window.showInformationMessage(inertText(vscode.l10n.t('Exported {0} points to {1}.', csv.points, target.path.split('/').pop() ?? '')), open).then((choice) => {
      if (choice === open) void vscode.window.showTextDocument(target);
    });
    return target;
  }

  private onMessage(m: ViewMessage): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.loads++;
        this.rendered = undefined; // a (re)loaded webview has drawn nothing yet: what the old one drew is gone
        this.post({
          type: 'init',
          labels: labels(),
          cap: this.model.cap,
          view: this.view,
          series: this.model.series().map((s) => toChartSeries(s.info)),
          points: this.model.series().map((s) => ({ id: s.info.id, t: [...s.t], v: [...s.v] })),
        });
        break;
      case 'view':
        this.view = m.view;
        break;
      case 'rendered':
        this.rendered = m.rendered;
        this.rendering.fire(m.rendered);
        break;
      case 'csv': {
        // The webview reported what it drew before it wrote the CSV: that is what the CSV holds.
        const csv: ChartCsv = { text: m.text, points: m.points, shown: this.rendered };
        const answer = this.csvAnswers.get(m.requestId);
        this.csvAnswers.delete(m.requestId);
        if (answer) answer(csv);
        else if (m.requestId === 0) {
          void this.save(csv).catch(showExportFailure);
        }
        break;
      }
    }
  }

  private onShadowChanged(ref: ShadowRef): void {
    const source = shadowKey(ref);
    if (!this.refs.has(source)) return;
    const doc = this.deps.store.peek(ref);
    if (doc) this.publish(this.model.ingest(source, doc));
  }

  private publish(result: { added: SeriesInfo[]; points: SeriesDelta[] }): void {
    if (!this.ready) return; // the webview gets everything in 'init' when it (re)loads
    if (result.added.length) this.post({ type: 'series', series: result.added.map(toChartSeries) });
    if (result.points.length) this.post({ type: 'points', points: result.points as ChartPoints[] });
  }

  private post(m: HostMessage): void {
    void this.panel.webview.postMessage(m);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.clear();
    this.csvAnswers.clear();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
    this.closed.fire();
    this.closed.dispose();
    this.rendering.dispose();
    this.panel.dispose();
  }
}
