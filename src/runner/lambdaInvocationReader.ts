// The run's view of the integration's logs: one polling tail of the Lwm2mOperation log group (and the other
// integration groups), started the first time a step needs it and read from the start of the run, assembled
// into invocations (core/lambdaInvocations.ts). Each published request is registered with the outcome the
// Lambda's model predicts for it; a step then asks for *its* invocation: found, ambiguous, or none in time.
import {
  InvocationLog, attribute, type Attribution, type Invocation, type PredictedOutcome, type PublishedRequest,
} from '../core/lambdaInvocations';
import type { Clock } from '../core/tests/clock';
import type { LogBatch, LogEvent } from '../aws/types';

export const OPERATION_LAMBDA_GROUP = /\/aws\/lambda\/lwm2moperation$/i;
/** After its invocation is found, a step keeps reading this long: a second candidate makes it ambiguous. */
const SETTLE_MS = 1000;

export interface LogSource {
  findIntegrationLogGroups(extra?: string[]): Promise<string[]>;
  tail(logGroups: string[], signal: AbortSignal, options?: { mode?: 'polling'; since?: number; pollIntervalMs?: number }): AsyncIterable<LogBatch>;
}

export type InvocationLookup = Attribution | { kind: 'no-logs' } | { kind: 'cancelled' };

export class LambdaInvocationReader {
  private readonly log = new InvocationLog();
  private readonly requests: PublishedRequest[] = [];
  /** Events of the other integration groups (rule errors, CreateThing), newest last. */
  private readonly others: LogEvent[] = [];
  private readonly stop = new AbortController();
  private started?: Promise<boolean>;
  private failure?: unknown;

  constructor(
    private readonly source: LogSource,
    private readonly clock: Clock,
    /** Epoch ms the run started: the tail reads from a little before. */
    private readonly since: number,
    private readonly pollMs: number,
  ) {}

  /** Registers a published request; its index for find(). */
  published(predicted: PredictedOutcome, acceptedSecond: number): number {
    this.requests.push({ predicted, from: acceptedSecond * 1000 });
    return this.requests.length - 1;
  }

  /** The invocation of request `index`, waiting up to `withinMs` (a found one is kept for this request). */
  async find(index: number, withinMs: number, signal?: AbortSignal): Promise<InvocationLookup> {
    if (!(await this.start())) return { kind: 'no-logs' };
    const known = this.requests[index].requestId;
    const kept = known ? this.log.all().find((inv) => inv.requestId === known) : undefined;
    if (kept) return { kind: 'found', invocation: kept };
    const end = this.clock.now() + withinMs;
    let foundAt: number | undefined;
    for (;;) {
      if (this.failure) throw this.failure;
      if (signal?.aborted) return { kind: 'cancelled' };
      const a = attribute(this.log.all(), this.requests, index);
      if (a.kind === 'ambiguous') return a;
      if (a.kind === 'found') {
        foundAt ??= this.clock.now();
        if (this.clock.now() - foundAt >= SETTLE_MS || this.clock.now() >= end) {
          this.requests[index].requestId = a.invocation.requestId;
          return a;
        }
      } else foundAt = undefined;
      if (this.clock.now() >= end) return a;
      await this.clock.sleep(Math.min(this.pollMs, Math.max(1, end - this.clock.now())), signal);
    }
  }

  /** Lines of the other integration groups since `from` (epoch ms) that name `thing`. */
  otherLines(from: number, thing: string): string[] {
    return this.others.filter((e) => e.timestamp >= from && e.message.includes(thing)).map((e) => e.message.trim());
  }

  dispose(): void {
    this.stop.abort();
  }

  /** Starts the tail once; false when the account has no Lwm2mOperation log group to read. */
  private start(): Promise<boolean> {
    return (this.started ??= (async () => {
      const groups = await this.source.findIntegrationLogGroups();
      if (!groups.some((g) => OPERATION_LAMBDA_GROUP.test(g))) return false;
      void (async () => {
        try {
          for await (const batch of this.source.tail(groups, this.stop.signal, { mode: 'polling', since: this.since - 2000, pollIntervalMs: this.pollMs })) {
            this.log.add(batch.events.filter((e) => OPERATION_LAMBDA_GROUP.test(e.logGroup)));
            this.others.push(...batch.events.filter((e) => !OPERATION_LAMBDA_GROUP.test(e.logGroup)));
            if (this.others.length > 5000) this.others.splice(0, this.others.length - 5000);
          }
        } catch (e) {
          if (!this.stop.signal.aborted) this.failure = e;
        }
      })();
      return true;
    })());
  }
}

/** What an invocation printed, for the run's output. */
export function invocationText(inv: Invocation): string {
  return inv.lines.length ? inv.lines.map((l) => l.split('\n')[0]).join(' | ') : '(nothing: forwarded to Coiote DM)';
}
