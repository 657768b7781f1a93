// The one way a request reaches a device, whoever sends it (a document's Publish, a tree action, Run Again):
// validate → confirm where a person must (an execute) → one UpdateThingShadow of the operation shadow's
// `desired`, with the version the request was read at → wait for the answer core's matcher recognises →
// an outcome. One request at a time per thing (thingQueue.ts): an answer names no request.
// Never sent twice: an update whose outcome is unknown (no answer, and reading back could not tell) is
// reported as such and never repeated; only a 409 (certainly not applied) is sent again, and only when the
// caller's conflict question says Overwrite. No 'vscode': the caller supplies the shadows, the questions
// (worded and localized by it) and where progress shows.
import type { ShadowApi, ShadowDocument } from '../aws/types';
import type { Answer, AnsweredRequest } from '../core/answer/answerMatch';
import { newestTimestamp } from '../core/answer/answerLeaves';
import { desiredUpdate } from '../core/desiredUpdate';
import { waitForAnswer, type ShadowWatch, type WaitOutcome } from './answerWait';
import { DroppedError, QueueFullError, ThingQueue, type ThingKey } from './thingQueue';

export const OPERATION_SHADOW = 'operation';

export type OperationRequest = Record<string, unknown>;

/** A problem of the request as the caller's check found it (core's RequestProblem, a document's Diagnostic). */
export interface Problem {
  severity: string;
}

/** What the pipeline needs to reach one thing's operation shadow. */
export interface SendPorts {
  shadows: Pick<ShadowApi, 'update'>;
  watch: ShadowWatch;
  /** Core's answer matcher (core/answer/answerMatch.ts; the ui passes it from its lazily loaded core). */
  matchAnswer(doc: ShadowDocument, request: AnsweredRequest, accepted: ShadowDocument, before: ShadowDocument | undefined): Answer | undefined;
  /** Why the integration refused this very request, when its logs can tell (undefined: it did not say). */
  refusals?: RefusalWatch;
}

export interface RefusalWatch {
  /** Resolves with the Lambda's reason once it refused the request accepted as `accepted`; keeps looking until `signal` aborts. */
  refusalOf(accepted: ShadowDocument, update: Record<string, unknown>, signal: AbortSignal): Promise<string | undefined>;
}

export type ConflictChoice = 'overwrite' | 'reapply' | 'cancel';

export interface SendPlan<P extends Problem = Problem> {
  thing: ThingKey;
  request: OperationRequest;
  /** The request's problems (the same check a document gets); any error stops it before anything is sent. */
  problems: readonly P[];
  /** The shadow version the request was read at; undefined: the version of the shadow as read when sending. */
  version?: number;
  /**
   * The shadow the update is computed over (and answers are told from); default: a fresh read. Undefined: the
   * thing has no operation shadow yet (its first request creates it, sent without a version).
   */
  stored?(): Promise<ShadowDocument | undefined>;
  /** The update to send over `stored`; default: the request as `desired`, fields it lacks deleted. May throw (not sent). */
  update?(stored: ShadowDocument | undefined): Record<string, unknown>;
  /** 'refuse': a busy thing refuses it at once; 'queue': it waits behind the thing's running request. */
  whenBusy: 'refuse' | 'queue';
  onQueued?(behind: string): void;
  /** The person confirms an execute right before it is sent (every path asks; no argument skips it). */
  confirmExecute(thing: string, keys: readonly string[]): Promise<boolean>;
  /** A 409: the shadow moved since `version`. Overwrite sends again with the latest version. */
  onConflict(latest: ShadowDocument): Promise<ConflictChoice>;
  /** Its turn in the queue has come, right before sending: a reason not to send after all (the text changed meanwhile). */
  onStart?(): string | undefined;
  /** The update was accepted: runs before the wait (history, drafts). */
  onAccepted?(accepted: ShadowDocument, before: ShadowDocument | undefined, update: Record<string, unknown>): Promise<void> | void;
  timeoutMs: number;
  /** Wraps the wait (the caller shows progress); its signal stops waiting (the request stays sent). */
  waiting?(task: (signal?: AbortSignal) => Promise<AnswerOutcome>): Promise<AnswerOutcome>;
}

/** How a wait ends: the answer, no answer in time, stopped, or the integration's refusal. */
export type AnswerOutcome = WaitOutcome | { kind: 'refused'; reason: string };

export type NotSentReason = 'invalid' | 'busy' | 'queue-full' | 'dropped' | 'not-confirmed' | 'changed' | 'bad-update' | 'unreadable' | 'error';

interface Sent {
  thing: ThingKey;
  operation: string;
  accepted: ShadowDocument;
  /** The shadow as it was when the request was sent (undefined: there was none). */
  before: ShadowDocument | undefined;
  /** Epoch ms the update was accepted. */
  requestedAt: number;
}

