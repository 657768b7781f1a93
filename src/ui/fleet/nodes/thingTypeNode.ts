// A thing type: the Coiote device type `manufacturer:model`, shown as the model with its manufacturer,
// a deprecated badge, and its things below.
import * as vscode from 'vscode';
import type { ThingTypeSummary } from '../../../aws/types';
import { parseThingTypeName } from '../../format/thingTypeName';
import type { FleetContext } from '../fleetContext';
import { ThingGroupNode } from './thingGroupNode';

export class ThingTypeNode extends ThingGroupNode {
  constructor(ctx: FleetContext, connection: string, readonly thingType: ThingTypeSummary) {
    super(`${connection}/type/${thingType.name}`, ctx, connection, { thingTypeName: thingType.name });
  }

  treeItem(): vscode.TreeItem {
    const t = this.thingType;
    const parsed = parseThingTypeName(t.name);
    const item = new vscode.TreeItem(parsed.model, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const parts = [parsed.manufacturer, t.deprecated ? vscode.l10n.t('deprecated') : undefined, this.filterDescription()];
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
