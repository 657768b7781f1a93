// The Fleet view against the embedded sandbox in a real VS Code: what each level shows, paging, and that
// nothing is fetched before it is expanded.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { FleetNode } from '../../src/ui/fleet/fleetContext';
import { child, extensionApi, rows, setSetting, tooltipText } from './fleetHelpers';

suite('Fleet view on the sandbox', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await extensionApi();
    await setSetting('datamodel.refreshIntervalSeconds', 0);
    const t0 = performance.now();
    await api.connection.connectSandbox();
    const types = await rows(api);
    const first = await rows(api, types[0].node);
    console.log(`      sandbox started and first things listed in ${(performance.now() - t0).toFixed(0)} ms (${first.length} rows)`);
  });

  suiteTeardown(async () => {
    await setSetting('fleet.pageSize', undefined);
    await setSetting('datamodel.refreshIntervalSeconds', undefined);
  });

  test('the status bar connection is the local sandbox', () => {
    assert.equal(api.connection.state(), 'connected');
    assert.equal(api.connection.id(), 'sandbox');
    assert.equal(api.connection.label(), 'Local sandbox');
  });

  test('thing types show model and manufacturer, a deprecated badge, then "Things without a type"', async () => {
    const top = await rows(api);
    const byLabel = new Map(top.map((r) => [r.label, r]));
    assert.equal(byLabel.get('tracker_v2')?.description, 'acme');
    assert.equal(byLabel.get('thingy91')?.description, 'nordic');
    assert.equal(byLabel.get('tracker_v1')?.description, 'acme · deprecated');
    assert.equal(byLabel.get('tracker_v1')?.item.contextValue, 'thingType.deprecated');
    assert.equal(byLabel.get('tracker_v2')?.item.contextValue, 'thingType.active');
    assert.match(tooltipText(byLabel.get('tracker_v2')!.item), /Coiote DM device type: acme\.tracker_v2/);
    assert.equal(top[top.length - 1].label, 'Things without a type');
    const untyped = await rows(api, top[top.length - 1].node);
    assert.ok(untyped.length > 0 && untyped.every((r) => r.item.contextValue === 'thing'), JSON.stringify(untyped.map((r) => r.label)));
  });

  test('a thing lists Classic (connectivity), Datamodel and Operation', async () => {
    const type = await child(api, undefined, 'tracker_v2');
    const things = await rows(api, type.node);
    const shadows = await rows(api, things[0].node);
    assert.deepEqual(shadows.map((r) => r.label), ['Classic', 'Datamodel', 'Operation']);
    const classic = shadows[0];
    assert.match(classic.description, /^(online|offline|sleeping \(queue mode\)|connectivity unknown)/);
    assert.match(tooltipText(classic.item), /registeredLifeTime/);
    assert.equal(classic.item.command?.command, 'lwm2mShadows.openShadow');
    assert.equal(shadows[1].item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.match(shadows[2].description, /no operation yet|last:|requested:/);
  });

  test('Open Shadow on one of several selected shadow rows opens each selected shadow in its own tab', async () => {
    const type = await child(api, undefined, 'tracker_v2');
    const things = await rows(api, type.node);
    const classic = await child(api, things[0].node, 'Classic');
    const datamodel = await child(api, things[1].node, 'Datamodel');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try {
      await vscode.commands.executeCommand('lwm2mShadows.openShadow', datamodel.node, [classic.node, datamodel.node]);
      const open = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input as { uri?: vscode.Uri }).uri?.path);
      assert.deepEqual(open, [`/sandbox/${things[0].label}/classic.json`, `/sandbox/${things[1].label}/datamodel.json`]);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('the datamodel expands into objects (name and ID), instances and resources with values and units', async () => {
    const type = await child(api, undefined, 'tracker_v2');
    const thing = (await rows(api, type.node))[0];
    const datamodel = await child(api, thing.node, 'Datamodel');
    const objects = await rows(api, datamodel.node);
    const device = objects.find((r) => r.label === 'Device');
    assert.ok(device, JSON.stringify(objects.map((r) => r.label)));
    assert.equal(device.description, '/3');
    const instance = await child(api, device.node, 'Instance 0');
    assert.equal(instance.description, '/3/0');
    const resources = await rows(api, instance.node);
    const names = resources.map((r) => r.label);
    assert.ok(names.includes('Manufacturer'), JSON.stringify(names));
    const manufacturer = resources.find((r) => r.label === 'Manufacturer')!;
    assert.ok(manufacturer.description.length > 0);
    const battery = resources.find((r) => r.label === 'Battery Level');
    if (battery) assert.match(battery.description, /^\d+ %$/);
    const reboot = resources.find((r) => r.label === 'Reboot');
    if (reboot) assert.equal(reboot.description, 'no value');
    // Tooltips come from the registry, as untrusted markdown.
    const tip = manufacturer.item.tooltip as vscode.MarkdownString;
    assert.equal(tip.isTrusted, false);
    assert.equal(tip.supportHtml, false);
    assert.match(tip.value, /Type\*\*: String/);
    assert.match(tip.value, /Device\\?\.0\\?\.Manufacturer/);
    assert.equal(manufacturer.item.contextValue, 'resource.path can-read can-observe can-cancelObserve can-writeAttributes');
    // Multi-instance resources expand into their instances.
    const multi = resources.find((r) => /instances?$/.test(r.description) && r.item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed);
    if (multi) {
      const inst = await rows(api, multi.node);
      assert.ok(inst.length > 0);
    }
  });

  test('objects the OMA registry does not know resolve with the sandbox\'s vendor definitions', async () => {
    const type = await child(api, undefined, 'tracker_v2');
    const thing = (await rows(api, type.node))[0];
    const datamodel = await child(api, thing.node, 'Datamodel');
    const objects = await rows(api, datamodel.node);
    const unknown = objects.filter((r) => !/^\/\d+$/.test(r.description));
    assert.deepEqual(unknown.map((r) => `${r.label} ${r.description}`), []);
    assert.ok(objects.some((r) => r.label === 'ACME Tracking'), JSON.stringify(objects.map((r) => r.label)));
  });

  test('object definitions from lwm2mShadows.objectDefinitionFolders override the registry', async () => {
    const folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'ddf');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, '3303.xml'), new TextEncoder().encode(`<?xml version="1.0" encoding="utf-8"?>
<LWM2M><Object ObjectType="MODefinition"><Name>Temperature</Name><Description1>Our own temperature sensor.</Description1>
<ObjectID>3303</ObjectID><ObjectURN>urn:oma:lwm2m:ext:3303</ObjectURN><MultipleInstances>Multiple</MultipleInstances><Mandatory>Optional</Mandatory>
<Resources><Item ID="5700"><Name>Sensor Value</Name><Operations>R</Operations><MultipleInstances>Single</MultipleInstances><Mandatory>Mandatory</Mandatory>
<Type>Float</Type><RangeEnumeration></RangeEnumeration><Units>mK</Units><Description>Millikelvin, in our firmware.</Description></Item></Resources></Object></LWM2M>`));
    await setSetting('objectDefinitionFolders', ['ddf']);
    try {
      const type = await child(api, undefined, 'tracker_v2');
      const thing = (await rows(api, type.node))[0];
      const datamodel = await child(api, thing.node, 'Datamodel');
      const temperature = await child(api, datamodel.node, 'Temperature');
      assert.match((temperature.item.tooltip as vscode.MarkdownString).value, /Our(&nbsp;| )own(&nbsp;| )temperature(&nbsp;| )sensor/);
      const value = await child(api, (await child(api, temperature.node, 'Instance 0')).node, 'Sensor Value');
      assert.match(value.description, / mK$/);
    } finally {
      await setSetting('objectDefinitionFolders', undefined);
    }
  });

  test('copy key and copy path put a resource\'s key and path on the clipboard', async () => {
    const type = await child(api, undefined, 'tracker_v2');
    const thing = (await rows(api, type.node))[0];
    const datamodel = await child(api, thing.node, 'Datamodel');
    const device = await child(api, datamodel.node, 'Device');
    const instance = await child(api, device.node, 'Instance 0');
    const manufacturer = await child(api, instance.node, 'Manufacturer');
    await vscode.commands.executeCommand('lwm2mShadows.copyResourceKey', manufacturer.node);
    assert.equal(await vscode.env.clipboard.readText(), 'Device.0.Manufacturer');
    await vscode.commands.executeCommand('lwm2mShadows.copyResourcePath', manufacturer.node);
    assert.equal(await vscode.env.clipboard.readText(), '/3/0/0');
    // With several rows selected and the clicked one among them: every selected row's, one a line.
    const model = await child(api, instance.node, 'Model Number');
    await vscode.commands.executeCommand('lwm2mShadows.copyResourceKey', model.node, [manufacturer.node, model.node]);
    assert.equal(await vscode.env.clipboard.readText(), 'Device.0.Manufacturer\nDevice.0.Model Number');
    // Clicked outside the selection: the clicked row only.
    await vscode.commands.executeCommand('lwm2mShadows.copyResourcePath', model.node, [manufacturer.node]);
    assert.equal(await vscode.env.clipboard.readText(), '/3/0/1');
  });

  test('things page with "Load more…": N things cost ceil(N / page) calls and no shadow call', async () => {
    await setSetting('fleet.pageSize', 4);
    api.fleet.refresh(undefined);
    const type = await child(api, undefined, 'tracker_v2');
    const fetchesBefore = api.store.fetches;
    let list = await rows(api, type.node);
    assert.equal(list.length, 5, JSON.stringify(list.map((r) => r.label)));
    assert.equal(list[4].label, 'Load more…');
    let pages = 1;
    while (list[list.length - 1].label === 'Load more…') {
      // Two clicks at once load one page (the lock against double loads).
      await Promise.all([
        vscode.commands.executeCommand('lwm2mShadows.loadMore', list[list.length - 1].node),
        vscode.commands.executeCommand('lwm2mShadows.loadMore', list[list.length - 1].node),
      ]);
      pages++;
      list = await rows(api, type.node);
    }
    const things = list.filter((r) => r.item.contextValue === 'thing');
    const group = type.node as FleetNode & { things: { pagesFetched: number } };
    assert.equal(group.things.pagesFetched, Math.ceil(things.length / 4));
    assert.equal(pages, Math.ceil(things.length / 4));
    assert.equal(new Set(things.map((r) => r.label)).size, things.length, 'a thing is listed twice');
    assert.equal(api.store.fetches, fetchesBefore, 'listing things fetched shadows');
    await setSetting('fleet.pageSize', undefined);
    api.fleet.refresh(undefined);
  });

  test('a name filter narrows the things of a type', async () => {
    const type = await child(api, undefined, 'thingy91');
    const all = await rows(api, type.node);
    const name = all[0].label;
    (type.node as FleetNode & { setFilter(t: string): void }).setFilter(name.slice(-6));
    const filtered = await rows(api, type.node);
    assert.deepEqual(filtered.map((r) => r.label), [name]);
    assert.match(api.fleet.getTreeItem(type.node).description as string, /filter: "/);
    (type.node as FleetNode & { setFilter(t: string): void }).setFilter('no-such-thing-xyz');
    const none = await rows(api, type.node);
    assert.equal(none.length, 1);
    assert.match(none[0].label, /No thing name contains "no-such-thing-xyz"/);
    (type.node as FleetNode & { setFilter(t: string): void }).setFilter('');
  });
});
