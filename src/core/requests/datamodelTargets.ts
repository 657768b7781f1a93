// Every row of a thing's datamodel as an action target (key, level, definitions), in tree order: what the
// F1 key picker lists and what gating looks at. Pure.
import type { DatamodelTree } from '../datamodelReader';
import { actionsFor, type ActionTarget, type TreeActionKind } from './actionGating';

export interface KeyTarget extends ActionTarget {
  key: string;
  /** '/3/0/9' when the IDs are known */
  path?: string;
}

export function datamodelTargets(tree: DatamodelTree): KeyTarget[] {
  const out: KeyTarget[] = [];
  for (const o of tree.objects) {
    out.push({ key: o.name, level: 'object', objectDef: o.def, present: true, path: o.def ? `/${o.def.id}` : undefined });
    for (const i of o.instances) {
      out.push({ key: `${o.name}.${i.id}`, level: 'instance', objectDef: o.def, present: true, path: o.def ? `/${o.def.id}/${i.id}` : undefined });
      for (const r of i.resources) {
        out.push({ key: r.key, level: 'resource', objectDef: o.def, resourceDef: r.def, present: true, path: r.path });
        for (const ri of r.instances ?? []) {
          out.push({ key: ri.key, level: 'resourceInstance', objectDef: o.def, resourceDef: r.def, present: true, path: ri.path });
        }
      }
    }
  }
  return out;
}

/** The targets that offer an action. */
export function targetsFor(kind: TreeActionKind, tree: DatamodelTree): KeyTarget[] {
  return datamodelTargets(tree).filter((t) => actionsFor(t).includes(kind));
}

/** Whether the datamodel has a Device object instance with a Reboot resource (its instance id). */
export function rebootInstance(tree: DatamodelTree): string | undefined {
  const device = tree.objects.find((o) => o.def?.id === 3 || o.name === 'Device');
  return device?.instances.find((i) => i.resources.some((r) => r.name === 'Reboot'))?.id;
}
