// The messages between a chart panel (extension host, src/ui/charts) and its webview (src/webview/chart).
// Types only: both sides import it; nothing here touches the DOM or vscode.

/** The time windows a chart offers: the last minute, ten minutes, hour, or everything since it opened. */
export type ChartWindow = '1m' | '10m' | '1h' | 'all';
export const CHART_WINDOWS: readonly ChartWindow[] = ['1m', '10m', '1h', 'all'];
export const WINDOW_SECONDS: Record<ChartWindow, number> = { '1m': 60, '10m': 600, '1h': 3600, all: Infinity };

/** What the user chose in the chart, kept by the host so a reloaded webview shows the same. */
export interface ChartViewState {
  window: ChartWindow;
  paused: boolean;
  /** While paused: the end of the shown window (epoch seconds). */
  pausedAt?: number;
}

export interface ChartSeries {
  id: string;
  thingName: string;
  key: string;
  unit: string;
}

export interface ChartPoints {
  id: string;
  t: number[];
  v: number[];
}

/** The chart's texts in the user's language (the webview has no l10n of its own). */
export interface ChartLabels {
  windows: Record<ChartWindow, string>;
  window: string;
  pause: string;
  resume: string;
  exportCsv: string;
  series: string;
  unit: string;
  atCursor: string;
  last: string;
  min: string;
  max: string;
  mean: string;
  waiting: string;
  paused: string;
  /** `{0}` is the number of points held. */
  points: string;
}

export type HostMessage =
  | { type: 'init'; labels: ChartLabels; cap: number; view: ChartViewState; series: ChartSeries[]; points: ChartPoints[] }
  | { type: 'series'; series: ChartSeries[] }
  | { type: 'points'; points: ChartPoints[] }
  /** Asks for the CSV of what is shown (answered with `csv`). */
  | { type: 'exportRequest'; requestId: number };

/** What the chart shows now: the window's bounds and the points of each series in it. */
export interface RenderedState {
  from: number;
  to: number;
  counts: Record<string, number>;
}

export type ViewMessage =
  | { type: 'ready' }
  | { type: 'view'; view: ChartViewState }
  | { type: 'rendered'; rendered: RenderedState }
  /** The CSV of what is shown; `requestId` answers an exportRequest (0 when the user pressed the button). */
  | { type: 'csv'; requestId: number; text: string; points: number };
