// Publish Operation, and what tree actions and Run Again send: the UI around the one send pipeline
// (src/operations/sendPipeline.ts: validate → confirm an execute → one versioned update → the answer). Here:
// which document and thing (publishTarget.ts), the 409 question (reload &
// reapply / overwrite / cancel; the text is never lost), the history, and the words for each outcome (publishOutcome.ts).
import * as vscode from 'vscode';
import type { ShadowDocument } from '../../aws/types';
import type { RequestProblem } from '../../core/index';
import type { SendPipeline, ConflictChoice, Problem, SendOutcome, SendPlan } from '../../operations/sendPipeline';
import type { ThingQueue } from '../../operations/thingQueue';
import { desiredUpdateFromText } from '../documents/shadowDocumentText';
import type { ShadowRef } from '../documents/shadowPath';
import { shadowUri } from '../documents/shadowUri';
import { inertText } from '../format/inertText';
import type { UiServices } from '../services';
import { storeWatch } from '../shadows/storeWatch';
import { confirmExecute } from './confirmExecute';
import type { OperationContext } from './operationContext';
import type { OperationDiagnostics } from './operationDiagnostics';
import type { OperationHistory } from './operationHistory';
import { keysOf, requestOf, textWithRequest, versionOf, type OperationRequest } from './operationRequest';
import { NoSession, notSent, refused, resultTimeoutSeconds, showSent, type Shown } from './publishOutcome';
import type { ResultDocuments } from './resultDocuments';
import { publishTarget, revert } from './publishTarget';

export const PUBLISH_COMMAND = 'lwm2mShadows.publishOperation';

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

/** How a request built by a tree action (or Run Again) is published: queued behind the thing's running one. */
export interface RequestPublishOptions {
  /** Notify only when the answer is late or has failed keys (the row shows the rest). */
  quiet: boolean;
  onQueued?(behind: string): void;
  /** Its turn has come (the rows show progress from here). */
  onStart?(): void;
}

export interface PublishDeps {
  services: UiServices;
  context: OperationContext;
  diagnostics: OperationDiagnostics;
  history: OperationHistory;
  results: ResultDocuments;
}

export class OperationPublisher {
  constructor(private readonly d: PublishDeps) {}

  /** The one pipeline (src/ui/services.ts), shared with device checks and firmware updates. */
  get pipeline(): SendPipeline {
    return this.d.services.pipeline;
  }

  /** One request at a time per thing, whoever sends it (a document's Publish, a tree action, Run Again, a device check, a firmware update). */
  get queue(): ThingQueue {
    return this.pipeline.queue;
  }

