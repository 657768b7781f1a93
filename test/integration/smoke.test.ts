// The extension in a real VS Code: it activates, registers what it contributes, and activation stays light
// (no AWS SDK, ajv or registry: those layers load on first use). Runs first (see index.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

const EXTENSION_ID = 'lwm2m-tools.lwm2m-shadows';

interface Contributes {
  commands: { command: string; title: string }[];
  viewsContainers: { activitybar: { id: string; title: string }[] };
  views: Record<string, { id: string; name: string }[]>;
  viewsWelcome: { view: string; contents: string }[];
}

suite('Extension smoke', () => {
  let extension: vscode.Extension<ExtensionApi>;
  let api: ExtensionApi;

  suiteSetup(async () => {
    const found = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not installed in the test VS Code`);
    extension = found;
    api = await extension.activate();
  });

  test('activates and returns its API', () => {
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0, `activationMs ${api.activationMs}`);
    console.log(`      activation took ${api.activationMs.toFixed(1)} ms (VS Code ${vscode.version})`);
  });

  test('activation loads no heavy layer (core, aws, sandbox)', () => {
    assert.deepEqual(api.loadedLayers(), []);
  });

  test('activation loads no feature bundle (charts, logs, firmware…): each loads on its first command', () => {
    assert.deepEqual(api.loadedFeatures(), []);
  });

  test('every contributed command is registered', async () => {
    const contributes = extension.packageJSON.contributes as Contributes;
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed but not registered');
  });

  test('contributes the LwM2M Shadows activity-bar container with the Fleet view and its welcome', () => {
    const contributes = extension.packageJSON.contributes as Contributes;
    assert.ok(contributes.viewsContainers.activitybar.some((c) => c.id === 'lwm2mShadows'));
    const fleet = contributes.views.lwm2mShadows?.find((v) => v.id === 'lwm2mShadows.fleet');
    assert.ok(fleet, 'view lwm2mShadows.fleet is not in container lwm2mShadows');
    const welcome = contributes.viewsWelcome.find((w) => w.view === 'lwm2mShadows.fleet');
    assert.ok(welcome, 'the Fleet view has no welcome content');
    assert.match(welcome.contents, /command:lwm2mShadows\.connectAws/);
    assert.match(welcome.contents, /command:lwm2mShadows\.useSandbox/);
  });

  test('the Fleet view opens', async () => {
    // The view id doubles as a command that focuses it; it fails when the view is not contributed.
    await vscode.commands.executeCommand('lwm2mShadows.fleet.focus');
  });
});
