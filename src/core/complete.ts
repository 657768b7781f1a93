// Completion at an offset in an operation document, complete or half-typed: property names, operation
// names, keys part by part (object → instance → resource → resource instance), values for the key at the
// same index, attribute names and values.
import * as jsonc from 'jsonc-parser';
import { ATTRIBUTE_NAMES, ATTRIBUTE_OPERATIONS, ATTRIBUTE_RULES } from './attributes';
import { indexDatamodel, type DatamodelIndex } from './datamodelIndex';
import type { Range } from './diagnostics';
import { documentModel, type DocumentModel, type JsonPath } from './documentModel';
import { MAX_PARSE_DEPTH, offsetPastDepth, oversizedBytes } from './jsonTextChecks';
import { parseKey } from './keys';
import { FORWARDED_FIELDS, OPERATION_NAMES, OPERATION_RULES, isOperationName, type OperationRule } from './operations';
import { loadRegistry, type Registry } from './registry';
import type { ObjectDef, ResourceDef } from './types';
import type { ValidateOptions } from './validate';
import { parseRange } from './valueTypes';
import { isRecord } from './jsonValue';

export interface CompletionItem {
  label: string;
  insertText: string;
  range: Range;
  kind: 'property' | 'operation' | 'key' | 'value' | 'attribute';
  detail?: string;
  documentation?: string;
  sortText?: string;
  /** insertText is a snippet: `$0` / `${1:0}` mark where the cursor goes (VS Code SnippetString syntax). */
  snippet?: boolean;
}

const FIELD_DOCS: Record<string, string> = {
  operation: 'The LwM2M operation: read, write, execute, observe, cancelObserve, writeAttributes, readComposite, observeComposite, cancelObserveComposite.',
  keys: 'Keys by name: <Object>.<Instance>[.<Resource>[.<Resource instance>]], e.g. "Device.0.Battery Level".',
  values: 'write: one value per key, in the same order as keys.',
  attributes: 'observe, writeAttributes: one attributes object per key ({} leaves a key unchanged; for observe, attributes left out are reset to null, except con). The Lambda drops attributes for observeComposite.',
  arguments: 'execute: the LwM2M argument list, e.g. 0=\'on\',1',
  state: 'The shadow state: put the request in "desired".',
  desired: 'The operation request: operation, keys, and values / attributes / arguments.',
};

/** Balanced, so that accepting one never leaves the document broken: the cursor lands inside. */
const FIELD_SNIPPETS: Record<string, string> = {
  operation: '"operation": "$0"', keys: '"keys": [$0]', values: '"values": [$0]', attributes: '"attributes": [{$0}]', arguments: '"arguments": "$0"',
  state: '"state": {$0}', desired: '"desired": {$0}',
};

function resourceDetail(r: ResourceDef): string {
  const parts = [r.type === 'None' ? 'executable' : r.type, r.operations || 'no operations'];
  if (r.range) parts.push(`range ${r.range}`);
  if (r.units) parts.push(r.units);
  if (r.multiple) parts.push('multiple');
  return parts.join(' · ');
}

function objectDetail(o: ObjectDef): string {
  return `/${o.id} · ${o.multiple ? 'multiple instances' : 'single instance'}${o.source && o.source !== 'registry' ? ` · ${o.source}` : ''}`;
}

/** The permission an operation needs from a resource, to filter resource completions. */
function allows(rule: OperationRule | undefined, r: ResourceDef): boolean {
  if (!rule?.needs) return true;
  return r.operations.includes(rule.needs);
}

interface Ctx {
  doc: DocumentModel;
  offset: number;
  registry: Registry;
  datamodel: unknown;
  dm?: DatamodelIndex;
  request?: Record<string, unknown>;
  rule?: OperationRule;
}

/** The string token at the offset (for ranges inside it), if the previous node is a string containing the offset. */
function stringToken(doc: DocumentModel, node: jsonc.Node | undefined, offset: number): { contentStart: number; contentEnd: number; prefix: string } | undefined {
  if (!node || (node.type !== 'string' && node.type !== 'property')) return undefined;
  const start = node.offset;
  if (offset <= start || offset > start + node.length) return undefined;
  const raw = doc.text.slice(start, start + node.length);
  const closed = raw.length >= 2 && raw.endsWith('"') && !raw.endsWith('\\"');
  const contentEnd = closed ? start + node.length - 1 : start + node.length;
  if (offset > contentEnd) return undefined;
  return { contentStart: start + 1, contentEnd, prefix: doc.text.slice(start + 1, offset) };
}

