// A classic shadow with both a last registration and a later lifetime refresh: the device is online.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readConnectivity } from '../../../src/core/index';

test('the latest of several "last update" fields decides connectivity', () => {
  const now = new Date('2026-11-25T09:00:00Z');
  const summary = readConnectivity({
    registrationStatus: 'registered',
    lifetime: 86400,
    lastRegistration: '2026-11-21T09:00:00Z',
    lastLifetimeRefresh: '2026-11-25T08:59:00Z',
  }, now);
  assert.equal(summary.state, 'online');
  assert.equal(summary.lastUpdate?.toISOString(), '2026-11-25T08:59:00.000Z');
});
