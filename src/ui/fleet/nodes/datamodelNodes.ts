// The LwM2M data model inside a datamodel shadow: objects (name and ID) → instances → resources (value
// with units) → resource instances. Built from core's readDatamodel; tooltips from the registry;
// resources whose value changed since the previous version of the shadow are marked.
import * as vscode from 'vscode';
import type { ShadowDocument } from '../../../aws/types';
import type { DatamodelTree, DmInstance, DmObject, DmResource, Registry } from '../../../core/index';
import { diffDatamodel, type DatamodelChange } from '../../format/datamodelDiff';
import { NO_VALUE_TEXT, resourceValueText, valueWithUnits } from '../../format/resourceValueText';
import { appendField, untrustedMarkdown } from '../../format/untrustedMarkdown';
import { loadCore } from '../../layers';
import type { FleetContext, FleetNode } from '../fleetContext';
import type { RowTarget } from '../rowDecorations';
import { MessageNode } from './messageNode';
import type { ShadowNode } from './shadowNode';

const parsed = new WeakMap<ShadowDocument, { registry: Registry; tree: DatamodelTree }>();

/** IPSO "Sensor Units" (5701) names the units of the measured values next to it (5700, 5601–5604). */
const SENSOR_UNITS_ID = 5701;
const MEASURED_VALUE_IDS = new Set([5700, 5601, 5602, 5603, 5604]);

function readTree(ctx: FleetContext, doc: ShadowDocument, registry: Registry): DatamodelTree {
  const cached = parsed.get(doc);
  if (cached?.registry === registry) return cached.tree;
  const tree = ctx.core().readDatamodel(doc.state.reported ?? {}, registry);
  parsed.set(doc, { registry, tree });
  return tree;
}

/** The datamodel of a shadow node and what changed since the previous version, as the tree shows it. */
export function datamodelSnapshot(ctx: FleetContext, doc: ShadowDocument, previous: ShadowDocument | undefined, registry: Registry): { tree: DatamodelTree; changes: Map<string, DatamodelChange> } {
  const tree = readTree(ctx, doc, registry);
  const changes = new Map<string, DatamodelChange>();
  if (previous) for (const c of diffDatamodel(readTree(ctx, previous, registry), tree)) changes.set(c.key, c);
  return { tree, changes };
}

export async function datamodelChildren(node: ShadowNode, ctx: FleetContext): Promise<FleetNode[]> {
  ctx.datamodelExpanded(node, true);
  let doc: ShadowDocument;
  let registry: Registry;
  try {
    [doc, registry] = await Promise.all([ctx.store.get(node.ref, 2000), ctx.registry()]);
  } catch (e) {
    return [MessageNode.error(node, node.id, e, { operation: vscode.l10n.t('read the datamodel of {0}', node.ref.thingName) })];
  }
  const { tree, changes } = datamodelSnapshot(ctx, doc, ctx.store.previous(node.ref), registry);
  if (tree.objects.length === 0) {
    return [new MessageNode(`${node.id}/empty`, node, vscode.l10n.t('No objects yet: Coiote DM fills the datamodel when the device registers.'))];
  }
  return tree.objects.map((o) => new DatamodelObjectNode(node, o, changes));
}

function countChanged(changes: Map<string, DatamodelChange>, prefix: string): number {
  let n = 0;
  for (const key of changes.keys()) if (key.startsWith(prefix)) n++;
  return n;
}

export class DatamodelObjectNode implements FleetNode {
  readonly id: string;
  constructor(readonly parent: ShadowNode, readonly object: DmObject, private readonly changes: Map<string, DatamodelChange>) {
    this.id = `${parent.id}/o/${object.name}`;
  }