function completeKey(ctx: Ctx, tok: { contentStart: number; contentEnd: number; prefix: string } | undefined, items: CompletionItem[]): void {
  const { doc, registry, dm, rule } = ctx;
  const prefix = tok ? tok.prefix : '';
  const base = tok ? tok.contentStart : ctx.offset;
  const contentEnd = tok ? tok.contentEnd : ctx.offset;
  const full = tok ? doc.text.slice(tok.contentStart, tok.contentEnd) : '';
  const quote = (s: string) => (tok ? s : JSON.stringify(s));
  // where the part under the cursor ends: the next '.' after the cursor, or the end of the string
  const partEnd = (from: number) => {
    const dot = full.indexOf('.', from - base);
    return dot < 0 || dot < ctx.offset - base ? contentEnd : base + dot;
  };
  const range = (start: number, end: number) => doc.lines.range(start, end);
  // 1. which object is typed: the longest known name followed by '.'
  let objName: string | undefined;
  for (let i = prefix.lastIndexOf('.'); i > 0; i = prefix.lastIndexOf('.', i - 1)) {
    const n = prefix.slice(0, i);
    if (registry.objectsByName(n).length || dm?.objects.has(n)) { objName = n; break; }
  }
  if (objName === undefined) {
    // the object part ends before the first '.<instance>' after the cursor
    const after = full.slice(ctx.offset - base);
    const m = /\.\d+(?=\.|$)/.exec(after);
    const r = range(base, tok ? (m ? ctx.offset + m.index : contentEnd) : ctx.offset);
    const seen = new Set<string>();
    if (rule && rule.specialKeys.length && !prefix) {
      for (const s of rule.specialKeys.filter((k) => k === 'all')) {
        items.push({ label: s, insertText: quote(s), range: r, kind: 'key', detail: 'the whole data model', documentation: rule.name === 'cancelObserve' ? 'Cancels every observation.' : 'Reads every object of the device.', sortText: '0' });
      }
    }
    if (dm) {
      for (const [name, insts] of dm.objects) {
        seen.add(name);
        const def = registry.objectsByName(name)[0];
        items.push({ label: name, insertText: quote(name), range: r, kind: 'key', detail: def ? objectDetail(def) : 'vendor object (in the datamodel)',
          documentation: `${def?.description ?? ''}${def ? '\n\n' : ''}Instances on this device: ${[...insts.keys()].join(', ') || 'none'}`, sortText: `1${name}` });
      }
    }
    for (const o of registry.objects()) {
      if (seen.has(o.name)) continue;
      seen.add(o.name);
      items.push({ label: o.name, insertText: quote(o.name), range: r, kind: 'key', detail: objectDetail(o), documentation: o.description, sortText: `${o.id < 100 ? 2 : 3}${o.name}` });
    }
    return;
  }
  const defs = registry.objectsByName(objName);
  const parsed = parseKey(prefix + 'x', registry, ctx.datamodel); // resolve the object the way the key will
  const obj: ObjectDef | undefined = parsed.object ?? defs[0];
  const rest = prefix.slice(objName.length + 1);
  const instEndInRest = rest.indexOf('.');
  const dmInsts = dm?.objects.get(objName);
  if (instEndInRest < 0) {
    // 2. instance IDs
    const start = base + objName.length + 1;
    const r = range(start, partEnd(ctx.offset));
    const ids = dmInsts ? [...dmInsts.keys()] : obj && !obj.multiple ? ['0'] : ['0', '1'];
    ids.forEach((id, i) => items.push({
      label: id, insertText: tok ? id : JSON.stringify(`${objName}.${id}`), range: r, kind: 'key',
      detail: `${objName} instance ${id}${dmInsts ? ' (on this device)' : obj && !obj.multiple ? ' (single-instance object)' : ''}`,
      documentation: obj?.description, sortText: String(i).padStart(4, '0'),
    }));
    return;
  }
  const inst = rest.slice(0, instEndInRest);
  const resPrefix = rest.slice(instEndInRest + 1);
  const resStart = base + objName.length + 1 + instEndInRest + 1;
  const dmRes = dmInsts?.get(inst);
  // 3b. resource instances: the prefix already holds a whole resource name followed by '.'
  for (let i = resPrefix.lastIndexOf('.'); i > 0; i = resPrefix.lastIndexOf('.', i - 1)) {
    const rn = resPrefix.slice(0, i);
    const rdef = obj ? registry.resourceByName(obj, rn) : undefined;
    if (rdef || dmRes?.has(rn)) {
      const riStart = resStart + i + 1;
      const r = range(riStart, contentEnd);
      const cur = dmRes?.get(rn)?.instances;
      const ids = cur ? [...cur.keys()] : ['0'];
      ids.forEach((id, n) => items.push({
        label: id, insertText: id, range: r, kind: 'key', detail: `${rn} instance ${id}`,
        documentation: cur?.has(id) ? `Current value: ${cur.get(id)}` : rdef?.description, sortText: String(n).padStart(4, '0'),
      }));
      return;
    }
  }
  // 3. resources, filtered by what the operation needs
  const r = range(resStart, contentEnd);
  const seen = new Set<string>();
  for (const res of obj?.resources ?? []) {
    if (seen.has(res.name) || !allows(rule, res)) continue;
    seen.add(res.name);
    const cur = dmRes?.get(res.name);
    const curText = cur?.value !== undefined ? `\n\nCurrent value: ${cur.value}` : cur?.instances ? `\n\nCurrent values: ${[...cur.instances].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none'}` : '';
    items.push({
      label: res.name, insertText: tok ? res.name : JSON.stringify(`${objName}.${inst}.${res.name}`), range: r, kind: 'key',
      detail: `/${obj!.id}/${inst}/${res.id} · ${resourceDetail(res)}`, documentation: res.description + curText,
      sortText: `${cur ? 0 : 1}${res.mandatory ? 0 : 1}${String(res.id).padStart(5, '0')}`,
    });
  }
  if (dmRes) {
    for (const [name, cur] of dmRes) {
      if (seen.has(name)) continue;
      items.push({ label: name, insertText: tok ? name : JSON.stringify(`${objName}.${inst}.${name}`), range: r, kind: 'key', detail: 'resource on this device',
        documentation: cur.value !== undefined ? `Current value: ${cur.value}` : undefined, sortText: `2${name}` });
    }
  }
}

