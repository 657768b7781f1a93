// CloudWatch Logs (awsJson1_1, `X-Amz-Target: Logs_20140328.<Operation>`): the calls the extension
// makes and the ones its tests use to write logs.
import { ApiError } from './apiError';
import { compileFilterPattern } from './filterPattern';
import type { LiveTail } from './liveTail';
import type { LogGroup, LogStore, StoredEvent } from './logStore';
import { decodePageToken, encodePageToken } from './pageToken';
import { json, parseJsonBody, type ApiRequest, type ApiResponse } from './router';
import type { TargetHandler } from './server';

export const LOGS_TARGET_PREFIX = 'Logs_20140328';
const JSON11 = 'application/x-amz-json-1.1';

const invalidParameter = (message: string) => new ApiError(400, 'InvalidParameterException', message);
const reply = (body: unknown): ApiResponse => json(body, 200, JSON11);

type Body = Record<string, unknown>;

const str = (b: Body, k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
const num = (b: Body, k: string): number | undefined => (typeof b[k] === 'number' ? (b[k] as number) : undefined);
const strings = (b: Body, k: string): string[] | undefined => (Array.isArray(b[k]) ? (b[k] as unknown[]).filter((x): x is string => typeof x === 'string') : undefined);

function limit(b: Body, max: number, def = max): number {
  const l = num(b, 'limit');
  if (l === undefined) return def;
  if (!Number.isInteger(l) || l < 1 || l > max) throw invalidParameter(`1 validation error detected: Value '${l}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  return l;
}

export function logsHandler(store: LogStore, liveTail: LiveTail): TargetHandler {
  const groupOf = (b: Body): LogGroup => {
    const name = str(b, 'logGroupName');
    const id = str(b, 'logGroupIdentifier');
    if (name && id) throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    if (!name && !id) throw invalidParameter('Either logGroupName or logGroupIdentifier must be specified.');
    return store.group((name ?? id)!);
  };

  const ops: Record<string, (b: Body, req: ApiRequest) => ApiResponse> = {
    CreateLogGroup: (b) => {
      const name = str(b, 'logGroupName');
      if (!name) throw invalidParameter('logGroupName is required');
      store.createGroupFromApi(name);
      return reply({});
    },
    CreateLogStream: (b) => {
      const group = str(b, 'logGroupName');
      const name = str(b, 'logStreamName');
      if (!group || !name) throw invalidParameter('logGroupName and logStreamName are required');
      store.createStreamFromApi(group, name);
      return reply({});
    },
    PutLogEvents: (b) => {
      const group = str(b, 'logGroupName') ?? str(b, 'logGroupIdentifier');
      const name = str(b, 'logStreamName');
      if (!group || !name) throw invalidParameter('logGroupName and logStreamName are required');
      const raw = Array.isArray(b.logEvents) ? (b.logEvents as unknown[]) : [];
      const now = Date.now();
      const g = store.group(group);
      const oldest = now - (g.retentionInDays ?? 14) * 86400000;
      const events: { timestamp: number; message: string }[] = [];
      const rejected: Record<string, number> = {};
      raw.forEach((x, i) => {
        const e = typeof x === 'object' && x !== null ? (x as { timestamp?: unknown; message?: unknown }) : undefined;
        if (!e) throw invalidParameter(`1 validation error detected: Value null at 'logEvents.${i + 1}.member' failed to satisfy constraint: Member must not be null`);
        if (typeof e.timestamp !== 'number' || typeof e.message !== 'string') throw invalidParameter('Each log event needs a timestamp and a message.');
        if (e.timestamp < oldest) rejected.tooOldLogEventEndIndex = i + 1;
        else if (e.timestamp > now + 2 * 3600000) rejected.tooNewLogEventStartIndex ??= i;
        else events.push({ timestamp: e.timestamp, message: e.message });
      });
      if (raw.length === 0) throw invalidParameter("1 validation error detected: Value null at 'logEvents' failed to satisfy constraint: Member must not be null");
      if (events.length) store.put(group, name, events, now);
      else store.stream(group, name);
      const out: Body = { nextSequenceToken: String(now).padStart(56, '0') };
      if (Object.keys(rejected).length) out.rejectedLogEventsInfo = rejected;
      return reply(out);
    },
    DescribeLogGroups: (b) => {
      const prefix = str(b, 'logGroupNamePrefix');
      const pattern = str(b, 'logGroupNamePattern');
      if (prefix && pattern) throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
      const ids = strings(b, 'logGroupIdentifiers');
      const size = limit(b, 50);
      const scope = `groups:${prefix ?? ''}:${pattern ?? ''}`;
      const all = store
        .allGroups()
        .filter((g) => (!prefix || g.name.startsWith(prefix)) && (!pattern || g.name.toLowerCase().includes(pattern.toLowerCase())))
        .filter((g) => !ids || ids.some((id) => id === g.name || id.replace(/:\*$/, '') === store.groupArn(g.name)));
      const start = decodePageToken(str(b, 'nextToken'), scope, 'InvalidParameterException');
      const page = all.slice(start, start + size);
      return reply({
        logGroups: page.map((g) => ({
          logGroupName: g.name,
          creationTime: g.creationTime,
          retentionInDays: g.retentionInDays,
          metricFilterCount: 0,
          arn: `${store.groupArn(g.name)}:*`,
          storedBytes: [...g.streams.values()].reduce((s, x) => s + x.storedBytes, 0),
          logGroupClass: 'STANDARD',
          logGroupArn: store.groupArn(g.name),
        })),
        nextToken: start + size < all.length ? encodePageToken(start + size, scope) : undefined,
      });
    },
    DescribeLogStreams: (b) => {
      const g = groupOf(b);
      const prefix = str(b, 'logStreamNamePrefix');
      const orderBy = str(b, 'orderBy') ?? 'LogStreamName';
      if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') throw invalidParameter(`Invalid orderBy ${orderBy}`);
      if (prefix && orderBy === 'LastEventTime') throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
      const size = limit(b, 50);
      const desc = b.descending === true;
      const last = (s: { events: StoredEvent[] }) => s.events.at(-1)?.timestamp ?? 0;
      const all = [...g.streams.values()]
        .filter((s) => !prefix || s.name.startsWith(prefix))
        .sort((a, c) => (orderBy === 'LastEventTime' ? last(a) - last(c) : a.name < c.name ? -1 : a.name > c.name ? 1 : 0));
      if (desc) all.reverse();
      const scope = `streams:${g.name}:${prefix ?? ''}:${orderBy}:${desc}`;
      const start = decodePageToken(str(b, 'nextToken'), scope, 'InvalidParameterException');
      const page = all.slice(start, start + size);
      return reply({
        logStreams: page.map((s) => ({
          logStreamName: s.name,
          creationTime: s.creationTime,
          firstEventTimestamp: s.events[0]?.timestamp,
          lastEventTimestamp: s.events.at(-1)?.timestamp,
          lastIngestionTime: s.events.reduce<number | undefined>((m, e) => Math.max(m ?? 0, e.ingestionTime), undefined),
          uploadSequenceToken: String(s.events.length).padStart(56, '0'),
          arn: `${store.groupArn(g.name)}:log-stream:${s.name}`,
          storedBytes: 0,
        })),
        nextToken: start + size < all.length ? encodePageToken(start + size, scope) : undefined,
      });
    },
    FilterLogEvents: (b) => {
      const g = groupOf(b);
      const names = strings(b, 'logStreamNames');
      const prefix = str(b, 'logStreamNamePrefix');
      if (names && prefix) throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
      const start = num(b, 'startTime') ?? 0;
      const end = num(b, 'endTime') ?? Number.MAX_SAFE_INTEGER;
      const size = limit(b, 10000);
      const match = compileFilterPattern(str(b, 'filterPattern'));
      const streams = [...g.streams.values()].filter((s) => (!names || names.includes(s.name)) && (!prefix || s.name.startsWith(prefix)));
      const after = decodeEventPosition(str(b, 'nextToken'));
      // Interleaved across streams by time (then event ID, which orders arrival), as CloudWatch returns them.
      const candidates: { stream: string; e: StoredEvent }[] = [];
      for (const s of streams) {
        for (const e of s.events) {
          if (e.timestamp < start || e.timestamp > end) continue;
          if (after && (e.timestamp < after.t || (e.timestamp === after.t && e.eventId <= after.id))) continue;
          if (match(e.message)) candidates.push({ stream: s.name, e });
        }
      }
      candidates.sort((x, y) => x.e.timestamp - y.e.timestamp || (x.e.eventId < y.e.eventId ? -1 : 1));
      const page = candidates.slice(0, size);
      const lastOne = page.at(-1);
      return reply({
        events: page.map(({ stream, e }) => ({ logStreamName: stream, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: e.eventId })),
        searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
        nextToken: candidates.length > size && lastOne ? encodeEventPosition(lastOne.e) : undefined,
      });
    },
    GetLogEvents: (b) => {
      const g = groupOf(b);
      const name = str(b, 'logStreamName');
      if (!name) throw invalidParameter('logStreamName is required');
      const s = g.streams.get(name);
      if (!s) throw new ApiError(400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
      const startTime = num(b, 'startTime') ?? 0;
      const endTime = num(b, 'endTime') ?? Number.MAX_SAFE_INTEGER;
      const list = s.events.filter((e) => e.timestamp >= startTime && e.timestamp < endTime);
      const size = limit(b, 10000);
      const token = str(b, 'nextToken');
      let from: number;
      let to: number;
      const parsed = token ? /^([fb])\/(\d+)\/s$/.exec(token) : null;
      if (token && !parsed) throw invalidParameter('The specified nextToken is invalid.');
      if (parsed?.[1] === 'f' || (!parsed && b.startFromHead === true)) {
        from = Math.min(Number(parsed?.[2] ?? 0), list.length);
        to = Math.min(from + size, list.length);
      } else {
        to = Math.min(Number(parsed?.[2] ?? list.length), list.length);
        from = Math.max(0, to - size);
      }
      const tok = (d: string, n: number) => `${d}/${String(n).padStart(56, '0')}/s`;
      return reply({
        events: list.slice(from, to).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
        nextForwardToken: tok('f', to),
        nextBackwardToken: tok('b', from),
      });
    },
  };

  return (operation, req) => {
    if (operation === 'StartLiveTail') return liveTail.start(parseJsonBody(req), req.requestId);
    const op = Object.hasOwn(ops, operation) ? ops[operation] : undefined;
    if (!op) throw new ApiError(400, 'UnknownOperationException', `Unknown operation ${LOGS_TARGET_PREFIX}.${operation}`);
    return op(parseJsonBody(req), req);
  };
}

function encodeEventPosition(e: StoredEvent): string {
  return Buffer.from(JSON.stringify({ t: e.timestamp, id: e.eventId })).toString('base64url');
}

function decodeEventPosition(token: string | undefined): { t: number; id: string } | undefined {
  if (!token) return undefined;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    if (typeof v.t === 'number' && typeof v.id === 'string') return { t: v.t, id: v.id };
  } catch {
    // fall through
  }
  throw invalidParameter('The specified nextToken is invalid.');
}