  /** A document's Publish: refused while the thing waits for another answer (the text stays in the editor). */
  async publish(arg?: unknown): Promise<PublishOutcome> {
    const target = await publishTarget(arg, this.d.services, this.d.history);
    if (!target) return { status: 'cancelled' };
    const { doc, ref, file } = target;
    // What is checked (and confirmed) is what is sent: the text as it is now, never as it is later.
    const text = doc.getText();
    const errors = this.d.diagnostics.validate(doc).filter((p) => p.severity === 'error');
    const request = requestOf(text);
    const operation = typeof request?.operation === 'string' ? request.operation : '';
    const thing = ref.thingName;
    if (!request && !errors.length) return refused(thing, operation, [], vscode.l10n.t('Not published: the document holds no request (state.desired).'), 'problems');
    const live = this.d.services.live.pin(ref);
    try {
      const { out, shown } = await this.send(ref, request ?? {}, errors.map((e) => ({ severity: 'error', code: e.code })), {
        whenBusy: 'refuse', quiet: false,
        // Edited while the confirmation was open: that text was neither checked nor confirmed.
        onStart: () => (doc.getText() !== text ? 'changed' : undefined),
        ...(file ? {} : { version: versionOf(text), update: (stored: ShadowDocument) => desiredUpdateFromText(text, stored.state.desired) }),
        stored: () => (file ? this.d.services.store.get(ref, 0) : Promise.resolve(this.d.services.store.peek(ref) ?? this.d.services.store.get(ref, 0))),
        onConflict: (latest) => this.askOnConflict(ref, latest, !file, false),
        onAccepted: async () => {
          // The document now shows what the shadow holds: the draft is done with; same version (mtime) as VS Code knows, no stale dirt.
          if (file) return;
          await this.d.services.files.drafts.delete(ref);
          this.d.services.store.expire(ref);
          await this.d.services.store.get(ref, 0).catch(() => undefined);
          if (doc.isDirty && doc.getText() === text) await revert(doc, this.d.services.files);
        },
      });
      if (out.kind === 'not-sent' && out.reason === 'invalid') {
        const first = errors[0];
        const message = inertText(vscode.l10n.t('Not published: {0} (line {1}).{2}', first.message, first.range.start.line + 1,
          errors.length > 1 ? ' ' + vscode.l10n.t('{0} more problem(s).', errors.length - 1) : ''));
        return refused(thing, operation, errors.map((e) => e.code), message, 'problems');
      }
      if (out.kind === 'conflict' && out.choice === 'reapply') {
        await this.reapply(doc, out.latest, request ?? {});
        const message = vscode.l10n.t('Your request is back in the editor on top of version {0} of the operation shadow: check it and publish again.', out.latest.version);
        void this.d.services.interaction.notify('info', message);
        return { status: 'reapplied', thing, operation, message };
      }
      return shown ?? notSent(this.d.services.interaction, out, ref);
    } finally {
      live.dispose();
    }
  }

  /** What a document holding `request` for the thing of `ref` would show as problems. */
  problemsOf(ref: ShadowRef, request: OperationRequest): RequestProblem[] {
    return this.d.context.core().checkRequest(request, this.d.context.optionsFor(shadowUri(ref)));
  }

  /**
   * Publishes a request that no document holds (a tree action's, Run Again's): the same validation as a
   * document (refused with the reason, never sent), the same confirmation, write, conflict question and wait.
   */
  async publishRequest(ref: ShadowRef, request: OperationRequest, options: RequestPublishOptions): Promise<PublishOutcome & { dropped?: SendOutcome }> {
    const problems = this.problemsOf(ref, request);
    const { out, shown } = await this.send(ref, request, problems, {
      whenBusy: 'queue', quiet: options.quiet, onQueued: options.onQueued,
      onStart: () => void options.onStart?.(),
      onConflict: (latest) => this.askOnConflict(ref, latest, false, true),
    });
    const operation = typeof request.operation === 'string' ? request.operation : '';
    if (out.kind === 'not-sent' && out.reason === 'invalid') {
      const first = problems.find((p) => p.severity === 'error')!;
      return refused(ref.thingName, operation, problems.filter((p) => p.severity === 'error').map((e) => e.code), inertText(vscode.l10n.t('Not sent to {0}: {1}', ref.thingName, first.message)), 'error');
    }
    if (out.kind === 'not-sent' && (out.reason === 'dropped' || out.reason === 'queue-full')) return { status: 'cancelled', thing: ref.thingName, operation, dropped: out };
    return shown ?? notSent(this.d.services.interaction, out, ref);
  }