function completeValue(ctx: Ctx, index: number, tok: ReturnType<typeof stringToken>, items: CompletionItem[]): void {
  const keys = Array.isArray(ctx.request?.keys) ? (ctx.request!.keys as unknown[]) : [];
  const key = keys[index];
  if (typeof key !== 'string') return;
  const k = parseKey(key, ctx.registry, ctx.datamodel);
  const res = k.resource;
  const r = tok ? ctx.doc.lines.range(tok.contentStart, tok.contentEnd) : ctx.doc.lines.range(ctx.offset, ctx.offset);
  const detail = res ? `${key} · ${resourceDetail(res)}` : key;
  const add = (label: string, json: unknown, doc: string | undefined, sort: string) => {
    if (tok && typeof json !== 'string') return; // inside quotes only strings fit
    items.push({ label, insertText: tok ? String(json) : JSON.stringify(json), range: r, kind: 'value', detail, documentation: doc, sortText: sort });
  };
  const dmCur = k.objectName !== undefined && k.instance !== undefined && k.resourceName !== undefined
    ? ctx.dm?.objects.get(k.objectName)?.get(k.instance)?.get(k.resourceName) : undefined;
  const current = k.resourceInstance !== undefined ? dmCur?.instances?.get(k.resourceInstance) : dmCur?.value;
  if (current !== undefined) add(current, current, 'The current value on the device.', '0');
  if (!res) return;
  if (res.type === 'Boolean') {
    add('"true"', 'true', 'Boolean true (as text, the way the datamodel stores it).', '1');
    add('"false"', 'false', 'Boolean false.', '2');
  }
  const range = parseRange(res.range, res.type);
  if (range?.kind === 'list') range.items.forEach((it, i) => add(it, it, `One of ${res.range}.`, `3${String(i).padStart(3, '0')}`));
  if (range?.kind === 'numeric' && !tok) {
    add(String(range.min), res.type === 'Float' ? range.min : range.min, `The minimum of ${res.range}${res.units ? ` ${res.units}` : ''}.`, '4');
  }
}

