// Headless Debian Chromium driven by playwright-core (never `playwright install`: that downloads a browser).
// Flags and reasons: ../shared/docs/real-vscode-tests.md. Each launch gets a fresh profile folder.
import * as fs from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { locateTools } from './tools';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export interface BrowserOptions {
  /** A fresh (or not yet existing) folder for the browser profile. */
  profileDir: string;
  viewport?: { width: number; height: number };
  executablePath?: string;
}

export interface RunningBrowser {
  context: BrowserContext;
  page: Page;
  /** Closes the browser; safe to call more than once. Never hangs longer than a few seconds. */
  close(): Promise<void>;
}

export async function launchBrowser(options: BrowserOptions): Promise<RunningBrowser> {
  const executablePath = options.executablePath ?? locateTools().chromium;
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium is missing at ${executablePath}. Run \`npm run tools\`.`);
  fs.rmSync(options.profileDir, { recursive: true, force: true });
  fs.mkdirSync(options.profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(options.profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1400, height: 900 },
    // Our own handlers stop the VS Code server too; Playwright still kills the browser on process exit.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? await context.newPage();
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => (closed ??= Promise.race([
    context.close().catch(() => undefined),
    new Promise<void>((r) => setTimeout(r, 5000).unref()),
  ]));
  return { context, page, close };
}
