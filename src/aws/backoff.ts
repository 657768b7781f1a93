// Waiting between retries of long-running streams (live tail restarts, polling after a failure).

export const MAX_BACKOFF_MS = 30_000;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of `baseMs · 2^(n-1)`
 * (capped at `maxMs`). Unlike full jitter (anywhere from 0) it keeps a floor, so a stream that keeps
 * failing is never restarted in a tight loop; the random half still spreads clients apart.
 */
export function backoffDelay(attempt: number, baseMs = 1_000, maxMs = MAX_BACKOFF_MS, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
