// Device checks in a real VS Code against the sandbox: files of the workspace found by the Testing view's
// controller with a child per step at its line, a passing run, a failing step with its expected/actual diff at
// the step's line, cancellation that publishes nothing more, and the request problems inside a test file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { DeviceTests } from '../../src/ui/testing/deviceTests';
import type { PublishOutcome } from '../../src/ui/operations/publishOperation';
import { sandboxApi, waitFor } from './fleetHelpers';

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
    await tests.runWith('active', [file], new vscode.CancellationTokenSource().token);
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
    await tests.runWith('sandbox', [[...file.children].map(([, c]) => c).find((c) => c.id.endsWith('#0'))!], new vscode.CancellationTokenSource().token);
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
    const running = tests.runWith('active', [file], cts.token);
    setTimeout(() => cts.cancel(), 500);
    await running;
    assert.ok(Date.now() - t0 < 10_000, 'the 60 s wait stopped');
    assert.deepEqual(tests.lastRun.map((o) => o.state), ['skipped', 'skipped', 'skipped']);
    assert.equal((await session.shadows.get(thing, 'operation')).version, before, 'nothing was published');
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
    const written = await vscode.commands.executeCommand<string>('lwm2mShadows.saveAsTest', { id: entry.id, target });
    assert.equal(written, target.toString());
    const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)));
    assert.deepEqual(saved.target, { thing });
    assert.deepEqual(saved.steps[0].request, { operation: 'read', keys: ['Device.0.Manufacturer', 'Device.0.Current Time'] });
    assert.deepEqual(saved.steps[0].expect, { failedKeys: [], values: { 'Device.0.Manufacturer': 'ACME', 'Device.0.Current Time': { changed: true } } });
    // from the result document on screen too (its editor is the active one)
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.resultUri!)));
    const fromResult = vscode.Uri.joinPath(folder, 'checks', 'from-result.lwm2m-test.json');
    assert.equal(await vscode.commands.executeCommand<string>('lwm2mShadows.saveAsTest', { target: fromResult }), fromResult.toString());
    assert.deepEqual(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(fromResult))), saved);
    // the saved file runs and passes
    const file = await waitFor('the saved file as a test item', async () => item(target) ?? (await tests.items.refresh(target)));
    await tests.runWith('active', [file], new vscode.CancellationTokenSource().token);
    assert.deepEqual(tests.lastRun.map((o) => o.state), ['passed', 'passed'], JSON.stringify(tests.lastRun, null, 1));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
