// The status bar item while integration logs stream: "Logs: live" or "Logs: polling"; a click stops.
import * as vscode from 'vscode';
import type { LogStreamer, LogStreamState } from './logStreamer';

export class LogsStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(streamer: LogStreamer) {
    this.item = vscode.window.createStatusBarItem('lwm2mShadows.logs', vscode.StatusBarAlignment.Left, 49);
    this.item.name = vscode.l10n.t('LwM2M Shadows Logs');
    this.item.command = 'lwm2mShadows.stopLogs';
    this.subscription = streamer.onDidChangeState((s) => this.render(s));
    this.render(streamer.state);
  }

  private render(state: LogStreamState): void {
    if (state === 'idle') {
      this.item.hide();
      return;
    }
    if (state === 'reconnecting') {
      this.item.text = `$(sync~spin) ${vscode.l10n.t('Logs: reconnecting')}`;
      this.item.tooltip = vscode.l10n.t('Live tail stopped sending updates and is being restarted; events written meanwhile are read back. Click to stop.');
    } else {
      this.item.text = state === 'live' ? `$(output) ${vscode.l10n.t('Logs: live')}` : `$(output) ${vscode.l10n.t('Logs: polling')}`;
      this.item.tooltip = state === 'live'
        ? vscode.l10n.t('Streaming the integration\'s CloudWatch logs (live tail). Click to stop.')
        : vscode.l10n.t('Polling the integration\'s CloudWatch logs. Click to stop.');
    }
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
