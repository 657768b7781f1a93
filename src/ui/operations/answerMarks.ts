// What a tree action's rows show: progress while it runs, then the answer — the values read or written,
// failed keys with the reason — and the observations it started or ended.
import * as vscode from 'vscode';
import type { AttributeSet } from '../../core/index';
import type { RowMarks, ThingKey } from '../fleet/rowMarks';
import type { ObservationMarks } from './observationMarks';
import type { OperationRequest } from './operationRequest';
import type { PublishOutcome } from './publishOperation';
import type { TreeActionOutcome } from './treeActions';

export function progressText(operation: string): string {
  return ({
    read: vscode.l10n.t('reading…'), readComposite: vscode.l10n.t('reading…'), write: vscode.l10n.t('writing…'),
    execute: vscode.l10n.t('executing…'), observe: vscode.l10n.t('observing…'), cancelObserve: vscode.l10n.t('cancelling…'),
    writeAttributes: vscode.l10n.t('writing attributes…'),
  }[operation] ?? vscode.l10n.t('waiting…'));
}

/** Marks the rows with the answer: values read or written, failed keys with the reason; observations kept. */
export function markAnswer(
marks: RowMarks, observations: ObservationMarks, thing: ThingKey, request: OperationRequest, rowKeys: string[], outcome: PublishOutcome,
): TreeActionOutcome {
  const operation = String(request.operation ?? '');
  const at = Date.now();
  if (outcome.status !== 'answered') {
    if (outcome.status === 'timeout' || outcome.status === 'failed') {
      marks.set(thing, rowKeys, { kind: 'failed', operation, reason: outcome.message ?? outcome.status, at });
    } else marks.set(thing, rowKeys, undefined);
    return { ...outcome, late: undefined };
  }
  const failed = new Set((outcome.failedKeys ?? []).filter((k) => k !== ''));
  const reason = vscode.l10n.t('the device did not {0} it (listed in failedKeys of the answer)', operation);
  // Only reads carry values, and the shadow merges each result into the last one: keep those under the keys asked for.
  const asked = (key: string) => rowKeys.some((k) => k === 'all' || key === k || key.startsWith(`${k}.`));
  const values = operation === 'read' || operation === 'readComposite' ? (outcome.resultValues ?? []).filter((v) => asked(v.key)) : [];
  const written = operation === 'write' && Array.isArray(request.values) ? request.values : [];
  rowKeys.forEach((key, i) => {
    if (failed.has(key)) marks.set(thing, [key], { kind: 'failed', operation, reason, at });
    else marks.set(thing, [key], { kind: 'done', operation, value: written[i] !== undefined ? String(written[i]) : values.find((v) => v.key === key)?.value, at });
  });
  for (const v of values) if (!failed.has(v.key) && !rowKeys.includes(v.key)) marks.set(thing, [v.key], { kind: 'done', operation, value: v.value, at });
  const ok = rowKeys.filter((k) => !failed.has(k));
  if (operation === 'observe' && ok.length) {
    const attrs = Array.isArray(request.attributes) && typeof request.attributes[0] === 'object' ? request.attributes[0] as AttributeSet : {};
    observations.add(thing, ok, attrs);
  }
  if (operation === 'cancelObserve') observations.remove(thing, rowKeys);
  return { ...outcome, late: undefined };
}
