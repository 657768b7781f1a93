// The integration's CloudWatch log groups, and one `tail` that prefers live tail and falls back to
// FilterLogEvents polling when live tail is refused or unavailable (from the newest event seen, so the
// switch leaves no gap). With `since`, what was written before the tail started is read first, once.
import { DescribeLogGroupsCommand, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { Connection } from './connection';
import { AwsError, toAwsError } from './errors';
import { LIVE_TAIL_MAX_GROUPS, LiveTailUnavailable, liveTail, type LiveTailGroup } from './liveTail';
import type { GapOmission } from './liveTailGap';
import { pollLogEvents } from './polling';
import type { LogBatch, LogsApi } from './types';

/** Log groups of a deployed Coiote DM – AWS IoT integration (see integration-facts.md). */
export const INTEGRATION_LOG_GROUPS = [
  '/aws/lambda/Lwm2mOperation',
  '/aws/lambda/lwm2mOperation',
  '/aws/lambda/CreateThing',
  'AWSIotLogsV2',
];

export interface TailOptions {
  filterPattern?: string;
  pollIntervalMs?: number;
  /** `auto` (default): live tail, polling when refused. `polling` or `live-tail` force one way. */
  mode?: 'auto' | 'live-tail' | 'polling';
  /** Epoch ms: also deliver what was written since then (default: now). Live tail reads that backlog
   * with FilterLogEvents when its first session opens, then follows live; polling starts from it. */
  since?: number;
  /** Live tail: the events since `since` could not be read (e.g. no logs:FilterLogEvents); it follows from now. */
  onBacklogError?: (reason: AwsError) => void;
  /** Told once when live tail was refused and polling took over. */
  onFallback?: (reason: AwsError) => void;
  /** After a live tail restart, read the events written in between (default true). */
  fillGaps?: boolean;
  /** Live tail restarts (session ended after 3 hours, stream stalled, connection dropped). */
  onRestart?: (reason: 'session-ended' | 'stalled' | AwsError) => void;
  /** A live tail session is open and sending (at first, and again after each restart). */
  onLive?: () => void;
  /** Live tail: restart when no session update came for this long (default 10 s; AWS sends one a second). */
  stallMs?: number;
  /** Live tail: the backlog or a restart's gap had more pages than are read; its oldest lines were not shown. */
  onOlderNotShown?: (omission: GapOmission) => void;
  /** Live tail: after a restart, the lines written meanwhile could not be read (e.g. no logs:FilterLogEvents). */
  onGapError?: (reason: AwsError) => void;
  /** Test seam: waits between polls and restarts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  backoffMs?: number;
}

export interface SdkLogsApi extends LogsApi {
  tail(logGroups: string[], signal: AbortSignal, options?: TailOptions): AsyncIterable<LogBatch>;
  /** The log group as AWS describes it, or undefined when it does not exist. */
  describeLogGroup(name: string): Promise<LogGroup | undefined>;
}

export function createLogs(conn: Connection): SdkLogsApi {
  async function describeLogGroup(name: string): Promise<LogGroup | undefined> {
    return conn.call('DescribeLogGroups', async () => {
      let nextToken: string | undefined;
      do {
        const out = await conn.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken }));
        const found = out.logGroups?.find((g) => g.logGroupName === name);
        if (found) return found;
        nextToken = out.nextToken || undefined;
      } while (nextToken);
      return undefined;
    }, 'logs');
  }

  async function liveTailGroups(logGroups: string[]): Promise<LiveTailGroup[]> {
    return Promise.all(logGroups.map(async (name) => {
      if (name.startsWith('arn:')) return { name: name.replace(/^.*:log-group:/, '').replace(/:\*$/, ''), arn: name.replace(/:\*$/, '') };
      const g = await describeLogGroup(name);
      if (!g) throw new AwsError('not-found', `Log group ${name} does not exist`, { operation: 'DescribeLogGroups', action: 'Check the log group name, region and account.' });
      const arn = g.logGroupArn ?? g.arn?.replace(/:\*$/, '');
      if (!arn) throw new LiveTailUnavailable(new AwsError('unknown', `No ARN for log group ${name}`));
      return { name, arn };
    }));
  }

  async function* tail(logGroups: string[], signal: AbortSignal, options: TailOptions = {}): AsyncGenerator<LogBatch, void, undefined> {
    if (!logGroups.length) return;
    const errorContext = { ...conn.errorContext, endpoint: conn.endpointOf('logs') };
    const mode = options.mode ?? 'auto';
    let since = options.since ?? Date.now();
    // Polling after a refused live tail carries on from the newest event live tail delivered.
    if (mode !== 'polling') {
      try {
        if (logGroups.length > LIVE_TAIL_MAX_GROUPS) {
          throw new LiveTailUnavailable(new AwsError('invalid-request', `Live tail follows at most ${LIVE_TAIL_MAX_GROUPS} log groups.`));
        }
        const groups = await liveTailGroups(logGroups);
        for await (const batch of liveTail(conn.logs, groups, signal, options, errorContext)) {
          for (const e of batch.events) since = Math.max(since, Math.min(e.timestamp, Date.now())); // a stamp in the future is not a start
          yield batch;
        }
        return;
      } catch (e) {
        if (signal.aborted) return;
        if (!(e instanceof LiveTailUnavailable)) throw toAwsError(e, { ...errorContext, operation: 'StartLiveTail' });
        if (mode === 'live-tail') throw e.reason;
        options.onFallback?.(e.reason);
      }
    }
    yield* pollLogEvents(conn.logs, logGroups, signal, { ...options, since }, errorContext);
  }

  return {
    describeLogGroup,
    async findIntegrationLogGroups(extra: string[] = []): Promise<string[]> {
      const names = [...new Set([...INTEGRATION_LOG_GROUPS, ...extra.map((n) => n.trim()).filter(Boolean)])];
      const found = await Promise.all(names.map(async (n) => ((await describeLogGroup(n)) ? n : undefined)));
      return found.filter((n): n is string => n !== undefined);
    },
    tail,
  };
}
