// The classic (unnamed) shadow's reported connectivity parameters as a summary. The integration's exact
// key names are not documented, so fields are recognised by common spellings, ignoring case and separators.
import { reportedSection } from './datamodelShape';
import { isRecord } from './jsonValue';

export type ConnectivityState = 'online' | 'offline' | 'sleeping' | 'unknown';

export interface ConnectivitySummary {
  state: ConnectivityState;
  /** every field, flattened (`a.b` for nested ones), values as text */
  fields: { name: string; value: string }[];
  lifetime?: number;
  lastUpdate?: Date;
  queueMode?: boolean;
  binding?: string;
  registrationStatus?: string;
  /** why the state was derived */
  reason?: string;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const STATUS = new Set(['registrationstatus', 'registrationstate', 'status', 'state', 'connectionstatus', 'connectionstate', 'registered', 'online', 'connected', 'devicestatus', 'lwm2mstatus']);
const LIFETIME = new Set(['lifetime', 'registeredlifetime', 'registrationlifetime', 'lifetimeseconds', 'lt', 'lwm2mlifetime']);
const LAST = new Set(['lastupdate', 'lastupdated', 'lastlifetimerefresh', 'lastregistrationupdate', 'lastregistrationupdatetime', 'lastseen', 'lastcontact', 'lastcommunication', 'lastregistration', 'lastregistered', 'lastactivity', 'lastupdatetime', 'lastrefresh', 'lastlifetimerefreshtime', 'updatedat', 'lastregisterupdate']);
const QUEUE = new Set(['queuemode', 'queue', 'queuemodeenabled', 'isqueuemode', 'q', 'registeredqueuemode']);
const BINDING = new Set(['binding', 'bindingmode', 'lwm2mbinding', 'registeredmode']);

/** How long a queue-mode device stays awake after an update before it is considered asleep (CoAP MAX_TRANSMIT_WAIT). */
export const QUEUE_AWAKE_SECONDS = 93;

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function flatten(obj: Record<string, unknown>, prefix: string, out: { name: string; value: string; raw: unknown }[]): void {
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (isRecord(v)) flatten(v, name, out);
    else out.push({ name, value: text(v), raw: v });
  }
}

/** Epoch numbers by size: [from, below, ms per unit]. Each band is 2001–2286 in its unit, and years past
 * 2286 (or before 1971) in the units beside it, so microseconds and nanoseconds are scaled only where no
 * other reading is plausible; numbers between the bands are read as before (ms over 1e12, else seconds). */
const EPOCH_BANDS: readonly [number, number, number][] = [
  [1e15, 1e16, 1e-3], // microseconds
  [1e18, 1e19, 1e-6], // nanoseconds
];

/** A date from epoch seconds, milliseconds, microseconds or nanoseconds (number or numeric text) or an
 * ISO/RFC date string; undefined when it is none, or beyond what a Date holds. */
export function parseDate(v: unknown): Date | undefined {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) n = Number(v);
  if (n !== undefined) {
    if (!Number.isFinite(n) || n <= 0) return undefined;
    const band = EPOCH_BANDS.find(([from, below]) => n >= from && n < below);
    const d = new Date(band ? Math.round(n * band[2]) : n > 1e12 ? n : n * 1000);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  if (typeof v === 'string' && v.trim()) {
    // The integration's `lastRegisterUpdate` ("yyyy-MM-dd HH:mm:ss.SSS", no zone) is UTC, not local time.
    const coiote = /^\s*(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*$/.exec(v);
    const t = Date.parse(coiote ? `${coiote[1]}T${coiote[2]}Z` : v);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  return undefined;
}

function parseBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', 'yes', '1', 'on', 'enabled', 'q'].includes(s)) return true;
    if (['false', 'no', '0', 'off', 'disabled', ''].includes(s)) return false;
  }
  return undefined;
}

function parseSeconds(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** 'online' | 'offline' | undefined from a status value. */
function statusState(v: unknown): 'online' | 'offline' | undefined {
  if (typeof v === 'boolean') return v ? 'online' : 'offline';
  const s = norm(text(v));
  if (!s) return undefined;
  if (/^(deregistered|unregistered|notregistered|offline|disconnected|expired|false|0|inactive|lost|timeout|timedout|error|failed)$/.test(s)) return 'offline';
  if (/^(registered|online|connected|active|true|1|ok|up|updated|registrationupdated|alive|awake)$/.test(s)) return 'online';
  if (/sleep|queue|asleep|dormant/.test(s)) return 'online';
  return undefined;
}

/** Reads the classic shadow (whole document, `{reported}` or the reported data). `now` is for tests. */
export function readConnectivity(reported: unknown, now: Date = new Date()): ConnectivitySummary {
  const data = reportedSection(reported);
  const flat: { name: string; value: string; raw: unknown }[] = [];
  if (data) flatten(data, '', flat);
  const summary: ConnectivitySummary = { state: 'unknown', fields: flat.map(({ name, value }) => ({ name, value })) };
  let status: 'online' | 'offline' | undefined;
  let sleepingWord = false;
  for (const f of flat) {
    const leaf = norm(f.name.split('.').pop() ?? f.name);
    if (STATUS.has(leaf) && summary.registrationStatus === undefined) {
      summary.registrationStatus = f.value;
      status = statusState(f.raw);
      sleepingWord = /sleep|asleep|dormant/.test(norm(f.value));
    } else if (LIFETIME.has(leaf) && summary.lifetime === undefined) summary.lifetime = parseSeconds(f.raw);
    else if (LAST.has(leaf)) {
      // Several spellings may be present (last registration, last lifetime refresh): the latest counts.
      const d = parseDate(f.raw);
      if (d && (!summary.lastUpdate || d > summary.lastUpdate)) summary.lastUpdate = d;
    }
    else if (QUEUE.has(leaf) && summary.queueMode === undefined) summary.queueMode = parseBool(f.raw);
    else if (BINDING.has(leaf) && summary.binding === undefined) summary.binding = f.value;
  }
  if (summary.queueMode === undefined && summary.binding && /Q/.test(summary.binding)) summary.queueMode = true;
  const age = summary.lastUpdate ? (now.getTime() - summary.lastUpdate.getTime()) / 1000 : undefined;
  if (status === 'offline') {
    summary.state = 'offline';
    summary.reason = `registration status is "${summary.registrationStatus}"`;
  } else if (age !== undefined && summary.lifetime !== undefined && age > summary.lifetime) {
    summary.state = 'offline';
    summary.reason = `no update for ${Math.round(age)} s, longer than the ${summary.lifetime} s lifetime`;
  } else if (sleepingWord) {
    summary.state = 'sleeping';
    summary.reason = `registration status is "${summary.registrationStatus}"`;
  } else if (status === 'online' || (age !== undefined && summary.lifetime !== undefined)) {
    if (summary.queueMode && age !== undefined && age > QUEUE_AWAKE_SECONDS) {
      summary.state = 'sleeping';
      summary.reason = `queue mode, last update ${Math.round(age)} s ago`;
    } else {
      summary.state = 'online';
      summary.reason = status === 'online' ? `registration status is "${summary.registrationStatus}"` : 'updated within its lifetime';
    }
  }
  return summary;
}
