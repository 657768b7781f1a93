// Operations from the Fleet tree: Read, Write…, Execute…, Observe…, Cancel Observation, Write Attributes…
// on datamodel rows; Read Everything, Cancel All Observations and Reboot… on a thing; one Read / Observe /
// Cancel for several selected rows. Each builds the request a document would hold (core's builders), is
// gated and checked as a document is, and goes through the same Publish; the rows show progress and the
// answer (rowMarks.ts). One action at a time per thing (src/operations/thingQueue.ts).
import * as vscode from 'vscode';
import type { ActionTarget, TreeActionKind } from '../../core/index';
import { isRecord } from '../../core/jsonValue'; // a tiny pure function called synchronously: a direct import on purpose (see eslint.config.mjs, ui → core)
import { MAX_WAIT_MS, type ThingQueue } from '../../operations/thingQueue';
import { clickedRow, isFleetNode, menuRows } from '../fleet/menuRows';
import type { FleetNode } from '../fleet/fleetContext';
import type { RowMarks, ThingKey } from '../fleet/rowMarks';
import { OPERATION_SHADOW } from '../format/shadowNames';
import { inertText } from '../format/inertText';
import type { UiServices } from '../services';
import { ActionRequests, kindLabel, Refusal } from './treeActionRequests';
import { ActionRows, type Resolved } from './treeActionRows';
import { markAnswer, progressText } from './answerMarks';
import type { ObservationMarks } from './observationMarks';
import type { OperationRequest } from './operationRequest';
import type { OperationPublisher, PublishOutcome } from './publishOperation';
import { isOperationFile } from './operationDocuments';
import { putRequestInDocument, putRequestInFile } from './requestInDocument';

export const TREE_ACTION_COMMANDS: Record<TreeActionKind, string> = {
  read: 'lwm2mShadows.read',
  write: 'lwm2mShadows.write',
  execute: 'lwm2mShadows.execute',
  observe: 'lwm2mShadows.observe',
  cancelObserve: 'lwm2mShadows.cancelObserve',
  writeAttributes: 'lwm2mShadows.writeAttributes',
  readAll: 'lwm2mShadows.readEverything',
  cancelAllObservations: 'lwm2mShadows.cancelAllObservations',
  reboot: 'lwm2mShadows.reboot',
};
export const OPEN_AS_DOCUMENT_COMMAND = 'lwm2mShadows.openActionAsDocument';

/**
 * What a command may pass: what picks the target, never an answer to a question (keys, a value, arguments
 * and attributes are asked of the person, through services.interaction, whoever runs the command).
 */
export interface TreeActionArgs {
  thing?: string;
  /** put the request into the operation document instead of sending it */
  openAsDocument?: boolean;
  /** with openAsDocument: a workspace *.lwm2m-operation.json file (its URI) to put it into, instead of the thing's document */
  document?: string;
  /** the action to open as a document (Open as Operation Document…) */
  kind?: TreeActionKind;
}

/** dropped: it waited in the thing's queue and was dropped before it was sent (run it again). */
export type TreeActionStatus = PublishOutcome['status'] | 'not-offered' | 'busy' | 'opened' | 'dropped';

export interface TreeActionOutcome extends Omit<PublishOutcome, 'status' | 'late'> {
  status: TreeActionStatus;
  request?: OperationRequest;
  /** timeout: the outcome once the late answer came (or the background wait gave up) */
  late?: Promise<TreeActionOutcome>;
}

/** Actions that take several rows of one thing as one request; the others act on the clicked row only. */
const SEVERAL_ROWS: ReadonlySet<TreeActionKind> = new Set<TreeActionKind>(['read', 'observe', 'cancelObserve']);
const isArgs = (v: unknown): v is TreeActionArgs => isRecord(v) && !isFleetNode(v) && !(v instanceof vscode.Uri);

export class TreeActions {
  /** The rows' marks live at activation (src/ui/fleet/actionMarks.ts); tree actions set them. */
  readonly marks: RowMarks;
  readonly observations: ObservationMarks;
  /** The publisher's per-thing queue, shared with a document's Publish and Run Again. */
  readonly queue: ThingQueue;
  private readonly rows: ActionRows;
  private readonly requests: ActionRequests;

