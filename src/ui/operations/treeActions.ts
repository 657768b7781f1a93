// Operations from the Fleet tree: Read, Write…, Execute…, Observe…, Cancel Observation, Write Attributes…
// on datamodel rows; Read Everything, Cancel All Observations and Reboot… on a thing; one Read / Observe /
// Cancel for several selected rows. Each builds the request a document would hold (core's builders), is
// gated and checked as a document is, and goes through the same Publish; the rows show progress and the
// answer (rowMarks.ts). One action at a time per thing (src/operations/thingQueue.ts).
import * as vscode from 'vscode';
import type { ActionTarget, AttributeSet, DatamodelTree, KeyTarget, ResourceDef, TreeActionKind } from '../../core/index';
import { isRecord } from '../../core/jsonValue'; // a tiny pure function called synchronously: a direct import on purpose (see eslint.config.mjs, ui → core)
import { clickedRow, isFleetNode, menuRows } from '../fleet/menuRows';
import { pickThing } from '../commands/revealThing';
import type { FleetNode } from '../fleet/fleetContext';
import { DatamodelInstanceNode, DatamodelObjectNode, ResourceInstanceNode, ResourceNode } from '../fleet/nodes/datamodelNodes';
import { ThingNode } from '../fleet/nodes/thingNode';
import { RowDecorator } from '../fleet/rowDecorations';
import { RowMarks, type ThingKey } from '../fleet/rowMarks';
import { CLASSIC_SHADOW, DATAMODEL_SHADOW, OPERATION_SHADOW } from '../format/shadowNames';
import { inertText } from '../format/inertText';
import { displayUnits } from '../format/resourceValueText';
import type { UiServices } from '../services';
import { ObservationMarks } from './observationMarks';
import type { OperationRequest } from './operationRequest';
import type { OperationPublisher, PublishOutcome } from './publishOperation';
import { isOperationFile } from './operationDocuments';
import { putRequestInDocument, putRequestInFile } from './requestInDocument';
import { MAX_WAIT_MS, type ThingQueue } from '../../operations/thingQueue';

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
 * What a command may pass instead of a picker. Only `thing`, `kind` and `openAsDocument` are honoured from
 * anyone; `keys`, `value`, `arguments` and `attributes` pre-answer questions and are honoured only while
 * extension tests run (ExtensionMode.Test), so no other extension or `command:` link can skip them. The
 * confirmation of an Execute is never pre-answered by arguments (tests answer it through answerPrompts).
 */
export interface TreeActionArgs {
  thing?: string;
  keys?: string[];
  value?: string;
  arguments?: string;
  attributes?: AttributeSet;
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

interface Resolved {
  thing: ThingKey;
  targets: KeyTarget[];
  /** the value shown on the row (prefills Write…) */
  current?: string;
}

function progressText(operation: string): string {
  return ({
    read: vscode.l10n.t('reading…'), readComposite: vscode.l10n.t('reading…'), write: vscode.l10n.t('writing…'),
    execute: vscode.l10n.t('executing…'), observe: vscode.l10n.t('observing…'), cancelObserve: vscode.l10n.t('cancelling…'),
    writeAttributes: vscode.l10n.t('writing attributes…'),
  }[operation] ?? vscode.l10n.t('waiting…'));
}

/** An action that is not sent, with the reason shown to the user. */
class Refusal {
  constructor(readonly message: string) {}
}

/** Actions that take several rows of one thing as one request; the others act on the clicked row only. */
const SEVERAL_ROWS: ReadonlySet<TreeActionKind> = new Set<TreeActionKind>(['read', 'observe', 'cancelObserve']);
const isArgs = (v: unknown): v is TreeActionArgs => isRecord(v) && !isFleetNode(v) && !(v instanceof vscode.Uri);

export class TreeActions implements vscode.Disposable {
  readonly marks = new RowMarks();
  readonly observations: ObservationMarks;
  /** The publisher's per-thing queue, shared with a document's Publish and Run Again. */
  readonly queue: ThingQueue;
  private readonly disposables: vscode.Disposable[] = [];