export type SendOutcome<P extends Problem = Problem> =
  | { kind: 'not-sent'; reason: NotSentReason; operation: string; problems?: P[]; behind?: string; dropped?: DroppedError['reason']; error?: unknown }
  /** A 409 the caller chose not to overwrite: nothing was sent. */
  | { kind: 'conflict'; operation: string; latest: ShadowDocument; choice: Exclude<ConflictChoice, 'overwrite'> }
  /** The update got no answer and reading back could not tell whether it applied: it is not sent again. */
  | { kind: 'unknown'; operation: string; error: unknown }
  | (Sent & { kind: 'answered'; doc: ShadowDocument; answer: Answer; answerMs: number })
  | (Sent & { kind: 'refused'; reason: string })
  /** No answer in time. waitLonger() waits on (ended early, as 'cancelled', by a newer request to the thing). */
  | (Sent & { kind: 'late'; waitLonger(ms: number, waiting?: SendPlan['waiting']): Promise<AnswerOutcome> })
  /** The wait was stopped (the request was sent; its answer shows in the shadow). */
  | (Sent & { kind: 'cancelled' });

const keysOf = (request: OperationRequest) => (Array.isArray(request.keys) ? request.keys.map(String) : []);
const isConflict = (e: unknown) => typeof e === 'object' && e !== null && (e as { kind?: unknown }).kind === 'version-conflict';
const maybeApplied = (e: unknown) => typeof e === 'object' && e !== null && (e as { maybeApplied?: unknown }).maybeApplied === true;
const thingId = (t: ThingKey) => `${t.connection}\u0000${t.thing}`;

/**
 * Shadow metadata timestamps are whole seconds, and an answer is told from the one before it by its leaves'
 * timestamps (core/answer/answerLeaves.ts): an answer that repeats the previous one's leaves (the same read
 * again, a read-back of a value just written, a second execute) within the second that one was written in
 * cannot be told from it, and its wait would never end. So a request is not accepted in the second the
 * shadow's last answer was written: when the shadow as read shows a reported leaf from the second it was read
 * in (its own `timestamp`, the service's clock), the request waits this long before it is sent.
 */
export const SAME_SECOND_WAIT_MS = 1000;

/** The shadow (as read) was written by an answer in the very second it was read. */
function answeredThisSecond(doc: ShadowDocument | undefined): boolean {
  const newest = newestTimestamp((doc?.metadata as { reported?: unknown } | undefined)?.reported);
  return newest !== undefined && doc?.timestamp !== undefined && newest >= doc.timestamp;
}

export class SendPipeline {
  /** One request at a time per thing, whoever sends it. */
  readonly queue: ThingQueue;
  /** Waits for late answers, per thing: a newer request to the thing ends them (its answer would look like theirs). */
  private readonly lateWaits = new Map<string, Set<AbortController>>();

  constructor(queue = new ThingQueue()) {
    this.queue = queue;
  }

  async send<P extends Problem>(ports: SendPorts, plan: SendPlan<P>): Promise<SendOutcome<P>> {
    const { thing, request } = plan;
    const operation = typeof request.operation === 'string' ? request.operation : '';
    const errors = plan.problems.filter((p) => p.severity === 'error');
    if (errors.length) return { kind: 'not-sent', reason: 'invalid', operation, problems: errors };
    const busy = this.queue.running(thing);
    if (busy && plan.whenBusy === 'refuse') return { kind: 'not-sent', reason: 'busy', operation, behind: busy };
    if (operation === 'execute' && !(await plan.confirmExecute(thing.thing, keysOf(request)))) return { kind: 'not-sent', reason: 'not-confirmed', operation };
    try {
      return await this.queue.run(thing, operation, async () => {
        const outcome = await this.sendNow(ports, plan, operation);
        // No answer in time: nothing queued behind it goes out later on its own.
        if (outcome.kind === 'late') this.queue.dropWaiting(thing);
        return outcome;
      }, plan.onQueued);
    } catch (e) {
      if (e instanceof DroppedError) return { kind: 'not-sent', reason: 'dropped', operation, behind: e.behind, dropped: e.reason };
      if (e instanceof QueueFullError) return { kind: 'not-sent', reason: 'queue-full', operation, behind: e.message };
      throw e;
    }
  }

