// The integration's `Lwm2mOperation` Lambda: called by the OperationRequest rule with the five fields of
// `desired` (operation, keys, values, attributes, arguments) and the thing name, it checks the request as
// the deployed function does — each refusal an `Error: ...` line in /aws/lambda/Lwm2mOperation and status
// 400 (406 for an operation it does not implement), nothing reaching the device — and otherwise turns keys
// and values into comma-joined text (Python str()) and schedules a Coiote DM task.
import { randomUUID } from 'node:crypto';
import { isObject, type Json, type JsonObject } from './json';
import type { LambdaLogs } from './lambdaLogs';
import { pythonAttributes, pythonStr } from './pythonStr';
import type { Random } from './random';
import type { SimClock } from './clock';

export const OPERATIONS = ['read', 'write', 'execute', 'observe', 'cancelObserve', 'writeAttributes', 'readComposite', 'observeComposite', 'cancelObserveComposite'] as const;
export type OperationName = (typeof OPERATIONS)[number];

const SPECIAL_READ_KEYS = new Set(['all', '', '.', '/']);

/** What Coiote DM receives: keys and values as the comma-joined text the Lambda sends. */
export interface CoioteTask {
  id: string;
  thingName: string;
  operation: OperationName;
  keysText: string;
  valuesText?: string;
  /** One object per key; a null attribute arrives as '' (clear it). */
  attributes?: JsonObject[];
  arguments?: string;
  /** Epoch ms the Lambda scheduled it. */
  scheduledAt: number;
}

export interface TaskScheduler {
  /** False when Coiote DM has no device for the thing. */
  schedule(task: CoioteTask): boolean;
}

export interface LambdaResult {
  statusCode: number;
  body: string;
}

class Refusal extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export class OperationLambda {
  constructor(
    private readonly logs: LambdaLogs,
    private readonly coiote: TaskScheduler,
    private readonly clock: SimClock,
    private readonly rng: Random,
  ) {}

  invoke(event: JsonObject): LambdaResult {
    const requestId = randomUUID();
    const at = this.clock.now();
    const lines = [`Received event: ${JSON.stringify(event)}`];
    let result: LambdaResult;
    try {
      const task = this.check(event, requestId, at);
      lines.push(`Device ${coioteId(task.thingName)}: scheduling ${task.operation} for keys ${task.keysText}`);
      if (task.valuesText !== undefined) lines.push(`values: ${task.valuesText}`);
      if (task.attributes) lines.push(`attributes: ${pythonAttributes(task.attributes)}`);
      if (!this.coiote.schedule(task)) throw new Refusal(404, `Error: device ${coioteId(task.thingName)} not found in Coiote DM`);
      lines.push(`Task ${task.id} created`);
      result = { statusCode: 200, body: JSON.stringify({ taskId: task.id }) };
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      lines.push(e.message);
      result = { statusCode: e.statusCode, body: JSON.stringify(e.message) };
    }
    this.logs.write({ requestId, at, lines, durationMs: 40 + this.rng.next() * 220 });
    return result;
  }

  private check(event: JsonObject, requestId: string, at: number): CoioteTask {
    const op = event.operation;
    if (op === undefined || op === null) throw new Refusal(400, 'Error: operation not provided');
    if (event.keys === undefined || event.keys === null) throw new Refusal(400, 'Error: keys not provided');
    if (typeof op !== 'string' || !(OPERATIONS as readonly string[]).includes(op)) {
      throw new Refusal(406, `Error: operation ${pythonStr(op)} is not implemented for AWS-CoioteDM integration`);
    }
    const operation = op as OperationName;
    if (!Array.isArray(event.keys) || !event.keys.every((k) => typeof k === 'string')) throw new Refusal(400, 'Error: keys must be a list of strings');
    let keys = event.keys as string[];
    const task: CoioteTask = { id: requestId, thingName: String(event.thingName ?? ''), operation, keysText: '', scheduledAt: at };
    const attributes = (): JsonObject[] => {
      const a = event.attributes;
      if (a === undefined || a === null) throw new Refusal(400, `Error: attributes not provided for ${operation}`);
      if (!Array.isArray(a)) throw new Refusal(400, 'Error: attributes must be a list');
      if (a.length !== keys.length) throw new Refusal(400, `Error: number of attributes (${a.length}) does not match number of keys (${keys.length})`);
      return a.map((x) => (isObject(x) ? clearNulls(x) : {}));
    };
    switch (operation) {
      case 'write': {
        keys = keys.map((k) => (k.endsWith('.') ? k.slice(0, -1) : k));
        unique(keys);
        const v = event.values;
        if (v === undefined || v === null) throw new Refusal(400, 'Error: values not provided for write');
        if (!Array.isArray(v)) throw new Refusal(400, 'Error: values must be a list');
        if (v.length !== keys.length) throw new Refusal(400, `Error: number of values (${v.length}) does not match number of keys (${keys.length})`);
        task.valuesText = (v as Json[]).map(pythonStr).join(',');
        break;
      }
      case 'execute': {
        if (keys.length !== 1) throw new Refusal(400, `Error: execute takes exactly one key, got ${keys.length}`);
        const a = event.arguments;
        if (a !== undefined && a !== null && typeof a !== 'string') throw new Refusal(400, 'Error: arguments must be a string');
        if (typeof a === 'string') task.arguments = a;
        break;
      }
      case 'observe': {
        unique(keys);
        const attrs = attributes();
        const kept = swallowPrefixed(keys);
        task.attributes = kept.map((i) => attrs[i]);
        keys = kept.map((i) => keys[i]);
        break;
      }
      case 'writeAttributes':
        unique(keys);
        task.attributes = attributes();
        break;
      case 'read':
      case 'readComposite':
        keys = keys.some((k) => SPECIAL_READ_KEYS.has(k)) ? ['all'] : swallowPrefixed(keys).map((i) => keys[i]);
        break;
      case 'cancelObserve':
        if (keys.includes('all')) keys = ['all'];
        break;
      case 'observeComposite':
      case 'cancelObserveComposite':
        keys = [...new Set(keys)];
        if (event.attributes !== undefined && Array.isArray(event.attributes)) task.attributes = (event.attributes as Json[]).map((x) => (isObject(x) ? clearNulls(x) : {}));
        break;
    }
    task.keysText = keys.join(',');
    return task;
  }
}

/** Coiote's device ID for a thing: the `:` the integration turned back from `%3A`. */
export function coioteId(thingName: string): string {
  return thingName.replace(/:/g, '%3A');
}

function unique(keys: string[]): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw new Refusal(400, `Error: keys must be unique, ${k} is repeated`);
    seen.add(k);
  }
}

/** Indexes of the keys that no other key is a prefix of (`Device.0` swallows `Device.0.Battery Level`). */
function swallowPrefixed(keys: string[]): number[] {
  const out: number[] = [];
  keys.forEach((k, i) => {
    const swallowed = keys.some((other, j) => j !== i && (k.startsWith(other + '.') || (other === k && j < i)));
    if (!swallowed) out.push(i);
  });
  return out;
}

/** A null attribute value travels as '' (clear it). */
function clearNulls(a: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(a)) out[k] = v === null ? '' : v;
  return out;
}
