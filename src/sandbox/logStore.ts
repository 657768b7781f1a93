// CloudWatch Logs storage: log groups, log streams and their events, with the rules PutLogEvents
// enforces. Listeners (live tail) hear every accepted batch.
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

export type LogListener = (group: LogGroup, stream: LogStream, events: StoredEvent[]) => void;

const GROUP_NAME = /^[\w#\-./]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

const notFound = (what: string) => new ApiError(400, 'ResourceNotFoundException', `The specified ${what} does not exist.`);
const invalidParameter = (message: string) => new ApiError(400, 'InvalidParameterException', message);

export class LogStore {
  private readonly groups = new Map<string, LogGroup>();
  private readonly listeners = new Set<LogListener>();
  /** Groups whose past events are written only when someone first looks at the group. */
  private readonly fillers = new Map<string, () => void>();
  private seq = 0;

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
    for (const e of stored) {
      // Keep the stream sorted by time, as CloudWatch returns it.
      let i = s.events.length;
      while (i > 0 && s.events[i - 1].timestamp > e.timestamp) i--;
      s.events.splice(i, 0, e);
      s.storedBytes += Buffer.byteLength(e.message) + 26;
    }
    for (const l of this.listeners) l(g, s, stored);
    return stored;
  }

  /** A 56-digit event ID, ordered by time then arrival, like CloudWatch's. */
  private eventId(timestamp: number): string {
    return String(timestamp).padStart(20, '0') + String(++this.seq).padStart(36, '0');
  }
}
