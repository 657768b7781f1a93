// A chart seen by a person, on the local sandbox as `npm run demo` runs it: right-click the first tracker's
// temperature → Plot, then its battery level → Add to Plot; the chart draws the temperature as the device
// notifies it (every ~10 s), the legend shows units and window stats, hovering shows exact values, Pause
// freezes it. With LWM2M_UPDATE_MEDIA=1 the screenshot becomes the README's picture (media/chart.png).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { openWorkbench, updateReadmePicture, type Workbench } from '../harness/workbench';

async function waitForColours<T>(read: () => Promise<T>, done: (c: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const c = await read();
    if (done(c)) return c;
    if (Date.now() > end) throw new Error(`the chart did not change theme: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

suite('Charts (e2e)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let chart: FrameLocator;

  suiteSetup(async () => {
    wb = await openWorkbench({
      name: 'charts',
      smokeTestDriver: false, // toasts pop up, as in a user's VS Code: the export's "Exported N points" is one
      viewport: { width: 1400, height: 860 },
      settings: { 'lwm2mShadows.connection.startWith': 'sandbox', 'lwm2mShadows.datamodel.refreshIntervalSeconds': 2 },
    });
  });

  suiteTeardown(async () => {
    await wb?.close();
  });

  const row = (label: string | RegExp) => wb.treeRow(label);

  async function expand(label: string | RegExp, child: string | RegExp): Promise<void> {
    await row(label).waitFor({ state: 'visible', timeout: 60_000 });
    await row(label).click();
    await row(child).waitFor({ state: 'visible', timeout: 20_000 });
  }

  /** Points the chart holds, as its status line says ("12 points"). */
  async function heldPoints(): Promise<number> {
    const text = await chart.locator('#status').innerText();
    return Number(/(\d+) points/.exec(text)?.[1] ?? 0);
  }

  test('Plot on the tracker\'s temperature opens a chart tab titled by it', async () => {
    await wb.clickActivityBar('LwM2M');
    await expand('tracker_v2', /^urn:imei:/);
    const thing = (await row(/^urn:imei:/).locator('.label-name').innerText()).trim();
    await expand(/^urn:imei:/, 'Datamodel');
    await expand('Datamodel', 'Temperature');
    await expand('Temperature', 'Instance 0');
    await expand('Instance 0', 'Sensor Value');
    await wb.chooseFromContextMenu('Sensor Value', 'Plot');
    const tab = wb.page.locator('.tabs-container .tab', { hasText: `Sensor Value — ${thing}` });
    await tab.waitFor({ state: 'visible', timeout: 20_000 });
    // The webview's own frame inside VS Code's webview host frame.
    chart = wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const legendRow = chart.locator('#legend tbody tr');
    await legendRow.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await legendRow.count(), 1);
    assert.match(await legendRow.first().locator('td.name').innerText(), /^Temperature\.0\.Sensor Value/);
    assert.equal(await legendRow.first().locator('td.name .thing').innerText(), thing);
    assert.equal(await legendRow.first().locator('td.unit').innerText(), '°C');
    assert.match(await legendRow.first().locator('td.last').innerText(), /^-?\d+(\.\d+)?$/);
  });

  test('Add to Plot puts the battery level on the chart with its own axis (%)', async () => {
    await row('Temperature').click(); // collapse, to reach Device
    await expand('Device', 'Instance 0');
    await row('Instance 0').first().click();
    await row('Battery Level').waitFor({ state: 'visible', timeout: 20_000 });
    await wb.chooseFromContextMenu('Battery Level', 'Add to Plot');
    const legendRows = chart.locator('#legend tbody tr');
    await legendRows.nth(1).waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await legendRows.nth(1).locator('td.name').innerText(), /Device\.0\.Battery Level/);
    assert.equal(await legendRows.nth(1).locator('td.unit').innerText(), '%');
    assert.ok(await wb.page.locator('.tabs-container .tab', { hasText: /Sensor Value, Battery Level — urn:imei:/ }).isVisible());
  });

  test('temperature points arrive as the device notifies; hover shows exact values; pause freezes the chart', async () => {
    const before = await heldPoints();
    const t0 = Date.now();
    // The sandbox's first tracker notifies its temperature every 10 s; the chart's datamodel refreshes every 2 s.
    while (await heldPoints() < before + 4) {
      assert.ok(Date.now() - t0 < 150_000, `only ${await heldPoints() - before} new points in ${(Date.now() - t0) / 1000} s`);
      await wb.page.waitForTimeout(1000);
    }
    console.log(`      ${await heldPoints() - before} new points in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    await chart.locator('button[data-window="all"]').click();
    assert.equal(await chart.locator('button[data-window="all"]').getAttribute('aria-pressed'), 'true');
    // Hover the newest temperature point: the legend's "At cursor" column shows exact values at that time.
    const over = chart.locator('.u-over');
    const box = await over.boundingBox();
    assert.ok(box);
    const hoverNewest = () => over.hover({ position: { x: box.width - 3, y: box.height / 2 } });
    await hoverNewest();
    await wb.page.waitForTimeout(300);
    updateReadmePicture(await wb.screenshot('chart'), 'chart');
    // Pause: the status says so and nothing moves while the values are checked.
    await chart.locator('#pause').click();
    assert.match(await chart.locator('#status').innerText(), /Paused/);
    assert.equal(await chart.locator('#pause').innerText(), 'Resume');
    await hoverNewest();
    await wb.page.waitForTimeout(300);
    assert.match(await chart.locator('#legend thead th').nth(2).innerText(), /At cursor \d/);
    // At the newest point's time, the temperature's value under the cursor is its last value.
    const temperature = chart.locator('#legend tbody tr').first();
    assert.match(await temperature.locator('td.cursor').innerText(), /^-?\d+(\.\d+)?$/);
    assert.equal(await temperature.locator('td.cursor').innerText(), await temperature.locator('td.last').innerText());
    // Resume catches up.
    await chart.locator('#pause').click();
    assert.doesNotMatch(await chart.locator('#status').innerText(), /Paused/);
  });

  test('Export CSV… saves the shown points through the save dialog, into the workspace', async () => {
    const folder = path.join(wb.runDir, 'workspace');
    const before = new Set(fs.readdirSync(folder));
    await chart.locator('#pause').click(); // what is shown stays what is exported
    const shown = await heldPoints();
    await chart.locator('button#export').click();
    // VS Code's own save dialog, proposing a file in the workspace: accept it as a user would.
    const input = wb.page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // The dialog fills its path in steps (folder first, then the name): wait for the whole proposal.
    const proposal = /\/workspace\/lwm2m-chart-urn_imei_\d+-\d{8}-\d{6}\.csv$/;
    for (const end = Date.now() + 10_000; !proposal.test(await input.inputValue()) && Date.now() < end;) await wb.page.waitForTimeout(200);
    assert.match(await input.inputValue(), proposal);
    await wb.page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).click();
    const newCsv = () => fs.readdirSync(folder).filter((f) => !before.has(f) && f.endsWith('.csv'));
    for (const end = Date.now() + 15_000; newCsv().length === 0 && Date.now() < end;) await wb.page.waitForTimeout(200);
    const exported = newCsv();
    assert.equal(exported.length, 1, `new files: ${exported.join(', ')}`);
    const toast = wb.page.locator('.notification-toast', { hasText: `points to ${exported[0]}` });
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    const lines = fs.readFileSync(path.join(folder, exported[0]), 'utf8').trimEnd().split('\r\n');
    assert.equal(lines[0], 'time,epoch_seconds,thing,resource,value,unit');
    // The window is "All": every point the chart holds is a row, temperatures in °C and battery levels in %.
    assert.equal(lines.length - 1, shown);
    assert.match(await toast.innerText(), new RegExp(`Exported ${shown} points to ${exported[0].replace(/\./g, '\\.')}`));
    assert.ok(lines.some((l) => /,Temperature\.0\.Sensor Value,-?[\d.]+,°C$/.test(l)), lines.slice(0, 4).join('\n'));
    assert.ok(lines.some((l) => /,Device\.0\.Battery Level,\d+,%$/.test(l)), lines.slice(0, 4).join('\n'));
    await toast.hover();
    await toast.locator('.codicon-notifications-clear').click(); // dismissed, as a user does, so it covers nothing
    await toast.waitFor({ state: 'hidden', timeout: 5_000 });
    await chart.locator('#pause').click();
  });

  test('the chart follows the colour theme: light and high contrast', async () => {
    /** The chart page's text colour and background, as the webview computes them from the theme. */
    const colours = () => chart.locator('body').evaluate((b) => {
      const lum = (c: string) => {
        const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * bl) / 255;
      };
      const view = globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } };
      const s = view.getComputedStyle(b);
      return { kind: b.className, text: lum(s.color), background: lum(s.backgroundColor) };
    });
    // Light text on dark, dark text on light, whichever the workbench starts with and then toggles to.
    const readable = (c: { kind: string; text: number; background: number }) => (c.kind.includes('vscode-light') ? c.text < c.background : c.text > c.background);
    const first = await colours();
    assert.ok(readable(first), JSON.stringify(first));
    const startedLight = first.kind.includes('vscode-light');
    await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
    const toggled = await waitForColours(colours, (c) => c.kind.includes(startedLight ? 'vscode-dark' : 'vscode-light'));
    assert.ok(readable(toggled), JSON.stringify(toggled));
    await chart.locator('#legend tbody tr').first().waitFor({ state: 'visible' });
    await wb.screenshot(startedLight ? 'chart-dark' : 'chart-light');
    await wb.runCommand('Preferences: Color Theme');
    await wb.page.keyboard.type('Dark High Contrast');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: /^Dark High Contrast/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await wb.page.keyboard.press('Enter');
    const contrast = await waitForColours(colours, (c) => c.kind.includes('vscode-high-contrast'));
    assert.ok(readable(contrast), JSON.stringify(contrast));
    await chart.locator('#legend tbody tr').first().waitFor({ state: 'visible' });
    await wb.screenshot('chart-high-contrast');
  });
});
