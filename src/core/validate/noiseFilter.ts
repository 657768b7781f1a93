// Findings that only repeat a syntax error: while the JSON is broken, a missing or mistyped field is
// usually the half-typed text, not the user's mistake.
import type { Finding } from './finding';

const NOISY_WHEN_BROKEN = new Set(['missing-operation', 'missing-keys', 'missing-values', 'missing-attributes', 'values-length', 'attributes-length', 'shadow-too-large', 'wrong-type']);

/** The findings without those a broken text makes noise of. */
export function withoutNoiseWhenBroken(findings: Finding[]): Finding[] {
  return findings.filter((f) => !NOISY_WHEN_BROKEN.has(f.code));
}
