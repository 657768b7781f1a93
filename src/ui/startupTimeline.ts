// The way to the Fleet view's first rows, timed: each step marks when it finished, and when the first rows are
// returned the marks are logged once as one line ("first rows: activated 41, … rows 212 ms", ms since the
// extension's bundle started loading), so a slow start says where its time went. bench/firstRows.bench.ts
// quotes it. Marks after that line, or repeated ones, are ignored: it describes the first start only.
import type * as vscode from 'vscode';

let origin: number | undefined;
let log: vscode.LogOutputChannel | undefined;
const marks: [string, number][] = [];
let done = false;

/** Starts the timeline at `bundleStart` (performance.now() when the bundle started loading). */
export function startTimeline(bundleStart: number, output: vscode.LogOutputChannel): void {
  origin = bundleStart;
  log = output;
}

/** Records that `step` finished now (the first time only). */
export function markStartup(step: string): void {
  if (done || origin === undefined || marks.some(([s]) => s === step)) return;
  marks.push([step, performance.now()]);
}

/** The first rows are there: logs the timeline once. */
export function finishStartup(): void {
  if (done || origin === undefined) return;
  markStartup('rows');
  done = true;
  const from = origin;
  log?.info(`first rows: ${marks.map(([s, t]) => `${s} ${(t - from).toFixed(0)}`).join(', ')} ms`);
}
