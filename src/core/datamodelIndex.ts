// What a thing's datamodel shadow says exists: object names, their instance IDs, resource names and
// resource instance IDs, with the values. Built once per datamodel value (cached by identity).
import { reportedSection } from './datamodelShape';
import { isRecord } from './jsonValue';

export interface DmIndexResource {
  value?: string;
  noValue?: boolean;
  /** resource instance ID → value, for multi-instance resources */
  instances?: Map<string, string>;
}

export interface DatamodelIndex {
  /** object name → instance ID → resource name → resource */
  objects: Map<string, Map<string, Map<string, DmIndexResource>>>;
}

const cache = new WeakMap<object, DatamodelIndex>();

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Indexes a datamodel shadow (whole document, `{reported}` or the reported data); tolerant of junk. */
export function indexDatamodel(datamodel: unknown): DatamodelIndex | undefined {
  if (!isRecord(datamodel)) return undefined;
  const hit = cache.get(datamodel);
  if (hit) return hit;
  const objects: DatamodelIndex['objects'] = new Map();
  const reported = reportedSection(datamodel) ?? {};
  for (const [objName, instances] of Object.entries(reported)) {
    if (!isRecord(instances)) continue;
    const im = new Map<string, Map<string, DmIndexResource>>();
    for (const [iid, resources] of Object.entries(instances)) {
      const rm = new Map<string, DmIndexResource>();
      if (isRecord(resources)) {
        for (const [resName, v] of Object.entries(resources)) {
          if (isRecord(v)) {
            if (v.noValue === true) rm.set(resName, { noValue: true });
            else rm.set(resName, { instances: new Map(Object.entries(v).map(([k, x]) => [k, str(x)])) });
          } else rm.set(resName, { value: str(v) });
        }
      }
      im.set(iid, rm);
    }
    objects.set(objName, im);
  }
  const index = { objects };
  cache.set(datamodel, index);
  return index;
}
