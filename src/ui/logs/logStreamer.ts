// Tails the integration's CloudWatch log groups of one session into the "LwM2M Shadows: CloudWatch"
// output channel: one append per batch, a line when live tail falls back to polling or restarts, and
// an AbortController aborted on every stop (command, connection switch, dispose).
import * as vscode from 'vscode';
import type { TailOptions } from '../../aws/logs';
import type { AwsError } from '../../aws/errors';
import type { AwsSession } from '../../aws/types';
import type { Interaction } from '../../operations/interaction';
import { showError } from '../errors/showError';
import { loadCore } from '../layers';

export const LOGS_CHANNEL_NAME = 'LwM2M Shadows: CloudWatch';
/** Lines kept in memory for tests (the channel itself keeps everything). */
const KEPT_LINES = 2000;
/** Polling interval after live tail is refused. */
const POLL_INTERVAL_MS = 2000;

/** `reconnecting`: live tail stalled or dropped and is being restarted (events are not arriving live). */
export type LogStreamState = 'idle' | 'live' | 'polling' | 'reconnecting';

export interface LogStreamRequest {
  session: AwsSession;
  logGroups: string[];
  filterPattern?: string;
  /** Epoch ms: also show what was written since then (read once with FilterLogEvents, then tailed live). */
  since?: number;
}

export class LogStreamer implements vscode.Disposable {
  private channelValue: vscode.OutputChannel | undefined;
  private controller: AbortController | undefined;
  private current: LogStreamRequest | undefined;
  private stateValue: LogStreamState = 'idle';
  private readonly stateChanged = new vscode.EventEmitter<LogStreamState>();
  readonly onDidChangeState = this.stateChanged.event;
  /** The last lines appended (bounded), for tests. */
  readonly lines: string[] = [];
  /** How many times text was appended to the channel. */
  appendCount = 0;

  constructor(private readonly log: vscode.LogOutputChannel, private readonly ui: Interaction) {}

  get state(): LogStreamState {
    return this.stateValue;
  }

  /** The session being tailed, if streaming. */
  get session(): AwsSession | undefined {
    return this.current?.session;
  }

  private get channel(): vscode.OutputChannel {
    // Created on first use: nothing appears in the Output view until the user streams.
    this.channelValue ??= vscode.window.createOutputChannel(LOGS_CHANNEL_NAME);
    return this.channelValue;
  }

  /** Stops any stream and starts tailing `request`; returns once the stream runs (errors are shown). */
  start(request: LogStreamRequest): void {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    this.current = request;
    const groups = request.logGroups.join(', ');
    this.note(request.filterPattern
      ? vscode.l10n.t('streaming {0} on {1} (filter: {2})', groups, request.session.spec.label, request.filterPattern)
      : vscode.l10n.t('streaming {0} on {1}', groups, request.session.spec.label));
    if (request.since !== undefined) this.note(vscode.l10n.t('showing events since {0}', loadCore().timeOfDay(request.since)));
    this.channel.show(true);
    this.setState('live');
    void this.run(request, controller.signal);
  }

  /** Aborts the stream, if any; `reason` is written to the channel. */
  stop(reason?: string): void {
    const controller = this.controller;
    if (!controller) return;
    this.controller = undefined;
    this.current = undefined;
    controller.abort();
    this.note(reason ?? vscode.l10n.t('stopped streaming'));
    this.setState('idle');
  }

  private async run(request: LogStreamRequest, signal: AbortSignal): Promise<void> {
    let fellBack = false;
    const options: TailOptions = {
      filterPattern: request.filterPattern || undefined,
      pollIntervalMs: POLL_INTERVAL_MS,
      // Events already written are read once when live tail opens (or by polling, when it is refused).
      ...(request.since !== undefined ? { since: request.since } : {}),
      onFallback: (reason: AwsError) => {
        if (signal.aborted || fellBack) return;
        fellBack = true;
        this.note(vscode.l10n.t('live tail is not available ({0}): polling every {1} s', reason.message, POLL_INTERVAL_MS / 1000));
        this.setState('polling');
      },
      onBacklogError: (reason: AwsError) => {
        if (!signal.aborted) this.note(vscode.l10n.t('the events before the start could not be read ({0}): showing new ones only', reason.message));
      },
      onGapError: (reason: AwsError) => {
        if (!signal.aborted) this.note(vscode.l10n.t('the events written while live tail reconnected could not be read ({0}): some lines may be missing', reason.message));
      },
      onOlderNotShown: (o) => {
        if (!signal.aborted) {
          const core = loadCore();
          this.note(vscode.l10n.t('{0}: older lines not shown, from {1} to {2} (more than {3} pages of events); the newer ones follow. Narrow the start or the filter to see them.',
            core.logGroupShortName(o.logGroup), core.timeOfDay(o.from), core.timeOfDay(o.to), o.pages));
        }
      },
      onRestart: (reason) => {
        if (signal.aborted) return;
        this.note(reason === 'session-ended'
          ? vscode.l10n.t('live tail session ended: restarted')
          : reason === 'stalled'
            ? vscode.l10n.t('live tail stopped sending updates: reconnecting (what is missed meanwhile is read back)')
            : vscode.l10n.t('live tail restarted after: {0}', reason.message));
        if (reason !== 'session-ended' && this.stateValue === 'live') this.setState('reconnecting');
      },
      onLive: () => {
        if (!signal.aborted && this.stateValue === 'reconnecting') this.setState('live');
      },
    };
    try {
      for await (const batch of request.session.logs.tail(request.logGroups, signal, options)) {
        if (signal.aborted) break;
        // A 'polling' batch while live is a restart's gap fill: the state follows onFallback/onRestart/onLive.
        if (batch.events.length) this.append(loadCore().formatLogBatch(batch.events));
      }
    } catch (e) {
      if (signal.aborted) return;
      this.log.warn(`log streaming stopped: ${(e as Error).message}`);
      if (this.controller?.signal === signal) this.stop(vscode.l10n.t('streaming stopped: {0}', (e as Error).message));
      void showError(this.ui, e, { operation: vscode.l10n.t('stream the integration logs'), profile: request.session.spec.profile, region: request.session.spec.region });
      return;
    }
    // The stream ended by itself (no more groups): say so.
    if (!signal.aborted && this.controller?.signal === signal) this.stop();
  }

  /** One append to the channel for a whole batch. */
  private append(text: string): void {
    this.channel.append(text);
    this.appendCount++;
    for (const line of text.split('\n')) if (line) this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
  }

  private note(text: string): void {
    this.append(`${loadCore().timeOfDay(Date.now())} — ${text}\n`);
  }

  private setState(state: LogStreamState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.stateChanged.fire(state);
  }

  dispose(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.current = undefined;
    this.stateChanged.dispose();
    this.channelValue?.dispose();
  }
}
