// Several series on one time axis, as a chart library that wants aligned columns draws them: the x column
// holds every point's time (ascending; a time appears as often as the series with most points at it), and
// each series has a value or null at each x.
import { lowerBound } from './timeSeries';

export interface AlignedData {
  x: number[];
  ys: (number | null)[][];
}

/** The points of `series` with from ≤ t ≤ to, aligned on one x column. */
export function alignedData(series: readonly { t: readonly number[]; v: readonly number[] }[], from = -Infinity, to = Infinity): AlignedData {
  const heads = series.map((s) => lowerBound(s.t, from));
  const x: number[] = [];
  const ys: (number | null)[][] = series.map(() => []);
  for (;;) {
    let t = Infinity;
    series.forEach((s, i) => {
      const h = heads[i];
      if (h < s.t.length && s.t[h] <= to && s.t[h] < t) t = s.t[h];
    });
    if (t === Infinity) break;
    x.push(t);
    series.forEach((s, i) => {
      const h = heads[i];
      if (h < s.t.length && s.t[h] === t) {
        ys[i].push(s.v[h]);
        heads[i] = h + 1;
      } else ys[i].push(null);
    });
  }
  return { x, ys };
}
