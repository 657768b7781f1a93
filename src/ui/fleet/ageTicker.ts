// Keeps "updated 5 min ago" true while the Fleet view is visible: rows that show a relative time say so
// when drawn; one timer, running only while the view is visible and such rows are on screen, fires when
// the first of their texts would change and redraws just the rows whose text did. Nothing is fetched:
// a redraw reads what the row already holds. No 'vscode' here, so the scheduling is tested in plain Node.
import { nextAgeChange, relativeAgeKey } from '../format/relativeAge';

export interface TickerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: TickerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Rows showing seconds change every second: they are redrawn at most this often. */
export const MIN_AGE_REDRAW_MS = 5000;
/** The timer is never set further ahead than this (rows showing days change twice a day; Node runs a
 * timer over ~24.8 days at once, every millisecond): a tick that finds nothing changed just sets it again. */
export const MAX_AGE_REDRAW_MS = 3_600_000;

export interface AgeRow {
  readonly id: string;
  readonly parent: AgeRow | undefined;
}

interface Shown<N> {
  node: N;
  since: number;
  /** The text the row was drawn with (relativeAgeKey). */
  key: string;
}

export class AgeTicker<N extends AgeRow> {
  private readonly rows = new Map<string, Shown<N>>();
  private visible = false;
  private timer: unknown;
  /** When the timer fires (epoch ms by the clock), if set. */
  private dueAt: number | undefined;

  constructor(private readonly redraw: (nodes: N[]) => void, private readonly clock: TickerClock = systemClock) {}

  /** The time rows draw their age against. */
  now(): number {
    return this.clock.now();
  }

  /** `node` was drawn showing how long ago `since` (epoch ms) was. */
  shown(node: N, since: number): void {
    this.rows.set(node.id, { node, since, key: relativeAgeKey(since, this.clock.now()) });
    this.schedule();
  }

  /** `node` was drawn without a relative time (or is gone). */
  forget(node: N): void {
    if (this.rows.delete(node.id)) this.schedule();
  }

  /** `node` was collapsed or reloaded: the rows under it are off screen (or replaced) until they are drawn again. */
  forgetUnder(node: AgeRow): void {
    let removed = false;
    for (const [id, row] of this.rows) {
      for (let p = row.node.parent; p; p = p.parent) {
        if (p.id === node.id) {
          this.rows.delete(id);
          removed = true;
          break;
        }
      }
    }
    if (removed) this.schedule();
  }

  /** Everything was redrawn or replaced (connection switch, full refresh). */
  clear(): void {
    this.rows.clear();
    this.schedule();
  }

  /** The view was shown or hidden: while hidden nothing runs; shown again, stale rows are redrawn at once. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) this.tick();
    else this.schedule();
  }

  /** Rows being kept current (tests). */
  get size(): number {
    return this.rows.size;
  }

  /** Milliseconds until the timer fires, or undefined when none runs (tests). */
  get dueInMs(): number | undefined {
    return this.dueAt === undefined ? undefined : this.dueAt - this.clock.now();
  }

  private tick(): void {
    this.dueAt = undefined;
    this.timer = undefined;
    const now = this.clock.now();
    const stale: N[] = [];
    for (const row of this.rows.values()) {
      const key = relativeAgeKey(row.since, now);
      if (key === row.key) continue;
      row.key = key;
      stale.push(row.node);
    }
    if (stale.length) this.redraw(stale);
    this.schedule();
  }

  private schedule(): void {
    if (!this.visible || !this.rows.size) {
      this.stopTimer();
      return;
    }
    const now = this.clock.now();
    let soonest = Infinity;
    for (const row of this.rows.values()) soonest = Math.min(soonest, nextAgeChange(row.since, now) ?? Infinity);
    if (soonest === Infinity) {
      this.stopTimer();
      return;
    }
    const due = now + Math.min(MAX_AGE_REDRAW_MS, Math.max(MIN_AGE_REDRAW_MS, soonest));
    if (this.dueAt !== undefined && this.dueAt <= due) return; // the running timer comes first: it reschedules
    this.stopTimer();
    this.dueAt = due;
    this.timer = this.clock.setTimeout(() => this.tick(), due - now);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = undefined;
  }

  dispose(): void {
    this.visible = false;
    this.rows.clear();
    this.stopTimer();
  }
}
