// Parsed JSON as core and the layers above read it: the one test for "a JSON object" (not null, not an array).

/** Whether a parsed value is a JSON object: an object that is neither null nor an array. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
