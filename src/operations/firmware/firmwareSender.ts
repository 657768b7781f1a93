// What the firmware flow needs to send one request to a thing, as an adapter over the one send pipeline
// (../sendPipeline.ts): the same validation, execute confirmation, versioned update, 409 question, per-thing
// queue and answer matcher as a Publish, so nothing the flow sends is re-sent by a retry and a refusal or a
// conflict ends like it does for Publish. The flow never sends a request again when a send ends without an
// answer: it follows the device's State instead.
import type { ShadowDocument } from '../../aws/types';
import type { ConflictChoice, NotSentReason, Problem, SendOutcome, SendPipeline, SendPorts } from '../sendPipeline';

export type FirmwareRequest = Record<string, unknown>;

export type SentResult =
  /** The device answered: the keys it failed (none: it took the request). */
  | { kind: 'answered'; failedKeys: string[]; values: Record<string, string>; acceptedVersion: number }
  /** Accepted by the shadow, no answer within the wait (execute and observe often have none on the integration). */
  | { kind: 'no-answer'; acceptedVersion: number }
  /** Accepted by the shadow, refused by the integration (the Lambda's reason): the device never got it. */
  | { kind: 'refused'; reason: string; acceptedVersion: number }
  /** The update got no answer and reading back could not tell whether it applied: it is not sent again. */
  | { kind: 'unknown'; detail: string }
  /** Nothing was sent: not confirmed, a conflict not overwritten, invalid, the thing busy, an error. */
  | { kind: 'not-sent'; reason: NotSentReason | 'conflict'; detail?: string };

export interface SendOptions {
  /** How long to wait for the answer (ms); 0: one read, no wait. */
  waitMs: number;
  /** Asked right before an execute is sent; false (or absent): nothing is sent. */
  confirmExecute?(thing: string, keys: readonly string[]): Promise<boolean>;
  /** Stops the wait for the answer (the request stays sent). */
  signal?: AbortSignal;
}

export interface FirmwareSender {
  send(thing: string, request: FirmwareRequest, options: SendOptions): Promise<SentResult>;
}

export interface PipelineSenderOptions {
  /** The connection's id: the pipeline's queue is per thing on a connection. */
  connection: string;
  /** The pipeline's ports for one thing (shadows, the watch of its operation shadow, the matcher, refusals). */
  ports(thing: string): SendPorts;
  /** The request's problems (the ui: the same check a document gets); default: none. */
  problems?(thing: string, request: FirmwareRequest): readonly Problem[];
  /** A 409 (the shadow moved since `stored` was read); default: nothing is sent. */
  onConflict?(thing: string, latest: ShadowDocument, stored: ShadowDocument | undefined): Promise<ConflictChoice>;
  /** Progress around each wait (the ui's status bar); default: none. */
  waiting?: Parameters<SendPipeline['send']>[1]['waiting'];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const isNotFound = (e: unknown) => typeof e === 'object' && e !== null && (e as { kind?: unknown }).kind === 'not-found';

/** What the flow hears of a send. */
export function sentResult(out: SendOutcome): SentResult {
  switch (out.kind) {
    case 'answered': {
      const values: Record<string, string> = {};
      for (const v of out.answer.values) values[v.key] = v.value;
      return { kind: 'answered', failedKeys: out.answer.failedKeys, values, acceptedVersion: out.accepted.version };
    }
    case 'late':
    case 'cancelled':
      return { kind: 'no-answer', acceptedVersion: out.accepted.version };
    case 'refused':
      return { kind: 'refused', reason: out.reason, acceptedVersion: out.accepted.version };
    case 'unknown':
      return { kind: 'unknown', detail: errorText(out.error) };
    case 'conflict':
      return { kind: 'not-sent', reason: 'conflict', detail: `the operation shadow changed (now version ${out.latest.version}): someone else published to it` };
    case 'not-sent':
      return { kind: 'not-sent', reason: out.reason, ...(out.error !== undefined ? { detail: errorText(out.error) } : out.behind ? { detail: `the thing is busy with ${out.behind}` } : {}) };
  }
}

/** Sends through `pipeline`: one request at a time per thing, queued behind whatever else the thing is doing. */
export function pipelineSender(pipeline: SendPipeline, o: PipelineSenderOptions): FirmwareSender {
  return {
    async send(thing, request, s) {
      const ports = o.ports(thing);
      let stored: ShadowDocument | undefined;
      const out = await pipeline.send(ports, {
        thing: { connection: o.connection, thing }, request, problems: o.problems?.(thing, request) ?? [], whenBusy: 'queue',
        // a thing whose operation shadow does not exist yet: its first request creates it
        stored: async () => (stored = await ports.watch.read().catch((e: unknown) => { if (isNotFound(e)) return undefined; throw e; })),
        confirmExecute: (t, keys) => (s.confirmExecute ? s.confirmExecute(t, keys) : Promise.resolve(false)),
        onConflict: async (latest) => {
          const choice = o.onConflict ? await o.onConflict(thing, latest, stored) : 'cancel';
          if (choice === 'overwrite') stored = latest;
          return choice;
        },
        timeoutMs: s.waitMs,
        waiting: (task) => (o.waiting ? o.waiting((signal) => task(signal ?? s.signal)) : task(s.signal)),
      });
      return sentResult(out);
    },
  };
}
