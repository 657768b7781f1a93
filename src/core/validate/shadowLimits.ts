// AWS IoT's limits on a shadow update: nesting depth and the bytes of desired + reported.
import type { JsonPath } from '../documentModel';
import { utf8Length } from '../jsonTextChecks';

/** AWS IoT shadow limits. */
export const SHADOW_MAX_BYTES = 8192;
export const SHADOW_MAX_DEPTH = 6;

/** Whether nesting below `v` exceeds `limit` levels (a scalar is 0, `{}` is 1); no allocation. */
function tooDeep(v: unknown, limit: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (limit <= 0) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (tooDeep(x, limit - 1)) return true;
  } else {
    for (const k in v) if (tooDeep((v as Record<string, unknown>)[k], limit - 1)) return true;
  }
  return false;
}

/** The path to the first node nested deeper than `limit` levels, or undefined. */
export function deepest(v: unknown, path: JsonPath, depth: number, limit: number): JsonPath | undefined {
  if (!tooDeep(v, limit - depth)) return undefined;
  if (typeof v !== 'object' || v === null) return undefined;
  if (depth + 1 > limit) return path;
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  for (const [k, x] of entries) {
    const p = deepest(x, [...path, k], depth + 1, limit);
    if (p) return p;
  }
  return undefined;
}

/**
 * The bytes AWS counts for desired + reported. The document text is an upper bound of the stored JSON (AWS
 * keeps what was sent, less insignificant whitespace), so only a text over the limit is measured exactly.
 */
export function shadowBytes(text: string, req: unknown, reported: unknown): number {
  const textBytes = typeof Buffer !== 'undefined' ? Buffer.byteLength(text, 'utf8') : utf8Length(text);
  if (textBytes <= SHADOW_MAX_BYTES) return textBytes;
  return utf8Length(JSON.stringify(req)) + (reported !== undefined ? utf8Length(JSON.stringify(reported)) : 0);
}
