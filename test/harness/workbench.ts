// For e2e suites (plain Node mocha, see run-e2e.mjs): the VS Code 1.139 web workbench with this extension
// installed from its .vsix (what users get), in headless Chromium at a fixed viewport, plus helpers that act
// like a person: F1 + a command title, clicks in the activity bar, the rows of the side bar's tree, screenshots.
//   const wb = await openWorkbench({ settings: { 'lwm2mShadows.connection.startWith': 'sandbox' } });
//   try { await wb.clickActivityBar('LwM2M'); … } finally { await wb.close(); }
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, type RunningBrowser } from './browser';
import { repoRoot } from './tools';
import { startVsCodeServer, type RunningServer } from './vscodeServer';

export const screenshotsDir = path.join(repoRoot, '.test-output', 'screenshots');

/** Settings that keep the workbench quiet and predictable in tests (no welcome page, tips, chat panel…). */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  // The demo's and tests' folders live inside this repository: no "A git repository was found in the parent
  // folders" prompt; and no Ports badge for the sandbox's port.
  'git.openRepositoryInParentFolders': 'never',
  'remote.autoForwardPorts': false,
};

/** Tests' sandboxes listen for LwM2M devices on a free port (0), never on 5683 a demo or another run may hold. */
export const LWM2M_PORT_SETTING = 'lwm2mShadows.sandbox.lwm2m.port';

export interface WorkbenchOptions {
  /** Names the run folder (.test-output/e2e-<name>-…) and is the default screenshot prefix. */
  name?: string;
  viewport?: { width: number; height: number };
  /** User (and machine) settings written before the server starts, on top of QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Folder to open; default: an empty folder in the run folder. */
  folder?: string;
  /** The .vsix to install; default: $LWM2M_E2E_VSIX, else one packaged now from dist/. */
  vsix?: string;
  /**
   * false: notifications pop up as toasts, as in a user's own VS Code and `npm run demo` (the default, the
   * tests' smoke-test driver, keeps them behind the bell).
   */
  smokeTestDriver?: boolean;
  /** true: the Welcome page opens as `workbench.startupEditor` says (by default it is skipped). */
  welcome?: boolean;
}

