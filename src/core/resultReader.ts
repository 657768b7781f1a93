// The operation shadow's `reported`: which operation answered, which keys failed, and the values read,
// flattened from the nested result to keys (`Portfolio.5.Identity.1`).
import { reportedSection } from './datamodelShape';
import { isRecord } from './jsonValue';

export interface OperationResult {
  operation?: string;
  /** keys that failed; `[""]` in the shadow means none */
  failedKeys: string[];
  values: { key: string; value: string }[];
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Reads an operation shadow's result (whole document, `{reported}` or the reported data); undefined when none. */
export function readOperationResult(reported: unknown): OperationResult | undefined {
  const data = reportedSection(reported);
  if (!data || (data.operation === undefined && data.result === undefined && data.failedKeys === undefined)) return undefined;
  const out: OperationResult = {
    operation: typeof data.operation === 'string' ? data.operation : undefined,
    failedKeys: [],
    values: [],
  };
  const fk = data.failedKeys;
  if (Array.isArray(fk)) out.failedKeys = fk.map(text).filter((k) => k !== '');
  else if (typeof fk === 'string' && fk !== '') out.failedKeys = fk.split(',').filter((k) => k !== '');
  const walk = (node: unknown, prefix: string, depth: number) => {
    if (isRecord(node) && depth < 4 && !(depth >= 2 && node.noValue === true)) {
      for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k, depth + 1);
    } else if (isRecord(node) && node.noValue === true) {
      // a resource without a value: nothing to show
    } else if (prefix) out.values.push({ key: prefix, value: text(node) });
  };
  if (isRecord(data.result)) walk(data.result, '', 0);
  return out;
}
