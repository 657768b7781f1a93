// The datamodel shadow as a tree: objects → instances → resources (→ resource instances), each resolved
// against the registry where a definition is known. Tolerant: junk entries are skipped, never thrown on.
import { reportedSection } from './datamodelShape';
import { isRecord } from './jsonValue';
import { loadRegistry, type Registry } from './registry';
import type { ObjectDef, ResourceDef } from './types';

export interface DmResourceInstance { id: string; value: string; key: string; path?: string }
export interface DmResource {
  name: string;
  def?: ResourceDef;
  key: string;
  path?: string;
  value?: string;
  noValue?: boolean;
  instances?: DmResourceInstance[];
}
export interface DmInstance { id: string; resources: DmResource[] }
export interface DmObject { name: string; def?: ObjectDef; instances: DmInstance[] }
export interface DatamodelTree { objects: DmObject[] }

function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const byNumericId = (a: string, b: string) => {
  const na = Number(a), nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b);
};

/** Picks the definition for an object name; when several share it, the one with most of these resources. */
export function resolveObjectDef(name: string, resourceNames: Iterable<string>, registry: Registry): ObjectDef | undefined {
  const cands = registry.objectsByName(name);
  if (cands.length <= 1) return cands[0];
  const names = new Set(resourceNames);
  let best = cands[0], bestScore = -1;
  for (const c of [...cands].sort((a, b) => a.id - b.id)) {
    const s = c.resources.filter((r) => names.has(r.name)).length;
    if (s > bestScore) { best = c; bestScore = s; }
  }
  return best;
}

/** Reads a datamodel shadow (whole document, `{reported}` or the reported data). */
export function readDatamodel(reported: unknown, registry: Registry = loadRegistry()): DatamodelTree {
  const data = reportedSection(reported);
  const tree: DatamodelTree = { objects: [] };
  if (!data) return tree;
  for (const [objName, rawInstances] of Object.entries(data)) {
    if (!isRecord(rawInstances)) continue;
    const resNames = new Set<string>();
    for (const inst of Object.values(rawInstances)) if (isRecord(inst)) for (const n of Object.keys(inst)) resNames.add(n);
    const def = resolveObjectDef(objName, resNames, registry);
    const obj: DmObject = { name: objName, def, instances: [] };
    for (const iid of Object.keys(rawInstances).sort(byNumericId)) {
      const rawRes = rawInstances[iid];
      const inst: DmInstance = { id: iid, resources: [] };
      if (isRecord(rawRes)) {
        for (const [resName, v] of Object.entries(rawRes)) {
          const rdef = def ? registry.resourceByName(def, resName) : undefined;
          const key = `${objName}.${iid}.${resName}`;
          const path = def && rdef && /^\d+$/.test(iid) ? `/${def.id}/${iid}/${rdef.id}` : undefined;
          const res: DmResource = { name: resName, def: rdef, key, path };
          if (isRecord(v)) {
            if (v.noValue === true) res.noValue = true;
            else {
              res.instances = Object.keys(v).sort(byNumericId).map((riid) => ({
                id: riid, value: valueText(v[riid]), key: `${key}.${riid}`, path: path ? `${path}/${riid}` : undefined,
              }));
            }
          } else res.value = valueText(v);
          inst.resources.push(res);
        }
        inst.resources.sort((a, b) => (a.def?.id ?? Infinity) - (b.def?.id ?? Infinity) || a.name.localeCompare(b.name));
      }
      obj.instances.push(inst);
    }
    tree.objects.push(obj);
  }
  tree.objects.sort((a, b) => (a.def?.id ?? Infinity) - (b.def?.id ?? Infinity) || a.name.localeCompare(b.name));
  return tree;
}
