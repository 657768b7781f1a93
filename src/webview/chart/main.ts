// The chart webview's script (bundled by esbuild for the browser; loaded only when a chart opens). It keeps
// a copy of the points the host sent, draws the chosen time window with uPlot (one y axis per unit), and
// shows the last value and min / max / mean of the window and the values under the cursor. Device strings
// (thing names, keys, units) only ever go into textContent or onto the canvas: never into markup.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './chart.css';
import { alignedData } from '../../core/series/alignedData';
import { seriesCsv } from '../../core/series/seriesCsv';
import { SERIES_POINT_CAP, TimeSeries, lowerBound } from '../../core/series/timeSeries';
import { unitAxes } from '../../core/series/unitAxes';
import { windowStats } from '../../core/series/windowStats';
import {
  CHART_WINDOWS, WINDOW_SECONDS,
  type ChartLabels, type ChartPoints, type ChartSeries, type ChartViewState, type HostMessage, type RenderedState, type ViewMessage,
} from '../chartProtocol';

declare function acquireVsCodeApi(): { postMessage(message: ViewMessage): void };

const vscode = acquireVsCodeApi();
const post = (m: ViewMessage) => vscode.postMessage(m);

interface Line {
  info: ChartSeries;
  data: TimeSeries;
}

let labels: ChartLabels | undefined;
let cap = SERIES_POINT_CAP;
let view: ChartViewState = { window: '10m', paused: false };
const lines: Line[] = [];
const byId = new Map<string, Line>();
let plot: uPlot | undefined;
/** The window drawn last: [from, to] in epoch seconds. */
let shown: [number, number] = [0, 0];
let lastRendered = '';

const toolbar = document.getElementById('toolbar')!;
const chartEl = document.getElementById('chart')!;
const legend = document.getElementById('legend') as HTMLTableElement;

// ---- colours from the theme -------------------------------------------------------------------------

const PALETTE_VARS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-purple', '--vscode-charts-yellow'];
const PALETTE_FALLBACK = ['#3794ff', '#d18616', '#89d185', '#f14c4c', '#b180d7', '#cca700'];

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

function theme() {
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    foreground: cssVar('--vscode-editor-foreground', '#cccccc'),
    grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808040')),
    cursor: cssVar('--vscode-editorCursor-foreground', '#aeafad'),
    font: `${cssVar('--vscode-font-size', '12px')} ${cssVar('--vscode-font-family', 'sans-serif')}`,
    width: highContrast ? 2.5 : 1.5,
    pointSize: highContrast ? 7 : 4,
    colour: (i: number) => cssVar(PALETTE_VARS[i % PALETTE_VARS.length], PALETTE_FALLBACK[i % PALETTE_FALLBACK.length]),
  };
}

// ---- the time window --------------------------------------------------------------------------------

function newestPoint(): number {
  let t = -Infinity;
  for (const l of lines) if (l.data.length) t = Math.max(t, l.data.t[l.data.length - 1]);
  return t;
}

function oldestPoint(): number {
  let t = Infinity;
  for (const l of lines) if (l.data.length) t = Math.min(t, l.data.t[0]);
  return t;
}

/** The window to draw now: it ends now (or where the chart was paused) and spans the chosen time. */
function currentWindow(): [number, number] {
  const now = Date.now() / 1000;
  const to = view.paused && view.pausedAt !== undefined ? view.pausedAt : Math.max(now, newestPoint());
  const seconds = WINDOW_SECONDS[view.window];
  let from = Number.isFinite(seconds) ? to - seconds : oldestPoint();
  if (!Number.isFinite(from) || from >= to) from = to - 60;
  return [from, to];
}

// ---- formatting -------------------------------------------------------------------------------------

function numberText(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return String(v);
}

function meanText(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return String(Number(v.toPrecision(6)));
}

function timeText(t: number): string {
  return new Date(t * 1000).toLocaleTimeString();
}

// ---- the plot ---------------------------------------------------------------------------------------

