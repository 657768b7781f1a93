// How Coiote DM turns the Lambda's task text into LwM2M requests for a real client: keys and values split at
// every ',' (as Coiote reads the template's text parameters), attributes from their Python-literal list, values
// made the resource's type (Python's `True` is a Boolean true), Write-Attributes queries in the client's LwM2M
// version (`stp` in 1.0, `st` from 1.1), and what each LwM2M version can be asked at all.
import { isObject, type Json, type JsonObject } from '../json';
import { parsePythonLiteral } from '../pythonLiteral';

/** The notification attributes Coiote forwards (the task's keys), with their LwM2M query names. */
const ATTRIBUTE_ORDER = ['pmin', 'pmax', 'gt', 'lt', 'st', 'epmin', 'epmax', 'con'] as const;
/** What an observe's attribute object resets when it leaves them out (LwM2M 1.0's attributes). */
const RESET_BY_OBSERVE = ['pmin', 'pmax', 'gt', 'lt', 'st'] as const;

export type AttributeValues = Partial<Record<(typeof ATTRIBUTE_ORDER)[number], string | null>>;

/** The task's keys as Coiote reads them. */
export function taskKeys(keysText: string): string[] {
  return keysText.split(',');
}

/** The task's attribute objects, one per key, or undefined when the text does not give one per key. */
export function taskAttributes(attributesText: string | undefined, count: number): JsonObject[] | undefined {
  const list = parsePythonLiteral(attributesText ?? '');
  return Array.isArray(list) && list.length === count ? list.map((a) => (isObject(a) ? a : {})) : undefined;
}

/**
 * The attribute values to write for one key: a number sets it, `''`/null clears it. For observe, an object that
 * sets anything but `con` also clears the attributes it leaves out — of those this server wrote before.
 */
export function attributeChange(given: JsonObject, mode: 'observe' | 'writeAttributes', written: AttributeValues): AttributeValues {
  const out: AttributeValues = {};
  const keys = Object.keys(given);
  const onlyCon = keys.length > 0 && keys.every((k) => k === 'con');
  for (const name of ATTRIBUTE_ORDER) {
    if (!Object.hasOwn(given, name)) continue;
    const v: Json = given[name];
    if (v === '' || v === null) out[name] = null;
    else if ((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))) out[name] = String(v);
  }
  if (mode === 'observe' && keys.length && !onlyCon) {
    for (const name of RESET_BY_OBSERVE) if (!Object.hasOwn(given, name) && written[name] !== undefined && written[name] !== null) out[name] = null;
  }
  return out;
}

/** Write-Attributes Uri-Query parts: `pmin=10`, or `pmin` alone to clear it; `st` is `stp` for LwM2M 1.0. */
export function attributeQuery(change: AttributeValues, lwm2mVersion: string): string[] {
  const v10 = lwm2mVersion === '1.0';
  const out: string[] = [];
  for (const name of ATTRIBUTE_ORDER) {
    if (!Object.hasOwn(change, name)) continue;
    const q = name === 'st' && v10 ? 'stp' : name;
    const v = change[name];
    out.push(v === null || v === undefined ? q : `${q}=${v}`);
  }
  return out;
}

/** Read-Composite, Observe-Composite and Send exist from LwM2M 1.1 on. */
export function hasComposite(lwm2mVersion: string): boolean {
  return lwm2mVersion !== '1.0';
}
