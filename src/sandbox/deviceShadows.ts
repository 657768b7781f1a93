// How Coiote DM writes what a device did into the thing's shadows, the same for simulated and real devices:
// connectivity into the classic shadow, values into `datamodel`, and an operation's outcome into the
// operation shadow's `reported` in the documented shape (`operation`, `failedKeys` — `[""]` when none
// failed — and `result`), which the OperationResponse rule republishes for read, write and readComposite.
import type { SimClock } from './clock';
import type { JsonObject } from './json';
import type { ShadowStore } from './shadowStore';

/** What a device answered to one task. */
export interface Outcome {
  failed: string[];
  result: JsonObject;
  /** Runs after the result is reported (e.g. a reboot after the execute is acknowledged). */
  after?: () => void;
}

/**
 * Writes `reported` into a shadow; false when the shadow service refused it (e.g. past 8 KB), which is lost
 * as it would be for the integration.
 */
export function writeReported(shadows: ShadowStore, clock: SimClock, thingName: string, shadow: string, reported: JsonObject): boolean {
  if (clock.isStopped) return false;
  try {
    shadows.update(thingName, shadow, { state: { reported }, reported });
    return true;
  } catch {
    return false;
  }
}

/** The operation's result in the operation shadow's `reported`, in the documented shape. */
export function reportOutcome(shadows: ShadowStore, clock: SimClock, thingName: string, operation: string, o: Outcome): boolean {
  return writeReported(shadows, clock, thingName, 'operation', { operation, failedKeys: o.failed.length ? o.failed : [''], result: o.result });
}
