// CloudWatch Logs by FilterLogEvents polling: the fallback when live tail is refused or unavailable.
//
// No gaps, no repeats: each poll asks every group for everything since its newest event seen minus a
// look-back window (events can be ingested a little after their timestamp), pages through all of it,
// and drops the event ids it has already delivered. Events of several streams and groups are merged in
// timestamp order (FilterLogEvents does not always interleave streams).
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { toAwsError, type AwsError, type AwsErrorContext } from './errors';
import { abortableSleep, backoffDelay } from './backoff';
import type { LogBatch, LogEvent } from './types';

export const DEFAULT_POLL_INTERVAL_MS = 2_000;
/** Late-ingested events older than this behind the newest seen event could be missed. */
export const DEFAULT_LOOKBACK_MS = 60_000;
/** FilterLogEvents pages one poll of one group may read before the next poll carries on. */
const MAX_PAGES_PER_POLL = 50;

export interface PollingOptions {
  filterPattern?: string;
  pollIntervalMs?: number;
  /** Epoch ms: deliver events from this time on (default: when polling starts). */
  since?: number;
  lookbackMs?: number;
  /** Test seam: how to wait between polls. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Errors that go away by themselves: wait and poll again. Others end the tail with the error. */
export function isTransient(e: AwsError): boolean {
  return e.kind === 'throttled' || e.kind === 'endpoint-unreachable' || (e.kind === 'unknown' && (e.status === undefined || e.status >= 500));
}

function groupParam(group: string) {
  return group.startsWith('arn:') ? { logGroupIdentifier: group.replace(/:\*$/, '') } : { logGroupName: group };
}

export async function* pollLogEvents(
  logs: CloudWatchLogsClient,
  logGroups: string[],
  signal: AbortSignal,
  options: PollingOptions = {},
  ctx: AwsErrorContext = {},
): AsyncGenerator<LogBatch, void, undefined> {
  const interval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const lookback = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const since = options.since ?? Date.now();
  const sleep = options.sleep ?? abortableSleep;
  const newest = new Map<string, number>(logGroups.map((g) => [g, since]));
  const delivered = new Map<string, Map<string, number>>(logGroups.map((g) => [g, new Map()]));
  let failures = 0;

  async function pollGroup(group: string): Promise<LogEvent[]> {
    const startTime = Math.max(since, (newest.get(group) ?? since) - lookback);
    const seen = delivered.get(group)!;
    const fresh: LogEvent[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
      const out = await logs.send(new FilterLogEventsCommand({
        ...groupParam(group),
        startTime,
        ...(options.filterPattern ? { filterPattern: options.filterPattern } : {}),
        ...(nextToken ? { nextToken } : {}),
      }), { abortSignal: signal });
      for (const e of out.events ?? []) {
        if (e.timestamp === undefined || e.timestamp < startTime) continue;
        const id = e.eventId ?? `${e.logStreamName}:${e.timestamp}:${e.ingestionTime}:${e.message}`;
        if (seen.has(id)) continue;
        seen.set(id, e.timestamp);
        fresh.push({ eventId: id, logGroup: group, ...(e.logStreamName ? { logStream: e.logStreamName } : {}), timestamp: e.timestamp, message: e.message ?? '' });
      }
      nextToken = out.nextToken || undefined;
      if (!nextToken || signal.aborted) break;
    }
    return fresh;
  }

  while (!signal.aborted) {
    let events: LogEvent[] = [];
    try {
      const perGroup = await Promise.all(logGroups.map(pollGroup));
      events = perGroup.flat();
      failures = 0;
    } catch (e) {
      if (signal.aborted) return;
      const err = toAwsError(e, { ...ctx, operation: 'FilterLogEvents' });
      if (!isTransient(err)) throw err;
      failures++;
      await sleep(backoffDelay(failures, interval), signal);
      continue;
    }
    if (events.length) {
      // Stable sort: events of equal timestamp keep the order their stream gave them.
      events.sort((a, b) => a.timestamp - b.timestamp);
      // Never past now: one event stamped in the future would otherwise make every later poll ask for
      // nothing until the clock caught up with it. (Its id stays in `delivered` while it is ahead.)
      const now = Date.now();
      for (const e of events) newest.set(e.logGroup, Math.max(newest.get(e.logGroup) ?? since, Math.min(e.timestamp, now)));
      for (const group of logGroups) {
        const keepFrom = Math.max(since, (newest.get(group) ?? since) - lookback);
        const seen = delivered.get(group)!;
        for (const [id, ts] of seen) if (ts < keepFrom) seen.delete(id);
      }
      yield { events, source: 'polling' };
    }
    if (signal.aborted) return;
    await sleep(interval, signal);
  }
}
