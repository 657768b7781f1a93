// Recognising our own shadow write in a read-back, when the answer to an UpdateThingShadow was lost
// (connection cut, timeout, 5xx) or a 409 says the version moved. AWS keeps no request id in the shadow
// (a `clientToken` is only echoed in the answer), so a write is recognised by what it left behind:
// every field it set holds the value sent, every field it deleted is gone, the version moved past the
// one it was sent with, and the fields' metadata timestamps are no older than the moment it was sent.
// That moment is taken in the service's own clock (the read-back's `timestamp` minus the time elapsed
// since sending), so a skewed local clock does not matter.
import type { ShadowDocument } from './types';
import { isRecord } from '../core/jsonValue';

export interface SentWrite {
  /** `{ desired?: …, reported?: … }` as sent. */
  state: Record<string, unknown>;
  /** The version the update was sent with (optimistic locking), if any. */
  version?: number;
  /** `performance.now()` just before sending. */
  sentAt: number;
  clientToken: string;
}

/** Seconds of slack: metadata timestamps are whole seconds, and the send itself takes a moment. */
const SLACK_S = 2;

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}

/**
 * Whether `stored` holds what `sent` wrote (objects merge: only the sent fields are compared), with
 * metadata (if any) at or after `since`. Walks with an explicit stack: no recursion a document can overflow.
 */
function holdsWrite(stored: unknown, sent: Record<string, unknown>, meta: unknown, since: number): boolean {
  const stack: { stored: unknown; sent: Record<string, unknown>; meta: unknown }[] = [{ stored, sent, meta }];
  while (stack.length) {
    const top = stack.pop()!;
    const here = isRecord(top.stored) ? top.stored : {};
    for (const [k, v] of Object.entries(top.sent)) {
      const has = Object.hasOwn(here, k);
      const m = isRecord(top.meta) && Object.hasOwn(top.meta, k) ? top.meta[k] : undefined;
      if (v === null) {
        if (has) return false;
      } else if (isRecord(v) && Object.keys(v).length) {
        if (!has || !isRecord(here[k])) return false;
        stack.push({ stored: here[k], sent: v, meta: m });
      } else {
        if (!has || !sameJson(here[k], v)) return false;
        if (m !== undefined && oldestTimestamp(m) < since) return false;
      }
    }
  }
  return true;
}

/** The oldest per-field timestamp under a metadata value (Infinity when it has none). */
function oldestTimestamp(meta: unknown): number {
  let oldest = Infinity;
  const stack = [meta];
  while (stack.length) {
    const m = stack.pop();
    if (Array.isArray(m)) for (const x of m) stack.push(x);
    else if (isRecord(m)) {
      for (const [k, v] of Object.entries(m)) {
        if (k === 'timestamp' && typeof v === 'number') oldest = Math.min(oldest, v);
        else stack.push(v);
      }
    }
  }
  return oldest;
}

/** Whether `readBack` (read at `readAt`, performance.now()) shows that `sent` was applied. */
export function recognisesWrite(readBack: ShadowDocument, sent: SentWrite, readAt: number): boolean {
  if (sent.version !== undefined && readBack.version <= sent.version) return false;
  const since = readBack.timestamp === undefined ? -Infinity : readBack.timestamp - Math.ceil((readAt - sent.sentAt) / 1000) - SLACK_S;
  const meta = isRecord(readBack.metadata) ? readBack.metadata : {};
  for (const section of ['desired', 'reported'] as const) {
    if (!Object.hasOwn(sent.state, section)) continue;
    const value = sent.state[section];
    const stored = readBack.state[section];
    if (value === null) {
      if (stored !== undefined) return false;
    } else if (isRecord(value)) {
      if (!holdsWrite(stored, value, meta[section], since)) return false;
    }
  }
  return true;
}

/** What the service would have answered to `sent`, rebuilt from the read-back that showed it applied. */
export function acceptedFromReadBack(readBack: ShadowDocument, sent: SentWrite): ShadowDocument {
  const meta = isRecord(readBack.metadata) ? readBack.metadata : {};
  let written = Infinity;
  for (const section of ['desired', 'reported'] as const) {
    const value = sent.state[section];
    if (isRecord(value)) for (const k of Object.keys(value)) if (isRecord(meta[section])) written = Math.min(written, oldestTimestamp((meta[section] as Record<string, unknown>)[k]));
  }
  const timestamp = Number.isFinite(written) ? written : readBack.timestamp;
  return {
    thingName: readBack.thingName,
    shadowName: readBack.shadowName,
    state: sent.state as ShadowDocument['state'],
    ...(readBack.metadata ? { metadata: readBack.metadata } : {}),
    // Versioned, the write made exactly the next version; unversioned, the read-back's is the best known.
    version: sent.version !== undefined ? sent.version + 1 : readBack.version,
    ...(timestamp !== undefined ? { timestamp } : {}),
    sizeBytes: readBack.sizeBytes,
    text: readBack.text,
    confirmedBy: 'read-back',
  };
}

/**
 * Writes whose outcome stayed unknown (no answer, and the read-back failed too), per shadow: when the
 * same write is sent again and meets a 409, the earlier one is the likely cause and is looked for too.
 * At most one per shadow (the last one), forgotten once any write to that shadow is answered.
 */
export class UnconfirmedWrites {
  private readonly byShadow = new Map<string, SentWrite>();

  remember(key: string, write: SentWrite): void {
    this.byShadow.delete(key);
    this.byShadow.set(key, write);
    if (this.byShadow.size > 100) this.byShadow.delete(this.byShadow.keys().next().value!);
  }

  forget(key: string): void {
    this.byShadow.delete(key);
  }

  /** The earlier unconfirmed write of the same state and version, if any. */
  earlierTwin(key: string, write: SentWrite): SentWrite | undefined {
    const earlier = this.byShadow.get(key);
    return earlier && earlier.version === write.version && sameJson(earlier.state, write.state) ? earlier : undefined;
  }
}
