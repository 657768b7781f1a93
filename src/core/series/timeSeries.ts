// The points of one series, in time order, at most `cap` of them (the oldest are dropped first), so a chart
// left open for days stays bounded. A point equal to one already held (same time, same value) is not added
// twice: polling sees the same notified value in every version of the shadow until the next notification.

/** Points kept per series; the oldest are dropped beyond it. */
export const SERIES_POINT_CAP = 10_000;

export class TimeSeries {
  /** Epoch seconds, ascending. */
  readonly t: number[] = [];
  readonly v: number[] = [];
  /** Points dropped because of the cap. */
  dropped = 0;

  constructor(readonly cap: number = SERIES_POINT_CAP) {
    if (!(cap >= 1)) throw new RangeError(`a series holds at least one point (cap ${cap})`);
  }

  get length(): number {
    return this.t.length;
  }

  /** Adds a point at its place in time; returns false when it is already held. */
  add(t: number, v: number): boolean {
    const n = this.t.length;
    let i = n;
    if (n > 0 && t <= this.t[n - 1]) i = lowerBound(this.t, t);
    for (let j = i; j < n && this.t[j] === t; j++) if (this.v[j] === v) return false;
    // Equal times keep arrival order: insert after the points already at t.
    while (i < n && this.t[i] === t) i++;
    if (i === n) {
      this.t.push(t);
      this.v.push(v);
    } else {
      this.t.splice(i, 0, t);
      this.v.splice(i, 0, v);
    }
    if (this.t.length > this.cap) {
      const excess = this.t.length - this.cap;
      this.t.splice(0, excess);
      this.v.splice(0, excess);
      this.dropped += excess;
    }
    return true;
  }

  /** Index of the first point at or after `t`. */
  indexAtOrAfter(t: number): number {
    return lowerBound(this.t, t);
  }

  clear(): void {
    this.t.length = 0;
    this.v.length = 0;
  }
}

/** First index whose value is >= x in an ascending array. */
export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
