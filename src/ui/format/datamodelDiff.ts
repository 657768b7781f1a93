// Which resource values changed between two snapshots of a datamodel shadow. Keys are the LwM2M keys
// core's reader gives each resource and resource instance (`Device.0.Battery Level`,
// `Device.0.Power Source Voltage.1`). Pure (no vscode).
import type { DatamodelTree } from '../../core/index';

/** Every value in the datamodel by key; `undefined` for a resource without a value. */
export function flattenDatamodel(tree: DatamodelTree): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const obj of tree.objects) {
    for (const inst of obj.instances) {
      for (const res of inst.resources) {
        if (res.instances) {
          out.set(res.key, `[${res.instances.length}]`);
          for (const ri of res.instances) out.set(ri.key, ri.value);
        } else {
          out.set(res.key, res.noValue ? undefined : res.value);
        }
      }
    }
  }
  return out;
}

export interface DatamodelChange {
  key: string;
  /** Value before; undefined when there was none or the key is new. */
  before?: string;
  after?: string;
  kind: 'added' | 'removed' | 'changed';
}

/** Changes from `before` to `after`, in the order of `after` then removed keys. */
export function diffDatamodel(before: DatamodelTree, after: DatamodelTree): DatamodelChange[] {
  const a = flattenDatamodel(before);
  const b = flattenDatamodel(after);
  const changes: DatamodelChange[] = [];
  for (const [key, value] of b) {
    if (!a.has(key)) changes.push({ key, after: value, kind: 'added' });
    else if (a.get(key) !== value) changes.push({ key, before: a.get(key), after: value, kind: 'changed' });
  }
  for (const [key, value] of a) {
    if (!b.has(key)) changes.push({ key, before: value, kind: 'removed' });
  }
  return changes;
}
