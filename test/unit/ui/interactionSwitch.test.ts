// The Interaction of extension tests: every method of the port reaches VS Code's (here a recording base) until
// a test replaces it through the test API; undefined gives every method back.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Interaction } from '../../../src/operations/interaction';
import { InteractionSwitch } from '../../../src/ui/testMode/interactionSwitch';

function recordingBase(calls: string[]): Interaction {
  return {
    confirm: async (message) => { calls.push(`confirm ${message}`); return undefined; },
    pick: async (items) => { calls.push('pick'); return items[0]; },
    pickWithButton: async (items) => { calls.push('pickWithButton'); return { item: items[0], button: true }; },
    pickMany: async (items) => { calls.push('pickMany'); return [...items]; },
    search: async (_options, find) => { calls.push('search'); return (await find('x', new AbortController().signal))[0]; },
    input: async () => { calls.push('input'); return 'typed'; },
    notify: async (level, message) => { calls.push(`notify ${level} ${message}`); return undefined; },
    progress: async (_options, task) => { calls.push('progress'); return task(new AbortController().signal); },
    openDocument: async (uri) => { calls.push(`openDocument ${uri}`); },
    saveTarget: async () => { calls.push('saveTarget'); return 'file:///saved'; },
    openFile: async (options) => { calls.push(`openFile ${options.title}`); return 'file:///fw.bin'; },
    workspaceTrusted: () => { calls.push('workspaceTrusted'); return true; },
    runInTerminal: async (name) => { calls.push(`runInTerminal ${name}`); },
  };
}

test('every method of the port reaches the base until replaced', async () => {
  const calls: string[] = [];
  const base = recordingBase(calls);
  const ui = new InteractionSwitch(base).interaction;
  assert.deepEqual(Object.keys(ui).sort(), Object.keys(base).sort(), 'the switch forwards each method of the port');
  await ui.confirm('Execute?', 'detail', 'Execute');
  assert.deepEqual(await ui.pick([{ label: 'a' }], {}), { label: 'a' });
  assert.deepEqual(await ui.pickWithButton([{ label: 'b' }], { button: { icon: 'play', tooltip: 'Run Again' } }), { item: { label: 'b' }, button: true });
  await ui.pickMany([{ label: 'a' }], {});
  assert.deepEqual(await ui.search({}, async (text) => [{ label: text }]), { label: 'x' });
  assert.equal(await ui.input({}), 'typed');
  await ui.notify('info', 'done');
  assert.equal(await ui.progress({ title: 't', where: 'status' }, async () => 7), 7);
  await ui.openDocument('file:///a');
  assert.equal(await ui.saveTarget({ title: 'Save' }), 'file:///saved');
  assert.equal(await ui.openFile({ title: 'Firmware file' }), 'file:///fw.bin');
  assert.equal(ui.workspaceTrusted(), true);
  await ui.runInTerminal('aws', 'aws sso login');
  assert.deepEqual(calls, [
    'confirm Execute?', 'pick', 'pickWithButton', 'pickMany', 'search', 'input', 'notify info done', 'progress', 'openDocument file:///a',
    'saveTarget', 'openFile Firmware file', 'workspaceTrusted', 'runInTerminal aws',
  ]);
});

test('a replaced method answers instead of the base; the others stay the base; undefined gives all back', async () => {
  const calls: string[] = [];
  const s = new InteractionSwitch(recordingBase(calls));
  s.use({ workspaceTrusted: () => false, openFile: async () => 'file:///picked.bin' });
  assert.equal(s.interaction.workspaceTrusted(), false);
  assert.equal(await s.interaction.openFile({ title: 'Firmware file' }), 'file:///picked.bin');
  assert.equal(await s.interaction.input({}), 'typed');
  assert.deepEqual(calls, ['input'], 'only the method not replaced reached the base');
  s.use({ search: async () => undefined });
  assert.equal(s.interaction.workspaceTrusted(), true, 'a later use replaces the earlier set whole');
  assert.equal(await s.interaction.search({}, async () => [{ label: 'a' }]), undefined);
  s.use(undefined);
  assert.deepEqual(await s.interaction.search({}, async () => [{ label: 'a' }]), { label: 'a' });
  assert.deepEqual(calls, ['input', 'workspaceTrusted', 'search']);
});
