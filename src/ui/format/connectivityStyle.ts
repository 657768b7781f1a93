// How a device's connectivity looks wherever a row shows it (the Classic row, and thing rows that fleet
// indexing lists with their classic shadow): one icon and one word per state.
import * as vscode from 'vscode';
import type { ConnectivityState } from '../../core/index';

const ICONS: Record<ConnectivityState, [string, string | undefined]> = {
  online: ['pass-filled', 'testing.iconPassed'],
  offline: ['circle-slash', 'disabledForeground'],
  sleeping: ['clock', 'charts.blue'],
  unknown: ['question', undefined],
};

export function connectivityIcon(state: ConnectivityState): vscode.ThemeIcon {
  const [icon, color] = ICONS[state] ?? ICONS.unknown;
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

export function connectivityText(state: ConnectivityState): string {
  switch (state) {
    case 'online': return vscode.l10n.t('online');
    case 'offline': return vscode.l10n.t('offline');
    case 'sleeping': return vscode.l10n.t('sleeping (queue mode)');
    default: return vscode.l10n.t('connectivity unknown');
  }
}