function build(): void {
  plot?.destroy();
  plot = undefined;
  chartEl.replaceChildren();
  if (lines.length === 0) return;
  const th = theme();
  const axes = unitAxes(lines.map((l) => l.info));
  const scaleOf = new Map<number, string>();
  axes.forEach((a, i) => a.series.forEach((s) => scaleOf.set(s, `y${i}`)));
  const scales: uPlot.Scales = { x: { time: true, range: () => [shown[0], shown[1]] } };
  axes.forEach((_, i) => (scales[`y${i}`] = { auto: true }));
  const opts: uPlot.Options = {
    width: Math.max(200, chartEl.clientWidth),
    height: Math.max(160, chartEl.clientHeight),
    scales,
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
    axes: [
      // Room for the first tick's date under its time.
      { stroke: th.foreground, font: th.font, space: 90, grid: { stroke: th.grid, width: 1 }, ticks: { stroke: th.grid, width: 1 } },
      ...axes.map((a, i): uPlot.Axis => ({
        scale: `y${i}`,
        side: i % 2 === 0 ? 3 : 1,
        label: a.unit,
        labelFont: th.font,
        font: th.font,
        stroke: th.foreground,
        grid: { show: i === 0, stroke: th.grid, width: 1 },
        ticks: { stroke: th.grid, width: 1 },
        size: 60,
      })),
    ],
    series: [
      {},
      ...lines.map((l, i): uPlot.Series => ({
        label: `${l.info.thingName} ${l.info.key}`,
        scale: scaleOf.get(i),
        stroke: th.colour(i),
        width: th.width,
        spanGaps: true,
        points: { show: true, size: th.pointSize, fill: th.colour(i) },
      })),
    ],
    hooks: { setCursor: [() => updateCursor()] },
  };
  plot = new uPlot(opts, [[], ...lines.map(() => [])], chartEl);
  buildLegend(th);
}

function render(): void {
  if (!labels) return;
  shown = currentWindow();
  if (!plot && lines.length) build();
  const data = alignedData(lines.map((l) => l.data), shown[0], shown[1]);
  plot?.setData([data.x, ...data.ys]);
  updateLegend();
  updateStatus();
  const counts: Record<string, number> = {};
  lines.forEach((l, i) => (counts[l.info.id] = data.ys[i]?.filter((v) => v !== null).length ?? 0));
  const rendered: RenderedState = { from: shown[0], to: shown[1], counts };
  // Report what is shown when it changed (tests and the host read it); the sliding window moves every second.
  const text = JSON.stringify(rendered);
  if (text !== lastRendered) {
    lastRendered = text;
    post({ type: 'rendered', rendered });
  }
}

// ---- legend: last / min / max / mean of the window, and the values under the cursor -----------------

const cells: { cursor: HTMLElement; last: HTMLElement; min: HTMLElement; max: HTMLElement; mean: HTMLElement }[] = [];
let cursorHeader: HTMLElement | undefined;

function cell(row: HTMLTableRowElement, tag: 'td' | 'th', text: string, className?: string): HTMLElement {
  const c = document.createElement(tag);
  c.textContent = text;
  if (className) c.className = className;
  row.appendChild(c);
  return c;
}

function buildLegend(th: ReturnType<typeof theme>): void {
  if (!labels) return;
  legend.replaceChildren();
  cells.length = 0;
  const head = legend.createTHead().insertRow();
  cell(head, 'th', labels.series, 'name');
  cell(head, 'th', labels.unit, 'unit');
  cursorHeader = cell(head, 'th', labels.atCursor);
  cell(head, 'th', labels.last);
  cell(head, 'th', labels.min);
  cell(head, 'th', labels.max);
  cell(head, 'th', labels.mean);
  const body = legend.createTBody();
  lines.forEach((l, i) => {
    const row = body.insertRow();
    row.dataset.series = l.info.id;
    const name = cell(row, 'td', '', 'name');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = th.colour(i);
    const key = document.createElement('span');
    key.textContent = l.info.key;
    const thing = document.createElement('span');
    thing.className = 'thing';
    thing.textContent = l.info.thingName;
    name.append(swatch, key, thing);
    cell(row, 'td', l.info.unit, 'unit');
    cells.push({ cursor: cell(row, 'td', '—', 'cursor'), last: cell(row, 'td', '—', 'last'), min: cell(row, 'td', '—', 'min'), max: cell(row, 'td', '—', 'max'), mean: cell(row, 'td', '—', 'mean') });
  });
}

function updateLegend(): void {
  lines.forEach((l, i) => {
    const c = cells[i];
    if (!c) return;
    const s = windowStats(l.data, shown[0], shown[1]);
    c.last.textContent = numberText(s?.last);
    c.last.title = s ? timeText(s.lastT) : '';
    c.min.textContent = numberText(s?.min);
    c.max.textContent = numberText(s?.max);
    c.mean.textContent = meanText(s?.mean);
  });
  updateCursor();
}

/** The exact value of each series at the hovered time (its newest point at or before it). */
function updateCursor(): void {
  if (!labels || !cursorHeader) return;
  const idx = plot?.cursor.idx;
  const t = idx === null || idx === undefined ? undefined : plot?.data[0][idx];
  cursorHeader.textContent = t === undefined ? labels.atCursor : `${labels.atCursor} ${timeText(t)}`;
  lines.forEach((l, i) => {
    const c = cells[i];
    if (!c) return;
    if (t === undefined) {
      c.cursor.textContent = '—';
      return;
    }
    // The newest point at or before t (epoch seconds are too large for t + ε to differ from t).
    let j = lowerBound(l.data.t, t);
    while (j < l.data.length && l.data.t[j] <= t) j++;
    j--;
    c.cursor.textContent = j >= 0 && l.data.t[j] >= shown[0] ? numberText(l.data.v[j]) : '—';
  });
}

