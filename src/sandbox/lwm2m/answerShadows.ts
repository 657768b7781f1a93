// A client's answers in the integration's datamodel shape: object name → instance ID → resource name → value as
// text; a multiple resource as {resource instance ID → text}; executables {"noValue": true}. Used for the model read
// after registration, for read results (the operation shadow's `result`), notifications and LwM2M Send.
import type { JsonObject } from '../json';
import { setIn } from '../datamodelPaths';
import { NO_VALUE } from '../datamodelBuilder';
import type { Lwm2mRecord, Lwm2mValue } from './codecs/index';
import type { ObjectNaming } from './objectNaming';

/** A value as the datamodel shadow shows it: text, base64 for opaque bytes, `object:instance` for an Objlnk. */
export function valueText(v: Lwm2mValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v && typeof v === 'object' && 'objectId' in v) return `${v.objectId}:${v.instanceId}`;
  return String(v);
}

/** Records as a datamodel fragment (the nested shape, names from the registry or numbers). */
export function recordsToDatamodel(records: Lwm2mRecord[], naming: ObjectNaming): JsonObject {
  const out: JsonObject = {};
  for (const r of records) {
    const ids = r.path.split('/').filter(Boolean).map(Number);
    if (ids.length < 3 || ids.some((n) => !Number.isInteger(n))) continue;
    const [o, i, res, ri] = ids;
    const path = [naming.objectName(o), String(i), naming.resourceName(o, res)];
    const multiple = ri !== undefined || naming.resource(o, res)?.multiple === true;
    setIn(out, multiple ? [...path, String(ri ?? 0)] : path, valueText(r.value));
  }
  return out;
}

/** The paths an answer for `path` replaces: instances read whole get their executables as {"noValue": true}. */
export function withExecutables(fragment: JsonObject, naming: ObjectNaming, objectId: number): JsonObject {
  const def = naming.def(objectId);
  const instances = fragment[naming.objectName(objectId)];
  if (!def || !instances || typeof instances !== 'object' || Array.isArray(instances)) return fragment;
  for (const inst of Object.values(instances)) {
    if (!inst || typeof inst !== 'object' || Array.isArray(inst)) continue;
    for (const r of def.resources) if (r.operations === 'E' && !(r.name in inst)) (inst as JsonObject)[r.name] = { ...NO_VALUE };
  }
  return fragment;
}
