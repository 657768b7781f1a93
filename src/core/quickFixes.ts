// Quick fixes of an operation document: for a problem with one clear correction, the text edits that make
// it. A misspelt name gets the intended one (validation knows it: Diagnostic.fix); a key the operation
// cannot take is removed with its value or attributes entry; a write without `values` gets a null per key,
// a placeholder validation refuses until each is replaced (nothing made up is ever publishable), and an
// observe or writeAttributes without `attributes` gets {} per key (no attribute changed); `values` /
// `attributes` are fitted to the keys (saying how many entries are dropped); an execute of several keys keeps one; an ignored field is removed; a lone key, value or
// attributes object is put into its list. Every fix works on the current text (validated again here), so a
// fix computed from stale problems is never offered.
import type * as jsonc from 'jsonc-parser';
import type { Diagnostic, Range } from './diagnostics';
import { cachedDocumentModel, DocumentModel, requestPath, type JsonPath } from './documentModel';
import { isRecord } from './jsonValue';
import { validateOperationDocument, type ValidateOptions } from './validate';

export interface TextEdit {
  range: Range;
  newText: string;
  /** where in newText a `null` placeholder to fill in starts (the editor puts the cursor on each in turn) */
  placeholders?: number[];
}

/**
 * What a fix does, for its title: change to `subject` (a JSON text), remove the key `subject`, remove the
 * field `subject`, add the field `subject`, fit the field `subject` to the keys, execute only the key
 * `subject`, remove the trailing comma, or put the one entry of the field `subject` into a list.
 */
export type QuickFixKind = 'change' | 'remove-key' | 'remove-field' | 'add-field' | 'fit-field' | 'keep-key' | 'remove-comma' | 'make-list';

export interface QuickFix {
  kind: QuickFixKind;
  subject: string;
  edits: TextEdit[];
  /** the fix to apply when the user asks for "the" fix (VS Code's preferred quick fix) */
  preferred: boolean;
  /** fit-field: how many entries of the user's beyond the keys it removes */
  dropped?: number;
}

/** A problem as the editor shows it: its code and range (the editor keeps no path). */
export interface ShownProblem { code: string; range: Range }

