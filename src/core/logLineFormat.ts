// Plain-text lines for the "LwM2M Shadows: CloudWatch" output channel: one line per log event,
// `HH:MM:SS.mmm <group short name> [stream tail] message`, continuation lines of a multi-line message
// indented under the message. Pure: no vscode, no AWS SDK.

export interface LogLineEvent {
  logGroup: string;
  logStream?: string;
  timestamp: number;
  message: string;
}

export interface LogLineOptions {
  /** `local` (default) shows the machine's time of day; `utc` is for tests and shared logs. */
  timeZone?: 'local' | 'utc';
}

/** Characters kept of a log stream's name: enough to tell Lambda instances apart. */
export const STREAM_TAIL_LENGTH = 6;

/** `/aws/lambda/Lwm2mOperation` → `Lwm2mOperation`; an ARN gives its group name first. */
export function logGroupShortName(group: string): string {
  const name = group.replace(/^arn:.*?:log-group:/, '').replace(/:\*$/, '');
  const last = name.split('/').filter(Boolean).pop();
  return last ?? name;
}

/** The last characters of a log stream name (Lambda's are `2026/11/25/[$LATEST]<32 hex>`). */
export function streamTail(stream: string | undefined): string | undefined {
  if (!stream) return undefined;
  return stream.length > STREAM_TAIL_LENGTH ? stream.slice(-STREAM_TAIL_LENGTH) : stream;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `HH:MM:SS.mmm` of an epoch-ms timestamp. */
export function timeOfDay(timestamp: number, timeZone: 'local' | 'utc' = 'local'): string {
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) return '??:??:??.???';
  const [h, m, s, ms] = timeZone === 'utc'
    ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
    : [d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms, 3)}`;
}

/** The lines of one event (more than one when the message has line breaks). */
export function formatLogEvent(e: LogLineEvent, options: LogLineOptions = {}): string[] {
  const tail = streamTail(e.logStream);
  const prefix = `${timeOfDay(e.timestamp, options.timeZone)} ${logGroupShortName(e.logGroup)}${tail ? ` [${tail}]` : ''} `;
  // Lambda messages end with a line break; tabs inside (START/END/REPORT) stay as they are.
  const lines = e.message.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const indent = ' '.repeat(prefix.length);
  return lines.map((line, i) => (i === 0 ? prefix : indent) + line);
}

/** The text appended for a batch: every event's lines, each ending in a line break. */
export function formatLogBatch(events: readonly LogLineEvent[], options: LogLineOptions = {}): string {
  let text = '';
  for (const e of events) for (const line of formatLogEvent(e, options)) text += line + '\n';
  return text;
}
