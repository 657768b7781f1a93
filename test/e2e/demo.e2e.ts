// `npm run demo` as a newcomer meets it (scripts/demo.mjs, the web workbench): the server refuses requests
// without the connection token in the printed URL; the walkthrough is offered; no git or port-forwarding
// prompt; and notifications pop up as toasts (the tests' smoke-test driver, which hides them, is off).
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { launchBrowser, type RunningBrowser } from '../harness/browser';
import { repoRoot } from '../harness/tools';

const screenshotsDir = path.join(repoRoot, '.test-output', 'screenshots');

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    http.get(url, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', () => resolve(0));
  });
}

suite('npm run demo (e2e)', () => {
  let demo: ChildProcess | undefined;
  let browser: RunningBrowser | undefined;
  let url = '';
  let output = '';

  suiteSetup(async function () {
    this.timeout(180_000);
    demo = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'demo.mjs'), '--web', '--port', '0'], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LWM2M_DEMO: 'web' },
    });
    demo.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo printed no URL in 150 s:\n${output}`)), 150_000);
      demo!.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        const m = /Open (http\S+)/.exec(output);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      demo!.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the demo exited (${code}):\n${output}`)); });
    });
  });

  suiteTeardown(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) {
      const exited = new Promise((r) => demo!.once('exit', r));
      demo.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
  });

  test('the server answers only with the connection token of the printed URL', async () => {
    const printed = new URL(url);
    const token = printed.searchParams.get('tkn');
    assert.ok(token && token.length >= 16, url);
    const bare = new URL(printed);
    bare.searchParams.delete('tkn');
    assert.equal(await status(bare.toString()), 403, 'the workbench is served without the token');
    assert.notEqual(await status(url), 403);
  });

  test('the workbench opens on the walkthrough; notifications pop up; no git or Ports prompt', async () => {
    browser = await launchBrowser({ profileDir: path.join(repoRoot, '.test-output', 'demo', 'chromium-profile'), viewport: { width: 1400, height: 860 } });
    const { page } = browser;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    const walkthrough = page.locator('.editor-instance', { hasText: 'Get Started with LwM2M Shadows' }).first();
    await walkthrough.waitFor({ state: 'visible', timeout: 30_000 });
    fs.mkdirSync(screenshotsDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotsDir, 'demo-start.png') });

    // A command that only informs: its message must pop up as a toast, not hide behind the bell.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input.input').fill('>LwM2M Shadows: Show Operation History');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Show Operation History' }).first().click();
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /No operations published/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    await page.screenshot({ path: path.join(screenshotsDir, 'demo-toast.png') });

    const toasts = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
    assert.ok(!toasts.some((t) => /git repository was found/i.test(t)), JSON.stringify(toasts));

    // The walkthrough's first step offers the sandbox; once it runs, VS Code does not forward its port.
    await page.locator('.editor-instance .getting-started-category', { hasText: 'Get Started with LwM2M Shadows' }).first().click();
    const step = page.locator('.editor-instance .getting-started-step', { hasText: 'Connect to a fleet' }).first();
    await step.waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('.part.activitybar .action-item a[aria-label^="LwM2M"]').first().click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'tracker_v2' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForTimeout(3000);
    await page.screenshot({ path: path.join(screenshotsDir, 'demo-walkthrough.png') });
    const ports = await page.locator('.part.statusbar #status\\.forwardedPorts').getAttribute('aria-label');
    assert.match(ports ?? '', /No Ports Forwarded/);
  });
});
