// Operation keys: `<Object>.<Instance>[.<Resource>[.<Resource instance>]]` by names, plus the special keys.
// Names may contain dots, so a key is resolved against known names (registry, then the thing's datamodel),
// longest name first; two objects sharing a name ("Location") are told apart by the resource name, then by
// the datamodel.
import { indexDatamodel, type DatamodelIndex } from './datamodelIndex';
import type { Registry } from './registry';
import { closest } from './suggest';
import type { ObjectDef, ResourceDef } from './types';

export type SpecialKey = 'all' | '' | '.' | '/';
export const SPECIAL_KEYS: readonly SpecialKey[] = ['all', '', '.', '/'];

export type KeyLevel = 'special' | 'object' | 'instance' | 'resource' | 'resourceInstance';
export type KeyPartKind = 'object' | 'instance' | 'resource' | 'resourceInstance';

export interface KeyPart {
  kind: KeyPartKind;
  text: string;
  /** offsets in the key string, end exclusive */
  start: number;
  end: number;
}

export type KeyErrorCode = 'key-syntax' | 'unknown-object' | 'unknown-resource';

export interface KeyError {
  code: KeyErrorCode;
  severity: 'error' | 'warning';
  message: string;
  /** offsets in the key string of the wrong characters, end exclusive */
  start: number;
  end: number;
  /** a corrected key, when one is likely */
  suggestion?: string;
}

export interface ParsedKey {
  key: string;
  /** the deepest level the key names (undefined when it could not be parsed at all) */
  level?: KeyLevel;
  special?: SpecialKey;
  parts: KeyPart[];
  objectName?: string;
  /** the object definition the name resolved to */
  object?: ObjectDef;
  /** every definition with that name, when more than one ("Location") */
  candidates?: ObjectDef[];
  /** the object is named in the thing's datamodel */
  inDatamodel?: boolean;
  instance?: string;
  resourceName?: string;
  resource?: ResourceDef;
  resourceInstance?: string;
  /** '/3/0/13' as far as IDs are known */
  path?: string;
  /** the key ended with a '.', which the Lambda strips */
  trailingDot?: boolean;
  errors: KeyError[];
}

const ID_RE = /^\d+$/;
const MAX_ID = 65535;

function dmResourceNames(dm: DatamodelIndex | undefined, objName: string): Set<string> {
  const names = new Set<string>();
  const inst = dm?.objects.get(objName);
  if (inst) for (const res of inst.values()) for (const n of res.keys()) names.add(n);
  return names;
}

/** Picks among objects sharing a name: the one that has the resource, then the datamodel's best match, then the lowest ID. */
function chooseObject(cands: ObjectDef[], registry: Registry, resourceText: string | undefined, objName: string, dm?: DatamodelIndex): ObjectDef {
  if (cands.length === 1) return cands[0];
  let pool = cands;
  if (resourceText) {
    const withRes = cands.filter((o) => resolveResource(o, resourceText, registry).resource);
    if (withRes.length) pool = withRes;
  }
  if (pool.length > 1 && dm) {
    const names = dmResourceNames(dm, objName);
    if (names.size) {
      const score = (o: ObjectDef) => o.resources.filter((r) => names.has(r.name)).length;
      const best = Math.max(...pool.map(score));
      pool = pool.filter((o) => score(o) === best);
    }
  }
  return [...pool].sort((a, b) => a.id - b.id)[0];
}

/** Splits `<Resource>[.<Resource instance>]` against an object's resource names. */
function resolveResource(obj: ObjectDef | undefined, text: string, registry: Registry, dmNames?: Set<string>): { name: string; resource?: ResourceDef; riid?: string; known: boolean } {
  const known = (n: string) => (obj ? registry.resourceByName(obj, n) : undefined);
  const r = known(text);
  if (r || dmNames?.has(text)) return { name: text, resource: r, known: true };
  const m = /^(.*)\.(\d+)$/.exec(text);
  if (m) {
    const r2 = known(m[1]);
    if (r2 || dmNames?.has(m[1])) return { name: m[1], resource: r2, riid: m[2], known: true };
  }
  // Unknown: split off a trailing numeric segment as the resource instance.
  if (m && m[1]) return { name: m[1], riid: m[2], known: false };
  return { name: text, known: false };
}

/** Every object name known for splitting keys: registry names and the datamodel's. */
function isKnownName(name: string, registry: Registry, dm?: DatamodelIndex): boolean {
  return registry.objectsByName(name).length > 0 || !!dm?.objects.has(name);
}

const NO_DATAMODEL = {};
const memo = new WeakMap<Registry, WeakMap<object, Map<string, ParsedKey>>>();
const guesses = new WeakMap<Registry, WeakMap<object, Map<string, string | undefined>>>();

