// The integration's `CreateThing` Lambda (Python 3.8, invoked asynchronously by the CreateThing rule when Coiote
// DM reports a new device), as its public source does it: the thing name is the Coiote device ID with `%3A`
// turned back into `:`, the thing type the Coiote device type with every `.` turned into `:`; the type is created
// when ListThingTypes (its first page) does not list it; CreateThing with `protocol=LwM2M` (merge); then the
// empty `operation` shadow (`{"state": {}}`). It prints nothing: a success logs only START / END / REPORT. An AWS
// error (a name AWS refuses, a deprecated type, a thing of that name with other attributes) is an unhandled
// botocore ClientError: the runtime logs `[ERROR] <Code>: An error occurred (<Code>) when calling the <Op>
// operation: <message>` with its traceback, and the asynchronous invocation is retried twice.
import { randomUUID } from 'node:crypto';
import { crashHeadline } from '../core/operationLambda';
import { ApiError } from './apiError';
import type { SimClock } from './clock';
import type { LambdaLogs } from './lambdaLogs';
import type { Random } from './random';
import type { ShadowStore } from './shadowStore';
import type { ThingRegistry } from './thingRegistry';

export const CREATE_THING_SOURCE_FILE = '/var/task/create_thing.py';
/** Simulated ms before Lambda retries a failed asynchronous invocation (first, then second retry). */
const RETRY_DELAYS_MS = [60_000, 120_000];
/** ListThingTypes' first page: all the Lambda looks at. */
const FIRST_PAGE = 50;

export interface CreateThingEvent {
  coioteDeviceId: string;
  coioteDeviceType: string;
}

export type CreateThingResult =
  | { ok: true; thingName: string; thingTypeName: string }
  | { ok: false; thingName: string; thingTypeName: string; /** `<Code>: <message>` as the log shows it. */ error: string };

type Step = { call: string; line: number; fn: string; run: () => void };

export class CreateThingLambda {
  constructor(
    private readonly logs: LambdaLogs,
    private readonly things: ThingRegistry,
    private readonly shadows: ShadowStore,
    private readonly clock: SimClock,
    private readonly rng: Random,
  ) {}

  /** One asynchronous invocation; a failure is retried twice (later, in simulated time). Returns the first attempt's outcome. */
  invoke(event: CreateThingEvent): CreateThingResult {
    const requestId = randomUUID();
    const first = this.attempt(event, requestId);
    if (!first.ok) {
      let delay = 0;
      for (const d of RETRY_DELAYS_MS) {
        delay += d;
        this.clock.after(delay, () => this.attempt(event, requestId));
      }
    }
    return first;
  }

  private attempt(event: CreateThingEvent, requestId: string): CreateThingResult {
    const at = this.clock.now();
    const thingName = event.coioteDeviceId.replace(/%3A/g, ':');
    const thingTypeName = event.coioteDeviceType.replace(/\./g, ':');
    const steps: Step[] = [
      {
        call: 'CreateThingType', line: 27, fn: 'ensure_thing_type_exists', run: () => {
          const listed = this.things.listThingTypes().slice(0, FIRST_PAGE).some((t) => t.name === thingTypeName);
          if (!listed) this.things.createThingType(thingTypeName);
        },
      },
      { call: 'CreateThing', line: 34, fn: 'lambda_handler', run: () => void this.things.createThing(thingName, thingTypeName, { protocol: 'LwM2M' }) },
      { call: 'UpdateThingShadow', line: 36, fn: 'lambda_handler', run: () => void this.shadows.update(thingName, 'operation', '{"state": {}}') },
    ];
    for (const step of steps) {
      try {
        step.run();
      } catch (err) {
        const code = err instanceof ApiError ? err.type : 'ClientError';
        const message = `An error occurred (${code}) when calling the ${step.call} operation: ${(err as Error).message}`;
        this.logs.write({ requestId, at, lines: [crashText(code, message, step)], durationMs: 180 + this.rng.next() * 300 });
        return { ok: false, thingName, thingTypeName, error: `${code}: ${(err as Error).message}` };
      }
    }
    this.logs.write({ requestId, at, lines: [], durationMs: 250 + this.rng.next() * 400 });
    return { ok: true, thingName, thingTypeName };
  }
}

/** The runtime's report of the unhandled ClientError: head line, then the traceback (indented with NBSP). */
function crashText(code: string, message: string, step: Step): string {
  const nbsp = '\u00a0\u00a0';
  const frames: [string, number, string][] = [[CREATE_THING_SOURCE_FILE, step.fn === 'lambda_handler' ? step.line : 27, 'lambda_handler']];
  if (step.fn !== 'lambda_handler') frames.push([CREATE_THING_SOURCE_FILE, 14, step.fn]);
  frames.push(['/var/runtime/botocore/client.py', 530, '_api_call'], ['/var/runtime/botocore/client.py', 960, '_make_api_call']);
  return [crashHeadline({ errorType: code, message }), 'Traceback (most recent call last):', ...frames.map(([f, l, fn]) => `${nbsp}File "${f}", line ${l}, in ${fn}`)].join('\n');
}
