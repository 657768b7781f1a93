// Waiting for the answer to a published request: polls the operation shadow until core's answer matcher
// (core/answer/answerMatch.ts) says a version answers it, the time is up, or the user cancels. While the live channel keeps the shadow
// current, the answer wakes the wait the moment it arrives and the polls are answered from the store; a
// live subscription can still miss a message, so a real read is made every LIVE_SAFETY_READ_MS and once
// more before the wait gives up.
import type * as vscode from 'vscode';
import type { ShadowDocument } from '../../aws/types';
import type { ShadowRef } from '../documents/shadowPath';
import { shadowKey } from '../documents/shadowPath';
import type { ShadowStore } from '../shadows/shadowStore';
import type { Answer } from '../../core/answer/answerMatch';

/** Core's answer matcher bound to one request (ctx.core().matchAnswer(doc, request, accepted, before)). */
export type AnswerOf = (doc: ShadowDocument) => Answer | undefined;

/** Online devices answer within a second or two: poll briskly at first, then back off. */
const FIRST_POLL_MS = 250;
const BRISK_FOR_MS = 4000;
const MAX_POLL_MS = 3000;
const BACKOFF = 1.5;
/** While live, how often the shadow is read anyway (a dropped message must not become a false timeout). */
export const LIVE_SAFETY_READ_MS = 15_000;

export type WaitOutcome = { kind: 'answered'; doc: ShadowDocument; answer: Answer } | { kind: 'timeout' } | { kind: 'cancelled' };

/** Polls the operation shadow with backoff (and wakes early when the store sees a new version). */
export async function waitForAnswer(
  store: ShadowStore, ref: ShadowRef, answerOf: AnswerOf, timeoutMs: number, token?: vscode.CancellationToken,
): Promise<WaitOutcome> {
  const start = performance.now();
  const end = start + timeoutMs;
  const key = shadowKey(ref);
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
      return answered(await store.get(ref, 0));
    } catch {
      return undefined; // a failed poll (throttling, network): try again after the next delay
    }
  };
  const subs = [
    store.onDidChange((r) => {
      if (shadowKey(r) === key) wake?.();
    }),
    token?.onCancellationRequested(() => wake?.()),
  ];
  try {
    for (;;) {
      const seen = answered(store.peek(ref));
      if (seen) return seen;
      if (token?.isCancellationRequested) return { kind: 'cancelled' };
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
      if (token?.isCancellationRequested) return { kind: 'cancelled' };
      // Live: the answer arrives by itself and wakes the wait; only the safety read goes to the service.
      if (store.isLive(ref) && performance.now() - lastRead < LIVE_SAFETY_READ_MS) continue;
      const got = await read();
      if (got) return got;
    }
  } finally {
    for (const s of subs) s?.dispose();
  }
}
