// Text from devices, shadows, AWS and documents that VS Code would otherwise render: made inert for
// notifications and quick picks; a profile name made one inert shell word for "Run in Terminal"; the
// sandbox size setting clamped whatever settings.json holds.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { inertText } from '../../../src/ui/format/inertText';
import { shellArgument } from '../../../src/ui/format/shellArgument';
import { sandboxThingCount } from '../../../src/ui/connection/sandboxSize';

/** What VS Code turns into a link in a notification message: `[label](scheme…)`. */
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/i;

test('link and icon syntax from a device or document is inert, every visible character kept', () => {
  const hostile = [
    'Device.0.[Reboot](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
    '[docs](https://evil.example/x) and [f](file:///etc/passwd)',
    '$(alert) urgent $(sync~spin)',
    'read [x]\n(command:foo)',
  ];
  for (const text of hostile) {
    const out = inertText(text);
    assert.doesNotMatch(out, NOTIFICATION_LINK, out);
    assert.doesNotMatch(out, /\$\(/, 'no icon syntax');
    assert.equal(out.replace(/\u200b/g, ''), text, 'nothing visible is lost');
  }
  assert.equal(inertText('read on urn:imei:1: 1 value, 0 failed keys'), 'read on urn:imei:1: 1 value, 0 failed keys', 'plain text is unchanged');
});

test('a profile name is one shell word that runs nothing (POSIX sh)', () => {
  assert.equal(shellArgument('corp-dev'), 'corp-dev', 'ordinary names stay as they are');
  for (const name of ['dev; touch /tmp/pwned', "it's $(id) `id` && x", 'a b\tc', '-rf *', "'"]) {
    const word = shellArgument(name, 'linux');
    const echoed = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${word}`], { encoding: 'utf8' });
    assert.equal(echoed, `${name}\n`, `one word, taken literally: ${word}`);
  }
  assert.equal(shellArgument("o'brien; x", 'win32'), "'o''brien; x'", 'PowerShell: single quotes, a quote doubled');
});

test('the sandbox size setting is clamped to 1–10,000 whatever settings.json holds', () => {
  assert.equal(sandboxThingCount(1_000_000), 10_000);
  assert.equal(sandboxThingCount(0), 1);
  assert.equal(sandboxThingCount(-5), 1);
  assert.equal(sandboxThingCount(12.7), 12);
  assert.equal(sandboxThingCount('500'), 25, 'not a number: the default');
  assert.equal(sandboxThingCount(Number.NaN), 25);
  assert.equal(sandboxThingCount(undefined), 25);
});

test('an untrusted workspace cannot set the sandbox size or what starts at launch; reopened shadow editors activate the extension', async () => {
  const { readFileSync } = await import('node:fs');
  const manifest = JSON.parse(readFileSync(require.resolve('../../../../package.json'), 'utf8'));
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  assert.ok(restricted.includes('lwm2mShadows.sandbox.things'));
  assert.ok(restricted.includes('lwm2mShadows.connection.startWith'));
  assert.ok(manifest.activationEvents.includes('onFileSystem:lwm2m-shadow'), 'VS Code restores lwm2m-shadow editors after a reload only with the provider registered');
});
