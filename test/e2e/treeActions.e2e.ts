// A resource written from the Fleet tree, as a person does it: right-click the row (only the actions its
// definition allows are offered), Write…, a value out of range is refused as it is typed, a good one is
// sent, and the row shows it marked; Read brings the same value back. With LWM2M_UPDATE_MEDIA=1 it also
// updates the README's pictures under media/.
import * as assert from 'node:assert/strict';
import { openWorkbench, updateReadmePicture, type Workbench } from '../harness/workbench';

suite('Tree actions (e2e)', () => {
  let wb: Workbench;

  suiteSetup(async () => {
    wb = await openWorkbench({
      name: 'tree-actions',
      viewport: { width: 1400, height: 860 },
      settings: { 'lwm2mShadows.connection.startWith': 'sandbox', 'lwm2mShadows.datamodel.refreshIntervalSeconds': 0 },
    });
  });

  suiteTeardown(async () => {
    await wb?.close();
  });

  const row = (label: string | RegExp) => wb.treeRow(label);
  const description = async (label: string) => ((await row(label).locator('.label-description').textContent()) ?? '').trim();
  const menuItems = () => wb.page.locator('.context-view .monaco-menu .action-item .action-label');

  test('Write… on a resource row: a range error as you type, then the new value written, marked and read back', async () => {
    await wb.clickActivityBar('LwM2M');
    await wb.waitForTreeRow('tracker_v2', 60_000);
    await wb.widenSidebar(170);
    await row('tracker_v2').click();
    await wb.waitForTreeRow(/^urn:imei:/);
    // The first tracker whose datamodel has the vendor object ACME Tracking (a Report Interval of 10..86400 s).
    const things = (await wb.treeRows()).filter((r) => r.startsWith('urn:imei:')).map((r) => r.split(' ')[0]);
    let found = false;
    for (const thing of things.slice(0, 4)) {
      await row(thing).click();
      await wb.waitForTreeRow('Datamodel');
      await row('Datamodel').click();
      await wb.waitForTreeRow('Device');
      if (await row('ACME Tracking').isVisible()) {
        found = true;
        break;
      }
      await row(thing).click(); // collapse it again
    }
    assert.ok(found, 'a tracker_v2 thing with ACME Tracking');
    await row('ACME Tracking').click();
    await wb.waitForTreeRow('Instance 0');
    await row('Instance 0').click();
    await wb.waitForTreeRow('Report Interval');
    const before = await description('Report Interval');
    assert.match(before, /^\d+ s$/);

    // Only what the definition allows: Read, Write…, Observe…; no Execute… on a readable resource.
    await row('Report Interval').click({ button: 'right' });
    await menuItems().first().waitFor({ state: 'visible', timeout: 10_000 });
    const offered = (await menuItems().allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    for (const label of ['Read', 'Write…', 'Observe…', 'Write Attributes…', 'Open as Operation Document…']) assert.ok(offered.includes(label), JSON.stringify(offered));
    assert.ok(!offered.includes('Execute…'), JSON.stringify(offered));
    await menuItems().filter({ hasText: /^Write…$/ }).hover();
    await wb.page.waitForTimeout(400);
    updateReadmePicture(await wb.screenshot('tree-actions-menu'), 'tree-actions-menu');
    await menuItems().filter({ hasText: /^Write…$/ }).click();

    const input = wb.page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await input.inputValue(), before.replace(/ s$/, ''), 'prefilled with the current value');
    await input.fill('5');
    const message = wb.page.locator('.quick-input-widget .quick-input-message');
    await message.filter({ hasText: /outside Report Interval's range 10\.\.86400 \(s\)/ }).waitFor({ state: 'visible', timeout: 5000 });
    updateReadmePicture(await wb.screenshot('tree-actions-range-error'), 'tree-actions-range-error');
    await wb.page.keyboard.press('Enter');
    await wb.page.waitForTimeout(300);
    assert.ok(await input.isVisible(), 'a value with an error is not accepted');

    const next = before.startsWith('120 ') ? '240' : '120';
    await input.fill(next);
    await message.filter({ hasText: /outside/ }).waitFor({ state: 'hidden', timeout: 5000 });
    const t0 = Date.now();
    await wb.page.keyboard.press('Enter');
    await row('Report Interval').locator('.label-description', { hasText: `${next} s ✓` }).waitFor({ timeout: 20_000 });
    console.log(`      ${before} → ${await description('Report Interval')} on the row ${Date.now() - t0} ms after Enter`);
    assert.ok(await row('Report Interval').locator('.codicon-pass-filled').isVisible(), 'the new value is marked');
    assert.deepEqual(await wb.notifications(), [], 'no notification for an answer in time');
    await wb.page.mouse.move(900, 700);
    await wb.page.waitForTimeout(300);
    updateReadmePicture(await wb.screenshot('tree-actions-written'), 'tree-actions-written');

    // Read it back from the device: the same value, now marked as read.
    await row('Report Interval').click({ button: 'right' });
    const read = menuItems().filter({ hasText: /^Read$/ });
    await read.waitFor({ state: 'visible', timeout: 10_000 });
    await read.hover();
    await wb.page.waitForTimeout(300);
    await read.click();
    await wb.page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden', timeout: 5000 });
    const tooltip = async () => {
      await wb.page.mouse.move(900, 700);
      await row('Report Interval').hover();
      const hover = wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Answered' }).first();
      await hover.waitFor({ state: 'visible', timeout: 5000 });
      return (await hover.innerText()).replace(/\s+/g, ' ');
    };
    let text = '';
    for (let i = 0; i < 10 && !/Answered: read at/.test(text); i++) text = await tooltip().catch(() => '');
    assert.match(text, new RegExp(`Answered: read at .*: ${next}`));
    assert.equal(await description('Report Interval'), `${next} s ✓`);
  });

  test('Show Operation History lists the write; its ▶ button sends it again, and the list then has it twice', async () => {
    const history = async () => {
      await wb.runCommand('LwM2M Shadows: Show Operation History');
      await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Operation History' }).waitFor({ state: 'visible', timeout: 20_000 });
      return wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: /write · urn:imei:/ });
    };
    const writes = await history();
    await writes.first().waitFor({ state: 'visible', timeout: 10_000 });
    const listed = await writes.count();
    assert.match((await writes.first().innerText()).replace(/\s+/g, ' '), /write · urn:imei:\d+\s*ACME Tracking\.0\.Report Interval/);
    await writes.first().hover();
    const play = writes.first().locator('.action-label.codicon-play');
    await play.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await play.getAttribute('aria-label') ?? await play.getAttribute('title'), 'Run Again');
    await wb.screenshot('operation-history');
    await play.click();
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5000 });
    // Sent and answered: the history lists the write once more (newest first), with its answer.
    let again = listed;
    let newest = '';
    for (let i = 0; i < 20; i++) {
      await wb.page.waitForTimeout(500);
      const rows = await history();
      await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
      again = await rows.count();
      newest = await rows.first().innerText();
      await wb.page.keyboard.press('Escape');
      if (again > listed && !/waiting for the answer/.test(newest)) break;
    }
    assert.equal(again, listed + 1, 'the write was sent once more');
    assert.doesNotMatch(newest, /waiting for the answer|no answer in time/, 'and answered');
  });
});
