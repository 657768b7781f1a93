// Where a finding is shown: its path (value, property name, anchor or characters inside a string) turned
// into a text range of the document.
import type { Diagnostic } from '../diagnostics';
import type { DocumentModel } from '../documentModel';
import type { TextFinding } from '../jsonTextChecks';
import type { Finding } from './finding';

export function locate(doc: DocumentModel, f: Finding): Diagnostic {
  const lines = doc.lines;
  const node = doc.node(f.path);
  let start = 0, end = 0;
  if (f.target.kind === 'anchor') {
    // the object's "operation" property, else the property name holding the object, else its first character
    const obj = node ?? doc.nearestNode(f.path);
    const opProp = obj?.type === 'object' ? obj.children?.find((p) => p.children?.[0]?.value === 'operation') : undefined;
    const holder = obj?.parent?.type === 'property' ? obj.parent.children?.[0] : undefined;
    const n = opProp ?? holder;
    if (n) { start = n.offset; end = n.offset + n.length; }
    else { start = obj ? obj.offset : 0; end = start + 1; }
  } else if (!node) {
    const n = doc.nearestNode(f.path);
    start = n ? n.offset : 0;
    end = n ? n.offset + n.length : 0;
  } else if (f.target.kind === 'key') {
    const k = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    const n = k ?? node;
    start = n.offset; end = n.offset + n.length;
  } else if (f.target.kind === 'span' && node.type === 'string') {
    // characters inside the string when it has no escapes (then text offsets equal value offsets)
    const raw = doc.text.slice(node.offset + 1, node.offset + node.length - 1);
    if (raw === node.value) {
      start = node.offset + 1 + f.target.start;
      end = node.offset + 1 + Math.max(f.target.end, f.target.start);
      if (end === start) end = Math.min(start + 1, node.offset + node.length);
    } else { start = node.offset; end = node.offset + node.length; }
  } else {
    start = node.offset; end = node.offset + node.length;
  }
  return { code: f.code, severity: f.severity, message: f.message, range: lines.range(start, end), path: f.path, ...(f.fix ? { fix: f.fix } : {}) };
}

/** A text finding as a diagnostic: at its offsets, or at the value or property name its path names. */
export function textDiagnostic(doc: DocumentModel, f: TextFinding): Diagnostic {
  if (f.path) return locate(doc, { code: f.code, severity: f.severity, message: f.message, path: f.path, target: { kind: f.target ?? 'value' } });
  return { code: f.code, severity: f.severity, message: f.message, range: doc.lines.range(f.start ?? 0, f.end ?? 0), path: [] };
}
