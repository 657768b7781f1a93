// The status bar item that says whether shadows arrive live (MQTT over WebSocket) or are polled, and why.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { FeedState, LiveFeed } from './liveFeed';

export class LiveStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly feed: LiveFeed, private readonly connections: ConnectionManager) {
    this.item = vscode.window.createStatusBarItem('lwm2mShadows.live', vscode.StatusBarAlignment.Left, 49);
    this.item.name = vscode.l10n.t('LwM2M Shadows Live Updates');
    this.subscriptions = [feed.onDidChangeState((s) => this.render(s)), connections.onDidChange(() => this.render(feed.state))];
    this.render(feed.state);
  }

  private render(state: FeedState): void {
    if (this.connections.state.status !== 'connected') {
      this.item.hide();
      return;
    }
    const seconds = vscode.workspace.getConfiguration('lwm2mShadows').get<number>('datamodel.refreshIntervalSeconds', 5);
    switch (state.kind) {
      case 'idle':
        this.item.text = `$(broadcast) ${vscode.l10n.t('Live')}`;
        this.item.tooltip = vscode.l10n.t('LwM2M Shadows: shadows you open or expand are kept current over MQTT as they change.');
        break;
      case 'live':
        this.item.text = `$(broadcast) ${vscode.l10n.t('Live')}`;
        this.item.tooltip = state.overLimit
          ? vscode.l10n.t('LwM2M Shadows: {0} shadows arrive live over MQTT; {1} more are polled every {2} s (one connection watches at most {3}).', state.live, state.overLimit, seconds, state.watched - state.overLimit)
          : vscode.l10n.t('LwM2M Shadows: {0} shadows arrive live over MQTT as they change; nothing is polled.', state.live);
        break;
      case 'polled':
        this.item.text = `$(history) ${vscode.l10n.t('Polled')}`;
        this.item.tooltip = state.why === 'off'
          ? vscode.l10n.t('LwM2M Shadows: live updates are turned off (lwm2mShadows.liveUpdates); shadows are polled every {0} s.', seconds)
          : state.why === 'connecting'
            ? vscode.l10n.t('LwM2M Shadows: connecting to AWS IoT over MQTT; shadows are polled every {0} s meanwhile.', seconds)
            : state.why === 'refused'
              ? vscode.l10n.t('LwM2M Shadows: AWS IoT refused {0}; shadows are polled every {1} s.', state.problem?.permission ?? 'iot:Connect', seconds)
              : vscode.l10n.t('LwM2M Shadows: no MQTT over WebSocket connection to AWS IoT (blocked or unreachable); shadows are polled every {0} s.', seconds);
        break;
    }
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
