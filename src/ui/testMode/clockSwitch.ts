// The clock of the Fleet view's row ages while the extension's tests run (ExtensionMode.Test): the system's, or one
// a test moves on through the test API (thirteen minutes in a few milliseconds). A timer set on one clock is moved
// to the next with its due time, so the ages keep being redrawn as they would be, on whichever clock runs.
import { systemClock, type TickerClock } from '../fleet/ageTicker';

interface Timer {
  fn: () => void;
  /** When it fires, by the clock it was set on. */
  dueAt: number;
  handle: unknown;
}

export class ClockSwitch {
  private current: TickerClock = systemClock;
  private readonly timers = new Set<Timer>();

  /** Runs on `clock` from now on (undefined: the system's again); the timers set are moved to it, due when they were. */
  use(clock: TickerClock | undefined): void {
    const previous = this.current;
    const next = clock ?? systemClock;
    if (next === previous) return;
    this.current = next;
    // Each keeps its due time (the ticker compares due times, not what is left): one already due fires at once.
    for (const t of [...this.timers]) {
      previous.clearTimeout(t.handle);
      t.handle = next.setTimeout(() => this.fire(t), Math.max(0, t.dueAt - next.now()));
    }
  }

  readonly clock: TickerClock = {
    now: () => this.current.now(),
    setTimeout: (fn, ms) => {
      const t: Timer = { fn, dueAt: this.current.now() + ms, handle: undefined };
      t.handle = this.current.setTimeout(() => this.fire(t), ms);
      this.timers.add(t);
      return t;
    },
    clearTimeout: (timer) => {
      const t = timer as Timer;
      if (!this.timers.delete(t)) return;
      this.current.clearTimeout(t.handle);
    },
  };

  private fire(t: Timer): void {
    if (this.timers.delete(t)) t.fn();
  }
}
