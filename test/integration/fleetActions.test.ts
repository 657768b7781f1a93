// Actions in the Fleet view against the sandbox: reveal a thing by name, deprecate / undeprecate a thing
// type (confirmed), refuse to delete a type still in use, refresh a level.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { FleetNode } from '../../src/ui/fleet/fleetContext';
import { answerPrompts, child, resetInteraction, sandboxApi, rows, waitFor, withAnswers } from './fleetHelpers';

suite('Fleet actions on the sandbox', () => {
  let api: ExtensionApi;
  const asked: string[] = [];

  suiteSetup(async () => {
    api = await sandboxApi();
  });

  teardown(() => resetInteraction(api));

  test('Reveal Thing selects the thing under its type in the view', async () => {
    await vscode.commands.executeCommand('lwm2mShadows.fleet.focus');
    const type = await child(api, undefined, 'env_sensor');
    const name = (await rows(api, type.node))[2].label;
    api.fleet.refresh(undefined);
    await vscode.commands.executeCommand('lwm2mShadows.revealThing', name);
    const selected = await waitFor('a selection', () => api.treeView.selection[0]);
    assert.equal(api.fleet.getTreeItem(selected).label, name);
    assert.equal(api.fleet.getTreeItem(selected.parent!).label, 'env_sensor');
  });

  test('Reveal Thing… from F1: the person types part of the name and picks the thing among those listed', async () => {
    await vscode.commands.executeCommand('lwm2mShadows.fleet.focus');
    const type = await child(api, undefined, 'env_sensor');
    const name = (await rows(api, type.node))[1].label;
    api.fleet.refresh(undefined);
    await withAnswers(api, { searches: [{ typed: name.slice(-8), pick: name }] }, () => vscode.commands.executeCommand('lwm2mShadows.revealThing'));
    const selected = await waitFor('the thing selected', () => api.treeView.selection.find((n) => api.fleet.getTreeItem(n).label === name));
    assert.equal(api.fleet.getTreeItem(selected.parent!).label, 'env_sensor');
  });

  test('deprecating a thing type asks first, then shows the badge; undeprecating removes it', async () => {
    answerPrompts(api, (message) => {
      asked.push(message);
      return undefined; // the person cancels
    });
    let type = await child(api, undefined, 'thingy91');
    await vscode.commands.executeCommand('lwm2mShadows.deprecateThingType', type.node);
    assert.match(asked.at(-1) ?? '', /Deprecate thing type nordic:thingy91\?/);
    type = await child(api, undefined, 'thingy91');
    assert.equal(type.description, 'nordic', 'cancelled, but deprecated anyway');

    answerPrompts(api, (_m, choices) => choices[0]);
    await vscode.commands.executeCommand('lwm2mShadows.deprecateThingType', type.node);
    type = await child(api, undefined, 'thingy91');
    assert.equal(type.description, 'nordic · deprecated');
    assert.equal(type.item.contextValue, 'thingType.deprecated');

    await vscode.commands.executeCommand('lwm2mShadows.undeprecateThingType', type.node);
    type = await child(api, undefined, 'thingy91');
    assert.equal(type.description, 'nordic');
  });

  test('a thing type still in use is not deleted (and nobody is asked to confirm)', async () => {
    asked.length = 0;
    answerPrompts(api, (message, choices) => {
      asked.push(message);
      return choices[0];
    });
    const type = await child(api, undefined, 'tracker_v1');
    await vscode.commands.executeCommand('lwm2mShadows.deleteThingType', type.node);
    assert.deepEqual(asked, []);
    await child(api, undefined, 'tracker_v1');
  });

  test('refreshing a thing fetches its shadows again', async () => {
    const type = await child(api, undefined, 'tracker_v2');
    const thing = (await rows(api, type.node))[3];
    await rows(api, thing.node);
    const before = api.store.fetches;
    await rows(api, thing.node); // cached: no new fetch
    assert.equal(api.store.fetches, before);
    await vscode.commands.executeCommand('lwm2mShadows.refresh', thing.node as FleetNode);
    await rows(api, thing.node);
    assert.ok(api.store.fetches > before);
  });
});
