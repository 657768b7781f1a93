// The newcomer's first hour (issue 14), through the UI only, as the README's "Your first request" tells it:
// the Get Started walkthrough connects to the local sandbox; the Fleet view is expanded down to a value; the
// thing's operation document gets a read from New Request…; a typo is underlined, listed in Problems and
// fixed with its quick fix; Ctrl+S keeps a draft and sends nothing; Publish pops up a toast (notifications
// are shown as in the user's own VS Code, not kept behind the bell); Show Result opens the answer; the
// integration's logs stream into the CloudWatch output. Each step is a screenshot; with
// LWM2M_UPDATE_MEDIA=1 the best ones become the README's media/newcomer-*.png.
import * as assert from 'node:assert/strict';
import { openWorkbench, updateReadmePicture, type Workbench } from '../harness/workbench';

suite('The newcomer\'s journey (e2e)', () => {
  let wb: Workbench;
  let thing = '';

  suiteSetup(async () => {
    wb = await openWorkbench({
      name: 'newcomer',
      viewport: { width: 1400, height: 860 },
      // As in `npm run demo` and a user's own VS Code: toasts pop up; the Welcome page offers the walkthrough.
      // No connection yet (a first start): the walkthrough's first step connects.
      smokeTestDriver: false,
      welcome: true,
      settings: {
        'workbench.startupEditor': 'welcomePage',
        'workbench.welcomePage.walkthroughs.openOnInstall': true,
        'editor.minimap.enabled': false,
      },
    });
  });

  teardown(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`newcomer-failed-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  suiteTeardown(async () => {
    await wb?.close();
  });

  const row = (label: string | RegExp) => wb.treeRow(label);
  const waitForRow = (label: string | RegExp, timeout = 20_000) => row(label).waitFor({ state: 'visible', timeout });
  const description = async (label: string | RegExp) => ((await row(label).locator('.label-description').textContent()) ?? '').trim();
  const editor = () => wb.page.locator('.editor-instance .monaco-editor').first();
  const statusBar = () => wb.page.locator('.part.statusbar');

  test('1. the walkthrough connects to the local sandbox; the Fleet view shows its thing types', async () => {
    const walkthrough = wb.page.locator('.editor-instance', { hasText: 'Get Started with LwM2M Shadows' }).first();
    await walkthrough.waitFor({ state: 'visible', timeout: 60_000 });
    // The walkthrough opens by itself (on install), or from the Welcome page's list.
    const step = wb.page.locator('.editor-instance .getting-started-step', { hasText: 'Connect to a fleet' }).first();
    const category = wb.page.locator('.editor-instance .getting-started-category', { hasText: 'Get Started with LwM2M Shadows' }).first();
    await step.or(category).first().waitFor({ state: 'visible', timeout: 30_000 });
    if (!(await step.isVisible())) await category.click();
    await step.waitFor({ state: 'visible', timeout: 10_000 });
    await wb.screenshot('newcomer-0-walkthrough');
    await step.locator('.monaco-button, a', { hasText: 'Use the Local Sandbox' }).first().click();
    await statusBar().locator('.statusbar-item', { hasText: 'LwM2M: Local sandbox' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await wb.clickActivityBar('LwM2M');
    await waitForRow('tracker_v2', 60_000);
    await wb.widenSidebar(170);
    const rows = await wb.treeRows();
    assert.ok(rows.includes('tracker_v2 acme'), JSON.stringify(rows));
    await wb.screenshot('newcomer-1-connected');
  });

  test('2. expand thing type → thing → Datamodel → object → instance: a resource value with its unit', async () => {
    await row('tracker_v2').click();
    await waitForRow(/^urn:imei:/);
    // The first thing with no request yet (its Operation row says so): the journey's request is its first.
    const things = await wb.page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^urn:imei:/ }).allInnerTexts();
    for (const name of things.slice(0, 5)) {
      await row(name).click();
      await waitForRow('Operation');
      await row('Operation').locator('.label-description', { hasText: /\S/ }).waitFor({ timeout: 20_000 });
      if (await description('Operation') === 'no operation yet') {
        thing = name.trim();
        break;
      }
      await row(name).click(); // collapse it again
    }
    assert.ok(thing, 'a tracker_v2 thing with no operation yet');
    await row('Datamodel').click();
    await waitForRow('Temperature');
    await row('Temperature').click();
    await waitForRow('Instance 0');
    await row('Instance 0').click();
    await waitForRow('Sensor Value');
    await row('Sensor Value').locator('.label-description', { hasText: /°C/ }).waitFor({ timeout: 10_000 });
    assert.match(await description('Sensor Value'), /^-?\d+(\.\d+)? °C/);
    await wb.page.mouse.move(900, 700);
    updateReadmePicture(await wb.screenshot('newcomer-2-value'), 'newcomer-value');
  });

  test('3. the Operation row opens the operation document; New Request… fills a read from the datamodel', async () => {
    await row('Operation').click();
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'operation.json' }).first();
    await tab.waitFor({ state: 'visible', timeout: 20_000 });
    const newRequest = editor().locator('.codelens-decoration a', { hasText: 'New Request…' }).first();
    await newRequest.waitFor({ state: 'visible', timeout: 20_000 });
    await newRequest.click();
    const quickInput = wb.page.locator('.quick-input-widget');
    await quickInput.locator('.quick-input-title', { hasText: `New Request for ${thing}` }).waitFor({ state: 'visible', timeout: 10_000 });
    await quickInput.locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: /^read$/ }) }).first().click();
    await quickInput.locator('.quick-input-title', { hasText: `on ${thing}` }).waitFor({ state: 'visible', timeout: 20_000 });
    await quickInput.locator('input.input').fill('Manufacturer');
    const key = quickInput.locator('.monaco-list-row', { hasText: 'Device.0.Manufacturer' }).first();
    await key.waitFor({ state: 'visible', timeout: 10_000 });
    await key.click();
    await wb.screenshot('newcomer-3-picker');
    await wb.page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
    await editor().locator('.view-line', { hasText: '"Device.0.Manufacturer"' }).first().waitFor({ timeout: 10_000 });
    const text = (await editor().locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /"operation": "read"/);
    // The code lens follows the request: New Request… gives way to ▶ Publish read.
    const lens = editor().locator('.codelens-decoration a', { hasText: /▶ Publish read/ }).first();
    await lens.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await editor().locator('.codelens-decoration a', { hasText: 'New Request…' }).count(), 0);
    await wb.screenshot('newcomer-3-request');
  });

  test('4. a typo is underlined and listed in Problems; its quick fix puts it right', async () => {
    // Double-click the operation's name and type it as people often do: capitalised.
    const operation = editor().locator('.view-line', { hasText: '"operation"' }).first().locator('span', { hasText: /^"read"/ }).last();
    await operation.dblclick();
    await wb.page.keyboard.type('Read');
    await editor().locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 10_000 });
    await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'unknown-operation' }).first();
    await problem.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await problem.innerText(), /unknown operation "Read"; did you mean "read"\?/);
    await wb.screenshot('newcomer-4-problem');
    await wb.page.keyboard.press('Control+1'); // back to the editor, the cursor in the typo
    await wb.page.keyboard.press('Control+.');
    const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'Change to "read"' }).first();
    await fix.waitFor({ state: 'visible', timeout: 10_000 });
    updateReadmePicture(await wb.screenshot('newcomer-4-quick-fix'), 'newcomer-quick-fix');
    await fix.click();
    await editor().locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 10_000 });
    assert.match((await editor().locator('.view-lines').innerText()).replace(/\u00a0/g, ' '), /"operation": "read"/);
  });

  test('5. Ctrl+S keeps a draft and sends nothing: the code lens says so, the Operation row is unchanged', async () => {
    await wb.page.keyboard.press('Control+S');
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'operation.json' }).first();
    await wb.page.waitForFunction((el) => !el?.classList.contains('dirty'), await tab.elementHandle(), { timeout: 10_000 });
    const lens = editor().locator('.codelens-decoration a', { hasText: 'Draft, not sent' }).first();
    await lens.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await lens.innerText(), /Draft, not sent — ▶ Publish read/);
    assert.equal(await description('Operation'), 'no operation yet', 'saving sent the request');
    assert.deepEqual(await wb.notifications(), [], 'saving announced something');
    updateReadmePicture(await wb.screenshot('newcomer-5-draft'), 'newcomer-draft');
  });

  test('6. Publish: the answer pops up as a toast; Show Result opens it', async () => {
    await editor().locator('.codelens-decoration a', { hasText: 'Draft, not sent' }).first().click();
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: /read on .+: 1 value, failed keys: none/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 60_000 });
    assert.ok((await wb.notifications()).some((t) => t.includes(`read on ${thing}: 1 value, failed keys: none`)), JSON.stringify(await wb.notifications()));
    await row('Operation').locator('.label-description', { hasText: 'last: read · ok' }).waitFor({ state: 'visible', timeout: 20_000 });
    updateReadmePicture(await wb.screenshot('newcomer-6-toast'), 'newcomer-toast');
    await toast.locator('.monaco-button', { hasText: 'Show Result' }).click();
    const result = wb.page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Device.0.Manufacturer =' }).first();
    await result.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await result.innerText()).replace(/\u00a0/g, ' '), /^ {2}Device\.0\.Manufacturer = \S+/m);
    await wb.screenshot('newcomer-7-result');
  });
});
