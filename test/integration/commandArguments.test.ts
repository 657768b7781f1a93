// Commands called with arguments by another extension (vscode.commands.executeCommand) or a `command:` link,
// in a real VS Code against the sandbox: no argument makes a command send what a person would be asked
// about: arguments never answer a question (every command asks through the Interaction port, which only the
// test API swaps); nothing may reach the thing's operation shadow unless the question is answered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TreeActionOutcome } from '../../src/ui/operations/treeActions';
import { answerPrompts, answerQuestions, child, resetInteraction, rows, sandboxApi } from './fleetHelpers';

const run = <T = TreeActionOutcome>(command: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(`lwm2mShadows.${command}`, ...args);

suite('Command arguments from another extension', () => {
  let api: ExtensionApi;
  let thing: string;
  const write = { kind: 'write', keys: ['LwM2M Server.1.Lifetime'], value: '480' };

  const operationShadow = () => api.connection.session()!.shadows.get(thing, 'operation');

  /** Runs a command that may open a picker or an input box; whatever opens is dismissed, as a person does. */
  async function dismissing<T>(command: string, ...args: unknown[]): Promise<T | undefined> {
    let settled = false;
    const result = Promise.resolve(run<T>(command, ...args)).then((v) => { settled = true; return v; }, (e: unknown) => { settled = true; throw e; });
    while (!settled) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 200))]);
    }
    return result;
  }

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await sandboxApi();
    // An online thingy91 thing, the last one: the other suites use the first things of each type.
    const type = await child(api, undefined, 'thingy91');
    for (const t of (await rows(api, type.node)).reverse()) {
      if ((await child(api, t.node, 'Classic')).description.startsWith('online')) {
        thing = t.label;
        break;
      }
    }
    assert.ok(thing, 'an online thingy91 thing');
  });

  teardown(() => resetInteraction(api));

  test('showOperationHistory {id, action: "run"} asks before sending a write again; declined, nothing is sent', async function () {
    this.timeout(60_000);
    // A write in the thing's history, sent as a person does: F1 Write…, the key picked, the value typed.
    answerQuestions(api, { picks: write.keys, inputs: [write.value] });
    const sent = await run('write', { thing });
    answerQuestions(api, undefined);
    assert.equal(sent.status, 'answered', JSON.stringify(sent));
    const entry = api.operationHistory('sandbox').find((e) => e.thing === thing && e.operation === 'write');
    assert.ok(entry, 'the write is in the history');

    const asked: string[] = [];
    answerPrompts(api, (message) => { asked.push(message); return undefined; });
    const before = (await operationShadow()).version;
    const outcome = await run<TreeActionOutcome | boolean>('showOperationHistory', { id: entry.id, action: 'run' });
    assert.equal(typeof outcome === 'object' && outcome.status, 'cancelled', JSON.stringify(outcome));
    assert.deepEqual(asked, [`Send write of LwM2M Server.1.Lifetime to ${thing} again?`]);
    assert.equal((await operationShadow()).version, before, 'nothing reached the operation shadow');

    // Answered Run Again, it is sent, as from the history's picker.
    answerPrompts(api, (_m, choices) => choices.find((c) => c === 'Run Again'));
    const again = await run<TreeActionOutcome>('showOperationHistory', { id: entry.id, action: 'run' });
    assert.equal(again.status, 'answered', JSON.stringify(again));
    assert.ok((await operationShadow()).version > before, 'sent once the person said so');
  });

  test('tree actions, New Request and Publish with crafted arguments send nothing unasked', async function () {
    this.timeout(60_000);
    const asked: string[] = [];
    answerPrompts(api, (message) => { asked.push(message); return undefined; });
    const before = (await operationShadow()).version;
    // Keys and a value pre-answer the pickers and the input box: ignored, so the pickers open (and are dismissed).
    const written = await dismissing<TreeActionOutcome>('write', { thing, keys: write.keys, value: write.value });
    assert.notEqual(written?.status, 'answered', JSON.stringify(written));
    const attributes = await dismissing<TreeActionOutcome>('writeAttributes', { thing, keys: ['LwM2M Server.1.Lifetime'], attributes: { pmin: 1 } });
    assert.notEqual(attributes?.status, 'answered', JSON.stringify(attributes));
    // An execute is always confirmed; declined, nothing is sent, whatever the arguments say.
    const rebooted = await dismissing<TreeActionOutcome>('reboot', { thing, confirm: true, keys: ['Device.0.Reboot'] });
    assert.equal(rebooted?.status, 'cancelled', JSON.stringify(rebooted));
    assert.ok(asked.some((m) => /^Execute .* on .*\?$/.test(m)), asked.join('\n'));
    // New Request only fills the document; it sends nothing (its arguments answer nothing: the operation picker opens).
    const opened = await dismissing<TreeActionOutcome>('newRequest', vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` }), { ...write });
    assert.notEqual(opened?.status, 'answered', JSON.stringify(opened));
    assert.equal((await operationShadow()).version, before, 'nothing reached the operation shadow');
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