function completeProperties(ctx: Ctx, path: JsonPath, tok: ReturnType<typeof stringToken>, existing: Set<string>, items: CompletionItem[]): void {
  const inAttrs = path.length >= 2 && path[path.length - 2] === 'attributes' && typeof path[path.length - 1] === 'number';
  const r = tok ? ctx.doc.lines.range(tok.contentStart, tok.contentEnd) : ctx.doc.lines.range(ctx.offset, ctx.offset);
  if (inAttrs) {
    ATTRIBUTE_NAMES.forEach((n, i) => {
      if (existing.has(n)) return;
      const rule = ATTRIBUTE_RULES[n];
      // A placeholder value (selected, typed over) keeps the JSON whole.
      items.push({ label: n, insertText: tok ? n : `"${n}": \${1:${rule.kind === 'con' ? 1 : 0}}`, snippet: !tok, range: r, kind: 'attribute', detail: rule.kind === 'seconds' ? 'seconds' : rule.kind === 'con' ? '0 | 1 | "" | null' : 'number', documentation: rule.description, sortText: String(i) });
    });
    return;
  }
  let names: string[];
  if (path.length === 0 && !existing.has('state') && !FORWARDED_FIELDS.some((f) => existing.has(f))) names = ['state', ...FORWARDED_FIELDS];
  else if (path.length === 1 && path[0] === 'state') names = ['desired'];
  else if (path.length === 0 || (path.length === 2 && path[0] === 'state' && path[1] === 'desired')) names = [...FORWARDED_FIELDS];
  else return;
  const rule = ctx.rule;
  names.forEach((n, i) => {
    if (existing.has(n)) return;
    const relevant = !rule || n === 'operation' || n === 'keys' || n === 'state' || n === 'desired' || rule.uses.includes(n as 'values') || rule.requires.includes(n as 'values');
    items.push({ label: n, insertText: tok ? n : FIELD_SNIPPETS[n], snippet: !tok, range: r, kind: 'property', detail: relevant ? undefined : `${rule!.name} ignores it`, documentation: FIELD_DOCS[n], sortText: `${relevant ? 0 : 1}${i}` });
  });
}

/**
 * The cursor is just after a finished token (a closed string, a number, true/false/null): a key or value is
 * complete there, and anything inserted would glue onto it (`"desired""desired": {`). Nothing is offered.
 */
function afterFinishedToken(text: string, node: jsonc.Node | undefined, offset: number): boolean {
  if (!node || !['string', 'property', 'number', 'boolean', 'null'].includes(node.type)) return false;
  const end = node.offset + node.length;
  if (offset < end || !/^\s*$/.test(text.slice(end, offset))) return false;
  if (node.type !== 'string' && node.type !== 'property') return true;
  const raw = text.slice(node.offset, end);
  return raw.length >= 2 && raw.endsWith('"') && !/(^|[^\\])(\\\\)*\\"$/.test(raw);
}

/**
 * An item inserted at the cursor (not inside a string) between other elements or properties gets the commas
 * that separate it from them, so the document stays valid JSON.
 */
