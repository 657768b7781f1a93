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
  /** notAnswered: requested keys the answer neither carries nor lists as failed (core's answer matcher) */
  result: OperationResult & { notAnswered?: string[] };
}

export function resultSummary(f: Pick<ResultFacts, 'thing' | 'operation' | 'result'>): string {
  const values = f.result.values.length;
  // The integration's failedKeys [""] means none failed (the reader drops the ""): said as "none", not "0".
  const failed = f.result.failedKeys.filter((k) => k !== '').length;
  const failedText = failed === 0 ? 'failed keys: none' : `${failed} failed ${failed === 1 ? 'key' : 'keys'}`;
  const missing = f.result.notAnswered?.length ?? 0;
  const missingText = missing ? `, ${missing} ${missing === 1 ? 'key' : 'keys'} not answered` : '';
  return `${f.result.operation ?? f.operation} on ${f.thing}: ${values} ${values === 1 ? 'value' : 'values'}, ${failedText}${missingText}`;
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
  const failedKeys = f.result.failedKeys.filter((k) => k !== '');
  lines.push('', failedKeys.length ? `Failed keys (${failedKeys.length})` : 'Failed keys: none');
  for (const k of failedKeys) lines.push(`  ${k}`);
  const missing = f.result.notAnswered ?? [];
  if (missing.length) {
    lines.push('', `Not answered (${missing.length}): the answer neither carries these keys nor lists them as failed`);
    for (const k of missing) lines.push(`  ${k}`);
  }
  return lines.join('\n') + '\n';
}