  treeItem(): vscode.TreeItem {
    const o = this.object;
    const item = new vscode.TreeItem(o.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = o.def?.id === 5 ? 'datamodelObject.firmware' : 'datamodelObject';
    item.description = o.def ? `/${o.def.id}` : vscode.l10n.t('unknown object');
    const changed = countChanged(this.changes, `${o.name}.`);
    item.iconPath = new vscode.ThemeIcon('symbol-namespace', changed ? new vscode.ThemeColor('charts.yellow') : undefined);
    const md = untrustedMarkdown();
    md.appendMarkdown('**');
    md.appendText(o.name);
    md.appendMarkdown('**');
    if (o.def) md.appendText(` — /${o.def.id}, v${o.def.version}${o.def.multiple ? ', multiple instances' : ''}${o.def.mandatory ? ', mandatory' : ''}`);
    md.appendMarkdown('\n\n');
    if (o.def?.description) md.appendText(o.def.description);
    else if (!o.def) md.appendText(vscode.l10n.t('No definition of this object is known (add its DDF to lwm2mShadows.objectDefinitionFolders).'));
    if (changed) md.appendText(`\n\n${vscode.l10n.t('{0} value(s) changed since the previous version.', changed)}`);
    item.tooltip = md;
    decorateRow(this.parent, item, { level: 'object', key: o.name, objectDef: o.def, present: true });
    return item;
  }

  async children(): Promise<FleetNode[]> {
    return this.object.instances.map((i) => new DatamodelInstanceNode(this, i, this.changes));
  }
}

export class DatamodelInstanceNode implements FleetNode {
  readonly id: string;
  constructor(readonly parent: DatamodelObjectNode, readonly instance: DmInstance, private readonly changes: Map<string, DatamodelChange>) {
    this.id = `${parent.id}/i/${instance.id}`;
  }

  treeItem(): vscode.TreeItem {
    const obj = this.parent.object;
    const item = new vscode.TreeItem(vscode.l10n.t('Instance {0}', this.instance.id), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = 'datamodelInstance';
    item.description = obj.def ? `/${obj.def.id}/${this.instance.id}` : undefined;
    const changed = countChanged(this.changes, `${obj.name}.${this.instance.id}.`);
    item.iconPath = new vscode.ThemeIcon('symbol-object', changed ? new vscode.ThemeColor('charts.yellow') : undefined);
    item.tooltip = vscode.l10n.t('{0} instance {1}: {2} resources', obj.name, this.instance.id, this.instance.resources.length);
    decorateRow(this.parent.parent, item, { level: 'instance', key: `${obj.name}.${this.instance.id}`, objectDef: obj.def, present: true });
    return item;
  }

  async children(): Promise<FleetNode[]> {
    const sensorUnits = this.instance.resources.find((r) => r.def?.id === SENSOR_UNITS_ID)?.value?.trim();
    return this.instance.resources.map((r) => new ResourceNode(this, r, this.changes, sensorUnits));
  }
}

export class ResourceNode implements FleetNode {
  readonly id: string;
  /** The definition, with the units of an IPSO "Sensor Units" resource for measured values that have none. */
  readonly def: DmResource['def'];

  constructor(
    readonly parent: DatamodelInstanceNode,
    readonly resource: DmResource,
    private readonly changes: Map<string, DatamodelChange>,
    sensorUnits?: string,
  ) {
    this.id = `${parent.id}/r/${resource.name}`;
    const def = resource.def;
    this.def = def && !def.units && sensorUnits && MEASURED_VALUE_IDS.has(def.id) ? { ...def, units: sensorUnits } : def;
  }

  get key(): string {
    return this.resource.key;
  }

  get path(): string | undefined {
    return this.resource.path;
  }

  treeItem(): vscode.TreeItem {
    const r = this.resource;
    const multi = r.instances !== undefined;
    const item = new vscode.TreeItem(r.name, multi && r.instances!.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = resourceValueText({ ...r, def: this.def });
    const change = this.changes.get(r.key) ?? (multi ? [...this.changes.values()].find((c) => c.key.startsWith(`${r.key}.`)) : undefined);
    // Numeric resources (and multi-instance ones, a series per instance) offer Plot / Add to Plot.
    const plot = loadCore().isPlottable(this.def, multi ? r.instances!.map((i) => i.value) : [r.value]);
    item.contextValue = `resource${r.path ? '.path' : ''}${plot ? '.plot' : ''}${change ? '.changed' : ''}`;
    const ops = r.def?.operations ?? '';
    item.iconPath = change
      ? new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('charts.yellow'))
      : new vscode.ThemeIcon(ops === 'E' ? 'zap' : ops.includes('W') ? 'edit' : 'symbol-field');
    item.tooltip = resourceTooltip(r.name, r.key, r.path, this.def, multi ? undefined : r.noValue ? NO_VALUE_TEXT : r.value, change);
    decorateRow(this.parent.parent.parent, item, { level: 'resource', key: r.key, objectDef: this.parent.parent.object.def, resourceDef: this.def, present: true });
    return item;
  }

