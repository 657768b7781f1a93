// Filling the gap a live tail restart leaves: live tail only shows events that arrive while a session is
// open, so after a session ends or the connection drops, the events written in between are read once
// with FilterLogEvents (from the newest event delivered to the moment the new session started).
// Live tail events carry no event id, so duplicates are recognised by group, stream, timestamp and message.
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LiveTailGroup } from './liveTail';
import type { LogEvent } from './types';

const MAX_PAGES = 20;

function keyOf(e: Pick<LogEvent, 'logGroup' | 'logStream' | 'timestamp' | 'message'>): string {
  return `${e.logGroup}\u0000${e.logStream ?? ''}\u0000${e.timestamp}\u0000${e.message}`;
}

/** A multiset of event keys. */
class KeyCounts {
  private readonly counts = new Map<string, number>();
  get size(): number { return this.counts.size; }
  add(key: string): void { this.counts.set(key, (this.counts.get(key) ?? 0) + 1); }
  /** Removes one occurrence; true when there was one. */
  take(key: string): boolean {
    const n = this.counts.get(key);
    if (!n) return false;
    if (n === 1) this.counts.delete(key); else this.counts.set(key, n - 1);
    return true;
  }
  clear(): void { this.counts.clear(); }
}

export class LiveTailGap {
  /** When the first session opened: the gap starts there while nothing was delivered. */
  private startedAt: number | undefined;
  /** Newest timestamp delivered (producers set timestamps: it may be before `startedAt`). */
  private newest: number | undefined;
  /** Events delivered at exactly `newest`: a backfill from `newest` sees them again. */
  private readonly atNewest = new KeyCounts();
  /** Events the last backfill delivered: the new session may deliver them again. */
  private readonly backfilled = new KeyCounts();
  private backfillEnd = 0;
  /** Why the last backfill read nothing (no FilterLogEvents permission, endpoint gone), if it failed. */
  lastError: unknown;

  constructor(
    private readonly logs: CloudWatchLogsClient,
    private readonly groups: LiveTailGroup[],
    private readonly filterPattern?: string,
  ) {}

  /** The first session started: nothing before `at` was promised. */
  started(at: number): void {
    this.startedAt ??= at;
  }

  /** Drops what a backfill already delivered, and remembers what is delivered now. */
  deliver(events: LogEvent[]): LogEvent[] {
    const out = this.backfilled.size ? events.filter((e) => !(e.timestamp <= this.backfillEnd && this.backfilled.take(keyOf(e)))) : events;
    this.remember(out);
    return out;
  }

  /** Reads what was written since the newest event delivered, up to now; never throws. */
  async backfill(signal: AbortSignal): Promise<LogEvent[]> {
    const startTime = this.newest ?? this.startedAt;
    if (startTime === undefined) return [];
    const endTime = Date.now();
    const seenAtStart = this.atNewest;
    const found: LogEvent[] = [];
    try {
      for (const g of this.groups) {
        let nextToken: string | undefined;
        for (let page = 0; page < MAX_PAGES; page++) {
          const out = await this.logs.send(new FilterLogEventsCommand({
            logGroupIdentifier: g.arn.replace(/:\*$/, ''),
            startTime,
            endTime,
            ...(this.filterPattern ? { filterPattern: this.filterPattern } : {}),
            ...(nextToken ? { nextToken } : {}),
          }), { abortSignal: signal });
          for (const e of out.events ?? []) {
            if (e.timestamp === undefined) continue;
            found.push({ eventId: e.eventId ?? `gap:${g.name}:${e.logStreamName}:${e.timestamp}:${found.length}`, logGroup: g.name, ...(e.logStreamName ? { logStream: e.logStreamName } : {}), timestamp: e.timestamp, message: e.message ?? '' });
          }
          nextToken = out.nextToken || undefined;
          if (!nextToken) break;
        }
      }
    } catch (e) {
      this.lastError = e;
      return []; // no FilterLogEvents permission, or the endpoint is gone: the gap stays a gap
    }
    this.lastError = undefined;
    found.sort((a, b) => a.timestamp - b.timestamp);
    const fresh = found.filter((e) => !(e.timestamp === startTime && seenAtStart.take(keyOf(e))));
    this.backfilled.clear();
    for (const e of fresh) this.backfilled.add(keyOf(e));
    // What the backfill delivered is what the new session may repeat, whatever its timestamps (a server
    // may return events stamped after endTime, e.g. within the same millisecond or with a producer's clock).
    this.backfillEnd = Math.max(endTime, ...fresh.map((e) => e.timestamp));
    this.remember(fresh);
    return fresh;
  }

  private remember(events: LogEvent[]): void {
    for (const e of events) {
      if (this.newest === undefined || e.timestamp > this.newest) {
        this.newest = e.timestamp;
        this.atNewest.clear();
      }
      if (e.timestamp === this.newest) this.atNewest.add(keyOf(e));
    }
  }
}
