import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listProfiles } from '../../../src/aws/index';

/** Temporary folders of this file, removed when it ends. */
const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function files(config: string, credentials?: string) {
  const dir = tempDir('aws-profiles-');
  writeFileSync(path.join(dir, 'config'), config);
  if (credentials !== undefined) writeFileSync(path.join(dir, 'credentials'), credentials);
  return { dir, env: { HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') } };
}

test('profiles from config and credentials, with regions, SSO marked, default first', async () => {
  const { env } = files([
    '# comment', '[default]', 'region = eu-west-1', '',
    '[profile corp-dev]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Dev', 'region = eu-central-1', '',
    '[profile legacy-sso]', 'sso_start_url = https://x.awsapps.com/start', 'sso_region = us-east-1', '',
    '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = eu-west-1', '',
    '[profile assume]', 'role_arn = arn:aws:iam::1:role/R', 'source_profile = default', '  ; indented comment',
    '[services local]', 'iot =', '  endpoint_url = http://localhost:4566',
  ].join('\n'), ['[default]', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key = secret', '', '[ci]', 'aws_access_key_id = x', 'aws_secret_access_key = y', 'region = us-west-2', ''].join('\n'));
  const profiles = await listProfiles(env);
  assert.deepEqual(profiles, [
    { name: 'default', region: 'eu-west-1', sso: false },
    { name: 'assume', region: undefined, sso: false },
    { name: 'ci', region: 'us-west-2', sso: false },
    { name: 'corp-dev', region: 'eu-central-1', sso: true },
    { name: 'legacy-sso', region: undefined, sso: true },
  ]);
  assert.ok(!JSON.stringify(profiles).includes('AKIA'), 'no credential value is returned');
});

test('missing files give no profiles; Windows line endings are read', async () => {
  const none = files('');
  assert.deepEqual(await listProfiles({ ...none.env, AWS_CONFIG_FILE: path.join(none.dir, 'nope') }), []);
  const crlf = files('[profile a]\r\nregion = ap-south-1\r\n');
  assert.deepEqual(await listProfiles(crlf.env), [{ name: 'a', region: 'ap-south-1', sso: false }]);
});

test('~/.aws is read by default; AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE override it', async () => {
  const home = tempDir('aws-home-');
  mkdirSync(path.join(home, '.aws'));
  writeFileSync(path.join(home, '.aws', 'config'), '[profile from-home]\nregion = eu-north-1\n');
  writeFileSync(path.join(home, '.aws', 'credentials'), '[home-creds]\n');
  assert.deepEqual((await listProfiles({ HOME: home })).map((p) => p.name), ['from-home', 'home-creds']);
  const other = files('[profile from-env]\nregion = sa-east-1\n', '[env-creds]\n');
  const profiles = await listProfiles({ HOME: home, AWS_CONFIG_FILE: other.env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: other.env.AWS_SHARED_CREDENTIALS_FILE });
  assert.deepEqual(profiles.map((p) => p.name), ['env-creds', 'from-env']);
});
