// Device checks in a real VS Code against the sandbox: files of the workspace found by the Testing view's
// controller with a child per step at its line, a passing run, a failing step with its expected/actual diff at
// the step's line, cancellation that publishes nothing more, and the request problems inside a test file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createSession } from '../../src/aws/index';
import type { AwsSession } from '../../src/aws/types';
import type { ExtensionApi } from '../../src/extension';
import type { DeviceTests } from '../../src/ui/testing/deviceTests';
import type { PublishOutcome } from '../../src/ui/operations/publishOperation';
import { answerPrompts, replaceInteraction, resetInteraction, sandboxApi, waitFor } from './fleetHelpers';

suite('Device checks in the Testing view', () => {
  let api: ExtensionApi;
  let tests: DeviceTests;
  let folder: vscode.Uri;
  const THING_TYPE = 'acme:env_sensor';

  async function write(name: string, o: unknown): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder, 'checks', name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o, null, 2)));
    return uri;
  }
  const item = (uri: vscode.Uri) => tests.controller.items.get(uri.toString());

  suiteSetup(async () => {
    api = await sandboxApi();
    tests = api.deviceTests()!;
    assert.ok(tests, 'the extension registers its device checks');
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  test('files of the workspace are discovered, each step a child at its line; edits and new files are picked up', async () => {
    const pass = await write('pass.lwm2m-test.json', {
      name: 'env sensor identity', target: { thingType: THING_TYPE },
      steps: [
        { name: 'manufacturer', request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { failedKeys: [] } },
        { wait: 1 },
      ],
    });
    await tests.items.discover();
    const file = await waitFor('the test item of pass.lwm2m-test.json', () => item(pass));
    assert.equal(file.label, 'env sensor identity');
    assert.equal(file.description, 'pass.lwm2m-test.json');
    const steps = [...file.children].map(([, c]) => c);
    assert.deepEqual(steps.map((s) => [s.label, s.range?.start.line]), [['1. manufacturer', 6], ['2. wait 1 s', 18]]);
    // a new file appears through the watcher
    const later = await write('later.lwm2m-test.json', { target: { thingType: THING_TYPE }, steps: [{ wait: 1 }] });
    await waitFor('the watcher to add later.lwm2m-test.json', () => item(later), 10_000);
    // a broken file shows its problem on the item
    const broken = await write('broken.lwm2m-test.json', '{"steps": []}');
    const brokenItem = await waitFor('the broken file', () => item(broken), 10_000);
    await waitFor('its error', () => brokenItem.error, 5000);
    assert.match(String(brokenItem.error), /^Line 1: "steps" must be a non-empty array/);
    await vscode.workspace.fs.delete(broken);
    await vscode.workspace.fs.delete(later);
    await waitFor('the watcher to remove later.lwm2m-test.json', () => (item(later) ? undefined : true), 10_000);
  });

  test('a passing run and a failing step with expected vs actual at its line', async () => {
    const uri = await write('mixed.lwm2m-test.json', {
      name: 'env sensor checks', target: { thingType: THING_TYPE },
      steps: [
        { name: 'manufacturer', request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { values: { 'Device.0.Manufacturer': 'ACME' } } },
        { name: 'wrong model', request: { operation: 'read', keys: ['Device.0.Model Number'] }, expect: { values: { 'Device.0.Model Number': 'env_sensor_v9' } } },
      ],
    });
    const file = await waitFor('the item', async () => item(uri) ?? (await tests.items.refresh(uri)));
    await api.runDeviceTests('active', [file], new vscode.CancellationTokenSource().token);
    const byId = new Map(tests.lastRun.map((o) => [o.id, o]));
    assert.equal(byId.get(`${uri.toString()}#0`)?.state, 'passed', JSON.stringify(tests.lastRun, null, 1));
    const failed = byId.get(`${uri.toString()}#1`);
    assert.equal(failed?.state, 'failed', JSON.stringify(tests.lastRun, null, 1));
    assert.deepEqual(failed.messages, [{
      message: 'values["Device.0.Model Number"]: expected "env_sensor_v9", got "env_sensor"',
      expected: '"env_sensor_v9"', actual: '"env_sensor"', line: 20,
    }]);
    assert.equal(byId.get(uri.toString())?.state, 'failed');
    // running one step runs it alone when it is the first
    await api.runDeviceTests('sandbox', [[...file.children].map(([, c]) => c).find((c) => c.id.endsWith('#0'))!], new vscode.CancellationTokenSource().token);
    assert.deepEqual(tests.lastRun.map((o) => [o.id.slice(uri.toString().length), o.state]), [['#0', 'passed'], ['', 'passed']]);
  });

  test('cancelling stops the wait and publishes nothing more', async () => {
    const session = api.connection.session()!;
    const thing = (await session.fleet.listThings({ maxResults: 50, thingTypeName: THING_TYPE })).items[0].name;
    const uri = await write('cancel.lwm2m-test.json', {
      target: { thing },
      steps: [{ wait: 60 }, { request: { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [999] } }],
    });
    const file = await waitFor('the item', async () => item(uri) ?? (await tests.items.refresh(uri)));
    const before = (await session.shadows.get(thing, 'operation')).version;
    const cts = new vscode.CancellationTokenSource();
    const t0 = Date.now();
    const running = api.runDeviceTests('active', [file], cts.token);
    setTimeout(() => cts.cancel(), 500);
    await running;
    assert.ok(Date.now() - t0 < 10_000, 'the 60 s wait stopped');
    assert.deepEqual(tests.lastRun.map((o) => o.state), ['skipped', 'skipped', 'skipped']);
    // the runner's reasons reach the Testing view through l10n (its English templates, here)
    assert.deepEqual(tests.lastRun.slice(0, 2).map((o) => o.messages.map((m) => m.message)), [['Cancelled during the wait.'], ['Cancelled during the wait.']]);
    assert.equal((await session.shadows.get(thing, 'operation')).version, before, 'nothing was published');
  });

  test('typing in a test file is read again when typing pauses, not on every keystroke; a huge file is not read', async () => {
    const uri = await write('typing.lwm2m-test.json', { name: 'typed 0', target: { thingType: THING_TYPE }, steps: [{ wait: 1 }] });
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await waitFor('the item', () => item(uri));
    const before = tests.items.parses;
    for (let i = 1; i <= 8; i++) {
      const at = doc.getText().indexOf(`typed ${i - 1}`) + 'typed '.length;
      await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 1)), String(i)));
    }
    await waitFor('the last name on the item', () => item(uri)?.label === 'typed 8', 5000);
    assert.ok(tests.items.parses - before <= 3, `parsed ${tests.items.parses - before} times for 8 keystrokes`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    const huge = await write('huge.lwm2m-test.json', `{"name": "${'x'.repeat(2 * 1024 * 1024)}", "steps": [{"wait": 1}]}`);
    const parsed = tests.items.parses;
    const hugeItem = await tests.items.refresh(huge);
    assert.match(String(hugeItem?.error), /too large for a device check \(at most 2 MB\)/);
    assert.equal(hugeItem?.children.size, 0);
    assert.equal(tests.items.parses, parsed, 'not parsed');
    await api.runDeviceTests('sandbox', [hugeItem!], new vscode.CancellationTokenSource().token);
    assert.deepEqual(tests.lastRun.map((o) => [o.state, o.messages[0]?.message]), [['errored', 'Not read: the file is too large for a device check (at most 2 MB).']]);
    await vscode.workspace.fs.delete(huge);
    await vscode.workspace.fs.delete(uri);
  });

  test("a step's request gets the operation document's problems in the test file", async () => {
    const uri = await write('problems.lwm2m-test.json', '{\n  "steps": [\n    {"request": {"operation": "Read", "keys": ["Device.0"]}}\n  ]\n}\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const problems = await waitFor('LwM2M problems in the test file', () => {
      const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'LwM2M');
      return ds.length ? ds : undefined;
    });
    assert.equal(problems[0].code, 'unknown-operation');
    assert.equal(problems[0].range.start.line, 2);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Save as Test… turns a published read and its answer into a test file that passes', async () => {
    const session = api.connection.session()!;
    const thing = (await session.fleet.listThings({ maxResults: 50, thingTypeName: THING_TYPE })).items.find((t) => t.name === 'acme-env-1c7df650')?.name
      ?? (await session.fleet.listThings({ maxResults: 50, thingTypeName: THING_TYPE })).items[0].name;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/sandbox/${thing}/operation.json` }));
    const editor = await vscode.window.showTextDocument(doc);
    const version = JSON.parse(doc.getText()).version;
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), JSON.stringify({ state: { desired: { operation: 'read', keys: ['Device.0.Manufacturer', 'Device.0.Current Time'] } }, version }, null, 2)));
    const outcome = await vscode.commands.executeCommand<PublishOutcome>('lwm2mShadows.publishOperation', doc.uri);
    assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
    const entry = api.operationHistory('sandbox')[0];
    const target = vscode.Uri.joinPath(folder, 'checks', 'saved.lwm2m-test.json');
    // Where to write is the person's answer to the save dialog.
    const saveAs = (uri: vscode.Uri) => replaceInteraction(api, { saveTarget: async () => uri.toString() });
    saveAs(target);
    const written = await vscode.commands.executeCommand<string>('lwm2mShadows.saveAsTest', { id: entry.id });
    assert.equal(written, target.toString());
    const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)));
    assert.deepEqual(saved.target, { thing });
    assert.deepEqual(saved.steps[0].request, { operation: 'read', keys: ['Device.0.Manufacturer', 'Device.0.Current Time'] });
    assert.deepEqual(saved.steps[0].expect, { failedKeys: [], values: { 'Device.0.Manufacturer': 'ACME', 'Device.0.Current Time': { changed: true } } });
    // from the result document on screen too (its editor is the active one)
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.resultUri!)));
    const fromResult = vscode.Uri.joinPath(folder, 'checks', 'from-result.lwm2m-test.json');
    saveAs(fromResult);
    assert.equal(await vscode.commands.executeCommand<string>('lwm2mShadows.saveAsTest'), fromResult.toString());
    replaceInteraction(api, { saveTarget: undefined });
    assert.deepEqual(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(fromResult))), saved);
    // the saved file runs and passes
    const file = await waitFor('the saved file as a test item', async () => item(target) ?? (await tests.items.refresh(target)));
    await api.runDeviceTests('active', [file], new vscode.CancellationTokenSource().token);
    assert.deepEqual(tests.lastRun.map((o) => o.state), ['passed', 'passed'], JSON.stringify(tests.lastRun, null, 1));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Save as Test… asks before its .lwm2m-test.json name replaces an existing file', async () => {
    const entry = api.operationHistory('sandbox').find((e) => e.result);
    assert.ok(entry, 'an answered operation from the test before');
    const existing = await write('keep.lwm2m-test.json', '{"kept": true}');
    // Picked in the save dialog without the suffix: the name it gets is one the dialog did not ask about.
    const chosen = vscode.Uri.joinPath(folder, 'checks', 'keep.json');
    const asked: { message: string; choices: readonly string[] }[] = [];
    replaceInteraction(api, { saveTarget: async () => chosen.toString() });
    try {
      answerPrompts(api, (message, choices) => { asked.push({ message, choices }); return undefined; });
      assert.equal(await vscode.commands.executeCommand<string | undefined>('lwm2mShadows.saveAsTest', { id: entry.id }), undefined);
      assert.deepEqual(asked, [{ message: 'keep.lwm2m-test.json already exists. Replace it?', choices: ['Replace'] }]);
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(existing)), '{"kept": true}', 'declined: the file is as it was');
      answerPrompts(api, (_m, choices) => choices.find((c) => c === 'Replace'));
      assert.equal(await vscode.commands.executeCommand<string>('lwm2mShadows.saveAsTest', { id: entry.id }), existing.toString());
      assert.deepEqual(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(existing))).target, { thing: entry.thing });
    } finally {
      answerPrompts(api, undefined);
      replaceInteraction(api, { saveTarget: undefined });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});

suite('Device checks ask before they reach real devices', () => {
  let api: ExtensionApi;
  let tests: DeviceTests;
  let folder: vscode.Uri;
  let real: AwsSession;
  const THING_TYPE = 'acme:env_sensor';
  const LABEL = 'prod (eu-west-1)';

  async function write(name: string, o: unknown): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder, 'checks', name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(o, null, 2)));
    return uri;
  }
  const fileItem = (uri: vscode.Uri) => waitFor('the item', async () => tests.controller.items.get(uri.toString()) ?? (await tests.items.refresh(uri)));

  suiteSetup(async () => {
    api = await sandboxApi();
    tests = api.deviceTests()!;
    folder = vscode.workspace.workspaceFolders![0].uri;
    const spec = api.connection.session()!.spec;
    // A connection that is not the local sandbox (its requests reach the same in-process service).
    real = createSession({ ...spec, kind: 'custom', id: 'prod@eu-west-1', label: LABEL });
  });

  teardown(() => resetInteraction(api));

  suiteTeardown(async () => {
    await api.connection.connectSandbox();
  });

  test('a run on a real connection asks once, listing the files, the picked thing and the operations; declined, nothing is sent', async () => {
    const sandbox = api.connection.session()!;
    const things = (await sandbox.fleet.listThings({ maxResults: 50, thingTypeName: THING_TYPE })).items.map((t) => t.name);
    const named = things[things.length - 1];
    const reset = await write('reset.lwm2m-test.json', {
      target: { thing: named },
      steps: [{ request: { operation: 'execute', keys: ['Device.0.Factory Reset'] } }],
    });
    const typed = await write('typed.lwm2m-test.json', {
      target: { thingType: THING_TYPE },
      steps: [{ request: { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [300] } }, { wait: 1 }],
    });
    const files = [await fileItem(reset), await fileItem(typed)];
    const versions = async () => Promise.all(things.map((t) => sandbox.shadows.get(t, 'operation').then((d) => d.version, () => -1)));
    const before = await versions();
    await api.connection.useSession(real);
    const asked: { message: string; choices: readonly string[]; detail: string }[] = [];
    answerPrompts(api, (message, choices, detail) => { asked.push({ message, choices, detail }); return undefined; });
    await api.runDeviceTests('active', files, new vscode.CancellationTokenSource().token);
    assert.equal(asked.length, 1, 'one question per run');
    assert.match(asked[0].message, /Run 2 device check file\(s\) on prod \(eu-west-1\)\?/);
    const detail = asked[0].detail;
    assert.match(detail, new RegExp(`reset\\.lwm2m-test\\.json → ${named}\\n    execute Device\\.0\\.Factory Reset`));
    const picked = /typed\.lwm2m-test\.json → (\S+) \(picked of thing type acme:env_sensor\)\n {4}write LwM2M Server\.1\.Lifetime/.exec(detail);
    assert.ok(picked && things.includes(picked[1]), detail);
    assert.deepEqual(tests.lastRun.map((o) => o.state), ['skipped', 'skipped']);
    assert.deepEqual(await versions(), before, 'nothing was published');
    assert.ok(tests.lastOutput.some((l) => /not confirmed; nothing was sent/.test(l)), tests.lastOutput.join('\n'));

    // confirmed: the typed file runs on exactly the thing the question named
    answerPrompts(api, (_m, choices) => choices.find((c) => c === `Run on ${LABEL}`));
    await api.runDeviceTests('active', [files[1]], new vscode.CancellationTokenSource().token);
    assert.deepEqual(tests.lastRun.map((o) => o.state), ['passed', 'passed', 'passed'], JSON.stringify(tests.lastRun, null, 1));
    assert.ok(tests.lastOutput.some((l) => l.includes(`on ${picked[1]}`)), tests.lastOutput.join('\n'));
    await vscode.workspace.fs.delete(reset);
    await vscode.workspace.fs.delete(typed);
  });

  test('the local sandbox is the default profile and runs without a question', async () => {
    const profiles = (tests as unknown as { profiles: Record<string, vscode.TestRunProfile> }).profiles;
    assert.equal(profiles.sandbox.isDefault, true);
    assert.equal(profiles.active.isDefault, false);
    const uri = await write('quiet.lwm2m-test.json', { name: 'quiet\u001b]0;pwned\u0007\u009b2J', target: { thingType: THING_TYPE }, steps: [{ request: { operation: 'read', keys: ['Device.0.Manufacturer'] } }] });
    const asked: string[] = [];
    answerPrompts(api, (message) => { asked.push(message); return undefined; });
    await api.runDeviceTests('sandbox', [await fileItem(uri)], new vscode.CancellationTokenSource().token);
    assert.deepEqual(asked, []);
    assert.deepEqual(tests.lastRun.map((o) => o.state), ['passed', 'passed'], JSON.stringify(tests.lastRun, null, 1));
    // the Test Results terminal gets file and device text with its control characters visible
    const out = tests.lastOutput.join('\r\n');
    assert.doesNotMatch(out, /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/, out);
    assert.match(out, /quiet\\u001b\]0;pwned\\u0007\\u009b2J: on /);
    await vscode.workspace.fs.delete(uri);
  });

  test('an untrusted workspace runs nothing and says why', async () => {
    const sandbox = api.connection.session()!;
    const thing = (await sandbox.fleet.listThings({ maxResults: 50, thingTypeName: THING_TYPE })).items[0].name;
    const uri = await write('untrusted.lwm2m-test.json', { target: { thing }, steps: [{ request: { operation: 'write', keys: ['LwM2M Server.1.Lifetime'], values: [301] } }] });
    const before = (await sandbox.shadows.get(thing, 'operation')).version;
    // The person has not trusted the workspace (the test VS Code runs with workspace trust turned off).
    const warned: string[] = [];
    replaceInteraction(api, { workspaceTrusted: () => false, notify: async (level, message) => { if (level === 'warning') warned.push(message); return undefined; } });
    const asked: string[] = [];
    answerPrompts(api, (message) => { asked.push(message); return undefined; });
    await api.runDeviceTests('sandbox', [await fileItem(uri)], new vscode.CancellationTokenSource().token);
    await api.runDeviceTests('active', [await fileItem(uri)], new vscode.CancellationTokenSource().token);
    assert.deepEqual(asked, []);
    assert.deepEqual(warned, Array(2).fill('Device checks do not run in an untrusted workspace: a test file publishes to real devices. Trust the workspace to run them.'), 'each run says why');
    assert.deepEqual(tests.lastRun, [{ id: uri.toString(), state: 'errored', messages: [{ message: 'Not run: the workspace is not trusted.' }] }]);
    assert.match(tests.lastOutput.join('\n'), /do not run in an untrusted workspace/);
    assert.equal((await sandbox.shadows.get(thing, 'operation')).version, before, 'nothing was published');
    await vscode.workspace.fs.delete(uri);
  });
});
