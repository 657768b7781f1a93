// Hover at an offset: for a key, the object or resource definition (ID path, type, range, units,
// operations, description) and the current value from the datamodel; for values, operations, fields and
// attributes, what they mean. Every string that comes from a device or a file is escaped: the UI renders
// the text as markdown and it must not carry markup or links.
import { ATTRIBUTE_RULES } from './attributes';
import { indexDatamodel } from './datamodelIndex';
import type { Range } from './diagnostics';
import { documentModel } from './documentModel';
import { parseKey, type ParsedKey } from './keys';
import { escapeMarkdown as esc, escapeValue } from './markdown';
import { OPERATION_RULES, isOperationName } from './operations';
import { loadRegistry } from './registry';
import type { ObjectDef, ResourceDef } from './types';
import { unitTextWithCode } from './unitText';
import type { ValidateOptions } from './validate';

export interface HoverInfo {
  range: Range;
  /** markdown; every device- or file-provided string in it is escaped */
  markdown: string;
}

const FIELD_HOVER: Record<string, string> = {
  operation: 'The LwM2M operation to perform. One of read, write, execute, observe, cancelObserve, writeAttributes, readComposite, observeComposite, cancelObserveComposite (case-sensitive).',
  keys: 'The keys the operation applies to, by name: Object.Instance\\[.Resource\\[.Resource instance\\]\\].',
  values: 'write: one value per key, in the same order. The Lambda sends each as Python text and joins them with commas.',
  attributes: 'One attributes object per key: pmin, pmax, gt, lt, st, epmin, epmax, con. {} leaves a key unchanged. For observe, attributes left out of an object are reset to null, except con; an object with only con changes nothing else. null clears an attribute.',
  arguments: 'execute: the LwM2M execute argument list.',
};

function objectMarkdown(o: ObjectDef): string {
  const lines = [
    `**${esc(o.name)}** \`/${o.id}\``,
    '',
    `Object ${o.id}, version ${esc(o.version)} · ${o.multiple ? 'multiple instances' : 'single instance'} · ${o.mandatory ? 'mandatory' : 'optional'}` +
      (o.source && o.source !== 'registry' ? ` · from ${esc(o.source)}` : ''),
  ];
  if (o.description) lines.push('', esc(o.description));
  return lines.join('\n');
}

function resourceMarkdown(o: ObjectDef | undefined, inst: string | undefined, r: ResourceDef, riid?: string): string {
  const path = o ? `/${o.id}/${inst ?? 'x'}/${r.id}${riid !== undefined ? `/${riid}` : ''}` : undefined;
  const facts = [
    `Type: ${r.type === 'None' ? 'none (executable)' : r.type}`,
    `Operations: ${r.operations || 'none'}`,
    r.range ? `Range: ${esc(r.range)}` : undefined,
    r.units ? `Units: ${esc(unitTextWithCode(r.units) ?? r.units)}` : undefined,
    r.multiple ? 'Multiple instances' : 'Single instance',
    r.mandatory ? 'Mandatory' : 'Optional',
  ].filter(Boolean);
  const lines = [`**${esc(r.name)}**${path ? ` \`${path}\`` : ''}${o ? ` in ${esc(o.name)}` : ''}`, '', facts.join(' · ')];
  if (r.description) lines.push('', esc(r.description));
  return lines.join('\n');
}

function keyHover(k: ParsedKey, offsetInKey: number, options: ValidateOptions): string | undefined {
  const part = k.parts.find((p) => offsetInKey >= p.start && offsetInKey <= p.end) ?? k.parts[k.parts.length - 1];
  if (k.special !== undefined) return `\`${k.special === '' ? '""' : esc(k.special)}\`: the whole data model (read, readComposite; "all" also for cancelObserve)`;
  if (!part) return undefined;
  const dm = indexDatamodel(options.datamodel);
  const lines: string[] = [];
  if (part.kind === 'object' || part.kind === 'instance' || !k.resource) {
    if (k.object) lines.push(objectMarkdown(k.object));
    else lines.push(`**${esc(k.objectName ?? '')}**`, '', k.inDatamodel ? 'Vendor object (known from the thing\'s datamodel; no definition loaded).' : 'Not in the LwM2M registry nor in a loaded vendor file.');
    if (part.kind !== 'object' && k.resourceName && !k.resource) lines.push('', `No resource "${esc(k.resourceName)}" is defined for this object.`);
    const insts = k.objectName !== undefined ? dm?.objects.get(k.objectName) : undefined;
    if (insts) lines.push('', `On this device: instance${insts.size === 1 ? '' : 's'} ${[...insts.keys()].map(esc).join(', ') || 'none'}`);
  } else {
    lines.push(resourceMarkdown(k.object, k.instance, k.resource, k.resourceInstance));
  }
  if (k.resourceName !== undefined && k.instance !== undefined && k.objectName !== undefined && (part.kind === 'resource' || part.kind === 'resourceInstance')) {
    const cur = dm?.objects.get(k.objectName)?.get(k.instance)?.get(k.resourceName);
    if (cur?.value !== undefined) lines.push('', `Current value: ${escapeValue(cur.value)}`);
    else if (cur?.noValue) lines.push('', 'Current value: none (noValue)');
    else if (cur?.instances) {
      const shown = k.resourceInstance !== undefined ? [[k.resourceInstance, cur.instances.get(k.resourceInstance) ?? '(no such instance)']] : [...cur.instances].slice(0, 10);
      lines.push('', `Current value${shown.length === 1 ? '' : 's'}: ${shown.map(([i, v]) => `${esc(i)}: ${escapeValue(v)}`).join(', ') || 'none'}`);
    }
  }
  return lines.join('\n');
}

