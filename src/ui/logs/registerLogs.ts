// The "Stream Integration Logs" and "Stop Streaming Logs" commands: find the integration's log groups
// on the active connection, let the user pick (all preselected the first time, the choice remembered
// per connection) and where to start (the last few minutes by default), and tail them into the
// "LwM2M Shadows: CloudWatch" output channel.
import * as vscode from 'vscode';
import type { AwsSession } from '../../aws/types';
import { showError } from '../errors/showError';
import type { UiServices } from '../services';
import { LogStreamer } from './logStreamer';
import { LogsStatusBar } from './logsStatusBar';
import { defaultStartMinutesAgo, pickLogStart } from './logStartPick';
import { loadSandbox } from '../layers';

const PICKED_GROUPS_KEY = 'lwm2mShadows.logs.pickedGroups';

/** What the Publish timeout's "Show Logs" passes (anyone may: it only picks what is shown, never sends). */
export interface StreamLogsArgs {
  /** Epoch ms: show the events since then too (Publish's "Show Logs" after a timeout). Callers that pass
   * arguments are not asked where to start: without `since` the stream starts now. */
  since?: number;
  /** Only the Lwm2mOperation Lambda's group (when it exists), without asking. */
  operationLambdaOnly?: boolean;
}

/** Log groups only the sandbox has (the sandbox bundle is loaded: its session exists). */
function sandboxLogGroups(): string[] {
  return [loadSandbox().COAP_LOG_GROUP];
}

/** The streamer is handed back too: the extension's test API reads its state and lines. */
export function registerLogs(services: UiServices, context: vscode.ExtensionContext): { streamer: LogStreamer; disposables: vscode.Disposable[] } {
  const { connections, log } = services;
  const streamer = new LogStreamer(log, services.interaction);
  const statusBar = new LogsStatusBar(streamer);

  function remembered(id: string): string[] | undefined {
    return context.globalState.get<Record<string, string[]>>(PICKED_GROUPS_KEY)?.[id];
  }

  async function remember(id: string, groups: string[]): Promise<void> {
    const all = context.globalState.get<Record<string, string[]>>(PICKED_GROUPS_KEY) ?? {};
    await context.globalState.update(PICKED_GROUPS_KEY, { ...all, [id]: groups });
  }

  async function pickGroups(session: AwsSession): Promise<string[] | undefined> {
    const setting = vscode.workspace.getConfiguration('lwm2mShadows').get<string[]>('logs.extraLogGroups', []);
    const extra = Array.isArray(setting) ? setting.filter((n) => typeof n === 'string') : [];
    // The embedded sandbox's own groups (its LwM2M server's CoAP log) are offered beside the integration's.
    if (session.spec.kind === 'sandbox') extra.push(...sandboxLogGroups());
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Finding the integration\'s log groups…') },
      () => session.logs.findIntegrationLogGroups(extra),
    );
    if (!found.length) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('No integration log groups found on {0}. Add yours to the setting "lwm2mShadows.logs.extraLogGroups".', session.spec.label),
      );
      return undefined;
    }
    const before = remembered(session.spec.id)?.filter((g) => found.includes(g));
    const preselected = new Set(before?.length ? before : found);
    const picked = await services.interaction.pickMany(
      found.map((g) => ({ label: g, picked: preselected.has(g) })),
      { title: vscode.l10n.t('Stream which log groups of {0}?', session.spec.label), ignoreFocusOut: true },
    );
    if (!picked?.length) return undefined;
    const groups = picked.map((p) => p.label);
    await remember(session.spec.id, groups);
    return groups;
  }

  async function operationLambdaGroups(session: AwsSession): Promise<string[] | undefined> {
    const found = await session.logs.findIntegrationLogGroups();
    const lambda = found.filter((g) => /\/lwm2moperation$/i.test(g));
    return lambda.length ? lambda : pickGroups(session);
  }

  /** Epoch ms to start from: asked when a person runs the command (palette, view, walkthrough), given by callers. */
  async function startTime(args: StreamLogsArgs | undefined): Promise<number | 'cancelled' | undefined> {
    if (args) return typeof args.since === 'number' ? args.since : undefined;
    const minutes = await pickLogStart(services.interaction, defaultStartMinutesAgo());
    if (minutes === undefined) return 'cancelled';
    return minutes > 0 ? Date.now() - minutes * 60_000 : undefined;
  }

  async function streamLogs(args?: StreamLogsArgs): Promise<void> {
    const session = await connections.ensureConnected();
    if (!session) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Connect to AWS or use the sandbox before streaming logs.'));
      return;
    }
    let groups: string[] | undefined;
    try {
      groups = args?.operationLambdaOnly ? await operationLambdaGroups(session) : await pickGroups(session);
    } catch (e) {
      await showError(services.interaction, e, { operation: vscode.l10n.t('find the integration\'s log groups'), profile: session.spec.profile, region: session.spec.region }, () => streamLogs(args));
      return;
    }
    if (!groups) return;
    const since = await startTime(args);
    if (since === 'cancelled') return;
    const filterPattern = vscode.workspace.getConfiguration('lwm2mShadows').get<string>('logs.filterPattern', '').trim();
    streamer.start({ session, logGroups: groups, filterPattern, ...(since !== undefined ? { since } : {}) });
  }

  return { streamer, disposables: [
    streamer,
    statusBar,
    vscode.commands.registerCommand('lwm2mShadows.streamLogs', (args?: StreamLogsArgs) => streamLogs(args)),
    vscode.commands.registerCommand('lwm2mShadows.stopLogs', () => streamer.stop()),
    streamer.onDidChangeState((state) => void vscode.commands.executeCommand('setContext', 'lwm2mShadows.logsStreaming', state !== 'idle')),
    connections.onDidChange(() => {
      const streaming = streamer.session;
      if (!streaming || connections.current === streaming) return;
      streamer.stop(vscode.l10n.t('stopped streaming: the connection changed'));
      const again = vscode.l10n.t('Stream Logs');
      void Promise.resolve(vscode.window.showInformationMessage(vscode.l10n.t('Log streaming stopped because the connection changed.'), again)).then((choice) => {
        if (choice === again) return vscode.commands.executeCommand('lwm2mShadows.streamLogs');
      });
    }),
  ] };
}
