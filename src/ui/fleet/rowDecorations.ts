// Puts tree actions onto datamodel and thing rows: the actions a row offers go into its contextValue
// (` can-read can-write …`, for the menus' `when` clauses), and a row acted on shows its state: progress
// ("reading…"), the answered value marked, a failed key with the reason in its tooltip, an observation.
import * as vscode from 'vscode';
import type { ActionTarget } from '../../core/index';
import type { ObservationMarks } from '../operations/observationMarks';
import type { FleetContext } from './fleetContext';
import type { RowMarks, ThingKey } from './rowMarks';

export interface RowTarget extends ActionTarget {
  key: string;
}

export class RowDecorator {
  constructor(readonly marks: RowMarks, readonly observations: ObservationMarks) {}

  /** A datamodel row of `thing`: its actions, then its mark. */
  decorate(ctx: FleetContext, thing: ThingKey, item: vscode.TreeItem, target: RowTarget): void {
    const actions = ctx.core().actionsFor(target);
    const observed = this.observations.observes(thing, target.key);
    item.contextValue = `${item.contextValue ?? ''}${actions.map((a) => ` can-${a}`).join('')}${observed ? ' observed' : ''}`;
    const mark = this.marks.get(thing, target.key);
    const desc = typeof item.description === 'string' ? item.description : '';
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip : undefined;
    const note = (label: string, text: string) => {
      if (!tooltip) return;
      tooltip.appendMarkdown('\n\n**');
      tooltip.appendText(label);
      tooltip.appendMarkdown('**: ');
      tooltip.appendText(text);
    };
    if (observed) {
      item.description = desc ? `${desc} · ${vscode.l10n.t('observed')}` : vscode.l10n.t('observed');
      if (!mark) item.iconPath = new vscode.ThemeIcon('eye', new vscode.ThemeColor('charts.blue'));
      const o = this.observations.list(thing).find((x) => x.key === target.key || target.key.startsWith(`${x.key}.`));
      if (o) note(vscode.l10n.t('Observed since'), `${new Date(o.since).toLocaleTimeString()} (${ctx.core().attributesText(o.attributes)})`);
    }
    if (!mark) return;
    switch (mark.kind) {
      case 'busy':
      case 'queued':
      case 'late':
        item.description = desc ? `${mark.text} ${desc}` : mark.text;
        item.iconPath = new vscode.ThemeIcon(mark.kind === 'late' ? 'watch' : 'loading~spin');
        note(vscode.l10n.t('Now'), mark.text);
        break;
      case 'done':
        if (mark.value !== undefined && item.description !== undefined) item.description = `${item.description} ✓`;
        item.iconPath = new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
        note(vscode.l10n.t('Answered'), mark.value !== undefined
          ? vscode.l10n.t('{0} at {1}: {2}', mark.operation, new Date(mark.at).toLocaleTimeString(), mark.value)
          : vscode.l10n.t('{0} at {1}', mark.operation, new Date(mark.at).toLocaleTimeString()));
        break;
      case 'failed':
        item.description = desc ? `${desc} · ${vscode.l10n.t('{0} failed', mark.operation)}` : vscode.l10n.t('{0} failed', mark.operation);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        note(vscode.l10n.t('Failed'), `${mark.operation} (${new Date(mark.at).toLocaleTimeString()}): ${mark.reason}`);
        if (!tooltip) item.tooltip = `${mark.operation}: ${mark.reason}`;
        break;
    }
  }

  /** A thing row: what it is doing and how many observations it has. */
  decorateThing(thing: ThingKey, item: vscode.TreeItem): void {
    const parts: string[] = [];
    const activity = this.marks.activityOf(thing);
    if (activity) parts.push(activity);
    const observed = this.observations.list(thing).length;
    if (observed) parts.push(vscode.l10n.t('observing {0}', observed));
    if (!parts.length) return;
    const desc = typeof item.description === 'string' && item.description ? `${item.description} · ` : '';
    item.description = desc + parts.join(' · ');
    if (activity) item.iconPath = new vscode.ThemeIcon('loading~spin');
    else item.iconPath = new vscode.ThemeIcon('circuit-board', new vscode.ThemeColor('charts.blue'));
  }
}
