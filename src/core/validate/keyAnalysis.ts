// One key against the registry, the operation's rule and the thing's datamodel: syntax, single instances,
// resource levels, permissions, resource instances, presence in the datamodel.
import type { DatamodelIndex } from '../datamodelIndex';
import { parseKey, type ParsedKey } from '../keys';
import type { OperationRule } from '../operations';
import type { Registry } from '../registry';
import type { Finding, Target } from './finding';

const PERMISSION_NAMES: Record<string, string> = { R: 'R (read)', W: 'W (write)', E: 'E (execute)' };

export type KeyFinding = Omit<Finding, 'path'>;

/** The findings of one key, without its place in the document (the cache shares them across documents). */
export function analyseKey(key: string, rule: OperationRule | undefined, opName: string | undefined, registry: Registry, datamodel: unknown, dm: DatamodelIndex | undefined): { parsed: ParsedKey; findings: KeyFinding[] } {
  const out: KeyFinding[] = [];
  const dmHasObjects = !!dm && dm.objects.size > 0;
  const span = (start: number, end: number): Target => ({ kind: 'span', start, end });
  const comma = key.indexOf(',');
  if (comma >= 0) {
    out.push({ code: 'comma-in-value', severity: 'error', target: span(comma, comma + 1),
      message: `the key contains a comma: the Lambda joins keys with commas, so Coiote receives "${key.slice(0, comma)}" and "${key.slice(comma + 1)}" as two keys` });
  }
  const k = parseKey(key, registry, datamodel);
  const done = () => ({ parsed: k, findings: out });
  for (const e of k.errors) {
    out.push({ code: e.code, severity: e.severity, message: e.message, target: span(e.start, e.end), ...(e.suggestion !== undefined ? { fix: { kind: 'replace-value', value: e.suggestion } } : {}) });
  }
  if (k.special !== undefined) {
    if (rule && !rule.specialKeys.includes(k.special)) {
      const what = k.special === '' ? 'an empty key' : `"${k.special}"`;
      out.push({ code: 'key-syntax', severity: 'error', target: { kind: 'value' },
        message: `${what} is not a key for ${opName}: "all", "", "." and "/" mean the whole data model only for read and readComposite ("all" also for cancelObserve); name a key like "Device.0.Manufacturer"` });
    }
    return done();
  }
  if (k.errors.some((e) => e.code === 'key-syntax')) return done();
  const objPart = k.parts.find((p) => p.kind === 'object');
  const instPart = k.parts.find((p) => p.kind === 'instance');
  const resPart = k.parts.find((p) => p.kind === 'resource');
  // a single-instance object has only instance 0
  if (k.object && !k.object.multiple && k.instance !== undefined && k.instance !== '0' && instPart) {
    out.push({ code: 'single-instance', severity: 'error', target: span(instPart.start, instPart.end),
      fix: { kind: 'replace-value', value: key.slice(0, instPart.start) + '0' + key.slice(instPart.end) },
      message: `"${k.object.name}" (object ${k.object.id}) is single-instance: its only instance is 0, e.g. "${k.object.name}.0${k.resourceName ? '.' + k.resourceName : ''}"` });
  }
  // operations that need a resource key
  if (rule?.resourceKeys && (k.level === 'object' || k.level === 'instance')) {
    const code = rule.needs === 'E' ? 'not-executable' : 'not-writable';
    const example = k.object?.resources.find((r) => r.operations.includes(rule.needs ?? 'W'));
    out.push({ code, severity: 'error', target: { kind: 'value' },
      message: `${opName} needs a resource key, not a whole ${k.level}` + (example ? `, e.g. "${k.objectName}.${k.instance ?? 0}.${example.name}"` : '') });
  }
  // permissions
  const res = k.resource;
  if (res && rule?.needs && resPart) {
    const ops = res.operations;
    const ok = ops.includes(rule.needs);
    if (!ok) {
      const code = rule.needs === 'R' ? 'not-readable' : rule.needs === 'W' ? 'not-writable' : 'not-executable';
      const has = ops ? `allows only ${ops.split('').map((c) => PERMISSION_NAMES[c] ?? c).join(' and ')}` : 'allows no operation';
      const alt = ops.includes('E') ? '; use "operation": "execute"' : ops.includes('W') && rule.needs === 'R' ? '; it can only be written' : ops.includes('R') && rule.needs !== 'R' ? '; it can only be read or observed' : '';
      out.push({ code, severity: 'error', target: span(resPart.start, resPart.end),
        message: `${opName} needs ${PERMISSION_NAMES[rule.needs]}, but "${res.name}" (${k.path ?? `resource ${res.id}`}) ${has}${alt}` });
    }
  }
  // resource instances only on multiple resources
  const riPart = k.parts.find((p) => p.kind === 'resourceInstance');
  if (res && !res.multiple && riPart) {
    out.push({ code: 'key-syntax', severity: 'error', target: span(riPart.start - 1, riPart.end),
      fix: { kind: 'replace-value', value: key.slice(0, riPart.start - 1) + key.slice(riPart.end) },
      message: `"${res.name}" is a single-instance resource: it has no resource instance ${riPart.text}; use "${k.objectName}.${k.instance}.${res.name}"` });
  }
  // the thing's datamodel
  if (dmHasObjects && objPart && k.objectName !== undefined) {
    const insts = dm!.objects.get(k.objectName);
    if (!insts) {
      out.push({ code: 'instance-not-in-datamodel', severity: 'warning', target: span(objPart.start, objPart.end),
        message: `the thing's datamodel has no object "${k.objectName}": the device may not implement it (objects it has: ${[...dm!.objects.keys()].slice(0, 8).join(', ')})` });
    } else if (k.instance !== undefined && instPart && !insts.has(k.instance)) {
      out.push({ code: 'instance-not-in-datamodel', severity: 'warning', target: span(instPart.start, instPart.end),
        message: `the thing's datamodel has no instance ${k.instance} of "${k.objectName}" (instances: ${[...insts.keys()].join(', ') || 'none'})` });
    }
  }
  return done();
}