  constructor(private readonly s: UiServices, private readonly publisher: OperationPublisher) {
    this.queue = publisher.queue;
    this.rows = new ActionRows(s);
    this.requests = new ActionRequests(s);
    this.marks = s.marks;
    this.observations = s.observations;
  }

  register(): vscode.Disposable[] {
    const kinds = Object.keys(TREE_ACTION_COMMANDS) as TreeActionKind[];
    return [
      ...kinds.map((kind) => vscode.commands.registerCommand(TREE_ACTION_COMMANDS[kind], (a?: unknown, b?: unknown, c?: unknown) => this.command(kind, a, b, c))),
      vscode.commands.registerCommand(OPEN_AS_DOCUMENT_COMMAND, (a?: unknown, b?: unknown, c?: unknown) => this.openAsDocument(a, b, c)),
    ];
  }

  /**
   * A menu passes (row, selected rows); New Request and other callers pass args (the target only), F1 nothing. Read, Observe and Cancel
   * Observation act on every selected row (one request); every other action on the clicked row only, so a
   * selection made for something else never receives a Write, an Execute or a Reboot.
   */
  private async command(kind: TreeActionKind, a: unknown, b: unknown, c: unknown, forceArgs?: TreeActionArgs): Promise<TreeActionOutcome> {
    const args = forceArgs ?? this.honoured([a, b, c].find(isArgs));
    const several = SEVERAL_ROWS.has(kind);
    let nodes: FleetNode[] = several ? menuRows(a, b) : [clickedRow(a)].filter((n) => n !== undefined);
    // From the keyboard or F1 with the Fleet view's selection: act on the selected rows (one, unless the
    // action takes several: with no clicked row there is no telling which one was meant). A request for a
    // workspace file (New Request…) never takes the selection, made for something else: the thing is picked.
    if (!nodes.length && !args.thing && args.document === undefined && this.s.treeView.visible && this.s.treeView.selection.length) {
      nodes = [...this.s.treeView.selection];
      if (nodes.length > 1 && !several) return this.refuse(kind, undefined, vscode.l10n.t('it acts on one row at a time; select only that row'));
    }
    const resolved = nodes.length ? await this.rows.resolveNodes(kind, nodes) : await this.rows.resolveArgs(kind, args);
    if (!resolved) return { status: 'cancelled' };
    if ('refused' in resolved) return this.refuse(kind, resolved.thing, resolved.refused);
    return this.perform(kind, resolved, args);
  }

  /** Only what picks the target is taken from a caller; every question is asked. */
  private honoured(args: TreeActionArgs | undefined): TreeActionArgs {
    if (!args) return {};
    return {
      thing: typeof args.thing === 'string' ? args.thing : undefined, kind: args.kind, openAsDocument: args.openAsDocument === true,
      document: typeof args.document === 'string' ? args.document : undefined,
    };
  }

  private refuse(kind: TreeActionKind, thing: string | undefined, reason: string): TreeActionOutcome {
    const message = vscode.l10n.t('{0} is not offered here: {1}.', kindLabel(kind), reason);
    void vscode.window.showErrorMessage(inertText(message));
    return { status: 'not-offered', thing, message };
  }

  /** Asks what the action needs (value, arguments, attributes), builds the request and sends or opens it. */
  private async perform(kind: TreeActionKind, r: Resolved, args: TreeActionArgs): Promise<TreeActionOutcome> {
    const request = await this.requests.build(kind, r);
    if (!request) return { status: 'cancelled', thing: r.thing.thing };
    if (request instanceof Refusal) {
      void vscode.window.showErrorMessage(inertText(request.message));
      return { status: 'refused', thing: r.thing.thing, operation: kind, message: request.message };
    }
    if (args.openAsDocument) {
      const file = args.document !== undefined ? vscode.Uri.parse(args.document) : undefined;
      const ok = file && isOperationFile(file)
        ? await putRequestInFile(this.s.interaction, file, request, kindLabel(kind))
        : await putRequestInDocument(this.s, r.thing.connection, r.thing.thing, request, kindLabel(kind));
      return { status: ok ? 'opened' : 'cancelled', thing: r.thing.thing, request };
    }
    return this.send(r.thing, request);
  }

