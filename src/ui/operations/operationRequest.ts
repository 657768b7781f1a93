// The request an operation document holds, read from its text: `state.desired` of a shadow document, or
// the bare desired object of a workspace file. Pure (no vscode): the text has passed validation.
import { renderShadowDocument } from '../documents/shadowDocumentText';
import type { ShadowDocument } from '../../aws/types';
import { isRecord } from '../../core/jsonValue'; // a tiny pure function called synchronously: a direct import on purpose (see eslint.config.mjs, ui → core)

export type OperationRequest = Record<string, unknown>;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The desired request of a document text, or undefined when it holds none. */
export function requestOf(text: string): OperationRequest | undefined {
  const v = parse(text);
  if (!isRecord(v)) return undefined;
  if ('state' in v) return isRecord(v.state) && isRecord(v.state.desired) ? v.state.desired : undefined;
  return v;
}

/** The shadow version a shadow document's text was rendered at (its `version` field). */
export function versionOf(text: string): number | undefined {
  const v = parse(text);
  return isRecord(v) && typeof v.version === 'number' && Number.isInteger(v.version) ? v.version : undefined;
}

/** The operation name, for titles; found even in text that is not valid JSON yet. */
export function operationNameOf(text: string): string | undefined {
  const op = requestOf(text)?.operation;
  if (typeof op === 'string') return op;
  return /"operation"\s*:\s*"([^"\\]{1,40})"/.exec(text)?.[1];
}

export function keysOf(request: OperationRequest): string[] {
  return Array.isArray(request.keys) ? request.keys.map(String) : [];
}

export { desiredUpdate } from '../../core/desiredUpdate'; // a tiny pure function called synchronously: a direct import on purpose (see eslint.config.mjs, ui → core)

/** A shadow document's text with `request` as its desired section (to put a request back into an editor). */
export function textWithRequest(doc: Pick<ShadowDocument, 'state' | 'version' | 'timestamp'>, request: OperationRequest): string {
  return renderShadowDocument({ ...doc, state: { ...doc.state, desired: request, delta: undefined } });
}
