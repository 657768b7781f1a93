// A thing type: the Coiote device type `manufacturer:model`, shown as the model with its manufacturer,
// a deprecated badge, and its things below.
import * as vscode from 'vscode';
import type { ThingTypeSummary } from '../../../aws/types';
import { parseThingTypeName } from '../../format/thingTypeName';
import type { FleetContext } from '../fleetContext';
import { ThingGroupNode } from './thingGroupNode';

export class ThingTypeNode extends ThingGroupNode {
  /** How many things the type has, where fleet indexing counts them (one GetStatistics call per shown row). */
  private count: number | undefined;
  private countAsked = false;

  constructor(ctx: FleetContext, connection: string, readonly thingType: ThingTypeSummary) {
    super(`${connection}/type/${thingType.name}`, ctx, connection, { thingTypeName: thingType.name });
  }

  override reset(): void {
    super.reset();
    this.countAsked = false;
  }

  private askCount(): void {
    if (this.countAsked) return;
    this.countAsked = true;
    const session = this.ctx.connections.sessionFor(this.connection);
    session?.fleet.countThingsOfType(this.thingType.name).then((n) => {
      if (n === undefined || n === this.count) return;
      this.count = n;
      this.ctx.refreshNode(this);
    }, (e: unknown) => this.ctx.log.debug(`no thing count for ${this.thingType.name}: ${(e as Error).message}`));
  }

  treeItem(): vscode.TreeItem {
    const t = this.thingType;
    const parsed = parseThingTypeName(t.name);
    const item = new vscode.TreeItem(parsed.model, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    this.askCount();
    const count = this.count === undefined ? undefined
      : this.count === 1 ? vscode.l10n.t('1 thing') : vscode.l10n.t('{0} things', this.count.toLocaleString(vscode.env.language));
    const parts = [parsed.manufacturer, count, t.deprecated ? vscode.l10n.t('deprecated') : undefined, this.filterDescription()];
    item.description = parts.filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(t.deprecated ? 'circle-slash' : 'symbol-class',
      t.deprecated ? new vscode.ThemeColor('disabledForeground') : undefined);
    item.contextValue = `thingType${t.deprecated ? '.deprecated' : '.active'}${this.filter ? '.filtered' : ''}`;
    const lines = [
      vscode.l10n.t('Thing type {0}', t.name),
      parsed.manufacturer ? vscode.l10n.t('Manufacturer: {0}', parsed.manufacturer) : undefined,
      vscode.l10n.t('Model: {0}', parsed.model),
      vscode.l10n.t('Coiote DM device type: {0}', parsed.coioteDeviceType),
      t.description ? vscode.l10n.t('Description: {0}', t.description) : undefined,
      t.creationDate ? vscode.l10n.t('Created: {0}', t.creationDate.toISOString()) : undefined,
      t.deprecated
        ? vscode.l10n.t('Deprecated{0}: no new things of this type can be created.', t.deprecationDate ? ` ${t.deprecationDate.toISOString()}` : '')
        : undefined,
    ];
    item.tooltip = lines.filter(Boolean).join('\n');
    return item;
  }

  protected emptyText(): string {
    return vscode.l10n.t('No things of this type.');
  }
}