/** Hover information at an offset of an operation document, or undefined. */
export function hoverAt(text: string, offset: number, options: ValidateOptions = {}): HoverInfo | undefined {
  const doc = documentModel(text);
  const node = doc.nodeAt(offset);
  if (!node) return undefined;
  const registry = options.registry ?? loadRegistry();
  const nodeRange = () => doc.lines.range(node.offset, node.offset + node.length);
  // property names
  if (node.parent?.type === 'property' && node.parent.children?.[0] === node && typeof node.value === 'string') {
    const name = node.value;
    const grand = node.parent.parent?.parent;
    if (grand?.type === 'array' && grand.parent?.type === 'property' && grand.parent.children?.[0]?.value === 'attributes') {
      const rule = ATTRIBUTE_RULES[name];
      return rule ? { range: nodeRange(), markdown: `**${rule.name}** (${rule.kind === 'seconds' ? 'seconds' : rule.kind === 'con' ? '0 | 1 | "" | null' : 'number'})\n\n${rule.description}` } : undefined;
    }
    const field = FIELD_HOVER[name];
    return field ? { range: nodeRange(), markdown: `**${name}**\n\n${field}` } : undefined;
  }
  const path = (() => {
    const p: (string | number)[] = [];
    let n = node;
    while (n.parent) {
      const parent = n.parent;
      if (parent.type === 'property') p.unshift(parent.children?.[0]?.value as string);
      else if (parent.type === 'array') p.unshift(parent.children?.indexOf(n) ?? 0);
      n = parent;
    }
    return p;
  })();
  const rel = path[0] === 'state' && path[1] === 'desired' ? path.slice(2) : path;
  if (rel.length === 1 && rel[0] === 'operation' && typeof node.value === 'string') {
    const op = node.value;
    return { range: nodeRange(), markdown: isOperationName(op) ? `**${op}**\n\n${OPERATION_RULES[op].description}` : `**${esc(op)}** is not an operation of the integration.` };
  }
  if (rel.length === 2 && rel[0] === 'keys' && node.type === 'string') {
    const key = node.value as string;
    const k = parseKey(key, registry, options.datamodel);
    const raw = text.slice(node.offset + 1, node.offset + node.length - 1);
    const exact = raw === key;
    const inKey = exact ? offset - node.offset - 1 : 0;
    const part = exact ? k.parts.find((p) => inKey >= p.start && inKey <= p.end) : undefined;
    const md = keyHover(k, inKey, options);
    if (!md) return undefined;
    const range = part ? doc.lines.range(node.offset + 1 + part.start, node.offset + 1 + part.end) : nodeRange();
    return { range, markdown: md };
  }
  if (rel.length === 2 && rel[0] === 'values') {
    const parent = doc.node([...path.slice(0, path.length - 2), 'keys', rel[1]]);
    const key = parent?.type === 'string' ? (parent.value as string) : undefined;
    if (!key) return undefined;
    const k = parseKey(key, registry, options.datamodel);
    if (!k.resource) return { range: nodeRange(), markdown: `Value for ${esc(key)}` };
    return { range: nodeRange(), markdown: `Value for ${esc(key)}\n\n${resourceMarkdown(k.object, k.instance, k.resource, k.resourceInstance)}` };
  }
  return undefined;
}
