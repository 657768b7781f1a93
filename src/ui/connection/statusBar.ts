// The status bar item: which connection is active; a click switches it.
import * as vscode from 'vscode';
import type { ConnectionManager, ConnectionState } from './connectionManager';

export class ConnectionStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(connections: ConnectionManager) {
    this.item = vscode.window.createStatusBarItem('lwm2mShadows.connection', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('LwM2M Shadows Connection');
    this.item.command = 'lwm2mShadows.switchConnection';
    this.subscription = connections.onDidChange((s) => this.render(s));
    this.render(connections.state);
    this.item.show();
  }

  private render(state: ConnectionState): void {
    switch (state.status) {
      case 'disconnected':
        this.item.text = `$(debug-disconnect) ${vscode.l10n.t('LwM2M: not connected')}`;
        this.item.tooltip = vscode.l10n.t('LwM2M Shadows: not connected. Click to connect to AWS or use the local sandbox.');
        this.item.backgroundColor = undefined;
        break;
      case 'connecting':
        this.item.text = `$(sync~spin) ${vscode.l10n.t('LwM2M: {0}', state.label)}`;
        this.item.tooltip = vscode.l10n.t('LwM2M Shadows: connecting to {0}…', state.label);
        this.item.backgroundColor = undefined;
        break;
      case 'failed':
        this.item.text = `$(warning) ${vscode.l10n.t('LwM2M: {0}', state.label)}`;
        this.item.tooltip = vscode.l10n.t('LwM2M Shadows: could not connect to {0}. Click to switch the connection.', state.label);
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'connected': {
        const spec = state.session.spec;
        this.item.text = `$(${spec.kind === 'sandbox' ? 'beaker' : 'cloud'}) ${vscode.l10n.t('LwM2M: {0}', spec.label)}`;
        this.item.tooltip = spec.kind === 'sandbox'
          ? vscode.l10n.t('LwM2M Shadows: the local sandbox ({0}). Click to switch the connection.', spec.endpoint ?? '')
          : vscode.l10n.t('LwM2M Shadows: AWS profile {0}, region {1}. Click to switch the connection.', spec.profile ?? 'default', spec.region);
        this.item.backgroundColor = undefined;
        break;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