export interface Workbench {
  page: Page;
  server: RunningServer;
  runDir: string;
  /** Runs a command from the palette (F1) by its title as shown there, e.g. "LwM2M Shadows: Use the Local Sandbox". */
  runCommand(title: string): Promise<void>;
  /** Clicks an activity-bar entry by its title (e.g. "LwM2M Shadows") and waits for its side bar. */
  clickActivityBar(title: string): Promise<void>;
  /** Each visible tree/list row of the side bar, top to bottom, as "label description" (e.g. "tracker_v2 acme"). */
  treeRows(): Promise<string[]>;
  /** The first side-bar tree row whose label (not its description) is `label` (a string matches it whole). */
  treeRow(label: string | RegExp): Locator;
  /**
   * Right-clicks the side-bar row `label` and chooses `action` in its context menu with the pointer, as a
   * person does; waits until the menu has closed (the action has started). Fails with the items offered when
   * the menu has no `action`, or when the click did not choose it.
   */
  chooseFromContextMenu(label: string | RegExp, action: string): Promise<void>;
  /** Waits until treeRow(label) is visible (default: up to 20 s). */
  waitForTreeRow(label: string | RegExp, timeoutMs?: number): Promise<void>;
  /** A side-bar view pane by its title (e.g. "Fleet"): header and body. */
  view(title: string): Locator;
  /** Drags the side bar's edge `px` wider, as people who read values in it make it. */
  widenSidebar(px: number): Promise<void>;
  /** Texts of the visible notification toasts. */
  notifications(): Promise<string[]>;
  /** Saves a PNG of the whole window to .test-output/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

let packagedVsix: string | undefined;

/** Packages dist/ as a .vsix with vsce (offline, no dependencies: the bundles contain them). */
export function packageVsix(outFile: string): string {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build`.');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', outFile],
    { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return outFile;
}

function defaultVsix(): string {
  if (process.env.LWM2M_E2E_VSIX) return process.env.LWM2M_E2E_VSIX;
  return (packagedVsix ??= packageVsix(path.join(repoRoot, '.test-output', `e2e-vsix-${process.pid}`, 'lwm2m-shadows.vsix')));
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const name = options.name ?? 'workbench';
  const runDir = path.join(repoRoot, '.test-output', `e2e-${name}-${Date.now()}-${process.pid}`);
  const folder = options.folder ?? path.join(runDir, 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  const server = await startVsCodeServer({
    runDir,
    settings: { ...QUIET_SETTINGS, [LWM2M_PORT_SETTING]: 0, ...options.settings },
    installExtensions: [options.vsix ?? defaultVsix()],
    ...(options.smokeTestDriver === false ? { smokeTestDriver: false } : {}),
  });
  let browser: RunningBrowser | undefined;
  try {
    browser = await launchBrowser({ profileDir: path.join(runDir, 'chromium-profile'), viewport: options.viewport ?? { width: 1400, height: 900 } });
    const { page } = browser;
    const log = path.join(runDir, 'browser.log');
    page.on('console', (m) => fs.appendFileSync(log, `[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => fs.appendFileSync(log, `[pageerror] ${e.message}\n`));
    const payload = JSON.stringify([...(options.welcome ? [] : [['skipWelcome', 'true']]), ['skipReleaseNotes', 'true']]);
    await page.goto(server.workbenchUrl({ folder, payload }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    return makeWorkbench(page, server, browser, runDir);
  } catch (e) {
    await browser?.close();
    await server.stop();
    throw new Error(`opening the workbench failed: ${(e as Error).message} (run folder ${path.relative(repoRoot, runDir)})`);
  }
}

function makeWorkbench(page: Page, server: RunningServer, browser: RunningBrowser, runDir: string): Workbench {
  const sidebar = page.locator('.part.sidebar');
  const quickInput = page.locator('.quick-input-widget');
  let closed: Promise<void> | undefined;
  return {
    page, server, runDir,
    async runCommand(title) {
      await page.keyboard.press('F1');
      const input = quickInput.locator('input.input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`);
      const row = quickInput.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: title }) }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 10_000 });
      } catch {
        const offered = await quickInput.locator('.monaco-list-row').allInnerTexts();
        await page.keyboard.press('Escape');
        throw new Error(`command "${title}" is not in the command palette; it offers: ${JSON.stringify(offered.slice(0, 10))}`);
      }
      await row.click();
      // The palette closes; a command that asks something reuses the widget at once (it never hides), so
      // wait for the command's row to go rather than for the widget.
      await row.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    },
    async clickActivityBar(title) {
      const item = page.locator(`.part.activitybar .action-item a[aria-label^="${title.replace(/"/g, '\\"')}"]`).first();
      await item.waitFor({ state: 'visible', timeout: 30_000 });
      // The entry's <li role="tab"> says whether its container is the one shown (aria-expanded, in VS Code 1.139):
      // clicking the shown one would close the side bar. A command may be revealing the view meanwhile (e.g. a
      // walkthrough's button), so a click that closed it is followed by another.
      const shown = async (): Promise<boolean> => await item.locator('..').getAttribute('aria-expanded') === 'true' && await sidebar.isVisible();
      for (let attempt = 0; attempt < 3 && !(await shown()); attempt++) {
        await item.click();
        const expanded = page.locator('.part.activitybar .action-item[aria-expanded="true"]', { has: item });
        await Promise.all([expanded.waitFor({ timeout: 3000 }), sidebar.waitFor({ state: 'visible', timeout: 3000 })]).catch(() => undefined);
      }
      await sidebar.waitFor({ state: 'visible', timeout: 10_000 });
    },
    async treeRows() {
      // As a person reads a row: its label, then its description (innerText would glue them together).
      return sidebar.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => {
        const part = (sel: string): string => (r.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
        const label = part('.label-name') || (r.textContent ?? '').replace(/\s+/g, ' ').trim();
        return [label, part('.label-description')].filter(Boolean).join(' ');
      }));
    },
    treeRow(label) {
      const name = page.locator('.label-name', { hasText: typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}$`) : label });
      return sidebar.locator('.monaco-list-row').filter({ has: name }).first();
    },
    async chooseFromContextMenu(label, action) {
      const menu = page.locator('.context-view .monaco-menu');
      const item = menu.locator('.action-item', { has: page.locator('.action-label', { hasText: new RegExp(`^${escapeRegExp(action)}$`) }) }).first();
      await this.treeRow(label).click({ button: 'right' });
      if (!await item.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) {
        const items = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
        await this.screenshot('context-menu-without-item');
        throw new Error(`the context menu of ${String(label)} has no ${action}: ${items.length ? items.join(' | ') : 'no menu opened'}`);
      }
      await menuItemTakesClicks(page, action);
      await item.click();
      if (!await menu.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false)) {
        await this.screenshot('context-menu-stuck');
        throw new Error(`the context menu of ${String(label)} stayed open after a click on ${action}`);
      }
    },
    async waitForTreeRow(label, timeoutMs = 20_000) {
      await this.treeRow(label).waitFor({ state: 'visible', timeout: timeoutMs });
    },
    async widenSidebar(px) {
      const box = await sidebar.boundingBox();
      if (!box) return;
      const x = box.x + box.width + 1;
      await page.mouse.move(x, 400);
      await page.mouse.down();
      await page.mouse.move(x + px, 400, { steps: 5 });
      await page.mouse.up();
    },
    view(title) {
      return sidebar.locator('.pane', { has: page.locator('.pane-header', { hasText: title }) });
    },
    async notifications() {
      return page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
    },
    async screenshot(name) {
      fs.mkdirSync(screenshotsDir, { recursive: true });
      const file = path.join(screenshotsDir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    close() {
      return (closed ??= (async () => {
        await browser.close();
        await server.stop();
      })());
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Waits until the open context menu's item `action` runs on a pointer click. VS Code's menu listens for an
 * item's mouseup only from 100 ms after it drew the menu (so that the release of the right button that opened
 * it chooses nothing); a click before that is swallowed and the menu stays open. A person's pointer never gets
 * there that fast, Playwright's can: about 100 ms after the menu appeared, measured here. So wait for the
 * listener itself, which Chromium's DevTools protocol lists, rather than for a time.
 */
async function menuItemTakesClicks(page: Page, action: string, timeoutMs = 5_000): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const expression = `(() => {
      const item = [...document.querySelectorAll('.context-view .monaco-menu .action-item')]
        .find((e) => e.querySelector('.action-label')?.textContent?.trim() === ${JSON.stringify(action)});
      return !!item && (getEventListeners(item).mouseup ?? []).some((l) => String(l.listener).includes('onClick'));
    })()`;
    for (const end = Date.now() + timeoutMs; ;) {
      const r = await cdp.send('Runtime.evaluate', { expression, includeCommandLineAPI: true, returnByValue: true });
      if (r.result.value === true) return;
      if (Date.now() > end) throw new Error(`the context menu's ${action} did not start listening for clicks in ${timeoutMs} ms`);
      await page.waitForTimeout(20);
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Copies a screenshot over the README's picture `media/<name>.png`, only when LWM2M_UPDATE_MEDIA=1: a plain
 * test run must leave the checkout as it found it.
 */
export function updateReadmePicture(shot: string, name: string): void {
  if (process.env.LWM2M_UPDATE_MEDIA === '1') fs.copyFileSync(shot, path.join(repoRoot, 'media', `${name}.png`));
}
