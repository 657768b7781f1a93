// Which invocation of the integration's Lwm2mOperation Lambda was a given request's. The Lambda never logs
// the thing name or the request: each invocation is only START RequestId … / its own lines / END / REPORT,
// in a log stream per execution environment (one stream never interleaves two invocations). So a request's
// invocation is told by time and content: it STARTs at or after the second the request was accepted, and
// what it printed is what the Lambda's model (operationLambda.ts) decides for this very request — a
// refusal's exact `Error: …` line, a crash's `[ERROR] …` head line, or nothing (forwarded to Coiote DM; the
// device lookup or Coiote may still fail). Invocations already taken by earlier requests of the same run
// are not candidates; when two candidates remain, nobody can tell which is this request's: ambiguous.
// Pure: the runner reads the logs and hands the events here.
import { crashHeadline, decideOperation, operationRequestEvent } from './operationLambda';
import { pyFromJson } from './pythonValue';
import { isRecord } from './jsonValue';

/** A CloudWatch Logs event of the Lambda's log group. */
export interface LambdaLogEvent {
  logStream?: string;
  timestamp: number;
  message: string;
}

export interface Invocation {
  requestId: string;
  /** Epoch ms (the service's clock) of its first START. */
  startedAt: number;
  /** Its log stream (execution environment). */
  stream: string;
  /** What the function (or the runtime, for a crash) printed between START and END, trimmed. */
  lines: string[];
  /** Every event of the invocation as logged (START, lines, END, REPORT). */
  events: string[];
  ended: boolean;
}

/** What the Lambda prints for a request, as its model decides. */
export type PredictedOutcome =
  | { kind: 'refused'; line: string }
  | { kind: 'crash'; headline: string }
  /** passed on to Coiote DM: prints nothing, unless the device lookup or Coiote fails */
  | { kind: 'forwarded' };

/** The runtime's head line when Coiote DM does not know the device (the Lambda's device lookup). */
export const UNKNOWN_DEVICE_CRASH = '[ERROR] IndexError: list index out of range';
const COIOTE_ERROR = 'Error: Coiote DM responded with:';

/** Lambda's own dispatch of an asynchronous invocation: it STARTs within this long after the accepted second. */
export const DISPATCH_WINDOW_MS = 3000;

const START = /^START RequestId: (\S+)/;
const END = /^END RequestId: (\S+)/;
const RUNTIME = /^(REPORT|INIT_START|INIT_REPORT|EXTENSION|TELEMETRY) /;

/** Assembles log events into invocations (events may come in any number of batches, per stream in order). */
export class InvocationLog {
  private readonly byId = new Map<string, Invocation>();
  /** The open invocation of each stream. */
  private readonly open = new Map<string, Invocation>();

  add(events: readonly LambdaLogEvent[]): void {
    for (const e of events) {
      const stream = e.logStream ?? '';
      const text = e.message.replace(/\n$/, '');
      const start = START.exec(text);
      if (start) {
        const known = this.byId.get(start[1]);
        // a retried invocation (after a crash) logs again under the same request ID
        const inv = known ?? { requestId: start[1], startedAt: e.timestamp, stream, lines: [], events: [], ended: false };
        inv.ended = false;
        inv.events.push(text);
        this.byId.set(inv.requestId, inv);
        this.open.set(stream, inv);
        continue;
      }
      const inv = this.open.get(stream);
      if (!inv) continue; // its START is older than what was read
      inv.events.push(text);
      const end = END.exec(text);
      if (end && end[1] === inv.requestId) {
        inv.ended = true;
        this.open.delete(stream);
      } else if (!RUNTIME.test(text) && text.trim()) inv.lines.push(text.trim());
    }
  }

  all(): Invocation[] {
    return [...this.byId.values()].sort((a, b) => a.startedAt - b.startedAt);
  }
}

/** What the Lambda prints for the update's `desired` (the fields of that update, nulls kept); undefined: the rule does not fire. */
export function predictOutcome(desired: unknown): PredictedOutcome | undefined {
  if (!isRecord(desired)) return undefined;
  const event = operationRequestEvent(pyFromJson(desired), 'thing');
  if (!event) return undefined;
  const d = decideOperation(event);
  if (d.kind === 'refused') return { kind: 'refused', line: d.line };
  if (d.kind === 'crash') return { kind: 'crash', headline: crashHeadline(d) };
  return { kind: 'forwarded' };
}

/** The refusal or crash line an invocation printed, if any. */
export function printedVerdict(inv: Invocation): string | undefined {
  return inv.lines.find((l) => l.startsWith('Error: ') || l.startsWith('[ERROR] '))?.split('\n')[0];
}

/** Whether `inv` printed what the Lambda prints for a request with that predicted outcome. */
export function isConsistent(inv: Invocation, predicted: PredictedOutcome): boolean {
  const printed = printedVerdict(inv);
  if (predicted.kind === 'refused') return printed === predicted.line;
  if (predicted.kind === 'crash') return printed === predicted.headline;
  return printed === undefined || printed.startsWith(COIOTE_ERROR) || printed === UNKNOWN_DEVICE_CRASH;
}

/** A request of the run, as the attribution needs it. */
export interface PublishedRequest {
  predicted: PredictedOutcome;
  /** Epoch ms: the start of the second (service clock) the request was accepted in. */
  from: number;
  /** The invocation already attributed to it. */
  requestId?: string;
}

export type Attribution =
  | { kind: 'found'; invocation: Invocation }
  | { kind: 'ambiguous'; candidates: Invocation[] }
  /** nothing yet (or a candidate whose END is not logged yet) */
  | { kind: 'pending' };

const inWindow = (inv: Invocation, from: number) => inv.startedAt >= from && inv.startedAt < from + 1000 + DISPATCH_WINDOW_MS;

/**
 * The invocation of `requests[index]`. Earlier requests of the run take theirs first (the earliest
 * invocation consistent with each, in order), so a quiet read's invocation is never a later read's.
 */
export function attribute(invocations: readonly Invocation[], requests: readonly PublishedRequest[], index: number): Attribution {
  const taken = new Set(requests.map((r) => r.requestId).filter((id): id is string => !!id));
  for (let i = 0; i < index; i++) {
    const r = requests[i];
    if (r.requestId) continue;
    const first = invocations.find((inv) => !taken.has(inv.requestId) && inv.ended && inWindow(inv, r.from) && isConsistent(inv, r.predicted));
    if (first) taken.add(first.requestId);
  }
  const me = requests[index];
  const window = invocations.filter((inv) => !taken.has(inv.requestId) && inWindow(inv, me.from));
  const candidates = window.filter((inv) => inv.ended && isConsistent(inv, me.predicted));
  if (candidates.length > 1) return { kind: 'ambiguous', candidates };
  // an invocation still running that started first could be this request's too
  if (candidates.length === 1 && !window.some((inv) => !inv.ended && inv.startedAt <= candidates[0].startedAt)) {
    return { kind: 'found', invocation: candidates[0] };
  }
  return { kind: 'pending' };
}
