// Every command the extension contributes is registered at activation: by the stubs of the one feature that
// handles it (src/ui/features/featureCommands.ts). A command missing from the lists would be "not found" until
// its feature happened to load; one in two lists would fail to register.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FEATURE_COMMANDS } from '../../../src/ui/features/featureCommands';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

test('each contributed command belongs to exactly one feature', () => {
  const contributed = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } })
    .contributes.commands.map((c) => c.command);
  const listed: string[] = Object.values(FEATURE_COMMANDS).flat();
  assert.deepEqual(listed.filter((id, i) => listed.indexOf(id) !== i), [], 'in more than one feature');
  assert.deepEqual([...listed].sort(), [...contributed].sort());
});
