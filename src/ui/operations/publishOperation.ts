// Publish Operation: validate → refuse on errors → write the request into the operation shadow's
// `desired` with the version the document was read at → on 409 ask (reload & reapply / overwrite /
// cancel; the text is never lost) → wait for the answer in `reported` → show it and refresh the thing's
// Datamodel and Operation nodes.
import * as vscode from 'vscode';
import type { ShadowDocument } from '../../aws/types';
import type { RequestProblem } from '../../core/index';
import { DocumentTextError, desiredUpdateFromText } from '../documents/shadowDocumentText';
import type { ShadowRef } from '../documents/shadowPath';
import { shadowUri } from '../documents/shadowUri';
import { isAwsError } from '../errors/describeError';
import { showError } from '../errors/showError';
import { ShadowNode } from '../fleet/nodes/shadowNode';
import { inertText } from '../format/inertText';
import { DATAMODEL_SHADOW, OPERATION_SHADOW } from '../format/shadowNames';
import { askModal } from '../prompts';
import type { UiServices } from '../services';
import { confirmExecute } from './confirmExecute';
import type { OperationContext } from './operationContext';
import type { OperationDiagnostics } from './operationDiagnostics';
import { isOperationDocument, isOperationFile, operationShadowOf } from './operationDocuments';
import type { HistoryEntry, OperationHistory } from './operationHistory';
import { desiredUpdate, keysOf, requestOf, textWithRequest, versionOf, type OperationRequest } from './operationRequest';
import { resultDocumentName } from './resultDocumentName';
import { resultSummary, resultText } from './operationResultText';
import type { ResultDocuments } from './resultDocuments';
import { ThingActionQueue } from './thingActionQueue';
import { waitForAnswer, type AnswerOf, type WaitOutcome } from './resultWatch';

export const PUBLISH_COMMAND = 'lwm2mShadows.publishOperation';
const DEFAULT_TIMEOUT_S = 60;
/** After a timeout, "Keep Waiting" watches this much longer in the background. */
const BACKGROUND_WAIT_MS = 15 * 60 * 1000;

export type PublishStatus = 'refused' | 'cancelled' | 'reapplied' | 'failed' | 'answered' | 'timeout';

/** What the command returns (tests read it; people see notifications). */
export interface PublishOutcome {
  status: PublishStatus;
  thing?: string;
  operation?: string;
  /** refused: the error codes, first first */
  problems?: string[];
  message?: string;
  acceptedVersion?: number;
  answerVersion?: number;
  /** ms from the accepted update to the answer */
  answerMs?: number;
  values?: number;
  failedKeys?: string[];
  /** answered: requested keys the answer neither carries nor lists as failed */
  notAnswered?: string[];
  resultUri?: string;
  /** The update's answer was lost (or a 409 came back) and reading the shadow back showed it applied. */
  confirmedByReadBack?: boolean;
  /** failed: the update got no answer and may have been applied (reading back could not tell). */
  maybeApplied?: boolean;
  /** answered: the values of the result, by key (tree actions mark them on their rows) */
  resultValues?: { key: string; value: string }[];
  /** timeout of a tree action: the answer when it comes later (or a later timeout) */
  late?: Promise<PublishOutcome>;
}

/** How a request built by a tree action is published: the same pipeline, with the row showing progress. */
export interface RequestPublishOptions {
  /** Notify only when the answer is late or has failed keys (the row shows the rest). */
  quiet: boolean;
}

export interface PublishDeps {
  services: UiServices;
  context: OperationContext;
  diagnostics: OperationDiagnostics;
  history: OperationHistory;
  results: ResultDocuments;
}

interface Target {
  /** The editor's document; none for a request built by a tree action. */
  doc?: vscode.TextDocument;
  ref: ShadowRef;
  /** A workspace file or a tree action's request (no shadow version of its own). */
  file: boolean;
  quiet?: boolean;
  /** The document's text as checked and confirmed: what is sent (a later edit is not). */
  text?: string;
}

