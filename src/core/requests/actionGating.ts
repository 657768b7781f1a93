// Which operations a row of the datamodel offers, from the object definition (registry or vendor DDF) and
// what the device has: R → Read / Observe, W → Write, E → Execute (as Leshan's UI gates them), objects and
// instances Read / Observe / Write Attributes, nothing on what the device lacks. Pure.
import type { ObjectDef, ResourceDef } from '../types';

export type TreeActionKind =
  | 'read' | 'write' | 'execute' | 'observe' | 'cancelObserve' | 'writeAttributes'
  | 'readAll' | 'cancelAllObservations' | 'reboot';

export type RowLevel = 'thing' | 'object' | 'instance' | 'resource' | 'resourceInstance';

/** What a row is, as far as gating needs to know. */
export interface ActionTarget {
  level: RowLevel;
  /** The object's definition, when known (any level below thing). */
  objectDef?: ObjectDef;
  /** The resource's definition (resource and resource-instance levels), when known. */
  resourceDef?: ResourceDef;
  /** The row is in the thing's datamodel (rows of the tree always are; keys typed in a picker may not be). */
  present: boolean;
  /** Thing level: the datamodel has Device.<n>.Reboot. */
  hasReboot?: boolean;
}

/** The actions a row offers, in menu order. An unknown definition offers only what any node allows. */
export function actionsFor(t: ActionTarget): TreeActionKind[] {
  if (t.level === 'thing') return ['readAll', 'cancelAllObservations', ...(t.hasReboot ? ['reboot' as const] : [])];
  if (!t.present) return [];
  if (t.level === 'object' || t.level === 'instance') return ['read', 'observe', 'cancelObserve', 'writeAttributes'];
  const ops = t.resourceDef?.operations;
  // No definition: the device has it, so Read (and Observe) are safe to offer; Write and Execute need the definition.
  if (ops === undefined) return t.level === 'resourceInstance' ? ['read'] : ['read', 'observe', 'cancelObserve', 'writeAttributes'];
  const out: TreeActionKind[] = [];
  const readable = ops.includes('R');
  if (t.level === 'resourceInstance') {
    if (readable) out.push('read');
    if (ops.includes('W')) out.push('write');
    return out;
  }
  if (readable) out.push('read');
  // A multi-instance resource is written one instance at a time (its instance rows).
  if (ops.includes('W') && !t.resourceDef?.multiple) out.push('write');
  if (ops === 'E') out.push('execute');
  if (readable) out.push('observe', 'cancelObserve', 'writeAttributes');
  return out;
}

/** Why an action is not offered on a row (for a command invoked where its menu would not show it). */
export function whyNot(kind: TreeActionKind, t: ActionTarget): string | undefined {
  if (actionsFor(t).includes(kind)) return undefined;
  if (t.level !== 'thing' && !t.present) return 'the device has no such object, instance or resource (it is not in its datamodel)';
  const ops = t.resourceDef?.operations;
  const name = t.resourceDef?.name ?? t.objectDef?.name ?? 'this row';
  switch (kind) {
    case 'write':
      if (t.resourceDef?.multiple && t.level === 'resource') return `${name} has several instances: write one instance at a time`;
      return ops === undefined ? `no definition of ${name} is known, so it cannot be checked for writing` : `${name} is not writable (operations: ${ops || 'none'})`;
    case 'execute':
      return ops === undefined ? `no definition of ${name} is known` : `${name} is not executable (operations: ${ops || 'none'})`;
    case 'read':
    case 'observe':
    case 'cancelObserve':
    case 'writeAttributes':
      return `${name} is not readable (operations: ${ops || 'none'})`;
    case 'reboot':
      return 'the device has no Device object with a Reboot resource';
    default:
      return `${kind} applies to a thing, not to ${name}`;
  }
}
