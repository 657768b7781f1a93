// What a person sees in the Fleet view on the local sandbox: the tree populates by itself (startWith =
// "sandbox", as `npm run demo` sets it), and clicking through type → thing → Datamodel → Device →
// Instance 0 shows resources with their values. With LWM2M_UPDATE_MEDIA=1 it also updates the README's pictures under media/.
import * as assert from 'node:assert/strict';
import { openWorkbench, updateReadmePicture, type Workbench } from '../harness/workbench';


suite('Fleet view (e2e)', () => {
  let wb: Workbench;

  suiteSetup(async () => {
    wb = await openWorkbench({
      name: 'fleet',
      viewport: { width: 1400, height: 860 },
      settings: { 'lwm2mShadows.connection.startWith': 'sandbox', 'lwm2mShadows.datamodel.refreshIntervalSeconds': 2 },
    });
  });

  suiteTeardown(async () => {
    await wb?.close();
  });

  const row = (label: string | RegExp) => wb.treeRow(label);
  /** Each visible row as a person reads it: label, then description. */
  const personRows = () => wb.treeRows();

  test('the tree shows the sandbox fleet without any click but opening the view', async () => {
    const t0 = Date.now();
    await wb.clickActivityBar('LwM2M');
    await wb.waitForTreeRow('tracker_v2', 60_000);
    await wb.widenSidebar(170);
    console.log(`      thing types visible ${Date.now() - t0} ms after opening the view`);
    const rows = await personRows();
    assert.ok(rows.some((r) => /^tracker_v2 acme$/.test(r)), JSON.stringify(rows));
    assert.ok(rows.some((r) => /^tracker_v1 acme · deprecated$/.test(r)), JSON.stringify(rows));
    assert.ok(rows.includes('Things without a type'), JSON.stringify(rows));
    const status = await wb.page.locator('.statusbar-item', { hasText: 'LwM2M:' }).first().innerText();
    assert.match(status, /LwM2M: Local sandbox/);
  });

  test('type → thing → Datamodel → Device → Instance 0 shows resources with values', async () => {
    await row('tracker_v2').click();
    await wb.waitForTreeRow(/^urn:imei:/);
    const thing = (await row(/^urn:imei:/).innerText()).trim();
    await row(/^urn:imei:/).click();
    await wb.waitForTreeRow('Datamodel');
    const shadows = await personRows();
    assert.ok(shadows.some((r) => /^Classic (online|offline|sleeping|connectivity)/.test(r)), JSON.stringify(shadows));
    assert.ok(shadows.some((r) => /^Operation/.test(r)), JSON.stringify(shadows));
    await row('Datamodel').click();
    await wb.waitForTreeRow('Device');
    assert.ok((await personRows()).includes('Device /3'));
    await row('Device').click();
    await wb.waitForTreeRow('Instance 0');
    assert.ok((await personRows()).includes('Instance 0 /3/0'));
    await row('Instance 0').click();
    await wb.waitForTreeRow('Manufacturer');
    const rows = await personRows();
    const manufacturer = rows.find((r) => r.startsWith('Manufacturer '));
    assert.match(manufacturer ?? '', /^Manufacturer \S+/);
    assert.ok(rows.some((r) => /^Battery Level \d+ %$/.test(r)), JSON.stringify(rows));
    assert.ok(rows.some((r) => /^Reboot no value$/.test(r)), JSON.stringify(rows));
    console.log(`      ${thing}: ${rows.filter((r) => /^(Manufacturer|Battery Level|Reboot) /.test(r)).join(' | ')}`);
    await row('Battery Level').hover();
    await wb.page.waitForTimeout(1200);
    updateReadmePicture(await wb.screenshot('fleet-tree'), 'fleet-tree');
  });

  test('an expanded datamodel follows the device live and marks the value that changed', async () => {
    await row('Device').click(); // collapse it, to see Temperature
    await wb.waitForTreeRow('Temperature');
    await row('Temperature').click();
    await wb.waitForTreeRow('Instance 0');
    await row('Instance 0').click();
    await wb.waitForTreeRow('Sensor Value');
    const before = (await personRows()).find((r) => r.startsWith('Sensor Value '));
    // The sandbox's first tracker notifies its temperature every 10 s; the view refreshes every 2 s here.
    const changed = row('Sensor Value').locator('.codicon-diff-modified');
    await changed.waitFor({ state: 'visible', timeout: 60_000 });
    const after = (await personRows()).find((r) => r.startsWith('Sensor Value '));
    console.log(`      ${before} → ${after}`);
    assert.notEqual(after, before);
    assert.match(after ?? '', /^Sensor Value -?\d+(\.\d+)? °C$/); // units from the instance's Sensor Units
    // It arrived over MQTT (the sandbox serves it): the status bar says the shadows are live, not polled.
    const live = await wb.page.locator('.statusbar-item', { hasText: /^\s*Live\s*$/ }).first().innerText();
    assert.match(live, /Live/);
    await row('Sensor Value').hover();
    await wb.page.waitForTimeout(1200);
    updateReadmePicture(await wb.screenshot('datamodel-watch'), 'datamodel-watch');
    await wb.page.mouse.move(900, 700);
  });

  test('the datamodel opens as a read-only JSON document', async () => {
    await row('Datamodel').hover();
    await row('Datamodel').locator('.action-label[aria-label="Open Shadow"]').click();
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'datamodel.json' });
    await tab.waitFor({ state: 'visible', timeout: 20_000 });
    const editor = wb.page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line', { hasText: '"reported"' }).first().waitFor({ timeout: 20_000 });
    const text = await editor.locator('.view-lines').innerText();
    assert.match(text, /"Device"/);
    // Typing changes nothing: the document is read-only.
    await editor.click();
    await wb.page.keyboard.type('x');
    await wb.page.waitForTimeout(300);
    assert.equal(await wb.page.locator('.tabs-container .tab.dirty', { hasText: 'datamodel.json' }).count(), 0);
    await wb.page.mouse.move(700, 400);
    updateReadmePicture(await wb.screenshot('datamodel-document'), 'datamodel-document');
  });
});
