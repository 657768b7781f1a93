// A window reload with an operation document holding unsaved text, the side bar closed (so nothing but the
// document itself can bring the extension back): the editor comes back with the text.
import * as assert from 'node:assert/strict';
import { openWorkbench, type Workbench } from '../harness/workbench';

suite('Reload with shadow editors open (e2e)', () => {
  let wb: Workbench;

  suiteSetup(async () => {
    wb = await openWorkbench({
      name: 'reload',
      viewport: { width: 1200, height: 760 },
      settings: { 'lwm2mShadows.connection.startWith': 'sandbox', 'lwm2mShadows.datamodel.refreshIntervalSeconds': 0, 'editor.minimap.enabled': false,
        'editor.autoIndent': 'none', 'editor.autoClosingBrackets': 'never', 'editor.autoClosingQuotes': 'never' },
    });
  });

  teardown(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot('reload-failed');
  });

  suiteTeardown(async () => {
    await wb?.close();
  });

  const editor = () => wb.page.locator('.editor-instance .monaco-editor').first();
  const operationTab = () => wb.page.locator('.tabs-container .tab', { hasText: 'operation.json' }).first();

  test('an unsaved operation document comes back after a reload, text and all', async () => {
    await wb.clickActivityBar('LwM2M');
    await wb.treeRow('tracker_v2').waitFor({ state: 'visible', timeout: 60_000 });
    await wb.treeRow('tracker_v2').click();
    await wb.treeRow(/^urn:imei:/).waitFor({ state: 'visible', timeout: 20_000 });
    await wb.treeRow(/^urn:imei:/).click();
    await wb.treeRow('Operation').waitFor({ state: 'visible', timeout: 20_000 });
    await wb.treeRow('Operation').click();
    await operationTab().waitFor({ state: 'visible', timeout: 20_000 });
    await editor().locator('.view-line', { hasText: '"state"' }).first().waitFor({ timeout: 20_000 });

    const marker = 'kept-across-reload-7341';
    await editor().locator('.view-lines').click();
    await wb.page.keyboard.press('Control+A');
    await wb.page.keyboard.press('Delete');
    await wb.page.keyboard.insertText(`{\n  "state": {\n    "desired": {\n      "operation": "read",\n      "keys": ["Device.0.Manufacturer"],\n      "note": "${marker}"\n    }\n  }\n}\n`);
    await wb.page.locator('.tabs-container .tab.dirty', { hasText: 'operation.json' }).waitFor({ timeout: 10_000 });
    // Show the Explorer instead of the Fleet view: after the reload only the document can activate the extension.
    await wb.runCommand('View: Show Explorer');
    await wb.page.locator('.part.sidebar .composite.title', { hasText: /explorer/i }).waitFor({ timeout: 10_000 });
    // Let the web workbench write its hot-exit backup of the unsaved text before reloading.
    await wb.page.waitForTimeout(1500);

    await wb.page.reload({ waitUntil: 'domcontentloaded' });
    await wb.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await operationTab().waitFor({ state: 'visible', timeout: 30_000 });
    await operationTab().click();
    await editor().locator('.view-line', { hasText: marker }).first().waitFor({ timeout: 30_000 });
    const text = await editor().locator('.view-lines').innerText();
    assert.match(text, new RegExp(marker), 'the unsaved text is back');
    assert.equal(await wb.page.locator('.part.sidebar .composite.title', { hasText: /explorer/i }).count(), 1, 'the Fleet view stayed closed');
    await wb.screenshot('reload-restored-operation-document');
  });
});
