// Writing an operation request as a person does, on the local sandbox: open a thing's Operation shadow
// from the Fleet view, type a request, see the problem squiggle and the completion list, publish with F1
// and see the answer. With LWM2M_UPDATE_MEDIA=1 it also updates the README's media/operation-editor.png.
import * as assert from 'node:assert/strict';
import { openWorkbench, updateReadmePicture, type Workbench } from '../harness/workbench';


suite('Operation documents (e2e)', () => {
  let wb: Workbench;
  let thing = '';

  suiteSetup(async () => {
    wb = await openWorkbench({
      name: 'operations',
      viewport: { width: 1400, height: 860 },
      settings: { 'lwm2mShadows.connection.startWith': 'sandbox', 'lwm2mShadows.datamodel.refreshIntervalSeconds': 0, 'editor.minimap.enabled': false,
        // No files.autoSave here: the web workbench's default (afterDelay) must not turn a half-typed
        // operation document into a draft (a save never publishes: see the Ctrl+S test).
        // The text is inserted as pasted; keep the editor from re-indenting or closing brackets in it.
        'editor.autoIndent': 'none', 'editor.autoClosingBrackets': 'never', 'editor.autoClosingQuotes': 'never', 'editor.formatOnPaste': false },
    });
  });

  teardown(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`operations-failed-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
    await wb.page.keyboard.press('Escape');
  });

  suiteTeardown(async () => {
    await wb?.close();
  });

  const sidebarRows = () => wb.page.locator('.part.sidebar .monaco-list-row');
  const row = (label: string | RegExp) =>
    sidebarRows().filter({ has: wb.page.locator('.label-name', { hasText: typeof label === 'string' ? new RegExp(`^${label}$`) : label }) }).first();
  const editor = () => wb.page.locator('.editor-instance .monaco-editor').first();

  /** Replaces the editor's text as if pasted (no auto-closed brackets), leaving the cursor `back` characters before the end. */
  async function replaceText(text: string, back = 0): Promise<void> {
    await editor().locator('.view-lines').click();
    await wb.page.keyboard.press('Control+A');
    await wb.page.keyboard.press('Delete');
    await wb.page.keyboard.insertText(text);
    for (let i = 0; i < back; i++) await wb.page.keyboard.press('ArrowLeft');
  }

  test('type a request: the problem is underlined and listed, completion offers the resources', async () => {
    await wb.clickActivityBar('LwM2M');
    await row('tracker_v2').waitFor({ state: 'visible', timeout: 60_000 });
    await row('tracker_v2').click();
    await row(/^urn:imei:/).waitFor({ state: 'visible', timeout: 20_000 });
    thing = (await row(/^urn:imei:/).locator('.label-name').innerText()).trim();
    await row(/^urn:imei:/).click();
    await row('Operation').waitFor({ state: 'visible', timeout: 20_000 });
    await row('Operation').click();
    await wb.page.locator('.tabs-container .tab', { hasText: 'operation.json' }).waitFor({ state: 'visible', timeout: 20_000 });
    await editor().locator('.view-line', { hasText: '"state"' }).first().waitFor({ timeout: 20_000 });

    // A write to a read-only resource, and a second key being typed.
    const head = '{\n  "state": {\n    "desired": {\n      "operation": "write",\n      "keys": ["Device.0.Manufacturer", "Device.0.UTC';
    const tail = '"],\n      "values": ["ACME", "+01:00"]\n    }\n  }\n}\n';
    const t0 = Date.now();
    await replaceText(head + tail, tail.length);
    const squiggle = editor().locator('.squiggly-error').first();
    await squiggle.waitFor({ state: 'visible', timeout: 10_000 });
    console.log(`      error squiggle ${Date.now() - t0} ms after typing`);
    // Well past the auto-save delay (1 s by default on the web) the document is still unsaved: nothing published.
    await wb.page.waitForTimeout(2500);
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'operation.json' }).first();
    assert.match((await tab.getAttribute('class')) ?? '', /\bdirty\b/, 'the half-typed operation document was auto-saved');
    const typed = await editor().locator('.view-lines').innerText();
    assert.match(typed.replace(/\u00a0/g, ' '), /"keys": \["Device\.0\.Manufacturer", "Device\.0\.UTC"\],/);

    // The Problems panel names the rule.
    await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'not-writable' }).first();
    await problem.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await problem.innerText(), /Manufacturer/);
    await wb.page.keyboard.press('Control+1'); // back to the editor, cursor where it was
    await wb.page.keyboard.press('Control+Space');
    const suggest = wb.page.locator('.editor-widget.suggest-widget');
    await suggest.waitFor({ state: 'visible', timeout: 10_000 });
    const offered = await suggest.locator('.monaco-list-row').allInnerTexts();
    assert.ok(offered.some((o) => o.startsWith('UTC Offset')), JSON.stringify(offered));
    const lens = editor().locator('.codelens-decoration', { hasText: 'Publish' }).first();
    await lens.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await lens.innerText(), /▶ Publish write/);
    await wb.page.waitForTimeout(400);
    updateReadmePicture(await wb.screenshot('operation-editor'), 'operation-editor');
  });

  test('Ctrl+S keeps a draft and sends nothing; the code lens says so', async () => {
    await replaceText('{\n  "state": {\n    "desired": {\n      "operation": "execute",\n      "keys": ["Device.0.Reboot"]\n    }\n  }\n}\n');
    await wb.page.keyboard.press('Control+S');
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'operation.json' }).first();
    await wb.page.waitForFunction((el) => !el?.classList.contains('dirty'), await tab.elementHandle(), { timeout: 10_000 });
    const lens = editor().locator('.codelens-decoration').first();
    await lens.locator('a', { hasText: 'Draft, not sent' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await lens.innerText(), /Draft, not sent — ▶ Publish execute\s*\|\s*Discard Draft/);
    await wb.screenshot('operation-draft');
  });

  test('publish a read with F1: the answer is announced and opens as a result document', async () => {
    await replaceText('{\n  "state": {\n    "desired": {\n      "operation": "read",\n      "keys": ["Device.0.Battery Level"]\n    }\n  }\n}\n');
    await editor().locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 10_000 });
    const t0 = Date.now();
    await wb.runCommand('LwM2M Shadows: Publish Operation');
    // This headless workbench keeps new notifications in the notification center without a toast: wait
    // until the tree says the answer came, then read the notification there, as a person does from the bell.
    await row('Operation').locator('.label-description', { hasText: 'last: read · ok' }).waitFor({ state: 'visible', timeout: 60_000 });
    console.log(`      answer shown in the tree ${Date.now() - t0} ms after F1 → Publish Operation (palette included)`);
    await wb.runCommand('Notifications: Show Notifications');
    const toast = wb.page.locator('.notifications-center .notification-list-item', { hasText: /read on .+: 1 value, failed keys: none/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await toast.innerText(), new RegExp(`read on ${thing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 1 value, failed keys: none`));
    await wb.screenshot('operation-published');
    await toast.locator('.monaco-button', { hasText: 'Show Result' }).click();
    const result = wb.page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Device.0.Battery Level =' });
    await result.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await result.first().innerText()).replace(/\u00a0/g, " "), /^ {2}Device\.0\.Battery Level = \d+$/m);
    await wb.screenshot('operation-result');
  });
});
