// A firmware update step's checks: the verdict of the flow (core/firmware/updateFlow.ts) against the step's
// "expect" — the Update Result it ends with (1, success, unless the step says otherwise) and the Firmware
// Version the device runs afterwards. A verdict without an Update Result (refused, timed out) fails with the
// verdict's own words.
import { UpdateResult, updateResultText } from '../firmware/firmwareObject';
import { describeVerdict, type FlowVerdict } from '../firmware/updateFlow';
import type { StepFailure } from './testResult';
import type { StepExpectations } from './testFile';
import { matchValue } from './valueMatcher';

/** The Update Result and Firmware Version a verdict ends with (undefined: the verdict has none). */
export function verdictOutcome(v: FlowVerdict): { updateResult?: number; firmwareVersion?: string } {
  if (v.kind === 'updated') return { updateResult: UpdateResult.Success, ...(v.to !== undefined ? { firmwareVersion: v.to } : {}) };
  if (v.kind === 'failed') return { updateResult: v.updateResult, ...(v.firmwareVersion !== undefined ? { firmwareVersion: v.firmwareVersion } : {}) };
  return {};
}

/** `before`: the Firmware Version before the update (for {"changed": true}). */
export function checkFirmwareVerdict(expect: StepExpectations, verdict: FlowVerdict, before?: string, captures: ReadonlyMap<string, string> = new Map()): StepFailure[] {
  const out: StepFailure[] = [];
  const got = verdictOutcome(verdict);
  const wanted = expect.updateResult ?? UpdateResult.Success;
  if (got.updateResult !== wanted) {
    out.push({ what: 'updateResult', expected: updateResultText(wanted), actual: got.updateResult === undefined ? describeVerdict(verdict) : updateResultText(got.updateResult) });
  }
  if (expect.firmwareVersion !== undefined) {
    const miss = matchValue(expect.firmwareVersion, got.firmwareVersion, before, captures);
    if (miss) out.push({ what: 'firmwareVersion', expected: miss.expected, actual: got.firmwareVersion === undefined ? `none known (${describeVerdict(verdict)})` : miss.actual });
  }
  return out;
}
