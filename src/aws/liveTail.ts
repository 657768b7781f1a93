// CloudWatch Logs live tail (StartLiveTail, an HTTP event stream read with `for await`), restarted by
// itself: at once when a session ends (AWS ends every session after 3 hours), with backoff when the
// connection drops or the stream stalls (AWS sends a session update every second, empty ones too: none
// for `stallMs` means the stream is dead although its connection is open); what was written in between
// is read with FilterLogEvents (liveTailGap.ts), and so is the backlog before the first session when
// `since` asks for it. When
// live tail is refused before any event arrives (not allowed by the policy, not offered by the
// endpoint — moto answers 500), it throws LiveTailUnavailable so the caller can poll.
import {
  StartLiveTailCommand,
  type CloudWatchLogsClient,
  type LiveTailSessionLogEvent,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { abortableSleep, backoffDelay } from './backoff';
import { AwsError, toAwsError, type AwsErrorContext } from './errors';
import { LiveTailGap, type GapOmission } from './liveTailGap';
import type { LogBatch, LogEvent } from './types';

/** AWS's limit of log groups per live tail session. */
export const LIVE_TAIL_MAX_GROUPS = 10;
/** No session update for this long (AWS sends one a second): the stream stalled, start another. */
export const LIVE_TAIL_STALL_MS = 10_000;

class StreamStalled extends Error {
  override readonly name = 'StreamStalled';
}

export class LiveTailUnavailable extends Error {
  override readonly name = 'LiveTailUnavailable';
  constructor(readonly reason: AwsError) {
    super(`Live tail is not available: ${reason.message}`);
  }
}

export interface LiveTailGroup {
  /** The name events are reported under. */
  name: string;
  /** The ARN StartLiveTail needs (without a trailing `:*`). */
  arn: string;
}

export interface LiveTailOptions {
  filterPattern?: string;
  /** First backoff after a dropped connection (doubles up to 30 s). */
  backoffMs?: number;
  /** Test seam: how to wait before a restart. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** After a restart, read the events written while no session was open (FilterLogEvents). Default true. */
  fillGaps?: boolean;
  /** Called with each restart (the reason: `session-ended`, `stalled` or the error). */
  onRestart?: (reason: 'session-ended' | 'stalled' | AwsError) => void;
  /** Called when a session is open and sending (first one, and after each restart). */
  onLive?: () => void;
  /** Epoch ms: when the first session opens, first read what was written since then (FilterLogEvents). */
  since?: number;
  /** The backlog before the first session (`since`) could not be read: live tail goes on from now. */
  onBacklogError?: (reason: AwsError) => void;
  /** Restart when no session update arrived for this long (default LIVE_TAIL_STALL_MS). */
  stallMs?: number;
  /** The backlog or a gap had more FilterLogEvents pages than are read: its oldest lines were not shown. */
  onOlderNotShown?: (omission: GapOmission) => void;
  /** After a restart, what was written while no session was open could not be read: those lines are missing. */
  onGapError?: (reason: AwsError) => void;
}

function isSessionEnd(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'SessionTimeoutException';
}

/** Errors worth retrying even before a session ever started (they would fail polling too). */
function isRetryableStart(e: AwsError): boolean {
  return e.kind === 'throttled' || e.kind === 'endpoint-unreachable';
}

export async function* liveTail(
  logs: CloudWatchLogsClient,
  groups: LiveTailGroup[],
  signal: AbortSignal,
  options: LiveTailOptions = {},
  ctx: AwsErrorContext = {},
): AsyncGenerator<LogBatch, void, undefined> {
  if (groups.length > LIVE_TAIL_MAX_GROUPS) {
    throw new LiveTailUnavailable(new AwsError('invalid-request', `Live tail follows at most ${LIVE_TAIL_MAX_GROUPS} log groups at once (${groups.length} asked).`));
  }
  const sleep = options.sleep ?? abortableSleep;
  const nameByArn = new Map(groups.map((g) => [g.arn.replace(/:\*$/, ''), g.name]));
  const groupName = (identifier: string | undefined) => {
    if (!identifier) return groups[0]?.name ?? '';
    const bare = identifier.replace(/:\*$/, '');
    return nameByArn.get(bare) ?? (bare.startsWith('arn:') ? bare.replace(/^.*:log-group:/, '') : bare);
  };
  // The gap also reads the backlog before the first session (`since`), even when restarts are not filled.
  const gap = options.fillGaps === false && options.since === undefined ? undefined : new LiveTailGap(logs, groups, options.filterPattern);
  const fillGaps = options.fillGaps !== false;
  let everStarted = false;
  let failures = 0;
  let session = 0;
  const stallMs = options.stallMs ?? LIVE_TAIL_STALL_MS;

  // Ends the HTTP stream when the consumer stops early (breaks out of `for await`) as well as on abort.
  const streamAbort = new AbortController();
  const onAbort = () => streamAbort.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (!signal.aborted) {
      session++;
      let received = false;
      let seq = 0;
      // Each session has its own abort: a stalled one is ended without ending the tail.
      const sessionAbort = new AbortController();
      const endSession = () => sessionAbort.abort();
      streamAbort.signal.addEventListener('abort', endSession, { once: true });
      /** `p`, or StreamStalled when it takes longer than stallMs (the session is then aborted). */
      const unlessStalled = <T>(p: Promise<T>): Promise<T> => new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new StreamStalled(`no live tail update in ${stallMs / 1000} s`));
          sessionAbort.abort();
        }, stallMs);
        p.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e); });
      });
      try {
        // No request timeout (a session lasts hours); the stall guard stands in for it.
        const out = await unlessStalled(logs.send(new StartLiveTailCommand({
          logGroupIdentifiers: groups.map((g) => g.arn.replace(/:\*$/, '')),
          ...(options.filterPattern ? { logEventFilterPattern: options.filterPattern } : {}),
        }), { abortSignal: sessionAbort.signal, requestTimeout: 0 }));
        if (!out.responseStream) throw new AwsError('unknown', 'StartLiveTail answered without an event stream');
        let sessionId = `s${session}`;
        let ended = false;
        const items = (out.responseStream as AsyncIterable<StartLiveTailResponseStream>)[Symbol.asyncIterator]();
        for (;;) {
          const step = await unlessStalled(items.next());
          if (step.done) break;
          const item = step.value;
          if ((item.sessionStart || item.sessionUpdate) && !received) {
            // The session is open. After a restart, first read what was written while none was.
            const restarted = everStarted;
            received = everStarted = true;
            failures = 0;
            options.onLive?.();
            if (!restarted) {
              if (gap && options.since !== undefined) {
                // Events live tail delivers from now on that the backlog also read are dropped by the gap.
                gap.started(Math.min(options.since, Date.now()));
                const backlog = await gap.backfill(streamAbort.signal);
                if (gap.lastError !== undefined && !signal.aborted) options.onBacklogError?.(toAwsError(gap.lastError, { ...ctx, operation: 'FilterLogEvents' }));
                if (!signal.aborted) for (const o of gap.omitted) options.onOlderNotShown?.(o);
                if (backlog.length) yield { events: backlog, source: 'polling' };
              } else {
                gap?.started(Date.now());
              }
            } else if (gap && fillGaps) {
              const filled = await gap.backfill(streamAbort.signal);
              if (gap.lastError !== undefined && !signal.aborted) options.onGapError?.(toAwsError(gap.lastError, { ...ctx, operation: 'FilterLogEvents' }));
              if (!signal.aborted) for (const o of gap.omitted) options.onOlderNotShown?.(o);
              if (filled.length) yield { events: filled, source: 'polling' };
            }
          }
          if (item.sessionStart) {
            if (item.sessionStart.sessionId) sessionId = item.sessionStart.sessionId;
          } else if (item.sessionUpdate) {
            const results: LiveTailSessionLogEvent[] = item.sessionUpdate.sessionResults ?? [];
            if (!results.length) continue;
            const events: LogEvent[] = results.map((r) => ({
              eventId: `${sessionId}:${seq++}`,
              logGroup: groupName(r.logGroupIdentifier),
              ...(r.logStreamName ? { logStream: r.logStreamName } : {}),
              timestamp: r.timestamp ?? r.ingestionTime ?? Date.now(),
              message: r.message ?? '',
            }));
            const delivered = gap ? gap.deliver(events) : events;
            if (delivered.length) yield { events: delivered, source: 'live-tail', ...(item.sessionUpdate.sessionMetadata?.sampled ? { sampled: true } : {}) };
          } else if (item.SessionTimeoutException) {
            ended = true;
            break;
          } else if (item.SessionStreamingException) {
            throw item.SessionStreamingException;
          }
          if (signal.aborted) return;
        }
        if (signal.aborted) return;
        if (!received && !ended) throw new AwsError('unknown', 'The live tail stream closed before it started');
        // The session ended (3-hour limit) or the server closed the stream: start the next one at once.
        options.onRestart?.('session-ended');
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof StreamStalled) {
          // Repeated stalls back off; a stream that never sent anything is not live tail at all: poll.
          if (!everStarted) throw new LiveTailUnavailable(new AwsError('endpoint-unreachable', e.message, { operation: 'StartLiveTail' }));
          options.onRestart?.('stalled');
          if (failures++) await sleep(backoffDelay(failures, options.backoffMs ?? 1_000), signal);
          continue;
        }
        if (isSessionEnd(e)) {
          options.onRestart?.('session-ended');
          continue;
        }
        const err = toAwsError(e, { ...ctx, operation: 'StartLiveTail' });
        if (err.kind === 'credentials') throw err;
        if (!received && !everStarted && !isRetryableStart(err)) throw new LiveTailUnavailable(err);
        if (!received && everStarted && !isRetryableStart(err) && err.kind !== 'unknown') throw new LiveTailUnavailable(err);
        failures++;
        options.onRestart?.(err);
        await sleep(backoffDelay(failures, options.backoffMs ?? 1_000), signal);
      } finally {
        streamAbort.signal.removeEventListener('abort', endSession);
        sessionAbort.abort();
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    streamAbort.abort();
  }
}