export class OperationPublisher {
  /**
   * One request at a time per thing, whoever sends it (a document's Publish, a tree action, Run Again): an
   * answer names no request, so a second one while the first waits for its answer could take its answer.
   */
  readonly queue = new ThingActionQueue();
  /**
   * Waits for late answers that go on in the background, per thing. A newer request to the thing ends them:
   * from then on an answer could be the newer request's, and would be shown as the older one's.
   */
  private readonly lateWaits = new Map<string, Set<vscode.CancellationTokenSource>>();

  constructor(private readonly d: PublishDeps) {}

  /**
   * Waits in the background (status bar progress) for the late answer to `c`, up to BACKGROUND_WAIT_MS; a newer
   * request to the thing ends the wait (supersede()) as 'cancelled'.
   */
  private async waitInBackground(c: Sent): Promise<WaitOutcome> {
    const key = `${c.ref.connection}\n${c.ref.thingName}`;
    const cts = new vscode.CancellationTokenSource();
    const set = this.lateWaits.get(key) ?? new Set();
    set.add(cts);
    this.lateWaits.set(key, set);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Waiting for {0} to answer {1}…', c.ref.thingName, c.operation) },
        () => waitForAnswer(this.d.services.store, c.ref, this.answerOf(c), BACKGROUND_WAIT_MS, cts.token),
      );
    } finally {
      set.delete(cts);
      if (!set.size && this.lateWaits.get(key) === set) this.lateWaits.delete(key);
      cts.dispose();
    }
  }

  /** Core's answer matcher bound to this request: which version answers it and what that answer said. */
  private answerOf(c: Pick<Sent, 'request' | 'accepted' | 'before'>): AnswerOf {
    const core = this.d.context.core();
    return (doc) => core.matchAnswer(doc, c.request, c.accepted, c.before);
  }

  /** A new request is about to go to `ref`'s thing: background waits for older answers stop (and say why). */
  private supersede(ref: ShadowRef): void {
    for (const cts of this.lateWaits.get(`${ref.connection}\n${ref.thingName}`) ?? []) cts.cancel();
  }

  async publish(arg?: unknown): Promise<PublishOutcome> {
    const target = await this.target(arg);
    if (!target) return { status: 'cancelled' };
    const { doc, ref } = target;
    // What is checked (and confirmed) is what is sent: the text as it is now, never as it is later.
    const text = doc.getText();
    const errors = this.d.diagnostics.validate(doc).filter((p) => p.severity === 'error');
    const request = requestOf(text);
    const operation = typeof request?.operation === 'string' ? request.operation : '';
    if (errors.length || !request) {
      const first = errors[0];
      const message = inertText(first
        ? vscode.l10n.t('Not published: {0} (line {1}).{2}', first.message, first.range.start.line + 1,
          errors.length > 1 ? ' ' + vscode.l10n.t('{0} more problem(s).', errors.length - 1) : '')
        : vscode.l10n.t('Not published: the document holds no request (state.desired).'));
      const show = vscode.l10n.t('Show Problems');
      void Promise.resolve(vscode.window.showErrorMessage(message, show)).then((p) => {
        if (p === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return { status: 'refused', thing: ref.thingName, operation, problems: errors.map((e) => e.code), message };
    }
    // Subscribed before the request goes out, so the answer arrives the moment it is written (polled where MQTT is refused).
    // A document's Publish does not wait behind a tree action (it could be minutes): refused, the text kept.
    const thing = { connection: ref.connection, thing: ref.thingName };
    const busy = this.queue.running(thing);
    if (busy) {
      const message = inertText(vscode.l10n.t('Not published: {0} is still waiting for the answer to {1}. Publish again when it has answered; your text stays in the editor.', ref.thingName, busy));
      void vscode.window.showWarningMessage(message);
      return { status: 'refused', thing: ref.thingName, operation, problems: ['busy'], message };
    }
    // The same confirmation as the tree's Execute…, F1 and Run Again: a code lens click is no less explicit, and no safer.
    if (operation === 'execute' && !(await confirmExecute(ref.thingName, keysOf(request)))) {
      return { status: 'cancelled', thing: ref.thingName, operation, message: vscode.l10n.t('Not published: the execute was not confirmed. Your text is still in the editor.') };
    }
    const live = this.d.services.live.pin(ref);
    try {
      return await this.queue.run(thing, operation, async () => {
        // Edited while the confirmation was open: that text was neither checked nor confirmed.
        if (doc.getText() !== text) {
          const message = vscode.l10n.t('Not published: the document changed while Publish was asking. Nothing was sent; check the text and publish again.');
          void vscode.window.showWarningMessage(message);
          return { status: 'refused', thing: ref.thingName, operation, problems: ['changed'], message };
        }
        const outcome = await this.send({ ...target, text }, request, operation);
        // No answer in time: nothing queued behind it goes out later on its own.
        if (outcome.status === 'timeout') this.queue.dropWaiting(thing);
        return outcome;
      });
    } finally {
      live.dispose();
    }
  }

  /** What a document holding `request` for the thing of `ref` would show as problems. */
  problemsOf(ref: ShadowRef, request: OperationRequest): RequestProblem[] {
    return this.d.context.core().checkRequest(request, this.d.context.optionsFor(shadowUri(ref)));
  }

  /**
   * Publishes a request that no document holds (a tree action's): the same validation as a document (refused
   * with the reason, never sent), then the same write, conflict handling and wait as publish().
   */
  async publishRequest(ref: ShadowRef, request: OperationRequest, options: RequestPublishOptions): Promise<PublishOutcome> {
    const operation = typeof request.operation === 'string' ? request.operation : '';
    const errors = this.problemsOf(ref, request).filter((p) => p.severity === 'error');
    if (errors.length) {
      const message = inertText(vscode.l10n.t('Not sent to {0}: {1}', ref.thingName, errors[0].message));
      void vscode.window.showErrorMessage(message);
      return { status: 'refused', thing: ref.thingName, operation, problems: errors.map((e) => e.code), message };
    }
    return this.send({ ref, file: true, quiet: options.quiet }, request, operation);
  }

  private async send(target: Target, request: OperationRequest, operation: string): Promise<PublishOutcome> {
    const { doc, ref } = target;
    const { store, connections } = this.d.services;
    const base: PublishOutcome = { status: 'failed', thing: ref.thingName, operation };
    if (!connections.sessionFor(ref.connection) && connections.pendingId === ref.connection) await connections.ensureConnected();
    const session = connections.sessionFor(ref.connection);
    if (!session) {
      const message = inertText(vscode.l10n.t('Not connected to "{0}": switch to that connection to publish to {1}.', ref.connection, ref.thingName));
      void vscode.window.showErrorMessage(message);
      return { ...base, message };
    }
    const text = target.text ?? doc?.getText() ?? '';
    let stored: ShadowDocument | undefined;
    try {
      stored = target.file ? await store.get(ref, 0) : store.peek(ref) ?? await store.get(ref, 0);
    } catch (e) {
      await showError(e, { operation: vscode.l10n.t('read the operation shadow of {0}', ref.thingName) });
      return { ...base, message: String(e) };
    }
    let version = target.file ? stored.version : versionOf(text) ?? stored.version;
    const before = stored;
    let accepted: ShadowDocument;
    for (;;) {
      let update: Record<string, unknown>;
      try {
        update = target.file ? desiredUpdate(request, stored.state.desired) : desiredUpdateFromText(text, stored.state.desired);
      } catch (e) {
        if (!(e instanceof DocumentTextError)) throw e;
        void vscode.window.showErrorMessage(inertText(vscode.l10n.t('Not published: {0}', e.message)));
        return { ...base, status: 'refused', message: e.message };
      }
      try {
        this.supersede(ref);
        accepted = await session.shadows.update(ref.thingName, OPERATION_SHADOW, update, version);
        break;
      } catch (e) {
        if (!(isAwsError(e) && e.kind === 'version-conflict')) return this.failed(e, base, ref, operation);
        const latest = await store.get(ref, 0);
        const choice = await this.askOnConflict(ref, latest, !target.file, !doc);
        if (choice === 'overwrite') {
          version = latest.version;
          stored = latest;
          continue;
        }
        if (choice === 'reapply' && doc) {
          await this.reapply(doc, latest, request);
          const message = vscode.l10n.t('Your request is back in the editor on top of version {0} of the operation shadow: check it and publish again.', latest.version);
          void vscode.window.showInformationMessage(message);
          return { ...base, status: 'reapplied', message };
        }
        return { ...base, status: 'cancelled', message: vscode.l10n.t('Not published: the operation shadow changed. Your text is still in the editor.') };
      }
    }
    if (accepted.confirmedBy === 'read-back') {
      void vscode.window.showInformationMessage(inertText(vscode.l10n.t(
        'The answer to publishing {0} to {1} was lost, but the operation shadow shows the request applied (version {2}): it was not sent again.',
        operation, ref.thingName, accepted.version)));
    }
    const requestedAt = Date.now();
    const t0 = performance.now();
    const entry = this.d.history.add({
      connection: ref.connection, thing: ref.thingName, operation, keys: keysOf(request), request,
      time: requestedAt, outcome: 'pending', acceptedVersion: accepted.version,
    });
    // The document now shows what the shadow holds: the draft is done with; same version (mtime) as VS
    // Code knows, no stale dirt.
    if (!target.file) await this.d.services.files.drafts.delete(ref);
    store.expire(ref);
    await store.get(ref, 0).catch(() => undefined);
    if (doc && !target.file && doc.isDirty && doc.getText() === text) await revert(doc);

    const answerOf = this.answerOf({ request, accepted, before });
    const timeoutMs = Math.max(1, vscode.workspace.getConfiguration('lwm2mShadows').get<number>('operation.resultTimeoutSeconds', DEFAULT_TIMEOUT_S)) * 1000;
    const waiting = vscode.l10n.t('Waiting for {0} to answer {1}…', ref.thingName, operation);
    // A tree action shows its progress on the row (and in the status bar): nothing pops up while the device answers.
    const outcome = target.quiet
      ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: waiting }, () => waitForAnswer(store, ref, answerOf, timeoutMs))
      : await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: waiting, cancellable: true },
        (_progress, token) => waitForAnswer(store, ref, answerOf, timeoutMs, token),
      );
    const finished = await this.finish(outcome, { ref, operation, request, entry, requestedAt, t0, accepted, before, quiet: target.quiet });
    return accepted.confirmedBy === 'read-back' ? { ...finished, confirmedByReadBack: true } : finished;
  }

  /** The update failed: say whether it may have been applied; the text stays in the editor either way. */
  private async failed(e: unknown, base: PublishOutcome, ref: ShadowRef, operation: string): Promise<PublishOutcome> {
    const message = e instanceof Error ? e.message : String(e);
    if (isAwsError(e) && e.maybeApplied) {
      const text = inertText(vscode.l10n.t(
        'Publishing {0} to {1} got no answer ({2}) and reading the operation shadow back failed too: the request may have been applied. Check the Operation shadow before publishing again; your text is still in the editor.',
        operation, ref.thingName, message));
      void vscode.window.showWarningMessage(text);
      return { ...base, message: text, maybeApplied: true };
    }
    await showError(e, { operation: vscode.l10n.t('publish {0} to {1} (nothing was sent to the device; your text is still in the editor)', operation, ref.thingName) });
    return { ...base, message, ...(isAwsError(e) && e.maybeApplied === false ? { maybeApplied: false } : {}) };
  }

  private async finish(outcome: WaitOutcome, c: Sent): Promise<PublishOutcome> {
    const base: PublishOutcome = { status: 'failed', thing: c.ref.thingName, operation: c.operation, acceptedVersion: c.accepted.version };
    if (outcome.kind === 'cancelled') {
      this.d.history.update(c.entry, { outcome: 'cancelled' });
      const message = inertText(vscode.l10n.t('Stopped waiting for {0}. The request was published; its answer will show in the operation shadow.', c.ref.thingName));
      void vscode.window.showInformationMessage(message);
      return { ...base, status: 'cancelled', message };
    }
    if (outcome.kind === 'timeout' && c.quiet) return this.lateAction(c, base);
    if (outcome.kind === 'timeout') {
      this.d.history.update(c.entry, { outcome: 'timeout' });
      const seconds = Math.round(vscode.workspace.getConfiguration('lwm2mShadows').get<number>('operation.resultTimeoutSeconds', DEFAULT_TIMEOUT_S));
      const message = inertText(vscode.l10n.t(
        'No answer from {0} to {1} within {2} s. A device in queue mode or offline answers when it next connects; a request the integration refused (Lambda status 400 or 406) is never answered: check the Lwm2mOperation logs.',
        c.ref.thingName, c.operation, seconds));
      const keep = vscode.l10n.t('Keep Waiting');
      const showLogs = vscode.l10n.t('Show Logs');
      void Promise.resolve(vscode.window.showWarningMessage(message, keep, showLogs)).then(async (picked) => {
        if (picked === showLogs) return void vscode.commands.executeCommand('lwm2mShadows.streamLogs', { operationLambdaOnly: true, since: c.requestedAt - 5000 });
        if (picked !== keep) return;
        const later = await this.waitInBackground(c);
        if (later.kind === 'answered') await this.answered(later, c);
        else void vscode.window.showWarningMessage(inertText(later.kind === 'cancelled' ? supersededText(c) : vscode.l10n.t('Still no answer from {0} to {1}.', c.ref.thingName, c.operation)));
      }).then(undefined, (e: unknown) => showError(e, { operation: vscode.l10n.t('read the operation shadow of {0}', c.ref.thingName) }));
      return { ...base, status: 'timeout', message };
    }
    return this.answered(outcome, c);
  }

  /**
   * A tree action without an answer in time: say so once, keep waiting in the background (the row shows it),
   * and notify when the answer comes (a late answer is worth a notification).
   */
  private lateAction(c: Sent, base: PublishOutcome): PublishOutcome {
    this.d.history.update(c.entry, { outcome: 'timeout' });
    const message = inertText(vscode.l10n.t(
      'No answer yet from {0} to {1}: a device in queue mode or offline answers when it next connects. Its row shows the answer when it comes.',
      c.ref.thingName, c.operation));
    const showLogs = vscode.l10n.t('Show Logs');
    void Promise.resolve(vscode.window.showWarningMessage(message, showLogs)).then((picked) => {
      if (picked === showLogs) void vscode.commands.executeCommand('lwm2mShadows.streamLogs', { operationLambdaOnly: true, since: c.requestedAt - 5000 });
    });
    const late = this.waitInBackground(c).then((later): Promise<PublishOutcome> | PublishOutcome => {
      if (later.kind === 'answered') return this.answered(later, { ...c, quiet: false });
      if (later.kind === 'cancelled') return { ...base, status: 'timeout', message: supersededText(c) };
      return { ...base, status: 'timeout', message: vscode.l10n.t('Still no answer from {0} to {1}.', c.ref.thingName, c.operation) };
    });
    return { ...base, status: 'timeout', message, late };
  }

  private async answered({ doc, answer: result }: Extract<WaitOutcome, { kind: 'answered' }>, c: Sent): Promise<PublishOutcome> {
    const answerMs = performance.now() - c.t0;
    const facts = {
      thing: c.ref.thingName, connection: c.ref.connection, operation: c.operation, keys: keysOf(c.request),
      requestedAt: c.requestedAt, answeredAt: Date.now(), version: doc.version, result,
    };
    // The summary quotes the device (reported.operation): inert, as shown and as kept in the history.
    const summary = inertText(resultSummary(facts));
    const text = resultText(facts);
    this.d.history.update(c.entry, { outcome: 'answered', summary, resultText: text, result });
    const uri = this.d.results.put(c.ref.connection, c.ref.thingName, resultDocumentName(c.operation, facts.keys, c.ref.thingName, doc.version), text);
    const refreshed = this.refreshThing(c.ref, result.operation ?? c.operation);
    const show = vscode.l10n.t('Show Result');
    const partial = result.failedKeys.length > 0 || result.notAnswered.length > 0;
    const notify = partial ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    if (!c.quiet || partial) {
      void Promise.resolve(notify(summary, show)).then((picked) => {
        if (picked === show) void showResult(uri);
      });
    }
    await refreshed;
    return {
      status: 'answered', thing: c.ref.thingName, operation: c.operation, acceptedVersion: c.accepted.version, answerVersion: doc.version,
      answerMs, values: result.values.length, failedKeys: result.failedKeys, resultUri: uri.toString(), message: summary,
      resultValues: result.values, ...(result.notAnswered.length ? { notAnswered: result.notAnswered } : {}),
    };
  }

  /**
   * The result lands in the datamodel too (read, write, readComposite; the OperationResponse rule copies it a
   * moment after the answer): fetch it until its version moves, so the tree and validation see it.
   */
  private async refreshThing(ref: ShadowRef, operation: string): Promise<void> {
    const store = this.d.services.store;
    const dm = { ...ref, shadowName: DATAMODEL_SHADOW };
    const known = store.peek(dm)?.version;
    const copied = ['read', 'write', 'readComposite'].includes(operation);
    for (const wait of copied ? [0, 250, 500, 1000, 1500] : [0]) {
      if (wait) await new Promise((r) => setTimeout(r, wait));
      store.expire(dm);
      const doc = await store.get(dm, 0).catch(() => undefined);
      if (!doc || known === undefined || doc.version !== known) break;
    }
    const thingNode = this.d.services.fleet.findThing(ref.thingName);
    for (const name of [DATAMODEL_SHADOW, OPERATION_SHADOW]) {
      const node = thingNode?.shadow(name);
      if (node) this.d.services.fleetContext.refreshNode(node);
    }
  }

  /** `canReapply` only for the shadow document itself: a workspace file is the user's own and is never rewritten. */
  private async askOnConflict(ref: ShadowRef, latest: ShadowDocument, canReapply: boolean, fromTree = false): Promise<'reapply' | 'overwrite' | 'cancel'> {
    const reapply = vscode.l10n.t('Reload & Reapply');
    const overwrite = vscode.l10n.t('Overwrite');
    const changed = vscode.l10n.t('The operation shadow of {0} changed since the document was read (now version {1}).', ref.thingName, latest.version);
    const picked = canReapply
      ? await askModal(
        changed,
        vscode.l10n.t('Reload & Reapply shows the new version with your request in desired, to check and publish again. Overwrite publishes your request now. Your text stays in the editor either way.'),
        reapply,
        overwrite,
      )
      : await askModal(changed, fromTree
        ? vscode.l10n.t('Overwrite publishes your request now. Cancel sends nothing; "Open as Operation Document" on the row puts the request into the document to edit.')
        : vscode.l10n.t('Overwrite publishes your request now. Your file is not changed either way.'), overwrite);
    return picked === reapply ? 'reapply' : picked === overwrite ? 'overwrite' : 'cancel';
  }

  /** The editor shows the latest shadow (clean, its version known to VS Code) with the user's request put back into desired. */
  private async reapply(doc: vscode.TextDocument, latest: ShadowDocument, request: OperationRequest): Promise<void> {
    const text = textWithRequest(latest, request);
    await revert(doc);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
  }

  private async target(arg: unknown): Promise<(Target & { doc: vscode.TextDocument }) | undefined> {
    let uri: vscode.Uri | undefined;
    if (arg instanceof ShadowNode) uri = shadowUri(arg.ref);
    else if (arg instanceof vscode.Uri) uri = arg;
    else uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri || !isOperationDocument({ uri })) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open an operation document (the Operation shadow of a thing, or a *.lwm2m-operation.json file) to publish it.'));
      return undefined;
    }
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
      if (arg instanceof ShadowNode) await vscode.window.showTextDocument(doc, { preview: false });
    } catch (e) {
      await showError(e, { operation: vscode.l10n.t('open the operation document') });
      return undefined;
    }
    const ref = operationShadowOf(uri);
    if (ref) {
      // A clean document without a draft holds nothing of the user's: show (and publish) what the shadow holds now.
      if (!doc.isDirty && !this.d.services.files.drafts.get(ref)) {
        const fresh = await this.d.services.store.get(ref, 0).catch(() => undefined);
        if (fresh && versionOf(doc.getText()) !== fresh.version) await revert(doc);
      }
      return { doc, ref, file: false };
    }
    if (!isOperationFile(uri)) return undefined;
    const thing = await this.askThing();
    return thing ? { doc, ref: thing, file: true } : undefined;
  }

  /** A workspace file names no thing: ask which one, on the current connection. */
  private async askThing(): Promise<ShadowRef | undefined> {
    const connections = this.d.services.connections;
    const session = connections.current ?? await connections.ensureConnected();
    if (!session) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Connect to AWS or the local sandbox first: publishing sends the request to a thing.'));
      return undefined;
    }
    const last = this.d.history.list(session.spec.id)[0]?.thing;
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Publish to which thing?'),
      prompt: vscode.l10n.t('The thing (LwM2M device) on {0} whose operation shadow receives the request.', session.spec.label),
      value: last,
      validateInput: (v) => (/^[a-zA-Z0-9:_-]{1,128}$/.test(v) ? undefined : vscode.l10n.t('Thing names are 1–128 characters of a–z, A–Z, 0–9, :, _ and -.')),
    });
    return name ? { connection: session.spec.id, thingName: name, shadowName: OPERATION_SHADOW } : undefined;
  }
}

/** What finish() knows about a published request. */
interface Sent {
  ref: ShadowRef; operation: string; request: OperationRequest; entry: HistoryEntry; requestedAt: number; t0: number; accepted: ShadowDocument;
  /** The operation shadow as it was when the request was accepted (what answered it is told from it). */
  before: ShadowDocument; quiet?: boolean;
}

/**
 * Reverts a document to what its file system serves. VS Code's revert command acts on the active editor
 * (there is no API to revert a given document), so `doc` is made active first and the command runs only
 * if it still is; returns whether it was reverted. A document closed meanwhile is left alone.
 */
async function revert(doc: vscode.TextDocument): Promise<boolean> {
  if (doc.isClosed) return false;
  await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
  if (vscode.window.activeTextEditor?.document !== doc) return false;
  await vscode.commands.executeCommand('workbench.action.files.revert');
  return !doc.isDirty;
}

export async function showResult(uri: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

/** Why a late answer is no longer awaited: a newer request went to the thing, and an answer names no request. */
function supersededText(c: { ref: ShadowRef; operation: string }): string {
  return vscode.l10n.t('Stopped waiting for {0} to answer {1}: a newer request was sent to it, and an answer cannot be told apart from the newer one\'s.', c.ref.thingName, c.operation);
}
