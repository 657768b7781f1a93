// Which version of the operation shadow answers a published request, and what that answer said. The result
// carries no request id, so an answer is recognised by what only it can be: a version newer than the
// accepted request, reporting the request's own operation, that wrote parts of `reported` after the request
// (answerLeaves.ts). Only what it wrote are its values and failed keys; a requested key it neither carries
// nor lists as failed is "not answered" — never filled from an older answer's keys still in the shadow.
// Pure: Publish's wait, tree actions, Run Again and device checks share it.
import type { OperationResult } from '../resultReader';
import { readOperationResult } from '../resultReader';
import { SPECIAL_KEYS } from '../keys';
import { isRecord } from '../jsonValue';
import { writtenSince, type ShadowVersion } from './answerLeaves';

export { newestTimestamp, type ShadowVersion } from './answerLeaves';

/** The request as published: its operation and keys (the fields of `desired`). */
export interface AnsweredRequest {
  operation?: unknown;
  keys?: unknown;
}

/** One answer: only what this answer wrote. */
export interface Answer extends OperationResult {
  operation: string;
  /** Requested keys the answer neither carries nor lists in failedKeys (reads only). */
  notAnswered: string[];
  /** The reported section reduced to what this answer wrote. */
  reported: Record<string, unknown>;
}

/** Operations whose answer carries the values of the requested keys. */
const READS = ['read', 'readComposite'];
const ANSWER_FIELDS = ['operation', 'failedKeys', 'result'];

const stripDot = (k: string) => (k.endsWith('.') && k.length > 1 ? k.slice(0, -1) : k);

/** The requested keys an answer must cover, or undefined when the request reads the whole data model. */
function requestedKeys(request: AnsweredRequest): string[] | undefined {
  const keys = Array.isArray(request.keys) ? request.keys.filter((k): k is string => typeof k === 'string') : [];
  if (!keys.length || keys.some((k) => (SPECIAL_KEYS as readonly string[]).includes(k))) return undefined;
  return [...new Set(keys.map(stripDot))];
}

/** Every path the result carries, objects included (`Device`, `Device.0`, `Device.0.Reboot`, …). */
function carriedPaths(result: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown, prefix: string) => {
    if (prefix) out.add(prefix);
    if (isRecord(node) && !(node.noValue === true && Object.keys(node).length === 1)) {
      for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
    }
  };
  walk(result, '');
  return out;
}

const under = (path: string, key: string) => path === key || path.startsWith(`${key}.`);

/** The result reduced to the requested keys (a read answers only what it asked for: the rest is another answer's). */
function pruneTo(result: unknown, keys: string[]): Record<string, unknown> {
  const walk = (node: unknown, prefix: string): unknown => {
    if (prefix && keys.some((k) => under(prefix, k))) return node;
    if (!isRecord(node)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (!keys.some((key) => under(key, path))) continue;
      const w = walk(v, path);
      if (w !== undefined) out[k] = w;
    }
    return Object.keys(out).length ? out : undefined;
  };
  const out = walk(result, '');
  return isRecord(out) ? out : {};
}

/**
 * The answer `doc` gives to `request` (accepted as `accepted`; `before` is the shadow as it was when the
 * request was accepted), or undefined when `doc` is not its answer.
 */
export function matchAnswer(
  doc: ShadowVersion, request: AnsweredRequest, accepted: Pick<ShadowVersion, 'version' | 'timestamp'>, before: ShadowVersion | undefined,
): Answer | undefined {
  if (doc.version <= accepted.version || !doc.state.reported) return undefined;
  const operation = typeof request.operation === 'string' ? request.operation : undefined;
  if (operation === undefined || doc.state.reported.operation !== operation) return undefined;
  const written = writtenSince(doc, accepted, before);
  if (!ANSWER_FIELDS.some((f) => f in written)) return undefined;
  const keys = READS.includes(operation) ? requestedKeys(request) : undefined;
  if (keys && written.result !== undefined) written.result = pruneTo(written.result, keys);
  const own = readOperationResult({ operation, ...('failedKeys' in written ? { failedKeys: written.failedKeys } : {}), result: written.result ?? {} })
    ?? { failedKeys: [], values: [] };
  let notAnswered: string[] = [];
  if (keys) {
    const carried = carriedPaths(written.result);
    notAnswered = keys.filter((k) => !carried.has(k) && !own.failedKeys.some((f) => stripDot(f) === k));
    // a read answer that covers none of the keys asked for is another read's (a late answer): keep waiting
    if (notAnswered.length === keys.length) return undefined;
  }
  return { ...own, operation, notAnswered, reported: written };
}