function separated(text: string, offset: number, items: CompletionItem[]): CompletionItem[] {
  const before = /["}\]\w]\s*$/.test(text.slice(0, offset)) ? ', ' : '';
  const after = /^\s*["{[\w-]/.test(text.slice(offset)) ? ',' : '';
  if (!before && !after) return items;
  return items.map((i) => {
    const empty = i.range.start.line === i.range.end.line && i.range.start.character === i.range.end.character;
    return empty && /^["{[\w-]/.test(i.insertText) ? { ...i, insertText: `${before}${i.insertText}${after}` } : i;
  });
}

/** Completion items at an offset of an operation document. */
export function completeAt(text: string, offset: number, options: ValidateOptions = {}): CompletionItem[] {
  const o = Math.max(0, Math.min(offset, text.length));
  // a text AWS refuses unread, or one nested past the limit before the cursor (the parser recurses): nothing
  if (oversizedBytes(text) !== undefined || offsetPastDepth(text, MAX_PARSE_DEPTH, o) >= 0) return [];
  // Outside the document's one JSON value (before its '{', after its closing '}') nothing fits.
  const root = offsetPastDepth(text, MAX_PARSE_DEPTH) < 0 ? jsonc.parseTree(text) : undefined;
  if (root && (o <= root.offset || (o >= root.offset + root.length && /[}\]]$/.test(text.slice(0, root.offset + root.length))))) return [];
  const items = itemsAt(text, o, options);
  const loc = jsonc.getLocation(text, o);
  if (stringToken(documentModel(text), loc.previousNode, o)) return items;
  // Between a property's colon and its value: a second value cannot go there.
  const valueFollows = /^\s*["{[\w-]/.test(text.slice(o));
  if (valueFollows && !loc.isAtPropertyKey && typeof loc.path[loc.path.length - 1] === 'string') return [];
  return separated(text, o, items);
}

function itemsAt(text: string, o: number, options: ValidateOptions): CompletionItem[] {
  const doc = documentModel(text);
  const loc = jsonc.getLocation(text, o);
  if (afterFinishedToken(text, loc.previousNode, o)) return [];
  const path = [...loc.path];
  const registry = options.registry ?? loadRegistry();
  const dm = indexDatamodel(options.datamodel);
  const value = doc.value;
  const reqPath: JsonPath = path[0] === 'state' && path[1] === 'desired' ? ['state', 'desired'] : [];
  let request: unknown = value;
  for (const p of reqPath) request = isRecord(request) ? request[p as string] : undefined;
  const req = isRecord(request) ? request : undefined;
  const opName = req?.operation;
  const ctx: Ctx = { doc, offset: o, registry, datamodel: options.datamodel, dm, request: req, rule: isOperationName(opName) ? OPERATION_RULES[opName] : undefined };
  const items: CompletionItem[] = [];
  const tok = stringToken(doc, loc.previousNode, o);
  const rel = path.slice(reqPath.length);
  // after '[' at the end of a half-typed document the index is not in the path yet
  if (!loc.isAtPropertyKey && rel.length === 1 && ['keys', 'values', 'attributes'].includes(String(rel[0])) && /\[\s*$/.test(text.slice(0, o))) rel.push(0);
  if (loc.isAtPropertyKey) {
    const parentPath = path.slice(0, -1);
    let parent: unknown = value;
    for (const p of parentPath) parent = Array.isArray(parent) ? parent[p as number] : isRecord(parent) ? parent[p as string] : undefined;
    const current = tok ? text.slice(tok.contentStart, tok.contentEnd) : '';
    const existing = new Set(isRecord(parent) ? Object.keys(parent).filter((k) => k !== current) : []);
    completeProperties(ctx, parentPath, tok, existing, items);
    return items;
  }
  if (rel.length === 1 && rel[0] === 'operation') {
    const r = tok ? doc.lines.range(tok.contentStart, tok.contentEnd) : doc.lines.range(o, o);
    OPERATION_NAMES.forEach((n, i) => items.push({ label: n, insertText: tok ? n : JSON.stringify(n), range: r, kind: 'operation', detail: OPERATION_RULES[n].needs ? `needs ${OPERATION_RULES[n].needs} on resources` : undefined, documentation: OPERATION_RULES[n].description, sortText: String(i) }));
    return items;
  }
  if (rel.length === 2 && rel[0] === 'keys' && typeof rel[1] === 'number' && (tok || !loc.previousNode)) {
    completeKey(ctx, tok, items);
    return items;
  }
  if (rel.length === 2 && rel[0] === 'values' && typeof rel[1] === 'number' && (tok || !loc.previousNode)) {
    completeValue(ctx, rel[1], tok, items);
    return items;
  }
  if (rel.length === 3 && rel[0] === 'attributes' && rel[2] === 'con' && !tok && ATTRIBUTE_OPERATIONS.includes(String(opName))) {
    const r = doc.lines.range(o, o);
    [['1', 'confirmable'], ['0', 'non-confirmable'], ['null', 'clear']].forEach(([v, d], i) => items.push({ label: v, insertText: v, range: r, kind: 'value', detail: d, sortText: String(i) }));
  }
  return items;
}
