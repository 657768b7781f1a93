// Editor support inside test files: the format's problems (testFile.ts) plus, for each step's request,
// exactly what an operation document gets — validation, completion and hover from validate.ts, complete.ts
// and hover.ts. The request is handed to them as the test text with everything outside the request object
// blanked to spaces (line breaks kept), so their ranges and offsets are the test file's own.
import type { CompletionItem } from '../complete';
import { completeAt } from '../complete';
import type { Diagnostic, Range } from '../diagnostics';
import { documentModel } from '../documentModel';
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

/** Completion inside a step's request (as in an operation document); nothing elsewhere. */
export function completeInTestDocument(text: string, offset: number, options: ValidateOptions = {}): CompletionItem[] {
  const at = requestAt(text, offset)[0];
  return at ? completeAt(blankOutside(text, at.start, at.end), offset, options) : [];
}

/** Hover inside a step's request (as in an operation document); nothing elsewhere. */
export function hoverInTestDocument(text: string, offset: number, options: ValidateOptions = {}): HoverInfo | undefined {
  const at = requestAt(text, offset)[0];
  return at ? hoverAt(blankOutside(text, at.start, at.end), offset, options) : undefined;
}
