// "5 min ago": how old a time is, in the unit a person reads it in, and when that text next changes (so a
// row showing it is redrawn then, not on every tick). Pure: the caller passes the time and `now`.

export type AgeUnit = 's' | 'min' | 'h' | 'd';

export interface RelativeAge {
  amount: number;
  unit: AgeUnit;
}

const SECOND = 1000;
/** A time up to this far ahead of `now` is a clock that runs a little fast: it reads as just now ("0 s"). */
export const CLOCK_SKEW_MS = 60 * SECOND;
/** Each unit, its length and the age (exclusive) up to which it is used. */
const BANDS: readonly { unit: AgeUnit; ms: number; below: number }[] = [
  { unit: 's', ms: SECOND, below: 90 * SECOND },
  { unit: 'min', ms: 60 * SECOND, below: 90 * 60 * SECOND },
  { unit: 'h', ms: 3600 * SECOND, below: 36 * 3600 * SECOND },
  { unit: 'd', ms: 86_400 * SECOND, below: Infinity },
];

/** The age of `then` at `now`, 0 within the clock skew ahead; undefined when further ahead or not a time. */
function ageOf(then: number, now: number): number | undefined {
  const age = now - then;
  if (!Number.isFinite(age) || age < -CLOCK_SKEW_MS) return undefined;
  return Math.max(0, age);
}

/** How long ago `then` was at `now` (epoch ms); undefined when it is in the future (beyond the skew) or not a time. */
export function relativeAge(then: number, now: number): RelativeAge | undefined {
  const age = ageOf(then, now);
  if (age === undefined) return undefined;
  const band = BANDS.find((b) => age < b.below)!;
  return { amount: Math.round(age / band.ms), unit: band.unit };
}

/** The same age as a key: equal keys read the same. */
export function relativeAgeKey(then: number, now: number): string {
  const a = relativeAge(then, now);
  return a ? `${a.amount} ${a.unit}` : 'future';
}

/** Milliseconds from `now` until relativeAge(then, …) reads differently; undefined when it never will
 * (not a time, or a time further ahead than the clock skew: it reads "in the future" until redrawn). */
export function nextAgeChange(then: number, now: number): number | undefined {
  const age = ageOf(then, now);
  if (age === undefined) return undefined;
  const ahead = Math.max(0, then - now);
  const band = BANDS.find((b) => age < b.below)!;
  // Rounded to the unit, the amount changes when the age passes the next half unit (or the band ends).
  const nextHalf = (Math.floor(age / band.ms + 0.5) + 0.5) * band.ms;
  return ahead + Math.max(1, Math.min(nextHalf, band.below) - age);
}
