// Editor support inside test files: the format's problems (testFile.ts) plus, for each step's request,
// exactly what an operation document gets — validation, completion and hover from validate/, complete.ts
// and hover.ts. The request is handed to them as the test text with everything outside the request object
// blanked to spaces (line breaks kept), so their ranges and offsets are the test file's own.
import type { CompletionItem } from '../complete';
import { completeAt } from '../complete';
import type * as jsonc from 'jsonc-parser';
import { getNodePath } from 'jsonc-parser';
import type { Diagnostic, Range } from '../diagnostics';
import { documentModel, type DocumentModel } from '../documentModel';
import { hoverAt, type HoverInfo } from '../hover';
import { validateOperationDocument, type ValidateOptions } from '../validate';
import { placeholdersIn } from './captures';
import { readTestFile, type TestStep } from './testFile';

/** The text with only [start, end) kept; every other character but line breaks becomes a space. */
function blankOutside(text: string, start: number, end: number): string {
  const keep = (s: string) => s.replace(/[^\r\n]/g, ' ');
  return keep(text.slice(0, start)) + text.slice(start, end) + keep(text.slice(end));
}

/** The request object around an offset: the index of its step and its offsets. */
function requestAt(text: string, offset?: number): { step: number; start: number; end: number }[] {
  const doc = documentModel(text);
  const steps = doc.node(['steps']);
  const out: { step: number; start: number; end: number }[] = [];
  steps?.children?.forEach((_, i) => {
    const n = doc.node(['steps', i, 'request']);
    if (n?.type !== 'object') return;
    if (offset === undefined || (offset > n.offset && offset < n.offset + n.length)) out.push({ step: i, start: n.offset, end: n.offset + n.length });
  });
  return out;
}

const inside = (r: Range, outer: Range) =>
  (r.start.line > outer.start.line || (r.start.line === outer.start.line && r.start.character >= outer.start.character)) &&
  (r.end.line < outer.end.line || (r.end.line === outer.end.line && r.end.character <= outer.end.character));

/** A step's request problems, as the Publish command would see them; placeholders are not judged as values. */
function requestProblems(text: string, step: TestStep, at: { start: number; end: number }, options: ValidateOptions): Diagnostic[] {
  const found = validateOperationDocument(blankOutside(text, at.start, at.end), options);
  const doc = documentModel(text);
  const placeholderRanges = placeholdersIn(step.request).map((ph) => {
    const n = doc.node(['steps', step.index, 'request', ...ph.path]);
    return n ? doc.lines.range(n.offset, n.offset + n.length) : undefined;
  }).filter((r): r is Range => !!r);
  const expectedRefusal = step.expect.refused !== undefined;
  return found
    .filter((d) => !placeholderRanges.some((r) => inside(d.range, r)))
    .map((d) => ({
      ...d,
      path: ['steps', step.index, 'request', ...d.path],
      // a request the step expects to be refused: its errors are what the step checks
      ...(expectedRefusal && d.severity === 'error' ? { severity: 'info' as const, message: `${d.message} (the step expects the refusal)` } : {}),
    }));
}

/** Every problem of a test file: its format, and each step's request. */
export function validateTestDocument(text: string, options: ValidateOptions = {}): Diagnostic[] {
  const { test, problems } = readTestFile(text);
  if (!test) return problems;
  const out = [...problems];
  const byIndex = new Map(test.steps.map((s) => [s.index, s]));
  for (const at of requestAt(text)) {
    const step = byIndex.get(at.step);
    if (step?.request) out.push(...requestProblems(text, step, at, options));
  }
  return out;
}

/** Whether the test file's request problems would stop a run (errors, not counting expected refusals). */
export function hasBlockingProblems(problems: Diagnostic[]): boolean {
  return problems.some((d) => d.severity === 'error');
}

/**
 * The key string at an offset outside requests: a key of `expect.values` or `expect.datamodel.values`, or a key
 * named by `capture`. Completion and hover answer for it as for a key of a read request.
 */
function keyStringAt(doc: DocumentModel, offset: number): jsonc.Node | undefined {
  const node = doc.nodeAt(offset);
  if (node?.type !== 'string' || offset <= node.offset || offset >= node.offset + node.length) return undefined;
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const valueNode = isKey ? node.parent?.children?.[1] : node;
  if (!valueNode) return undefined;
  const path = getNodePath(valueNode);
  if (path[0] !== 'steps' || typeof path[1] !== 'number') return undefined;
  const rest = path.slice(2).join('/');
  if (isKey && (/^expect\/values\/[^/]+$/.test(rest) || /^expect\/datamodel\/values\/[^/]+$/.test(rest))) return node;
  if (!isKey && /^capture\/[^/]+$/.test(rest)) return node;
  return undefined;
}

const READ_HEAD = '{"operation": "read", "keys": ["';

/** The key string as a one-key read request, and how to map its offsets back. */
function asReadRequest(doc: DocumentModel, node: jsonc.Node): { text: string; toSynthetic: (o: number) => number; toRange: (r: Range) => Range } {
  const inner = doc.text.slice(node.offset + 1, node.offset + node.length - 1);
  const shift = node.offset + 1 - READ_HEAD.length;
  return {
    text: `${READ_HEAD}${inner}"]}`,
    toSynthetic: (o) => o - shift,
    toRange: (r) => doc.lines.range(r.start.character + shift, r.end.character + shift),
  };
}

/** Completion inside a step's request (as in an operation document), and of keys in expectations and captures. */
export function completeInTestDocument(text: string, offset: number, options: ValidateOptions = {}): CompletionItem[] {
  const at = requestAt(text, offset)[0];
  if (at) return completeAt(blankOutside(text, at.start, at.end), offset, options);
  const doc = documentModel(text);
  const key = keyStringAt(doc, offset);
  if (!key) return [];
  const read = asReadRequest(doc, key);
  return completeAt(read.text, read.toSynthetic(offset), options).filter((i) => i.kind === 'key').map((i) => ({ ...i, range: read.toRange(i.range) }));
}

/** Hover inside a step's request (as in an operation document), and on keys in expectations and captures. */
export function hoverInTestDocument(text: string, offset: number, options: ValidateOptions = {}): HoverInfo | undefined {
  const at = requestAt(text, offset)[0];
  if (at) return hoverAt(blankOutside(text, at.start, at.end), offset, options);
  const doc = documentModel(text);
  const key = keyStringAt(doc, offset);
  if (!key) return undefined;
  const read = asReadRequest(doc, key);
  const info = hoverAt(read.text, read.toSynthetic(offset), options);
  return info ? { ...info, range: read.toRange(info.range) } : undefined;
}