  /** `testMode`: true while pre-answered arguments are honoured (extension tests, see commandArguments). */
  constructor(private readonly s: UiServices, private readonly publisher: OperationPublisher, memento: vscode.Memento, private readonly testMode: () => boolean = () => false) {
    this.queue = publisher.queue;
    this.observations = new ObservationMarks(memento);
    s.fleetContext.rows = new RowDecorator(this.marks, this.observations);
    this.disposables.push(
      this.marks,
      this.observations,
      { dispose: () => { s.fleetContext.rows = undefined; } },
      this.marks.onDidChange((t) => this.redraw(t)),
      this.observations.onDidChange((t) => this.redraw(t)),
      // A device that is offline (deregistered) has no observations any more: the classic shadow says so.
      s.store.onDidChange((ref) => {
        if (ref.shadowName !== CLASSIC_SHADOW) return;
        const t = { connection: ref.connection, thing: ref.thingName };
        if (!this.observations.list(t).length) return;
        const doc = s.store.peek(ref);
        if (doc && s.fleetContext.core().readConnectivity(doc.state.reported ?? {}).state === 'offline') this.observations.remove(t, ['all']);
      }),
    );
  }

  register(): vscode.Disposable[] {
    const kinds = Object.keys(TREE_ACTION_COMMANDS) as TreeActionKind[];
    return [
      ...kinds.map((kind) => vscode.commands.registerCommand(TREE_ACTION_COMMANDS[kind], (a?: unknown, b?: unknown, c?: unknown) => this.command(kind, a, b, c))),
      vscode.commands.registerCommand(OPEN_AS_DOCUMENT_COMMAND, (a?: unknown, b?: unknown, c?: unknown) => this.openAsDocument(a, b, c)),
    ];
  }

