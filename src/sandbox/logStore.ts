// CloudWatch Logs storage: log groups, log streams and their events, with the rules PutLogEvents
// enforces. Listeners (live tail) hear every accepted batch. Unlike CloudWatch it keeps a bounded amount:
// past MAX_STORED_EVENTS events or MAX_STORED_BYTES bytes the earliest stored are dropped, so a sandbox
// left running (or flooded) for days stays the same size; groups and streams created through the API are
// capped too.
import { ApiError } from './apiError';
import { SANDBOX_ACCOUNT } from './thingRegistry';

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export interface LogStream {
  name: string;
  creationTime: number;
  events: StoredEvent[];
  storedBytes: number;
}

export interface LogGroup {
  name: string;
  creationTime: number;
  retentionInDays?: number;
  streams: Map<string, LogStream>;
}

/** Events kept across all groups; the earliest stored go first (down to 90%) when either cap is passed. */
export const MAX_STORED_EVENTS = 200_000;
export const MAX_STORED_BYTES = 64 * 1024 * 1024;
/** Groups and streams the API may create (the simulated integration's own are not counted against it). */
export const MAX_API_GROUPS = 1_000;
export const MAX_API_STREAMS = 10_000;

export type LogListener = (group: LogGroup, stream: LogStream, events: StoredEvent[]) => void;

