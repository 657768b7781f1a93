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
  /** The local time of day (HH:MM:SS, as the CloudWatch output writes it) just before Publish. */
  let publishedAt = '';

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
  const description = async (label: string | RegExp) => ((await row(label).locator('.label-description').textContent()) ?? '').trim();
  const editor = () => wb.page.locator('.editor-instance .monaco-editor').first();
  const statusBar = () => wb.page.locator('.part.statusbar');
  const quickInput = () => wb.page.locator('.quick-input-widget');
  const timeOfDay = (d = new Date()) => d.toTimeString().slice(0, 8);

  /** A screenshot with the mouse resting on an empty spot (no hover over what the picture shows). */
  async function shot(name: string, readmePicture?: string): Promise<void> {
    await wb.page.mouse.move(1200, 470);
    const file = await wb.screenshot(name);
    if (readmePicture) updateReadmePicture(file, readmePicture);
  }

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
    await wb.waitForTreeRow('tracker_v2', 60_000);
    await wb.widenSidebar(170);
    const rows = await wb.treeRows();
    assert.ok(rows.includes('tracker_v2 acme'), JSON.stringify(rows));
    await wb.screenshot('newcomer-1-connected');
  });

  test('2. expand thing type → thing → Datamodel → object → instance: a resource value with its unit', async () => {
    await row('tracker_v2').click();
    await wb.waitForTreeRow(/^urn:imei:/);
    // The first thing with no request yet (its Operation row says so): the journey's request is its first.
    const things = await wb.page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^urn:imei:/ }).allInnerTexts();
    for (const name of things.slice(0, 5)) {
      await row(name).click();
      await wb.waitForTreeRow('Operation');
      await row('Operation').locator('.label-description', { hasText: /\S/ }).waitFor({ timeout: 20_000 });
      if (await description('Operation') === 'no operation yet') {
        thing = name.trim();
        break;
      }
      await row(name).click(); // collapse it again
    }
    assert.ok(thing, 'a tracker_v2 thing with no operation yet');
    await row('Datamodel').click();
    await wb.waitForTreeRow('Temperature');
    await row('Temperature').click();
    await wb.waitForTreeRow('Instance 0');
    await row('Instance 0').click();
    await wb.waitForTreeRow('Sensor Value');
    await row('Sensor Value').locator('.label-description', { hasText: /°C/ }).waitFor({ timeout: 10_000 });
    assert.match(await description('Sensor Value'), /^-?\d+(\.\d+)? °C/);
    await shot('newcomer-2-value', 'newcomer-value');
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
    await wb.page.mouse.move(1200, 470); // off the breadcrumbs, which sit where the picker was
    await editor().locator('.view-line', { hasText: '"Device.0.Manufacturer"' }).first().waitFor({ timeout: 10_000 });
    const text = (await editor().locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /"operation": "read"/);
    // The code lens follows the request: New Request… gives way to ▶ Publish read.
    const lens = editor().locator('.codelens-decoration a', { hasText: /▶ Publish read/ }).first();
    await lens.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await editor().locator('.codelens-decoration a', { hasText: 'New Request…' }).count(), 0);
    await shot('newcomer-3-request');
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
    await shot('newcomer-4-problem');
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
    await shot('newcomer-5-draft', 'newcomer-draft');
  });

  test('6. closing the tab with unsaved edits and answering Save keeps the draft and sends nothing', async () => {
    // Another key instead of Manufacturer: double-click the word and type.
    const key = editor().locator('.view-line', { hasText: 'Device.0.Manufacturer' }).first().locator('span', { hasText: 'Manufacturer' }).last();
    const box = await key.boundingBox();
    assert.ok(box, 'the key is on screen');
    await wb.page.mouse.dblclick(box.x + box.width * 0.7, box.y + box.height / 2);
    await wb.page.keyboard.type('Model Number');
    await editor().locator('.view-line', { hasText: '"Device.0.Model Number"' }).first().waitFor({ timeout: 10_000 });
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'operation.json' }).first();
    await tab.and(wb.page.locator('.dirty')).waitFor({ timeout: 10_000 });
    await tab.hover();
    await tab.locator('.tab-actions .action-label').first().click();
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'Do you want to save the changes' }).first();
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await shot('newcomer-6-close-dialog');
    await dialog.locator('.monaco-button', { hasText: /^Save$/ }).click();
    await tab.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await description('Operation'), 'no operation yet', 'saving on close sent the request');
    assert.deepEqual(await wb.notifications(), [], 'closing announced something');

    // Opened again, the document is the draft: the edit is there, still not sent.
    await row('Operation').click();
    await editor().locator('.view-line', { hasText: '"Device.0.Model Number"' }).first().waitFor({ timeout: 20_000 });
    await editor().locator('.codelens-decoration a', { hasText: 'Draft, not sent — ▶ Publish read' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await description('Operation'), 'no operation yet');
  });

  test('7. Publish: the answer pops up as a toast; Show Result opens it', async () => {
    publishedAt = timeOfDay();
    await editor().locator('.codelens-decoration a', { hasText: 'Draft, not sent' }).first().click();
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: /read on .+: 1 value, failed keys: none/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 60_000 });
    assert.ok((await wb.notifications()).some((t) => t.includes(`read on ${thing}: 1 value, failed keys: none`)), JSON.stringify(await wb.notifications()));
    await row('Operation').locator('.label-description', { hasText: 'last: read · ok' }).waitFor({ state: 'visible', timeout: 20_000 });
    // The save's "nothing was sent" no longer stands in the status bar beside the answer.
    assert.equal(await statusBar().locator('.statusbar-item', { hasText: 'nothing was sent' }).isVisible(), false, 'the status bar still says "nothing was sent"');
    await shot('newcomer-7-toast', 'newcomer-toast');
    await toast.locator('.monaco-button', { hasText: 'Show Result' }).click();
    const result = wb.page.locator('.editor-instance .monaco-editor .view-lines', { hasText: /Device\.0\.Model\sNumber\s=/ }).first();
    await result.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await result.innerText()).replace(/\u00a0/g, ' '), /^ {2}Device\.0\.Model Number = \S+/m);
    await shot('newcomer-8-result');
  });

  test('8. Stream Integration Logs from the last 5 minutes: the read just sent is in the CloudWatch output', async () => {
    const tCommand = Date.now();
    await wb.runCommand('LwM2M Shadows: Stream Integration Logs');
    // The integration's log groups come preselected; then where to start, the last 5 minutes first.
    await quickInput().locator('.quick-input-title', { hasText: 'Stream which log groups of Local sandbox?' }).waitFor({ state: 'visible', timeout: 20_000 });
    console.log(`      the log groups offered ${Date.now() - tCommand} ms after F1 → Stream Integration Logs (palette included)`);
    const lambda = quickInput().locator('.monaco-list-row', { hasText: '/aws/lambda/Lwm2mOperation' }).first();
    await lambda.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await lambda.getAttribute('aria-checked'), 'true', 'the Lwm2mOperation log is preselected');
    await wb.page.keyboard.press('Enter');
    await quickInput().locator('.quick-input-title', { hasText: 'Stream integration logs from when?' }).waitFor({ state: 'visible', timeout: 10_000 });
    const offered = (await quickInput().locator('.monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
    assert.equal(offered[0], 'Last 5 minutes', JSON.stringify(offered));
    await shot('newcomer-9-logs-start');
    const startedAt = timeOfDay();
    const t0 = Date.now();
    await quickInput().locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: /^Last 5 minutes$/ }) }).first().click();
    await quickInput().waitFor({ state: 'hidden', timeout: 10_000 });
    await wb.page.mouse.move(1200, 470); // off the breadcrumbs, which sit where the picker was

    // The CloudWatch output opens by itself; the Lambda's START line of the read is there, written before
    // the stream began.
    const output = wb.page.locator('.part.panel .monaco-editor .view-lines').first();
    await output.filter({ hasText: 'showing events since' }).waitFor({ state: 'visible', timeout: 20_000 });
    // (The editor renders spaces as no-break spaces: \s matches both.)
    const start = output.filter({ hasText: /\sLwm2mOperation\s\[[^\]]+\]\sSTART\sRequestId:/ });
    const tNote = Date.now() - t0;
    await start.waitFor({ state: 'visible', timeout: 20_000 });
    console.log(`      the output's "showing events since" ${tNote} ms, the read's START line ${Date.now() - t0} ms after picking Last 5 minutes`);
    const lines = (await output.innerText()).replace(/\u00a0/g, ' ').split('\n');
    const starts = lines.map((l) => / (\d\d:\d\d:\d\d)\.\d{3} Lwm2mOperation \[[^\]]+\] START RequestId: /.exec(` ${l}`)?.[1]).filter((t): t is string => !!t);
    assert.ok(starts.some((t) => t >= publishedAt && t <= startedAt),
      `no Lwm2mOperation START between Publish (${publishedAt}) and the stream's start (${startedAt}):\n${lines.join('\n')}`);
    const status = statusBar().locator('.statusbar-item', { hasText: /Logs: (live|polling)/ }).first();
    await status.waitFor({ state: 'visible', timeout: 10_000 });
    await shot('newcomer-10-logs', 'newcomer-logs');
  });
});
