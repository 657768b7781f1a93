// What each outcome of Publish shows: why a request was not sent (the text stays in the editor); for a sent
// one the summary notification, the result document, the history entry and the thing's refreshed rows;
// after a timeout "Keep Waiting" (a document) or a background wait whose answer the row shows (a tree
// action). Sending is the pipeline's (src/operations/sendPipeline.ts).
import * as vscode from 'vscode';
import type { ShadowDocument } from '../../aws/types';
import type { Answer } from '../../core/answer/answerMatch';
import type { AnswerOutcome, SendOutcome } from '../../operations/sendPipeline';
import type { ShadowRef } from '../documents/shadowPath';
import { DocumentTextError } from '../documents/shadowDocumentText';
import { showError } from '../errors/showError';
import { inertText } from '../format/inertText';
import { DATAMODEL_SHADOW, OPERATION_SHADOW } from '../format/shadowNames';
import type { UiServices } from '../services';
import type { Interaction } from '../../operations/interaction';
import type { HistoryEntry, OperationHistory } from './operationHistory';
import { keysOf, type OperationRequest } from './operationRequest';
import { resultDocumentName } from './resultDocumentName';
import { resultSummary, resultText } from './operationResultText';
import type { ResultDocuments } from './resultDocuments';
import type { PublishOutcome } from './publishOperation';

export const DEFAULT_TIMEOUT_S = 60;
/** After a timeout, "Keep Waiting" watches this much longer in the background. */
const BACKGROUND_WAIT_MS = 15 * 60 * 1000;

export interface AnswerDeps {
  services: UiServices;
  history: OperationHistory;
  results: ResultDocuments;
}

/** A request the pipeline sent, as the UI knows it. */
export interface Shown {
  ref: ShadowRef;
  operation: string;
  request: OperationRequest;
  entry: HistoryEntry;
  /** performance.now() when the update was accepted */
  t0: number;
  /** A tree action: notify only when late or partial (the row shows the rest). */
  quiet?: boolean;
}

type Sent = Extract<SendOutcome, { kind: 'answered' | 'late' | 'cancelled' | 'refused' }>;

export const resultTimeoutSeconds = () => vscode.workspace.getConfiguration('lwm2mShadows').get<number>('operation.resultTimeoutSeconds', DEFAULT_TIMEOUT_S);

/** The outcome of a sent request, shown. */
export async function showSent(d: AnswerDeps, out: Sent, c: Shown): Promise<PublishOutcome> {
  const base: PublishOutcome = { status: 'failed', thing: c.ref.thingName, operation: c.operation, acceptedVersion: out.accepted.version };
  if (out.kind === 'answered') return answered(d, out.doc, out.answer, out.answerMs, c, out.accepted);
  if (out.kind === 'refused') return { ...base, message: out.reason };
  if (out.kind === 'cancelled') {
    d.history.update(c.entry, { outcome: 'cancelled' });
    const message = inertText(vscode.l10n.t('Stopped waiting for {0}. The request was published; its answer will show in the operation shadow.', c.ref.thingName));
    void vscode.window.showInformationMessage(message);
    return { ...base, status: 'cancelled', message };
  }
  d.history.update(c.entry, { outcome: 'timeout' });
  const later = (): Promise<AnswerOutcome> => out.waitLonger(BACKGROUND_WAIT_MS, (task) => d.services.interaction.progress(
    { title: vscode.l10n.t('Waiting for {0} to answer {1}…', c.ref.thingName, c.operation), where: 'status' }, () => task()));
  const showLogs = vscode.l10n.t('Show Logs');
  const logs = () => void vscode.commands.executeCommand('lwm2mShadows.streamLogs', { operationLambdaOnly: true, since: out.requestedAt - 5000 });
  if (c.quiet) {
    // A tree action: say so once, keep waiting in the background (the row shows it), notify when the answer comes.
    const message = inertText(vscode.l10n.t(
      'No answer yet from {0} to {1}: a device in queue mode or offline answers when it next connects. Its row shows the answer when it comes.',
      c.ref.thingName, c.operation));
    void Promise.resolve(vscode.window.showWarningMessage(message, showLogs)).then((picked) => {
      if (picked === showLogs) logs();
    });
    const late = later().then((w): Promise<PublishOutcome> | PublishOutcome => {
      if (w.kind === 'answered') return answered(d, w.doc, w.answer, performance.now() - c.t0, { ...c, quiet: false }, out.accepted);
      return { ...base, status: 'timeout', message: w.kind === 'cancelled' ? supersededText(c) : vscode.l10n.t('Still no answer from {0} to {1}.', c.ref.thingName, c.operation) };
    });
    return { ...base, status: 'timeout', message, late };
  }
  const message = inertText(vscode.l10n.t(
    'No answer from {0} to {1} within {2} s. A device in queue mode or offline answers when it next connects; a request the integration refused (Lambda status 400 or 406) is never answered: check the Lwm2mOperation logs.',
    c.ref.thingName, c.operation, Math.round(resultTimeoutSeconds())));
  const keep = vscode.l10n.t('Keep Waiting');
  void Promise.resolve(vscode.window.showWarningMessage(message, keep, showLogs)).then(async (picked) => {
    if (picked === showLogs) return logs();
    if (picked !== keep) return;
    const w = await later();
    if (w.kind === 'answered') await answered(d, w.doc, w.answer, performance.now() - c.t0, c, out.accepted);
    else void vscode.window.showWarningMessage(inertText(w.kind === 'cancelled' ? supersededText(c) : vscode.l10n.t('Still no answer from {0} to {1}.', c.ref.thingName, c.operation)));
  }).then(undefined, (e: unknown) => showError(d.services.interaction, e, { operation: vscode.l10n.t('read the operation shadow of {0}', c.ref.thingName) }));
  return { ...base, status: 'timeout', message };
}

