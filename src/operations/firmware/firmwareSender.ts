// What the firmware flow needs to send one request to a thing: exactly once, the execute confirmed right
// before it goes, and the answer core's matcher recognises (or none within the wait). The flow never sends a
// request again when a send ends without an answer: it follows the device's State instead.
import { matchAnswer } from '../../core/answer/answerMatch';
import { desiredUpdate } from '../../core/desiredUpdate';
import type { ShadowApi, ShadowDocument } from '../../aws/types';
import type { Clock } from '../../core/tests/clock';

export type FirmwareRequest = Record<string, unknown>;

export type SentResult =
  /** The device answered: the keys it failed (none: it took the request). */
  | { kind: 'answered'; failedKeys: string[]; values: Record<string, string>; acceptedVersion: number }
  /** Accepted by the shadow, no answer within the wait (execute and observe often have none on the integration). */
  | { kind: 'no-answer'; acceptedVersion: number }
  /** Nothing was sent: not confirmed, a conflict, an error. */
  | { kind: 'not-sent'; reason: 'not-confirmed' | 'conflict' | 'error'; detail?: string };

export interface SendOptions {
  /** How long to wait for the answer (ms); 0: do not wait. */
  waitMs: number;
  /** Asked right before an execute is sent; false: nothing is sent. */
  confirmExecute?(thing: string, keys: readonly string[]): Promise<boolean>;
  signal?: AbortSignal;
}

export interface FirmwareSender {
  send(thing: string, request: FirmwareRequest, options: SendOptions): Promise<SentResult>;
}

const OPERATION_SHADOW = 'operation';
const isConflict = (e: unknown) => typeof e === 'object' && e !== null && (e as { kind?: unknown }).kind === 'version-conflict';
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** One UpdateThingShadow of the operation shadow's desired (with its version: a 409 is not sent again), then the answer, polled. */
export function shadowSender(shadows: Pick<ShadowApi, 'get' | 'update'>, clock: Clock, pollMs = 500): FirmwareSender {
  return {
    async send(thing, request, o) {
      if (request.operation === 'execute' && !(await (o.confirmExecute?.(thing, (request.keys as string[] | undefined) ?? []) ?? Promise.resolve(false)))) {
        return { kind: 'not-sent', reason: 'not-confirmed' };
      }
      let before: ShadowDocument | undefined;
      try {
        before = await shadows.get(thing, OPERATION_SHADOW);
      } catch (e) {
        if ((e as { kind?: unknown }).kind !== 'not-found') return { kind: 'not-sent', reason: 'error', detail: errorText(e) };
      }
      let accepted: ShadowDocument;
      try {
        accepted = await shadows.update(thing, OPERATION_SHADOW, desiredUpdate(request, before?.state.desired), before?.version);
      } catch (e) {
        return { kind: 'not-sent', reason: isConflict(e) ? 'conflict' : 'error', detail: errorText(e) };
      }
      const end = clock.now() + o.waitMs;
      while (clock.now() < end && !o.signal?.aborted) {
        const doc = await shadows.get(thing, OPERATION_SHADOW).catch(() => undefined);
        const answer = doc && matchAnswer(doc, request, accepted, before);
        if (answer) {
          const values: Record<string, string> = {};
          for (const v of answer.values) values[v.key] = v.value;
          return { kind: 'answered', failedKeys: answer.failedKeys, values, acceptedVersion: accepted.version };
        }
        await clock.sleep(Math.min(pollMs, Math.max(0, end - clock.now())), o.signal);
      }
      return { kind: 'no-answer', acceptedVersion: accepted.version };
    },
  };
}
