// "Connect to AWS" with real profiles from AWS config files (written to a temporary folder and pointed at
// with AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), against the sandbox's endpoint: a profile with keys
// connects; an SSO profile without a session and a profile without keys fail with the command that fixes
// them, and the previous connection stays.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { describeError } from '../../src/ui/errors/describeError';
import { sandboxApi, rows, setSetting, waitFor, withAnswers } from './fleetHelpers';

suite('Connect to AWS with profiles', () => {
  let api: ExtensionApi;
  let endpoint: string;
  let dir: string;
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE, home: process.env.HOME };

  suiteSetup(async () => {
    api = await sandboxApi();
    endpoint = api.connection.session()!.spec.endpoint!;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwm2m-aws-'));
    fs.writeFileSync(path.join(dir, 'config'), [
      '[profile keys]', 'region = us-east-1',
      '[profile nokeys]', 'region = us-east-1',
      '[profile expired-sso]', 'sso_session = corp', 'sso_account_id = 111111111111', 'sso_role_name = Dev', 'region = eu-west-1',
      '[sso-session corp]', 'sso_start_url = https://example.awsapps.com/start', 'sso_region = eu-west-1', '',
      '[profile hangs]', `credential_process = ${path.join(dir, 'hang.sh')}`, 'region = us-east-1', '',
    ].join('\n'));
    // A credential_process that never answers (waiting for input nobody sees); it writes its pid so the suite ends it.
    fs.writeFileSync(path.join(dir, 'hang.sh'), `#!/bin/sh\necho $$ >> '${path.join(dir, 'pids')}'\nexec sleep 120\n`);
    fs.chmodSync(path.join(dir, 'hang.sh'), 0o755);
    fs.writeFileSync(path.join(dir, 'credentials'), ['[keys]', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', ''].join('\n'));
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    process.env.HOME = dir; // no SSO token cache
  });

  suiteTeardown(async () => {
    const pids = fs.existsSync(path.join(dir, 'pids')) ? fs.readFileSync(path.join(dir, 'pids'), 'utf8').split('\n').filter(Boolean) : [];
    for (const pid of pids) { try { process.kill(Number(pid)); } catch { /* ended */ } }
    await vscode.workspace.getConfiguration('lwm2mShadows').update('connection.credentialsTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    for (const [k, v] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials], ['HOME', saved.home]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    await api.connection.connectSandbox();
  });

  test('a profile with keys connects; the tree lists its fleet and the status bar names it', async () => {
    await api.connection.connectAws('keys', 'us-east-1', endpoint);
    assert.equal(api.connection.id(), 'keys@us-east-1');
    assert.equal(api.connection.label(), 'keys (us-east-1)');
    const top = await rows(api);
    assert.ok(top.some((r) => r.label === 'tracker_v2'), JSON.stringify(top.map((r) => r.label)));
  });

  test('an SSO profile without a session says to run `aws sso login --profile …`; the connection stays', async () => {
    const error = await api.connection.connectAws('expired-sso', 'eu-west-1', endpoint).then(() => undefined, (e: unknown) => e);
    assert.ok(error, 'connected without an SSO session');
    const described = describeError(error, { profile: 'expired-sso', region: 'eu-west-1', sso: true });
    assert.equal(described.kind, 'credentials', (error as Error).message);
    assert.match(described.message, /aws sso login --profile expired-sso/);
    assert.ok(described.remedies.some((r) => r.kind === 'copy' && r.text === 'aws sso login --profile expired-sso'));
    assert.equal(api.connection.id(), 'keys@us-east-1');
  });

  test('a profile without credentials says how to set them', async () => {
    const error = await api.connection.connectAws('nokeys', 'us-east-1', endpoint).then(() => undefined, (e: unknown) => e);
    assert.ok(error, 'connected without credentials');
    const described = describeError(error, { profile: 'nokeys', region: 'us-east-1' });
    assert.equal(described.kind, 'credentials', (error as Error).message);
    assert.match(described.message, /aws configure --profile nokeys/);
  });

  test('a profile whose credential_process hangs: Cancel Connecting ends the connect at once; the connection stays', async () => {
    const connecting = api.connection.connectAws('hangs', 'us-east-1', endpoint).then(() => undefined, (e: unknown) => e);
    await waitFor('the connect to start', () => api.connection.state() === 'connecting' || undefined, 5000);
    const t0 = Date.now();
    await vscode.commands.executeCommand('lwm2mShadows.cancelConnect');
    const error = await connecting;
    assert.ok(error instanceof vscode.CancellationError, String(error));
    assert.ok(Date.now() - t0 < 2000, `cancelled after ${Date.now() - t0} ms`);
    assert.equal(api.connection.state(), 'connected');
    assert.equal(api.connection.id(), 'keys@us-east-1');
  });

  test('a profile whose credential_process hangs fails after the credentials timeout, naming the profile; the tree recovers', async () => {
    await vscode.workspace.getConfiguration('lwm2mShadows').update('connection.credentialsTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    const t0 = Date.now();
    const error = await api.connection.connectAws('hangs', 'us-east-1', endpoint).then(() => undefined, (e: unknown) => e);
    assert.ok(error, 'connected with credentials that never resolved');
    assert.ok(Date.now() - t0 < 10_000, `failed after ${Date.now() - t0} ms`);
    const described = describeError(error, { profile: 'hangs', region: 'us-east-1' });
    assert.equal(described.kind, 'credentials', (error as Error).message);
    assert.match(described.message, /credentials for profile hangs did not resolve in 1 s/);
    assert.equal(api.connection.id(), 'keys@us-east-1');
    const top = await rows(api);
    assert.ok(top.some((r) => r.label === 'tracker_v2'), JSON.stringify(top.map((r) => r.label)));
  });

  test('Switch Connection… picks the sandbox; Connect to AWS… from the palette: the person picks the profile, then the region', async () => {
    await withAnswers(api, { picks: ['$(beaker) Use the local sandbox'] }, () => vscode.commands.executeCommand('lwm2mShadows.switchConnection'));
    assert.equal(api.connection.id(), 'sandbox');
    // The connection endpoint setting points "Connect to AWS…" at the sandbox's endpoint.
    await setSetting('connection.endpoint', endpoint);
    try {
      await withAnswers(api, { picks: ['keys', 'us-east-1'] }, () => vscode.commands.executeCommand('lwm2mShadows.connectAws'));
      assert.equal(api.connection.id(), 'keys@us-east-1');
      assert.equal(api.connection.label(), 'keys (us-east-1)');
    } finally {
      await setSetting('connection.endpoint', undefined);
    }
  });
});