async function answered(d: AnswerDeps, doc: ShadowDocument, result: Answer, answerMs: number, c: Shown, accepted: ShadowDocument): Promise<PublishOutcome> {
  const facts = {
    thing: c.ref.thingName, connection: c.ref.connection, operation: c.operation, keys: keysOf(c.request),
    requestedAt: c.entry.time, answeredAt: Date.now(), version: doc.version, result,
  };
  // The summary quotes the device (reported.operation): inert, as shown and as kept in the history.
  const summary = inertText(resultSummary(facts));
  const text = resultText(facts);
  d.history.update(c.entry, { outcome: 'answered', summary, resultText: text, result });
  const uri = d.results.put(c.ref.connection, c.ref.thingName, resultDocumentName(c.operation, facts.keys, c.ref.thingName, doc.version), text);
  const refreshed = refreshThing(d.services, c.ref, result.operation ?? c.operation);
  const show = vscode.l10n.t('Show Result');
  const partial = result.failedKeys.length > 0 || result.notAnswered.length > 0;
  if (!c.quiet || partial) {
    void d.services.interaction.notify(partial ? 'warning' : 'info', summary, show).then((picked) => {
      if (picked === show) void showResult(d.services.interaction, uri);
    });
  }
  await refreshed;
  return {
    status: 'answered', thing: c.ref.thingName, operation: c.operation, acceptedVersion: accepted.version, answerVersion: doc.version,
    answerMs, values: result.values.length, failedKeys: result.failedKeys, resultUri: uri.toString(), message: summary,
    resultValues: result.values, ...(result.notAnswered.length ? { notAnswered: result.notAnswered } : {}),
  };
}

/**
 * The result lands in the datamodel too (read, write, readComposite; the OperationResponse rule copies it a
 * moment after the answer): fetch it until its version moves, so the tree and validation see it.
 */
async function refreshThing(s: UiServices, ref: ShadowRef, operation: string): Promise<void> {
  const dm = { ...ref, shadowName: DATAMODEL_SHADOW };
  const known = s.store.peek(dm)?.version;
  const copied = ['read', 'write', 'readComposite'].includes(operation);
  for (const wait of copied ? [0, 250, 500, 1000, 1500] : [0]) {
    if (wait) await new Promise((r) => setTimeout(r, wait));
    s.store.expire(dm);
    const doc = await s.store.get(dm, 0).catch(() => undefined);
    if (!doc || known === undefined || doc.version !== known) break;
  }
  const thingNode = s.fleet.findThing(ref.thingName);
  for (const name of [DATAMODEL_SHADOW, OPERATION_SHADOW]) {
    const node = thingNode?.shadow(name);
    if (node) s.fleetContext.refreshNode(node);
  }
}