/** Codes whose fixes follow from the code and path (others have one only when validation gave Diagnostic.fix). */
const KEY_REMOVAL_CODES = new Set(['not-writable', 'not-readable', 'not-executable', 'duplicate-key']);
const DERIVED_CODES = new Set([...KEY_REMOVAL_CODES, 'missing-values', 'missing-attributes', 'values-length', 'attributes-length', 'execute-single-key', 'ignored-field', 'wrong-type']);
/** What one entry of each list field is: a lone entry written without its list is put into one. */
const LIST_ENTRY: Record<string, (v: unknown) => boolean> = {
  keys: (v) => typeof v === 'string',
  values: (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
  attributes: isRecord,
};

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** The quick fixes of each problem shown (same order); none for a problem the current text no longer has. */
export function quickFixes(text: string, shown: readonly ShownProblem[], options: ValidateOptions = {}): QuickFix[][] {
  if (!shown.length) return [];
  const found = validateOperationDocument(text, options);
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const doc = cachedDocumentModel(body) ?? new DocumentModel(body);
  const ctx = new FixContext(doc);
  return shown.map((s) => {
    const d = found.find((f) => f.code === s.code && sameRange(f.range, s.range));
    if (!d || (!d.fix && !DERIVED_CODES.has(d.code))) return [];
    return ctx.fixesFor(d);
  });
}

class FixContext {
  constructor(private readonly doc: DocumentModel) {}

  fixesFor(d: Diagnostic): QuickFix[] {
    const out: QuickFix[] = [];
    const f = d.fix;
    if (f?.kind === 'delete-range') {
      out.push({ kind: 'remove-comma', subject: ',', edits: [{ range: d.range, newText: '' }], preferred: true });
    }
    // Everything else edits the JSON structure: only on text that parses (a broken text is fixed first).
    if (!this.doc.strict) return out;
    if (f?.kind === 'replace-value') {
      const node = this.doc.node(d.path);
      if (node) out.push({ kind: 'change', subject: JSON.stringify(f.value), edits: [this.replace(node, JSON.stringify(f.value))], preferred: true });
    } else if (f?.kind === 'rename-property') {
      const name = this.doc.propertyNode(d.path)?.children?.[0];
      if (name) out.push({ kind: 'change', subject: JSON.stringify(f.name), edits: [this.replace(name, JSON.stringify(f.name))], preferred: true });
    }
    const reqPath = requestPath(this.doc.value);
    const req = reqPath && this.at(reqPath);
    if (!reqPath || !isRecord(req)) return out;
    const keys = Array.isArray(req.keys) && req.keys.every((k) => typeof k === 'string') ? req.keys as string[] : undefined;
    const keysPath = [...reqPath, 'keys'];
    const isKeyOf = d.path.length === keysPath.length + 1 && keysPath.every((p, i) => d.path[i] === p) && typeof d.path[keysPath.length] === 'number';
    const fixed = (fix: QuickFix | undefined) => fix && out.push({ ...fix, preferred: !out.some((o) => o.preferred) && fix.preferred });
    if (KEY_REMOVAL_CODES.has(d.code) && d.severity !== 'info' && isKeyOf && keys && !out.length) {
      fixed(this.removeKey(reqPath, req, keys, d.path[keysPath.length] as number));
    }
    switch (d.code) {
      case 'missing-values':
      case 'missing-attributes': {
        const field = d.code === 'missing-values' ? 'values' : 'attributes';
        if (keys?.length && !(field in req)) fixed(this.addField(reqPath, field, keys));
        break;
      }
      case 'values-length':
      case 'attributes-length': {
        const field = d.code === 'values-length' ? 'values' : 'attributes';
        if (keys?.length && Array.isArray(req[field])) fixed(this.fitField(reqPath, field, keys));
        break;
      }
      case 'execute-single-key':
        if (keys && keys.length > 1) {
          const node = this.doc.node(keysPath);
          if (node) keys.forEach((k) => out.push({ kind: 'keep-key', subject: k, edits: [this.replace(node, `[${JSON.stringify(k)}]`)], preferred: false }));
        }
        break;
      case 'wrong-type': {
        const field = d.path[reqPath.length];
        const node = this.doc.node(d.path);
        if (d.path.length === reqPath.length + 1 && typeof field === 'string' && Object.hasOwn(LIST_ENTRY, field) && LIST_ENTRY[field](req[field]) && node) {
          fixed({ kind: 'make-list', subject: field, edits: [this.replace(node, `[${this.doc.text.slice(node.offset, node.offset + node.length)}]`)], preferred: true });
        }
        break;
      }
      case 'ignored-field': {
        const field = d.path[reqPath.length];
        if (d.path.length === reqPath.length + 1 && typeof field === 'string') {
          fixed({ kind: 'remove-field', subject: field, edits: this.remove([[...reqPath, field]]), preferred: true });
        }
        break;
      }
    }
    return out;
  }

  /** Removes key i, and the value / attributes entry at i when that field has one entry per key. */
  private removeKey(reqPath: JsonPath, req: Record<string, unknown>, keys: string[], i: number): QuickFix | undefined {
    if (keys.length < 2 || i >= keys.length) return undefined;
    const paths: JsonPath[] = [[...reqPath, 'keys', i]];
    for (const field of ['values', 'attributes']) {
      const list = req[field];
      if (Array.isArray(list) && list.length === keys.length) paths.push([...reqPath, field, i]);
    }
    return { kind: 'remove-key', subject: keys[i], edits: this.remove(paths), preferred: true };
  }

  /**
   * `"values": [null, ...]` (placeholders to fill in) or `"attributes": [{}, ...]`, after the request's last
   * field, on a line of its own indented as that field is when the request spans lines.
   */
  private addField(reqPath: JsonPath, field: 'values' | 'attributes', keys: string[]): QuickFix | undefined {
    const obj = this.doc.node(reqPath);
    const last = obj?.type === 'object' ? obj.children?.at(-1) : undefined;
    if (!obj || !last) return undefined;
    const text = this.doc.text;
    const lineStart = Math.max(text.lastIndexOf('\n', last.offset - 1), text.lastIndexOf('\r', last.offset - 1)) + 1;
    const before = text.slice(lineStart, last.offset);
    const ownLine = lineStart > obj.offset && /^[ \t]*$/.test(before);
    const entries = keys.map(() => placeholderOf(field)).join(', ');
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const end = last.offset + last.length;
    const head = `,${ownLine ? eol + before : ' '}${JSON.stringify(field)}: [`;
    const newText = `${head}${entries}]`;
    return { kind: 'add-field', subject: field, edits: [{ range: this.doc.lines.range(end, end), newText, ...placeholdersIn(newText, head.length) }], preferred: true };
  }

  /**
   * The field with one entry per key: entries beyond the keys dropped (counted, and then not the preferred
   * fix: they are the user's), missing ones added as placeholders (as written, on one line).
   */
  private fitField(reqPath: JsonPath, field: 'values' | 'attributes', keys: string[]): QuickFix | undefined {
    const node = this.doc.node([...reqPath, field]);
    if (node?.type !== 'array') return undefined;
    const all = node.children ?? [];
    const written = all.slice(0, keys.length).map((c) => this.doc.text.slice(c.offset, c.offset + c.length));
    const added = keys.slice(written.length).map(() => placeholderOf(field));
    const dropped = Math.max(0, all.length - keys.length);
    const head = `[${[...written, ''].join(', ')}`;
    const newText = `[${[...written, ...added].join(', ')}]`;
    const edit = { ...this.replace(node, newText), ...(added.length ? placeholdersIn(newText, head.length - 1) : {}) };
    return {
      kind: 'fit-field', subject: field, edits: [edit], preferred: dropped === 0,
      ...(dropped ? { dropped } : {}),
    };
  }

  private at(path: JsonPath): unknown {
    let cur: unknown = this.doc.value;
    for (const p of path) cur = Array.isArray(cur) ? cur[p as number] : isRecord(cur) ? cur[String(p)] : undefined;
    return cur;
  }

  private replace(node: jsonc.Node, newText: string): TextEdit {
    return { range: this.doc.lines.range(node.offset, node.offset + node.length), newText };
  }

  /**
   * Removes the values at `paths` (each an array entry or a property, in a different array or object) with
   * the comma that separates it: up to the next entry, or from the previous one for the last.
   */
  private remove(paths: JsonPath[]): TextEdit[] {
    const edits: TextEdit[] = [];
    for (const p of paths) {
      const value = this.doc.node(p);
      const node = value?.parent?.type === 'property' ? value.parent : value;
      const siblings = node?.parent?.children;
      if (!node || !siblings) continue;
      const i = siblings.indexOf(node);
      const next = siblings[i + 1], prev = siblings[i - 1];
      const [start, end] = next ? [node.offset, next.offset] : prev ? [prev.offset + prev.length, node.offset + node.length] : [node.offset, node.offset + node.length];
      edits.push({ range: this.doc.lines.range(start, end), newText: '' });
    }
    return edits;
  }
}

/** The `null` placeholders of `newText` from `from` on (none for attributes' {}). */
function placeholdersIn(newText: string, from: number): { placeholders?: number[] } {
  const at: number[] = [];
  for (let i = newText.indexOf('null', from); i >= 0; i = newText.indexOf('null', i + 4)) at.push(i);
  return at.length ? { placeholders: at } : {};
}

/** What an added entry holds: null, which validation refuses until it is replaced; {} changes no attribute. */
function placeholderOf(field: 'values' | 'attributes'): string {
  return field === 'values' ? 'null' : '{}';
}
