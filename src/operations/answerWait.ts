// Waiting for the answer to a published request: reads the operation shadow until core's answer matcher
// (core/answer/answerMatch.ts) says a version answers it, the time is up, or the wait is cancelled. While a
// live channel keeps the shadow current, the answer wakes the wait the moment it arrives and the reads are
// answered from what is already known; a live subscription can still miss a message, so a real read is made
// every LIVE_SAFETY_READ_MS and once more before the wait gives up.
import type { ShadowDocument } from '../aws/types';
import type { Answer } from '../core/answer/answerMatch';

/** Core's answer matcher bound to one request (matchAnswer(doc, request, accepted, before)): the answer `doc` gives, if any. */
export type AnswerOf = (doc: ShadowDocument) => Answer | undefined;

/** Online devices answer within a second or two: poll briskly at first, then back off. */
const FIRST_POLL_MS = 250;
const BRISK_FOR_MS = 4000;
const MAX_POLL_MS = 3000;
const BACKOFF = 1.5;
/** While live, how often the shadow is read anyway (a dropped message must not become a false timeout). */
export const LIVE_SAFETY_READ_MS = 15_000;

/** One thing's operation shadow as the wait sees it (ui: the shadow store; tests and the CLI: a session). */
export interface ShadowWatch {
  /** A fresh read of the service. */
  read(): Promise<ShadowDocument>;
  /** The newest version known without a read (live messages, other reads), if any. */
  peek(): ShadowDocument | undefined;
  /** Whether a live channel keeps peek() current. */
  isLive(): boolean;
  /** Called when a new version becomes known. */
  onDidChange(listener: () => void): { dispose(): void };
}

export type WaitOutcome = { kind: 'answered'; doc: ShadowDocument; answer: Answer } | { kind: 'timeout' } | { kind: 'cancelled' };

/** Reads with backoff (and wakes early when a new version becomes known) until `request`'s answer comes. */
export async function waitForAnswer(
  watch: ShadowWatch, answerOf: AnswerOf, timeoutMs: number, signal?: AbortSignal,
): Promise<WaitOutcome> {
  const start = performance.now();
  const end = start + timeoutMs;
  let delay = FIRST_POLL_MS;
  let lastRead = start;
  let finalRead = false;
  let wake: (() => void) | undefined;
  const answered = (doc: ShadowDocument | undefined): WaitOutcome | undefined => {
    const answer = doc && answerOf(doc);
    return answer ? { kind: 'answered', doc: doc!, answer } : undefined;
  };
  const read = async (): Promise<WaitOutcome | undefined> => {
    lastRead = performance.now();
    try {
      return answered(await watch.read());
    } catch {
      return undefined; // a failed read (throttling, network): try again after the next delay
    }
  };
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  const sub = watch.onDidChange(() => wake?.());
  try {
    for (;;) {
      const seen = answered(watch.peek());
      if (seen) return seen;
      if (signal?.aborted) return { kind: 'cancelled' };
      const left = end - performance.now();
      if (left <= 0) {
        // One read of the service before saying "no answer": the answer may have come while unseen.
        const last = finalRead ? undefined : await read();
        finalRead = true;
        return last ?? { kind: 'timeout' };
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(delay, left));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      if (performance.now() - start > BRISK_FOR_MS) delay = Math.min(MAX_POLL_MS, delay * BACKOFF);
      if (signal?.aborted) return { kind: 'cancelled' };
      // Live: the answer arrives by itself and wakes the wait; only the safety read goes to the service.
      if (watch.isLive() && performance.now() - lastRead < LIVE_SAFETY_READ_MS) continue;
      const got = await read();
      if (got) return got;
    }
  } finally {
    sub.dispose();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** A watch that only reads (no live channel): what a CLI run or a unit test has. */
export function readingWatch(read: () => Promise<ShadowDocument>): ShadowWatch {
  let last: ShadowDocument | undefined;
  return {
    read: async () => (last = await read()),
    peek: () => last,
    isLive: () => false,
    onDidChange: () => ({ dispose() {} }),
  };
}
