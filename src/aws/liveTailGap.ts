// Filling the gap a live tail restart leaves: live tail only shows events that arrive while a session is
// open, so after a session ends or the connection drops, the events written in between are read once
// with FilterLogEvents (from the newest event delivered to the moment the new session started).
// Live tail events carry no event id, so duplicates are recognised by group, stream, timestamp and message.
// FilterLogEvents reads oldest first: when a group has more pages than a read may take, it is read again
// newest first, in windows back from the end, so the lines dropped are the oldest ones, and the caller is told.
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LiveTailGroup } from './liveTail';
import type { LogEvent } from './types';

/** FilterLogEvents pages one read of a group may take (twice when it is read again newest first). */
export const MAX_GAP_PAGES = 20;
/** The newest-first read's first window; each one further back is twice as long. */
const NEWEST_WINDOW_MS = 60_000;
/** How late an event may reach CloudWatch after its timestamp (ingestion, a producer's clock), and how long
 * after a backfill a new session may still deliver an event it read: its de-dup keys are kept that long. */
export const DEDUP_SKEW_MS = 120_000;

/** Lines of a group a backfill did not show: more pages than it may read between `from` and `to`. */
export interface GapOmission {
  logGroup: string;
  /** Epoch ms: the start asked for. */
  from: number;
  /** Epoch ms: lines from here on were shown. */
  to: number;
  /** The pages a read may take. */
  pages: number;
}

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
  /** Events delivered stamped after the moment they arrived (a producer's clock ahead): a backfill from
   * `newest`, which never goes past now, may read them again. Key → timestamp. */
  private readonly ahead = new Map<string, number>();
  /** Events the last backfill delivered stamped near or after the session opened: it may deliver them again. */
  private readonly backfilled = new KeyCounts();
  private backfillEnd = 0;
  /** Epoch ms: after this the new session repeats nothing the backfill read (its keys are dropped). */
  private dedupUntil = 0;
  /** Why the last backfill read nothing (no FilterLogEvents permission, endpoint gone), if it failed. */
  lastError: unknown;
  /** Lines the last backfill did not show (too many pages), one per group cut short. */
  omitted: GapOmission[] = [];

  constructor(
    private readonly logs: CloudWatchLogsClient,
    private readonly groups: LiveTailGroup[],
    private readonly filterPattern?: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keys kept to drop the new session's repeats (tests). */
  get dedupKeys(): number {
    return this.backfilled.size;
  }

  /** The first session started: nothing before `at` was promised. */
  started(at: number): void {
    this.startedAt ??= at;
  }

  /** Drops what a backfill already delivered, and remembers what is delivered now. */
  deliver(events: LogEvent[]): LogEvent[] {
    if (this.backfilled.size && this.now() > this.dedupUntil) this.backfilled.clear();
    const out = this.backfilled.size ? events.filter((e) => !(e.timestamp <= this.backfillEnd && this.backfilled.take(keyOf(e)))) : events;
    this.remember(out);
    return out;
  }

  /** Reads what was written since the newest event delivered, up to now; never throws. */
  async backfill(signal: AbortSignal): Promise<LogEvent[]> {
    const startTime = this.newest ?? this.startedAt;
    if (startTime === undefined) return [];
    const endTime = this.now();
    const seenAtStart = this.atNewest;
    const found: LogEvent[] = [];
    const omitted: GapOmission[] = [];
    try {
      for (const g of this.groups) {
        const all = await this.read(g, startTime, endTime, MAX_GAP_PAGES, signal);
        if (all.complete) {
          found.push(...all.events);
          continue;
        }
        const newest = await this.readNewestFirst(g, startTime, endTime, signal);
        found.push(...newest.events);
        if (newest.from > startTime) omitted.push({ logGroup: g.name, from: startTime, to: newest.from, pages: MAX_GAP_PAGES });
      }
    } catch (e) {
      this.lastError = e;
      this.omitted = [];
      return []; // no FilterLogEvents permission, or the endpoint is gone: the gap stays a gap
    }
    this.lastError = undefined;
    this.omitted = omitted;
    found.sort((a, b) => a.timestamp - b.timestamp);
    const fresh = found.filter((e) => !(e.timestamp === startTime && seenAtStart.take(keyOf(e))) && !this.ahead.delete(keyOf(e)));
    // The new session delivers only events that reach CloudWatch after it opened (just before endTime):
    // of what the backfill delivered, only those stamped since then (less the skew) may come again.
    this.backfilled.clear();
    for (const e of fresh) if (e.timestamp >= endTime - DEDUP_SKEW_MS) this.backfilled.add(keyOf(e));
    this.dedupUntil = this.now() + DEDUP_SKEW_MS;
    // What the backfill delivered is what the new session may repeat, whatever its timestamps (a server
    // may return events stamped after endTime, e.g. within the same millisecond or with a producer's clock).
    this.backfillEnd = Math.max(endTime, ...fresh.map((e) => e.timestamp));
    this.remember(fresh);
    return fresh;
  }

  /** One group's events in [startTime, endTime] (both included), at most `pages` pages; `complete` when
   * the last page was read. */
  private async read(g: LiveTailGroup, startTime: number, endTime: number, pages: number, signal: AbortSignal): Promise<{ events: LogEvent[]; complete: boolean; pages: number }> {
    const events: LogEvent[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < pages; page++) {
      const out = await this.logs.send(new FilterLogEventsCommand({
        logGroupIdentifier: g.arn.replace(/:\*$/, ''),
        startTime,
        endTime,
        ...(this.filterPattern ? { filterPattern: this.filterPattern } : {}),
        ...(nextToken ? { nextToken } : {}),
      }), { abortSignal: signal });
      for (const e of out.events ?? []) {
        if (e.timestamp === undefined) continue;
        events.push({ eventId: e.eventId ?? `gap:${g.name}:${e.logStreamName}:${e.timestamp}:${startTime}:${events.length}`, logGroup: g.name, ...(e.logStreamName ? { logStream: e.logStreamName } : {}), timestamp: e.timestamp, message: e.message ?? '' });
      }
      nextToken = out.nextToken || undefined;
      if (!nextToken) return { events, complete: true, pages: page + 1 };
    }
    return { events, complete: false, pages };
  }

  /** Too many pages from `startTime`: reads back from `endTime` in windows (a minute, then each twice as
   * long), keeping only windows read whole; the events are complete from `from` on. */
  private async readNewestFirst(g: LiveTailGroup, startTime: number, endTime: number, signal: AbortSignal): Promise<{ events: LogEvent[]; from: number }> {
    const events: LogEvent[] = [];
    let pagesLeft = MAX_GAP_PAGES;
    let to = endTime;
    for (let width = NEWEST_WINDOW_MS; to >= startTime && pagesLeft > 0; width *= 2) {
      const from = Math.max(startTime, to - width + 1);
      const window = await this.read(g, from, to, pagesLeft, signal);
      if (!window.complete) break; // its newest lines are the ones missing: stop at the windows after it
      events.push(...window.events);
      pagesLeft -= window.pages;
      to = from - 1;
    }
    return { events, from: to + 1 };
  }

  private remember(events: LogEvent[]): void {
    const now = this.now();
    for (const [key, at] of this.ahead) if (at < now - DEDUP_SKEW_MS) this.ahead.delete(key);
    for (const e of events) {
      // One event stamped in the future must not move the gap's start past now: the next backfill would ask
      // for nothing (or for a start after its end) for as long as the stamp is ahead.
      if (e.timestamp > now) this.ahead.set(keyOf(e), e.timestamp);
      const at = Math.min(e.timestamp, now);
      if (this.newest === undefined || at > this.newest) {
        this.newest = at;
        this.atNewest.clear();
      }
      if (e.timestamp === this.newest) this.atNewest.add(keyOf(e));
    }
  }
}