  /**
   * Sends a request to a thing through the pipeline (validated, an execute confirmed, queued behind the
   * thing's running request), with the rows showing progress and then the answer. Also what Run Again uses.
   */
  async send(thing: ThingKey, request: OperationRequest): Promise<TreeActionOutcome> {
    const operation = String(request.operation ?? '');
    const keys = Array.isArray(request.keys) ? request.keys.map(String) : [];
    const opRef = { connection: thing.connection, thingName: thing.thing, shadowName: OPERATION_SHADOW };
    const rowKeys = keys.map((k) => (k === '' || k === '.' || k === '/' ? 'all' : k));
    let started = false;
    try {
      const outcome = await this.publisher.publishRequest(opRef, request, {
        quiet: true,
        onQueued: (behind) => this.marks.set(thing, rowKeys, { kind: 'queued', text: vscode.l10n.t('queued after {0}…', behind) }),
        onStart: () => {
          started = true;
          this.marks.clearAnswers(thing);
          this.marks.set(thing, rowKeys, { kind: 'busy', text: progressText(operation) });
          this.marks.setActivity(thing, vscode.l10n.t('{0}…', operation));
        },
      });
      const dropped = outcome.dropped;
      if (dropped?.kind === 'not-sent') {
        this.marks.set(thing, rowKeys, undefined);
        if (dropped.reason === 'queue-full') {
          const message = vscode.l10n.t('{0} is busy ({1}) with {2} more action(s) waiting: try again when it has answered.', thing.thing, dropped.behind ?? '', this.queue.waiting(thing));
          void vscode.window.showWarningMessage(inertText(message));
          return { status: 'busy', thing: thing.thing, operation, message, request };
        }
        const message = dropped.dropped === 'late'
          ? vscode.l10n.t('{0} was not sent to {1}: {2} got no answer in time, so the actions queued behind it were dropped. Run it again when the device has answered.', operation, thing.thing, dropped.behind ?? '')
          : vscode.l10n.t('{0} was not sent to {1}: it waited more than {2} s behind {3}. Run it again.', operation, thing.thing, Math.round(MAX_WAIT_MS / 1000), dropped.behind ?? '');
        void vscode.window.showWarningMessage(inertText(message));
        return { status: 'dropped', thing: thing.thing, operation, message, request };
      }
      if (!started) return { ...outcome, late: undefined, request };
      if (outcome.status === 'timeout' && outcome.late) {
        // The queue is not held for the late answer (that could be minutes): what waited behind it was dropped
        // (never sent later on its own), and the user runs it again when the device has answered.
        this.marks.set(thing, rowKeys, { kind: 'late', text: vscode.l10n.t('waiting for the device…') });
        const late = outcome.late.then((later) => ({ ...markAnswer(this.marks, this.observations, thing, request, rowKeys, later), request }));
        return { ...outcome, late, request };
      }
      return { ...markAnswer(this.marks, this.observations, thing, request, rowKeys, outcome), request };
    } finally {
      if (started) this.marks.setActivity(thing, undefined);
    }
  }

  /** Open as Operation Document…: pick the action (among those the row offers), answer its questions, edit before sending. */
  private async openAsDocument(a: unknown, b: unknown, c: unknown): Promise<TreeActionOutcome> {
    const args = this.honoured([a, b, c].find(isArgs));
    let kind = args.kind;
    if (!kind) {
      const node = clickedRow(a);
      const row = node && this.rows.rowOf(node);
      const offered = row ? (row.target.level === 'thing' ? ['readAll', 'cancelAllObservations'] as TreeActionKind[] : this.s.fleetContext.core().actionsFor(row.target as ActionTarget)) : [];
      const picked = await this.s.interaction.pick(offered.map((k) => ({ label: kindLabel(k), action: k })), { title: vscode.l10n.t('Open as Operation Document') });
      if (!picked) return { status: 'cancelled' };
      kind = picked.action;
    }
    return this.command(kind, a, b, c, { ...args, openAsDocument: true });
  }
}
