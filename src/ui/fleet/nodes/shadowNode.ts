// One shadow of a thing: Classic (connectivity summary), Datamodel (expands into the LwM2M data
// model), Operation (the last operation and its outcome), or any other named shadow.
import * as vscode from 'vscode';
import type { ShadowDocument } from '../../../aws/types';
import { shadowKind, type ShadowKind } from '../../format/shadowNames';
import type { ShadowRef } from '../../documents/shadowPath';
import { shadowUri } from '../../documents/shadowUri';
import { describeError } from '../../errors/describeError';
import type { FleetContext, FleetNode } from '../fleetContext';
import { appendField, untrustedMarkdown } from '../../format/untrustedMarkdown';
import { datamodelChildren } from './datamodelNodes';
import { connectivityIcon, connectivityText } from '../../format/connectivityStyle';
import { relativeAge } from '../../format/relativeAge';

export class ShadowNode implements FleetNode {
  readonly id: string;
  readonly kind: ShadowKind;
  /** 'missing' when the shadow does not exist (classic), or the error of its last fetch. */
  problem: unknown;
  /** Epoch ms the row's "updated … ago" counts from, as last drawn. */
  private ageFrom: number | undefined;

  constructor(readonly parent: FleetNode, readonly ctx: FleetContext, readonly ref: ShadowRef) {
    this.kind = shadowKind(ref.shadowName);
    this.id = `${parent.id}/shadow/${ref.shadowName || '(classic)'}`;
  }

  get uri(): vscode.Uri {
    return shadowUri(this.ref);
  }

  treeItem(): vscode.TreeItem {
    this.ageFrom = undefined;
    const item = this.render();
    if (this.ageFrom !== undefined) this.ctx.ages.shown(this, this.ageFrom);
    else this.ctx.ages.forget(this);
    return item;
  }

  private render(): vscode.TreeItem {
    const label = {
      classic: vscode.l10n.t('Classic'),
      datamodel: vscode.l10n.t('Datamodel'),
      operation: vscode.l10n.t('Operation'),
      named: this.ref.shadowName,
    }[this.kind];
    const item = new vscode.TreeItem(label,
      this.kind === 'datamodel' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = `shadow.${this.kind}`;
    if (this.kind !== 'datamodel' && this.problem !== 'missing') {
      item.command = { title: vscode.l10n.t('Open Shadow'), command: 'lwm2mShadows.openShadow', arguments: [this] };
    }
    const doc = this.ctx.store.peek(this.ref);
    if (this.problem === 'missing') {
      item.description = vscode.l10n.t('none');
      item.iconPath = new vscode.ThemeIcon('circle-outline');
      item.tooltip = vscode.l10n.t('{0} has no classic shadow yet: Coiote DM writes it when the device registers.', this.ref.thingName);
      item.contextValue = 'shadow.missing';
      return item;
    }
    if (this.problem) {
      const d = describeError(this.problem);
      item.description = vscode.l10n.t('error');
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.tooltip = d.message;
      return item;
    }
    switch (this.kind) {
      case 'classic':
        this.renderClassic(item, doc);
        break;
      case 'datamodel':
        item.iconPath = new vscode.ThemeIcon('symbol-structure');
        item.description = doc ? vscode.l10n.t('v{0}', doc.version) : undefined;
        item.tooltip = vscode.l10n.t('The LwM2M data model Coiote DM caches for {0} (read-only).', this.ref.thingName);
        break;
      case 'operation':
        this.renderOperation(item, doc);
        break;
      default:
        item.iconPath = new vscode.ThemeIcon('json');
        item.description = doc ? vscode.l10n.t('v{0}', doc.version) : undefined;
        item.tooltip = vscode.l10n.t('Named shadow {0} (read-only).', this.ref.shadowName);
    }
    return item;
  }

  async children(): Promise<FleetNode[]> {
    if (this.kind !== 'datamodel') return [];
    return datamodelChildren(this, this.ctx);
  }

  reset(): void {
    this.problem = undefined;
    this.ctx.store.expire({ connection: this.ref.connection, thingName: this.ref.thingName, shadowName: this.ref.shadowName });
  }

  private renderClassic(item: vscode.TreeItem, doc: ShadowDocument | undefined): void {
    if (!doc) {
      item.iconPath = new vscode.ThemeIcon('plug');
      return;
    }
    // The ticker's clock: as the row is redrawn over time, its age (and online → sleeping → offline) follow.
    const now = this.ctx.ages.now();
    const summary = this.ctx.core().readConnectivity(doc.state.reported ?? {}, new Date(now));
    item.iconPath = connectivityIcon(summary.state);
    const stateText = connectivityText(summary.state);
    const extras: string[] = [stateText];
    if (summary.lifetime !== undefined) extras.push(vscode.l10n.t('lifetime {0} s', summary.lifetime));
    if (summary.lastUpdate) {
      extras.push(vscode.l10n.t('updated {0}', ageText(summary.lastUpdate, now)));
      this.ageFrom = summary.lastUpdate.getTime();
    }
    item.description = extras.join(' · ');
    const md = untrustedMarkdown();
    appendField(md, vscode.l10n.t('Connectivity'), stateText);
    for (const f of summary.fields) appendField(md, f.name, f.value);
    appendField(md, vscode.l10n.t('Version'), String(doc.version));
    item.tooltip = md;
  }

  private renderOperation(item: vscode.TreeItem, doc: ShadowDocument | undefined): void {
    item.iconPath = new vscode.ThemeIcon('send');
    if (!doc) return;
    const result = this.ctx.core().readOperationResult(doc.state.reported ?? {});
    const requested = typeof doc.state.desired?.operation === 'string' ? doc.state.desired.operation : undefined;
    const md = untrustedMarkdown();
    if (result?.operation) {
      const failed = result.failedKeys.filter((k) => k !== '');
      item.description = failed.length
        ? vscode.l10n.t('last: {0} · {1} failed', result.operation, failed.length)
        : vscode.l10n.t('last: {0} · ok', result.operation);
      item.iconPath = new vscode.ThemeIcon(failed.length ? 'warning' : 'send',
        failed.length ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
      appendField(md, vscode.l10n.t('Last operation'), result.operation);
      appendField(md, vscode.l10n.t('Failed keys'), failed.length ? failed.join(', ') : vscode.l10n.t('none'));
      for (const v of result.values.slice(0, 20)) appendField(md, v.key, v.value);
    } else if (requested) {
      item.description = vscode.l10n.t('requested: {0}', requested);
    } else {
      item.description = vscode.l10n.t('no operation yet');
    }
    if (requested) appendField(md, vscode.l10n.t('Requested (desired)'), requested);
    appendField(md, vscode.l10n.t('Version'), String(doc.version));
    md.appendText(vscode.l10n.t('Open it to write an operation request into desired.'));
    item.tooltip = md;
  }
}

function ageText(d: Date, now: number): string {
  const age = relativeAge(d.getTime(), now);
  if (!age) return Number.isNaN(d.getTime()) ? String(d) : vscode.l10n.t('in the future ({0})', d.toISOString());
  switch (age.unit) {
    case 's': return vscode.l10n.t('{0} s ago', age.amount);
    case 'min': return vscode.l10n.t('{0} min ago', age.amount);
    case 'h': return vscode.l10n.t('{0} h ago', age.amount);
    case 'd': return vscode.l10n.t('{0} d ago', age.amount);
  }
}
