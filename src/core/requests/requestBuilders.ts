// The operation requests a tree action (or a "New Request…" picker, or an operation test) sends: exactly
// what a person would type into `state.desired` of the operation shadow. Pure: no validation here (the
// caller runs validateOperationDocument on the result, as it does for a document).
import { parseKey } from '../keys';
import type { Registry } from '../registry';

/** An object attribute set as the integration takes it (pmin, pmax, gt, lt, st, epmin, epmax, con). */
export type AttributeSet = Record<string, number | string | null>;

export interface OperationRequestBody {
  operation: string;
  keys: string[];
  values?: unknown[];
  attributes?: AttributeSet[];
  arguments?: string;
}

/** The whole data model (`all`): what Read Everything sends. */
export const ALL_KEY = 'all';

const unique = (keys: readonly string[]) => [...new Set(keys)];

/**
 * One read of several keys: `read` when they name nodes of one object, `readComposite` when they span
 * objects (one LwM2M 1.1 Read-Composite instead of several requests). The object is resolved by the
 * registry (names may contain dots), so "PM2.5.0.Sensor Value" counts as one object.
 */
export function readRequest(keys: readonly string[], registry?: Registry, datamodel?: unknown): OperationRequestBody {
  const list = unique(keys);
  const objects = new Set(list.map((k) => (registry ? parseKey(k, registry, datamodel).objectName ?? k : k.split('.')[0])));
  return { operation: objects.size > 1 ? 'readComposite' : 'read', keys: list };
}

export function readAllRequest(): OperationRequestBody {
  return { operation: 'read', keys: [ALL_KEY] };
}

/** One value per key, values as typed (text travels to Coiote unchanged; JSON true would become "True"). */
export function writeRequest(entries: readonly { key: string; value: unknown }[]): OperationRequestBody {
  return { operation: 'write', keys: entries.map((e) => e.key), values: entries.map((e) => e.value) };
}

export function executeRequest(key: string, args?: string): OperationRequestBody {
  const req: OperationRequestBody = { operation: 'execute', keys: [key] };
  if (args !== undefined && args.trim() !== '') req.arguments = args.trim();
  return req;
}

/** Observe with the same attributes for every key (`{}`: the device's defaults). */
export function observeRequest(keys: readonly string[], attributes: AttributeSet = {}): OperationRequestBody {
  const list = unique(keys);
  return { operation: 'observe', keys: list, attributes: list.map(() => ({ ...attributes })) };
}

export function cancelObserveRequest(keys: readonly string[]): OperationRequestBody {
  return { operation: 'cancelObserve', keys: unique(keys) };
}

export function cancelAllObservationsRequest(): OperationRequestBody {
  return { operation: 'cancelObserve', keys: [ALL_KEY] };
}

export function writeAttributesRequest(keys: readonly string[], attributes: AttributeSet): OperationRequestBody {
  const list = unique(keys);
  return { operation: 'writeAttributes', keys: list, attributes: list.map(() => ({ ...attributes })) };
}

/** The Device object's Reboot of an instance (normally 0). */
export function rebootRequest(deviceInstance = '0'): OperationRequestBody {
  return executeRequest(`Device.${deviceInstance}.Reboot`);
}
