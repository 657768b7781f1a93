// Restart delays: what backoff.ts promises (equal jitter: between half and all of the doubled ceiling).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { backoffDelay } from '../../../src/aws/backoff';

test('backoff: attempt n waits between half and all of base · 2^(n-1), capped; never 0', () => {
  for (const [attempt, ceiling] of [[1, 1000], [2, 2000], [3, 4000], [10, 30_000]] as const) {
    assert.equal(backoffDelay(attempt, 1000, 30_000, () => 0), ceiling / 2, `attempt ${attempt}, lowest`);
    assert.equal(backoffDelay(attempt, 1000, 30_000, () => 1), ceiling, `attempt ${attempt}, highest`);
  }
});
