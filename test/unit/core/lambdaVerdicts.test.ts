// The validator's verdicts against the case table derived from the deployed Lwm2mOperation Lambda: an
// error exactly when the Lambda refuses or crashes, or the request surely fails or does something other
// than it says; a warning when it is forwarded but surprises; nothing when it is fine. A refusal's
// diagnostic quotes the Lambda's own line, a crash's the exception the runtime logs.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { validateOperationDocument } from '../../../src/core/validate';
import { LAMBDA_CASES } from '../lambdaCases';

describe('core: validator verdicts follow the deployed Lambda', () => {
  for (const c of LAMBDA_CASES) {
    if (c.thing) continue; // the validator does not know which things Coiote DM knows
    test(c.id, () => {
      const diags = validateOperationDocument(`{"state": {"desired": ${c.desired}}}`);
      const errors = diags.filter((d) => d.severity === 'error');
      const warnings = diags.filter((d) => d.severity === 'warning');
      const show = diags.map((d) => `${d.severity} ${d.code}: ${d.message}`).join('\n');
      if (c.validator === 'error') assert.ok(errors.length > 0, `expected an error:\n${show}`);
      else assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], 'no error');
      if (c.validator === 'warning') assert.ok(warnings.length > 0, `expected a warning:\n${show}`);
      if (c.validator === 'ok') assert.deepEqual(warnings.map((d) => `${d.code}: ${d.message}`), [], 'no warning');
      const want = c.lambda;
      if (want.kind === 'refused') assert.ok(errors.some((d) => d.message.includes(`"${want.line}"`)), `an error quotes "${want.line}":\n${show}`);
      if (want.kind === 'crash') assert.ok(errors.some((d) => d.message.includes(`${want.type}: ${want.message}`)), `an error names the crash ${want.type}: ${want.message}:\n${show}`);
    });
  }
});
