// Which thing and keys a tree action acts on: the clicked (or selected) rows, all of one thing, each
// offering the action itself; or, from F1, the thing picked and the keys picked among the rows that offer it.
import * as vscode from 'vscode';
import type { ActionTarget, DatamodelTree, KeyTarget, TreeActionKind } from '../../core/index';
import type { ThingKey } from '../../operations/thingQueue';
import { pickThing } from '../commands/revealThing';
import type { FleetNode } from '../fleet/fleetContext';
import { DatamodelInstanceNode, DatamodelObjectNode, ResourceInstanceNode, ResourceNode } from '../fleet/nodes/datamodelNodes';
import { ThingNode } from '../fleet/nodes/thingNode';
import { DATAMODEL_SHADOW } from '../format/shadowNames';
import { inertText } from '../format/inertText';
import type { UiServices } from '../services';
import { kindLabel } from './treeActionRequests';
import type { TreeActionArgs } from './treeActions';

export interface Resolved {
  thing: ThingKey;
  targets: KeyTarget[];
  /** the value shown on the row (prefills Write…) */
  current?: string;
}

export type Resolution = Resolved | { refused: string; thing?: string } | undefined;

export class ActionRows {
  constructor(private readonly s: UiServices) {}

  /** The thing and keys of tree rows (all of one thing). */
  async resolveNodes(kind: TreeActionKind, nodes: FleetNode[]): Promise<Resolved | { refused: string; thing?: string } | undefined> {
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

  rowOf(node: FleetNode): { thing: ThingKey; target: KeyTarget; current?: string } | undefined {
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

  /** F1 or New Request: take the thing a caller named (or pick it), then the keys among the rows that offer the action. */
  async resolveArgs(kind: TreeActionKind, args: TreeActionArgs): Promise<Resolved | { refused: string; thing?: string } | undefined> {
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
    const offered = all.filter((t) => core.actionsFor(t).includes(kind));
    if (!offered.length) return { refused: vscode.l10n.t('nothing in the datamodel of {0} allows it', name), thing: name };
    type Item = { label: string; description: string; target: KeyTarget };
    const many = kind === 'read' || kind === 'observe' || kind === 'cancelObserve';
    // Keys are names from the device's datamodel: no icons from them.
    const items: Item[] = offered.map((t) => ({ label: inertText(t.key), description: [t.path, t.resourceDef?.operations].filter(Boolean).join(' · '), target: t }));
    const title = inertText(vscode.l10n.t('{0} on {1}', kindLabel(kind), name));
    const placeHolder = vscode.l10n.t('Pick the key (only what the definition and the device allow is listed)');
    const picked = many
      ? await this.s.interaction.pickMany(items, { title, placeHolder, matchOnDescription: true })
      : await this.s.interaction.pick(items, { title, placeHolder, matchOnDescription: true }).then((p) => (p ? [p] : undefined));
    if (!picked?.length) return undefined;
    return { thing, targets: picked.map((p) => p.target), current: this.valueIn(tree, picked[0].target.key) };
  }

  private valueIn(tree: DatamodelTree, key: string): string | undefined {
    for (const o of tree.objects) for (const i of o.instances) for (const r of i.resources) {
      if (r.key === key) return r.value;
      const ri = r.instances?.find((x) => x.key === key);
      if (ri) return ri.value;
    }
    return undefined;
  }

}
