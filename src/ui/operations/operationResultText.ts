// How an operation result reads: a plain-text report (device strings stay text: the document is not
// markdown) and the one-line summary for notifications. Pure (no vscode).
import type { OperationResult } from '../../core/index';

export interface ResultFacts {
  thing: string;
  connection: string;
  operation: string;
  keys: string[];
  /** Epoch ms of the request and of the answer. */
  requestedAt: number;
  answeredAt: number;
  version: number;
  result: OperationResult;
}

export function resultSummary(f: Pick<ResultFacts, 'thing' | 'operation' | 'result'>): string {
  const values = f.result.values.length;
  const failed = f.result.failedKeys.length;
  return `${f.result.operation ?? f.operation} on ${f.thing}: ${values} ${values === 1 ? 'value' : 'values'}, ${failed} failed ${failed === 1 ? 'key' : 'keys'}`;
}

export function resultText(f: ResultFacts): string {
  const lines: string[] = [];
  const secs = ((f.answeredAt - f.requestedAt) / 1000).toFixed(1);
  lines.push(`${f.result.operation ?? f.operation} on ${f.thing} (${f.connection})`);
  lines.push(`Answered ${new Date(f.answeredAt).toISOString()} · ${secs} s after the request · operation shadow version ${f.version}`);
  if (f.result.operation && f.result.operation !== f.operation) {
    lines.push(`Note: the shadow reports "${f.result.operation}", but "${f.operation}" was requested.`);
  }
  lines.push('', `Request: ${f.operation}`);
  for (const k of f.keys) lines.push(`  ${k}`);
  lines.push('', `Values (${f.result.values.length})`);
  if (!f.result.values.length) lines.push('  none');
  for (const v of f.result.values) lines.push(`  ${v.key} = ${v.value}`);
  lines.push('', `Failed keys (${f.result.failedKeys.length})`);
  if (!f.result.failedKeys.length) lines.push('  none');
  for (const k of f.result.failedKeys) lines.push(`  ${k}`);
  return lines.join('\n') + '\n';
}
