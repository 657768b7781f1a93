// What a person sees right after installing the extension: the LwM2M Shadows activity-bar view with the Fleet
// view, its welcome text and two buttons, the extension's commands in the command palette, and a command run
// from F1 that connects to the local sandbox.
import * as assert from 'node:assert/strict';
import { openWorkbench, type Workbench } from '../harness/workbench';

suite('Workbench smoke (e2e)', () => {
  let wb: Workbench;

  suiteSetup(async () => {
    // window.commandCenter=false: a visible effect that proves user settings written before start apply.
    wb = await openWorkbench({ name: 'smoke', viewport: { width: 1400, height: 900 }, settings: { 'window.commandCenter': false } });
  });

  test('user settings written before start apply (no command center in the title bar)', async () => {
    await wb.page.locator('.part.titlebar').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await wb.page.locator('.part.titlebar .command-center').count(), 0);
  });

  suiteTeardown(async () => {
    await wb?.close();
  });

  test('the LwM2M Shadows view shows the Fleet welcome with "Connect to AWS…" and "Use the local sandbox"', async () => {
    await wb.clickActivityBar('LwM2M');
    const fleet = wb.view('Fleet');
    await fleet.waitFor({ state: 'visible', timeout: 30_000 });
    const welcome = fleet.locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await welcome.innerText(), /Browse the LwM2M devices that Coiote DM mirrors into AWS IoT Core/);
    const buttons = (await welcome.locator('.monaco-button').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(buttons, ['Connect to AWS…', 'Use the local sandbox']);
    // The side bar's title fits at the default width: "LWM2M: FLEET", not "LWM2M SHADOWS: FL…".
    const title = wb.page.locator('.part.sidebar .composite.title .title-label h2').first();
    assert.equal((await title.innerText()).trim().toUpperCase(), 'LWM2M: FLEET');
    assert.ok(await title.evaluate((e) => e.scrollWidth <= e.clientWidth), 'the side bar title is cut off');
    await wb.screenshot('smoke-fleet-welcome');
  });

  test('the command palette offers the extension\'s commands (Refresh only once connected)', async () => {
    await wb.page.keyboard.press('F1');
    const input = wb.page.locator('.quick-input-widget input.input');
    await input.fill('>LwM2M Shadows:');
    const rows = wb.page.locator('.quick-input-widget .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
    const offered = (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
    await wb.screenshot('smoke-command-palette');
    await wb.page.keyboard.press('Escape');
    for (const title of ['LwM2M Shadows: Connect to AWS…', 'LwM2M Shadows: Use the Local Sandbox', 'LwM2M Shadows: Switch Connection…']) {
      assert.ok(offered.some((o) => o.startsWith(title)), `"${title}" missing from ${JSON.stringify(offered)}`);
    }
    assert.ok(!offered.some((o) => o.startsWith('LwM2M Shadows: Refresh')), 'Refresh is offered while not connected');
  });

  test('"LwM2M Shadows: Use the Local Sandbox" from F1 fills the Fleet tree; then Refresh is offered and runs', async () => {
    await wb.runCommand('LwM2M Shadows: Use the Local Sandbox');
    const deadline = Date.now() + 60_000;
    let rows: string[] = [];
    while (Date.now() < deadline && !rows.includes('Things without a type')) {
      await wb.page.waitForTimeout(250);
      rows = await wb.treeRows();
    }
    assert.ok(rows.includes('Things without a type'), `tree rows: ${JSON.stringify(rows)}; notifications: ${JSON.stringify(await wb.notifications())}`);
    assert.ok(rows.length >= 2, `no thing types in ${JSON.stringify(rows)}`);
    await wb.screenshot('smoke-sandbox-connected');
    await wb.runCommand('LwM2M Shadows: Refresh');
    await wb.page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^Things without a type$/ }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await wb.treeRows(), rows, 'a refresh of an unchanged sandbox fleet shows the same rows');
  });

  test('a command runs from F1: "View: Show LwM2M" opens the view container', async () => {
    await wb.runCommand('View: Show Explorer');
    await wb.view('Fleet').waitFor({ state: 'hidden', timeout: 10_000 });
    await wb.runCommand('View: Show LwM2M');
    await wb.view('Fleet').waitFor({ state: 'visible', timeout: 10_000 });
    await wb.screenshot('smoke-after-f1');
  });
});
