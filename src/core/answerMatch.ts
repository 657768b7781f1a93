// Which version of the operation shadow answers a published request. The result carries no request id:
// an answer is a version newer than the accepted request whose `reported` section was written at or after
// the request (metadata timestamps) and differs from what it held before. Pure: Publish and the test runner share it.
/** The parts of a shadow document an answer is recognised by (src/aws's ShadowDocument has them). */
export interface ShadowVersion {
  version: number;
  /** epoch seconds */
  timestamp?: number;
  state: { reported?: Record<string, unknown> };
  metadata?: Record<string, unknown>;
}

/** The newest per-field timestamp (epoch seconds) under a metadata section. */
export function newestTimestamp(meta: unknown): number | undefined {
  if (typeof meta !== 'object' || meta === null) return undefined;
  let best: number | undefined;
  for (const [k, v] of Object.entries(meta as Record<string, unknown>)) {
    const t = k === 'timestamp' && typeof v === 'number' ? v : newestTimestamp(v);
    if (t !== undefined && (best === undefined || t > best)) best = t;
  }
  return best;
}

/** Whether `doc` answers the request accepted as `accepted`; `before` is the shadow as it was before the request. */
export function isAnswer(doc: ShadowVersion, accepted: Pick<ShadowVersion, 'version' | 'timestamp'>, before: ShadowVersion | undefined): boolean {
  if (doc.version <= accepted.version || !doc.state.reported) return false;
  const metaNow = (doc.metadata as { reported?: unknown } | undefined)?.reported;
  const metaBefore = (before?.metadata as { reported?: unknown } | undefined)?.reported;
  const written = newestTimestamp(metaNow);
  const reportedChanged = JSON.stringify(doc.state.reported) !== JSON.stringify(before?.state.reported);
  if (written === undefined || accepted.timestamp === undefined) return reportedChanged;
  // Timestamps are whole seconds: an answer in the same second as the one before it leaves the metadata as it
  // was when it reports the same keys (a write after a read of that key), but its content differs.
  return written >= accepted.timestamp && (reportedChanged || JSON.stringify(metaNow) !== JSON.stringify(metaBefore));
}
