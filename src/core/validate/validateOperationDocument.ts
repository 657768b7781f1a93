// Validation of an operation document: JSON syntax (tolerant parser, exact ranges), structure (the
// precompiled JSON schema), then the integration's and LwM2M's rules against the registry and, when given,
// the thing's datamodel. Rules work on the parsed value; text ranges are looked up only for what is found,
// so a clean document costs little more than JSON.parse plus the schema check.
import type { Diagnostic } from '../diagnostics';
import { cachedDocumentModel, DocumentModel, requestPath } from '../documentModel';
import { BOM_FINDING, checkJsonText, MAX_DOCUMENT_BYTES, MAX_PARSE_DEPTH, oversizedBytes, type TextFinding } from '../jsonTextChecks';
import { isRecord } from '../jsonValue';
import { getAt, pushAll } from './finding';
import { withLambdaVerdict } from './lambdaVerdictMerge';
import { locate, textDiagnostic } from './locate';
import { withoutNoiseWhenBroken } from './noiseFilter';
import { schemaFindings } from './schemaFindings';
import { semanticFindings } from './semanticFindings';
import { SHADOW_MAX_BYTES, SHADOW_MAX_DEPTH } from './shadowLimits';
import { syntaxMessage } from './syntaxMessage';
import type { ValidateOptions } from './validateOptions';

/** Syntax errors reported at most (a garbage text has one per character; the first ones say it all). */
const MAX_SYNTAX_DIAGNOSTICS = 100;

/** Diagnostics of an operation document (a whole shadow document or a bare desired object), sorted by position. */
export function validateOperationDocument(text: string, options: ValidateOptions = {}): Diagnostic[] {
  // Over AWS's message limit: one diagnostic, no parsing (a pasted megabyte never blocks the editor).
  const oversized = oversizedBytes(text);
  if (oversized !== undefined) {
    const end = text.charCodeAt(0) === 10 || text.charCodeAt(0) === 13 ? 0 : Math.min(1, text.length);
    return [{ code: 'shadow-too-large', severity: 'error', path: [], range: { start: { line: 0, character: 0 }, end: { line: 0, character: end } },
      message: `the document is ${oversized} bytes: AWS refuses shadow messages over ${MAX_DOCUMENT_BYTES} bytes (128 KB) unread, and desired + reported may hold only ${SHADOW_MAX_BYTES}; nothing else was checked` }];
  }
  // A byte order mark is reported once; the rest is read as if it were a space (offsets stay the same).
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? ' ' + text.slice(1) : text;
  // Validation runs on every edit: it reuses a cached model (completion and hover cache theirs) but does not
  // keep its own, so parsed documents die young and cost the garbage collector little.
  const doc = cachedDocumentModel(body) ?? new DocumentModel(body);
  const out: Diagnostic[] = [];
  const textFindings: TextFinding[] = bom ? [BOM_FINDING] : [];
  const hazards = checkJsonText(body, doc.strict, doc.strict ? doc.value : undefined, () => doc.tree);
  if (hazards.tooDeepAt !== undefined) {
    // Nothing recursive may see this text: one diagnostic where the nesting passes the limit.
    for (const f of textFindings) out.push(textDiagnostic(doc, f));
    out.push({ code: 'nesting-too-deep', severity: 'error', path: [], range: doc.lines.range(hazards.tooDeepAt, hazards.tooDeepAt + 1),
      message: `nested more than ${MAX_PARSE_DEPTH} levels deep: AWS allows ${SHADOW_MAX_DEPTH} levels in desired and refuses the update (400 "JSON contains too many levels of nesting"); nothing else was checked` });
    return out;
  }
  pushAll(textFindings, hazards.findings);
  for (const f of textFindings) out.push(textDiagnostic(doc, f));
  const broken = !doc.strict;
  if (broken) {
    const errs = doc.syntaxErrors;
    if (!doc.tree) {
      out.push({ code: 'json-syntax', severity: 'error', message: body.trim() ? 'invalid JSON: expected an object like {"state": {"desired": {...}}}' : 'empty document: expected {"state": {"desired": {"operation": ..., "keys": [...]}}}', range: doc.lines.range(0, Math.min(text.length, 1)), path: [] });
      return out;
    }
    const seen = new Set<string>();
    for (const e of errs) {
      if (seen.size >= MAX_SYNTAX_DIAGNOSTICS) break;
      const message = syntaxMessage(e, body);
      let start = e.offset, end = e.offset + Math.max(1, e.length);
      const trailing = message.startsWith('trailing comma');
      if (trailing) {
        start = body.lastIndexOf(',', e.offset - 1);
        end = start + 1;
      }
      const id = `${start}:${message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ code: 'json-syntax', severity: 'error', message, range: doc.lines.range(start, end), path: [], ...(trailing ? { fix: { kind: 'delete-range' } } : {}) });
    }
  }
  const value = doc.value;
  const reqPath = requestPath(value);
  let findings = schemaFindings(value, reqPath);
  if (reqPath) {
    pushAll(findings, semanticFindings(body, value, reqPath, options, findings.length === 0));
    findings = withLambdaVerdict(findings, getAt(value, reqPath), reqPath);
  }
  else if (isRecord(value) && 'state' in value && isRecord(value.state)) {
    findings.push({ code: 'no-request', severity: 'info', path: ['state'], target: { kind: 'key' },
      message: 'no "desired" in state: nothing to send; add "desired": {"operation": ..., "keys": [...]}' });
  }
  if (broken) findings = withoutNoiseWhenBroken(findings);
  for (const f of findings) out.push(locate(doc, f));
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}
