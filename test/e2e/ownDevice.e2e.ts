// Your own device (issue 21) as a person meets it in the real browser: the connection's status bar tooltip gives
// the LwM2M server URI and the command line for Eclipse Wakaama's lwm2mclient; started with it (a real client
// process), the device appears in the Fleet by itself with `LwM2M 1.1 · 127.0.0.1:<port>` and its objects; a
// Read from the tree comes back from it; Stream Integration Logs offers the CoAP log, which shows each exchange
// (direction, method, path, code, content format, sizes, time). With LWM2M_UPDATE_MEDIA=1 the last screenshot (the
// Fleet beside the CoAP log) becomes the README's media/own-device.png. Skipped with the reason where no client is found (LWM2M_TEST_CLIENT).
import * as assert from 'node:assert/strict';
import { openWorkbench, updateReadmePicture, type Workbench } from '../harness/workbench';
import { NO_CLIENT, WakaamaClient, findClient, freeUdpPort } from '../unit/sandbox/lwm2m/wakaamaClient';

const TYPE_ROW = 'Lightweight_M2M_Client';
const ENDPOINT = 'my-device';

suite('Your own device (e2e)', () => {
  const client = findClient();
  let wb: Workbench | undefined;
  let wakaama: WakaamaClient | undefined;
  let port = 0;

  suiteSetup(async function () {
    if (!client) {
      console.log(`      ${NO_CLIENT}`);
      this.skip();
    }
    port = await freeUdpPort(); // not 5683: a demo or another run may hold it
    wb = await openWorkbench({
      name: 'own-device',
      viewport: { width: 1400, height: 860 },
      settings: {
        'lwm2mShadows.connection.startWith': 'sandbox',
        'lwm2mShadows.datamodel.refreshIntervalSeconds': 0,
        'lwm2mShadows.sandbox.lwm2m.port': port,
      },
    });
  });

  suiteTeardown(async () => {
    await wakaama?.kill();
    await wb?.close();
  });

  test('the URI from the status bar; Wakaama started with it appears in the Fleet with its objects; a Read comes back; the CoAP log shows the exchanges', async function () {
    this.timeout(180_000);
    const w = wb!;
    const row = (label: string | RegExp) => w.treeRow(label);
    await w.clickActivityBar('LwM2M');
    await w.waitForTreeRow('tracker_v2', 60_000);

    // The status bar says where a device registers, and how to start Wakaama's client against it.
    const item = w.page.locator('.part.statusbar .statusbar-item', { hasText: 'LwM2M: Local sandbox' }).first();
    await item.hover();
    const hover = w.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Your own device' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    const tooltip = (await hover.innerText()).replace(/\s+/g, ' ');
    await w.screenshot('own-device-status-tooltip');
    assert.match(tooltip, new RegExp(`give it the LwM2M server URI coap://127\\.0\\.0\\.1:${port} \\(CoAP over UDP, NoSec\\)`));
    assert.ok(tooltip.includes(`lwm2mclient -4 -h 127.0.0.1 -p ${port} -n my-device -t 60`), tooltip);
    await w.page.mouse.move(700, 400);

    // That command line (plus its own local port, so runs never collide), as a separate process.
    wakaama = await WakaamaClient.start(client!.plain, { serverPort: port, endpoint: ENDPOINT, lifetime: 60 });
    await w.waitForTreeRow(TYPE_ROW, 20_000);
    await w.widenSidebar(160);
    await row(TYPE_ROW).click();
    await w.waitForTreeRow(ENDPOINT);
    const description = row(ENDPOINT).locator('.label-description', { hasText: `LwM2M 1.1 · 127.0.0.1:${wakaama.localPort}` });
    await description.waitFor({ state: 'visible', timeout: 10_000 });
    await row(ENDPOINT).click();
    await w.waitForTreeRow('Datamodel');
    await row('Datamodel').click();
    await w.waitForTreeRow('Device');
    for (const o of ['LwM2M Server', 'Connectivity Monitoring', 'Firmware Update', 'Location', '31024']) assert.ok(await row(o).isVisible(), o);
    await w.screenshot('own-device-fleet');

    // A Read from the tree reaches the device and comes back marked.
    await row('Device').click();
    await w.waitForTreeRow('Instance 0');
    await row('Instance 0').click();
    await w.waitForTreeRow('Battery Level');
    await w.chooseFromContextMenu('Battery Level', 'Read');
    await row('Battery Level').locator('.label-description', { hasText: '100 % ✓' }).waitFor({ timeout: 20_000 });

    // Stream Integration Logs offers the sandbox's CoAP log; streamed alone it shows each exchange.
    await w.runCommand('LwM2M Shadows: Stream Integration Logs');
    const title = w.page.locator('.quick-input-widget .quick-input-title');
    await title.filter({ hasText: /Stream which log groups/ }).waitFor({ state: 'visible', timeout: 20_000 });
    const groups = w.page.locator('.quick-input-widget .monaco-list-row');
    const offered = (await groups.locator('.label-name').allInnerTexts()).map((t) => t.trim());
    assert.ok(offered.includes('/sandbox/coiote-dm/coap'), JSON.stringify(offered));
    // All are preselected: a click on each other row unticks it.
    for (const name of offered.filter((g) => g !== '/sandbox/coiote-dm/coap')) await groups.filter({ hasText: name }).first().click();
    await w.page.keyboard.press('Enter');
    await title.filter({ hasText: /from when/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await w.page.keyboard.press('Enter'); // Last 5 minutes
    const output = w.page.locator('.part.panel .view-lines');
    try {
      await output.filter({ hasText: /GET\s\/3\/0\/9/ }).waitFor({ state: 'visible', timeout: 20_000 });
    } finally {
      await w.page.mouse.move(700, 300);
      await w.page.waitForTimeout(500);
      await w.screenshot('own-device-read');
    }
    // The exchange the Read made: direction, method, path, code, Accept and content format, sizes, time.
    const lines = async () => (await output.innerText()).replace(/\u00a0/g, ' ').replace(/\n(?!\d\d:\d\d:\d\d\.\d{3} )/g, ''); // wrapped lines joined
    assert.match(await lines(), /coap \[[^\]]+\] server → 127\.0\.0\.1:\d+ GET \/3\/0\/9 · 2\.05 · Accept 110 · ct 110 · 0 B \/ \d+ B · [\d.]+ ms/);
    assert.doesNotMatch(await lines(), /Lwm2mOperation/, 'only the group picked');
    // Above it, the device's Register (scrolled out of the small panel: maximized, the earlier lines show).
    await w.runCommand('View: Toggle Maximized Panel');
    await output.filter({ hasText: /POST\s\/rd/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await w.page.mouse.move(950, 760); // no tab's hover over the log
    await w.page.waitForTimeout(800);
    updateReadmePicture(await w.screenshot('own-device'), 'own-device');
    assert.match(await lines(), new RegExp(`coap \\[[^\\]]+\\] 127\\.0\\.0\\.1:${wakaama.localPort} → server POST /rd\\?\\S* · 2\\.01 · ct 40 · \\d+ B / (\\d+ B|-) · [\\d.]+ ms`));
    assert.match(await lines(), /my-device is thing my-device \(type Open_Mobile_Alliance:Lightweight_M2M_Client\)/);
  });
});
