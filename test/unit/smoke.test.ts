import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CORE_API_VERSION } from '../../src/core/index';

test('core public face loads in plain Node', () => {
  assert.equal(CORE_API_VERSION, 1);
});
