// The findings merged with the deployed Lambda's verdict on the request (core/lambdaVerdict): what it ignores
// is no error, and a refusal or crash is named with the line its log shows.
import type { JsonPath } from '../documentModel';
import { isRecord } from '../jsonValue';
import { lambdaVerdict } from '../lambdaVerdict';
import { OPERATION_RULES, isOperationName } from '../operations';
import type { Finding } from './finding';

/** Codes about a field's shape: no error when the operation ignores that field (the Lambda never reads it). */
const SHAPE_CODES = new Set(['wrong-type', 'attribute-value', 'unknown-attribute', 'attributes-length', 'values-length']);
const OPTIONAL_FIELDS = ['values', 'attributes', 'arguments'] as const;

const startsWith = (path: JsonPath, prefix: JsonPath) => prefix.every((p, i) => path[i] === p);

/**
 * Findings as the deployed Lambda's verdict has them: a field the operation ignores is never an error; a
 * refusal's finding quotes the line the Lambda logs; a crash is an error naming the exception its log shows.
 */
export function withLambdaVerdict(findings: Finding[], req: unknown, reqPath: JsonPath): Finding[] {
  if (!isRecord(req)) return findings;
  const rule = isOperationName(req.operation) ? OPERATION_RULES[req.operation] : undefined;
  const ignoredField = (f: string) => rule !== undefined && !(rule.uses as string[]).includes(f) && !(rule.requires as string[]).includes(f);
  const out: Finding[] = [];
  for (const f of findings) {
    const field = String(f.path[reqPath.length] ?? '');
    if (f.severity === 'error' && SHAPE_CODES.has(f.code) && f.path.length > reqPath.length && (OPTIONAL_FIELDS as readonly string[]).includes(field)) {
      if (ignoredField(field)) continue;
      if (rule?.name === 'execute' && field === 'arguments') {
        out.push({ ...f, severity: 'warning', message: `"arguments" reaches Coiote as the JSON ${JSON.stringify(req.arguments)}, not as the text of an LwM2M argument list such as "0='on',1"` });
        continue;
      }
    }
    out.push(f);
  }
  if (rule?.name === 'execute' && req.arguments === null) {
    out.push({ code: 'ignored-field', severity: 'warning', path: [...reqPath, 'arguments'], target: { kind: 'key' }, message: '"arguments": null sends no arguments (the Lambda leaves them out)' });
  }
  // A request without errors so far is well formed: the Lambda neither refuses nor crashes on it (the case
  // table in test/unit/lambdaCases.ts holds this), so its verdict is only worked out to explain an error.
  if (!out.some((f) => f.severity === 'error')) return out;
  const verdict = lambdaVerdict(req);
  if (!verdict) return out;
  const amend = (i: number, text: string) => (out[i] = { ...out[i], message: `${out[i].message}; ${text}` });
  if (verdict.kind === 'refused') {
    const text = `the Lambda logs "${verdict.line}" (status ${verdict.statusCode}) and nothing reaches the device`;
    const at = verdict.field ? [...reqPath, verdict.field] : reqPath;
    let i = out.findIndex((f) => f.severity === 'error' && f.code === verdict.code);
    if (i < 0) i = out.findIndex((f) => f.severity === 'error' && startsWith(f.path, at) && f.path.length <= at.length + 1);
    if (i >= 0) amend(i, text);
    else out.push({ code: verdict.code, severity: 'error', path: at, target: verdict.field ? { kind: 'value' } : { kind: 'anchor' }, message: `the Lambda refuses this request: ${text}` });
  } else if (verdict.kind === 'crash') {
    const text = `the Lambda crashes with ${verdict.text} (its log shows it 3 times: Lambda retries the rule's asynchronous call twice) and nothing reaches the device`;
    const at = [...reqPath, verdict.field];
    const i = out.findIndex((f) => f.severity === 'error' && startsWith(f.path, at));
    if (i >= 0) amend(i, text);
    else out.push({ code: 'lambda-crash', severity: 'error', path: at, target: { kind: 'value' }, message: text });
  } else if ((rule?.name === 'read' || rule?.name === 'readComposite') && (typeof req.keys === 'string' || (Array.isArray(req.keys) && !req.keys.length))) {
    const i = out.findIndex((f) => f.severity === 'error' && startsWith(f.path, [...reqPath, 'keys']));
    if (i >= 0) amend(i, `the Lambda then reads the whole data model (it sends Coiote the empty keys text)`);
  }
  return out;
}
