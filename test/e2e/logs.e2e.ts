// Stream Integration Logs as a person runs it: a Read sent from the Fleet tree makes the Lwm2mOperation Lambda
// write START / END / REPORT; afterwards F1 → Stream Integration Logs → the log groups (Enter) → where to start,
// "Last 5 minutes" first (Enter): the Read's lines are in the CloudWatch output although they were written
// before the stream started.
import * as assert from 'node:assert/strict';
import { openWorkbench, type Workbench } from '../harness/workbench';

suite('Integration logs (e2e)', () => {
  let wb: Workbench;

  suiteSetup(async () => {
    wb = await openWorkbench({
      name: 'logs',
      viewport: { width: 1400, height: 900 },
      settings: { 'lwm2mShadows.connection.startWith': 'sandbox', 'lwm2mShadows.datamodel.refreshIntervalSeconds': 0 },
    });
  });

  suiteTeardown(async () => {
    await wb?.close();
  });

  const row = (label: string | RegExp) => wb.treeRow(label);
  const quickRows = () => wb.page.locator('.quick-input-widget .monaco-list-row');

  test('"Last 5 minutes" (the first choice) shows the Lambda lines of a Read sent before streaming', async () => {
    await wb.clickActivityBar('LwM2M');
    await wb.waitForTreeRow('tracker_v2', 60_000);
    await row('tracker_v2').click();
    await wb.waitForTreeRow(/^urn:imei:/);
    await row(/^urn:imei:/).click();
    await wb.waitForTreeRow('Datamodel');
    await row('Datamodel').click();
    await wb.waitForTreeRow('Device');
    await row('Device').click();
    await wb.waitForTreeRow('Instance 0');
    await row('Instance 0').click();
    await wb.waitForTreeRow('Manufacturer');
    await wb.chooseFromContextMenu('Manufacturer', 'Read');
    await wb.page.waitForTimeout(3000); // the Lambda runs and writes its lines before the stream starts

    await wb.runCommand('LwM2M Shadows: Stream Integration Logs');
    const title = wb.page.locator('.quick-input-widget .quick-input-title');
    await title.filter({ hasText: /Stream which log groups/ }).waitFor({ state: 'visible', timeout: 20_000 });
    await wb.page.keyboard.press('Enter'); // the integration's groups, all preselected
    await title.filter({ hasText: /from when/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await wb.page.waitForTimeout(300);
    const offered = (await quickRows().locator('.label-name').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(offered, ['Last 5 minutes', 'Last 15 minutes', 'Last hour', 'From now on']);
    await wb.screenshot('logs-start-pick');
    await wb.page.keyboard.press('Enter');

    const output = wb.page.locator('.part.panel .view-lines');
    try {
      // The editor renders spaces as no-break spaces: \s matches both.
      await output.filter({ hasText: /END\sRequestId/ }).waitFor({ state: 'visible', timeout: 20_000 });
    } finally {
      await wb.screenshot('logs-last-5-minutes');
    }
    const text = (await output.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /showing events since \d\d:\d\d:\d\d/);
    assert.match(text, /Lwm2mOperation \[[^\]]+\] START RequestId: /);
  });
});
