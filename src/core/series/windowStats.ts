// What the legend shows of a series in the visible time window: its last value and min / max / mean.
import { lowerBound } from './timeSeries';

export interface WindowStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** The newest value in the window, and its time (epoch seconds). */
  last: number;
  lastT: number;
}

/** Stats of the points with from ≤ t ≤ to (undefined when the window holds none). */
export function windowStats(series: { t: readonly number[]; v: readonly number[] }, from: number, to: number): WindowStats | undefined {
  const start = lowerBound(series.t, from);
  let min = Infinity, max = -Infinity, sum = 0, count = 0, last = NaN, lastT = NaN;
  for (let i = start; i < series.t.length && series.t[i] <= to; i++) {
    const v = series.v[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
    last = v;
    lastT = series.t[i];
  }
  return count === 0 ? undefined : { count, min, max, mean: sum / count, last, lastT };
}
