// Simulated time: real wall-clock timestamps, but every simulated delay is scaled by `timeScale`
// (tests use e.g. 0.01 so a 2-second device answer takes 20 ms). Every timer is tracked so that
// stop() leaves nothing behind that would keep a process alive.

export class SimClock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(readonly timeScale: number) {}

  now(): number {
    return Date.now();
  }

  /** Epoch seconds, as AWS shadows report time. */
  nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }

  /** Milliseconds of real time for `simulatedMs` of simulated time. */
  scaled(simulatedMs: number): number {
    return Math.max(0, Math.round(simulatedMs * this.timeScale));
  }

  /** Runs `fn` after `simulatedMs` of simulated time. Returns a cancel function. */
  after(simulatedMs: number, fn: () => void): () => void {
    if (this.stopped) return () => undefined;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, this.scaled(simulatedMs));
    t.unref?.();
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /** Runs `fn` every `simulatedMs` of simulated time (at least every 5 ms of real time). */
  every(simulatedMs: number, fn: () => void): () => void {
    if (this.stopped) return () => undefined;
    const t = setInterval(() => {
      if (!this.stopped) fn();
    }, Math.max(5, this.scaled(simulatedMs)));
    t.unref?.();
    this.timers.add(t);
    return () => {
      clearInterval(t);
      this.timers.delete(t);
    };
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