  async children(): Promise<FleetNode[]> {
    return (this.resource.instances ?? []).map((ri) => new ResourceInstanceNode(this, ri, this.changes.get(ri.key)));
  }
}

export class ResourceInstanceNode implements FleetNode {
  readonly id: string;
  constructor(
    readonly parent: ResourceNode,
    readonly instance: { id: string; value: string; key: string; path?: string },
    private readonly change: DatamodelChange | undefined,
  ) {
    this.id = `${parent.id}/ri/${instance.id}`;
  }

  get key(): string {
    return this.instance.key;
  }

  get path(): string | undefined {
    return this.instance.path;
  }

  treeItem(): vscode.TreeItem {
    const def = this.parent.def;
    const item = new vscode.TreeItem(this.instance.id, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = valueWithUnits(this.instance.value, def);
    item.contextValue = `resource${this.instance.path ? '.path' : ''}${this.change ? '.changed' : ''}`;
    item.iconPath = this.change
      ? new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('charts.yellow'))
      : new vscode.ThemeIcon('symbol-array');
    item.tooltip = resourceTooltip(`${this.parent.resource.name} [${this.instance.id}]`, this.instance.key, this.instance.path, def, this.instance.value, this.change);
    decorateRow(this.parent.parent.parent.parent, item, { level: 'resourceInstance', key: this.instance.key, objectDef: this.parent.parent.parent.object.def, resourceDef: def, present: true });
    return item;
  }
}

/** Tree actions' contextValue tokens and marks on a datamodel row (see rowDecorations.ts). */
function decorateRow(shadow: ShadowNode, item: vscode.TreeItem, target: RowTarget): void {
  shadow.ctx.rows?.decorate(shadow.ctx, { connection: shadow.ref.connection, thing: shadow.ref.thingName }, item, target);
}

function resourceTooltip(
  name: string,
  key: string,
  path: string | undefined,
  def: DmResource['def'],
  value: string | undefined,
  change: DatamodelChange | undefined,
): vscode.MarkdownString {
  const md = untrustedMarkdown();
  md.appendMarkdown('**');
  md.appendText(name);
  md.appendMarkdown('**');
  if (path) md.appendText(`  ${path}`);
  md.appendMarkdown('\n\n');
  appendField(md, vscode.l10n.t('Key'), key);
  if (value !== undefined) appendField(md, vscode.l10n.t('Value'), value);
  if (change) appendField(md, vscode.l10n.t('Changed, was'), change.before ?? NO_VALUE_TEXT);
  if (def) {
    appendField(md, vscode.l10n.t('Type'), def.type);
    appendField(md, vscode.l10n.t('Operations'), def.operations || vscode.l10n.t('none'));
    if (def.range) appendField(md, vscode.l10n.t('Range'), def.range);
    if (def.units) appendField(md, vscode.l10n.t('Units'), loadCore().unitTextWithCode(def.units) ?? def.units);
    appendField(md, vscode.l10n.t('Instances'), def.multiple ? vscode.l10n.t('multiple') : vscode.l10n.t('single'));
    appendField(md, vscode.l10n.t('Mandatory'), def.mandatory ? vscode.l10n.t('yes') : vscode.l10n.t('no'));
    if (def.description) {
      md.appendMarkdown('\n');
      md.appendText(def.description);
    }
  } else {
    md.appendText(vscode.l10n.t('No definition of this resource is known.'));
  }
  return md;
}
