// "Within N seconds": checks again and again (each check may read a shadow) until it passes, the time is
// up, or the run is cancelled. The last check's answer is kept, so a failure shows what was last seen.
import type { Clock } from './clock';

export interface PollOutcome<T> {
  passed: boolean;
  cancelled: boolean;
  /** What the last check returned. */
  last: T;
  attempts: number;
}

/** Polls every `intervalMs` (at least once, and once more at the deadline). */
export async function pollWithin<T>(
  check: () => Promise<{ passed: boolean; value: T }>,
  withinMs: number, clock: Clock, signal?: AbortSignal, intervalMs = 1000,
): Promise<PollOutcome<T>> {
  const end = clock.now() + withinMs;
  let attempts = 0;
  for (;;) {
    const r = await check();
    attempts++;
    if (r.passed) return { passed: true, cancelled: false, last: r.value, attempts };
    const left = end - clock.now();
    if (left <= 0) return { passed: false, cancelled: false, last: r.value, attempts };
    if (signal?.aborted) return { passed: false, cancelled: true, last: r.value, attempts };
    await clock.sleep(Math.min(intervalMs, left), signal);
    if (signal?.aborted) return { passed: false, cancelled: true, last: r.value, attempts };
  }
}
