// How much a decoder accepts from one payload. Every decoder checks a declared length against these (and against
// the bytes actually present) before it allocates anything for it.
import { CodecError } from './codecError';

export interface Limits {
  /** Most records (resource values, or links) one payload may hold. */
  maxRecords?: number;
  /** Deepest nesting of containers (TLV in TLV, CBOR/JSON arrays and maps). */
  maxDepth?: number;
  /** Largest payload, in bytes. */
  maxBytes?: number;
}

export const DEFAULT_LIMITS: Required<Limits> = { maxRecords: 10_000, maxDepth: 8, maxBytes: 1024 * 1024 };
/** No caller can raise a limit past these. */
export const HARD_LIMITS: Required<Limits> = { maxRecords: 100_000, maxDepth: 32, maxBytes: 16 * 1024 * 1024 };

export function resolveLimits(limits: Limits | undefined): Required<Limits> {
  const pick = (key: keyof Limits) => {
    const v = limits?.[key];
    return typeof v === 'number' && Number.isInteger(v) && v > 0 ? Math.min(v, HARD_LIMITS[key]) : DEFAULT_LIMITS[key];
  };
  return { maxRecords: pick('maxRecords'), maxDepth: pick('maxDepth'), maxBytes: pick('maxBytes') };
}

export function checkSize(format: number, size: number, limits: Required<Limits>): void {
  if (size > limits.maxBytes) throw new CodecError(format, `payload of ${size} bytes is larger than the ${limits.maxBytes} bytes accepted`);
}

export function checkCount(format: number, count: number, limits: Required<Limits>, what = 'records'): void {
  if (count > limits.maxRecords) throw new CodecError(format, `more than ${limits.maxRecords} ${what} in one payload`);
}
