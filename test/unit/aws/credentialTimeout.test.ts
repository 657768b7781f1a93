// A profile whose credential_process never answers (a real shell script that sleeps, in a temporary AWS
// config) must not leave the caller waiting for ever: the lookup is bounded and says which profile hung.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AwsError, createSession } from '../../../src/aws/index';

test('a credential_process that hangs fails after the credentials timeout, naming the profile', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aws-hang-'));
  const script = path.join(dir, 'hang.sh');
  const pidFile = path.join(dir, 'pid');
  writeFileSync(script, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 30\n`);
  chmodSync(script, 0o755);
  writeFileSync(path.join(dir, 'config'), ['[profile hangs]', `credential_process = ${script}`, 'region = eu-west-1', ''].join('\n'));
  const saved = { ...process.env };
  t.after(() => {
    process.env = saved;
    // the hung credential_process this test started, by its id
    try { process.kill(Number(readFileSync(pidFile, 'utf8'))); } catch { /* already gone */ }
    rmSync(dir, { recursive: true, force: true });
  });
  process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  process.env.HOME = dir;
  const s = createSession({
    kind: 'aws', id: 'hangs@eu-west-1', label: 'hangs', region: 'eu-west-1', profile: 'hangs',
    endpoint: 'http://127.0.0.1:9', maxAttempts: 3, credentialsTimeoutMs: 400,
  });
  const t0 = Date.now();
  // Bounded here too, so that without the fix this test fails instead of hanging the run.
  const outcome = await Promise.race([
    s.fleet.listThingTypes({ maxResults: 1 }).then(() => 'resolved', (e: unknown) => e),
    new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5000).unref()),
  ]);
  const waited = Date.now() - t0;
  s.dispose();
  assert.ok(outcome instanceof AwsError, String(outcome));
  assert.equal(outcome.kind, 'credentials');
  assert.match(outcome.message, /credentials for profile hangs did not resolve in 0\.4 s/);
  assert.match(outcome.action ?? '', /credential_process/);
  assert.ok(waited < 2000, `waited ${waited} ms: the lookup is tried once, not once per SDK attempt`);
});
