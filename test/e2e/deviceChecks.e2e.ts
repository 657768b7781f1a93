// Device checks as a person runs them on the local sandbox: the Testing view lists a workspace's
// *.lwm2m-test.json file with a row per step, Run All runs it, the failing step is marked and its peek shows
// the expected vs actual values. With LWM2M_UPDATE_MEDIA=1 it also updates the README's media/device-checks.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openWorkbench, updateReadmePicture, type Workbench } from '../harness/workbench';

const CHECK = {
  name: 'Environment sensor basics',
  target: { thingType: 'acme:env_sensor' },
  timeoutSeconds: 20,
  steps: [
    { name: 'identity', request: { operation: 'read', keys: ['Device.0.Manufacturer', 'Device.0.Firmware Version'] },
      expect: { failedKeys: [], values: { 'Device.0.Manufacturer': 'ACME', 'Device.0.Firmware Version': { pattern: '^\\d+\\.\\d+' } } } },
    { name: 'model after the firmware update', request: { operation: 'read', keys: ['Device.0.Model Number'] },
      expect: { values: { 'Device.0.Model Number': 'env_sensor_v2' } } },
    { name: 'battery in range', request: { operation: 'read', keys: ['Device.0.Battery Level'] },
      expect: { values: { 'Device.0.Battery Level': { min: 0, max: 100 } } } },
  ],
};

suite('Device checks in the Testing view (e2e)', () => {
  let wb: Workbench;
  let folder: string;

  suiteSetup(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lwm2m-e2e-checks-'));
    fs.writeFileSync(path.join(folder, 'env-sensor.lwm2m-test.json'), JSON.stringify(CHECK, null, 2) + '\n');
    wb = await openWorkbench({
      name: 'device-checks',
      folder,
      viewport: { width: 1400, height: 860 },
      settings: { 'lwm2mShadows.connection.startWith': 'sandbox', 'lwm2mShadows.datamodel.refreshIntervalSeconds': 0, 'editor.minimap.enabled': false,
        'testing.automaticallyOpenPeekView': 'failureInVisibleDocument' },
    });
  });

  teardown(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`device-checks-failed-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  suiteTeardown(async () => {
    await wb?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('the file and its steps are listed; a run marks the failing step and shows expected vs actual', async () => {
    // the file open in the editor: its failing step's peek opens there
    await wb.page.keyboard.press('Control+P');
    await wb.page.locator('.quick-input-widget input.input').fill('env-sensor.lwm2m-test.json');
    await wb.page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ state: 'visible', timeout: 20_000 });
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.tabs-container .tab', { hasText: 'env-sensor.lwm2m-test.json' }).waitFor({ state: 'visible', timeout: 20_000 });

    await wb.clickActivityBar('Testing');
    // the Testing view's rows are not icon labels: find them by their text
    const testRow = (text: string) => wb.page.locator('.part.sidebar .monaco-list-row').filter({ hasText: text }).first();
    const fileRow = testRow('Environment sensor basics');
    await fileRow.waitFor({ state: 'visible', timeout: 60_000 });
    if ((await fileRow.getAttribute('aria-expanded')) !== 'true') await fileRow.locator('.monaco-tl-twistie').click();
    await testRow('2. model after the firmware update').waitFor({ state: 'visible', timeout: 20_000 });
    await testRow('1. identity').waitFor({ state: 'visible', timeout: 5_000 });
    await testRow('3. battery in range').waitFor({ state: 'visible', timeout: 5_000 });

    await wb.runCommand('Test: Run All Tests');
    const failedStep = wb.page.locator('.part.sidebar .monaco-list-row', { has: wb.page.locator('.codicon-testing-failed-icon') })
      .filter({ hasText: 'model after the firmware update' });
    await failedStep.waitFor({ state: 'visible', timeout: 90_000 });
    const passedStep = wb.page.locator('.part.sidebar .monaco-list-row', { has: wb.page.locator('.codicon-testing-passed-icon') })
      .filter({ hasText: 'battery in range' });
    await passedStep.waitFor({ state: 'visible', timeout: 60_000 });

    // the peek at the failing step: the message, then expected vs actual side by side
    const peek = wb.page.locator('.monaco-editor .peekview-widget').first();
    await peek.waitFor({ state: 'visible', timeout: 30_000 });
    await peek.locator('text=env_sensor_v2').first().waitFor({ state: 'visible', timeout: 20_000 });
    const text = (await peek.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /"env_sensor_v2"/);
    assert.match(text, /"env_sensor"/);
    await wb.page.waitForTimeout(500);
    const shot = await wb.screenshot('device-checks');
    updateReadmePicture(shot, 'device-checks');
  });
});