/** The known object name closest to an unknown one, memoised: thousands of keys often share one unknown name. */
function closestObjectName(objName: string, registry: Registry, datamodel: unknown, dm: DatamodelIndex | undefined): string | undefined {
  const dmKey = typeof datamodel === 'object' && datamodel !== null ? datamodel : NO_DATAMODEL;
  let byDm = guesses.get(registry);
  if (!byDm) guesses.set(registry, (byDm = new WeakMap()));
  let byName = byDm.get(dmKey);
  if (!byName) byDm.set(dmKey, (byName = new Map()));
  if (byName.has(objName)) return byName.get(objName);
  if (byName.size >= MEMO_LIMIT) byName.clear();
  const guess = closest(objName, [...registry.objects().map((o) => o.name), ...(dm ? dm.objects.keys() : [])]);
  byName.set(objName, guess);
  return guess;
}
const MEMO_LIMIT = 20_000;

/**
 * Parses a key. `datamodel` (the thing's datamodel shadow, whole or its reported part) adds vendor object
 * names and picks between objects that share a name. Results are memoised per registry and datamodel:
 * treat them as read-only.
 */
export function parseKey(key: string, registry: Registry, datamodel?: unknown): ParsedKey {
  const dmKey = typeof datamodel === 'object' && datamodel !== null ? datamodel : NO_DATAMODEL;
  let byDm = memo.get(registry);
  if (!byDm) memo.set(registry, (byDm = new WeakMap()));
  let byKey = byDm.get(dmKey);
  if (!byKey) byDm.set(dmKey, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  if (byKey.size >= MEMO_LIMIT) byKey.clear();
  const parsed = parseKeyUncached(key, registry, datamodel);
  byKey.set(key, parsed);
  return parsed;
}

function parseKeyUncached(key: string, registry: Registry, datamodel?: unknown): ParsedKey {
  const dm = indexDatamodel(datamodel);
  const out: ParsedKey = { key, parts: [], errors: [] };
  if ((SPECIAL_KEYS as readonly string[]).includes(key)) {
    out.special = key as SpecialKey;
    out.level = 'special';
    return out;
  }
  let body = key;
  if (body.endsWith('.') && body.length > 1) {
    out.trailingDot = true;
    body = body.slice(0, -1);
  }
  // 1. the object name: longest known name followed by '.' or the end.
  let objEnd = -1;
  if (isKnownName(body, registry, dm)) objEnd = body.length;
  else {
    for (let i = body.lastIndexOf('.'); i > 0; i = body.lastIndexOf('.', i - 1)) {
      if (isKnownName(body.slice(0, i), registry, dm)) {
        objEnd = i;
        break;
      }
    }
  }
  const knownObject = objEnd > 0;
  if (!knownObject) {
    // Unknown object: the name runs up to the first '.<digits>' segment.
    const m = /\.(\d+)(?=\.|$)/.exec(body);
    if (m) objEnd = m.index;
    else {
      const dot = body.indexOf('.');
      objEnd = dot < 0 ? body.length : dot;
    }
  }
  const objName = body.slice(0, objEnd);
  if (!objName) {
    out.errors.push({ code: 'key-syntax', severity: 'error', start: 0, end: Math.max(1, key.length), message: `key "${key}" has no object name: expected <Object>.<Instance>[.<Resource>[.<Resource instance>]], e.g. "Device.0.Manufacturer"` });
    return out;
  }
  out.parts.push({ kind: 'object', text: objName, start: 0, end: objEnd });
  out.objectName = objName;
  out.level = 'object';
  if (!knownObject) {
    const ci = registry.objectsByNameIgnoreCase(objName);
    const guess = ci.length ? ci[0].name : closestObjectName(objName, registry, datamodel, dm);
    out.errors.push({
      code: 'unknown-object', severity: 'warning', start: 0, end: objEnd,
      message: `object "${objName}" is not in the LwM2M registry${dm ? ' nor in the thing\'s datamodel' : ''}` +
        (guess ? `; did you mean "${guess}"?` : ' (a vendor object? add its DDF file to lwm2mShadows.objectDefinitionFolders)'),
      suggestion: guess ? guess + key.slice(objEnd) : undefined,
    });
  }
  out.inDatamodel = !!dm?.objects.has(objName);
  const cands = registry.objectsByName(objName);
  if (objEnd >= body.length) {
    if (cands.length) {
      out.object = chooseObject(cands, registry, undefined, objName, dm);
      if (cands.length > 1) out.candidates = cands;
      out.path = `/${out.object.id}`;
    }
    return out;
  }
  // 2. the instance
  const instStart = objEnd + 1;
  const instDot = body.indexOf('.', instStart);
  const instEnd = instDot < 0 ? body.length : instDot;
  const inst = body.slice(instStart, instEnd);
  const rest = instDot < 0 ? undefined : body.slice(instDot + 1);
  if (cands.length) {
    out.object = chooseObject(cands, registry, rest, objName, dm);
    if (cands.length > 1) out.candidates = cands;
    out.path = `/${out.object.id}`;
  }
  out.parts.push({ kind: 'instance', text: inst, start: instStart, end: instEnd });
  if (!ID_RE.test(inst) || Number(inst) >= MAX_ID) {
    const bad = inst === '' ? { s: instStart, e: instStart + 1 } : firstNonDigitSpan(inst, instStart);
    out.errors.push({
      code: 'key-syntax', severity: 'error', start: bad.s, end: Math.min(Math.max(bad.e, bad.s + 1), key.length || 1),
      message: inst === ''
        ? `missing instance ID after "${objName}.": expected a number, e.g. "${objName}.0"`
        : ID_RE.test(inst)
          ? `instance ID ${inst} is out of range: LwM2M instance IDs are 0..65534`
          : `instance ID "${inst}" must be a number (0..65534), e.g. "${objName}.0"`,
    });
    return out;
  }
  out.instance = inst;
  out.level = 'instance';
  if (out.path) out.path += `/${inst}`;
  if (rest === undefined) return out;
  // 3. the resource (and resource instance)
  const resStart = instDot + 1;
  if (rest === '') {
    out.errors.push({ code: 'key-syntax', severity: 'error', start: instDot, end: instDot + 1, message: `empty resource name after "${objName}.${inst}."` });
    return out;
  }
  const dmNames = dm?.objects.has(objName) ? dmResourceNames(dm, objName) : undefined;
  const rr = resolveResource(out.object, rest, registry, dmNames);
  out.resourceName = rr.name;
  out.resource = rr.resource;
  out.level = 'resource';
  out.parts.push({ kind: 'resource', text: rr.name, start: resStart, end: resStart + rr.name.length });
  if (out.resource && out.path) out.path += `/${out.resource.id}`;
  else out.path = undefined;
  if (rr.riid !== undefined) {
    const riStart = resStart + rr.name.length + 1;
    out.parts.push({ kind: 'resourceInstance', text: rr.riid, start: riStart, end: riStart + rr.riid.length });
    out.resourceInstance = rr.riid;
    out.level = 'resourceInstance';
    if (out.path) out.path += `/${rr.riid}`;
    if (Number(rr.riid) >= MAX_ID) {
      out.errors.push({ code: 'key-syntax', severity: 'error', start: riStart, end: riStart + rr.riid.length, message: `resource instance ID ${rr.riid} is out of range: LwM2M IDs are 0..65534` });
    }
  }
  if (!rr.known && (out.object || (dmNames && dmNames.size))) {
    const obj = out.object;
    let message: string;
    let guess: string | undefined;
    if (obj && ID_RE.test(rr.name) && registry.resourceById(obj, Number(rr.name))) {
      guess = registry.resourceById(obj, Number(rr.name))!.name;
      message = `keys name resources by name, not ID: resource ${rr.name} of "${obj.name}" is "${guess}"`;
    } else {
      guess = closest(rr.name, obj ? obj.resources.map((r) => r.name) : dmNames ?? []);
      message = `"${obj ? obj.name : objName}" has no resource "${rr.name}"` + (guess ? `; did you mean "${guess}"?` : '') +
        (obj ? ` (object ${obj.id}${obj.source && obj.source !== 'registry' ? ` from ${obj.source}` : ''})` : '');
    }
    out.errors.push({
      code: 'unknown-resource', severity: obj ? 'error' : 'warning', start: resStart, end: resStart + rr.name.length, message,
      suggestion: guess ? key.slice(0, resStart) + guess + (rr.riid !== undefined ? '.' + rr.riid : '') : undefined,
    });
  }
  return out;
}

function firstNonDigitSpan(s: string, base: number): { s: number; e: number } {
  let i = 0;
  while (i < s.length && /\d/.test(s[i])) i++;
  if (i === s.length) return { s: base, e: base + s.length };
  let j = i;
  while (j < s.length && !/\d/.test(s[j])) j++;
  return { s: base + i, e: base + j };
}

export interface KeySpec {
  object: string | ObjectDef;
  instance?: number | string;
  resource?: string | ResourceDef;
  resourceInstance?: number | string;
}

/** Builds a key from its parts (names, or definitions whose names are used). */
export function formatKey(spec: KeySpec): string {
  const parts: string[] = [typeof spec.object === 'string' ? spec.object : spec.object.name];
  if (spec.instance === undefined) return parts[0];
  parts.push(String(spec.instance));
  if (spec.resource === undefined) return parts.join('.');
  parts.push(typeof spec.resource === 'string' ? spec.resource : spec.resource.name);
  if (spec.resourceInstance !== undefined) parts.push(String(spec.resourceInstance));
  return parts.join('.');
}

/** The key for an LwM2M path like `/3/0/9` (or `3/0/9/1`), or undefined when an ID is not in the registry. */
export function keyForPath(path: string, registry: Registry): string | undefined {
  const ids = path.split('/').filter((s) => s !== '');
  if (!ids.length || !ids.every((s) => ID_RE.test(s))) return undefined;
  const obj = registry.objectById(Number(ids[0]));
  if (!obj) return undefined;
  if (ids.length === 1) return obj.name;
  if (ids.length === 2) return `${obj.name}.${ids[1]}`;
  const res = registry.resourceById(obj, Number(ids[2]));
  if (!res) return undefined;
  return formatKey({ object: obj, instance: ids[1], resource: res, resourceInstance: ids[3] });
}
