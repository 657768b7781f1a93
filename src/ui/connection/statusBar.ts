// The status bar item: which connection is active; a click switches it.
import * as vscode from 'vscode';
import type { IndexingInfo } from '../../aws/types';
import type { ConnectionManager, ConnectionState } from './connectionManager';
import { wakaamaCommandLine } from './lwm2mListen';

export class ConnectionStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connections: ConnectionManager) {
    this.item = vscode.window.createStatusBarItem('lwm2mShadows.connection', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('LwM2M Shadows Connection');
    this.item.command = 'lwm2mShadows.switchConnection';
    this.subscription = connections.onDidChange((s) => this.render(s));
    this.render(connections.state);
    this.item.show();
  }

  /** The session the item shows (a late answer about another one is dropped). */
  private shown: unknown;

  private render(state: ConnectionState): void {
    this.shown = state.status === 'connected' ? state.session : undefined;
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
        const base = spec.kind === 'sandbox'
          ? [vscode.l10n.t('LwM2M Shadows: the local sandbox ({0}). Click to switch the connection.', spec.endpoint ?? ''), ...ownDeviceLines(this.connections.sandboxLwm2m)].join('\n')
          : vscode.l10n.t('LwM2M Shadows: AWS profile {0}, region {1}. Click to switch the connection.', spec.profile ?? 'default', spec.region);
        this.item.tooltip = base;
        this.item.backgroundColor = undefined;
        // Whether filters and Reveal Thing are answered by fleet indexing (read once per connection).
        const session = state.session;
        session.fleet.indexing().then((info) => {
          if (this.shown !== session) return;
          this.item.tooltip = `${base}\n${indexingText(info)}`;
        }, () => undefined);
        break;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

/** Where your own device registers with the sandbox (the URI and Wakaama's command line), or why it cannot. */
function ownDeviceLines(lwm2m: { uri?: string; error?: string } | undefined): string[] {
  if (lwm2m?.uri) {
    const wakaama = wakaamaCommandLine(lwm2m.uri);
    return [
      vscode.l10n.t('Your own device: give it the LwM2M server URI {0} (CoAP over UDP, NoSec).', lwm2m.uri),
      ...(wakaama ? [vscode.l10n.t('Eclipse Wakaama\'s client: {0}', wakaama)] : []),
    ];
  }
  if (lwm2m?.error) return [vscode.l10n.t('Your own device: {0}.', lwm2m.error)];
  return lwm2m ? [vscode.l10n.t('Your own device: the LwM2M server is off ("lwm2mShadows.sandbox.lwm2m.enabled").')] : [];
}

/** One line on fleet indexing for the connection's tooltip: what it answers, or why the scan does. */
function indexingText(info: IndexingInfo): string {
  if (info.available) {
    return info.classicShadow
      ? vscode.l10n.t('Fleet indexing: on (registry and classic shadow). Filters, Reveal Thing and things without a type use SearchIndex; thing rows show online state.')
      : vscode.l10n.t('Fleet indexing: on (registry only). Filters, Reveal Thing and things without a type use SearchIndex.');
  }
  switch (info.reason) {
    case 'off':
      return vscode.l10n.t('Fleet indexing: off in this account and region. Filters scan ListThings (one call per 250 things).');
    case 'access-denied':
      return vscode.l10n.t('Fleet indexing: unknown (iot:GetIndexingConfiguration was denied). Filters scan ListThings (one call per 250 things).');
    default:
      return vscode.l10n.t('Fleet indexing: could not be read. Filters scan ListThings (one call per 250 things).');
  }
}