  private async sendNow<P extends Problem>(ports: SendPorts, plan: SendPlan<P>, operation: string): Promise<SendOutcome<P>> {
    const changed = plan.onStart?.();
    if (changed) return { kind: 'not-sent', reason: 'changed', operation };
    let stored: ShadowDocument | undefined;
    try {
      stored = await (plan.stored ? plan.stored() : ports.watch.read());
    } catch (error) {
      return { kind: 'not-sent', reason: 'unreadable', operation, error };
    }
    const before = stored;
    let version = plan.version ?? stored?.version;
    let accepted: ShadowDocument;
    let update: Record<string, unknown>;
    for (;;) {
      try {
        update = plan.update ? plan.update(stored) : desiredUpdate(plan.request, stored?.state.desired);
      } catch (error) {
        return { kind: 'not-sent', reason: 'bad-update', operation, error };
      }
      if (answeredThisSecond(stored)) await new Promise((r) => setTimeout(r, SAME_SECOND_WAIT_MS));
      this.supersede(plan.thing);
      try {
        accepted = await ports.shadows.update(plan.thing.thing, OPERATION_SHADOW, update, version);
        break;
      } catch (error) {
        if (maybeApplied(error)) return { kind: 'unknown', operation, error };
        if (!isConflict(error)) return { kind: 'not-sent', reason: 'error', operation, error };
        let latest: ShadowDocument;
        try {
          latest = await ports.watch.read();
        } catch (e) {
          return { kind: 'not-sent', reason: 'unreadable', operation, error: e };
        }
        const choice = await plan.onConflict(latest);
        if (choice !== 'overwrite') return { kind: 'conflict', operation, latest, choice };
        version = latest.version;
        stored = latest;
      }
    }
    const sent: Sent = { thing: plan.thing, operation, accepted, before, requestedAt: Date.now() };
    const t0 = performance.now();
    await plan.onAccepted?.(accepted, before, update);
    const wait = (ms: number, signal?: AbortSignal) => this.answerOrRefusal(ports, plan.request, accepted, before, update, ms, signal);
    const outcome = await (plan.waiting ? plan.waiting((signal) => wait(plan.timeoutMs, signal)) : wait(plan.timeoutMs));
    return this.outcome(ports, plan.request, sent, update, outcome, t0);
  }

  private outcome<P extends Problem>(
    ports: SendPorts, request: OperationRequest, sent: Sent, update: Record<string, unknown>, outcome: AnswerOutcome, t0: number,
  ): SendOutcome<P> {
    if (outcome.kind === 'answered') return { ...sent, kind: 'answered', doc: outcome.doc, answer: outcome.answer, answerMs: performance.now() - t0 };
    if (outcome.kind === 'refused') return { ...sent, kind: 'refused', reason: outcome.reason };
    if (outcome.kind === 'cancelled') return { ...sent, kind: 'cancelled' };
    return {
      ...sent, kind: 'late',
      waitLonger: (ms, waiting) => this.inBackground(sent.thing, (signal) => {
        const wait = (s?: AbortSignal) => this.answerOrRefusal(ports, request, sent.accepted, sent.before, update, ms, anySignal(signal, s));
        return waiting ? waiting(wait) : wait();
      }),
    };
  }

  /** The answer, or the integration's refusal when the caller can read it (whichever comes first). */
  private async answerOrRefusal(
    ports: SendPorts, request: OperationRequest, accepted: ShadowDocument, before: ShadowDocument | undefined, update: Record<string, unknown>, ms: number, signal?: AbortSignal,
  ): Promise<AnswerOutcome> {
    const answerOf = (doc: ShadowDocument) => ports.matchAnswer(doc, request, accepted, before);
    if (!ports.refusals) return waitForAnswer(ports.watch, answerOf, ms, signal);
    const stop = new AbortController();
    const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    try {
      const refused = ports.refusals.refusalOf(accepted, update, both).then(
        (reason) => (reason === undefined ? new Promise<never>(() => {}) : { kind: 'refused' as const, reason }),
        () => new Promise<never>(() => {}), // logs that cannot be read say nothing: the answer decides
      );
      return await Promise.race([waitForAnswer(ports.watch, answerOf, ms, both), refused]);
    } finally {
      stop.abort();
    }
  }

  /** Runs a late wait that a newer request to the thing ends (as 'cancelled'). */
  private async inBackground<T>(thing: ThingKey, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const key = thingId(thing);
    const ac = new AbortController();
    const set = this.lateWaits.get(key) ?? new Set();
    set.add(ac);
    this.lateWaits.set(key, set);
    try {
      return await task(ac.signal);
    } finally {
      set.delete(ac);
      if (!set.size && this.lateWaits.get(key) === set) this.lateWaits.delete(key);
    }
  }

  /** A new request is about to go to the thing: late waits for older answers stop. */
  private supersede(thing: ThingKey): void {
    for (const ac of this.lateWaits.get(thingId(thing)) ?? []) ac.abort();
  }
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}
