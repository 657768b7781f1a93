// Shared helpers of the benchmarks: timing percentiles and writing a result table to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locateTools } from '../test/harness/tools';

export interface Row { name: string; value: string; target?: string; note?: string }

/**
 * `LWM2M_BENCH_SMOKE=1` (CI, through test/benchSmoke): each benchmark runs once at a small size, to show that it
 * still runs; its figures mean nothing then, and no results file is written.
 */
export const SMOKE = process.env.LWM2M_BENCH_SMOKE === '1';

/** The full size, or the small one in a smoke run. */
export function sized<T>(full: T, smoke: T): T {
  return SMOKE ? smoke : full;
}

/** How many times to repeat a measurement: `n`, or once in a smoke run. */
export function runs(n: number): number {
  return SMOKE ? 1 : n;
}

/** Samples per case of the benchmarks in a real VS Code: LWM2M_BENCH_SAMPLES, else `full` (1 in a smoke run). */
export function samplesPerCase(full: number): number {
  return Math.max(1, Number(process.env.LWM2M_BENCH_SAMPLES || sized(full, 1)));
}

/** p-th percentile (0..100) of the samples, in the samples' unit. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Median (min–max, n) of samples in ms, written in ms or in seconds: "295 ms (234–315, n = 5)", "0.85 s (0.77–0.92, n = 3)". */
export function medianRange(samplesMs: number[], unit: 'ms' | 's' = 'ms'): string {
  const f = (ms: number) => (unit === 's' ? (ms / 1000).toFixed(2) : ms.toFixed(0));
  return `${f(percentile(samplesMs, 50))} ${unit} (${f(Math.min(...samplesMs))}–${f(Math.max(...samplesMs))}, n = ${samplesMs.length})`;
}

/** True when the real VS Code and browser are installed (`npm run tools`); otherwise prints why the bench is skipped. */
export function realVsCodeOrSkip(): boolean {
  try {
    locateTools();
    return true;
  } catch (e) {
    console.log(`skipped: ${(e as Error).message}`);
    return false;
  }
}

/** The machine's 1-minute load average now: take one as a benchmark starts, hand it to loadRow() at its end. */
export function loadAverage(): number {
  return os.loadavg()[0];
}

/** A row saying how busy the machine was (the 1-minute load average at the start and the end), for shared machines. */
export function loadRow(atStart: number): Row {
  return { name: 'machine load (1-minute load average, start / end)', value: `${atStart.toFixed(1)} / ${loadAverage().toFixed(1)}`, note: `${os.cpus().length} cores, shared with other work; floors measured in the same run` };
}

/** Prints the rows as a table and writes them to bench/results/<name>.md with the machine and date (not in a smoke run). */
export function report(name: string, title: string, rows: Row[]): void {
  const lines = [
    `# ${title}`,
    '',
    `Measured ${new Date().toISOString()} on Node ${process.version}, ${require('node:os').cpus().length} cores.`,
    '',
    '| measure | value | target | note |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.name} | ${r.value} | ${r.target ?? ''} | ${r.note ?? ''} |`),
    '',
  ];
  console.table(rows.map((r) => ({ measure: r.name, value: r.value, target: r.target ?? '', note: r.note ?? '' })));
  if (SMOKE) {
    console.log(`smoke run (LWM2M_BENCH_SMOKE=1): bench/results/${name}.md not written`);
    return;
  }
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.md`), lines.join('\n'));
}
