// The integration's `Lwm2mOperation` Lambda (Python 3.8, invoked asynchronously by the OperationRequest
// rule), as deployed: its decision on the event is src/core's (same checks, `Error: …` lines, statuses,
// crashes, task text); here it talks to Coiote DM and logs as the Lambda runtime does:
// - a refusal prints its one `Error: …` line; a success prints nothing (only START / END / REPORT);
// - an unhandled exception (a crash, or a thing Coiote does not know) is logged by the runtime as
//   `[ERROR] <Type>: <message>` with its traceback in one event, and the asynchronous invocation is retried
//   twice (after about 1 and 2 more minutes), each attempt logged again under the same request ID;
// - Coiote answering the task with anything but 201 prints `Error: Coiote DM responded with: …`.
// Diagnostic lines the real function never prints (the task Coiote received) go to a separate
// sandbox-only log group, and only when asked for.
import { randomUUID } from 'node:crypto';
import {
  DEVICE_LOOKUP_FRAMES, LAMBDA_SOURCE_FILE, crashHeadline, decideOperation, parameterText, type TaskParameter, type TraceFrame,
} from '../core/operationLambda';
import { pyStr, pyToJson, type PyDict } from '../core/pythonValue';
import type { OperationName } from '../core/operations';
import type { SimClock } from './clock';
import type { LambdaLogs } from './lambdaLogs';
import type { LogStore } from './logStore';
import type { Random } from './random';

export const OPERATIONS: readonly OperationName[] = ['read', 'write', 'execute', 'observe', 'cancelObserve', 'writeAttributes', 'readComposite', 'observeComposite', 'cancelObserveComposite'];

/** The sandbox-only log group of the tasks Coiote DM received (off unless the sandbox is started with it). */
export const TASK_LOG_GROUP = '/sandbox/coiote-dm/tasks';

/** Simulated ms before Lambda retries a failed asynchronous invocation (first, then second retry). */
const RETRY_DELAYS_MS = [60_000, 120_000];

/** What Coiote DM receives: the template's text parameters, exactly as the Lambda built them. */
export interface CoioteTask {
  id: string;
  thingName: string;
  operation: OperationName;
  /** Keys joined by ','; '' for read / readComposite means the whole data model. */
  keysText: string;
  /** write: values, each Python str(), joined by ','. */
  valuesText?: string;
  /** observe / writeAttributes: Python's str() of the list of attribute objects, spaces removed. */
  attributesText?: string;
  /** execute: the arguments as given (text; other JSON as its Python text). */
  arguments?: string;
  /** Epoch ms the Lambda scheduled it. */
  scheduledAt: number;
}

/** Coiote DM's REST API as the Lambda uses it. */
export interface TaskScheduler {
  /** GET /devices?searchCriteria=properties.endpointName eq '<thing>': the device ID, undefined when none. */
  findDevice(thingName: string): string | undefined;
  /** POST /tasksFromTemplates/device/<id>: Coiote's status and body (201 when scheduled). */
  schedule(deviceId: string, task: CoioteTask): { status: number; body: string };
}

export interface LambdaResult {
  statusCode: number;
  body: string;
}

type Attempt = { lines: string[]; result?: LambdaResult; crashed: boolean };

export class OperationLambda {
  constructor(
    private readonly logs: LambdaLogs,
    private readonly coiote: TaskScheduler,
    private readonly clock: SimClock,
    private readonly rng: Random,
    private readonly taskLog?: LogStore,
  ) {
    taskLog?.ensureGroup(TASK_LOG_GROUP);
  }

  /** One asynchronous invocation with the rule's event; a crash is retried twice. Returns the first attempt's result. */
  invoke(event: PyDict): LambdaResult | undefined {
    const requestId = randomUUID();
    const first = this.attempt(event, requestId);
    if (first.crashed) {
      let delay = 0;
      for (const d of RETRY_DELAYS_MS) {
        delay += d;
        this.clock.after(delay, () => this.attempt(event, requestId));
      }
    }
    return first.result;
  }

  private attempt(event: PyDict, requestId: string): Attempt {
    const at = this.clock.now();
    const out = this.run(event, requestId, at);
    this.logs.write({ requestId, at, lines: out.lines, durationMs: (out.result ? 40 : 2) + this.rng.next() * (out.result ? 220 : 8) });
    return out;
  }

  private run(event: PyDict, requestId: string, at: number): Attempt {
    const d = decideOperation(event);
    if (d.kind === 'refused') return { lines: [`${d.line}\n`], result: { statusCode: d.statusCode, body: d.body }, crashed: false };
    if (d.kind === 'crash') return crashed(d.errorType, d.message, d.frames);
    const thingName = pyStr(event.entries.get('thingName') ?? null);
    const deviceId = this.coiote.findDevice(thingName);
    // response.json()[0] of an empty search result
    if (deviceId === undefined) return crashed('IndexError', 'list index out of range', DEVICE_LOOKUP_FRAMES);
    const task = coioteTask(requestId, thingName, d.operation as OperationName, d.parameters, at);
    this.logTask(requestId, thingName, deviceId, d.templateName, d.parameters, at);
    const created = this.coiote.schedule(deviceId, task);
    if (created.status !== 201) {
      return { lines: [`Error: Coiote DM responded with: ${created.status}: ${created.body}\n`], result: { statusCode: created.status, body: created.body }, crashed: false };
    }
    // POST /sessions/<id>/allow-deregistered: the sandbox's Coiote always allows it
    return { lines: [], result: { statusCode: 200, body: '' }, crashed: false };
  }

  private logTask(requestId: string, thingName: string, deviceId: string, templateName: string, parameters: TaskParameter[], at: number): void {
    if (!this.taskLog) return;
    const stream = this.taskLog.ensureStream(TASK_LOG_GROUP, new Date(at).toISOString().slice(0, 10), at);
    const message = JSON.stringify({ requestId, thingName, deviceId, templateName, parameters: parameters.map((p) => ({ name: p.name, value: pyToJson(p.value) })) });
    this.taskLog.put(TASK_LOG_GROUP, stream.name, [{ timestamp: at, message }]);
  }
}

/** The runtime's log event for an unhandled exception: head line, then the traceback (indented with NBSP). */
function crashed(errorType: string, message: string, frames: TraceFrame[]): Attempt {
  const nbsp = '\u00a0\u00a0';
  const trace = frames.map(([line, fn]) => `${nbsp}File "${LAMBDA_SOURCE_FILE}", line ${line}, in ${fn}`);
  return { lines: [[crashHeadline({ errorType, message }), 'Traceback (most recent call last):', ...trace].join('\n')], crashed: true };
}

function coioteTask(id: string, thingName: string, operation: OperationName, parameters: TaskParameter[], at: number): CoioteTask {
  const p = new Map(parameters.map((x) => [x.name, parameterText(x.value)]));
  const task: CoioteTask = { id, thingName, operation, keysText: p.get('keys') ?? '', scheduledAt: at };
  if (p.has('values')) task.valuesText = p.get('values');
  if (p.has('attributes')) task.attributesText = p.get('attributes');
  if (p.has('arguments')) task.arguments = p.get('arguments');
  return task;
}

/** Coiote's device ID for a thing: the `:` the integration turned back from `%3A`. */
export function coioteId(thingName: string): string {
  return thingName.replace(/:/g, '%3A');
}