const GROUP_NAME = /^[\w#\-./]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

const notFound = (what: string) => new ApiError(400, 'ResourceNotFoundException', `The specified ${what} does not exist.`);
const invalidParameter = (message: string) => new ApiError(400, 'InvalidParameterException', message);
const limitExceeded = (message: string) => new ApiError(400, 'LimitExceededException', message);

export class LogStore {
  private readonly groups = new Map<string, LogGroup>();
  private readonly listeners = new Set<LogListener>();
  /** Groups whose past events are written only when someone first looks at the group. */
  private readonly fillers = new Map<string, () => void>();
  private seq = 0;
  /** Every stored event in arrival order (from `head`), for dropping the earliest past the caps. */
  private arrivals: { stream: LogStream; event: StoredEvent; bytes: number }[] = [];
  private head = 0;
  private bytes = 0;
  private apiGroups = 0;
  private apiStreams = 0;

  constructor(readonly region: string) {}

  groupArn(name: string): string {
    return `arn:aws:logs:${this.region}:${SANDBOX_ACCOUNT}:log-group:${name}`;
  }

  onEvents(l: LogListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  createGroup(name: string, creationTime = Date.now(), retentionInDays?: number): LogGroup {
    if (!GROUP_NAME.test(name)) throw invalidParameter(`1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`);
    if (this.groups.has(name)) throw new ApiError(400, 'ResourceAlreadyExistsException', 'The specified log group already exists');
    const g: LogGroup = { name, creationTime, retentionInDays, streams: new Map() };
    this.groups.set(name, g);
    return g;
  }

  ensureGroup(name: string, creationTime?: number, retentionInDays?: number): LogGroup {
    return this.groups.get(name) ?? this.createGroup(name, creationTime, retentionInDays);
  }

  /** Writes a group's past events on first access (seeding thousands of devices' lines costs nothing at startup). */
  defer(groupName: string, fill: () => void): void {
    this.fillers.set(groupName, fill);
  }

  private filled(name: string): void {
    const fill = this.fillers.get(name);
    if (!fill) return;
    this.fillers.delete(name);
    fill();
  }

  /** A group by name or ARN (`logGroupIdentifier` accepts both). */
  group(nameOrArn: string): LogGroup {
    const name = nameOrArn.startsWith('arn:') ? nameOrArn.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '') : nameOrArn;
    this.filled(name);
    const g = this.groups.get(name);
    if (!g) throw notFound('log group');
    return g;
  }

  hasGroup(name: string): boolean {
    return this.groups.has(name);
  }

  allGroups(): LogGroup[] {
    for (const name of [...this.fillers.keys()]) this.filled(name);
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  createStream(groupName: string, name: string, creationTime = Date.now()): LogStream {
    const g = this.group(groupName);
    if (!STREAM_NAME.test(name)) throw invalidParameter(`1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`);
    if (g.streams.has(name)) throw new ApiError(400, 'ResourceAlreadyExistsException', 'The specified log stream already exists');
    const s: LogStream = { name, creationTime, events: [], storedBytes: 0 };
    g.streams.set(name, s);
    return s;
  }

  ensureStream(groupName: string, name: string, creationTime?: number): LogStream {
    return this.group(groupName).streams.get(name) ?? this.createStream(groupName, name, creationTime);
  }

  stream(groupName: string, name: string): LogStream {
    const s = this.group(groupName).streams.get(name);
    if (!s) throw notFound('log stream');
    return s;
  }

  /** PutLogEvents: chronological batches of at most 10,000 events, each message at most 1 MB minus 26 bytes. */
  put(groupName: string, streamName: string, events: { timestamp: number; message: string }[], ingestionTime = Date.now()): StoredEvent[] {
    const g = this.group(groupName);
    const s = g.streams.get(streamName);
    if (!s) throw notFound('log stream');
    if (!events.length) throw invalidParameter('1 validation error detected: Value null at \'logEvents\' failed to satisfy constraint: Member must not be null');
    if (events.length > 10000) throw invalidParameter('Maximum number of log events per batch is 10000');
    for (let i = 1; i < events.length; i++) {
      if (events[i].timestamp < events[i - 1].timestamp) throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
    }
    const stored = events.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime, eventId: this.eventId(e.timestamp) }));
    // Keep the stream sorted by time, as CloudWatch returns it (one merge, however old the batch).
    s.events = mergeByTime(s.events, stored);
    for (const e of stored) {
      const bytes = Buffer.byteLength(e.message) + 26;
      s.storedBytes += bytes;
      this.bytes += bytes;
      this.arrivals.push({ stream: s, event: e, bytes });
    }
    if (this.storedEvents > MAX_STORED_EVENTS || this.bytes > MAX_STORED_BYTES) this.dropEarliest();
    for (const l of this.listeners) l(g, s, stored);
    return stored;
  }

  /** Events kept right now, across all groups. */
  get storedEvents(): number {
    return this.arrivals.length - this.head;
  }

  /** CreateLogGroup / CreateLogStream through the API, within the sandbox's caps. */
  createGroupFromApi(name: string): LogGroup {
    if (this.apiGroups >= MAX_API_GROUPS) throw limitExceeded(`The sandbox keeps at most ${MAX_API_GROUPS} log groups created through the API`);
    const g = this.createGroup(name);
    this.apiGroups++;
    return g;
  }

  createStreamFromApi(groupName: string, name: string): LogStream {
    if (this.apiStreams >= MAX_API_STREAMS) throw limitExceeded(`The sandbox keeps at most ${MAX_API_STREAMS} log streams created through the API`);
    const s = this.createStream(groupName, name);
    this.apiStreams++;
    return s;
  }

  /** Drops the earliest stored events until both caps are 90% full again. */
  private dropEarliest(): void {
    const byStream = new Map<LogStream, Set<StoredEvent>>();
    while (this.head < this.arrivals.length && (this.storedEvents > MAX_STORED_EVENTS * 0.9 || this.bytes > MAX_STORED_BYTES * 0.9)) {
      const a = this.arrivals[this.head++];
      this.bytes -= a.bytes;
      a.stream.storedBytes -= a.bytes;
      let set = byStream.get(a.stream);
      if (!set) byStream.set(a.stream, (set = new Set()));
      set.add(a.event);
    }
    for (const [stream, gone] of byStream) stream.events = stream.events.filter((e) => !gone.has(e));
    this.arrivals = this.arrivals.slice(this.head);
    this.head = 0;
  }

  /** A 56-digit event ID, ordered by time then arrival, like CloudWatch's. */
  private eventId(timestamp: number): string {
    return String(timestamp).padStart(20, '0') + String(++this.seq).padStart(36, '0');
  }
}

/** The events of two time-sorted lists in one time-sorted list; on equal times the earlier list's first. */
function mergeByTime(a: StoredEvent[], b: StoredEvent[]): StoredEvent[] {
  if (!a.length || a[a.length - 1].timestamp <= b[0].timestamp) {
    for (const e of b) a.push(e);
    return a;
  }
  const out: StoredEvent[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i].timestamp <= b[j].timestamp ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
