// Resolving operation keys (`Object.Instance.Resource.ResourceInstance`, by names) against a device's
// data model, as Coiote does with the objects the device registered; reading nodes into the nested
// result shape (object → instance → resource → string or {id: string}).
import type { ObjectDef, ResourceDef } from '../core/index';
import { isObject, own, setOwn, type JsonObject } from './json';

export interface NodeRef {
  key: string;
  object: string;
  instance?: string;
  resource?: string;
  resourceInstance?: string;
}

export const WHOLE_MODEL_KEYS = new Set(['all', '', '.', '/']);

/** The node a key names in `model`, or undefined when the device has no such node. Names may contain dots. */
export function resolveKey(model: JsonObject, key: string): NodeRef | undefined {
  const objectName = longestPrefix(Object.keys(model), key);
  if (objectName === undefined) return undefined;
  const ref: NodeRef = { key, object: objectName };
  let rest = key.slice(objectName.length);
  if (!rest) return ref;
  rest = rest.slice(1);
  const dot = rest.indexOf('.');
  const instance = dot < 0 ? rest : rest.slice(0, dot);
  const instances = model[objectName];
  if (!isObject(instances) || !isObject(instances[instance])) return undefined;
  ref.instance = instance;
  if (dot < 0) return ref;
  rest = rest.slice(dot + 1);
  const resources = instances[instance] as JsonObject;
  const resourceName = longestPrefix(Object.keys(resources), rest);
  if (resourceName === undefined) return undefined;
  ref.resource = resourceName;
  const riid = rest.slice(resourceName.length);
  if (!riid) return ref;
  const value = resources[resourceName];
  const id = riid.slice(1);
  if (!isObject(value) || 'noValue' in value || !(id in value)) return undefined;
  ref.resourceInstance = id;
  return ref;
}

function longestPrefix(names: string[], key: string): string | undefined {
  let best: string | undefined;
  for (const n of names) {
    if ((key === n || key.startsWith(n + '.')) && (best === undefined || n.length > best.length)) best = n;
  }
  return best;
}

export function resourceDef(defs: Map<string, ObjectDef>, object: string, resource: string): ResourceDef | undefined {
  return defs.get(object)?.resources.find((r) => r.name === resource);
}

export const readable = (r: ResourceDef | undefined) => !!r && (r.operations === 'R' || r.operations === 'RW');
export const writable = (r: ResourceDef | undefined) => !!r && (r.operations === 'W' || r.operations === 'RW');
export const executable = (r: ResourceDef | undefined) => !!r && r.operations === 'E';

/** Puts `value` at object/instance/resource[/resourceInstance] of a nested result. */
export function setIn(target: JsonObject, path: string[], value: string | JsonObject): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const next = own(node, path[i]);
    if (isObject(next)) node = next;
    else {
      const created: JsonObject = {};
      setOwn(node, path[i], created);
      node = created;
    }
  }
  setOwn(node, path[path.length - 1], value);
}

/** The readable values under a node, in the result shape; undefined when the node is not readable at all. */
export function readNode(model: JsonObject, defs: Map<string, ObjectDef>, ref: NodeRef): JsonObject | undefined {
  const out: JsonObject = {};
  const instances = model[ref.object] as JsonObject;
  const instIds = ref.instance !== undefined ? [ref.instance] : Object.keys(instances);
  let any = false;
  for (const inst of instIds) {
    const resources = instances[inst] as JsonObject;
    const names = ref.resource !== undefined ? [ref.resource] : Object.keys(resources);
    for (const name of names) {
      const def = resourceDef(defs, ref.object, name);
      const value = resources[name];
      if (!readable(def) || (isObject(value) && 'noValue' in value)) continue;
      if (ref.resourceInstance !== undefined) {
        setIn(out, [ref.object, inst, name, ref.resourceInstance], (value as JsonObject)[ref.resourceInstance] as string);
      } else {
        setIn(out, [ref.object, inst, name], structuredClone(value) as string | JsonObject);
      }
      any = true;
    }
    if (ref.resource === undefined && !any && ref.instance !== undefined) setIn(out, [ref.object, inst], {});
  }
  return any || (ref.resource === undefined && Object.keys(out).length) ? out : undefined;
}

/** Deep-merges result fragments. */
export function mergeResult(target: JsonObject, fragment: JsonObject): JsonObject {
  for (const [k, v] of Object.entries(fragment)) {
    const cur = own(target, k);
    if (isObject(v) && isObject(cur) && !Object.hasOwn(v, 'noValue')) mergeResult(cur, v);
    else setOwn(target, k, v);
  }
  return target;
}

/** A patch that turns `current` into exactly `next` under shadow merge rules (stale fields set to null). */
export function replacementPatch(current: JsonObject | undefined, next: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [k, v] of Object.entries(next)) {
    const cur = own(current, k);
    setOwn(patch, k, isObject(v) && isObject(cur) ? replacementPatch(cur, v) : v);
  }
  if (current) for (const k of Object.keys(current)) if (!Object.hasOwn(next, k)) setOwn(patch, k, null);
  return patch;
}