  /**
   * A menu passes (row, selected rows); tests and F1 pass args or nothing. Read, Observe and Cancel
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
    const resolved = nodes.length ? await this.resolveNodes(kind, nodes) : await this.resolveArgs(kind, args);
    if (!resolved) return { status: 'cancelled' };
    if ('refused' in resolved) return this.refuse(kind, resolved.thing, resolved.refused);
    return this.perform(kind, resolved, args);
  }

  /** Outside tests only what picks the target is taken from a caller; every question is asked. */
  private honoured(args: TreeActionArgs | undefined): TreeActionArgs {
    if (!args || this.testMode()) return args ?? {};
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

  /** The thing and keys of tree rows (all of one thing). */
  private async resolveNodes(kind: TreeActionKind, nodes: FleetNode[]): Promise<Resolved | { refused: string; thing?: string } | undefined> {
    const rows = [];
    for (const node of nodes) {
      const r = this.rowOf(node);
      if (!r) return { refused: vscode.l10n.t('pick a datamodel row or a thing') };
      if (rows.length && (rows[0].thing.thing !== r.thing.thing || rows[0].thing.connection !== r.thing.connection)) {
        return { refused: vscode.l10n.t('the selected rows belong to different things; act on one thing at a time') };
      }
      rows.push(r);
    }
    if (!rows.length) return undefined;
    const thing = rows[0].thing;
    if (rows.some((r) => r.target.level === 'thing')) {
      if (rows.length > 1) return { refused: vscode.l10n.t('select either a thing or rows of its datamodel'), thing: thing.thing };
      return this.thingTarget(kind, thing);
    }
    // Each selected row must offer the action itself, as the clicked one does.
    const core = this.s.fleetContext.core();
    for (const r of rows) {
      const why = core.whyNot(kind, r.target as ActionTarget);
      if (why) return { refused: `${r.target.key}: ${why}`, thing: thing.thing };
    }
    return { thing, targets: rows.map((r) => r.target), current: rows[0].current };
  }

  private rowOf(node: FleetNode): { thing: ThingKey; target: KeyTarget; current?: string } | undefined {
    const thingOf = (shadow: { ref: { connection: string; thingName: string } }) => ({ connection: shadow.ref.connection, thing: shadow.ref.thingName });
    if (node instanceof ThingNode) return { thing: { connection: node.connection, thing: node.name }, target: { key: '', level: 'thing', present: true } };
    if (node instanceof DatamodelObjectNode) {
      return { thing: thingOf(node.parent), target: { key: node.object.name, level: 'object', objectDef: node.object.def, present: true } };
    }
    if (node instanceof DatamodelInstanceNode) {
      const o = node.parent.object;
      return { thing: thingOf(node.parent.parent), target: { key: `${o.name}.${node.instance.id}`, level: 'instance', objectDef: o.def, present: true } };
    }
    if (node instanceof ResourceNode) {
      const shadow = node.parent.parent.parent;
      return {
        thing: thingOf(shadow), current: node.resource.value,
        target: { key: node.key, level: 'resource', objectDef: node.parent.parent.object.def, resourceDef: node.def, present: true, path: node.path },
      };
    }
    if (node instanceof ResourceInstanceNode) {
      const res = node.parent;
      return {
        thing: thingOf(res.parent.parent.parent), current: node.instance.value,
        target: { key: node.key, level: 'resourceInstance', objectDef: res.parent.parent.object.def, resourceDef: res.def, present: true, path: node.path },
      };
    }
    return undefined;
  }

  /** Thing-level actions need the datamodel only for Reboot (is there a Device.n.Reboot?). */
  private async thingTarget(kind: TreeActionKind, thing: ThingKey): Promise<Resolved | { refused: string; thing?: string }> {
    const target: KeyTarget = { key: '', level: 'thing', present: true };
    if (kind === 'reboot') {
      const tree = await this.datamodelOf(thing).catch(() => undefined);
      const inst = tree && this.s.fleetContext.core().rebootInstance(tree);
      target.hasReboot = inst !== undefined;
      if (inst !== undefined) target.key = `Device.${inst}.Reboot`;
    }
    const why = this.s.fleetContext.core().whyNot(kind, target);
    if (why) return { refused: why, thing: thing.thing };
    return { thing, targets: [target] };
  }

  private async datamodelOf(thing: ThingKey): Promise<DatamodelTree> {
    const doc = await this.s.store.get({ connection: thing.connection, thingName: thing.thing, shadowName: DATAMODEL_SHADOW }, 2000);
    return this.s.fleetContext.core().readDatamodel(doc.state.reported ?? {}, await this.s.fleetContext.registry());
  }

  /** F1 (or a test): pick (or take) the thing, then the keys among the rows that offer the action. */
  private async resolveArgs(kind: TreeActionKind, args: TreeActionArgs): Promise<Resolved | { refused: string; thing?: string } | undefined> {
    const session = this.s.connections.current ?? await this.s.connections.ensureConnected();
    if (!session) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Connect to AWS or the local sandbox first: actions send a request to a thing.'));
      return undefined;
    }
    const name = args.thing ?? (await pickThing(this.s))?.name;
    if (!name) return undefined;
    const thing = { connection: session.spec.id, thing: name };
    if (kind === 'readAll' || kind === 'cancelAllObservations' || kind === 'reboot') return this.thingTarget(kind, thing);
    let tree: DatamodelTree;
    try {
      tree = await this.datamodelOf(thing);
    } catch (e) {
      return { refused: vscode.l10n.t('the datamodel of {0} could not be read ({1})', name, e instanceof Error ? e.message : String(e)), thing: name };
    }
    const core = this.s.fleetContext.core();
    const all = core.datamodelTargets(tree);
    if (args.keys) {
      const targets: KeyTarget[] = [];
      for (const key of args.keys) {
        const known = all.find((t) => t.key === key);
        const target: KeyTarget = known ?? this.absentTarget(key);
        const why = core.whyNot(kind, target);
        if (why) return { refused: `${key}: ${why}`, thing: name };
        targets.push(target);
      }
      return { thing, targets, current: this.valueIn(tree, args.keys[0]) };
    }
    const offered = all.filter((t) => core.actionsFor(t).includes(kind));
    if (!offered.length) return { refused: vscode.l10n.t('nothing in the datamodel of {0} allows it', name), thing: name };
    type Item = vscode.QuickPickItem & { target: KeyTarget };
    const many = kind === 'read' || kind === 'observe' || kind === 'cancelObserve';
    // Keys are names from the device's datamodel: no icons from them.
    const items: Item[] = offered.map((t) => ({ label: inertText(t.key), description: [t.path, t.resourceDef?.operations].filter(Boolean).join(' · '), target: t }));
    const title = inertText(vscode.l10n.t('{0} on {1}', kindLabel(kind), name));
    const placeHolder = vscode.l10n.t('Pick the key (only what the definition and the device allow is listed)');
    const picked = many
      ? await vscode.window.showQuickPick(items, { title, placeHolder, canPickMany: true, matchOnDescription: true })
      : await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true }).then((p) => (p ? [p] : undefined));
    if (!picked?.length) return undefined;
    return { thing, targets: picked.map((p) => p.target), current: this.valueIn(tree, picked[0].target.key) };
  }

  private absentTarget(key: string): KeyTarget {
    const core = this.s.fleetContext.core();
    const parsed = core.parseKey(key, core.loadRegistry());
    const level = parsed.level === 'object' || parsed.level === 'instance' || parsed.level === 'resource' || parsed.level === 'resourceInstance' ? parsed.level : 'resource';
    return { key, level, objectDef: parsed.object, resourceDef: parsed.resource, present: false };
  }

  private valueIn(tree: DatamodelTree, key: string): string | undefined {
    for (const o of tree.objects) for (const i of o.instances) for (const r of i.resources) {
      if (r.key === key) return r.value;
      const ri = r.instances?.find((x) => x.key === key);
      if (ri) return ri.value;
    }
    return undefined;
  }

  /** Asks what the action needs (value, arguments, attributes), builds the request and sends or opens it. */
  private async perform(kind: TreeActionKind, r: Resolved, args: TreeActionArgs): Promise<TreeActionOutcome> {
    const request = await this.buildRequest(kind, r, args);
    if (!request) return { status: 'cancelled', thing: r.thing.thing };
    if (request instanceof Refusal) {
      void vscode.window.showErrorMessage(inertText(request.message));
      return { status: 'refused', thing: r.thing.thing, operation: kind, message: request.message };
    }
    if (args.openAsDocument) {
      const file = args.document !== undefined ? vscode.Uri.parse(args.document) : undefined;
      const ok = file && isOperationFile(file)
        ? await putRequestInFile(file, request, kindLabel(kind))
        : await putRequestInDocument(this.s, r.thing.connection, r.thing.thing, request, kindLabel(kind));
      return { status: ok ? 'opened' : 'cancelled', thing: r.thing.thing, request };
    }
    return this.send(r.thing, request);
  }

  private async buildRequest(kind: TreeActionKind, r: Resolved, args: TreeActionArgs): Promise<OperationRequest | Refusal | undefined> {
    const core = this.s.fleetContext.core();
    const keys = r.targets.map((t) => t.key);
    const first = r.targets[0];
    switch (kind) {
      case 'read': {
        const dm = this.s.store.peek({ connection: r.thing.connection, thingName: r.thing.thing, shadowName: DATAMODEL_SHADOW })?.state.reported;
        return { ...core.readRequest(keys, await this.s.fleetContext.registry(), dm) };
      }
      case 'readAll':
        return { ...core.readAllRequest() };
      case 'cancelAllObservations':
        return { ...core.cancelAllObservationsRequest() };
      case 'cancelObserve':
        return { ...core.cancelObserveRequest(keys) };
      case 'reboot':
        return { ...core.executeRequest(first.key) };
      case 'write': {
        if (r.targets.length !== 1) return new Refusal(vscode.l10n.t('Write one resource at a time.'));
        const value = args.value ?? await this.askValue(first, r.current);
        if (value === undefined) return undefined;
        const check = core.checkWriteInput(value, first.resourceDef);
        if (check.error) return new Refusal(vscode.l10n.t('Not sent to {0}: {1}', r.thing.thing, check.error));
        return { ...core.writeRequest([{ key: first.key, value: core.writeValueOf(value, first.resourceDef) }]) };
      }
      case 'execute': {
        const text = args.arguments ?? await vscode.window.showInputBox({
          title: inertText(vscode.l10n.t('Execute {0} on {1}', first.key, r.thing.thing)),
          prompt: vscode.l10n.t("Arguments (optional), e.g. 0='fw.bin',1. Empty: none."),
          validateInput: (v) => core.checkExecuteArguments(v),
        });
        if (text === undefined) return undefined;
        const bad = core.checkExecuteArguments(text);
        if (bad) return new Refusal(vscode.l10n.t('Not sent to {0}: {1}', r.thing.thing, bad));
        return { ...core.executeRequest(first.key, text) };
      }
      case 'observe':
      case 'writeAttributes': {
        const attributes = args.attributes ?? await this.askAttributes(kind, first.resourceDef, r.thing.thing, keys);
        if (!attributes) return undefined;
        const bad = core.checkAttributeSet(attributes);
        if (bad) return new Refusal(vscode.l10n.t('Not sent to {0}: {1}', r.thing.thing, bad));
        if (kind === 'writeAttributes' && !Object.keys(attributes).length) return undefined;
        return kind === 'observe' ? { ...core.observeRequest(keys, attributes) } : { ...core.writeAttributesRequest(keys, attributes) };
      }
    }
  }

  /** Write…: a pick list for Booleans and enumerations, otherwise an input box checked as you type. */
  private async askValue(target: KeyTarget, current: string | undefined): Promise<string | undefined> {
    const core = this.s.fleetContext.core();
    const def = target.resourceDef;
    const title = inertText(vscode.l10n.t('Write {0}', target.key));
    const choices = core.writeChoices(def);
    if (choices) {
      const picked = await vscode.window.showQuickPick(choices.map((c) => ({ label: c, description: c === current ? vscode.l10n.t('current value') : undefined })), { title });
      return picked?.label;
    }
    return vscode.window.showInputBox({
      title,
      prompt: describeDef(def),
      value: current ?? '',
      validateInput: (v) => {
        const check = core.checkWriteInput(v, def);
        if (check.error) return { message: check.error, severity: vscode.InputBoxValidationSeverity.Error };
        if (check.warnings.length) return { message: check.warnings.join(' '), severity: vscode.InputBoxValidationSeverity.Warning };
        return undefined;
      },
    });
  }

  /** Observe… / Write Attributes…: pick the attributes (none: the device's defaults), then a checked value for each. */
  private async askAttributes(kind: 'observe' | 'writeAttributes', def: ResourceDef | undefined, thing: string, keys: string[]): Promise<AttributeSet | undefined> {
    const core = this.s.fleetContext.core();
    const rules = core.ATTRIBUTE_RULES;
    const names = core.TREE_ATTRIBUTE_NAMES.filter((n) => !rules[n].numericOnly || !def || ['Integer', 'Unsigned Integer', 'Float', 'Time'].includes(def.type));
    const picked = await vscode.window.showQuickPick(names.map((n) => ({ label: n, detail: rules[n].description })), {
      title: inertText(vscode.l10n.t('{0} {1} on {2}', kindLabel(kind), keys.join(', '), thing)),
      placeHolder: kind === 'observe' ? vscode.l10n.t('Attributes to set (none picked: the device\'s defaults)') : vscode.l10n.t('Attributes to write'),
      canPickMany: true,
    });
    if (!picked) return undefined;
    const out: AttributeSet = {};
    for (const p of picked) {
      const text = await vscode.window.showInputBox({
        title: inertText(vscode.l10n.t('{0} for {1}', p.label, keys.join(', '))),
        prompt: `${rules[p.label].description} ${vscode.l10n.t('Empty clears it.')}`,
        validateInput: (v) => {
          const r = core.attributeValueOf(p.label, v, def);
          return r.error ?? core.checkAttributeSet({ ...out, [p.label]: r.value ?? null });
        },
      });
      if (text === undefined) return undefined;
      const r = core.attributeValueOf(p.label, text, def);
      if (r.error) return undefined;
      out[p.label] = r.value ?? null;
    }
    return out;
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
        const late = outcome.late.then((later) => ({ ...this.applyAnswer(thing, request, rowKeys, later), request }));
        return { ...outcome, late, request };
      }
      return { ...this.applyAnswer(thing, request, rowKeys, outcome), request };
    } finally {
      if (started) this.marks.setActivity(thing, undefined);
    }
  }

  /** Marks the rows with the answer: values read or written, failed keys with the reason; observations kept. */
  private applyAnswer(thing: ThingKey, request: OperationRequest, rowKeys: string[], outcome: PublishOutcome): TreeActionOutcome {
    const operation = String(request.operation ?? '');
    const at = Date.now();
    if (outcome.status !== 'answered') {
      if (outcome.status === 'timeout' || outcome.status === 'failed') {
        this.marks.set(thing, rowKeys, { kind: 'failed', operation, reason: outcome.message ?? outcome.status, at });
      } else this.marks.set(thing, rowKeys, undefined);
      return { ...outcome, late: undefined };
    }
    const failed = new Set((outcome.failedKeys ?? []).filter((k) => k !== ''));
    const reason = vscode.l10n.t('the device did not {0} it (listed in failedKeys of the answer)', operation);
    // Only reads carry values, and the shadow merges each result into the last one: keep those under the keys asked for.
    const asked = (key: string) => rowKeys.some((k) => k === 'all' || key === k || key.startsWith(`${k}.`));
    const values = operation === 'read' || operation === 'readComposite' ? (outcome.resultValues ?? []).filter((v) => asked(v.key)) : [];
    const written = operation === 'write' && Array.isArray(request.values) ? request.values : [];
    rowKeys.forEach((key, i) => {
      if (failed.has(key)) this.marks.set(thing, [key], { kind: 'failed', operation, reason, at });
      else this.marks.set(thing, [key], { kind: 'done', operation, value: written[i] !== undefined ? String(written[i]) : values.find((v) => v.key === key)?.value, at });
    });
    for (const v of values) if (!failed.has(v.key) && !rowKeys.includes(v.key)) this.marks.set(thing, [v.key], { kind: 'done', operation, value: v.value, at });
    const ok = rowKeys.filter((k) => !failed.has(k));
    if (operation === 'observe' && ok.length) {
      const attrs = Array.isArray(request.attributes) && typeof request.attributes[0] === 'object' ? request.attributes[0] as AttributeSet : {};
      this.observations.add(thing, ok, attrs);
    }
    if (operation === 'cancelObserve') this.observations.remove(thing, rowKeys);
    return { ...outcome, late: undefined };
  }

  /** Open as Operation Document…: pick the action (among those the row offers), answer its questions, edit before sending. */
  private async openAsDocument(a: unknown, b: unknown, c: unknown): Promise<TreeActionOutcome> {
    const args = this.honoured([a, b, c].find(isArgs));
    let kind = args.kind;
    if (!kind) {
      const node = clickedRow(a);
      const row = node && this.rowOf(node);
      const offered = row ? (row.target.level === 'thing' ? ['readAll', 'cancelAllObservations'] as TreeActionKind[] : this.s.fleetContext.core().actionsFor(row.target as ActionTarget)) : [];
      const picked = await vscode.window.showQuickPick(offered.map((k) => ({ label: kindLabel(k), action: k })), { title: vscode.l10n.t('Open as Operation Document') });
      if (!picked) return { status: 'cancelled' };
      kind = picked.action;
    }
    return this.command(kind, a, b, c, { ...args, openAsDocument: true });
  }

  /** Redraws a thing's row and its datamodel rows. */
  private redraw(t: ThingKey): void {
    if (this.s.connections.current?.spec.id !== t.connection) return;
    const node = this.s.fleet.findThing(t.thing);
    if (!node) return;
    this.s.fleetContext.refreshNode(node);
    const dm = node.shadow(DATAMODEL_SHADOW);
    if (dm) this.s.fleetContext.refreshNode(dm);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function kindLabel(kind: TreeActionKind): string {
  return {
    read: vscode.l10n.t('Read'), write: vscode.l10n.t('Write'), execute: vscode.l10n.t('Execute'), observe: vscode.l10n.t('Observe'),
    cancelObserve: vscode.l10n.t('Cancel Observation'), writeAttributes: vscode.l10n.t('Write Attributes'), readAll: vscode.l10n.t('Read Everything'),
    cancelAllObservations: vscode.l10n.t('Cancel All Observations'), reboot: vscode.l10n.t('Reboot'),
  }[kind];
}

function describeDef(def: ResourceDef | undefined): string {
  if (!def) return vscode.l10n.t('No definition is known: the value is sent as typed.');
  const parts: string[] = [def.type];
  if (def.range) parts.push(vscode.l10n.t('range {0}', def.range));
  if (def.units) parts.push(vscode.l10n.t('units {0}', displayUnits(def.units) ?? def.units));
  return `${def.name}: ${parts.join(', ')}`;
}
