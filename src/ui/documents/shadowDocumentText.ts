// How a shadow reads as a JSON document in the editor, and what saving an operation document sends.
// Pure (no vscode, no AWS SDK).
import type { ShadowDocument } from '../../aws/types';
// Tiny pure functions this pure module (unit-tested in plain Node) calls synchronously: direct imports on
// purpose (see eslint.config.mjs, ui → core).
import { desiredUpdate } from '../../core/desiredUpdate';
import { isRecord } from '../../core/jsonValue';

/** The document text: `state` as stored (desired, reported, delta), then `version` and `timestamp`. */
export function renderShadowDocument(doc: Pick<ShadowDocument, 'state' | 'version' | 'timestamp'>): string {
  const state: Record<string, unknown> = {};
  if (doc.state.desired !== undefined) state.desired = doc.state.desired;
  if (doc.state.reported !== undefined) state.reported = doc.state.reported;
  if (doc.state.delta !== undefined) state.delta = doc.state.delta;
  const out: Record<string, unknown> = { state, version: doc.version };
  if (doc.timestamp !== undefined) out.timestamp = doc.timestamp;
  return JSON.stringify(out, null, 2) + '\n';
}

export class DocumentTextError extends Error {}

/**
 * The `state` to send when an operation document is saved: its `desired` section replaces the stored
 * one. Top-level fields of the stored `desired` that the text no longer has are sent as `null` (AWS
 * deletes them); no `desired` at all clears it. `reported`, `delta`, `version` and `timestamp` in the
 * text are ignored: they belong to the integration and to AWS.
 */
export function desiredUpdateFromText(text: string, storedDesired: Record<string, unknown> | undefined): { desired: Record<string, unknown> | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new DocumentTextError(`The document is not valid JSON: ${(e as Error).message}`);
  }
  if (!isRecord(parsed)) throw new DocumentTextError('The document must be a JSON object with a "state" object.');
  const state = parsed.state;
  if (state === undefined) throw new DocumentTextError('The document has no "state" object.');
  if (!isRecord(state)) throw new DocumentTextError('"state" must be an object.');
  const desired = state.desired;
  if (desired === undefined || desired === null) return { desired: null };
  if (!isRecord(desired)) throw new DocumentTextError('"state.desired" must be an object.');
  return desiredUpdate(desired, storedDesired);
}
