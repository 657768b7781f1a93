// The integration's IoT rules on shadow updates, as deployed:
// - OperationRequest: an accepted operation-shadow update whose `state.desired.operation` is defined (null
//   counts) invokes the Lwm2mOperation Lambda, asynchronously, with `thingName` and those of operation,
//   keys, values, attributes, arguments that this update carried (null kept as null; fields left in
//   desired by earlier updates are not in the accepted message, so not in the event). The event is read
//   from the update's own text, so 1.0 reaches the Python function as the float it wrote;
// - OperationResponse: an accepted operation-shadow update whose `state.reported.operation` is read, write
//   or readComposite republishes `state.reported.result` as the datamodel shadow's `reported`.
// A failed rule action is logged to AWSIotLogsV2, as the rules' error action does.
import type { SimClock } from './clock';
import { operationRequestEvent } from '../core/operationLambda';
import { PyDict, pyFromJson, pyParseJson, type PyValue } from '../core/pythonValue';
import { isObject } from './json';
import type { OperationLambda } from './lambda';
import type { LogStore } from './logStore';
import type { Random } from './random';
import type { ShadowStore, ShadowUpdateEvent } from './shadowStore';
import { SANDBOX_ACCOUNT } from './thingRegistry';

const REPUBLISHED = new Set(['read', 'write', 'readComposite']);
export const IOT_LOG_GROUP = 'AWSIotLogsV2';

export class IntegrationRules {
  constructor(
    private readonly shadows: ShadowStore,
    private readonly lambda: OperationLambda,
    private readonly logs: LogStore,
    private readonly clock: SimClock,
    private readonly rng: Random,
  ) {}

  install(): void {
    this.shadows.onAccepted((e) => this.onAccepted(e));
  }

  private onAccepted(e: ShadowUpdateEvent): void {
    if (e.shadowName !== 'operation') return;
    const event = isObject(e.request.desired) ? operationRequestEvent(desiredAsPython(e), e.thingName) : undefined;
    if (event) this.clock.after(this.rng.int(20, 120), () => this.lambda.invoke(event));
    const reported = e.request.reported;
    if (isObject(reported) && typeof reported.operation === 'string' && REPUBLISHED.has(reported.operation) && reported.result !== undefined) {
      const result = reported.result;
      this.clock.after(this.rng.int(10, 60), () => this.republish(e.thingName, result));
    }
  }

  private republish(thingName: string, result: unknown): void {
    const topic = `$aws/things/${thingName}/shadow/name/datamodel/update`;
    try {
      if (!isObject(result)) throw new Error('Missing required node: state');
      this.shadows.update(thingName, 'datamodel', { state: { reported: result }, reported: result });
    } catch (err) {
      this.logError('OperationResponse', thingName, topic, err instanceof Error ? err.message : String(err));
    }
  }

  private logError(ruleName: string, thingName: string, topic: string, details: string): void {
    const now = this.clock.now();
    const line = {
      timestamp: new Date(now).toISOString().replace('T', ' ').replace('Z', ''),
      logLevel: 'ERROR',
      traceId: this.rng.uuid(),
      accountId: SANDBOX_ACCOUNT,
      status: 'Failure',
      eventType: 'RuleExecution',
      clientId: 'N/A',
      topicName: `$aws/things/${thingName}/shadow/name/operation/update/accepted`,
      ruleName,
      ruleAction: 'RepublishAction',
      resources: { RepublishTopic: topic },
      principalId: 'N/A',
      details: `Failed to republish to topic ${topic}. ${details}`,
    };
    const stream = this.logs.ensureStream(IOT_LOG_GROUP, `iot-rules-${new Date(now).toISOString().slice(0, 10)}`, now);
    this.logs.put(IOT_LOG_GROUP, stream.name, [{ timestamp: now, message: JSON.stringify(line) }]);
  }
}

/** `state.desired` of the update as json.loads gives it to the Lambda (ints and floats as the text wrote them). */
function desiredAsPython(e: ShadowUpdateEvent): PyValue {
  if (e.payloadText !== undefined) {
    try {
      const doc = pyParseJson(e.payloadText);
      const state = doc instanceof PyDict ? doc.entries.get('state') : undefined;
      if (state instanceof PyDict) return state.entries.get('desired') ?? null;
    } catch {
      // the shadow service parsed it; fall back to its reading
    }
  }
  return pyFromJson(e.request.desired);
}
