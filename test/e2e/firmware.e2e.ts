// Update Firmware… as a person runs it on the local sandbox (issue 22): right-click an online tracker in the Fleet
// view → Update Firmware… → Choose a File… → the build picked in VS Code's file dialog; the progress notification
// shows the stage (Downloading…), the Update execute is asked like every execute and confirmed, and the verdict
// names the versions before and after and Update Result 1; the Fleet tree then shows the new Firmware Version.
// Toasts pop up as in a user's own VS Code. The sandbox's simulated timing (16 KiB/s download, a 5–15 s reboot)
// is not a setting of the embedded sandbox: a 48 KiB file keeps the whole update near 20 s. With
// LWM2M_UPDATE_MEDIA=1 the verdict's screenshot becomes the README's media/firmware-update.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openWorkbench, updateReadmePicture, type Workbench } from '../harness/workbench';

const NEW_VERSION = '2.5.0';
const FILE = `tracker-${NEW_VERSION}.bin`;

suite('Update Firmware (e2e)', () => {
  let wb: Workbench;
  let file = '';

  suiteSetup(async () => {
    wb = await openWorkbench({
      name: 'firmware',
      smokeTestDriver: false, // the progress notification and the verdict pop up as toasts, as in a user's VS Code
      viewport: { width: 1400, height: 860 },
      settings: { 'lwm2mShadows.connection.startWith': 'sandbox', 'lwm2mShadows.datamodel.refreshIntervalSeconds': 0 },
    });
    // A build in the workspace, as it lies beside the firmware code (its version is in its name).
    file = path.join(wb.runDir, 'workspace', 'build', FILE);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.alloc(48 * 1024, 0x5a));
  });

  teardown(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot('firmware-failed');
  });

  suiteTeardown(async () => {
    await wb?.close();
  });

  const row = (label: string | RegExp) => wb.treeRow(label);
  const description = async (label: string | RegExp) => ((await row(label).locator('.label-description').textContent()) ?? '').trim();
  const toast = (text: string | RegExp) => wb.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();

  async function expand(label: string | RegExp, child: string | RegExp): Promise<void> {
    await row(label).click();
    await wb.waitForTreeRow(child);
  }

  /** A screenshot with the pointer resting where it hovers over nothing the picture shows. */
  async function shot(name: string): Promise<string> {
    await wb.page.mouse.move(1000, 300);
    return wb.screenshot(name);
  }

  test('from a file on disk to "updated: Firmware Version … → 2.5.0, Update Result 1 (success)", the tree showing 2.5.0', async function () {
    this.timeout(180_000);
    await wb.clickActivityBar('LwM2M');
    await wb.waitForTreeRow('tracker_v2', 60_000);
    await wb.widenSidebar(170);
    await expand('tracker_v2', /^urn:imei:/);
    // An online tracker (its Classic shadow row says so): a sleeping or offline one takes its time to get requests.
    const things = (await wb.treeRows()).filter((r) => r.startsWith('urn:imei:')).map((r) => r.split(' ')[0]);
    let thing: string | undefined;
    for (const t of things.slice(0, 6)) {
      await expand(t, 'Classic');
      await row('Classic').locator('.label-description').waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
      if ((await description('Classic')).startsWith('online')) {
        thing = t;
        break;
      }
      await row(t).click(); // collapse it again
      await row('Classic').waitFor({ state: 'hidden', timeout: 5_000 });
    }
    assert.ok(thing, `an online tracker_v2 among ${things.slice(0, 6).join(', ')}`);
    await wb.waitForTreeRow('Datamodel');
    await expand('Datamodel', 'Device');
    await expand('Device', 'Instance 0');
    await expand('Instance 0', 'Firmware Version');
    const before = await description('Firmware Version');
    assert.match(before, /^\d+\.\d+\.\d+$/);

    // Right-click the thing → Update Firmware… → Choose a File… → the build, through VS Code's own file dialog.
    await wb.chooseFromContextMenu(thing, 'Update Firmware…');
    const quick = wb.page.locator('.quick-input-widget');
    const choose = quick.locator('.monaco-list-row', { hasText: 'Choose a File…' });
    await choose.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await quick.locator('.quick-input-title').innerText(), /Update Firmware: the new firmware/);
    await choose.click();
    const input = quick.locator('input.input');
    await quick.locator('.quick-input-title', { hasText: 'Firmware file' }).waitFor({ state: 'visible', timeout: 15_000 });
    // The dialog proposes the workspace folder (filled in steps): then type the rest of the path, as a person does.
    for (const end = Date.now() + 10_000; !(await input.inputValue()).endsWith('/workspace/') && Date.now() < end;) await wb.page.waitForTimeout(200);
    await input.fill(file);
    await quick.locator('.monaco-list-row', { hasText: FILE }).first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    await shot('firmware-1-file-dialog');
    const t0 = Date.now();
    await quick.locator('.monaco-button', { hasText: /^Update Firmware$/ }).click();

    // The progress notification names the thing and the stage.
    const progress = toast(`Update Firmware on ${thing}`);
    await progress.filter({ hasText: 'Downloading…' }).waitFor({ state: 'visible', timeout: 20_000 });
    await shot('firmware-2-downloading');
    assert.match(await progress.innerText(), new RegExp(`Update Firmware on ${thing}.*Downloading…`, 's'));
    const cancelButton = (t: typeof progress) => t.locator('.notification-list-item-buttons-container .monaco-button', { hasText: /^Cancel$/ });
    assert.equal(await cancelButton(progress).count(), 1, 'the download can be cancelled');

    // Downloaded: the Update execute is asked, like every execute; Execute sends it.
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: `Execute Firmware Update.0.Update on ${thing}?` });
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    console.log(`      asked to execute the Update ${Date.now() - t0} ms after the file was picked`);
    await shot('firmware-3-confirm-update');
    await dialog.locator('.monaco-button', { hasText: /^Execute$/ }).click();
    const updating = toast('Updating (no longer cancellable)…');
    await updating.waitFor({ state: 'visible', timeout: 20_000 });
    await shot('firmware-4-updating');
    assert.equal(await cancelButton(updating).count(), 0, 'once the Update is sent, no Cancel button that would do nothing');
    // The cancellable notification closes as the Update is sent: no notification of this update offers Cancel.
    const anyCancel = wb.page.locator('.notifications-toasts .notification-toast', { hasText: `Update Firmware on ${thing}` })
      .locator('.notification-list-item-buttons-container .monaco-button', { hasText: /^Cancel$/ });
    await anyCancel.first().waitFor({ state: 'detached', timeout: 5_000 });

    // Back with the new version: the verdict, and the tree's Firmware Version.
    const verdictText = `Update Firmware on ${thing}: updated: Firmware Version ${before} → ${NEW_VERSION}, Update Result 1 (success)`;
    const verdict = toast(verdictText);
    await verdict.waitFor({ state: 'visible', timeout: 90_000 });
    console.log(`      verdict ${Date.now() - t0} ms after the file was picked`);
    assert.equal((await verdict.locator('.notification-list-item-message').innerText()).trim(), verdictText);
    // The pointer rests on the toast while the tree catches up, as a reader's does (VS Code keeps it shown meanwhile).
    await verdict.hover();
    await row('Firmware Version').locator('.label-description', { hasText: NEW_VERSION }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await description('Firmware Version'), NEW_VERSION);
    // A toast shows one line, cut: expanded (its chevron, shown on hover), the whole verdict is readable.
    const chevron = verdict.locator('.codicon-notifications-expand');
    if (await chevron.isVisible()) await chevron.click();
    const message = verdict.locator('.notification-list-item-message');
    await wb.page.waitForFunction((el) => !!el && el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1, await message.elementHandle(), { timeout: 5_000 });
    updateReadmePicture(await wb.screenshot('firmware-5-verdict'), 'firmware-update');
    assert.ok(await verdict.isVisible(), 'the verdict is in the screenshot');
  });
});