  /** The pipeline, with the UI's words for what a person is asked and sees of the answer. */
  private async send<P extends Problem>(
    ref: ShadowRef, request: OperationRequest, problems: readonly P[],
    o: Pick<SendPlan, 'whenBusy' | 'onQueued' | 'onStart' | 'onConflict' | 'version' | 'update' | 'stored'> & { quiet: boolean; onAccepted?: () => Promise<void> },
  ): Promise<{ out: SendOutcome<P>; shown?: PublishOutcome }> {
    const operation = typeof request.operation === 'string' ? request.operation : '';
    const { store, connections } = this.d.services;
    if (!connections.sessionFor(ref.connection) && connections.pendingId === ref.connection) await connections.ensureConnected();
    const session = connections.sessionFor(ref.connection);
    let shown: Shown | undefined;
    const plan: SendPlan<P> = {
      ...o, thing: { connection: ref.connection, thing: ref.thingName }, request, problems,
      timeoutMs: Math.max(1, resultTimeoutSeconds()) * 1000,
      confirmExecute: (thing, keys) => confirmExecute(this.d.services.interaction, thing, keys),
      onAccepted: async (accepted) => {
        if (accepted.confirmedBy === 'read-back') {
          void vscode.window.showInformationMessage(inertText(vscode.l10n.t(
            'The answer to publishing {0} to {1} was lost, but the operation shadow shows the request applied (version {2}): it was not sent again.',
            operation, ref.thingName, accepted.version)));
        }
        const entry = this.d.history.add({
          connection: ref.connection, thing: ref.thingName, operation, keys: keysOf(request), request,
          time: Date.now(), outcome: 'pending', acceptedVersion: accepted.version,
        });
        shown = { ref, operation, request, entry, t0: performance.now(), quiet: o.quiet };
        await o.onAccepted?.();
      },
      // A tree action shows its progress on the row (and in the status bar): nothing pops up while the device answers.
      waiting: (task) => this.d.services.interaction.progress(
        { title: vscode.l10n.t('Waiting for {0} to answer {1}…', ref.thingName, operation), where: o.quiet ? 'status' : 'notification', cancellable: !o.quiet },
        (signal) => task(o.quiet ? undefined : signal)),
    };
    const out: SendOutcome<P> = session
      ? await this.pipeline.send({ shadows: session.shadows, watch: storeWatch(store, ref), matchAnswer: this.d.context.core().matchAnswer }, plan)
      : { kind: 'not-sent', reason: 'error', operation, error: new NoSession() };
    if (out.kind === 'answered' || out.kind === 'late' || out.kind === 'cancelled' || out.kind === 'refused') {
      const finished = await showSent(this.d, out, shown!);
      return { out, shown: out.accepted.confirmedBy === 'read-back' ? { ...finished, confirmedByReadBack: true } : finished };
    }
    return { out };
  }

  /** `canReapply` only for the shadow document itself: a workspace file is the user's own and is never rewritten. */
  private async askOnConflict(ref: ShadowRef, latest: ShadowDocument, canReapply: boolean, fromTree: boolean): Promise<ConflictChoice> {
    const reapply = vscode.l10n.t('Reload & Reapply');
    const overwrite = vscode.l10n.t('Overwrite');
    const changed = vscode.l10n.t('The operation shadow of {0} changed since the document was read (now version {1}).', ref.thingName, latest.version);
    const picked = canReapply
      ? await this.d.services.interaction.confirm(
        changed,
        vscode.l10n.t('Reload & Reapply shows the new version with your request in desired, to check and publish again. Overwrite publishes your request now. Your text stays in the editor either way.'),
        reapply,
        overwrite,
      )
      : await this.d.services.interaction.confirm(changed, fromTree
        ? vscode.l10n.t('Overwrite publishes your request now. Cancel sends nothing; "Open as Operation Document" on the row puts the request into the document to edit.')
        : vscode.l10n.t('Overwrite publishes your request now. Your file is not changed either way.'), overwrite);
    return picked === reapply ? 'reapply' : picked === overwrite ? 'overwrite' : 'cancel';
  }

  /** The editor shows the latest shadow (clean, its version known to VS Code) with the user's request put back into desired. */
  private async reapply(doc: vscode.TextDocument, latest: ShadowDocument, request: OperationRequest): Promise<void> {
    const text = textWithRequest(latest, request);
    await revert(doc, this.d.services.files);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
  }
}

export { showResult } from './publishOutcome';