export async function showResult(ui: Interaction, uri: vscode.Uri): Promise<void> {
  await ui.openDocument(uri.toString(), { preview: true, beside: true });
}

/** Why a late answer is no longer awaited: a newer request went to the thing, and an answer names no request. */
function supersededText(c: { ref: ShadowRef; operation: string }): string {
  return vscode.l10n.t('Stopped waiting for {0} to answer {1}: a newer request was sent to it, and an answer cannot be told apart from the newer one\'s.', c.ref.thingName, c.operation);
}

/** A request that was not sent (or may have been, and is not sent again): say why; the text stays in the editor. */
export async function notSent(ui: Interaction, out: SendOutcome, ref: ShadowRef): Promise<PublishOutcome> {
  const thing = ref.thingName;
  const base: PublishOutcome = { status: 'failed', thing, operation: 'operation' in out ? out.operation : undefined };
  const operation = base.operation ?? '';
  if (out.kind === 'conflict') return { ...base, status: 'cancelled', message: vscode.l10n.t('Not published: the operation shadow changed. Your text is still in the editor.') };
  if (out.kind === 'unknown') {
    const message = inertText(vscode.l10n.t(
      'Publishing {0} to {1} got no answer ({2}) and reading the operation shadow back failed too: the request may have been applied. Check the Operation shadow before publishing again; your text is still in the editor.',
      operation, thing, errorText(out.error)));
    void vscode.window.showWarningMessage(message);
    return { ...base, message, maybeApplied: true };
  }
  if (out.kind !== 'not-sent') return base;
  switch (out.reason) {
    case 'busy':
      return refused(thing, operation, ['busy'], inertText(vscode.l10n.t('Not published: {0} is still waiting for the answer to {1}. Publish again when it has answered; your text stays in the editor.', thing, out.behind ?? '')), 'warning');
    case 'not-confirmed':
      return { ...base, status: 'cancelled', message: vscode.l10n.t('Not published: the execute was not confirmed. Your text is still in the editor.') };
    case 'changed':
      return refused(thing, operation, ['changed'], vscode.l10n.t('Not published: the document changed while Publish was asking. Nothing was sent; check the text and publish again.'), 'warning');
    case 'bad-update':
      if (!(out.error instanceof DocumentTextError)) throw out.error;
      void vscode.window.showErrorMessage(inertText(vscode.l10n.t('Not published: {0}', out.error.message)));
      return { ...base, status: 'refused', message: out.error.message };
    case 'unreadable':
      await showError(ui, out.error, { operation: vscode.l10n.t('read the operation shadow of {0}', thing) });
      return { ...base, message: String(out.error) };
    default: {
      if (out.error instanceof NoSession) {
        const message = inertText(vscode.l10n.t('Not connected to "{0}": switch to that connection to publish to {1}.', ref.connection, thing));
        void vscode.window.showErrorMessage(message);
        return { ...base, message };
      }
      await showError(ui, out.error, { operation: vscode.l10n.t('publish {0} to {1} (nothing was sent to the device; your text is still in the editor)', operation, thing) });
      const maybe = (out.error as { maybeApplied?: unknown } | undefined)?.maybeApplied;
      return { ...base, message: errorText(out.error), ...(maybe === false ? { maybeApplied: false } : {}) };
    }
  }
}

/** Not sent, with the reason: 'problems' offers the Problems view. */
export function refused(thing: string, operation: string, problems: string[], message: string, notice: 'problems' | 'error' | 'warning'): PublishOutcome {
  if (notice === 'warning') void vscode.window.showWarningMessage(message);
  else if (notice === 'error') void vscode.window.showErrorMessage(message);
  else {
    const show = vscode.l10n.t('Show Problems');
    void Promise.resolve(vscode.window.showErrorMessage(message, show)).then((p) => {
      if (p === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  }
  return { status: 'refused', thing, operation, problems, message };
}

/** No session for the request's connection: nothing was sent. */
export class NoSession extends Error {}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
