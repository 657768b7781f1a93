// StartLiveTail: an event stream that opens with `sessionStart` and then sends a `sessionUpdate`
// every second (empty ones too) with the new events of up to 10 log groups, at most 500 per update
// (sampled past that), until the client goes away, the 3-hour session limit, or the sandbox stops.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ApiError } from './apiError';
import type { SimClock } from './clock';
import { EVENT_STREAM_CONTENT_TYPE, eventFrame, exceptionFrame } from './eventStream';
import { compileFilterPattern } from './filterPattern';
import type { LogStore } from './logStore';
import type { ApiResponse } from './router';

const UPDATE_MS = 1000;
const MAX_PER_UPDATE = 500;
const SESSION_MS = 3 * 3600 * 1000;

const invalidParameter = (message: string) => new ApiError(400, 'InvalidParameterException', message);

interface TailEvent {
  logStreamName: string;
  logGroupIdentifier: string;
  message: string;
  timestamp: number;
  ingestionTime: number;
}

export class LiveTail {
  private readonly sessions = new Set<() => void>();

  constructor(
    private readonly store: LogStore,
    private readonly clock: SimClock,
  ) {}

  get activeSessions(): number {
    return this.sessions.size;
  }

  start(b: Record<string, unknown>, requestId: string): ApiResponse {
    const ids = Array.isArray(b.logGroupIdentifiers) ? (b.logGroupIdentifiers as unknown[]).filter((x): x is string => typeof x === 'string') : [];
    if (!ids.length) throw invalidParameter("1 validation error detected: Value null at 'logGroupIdentifiers' failed to satisfy constraint: Member must not be null");
    if (ids.length > 10) throw invalidParameter('You can include up to 10 log groups in a live tail session.');
    for (const id of ids) {
      if (!id.startsWith('arn:')) throw invalidParameter(`Log group identifier ${id} must be a log group ARN.`);
      if (id.endsWith('*')) throw invalidParameter(`Log group ARN ${id} must not end with an asterisk (*).`);
    }
    const names = stringList(b, 'logStreamNames');
    const prefixes = stringList(b, 'logStreamNamePrefixes');
    if (names && prefixes) throw invalidParameter('logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.');
    if ((names || prefixes) && ids.length !== 1) throw invalidParameter('logStreamNames and logStreamNamePrefixes can only be used with exactly one log group.');
    const groups = new Map(ids.map((id) => [this.store.group(id).name, id]));
    const pattern = typeof b.logEventFilterPattern === 'string' ? b.logEventFilterPattern : undefined;
    const match = compileFilterPattern(pattern);
    const sessionStart = { requestId, sessionId: randomUUID(), logGroupIdentifiers: ids, logStreamNames: names, logStreamNamePrefixes: prefixes, logEventFilterPattern: pattern };

    return {
      status: 200,
      headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE },
      stream: (res: ServerResponse) => this.run(res, sessionStart, (groupName, streamName, message) => {
        const id = groups.get(groupName);
        if (!id) return undefined;
        if (names && !names.includes(streamName)) return undefined;
        if (prefixes && !prefixes.some((p) => streamName.startsWith(p))) return undefined;
        return match(message) ? id : undefined;
      }),
    };
  }

  private run(res: ServerResponse, sessionStart: Record<string, unknown>, accept: (group: string, stream: string, message: string) => string | undefined): void {
    let pending: TailEvent[] = [];
    let overflowed = false;
    const write = (frame: Uint8Array) => {
      if (!res.writableEnded && !res.destroyed) res.write(frame);
    };
    const unsubscribe = this.store.onEvents((group, stream, events) => {
      for (const e of events) {
        const id = accept(group.name, stream.name, e.message);
        if (id && pending.length >= LiveTail.MAX_PENDING) overflowed = true;
        else if (id) pending.push({ logStreamName: stream.name, logGroupIdentifier: id, message: e.message, timestamp: e.timestamp, ingestionTime: e.ingestionTime });
      }
    });
    const flush = () => {
      let results = pending;
      pending = [];
      let sampled = overflowed;
      overflowed = false;
      if (results.length > MAX_PER_UPDATE) {
        const step = results.length / MAX_PER_UPDATE;
        results = Array.from({ length: MAX_PER_UPDATE }, (_, i) => results[Math.floor(i * step)]);
        sampled = true;
      }
      write(eventFrame('sessionUpdate', { sessionMetadata: { sampled }, sessionResults: results }));
    };
    const stopTimer = this.clock.every(UPDATE_MS, flush);
    const cancelTimeout = this.clock.after(SESSION_MS, () => {
      write(exceptionFrame('SessionTimeoutException', 'Live Tail session has ended as the maximum duration of 3 hours has been reached.'));
      end();
    });
    const end = () => {
      if (!this.sessions.delete(end)) return;
      unsubscribe();
      stopTimer();
      cancelTimeout();
      if (!res.writableEnded) res.end();
    };
    this.sessions.add(end);
    res.on('close', end);
    write(eventFrame('sessionStart', sessionStart));
  }

  /** Events waiting for the next update beyond this are dropped (the update says `sampled`). */
  static readonly MAX_PENDING = 10_000;

  stopAll(): void {
    for (const end of [...this.sessions]) end();
  }
}

function stringList(b: Record<string, unknown>, name: string): string[] | undefined {
  const v = b[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalidParameter(`1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must be a list of strings`);
  return v as string[];
}