// ---- toolbar ----------------------------------------------------------------------------------------

const windowButtons = new Map<string, HTMLButtonElement>();
let pauseButton: HTMLButtonElement | undefined;
let status: HTMLElement | undefined;

function button(text: string, onClick: () => void, className?: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (className) b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

function buildToolbar(): void {
  if (!labels) return;
  toolbar.replaceChildren();
  const group = document.createElement('div');
  group.className = 'group';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', labels.window);
  const caption = document.createElement('span');
  caption.className = 'caption';
  caption.textContent = labels.window;
  group.appendChild(caption);
  for (const w of CHART_WINDOWS) {
    const b = button(labels.windows[w], () => setView({ ...view, window: w }));
    b.dataset.window = w;
    windowButtons.set(w, b);
    group.appendChild(b);
  }
  pauseButton = button(labels.pause, () => togglePause());
  pauseButton.id = 'pause';
  const exportButton = button(labels.exportCsv, () => exportCsv(0));
  exportButton.id = 'export';
  status = document.createElement('span');
  status.id = 'status';
  status.setAttribute('aria-live', 'polite');
  toolbar.append(group, pauseButton, exportButton, status);
  updateToolbar();
}

function updateToolbar(): void {
  if (!labels) return;
  for (const [w, b] of windowButtons) b.setAttribute('aria-pressed', String(w === view.window));
  if (pauseButton) {
    pauseButton.textContent = view.paused ? labels.resume : labels.pause;
    pauseButton.setAttribute('aria-pressed', String(view.paused));
  }
}

function updateStatus(): void {
  if (!labels || !status) return;
  const held = lines.reduce((n, l) => n + l.data.length, 0);
  const text = held === 0 ? labels.waiting : labels.points.replace('{0}', String(held));
  status.textContent = view.paused ? `${labels.paused} · ${text}` : text;
  status.classList.toggle('paused', view.paused);
}

function setView(next: ChartViewState): void {
  view = next;
  updateToolbar();
  post({ type: 'view', view });
  render();
}

function togglePause(): void {
  setView(view.paused ? { window: view.window, paused: false } : { window: view.window, paused: true, pausedAt: shown[1] });
}

// ---- export -----------------------------------------------------------------------------------------

/** The CSV of exactly what is shown: the drawn window's points of every series. */
function exportCsv(requestId: number): void {
  const [from, to] = shown;
  const series = lines.map((l) => ({ thingName: l.info.thingName, key: l.info.key, unit: l.info.unit, t: l.data.t, v: l.data.v }));
  const text = seriesCsv(series, from, to);
  const points = lines.reduce((n, l) => n + (windowStats(l.data, from, to)?.count ?? 0), 0);
  post({ type: 'csv', requestId, text, points });
}

// ---- messages from the host -------------------------------------------------------------------------

function addSeries(series: ChartSeries[]): boolean {
  let added = false;
  for (const s of series) {
    if (byId.has(s.id)) continue;
    const line = { info: s, data: new TimeSeries(cap) };
    byId.set(s.id, line);
    lines.push(line);
    added = true;
  }
  return added;
}

function addPoints(points: ChartPoints[]): void {
  for (const p of points) {
    const line = byId.get(p.id);
    if (!line) continue;
    for (let i = 0; i < p.t.length; i++) line.data.add(p.t[i], p.v[i]);
  }
}

window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  const m = e.data;
  switch (m.type) {
    case 'init':
      labels = m.labels;
      cap = m.cap;
      view = m.view;
      lines.length = 0;
      byId.clear();
      addSeries(m.series);
      addPoints(m.points);
      buildToolbar();
      build();
      render();
      break;
    case 'series':
      if (addSeries(m.series)) build();
      render();
      break;
    case 'points':
      addPoints(m.points);
      if (!view.paused) render();
      else updateStatus();
      break;
    case 'exportRequest':
      exportCsv(m.requestId);
      break;
  }
});

// ---- resizing, theme changes and the sliding window -------------------------------------------------

new ResizeObserver(() => {
  if (plot) plot.setSize({ width: Math.max(200, chartEl.clientWidth), height: Math.max(160, chartEl.clientHeight) });
}).observe(chartEl);

// VS Code sets the theme's kind as a class of body and its colours as variables on html.
const onThemeChange = new MutationObserver(() => {
  if (!labels) return;
  build();
  render();
});
onThemeChange.observe(document.body, { attributes: true, attributeFilter: ['class'] });
onThemeChange.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

setInterval(() => {
  if (labels && !view.paused && view.window !== 'all') render();
}, 1000);

post({ type: 'ready' });
