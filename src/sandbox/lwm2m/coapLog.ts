// The sandbox-only log group `/sandbox/coiote-dm/coap`: one event per CoAP exchange of the LwM2M server —
// direction, method, path, response code, content format, sizes, round-trip time — and one per problem with what
// the network sent (malformed or oversized messages, floods, answers nobody asked for), each logged once: the
// first of a kind from an address, then at most once a minute with how many more there were. Device-provided
// text (endpoint names, paths) is shown inert and cut short. Stored in the sandbox's LogStore, so it is streamable
// (live tail, FilterLogEvents) like the integration's own log groups.
import type { LogStore } from '../logStore';

export const COAP_LOG_GROUP = '/sandbox/coiote-dm/coap';

/** Problems of one kind from one address are logged at most once per window. */
const INCIDENT_WINDOW_MS = 60_000;
/** Distinct (kind, address) pairs remembered; past it the oldest are forgotten. */
const MAX_INCIDENT_KEYS = 2_000;
const MAX_TEXT = 120;

export interface Exchange {
  /** `in`: the device asked (Register, Update, Send…); `out`: the server asked (Read, Write…); `notify`: an observation's notification. */
  direction: 'in' | 'out' | 'notify';
  peer: string;
  method?: string;
  path: string;
  /** Response code, e.g. `2.05`, or `timeout`. */
  code: string;
  /** Content format of the request (in) or the answer (out, notify). */
  format?: number;
  accept?: number;
  requestBytes?: number;
  responseBytes?: number;
  ms?: number;
  /** Why, in a few words (e.g. "registered as thing X", "no thing: …"). */
  note?: string;
}

export class CoapLog {
  private readonly incidents = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logs: LogStore,
    private readonly now: () => number = Date.now,
  ) {
    logs.ensureGroup(COAP_LOG_GROUP);
  }

  exchange(e: Exchange): void {
    const arrow = e.direction === 'in' ? `${e.peer} → server` : e.direction === 'out' ? `server → ${e.peer}` : `${e.peer} → server (notify)`;
    const parts = [`${arrow} ${e.method ?? ''} ${inert(e.path)}`.replace(/ {2,}/g, ' ').trim(), e.code];
    if (e.accept !== undefined) parts.push(`Accept ${e.accept}`);
    if (e.format !== undefined) parts.push(`ct ${e.format}`);
    const sizes = [e.requestBytes, e.responseBytes].map((b) => (b === undefined ? '-' : `${b} B`));
    parts.push(`${sizes[0]} / ${sizes[1]}`);
    if (e.ms !== undefined) parts.push(`${e.ms.toFixed(1)} ms`);
    if (e.note) parts.push(e.note);
    this.write(parts.join(' · '));
  }

  /** A line of its own (a registration's fate, a shadow refused). */
  note(text: string): void {
    this.write(text);
  }

  /** Hostile or broken input: logged once per kind and address per minute, with the count of the ones in between. */
  incident(kind: string, address: string, detail: string): void {
    const key = `${kind}|${address}`;
    const now = this.now();
    const seen = this.incidents.get(key);
    if (seen && now - seen.at < INCIDENT_WINDOW_MS) {
      seen.suppressed++;
      return;
    }
    if (!seen && this.incidents.size >= MAX_INCIDENT_KEYS) this.incidents.delete(this.incidents.keys().next().value as string);
    const more = seen?.suppressed ? ` (${seen.suppressed} more like it in the last minute)` : '';
    this.incidents.delete(key);
    this.incidents.set(key, { at: now, suppressed: 0 });
    this.write(`refused from ${address}: ${kind}: ${detail}${more}`);
  }

  private write(message: string): void {
    const at = this.now();
    const stream = this.logs.ensureStream(COAP_LOG_GROUP, new Date(at).toISOString().slice(0, 10), at);
    this.logs.put(COAP_LOG_GROUP, stream.name, [{ timestamp: at, message }]);
  }
}

/** Device text as a log shows it: control and bidi characters escaped, at most MAX_TEXT characters. */
export function inert(text: string): string {
  const cut = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
