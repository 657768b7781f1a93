// The validator's view of what the deployed Lwm2mOperation Lambda does with a request (see
// operationLambda.ts): whether it refuses it (and the line it logs), crashes on it (and the exception the
// runtime logs, three times as the rule's asynchronous invocation is retried), and which field is to
// blame, so that a diagnostic can quote what the user will find in /aws/lambda/Lwm2mOperation.
import { decideOperation, operationRequestEvent, type LambdaDecision } from './operationLambda';
import { OPERATION_RULES, isOperationName } from './operations';
import { pyFromJson } from './pythonValue';
import { isRecord } from './jsonValue';

export type LambdaVerdict =
  | { kind: 'refused'; line: string; statusCode: number; /** the finding code that already covers it */ code: string; field?: string }
  | { kind: 'crash'; text: string; field: string }
  | { kind: 'forwarded'; decision: Extract<LambdaDecision, { kind: 'task' }> };

/** The finding code for each refusal (by the start of its message), and the field it is about. */
const REFUSALS: [prefix: string, code: string, field?: string][] = [
  ['keys must be specified', 'missing-keys'],
  ['operation must be specified', 'missing-operation'],
  ['keys must be unique', 'duplicate-key', 'keys'],
  ['You must specify values', 'missing-values'],
  ['You must specify attributes', 'missing-attributes'],
  ['The number of keys must be equal to the number of values', 'values-length', 'values'],
  ['The number of keys must be equal to the number of attributes', 'attributes-length', 'attributes'],
  ['Only one LwM2M path', 'execute-single-key', 'keys'],
  ['operation ', 'unknown-operation', 'operation'],
];

/** The field a crash comes from: keys that are not a list of strings, else the list field the operation needs. */
function crashField(req: Record<string, unknown>): string {
  const keys = req.keys;
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) return 'keys';
  const op = isOperationName(req.operation) ? OPERATION_RULES[req.operation] : undefined;
  for (const f of op?.requires ?? []) if (!Array.isArray(req[f])) return f;
  return 'keys';
}

/** What the Lambda does with `desired` (a request with an operation; undefined when the rule would not fire). */
export function lambdaVerdict(desired: unknown): LambdaVerdict | undefined {
  if (!isRecord(desired)) return undefined;
  const event = operationRequestEvent(pyFromJson(desired), 'thing');
  if (!event) return undefined;
  const d = decideOperation(event);
  if (d.kind === 'task') return { kind: 'forwarded', decision: d };
  if (d.kind === 'crash') return { kind: 'crash', text: `${d.errorType}: ${d.message}`, field: crashField(desired) };
  const message = d.line.slice('Error: '.length);
  const [, code, field] = REFUSALS.find(([p]) => message.startsWith(p)) ?? ['', 'lambda-refuses'];
  return { kind: 'refused', line: d.line, statusCode: d.statusCode, code, field };
}
