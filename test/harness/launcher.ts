// Stands in for a VS Code executable for @vscode/test-electron's runTests (through the `vscode-web-launcher`
// shell wrapper next to this file): it accepts the flags runTests passes, runs the extension tests in the
// VS Code 1.139 server + headless Chromium, forwards the test output to stdout and exits with the tests' code.
//   --extensionDevelopmentPath=P (repeatable)  --extensionTestsPath=P  --user-data-dir=D  --extensions-dir=D
//   a folder to open; other flags (--no-sandbox, --disable-updates, …) are accepted and ignored.
// Env: LWM2M_TEST_TIMEOUT_MS (default 600000) — after it the run fails and everything is stopped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchBrowser, type RunningBrowser } from './browser';
import { repoRoot } from './tools';
import { killAllServersSync, startVsCodeServer, type RunningServer } from './vscodeServer';
import { LWM2M_PORT_SETTING } from './workbench';

export interface LauncherArgs {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  folder?: string;
}

const VALUE_FLAGS: Record<string, keyof LauncherArgs> = {
  '--extensionDevelopmentPath': 'extensionDevelopmentPaths',
  '--extensionTestsPath': 'extensionTestsPath',
  '--user-data-dir': 'userDataDir',
  '--extensions-dir': 'extensionsDir',
};

export function parseLauncherArgs(argv: string[]): LauncherArgs {
  const out: LauncherArgs = { extensionDevelopmentPaths: [] };
  const set = (key: keyof LauncherArgs, value: string): void => {
    if (key === 'extensionDevelopmentPaths') out.extensionDevelopmentPaths.push(path.resolve(value));
    else out[key] = path.resolve(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const key = VALUE_FLAGS[flag];
    if (key) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new Error(`${flag} needs a value`);
      set(key, value);
    } else if (!a.startsWith('-')) {
      out.folder = path.resolve(a);
    }
  }
  return out;
}

/** The workbench URL that opens `folder` and runs the tests (the payload the smoke-test driver honours). */
export function testWorkbenchUrl(server: RunningServer, args: LauncherArgs): string {
  const payload: [string, string][] = args.extensionDevelopmentPaths.map((p) => ['extensionDevelopmentPath', server.remoteUri(p)]);
  if (args.extensionTestsPath) payload.push(['extensionTestsPath', server.remoteUri(args.extensionTestsPath)]);
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  return server.workbenchUrl({ ...(args.folder ? { folder: args.folder } : {}), payload: JSON.stringify(payload) });
}

/**
 * Messages the workbench logs on its own (not test output): they go to the run's workbench.log only, unless
 * LWM2M_WORKBENCH_LOG=1. Everything the extension host prints (mocha's reporter, console.log in tests) passes.
 */
const WORKBENCH_NOISE = new RegExp([
  '^\\[(AgentHost|AgentHost:remote|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)\\]',
  '^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions cache|Creation of workbench contribution)',
  '/static/out/vs/', // stack frames of the workbench itself (e.g. the offline extension gallery look-ups)
].join('|'));

async function main(): Promise<number> {
  const args = parseLauncherArgs(process.argv.slice(2));
  if (!args.extensionTestsPath) throw new Error('--extensionTestsPath is required');
  const runDir = args.userDataDir
    ? path.dirname(args.userDataDir)
    : path.join(repoRoot, '.test-output', `launcher-${Date.now()}-${process.pid}`);
  fs.mkdirSync(runDir, { recursive: true });
  if (args.folder) fs.mkdirSync(args.folder, { recursive: true });
  const timeoutMs = Number(process.env.LWM2M_TEST_TIMEOUT_MS || 600_000);
  const workbenchLog = path.join(runDir, 'workbench.log');
  const logLine = (line: string): void => fs.appendFileSync(workbenchLog, line + '\n');

  let server: RunningServer | undefined;
  let browser: RunningBrowser | undefined;
  const cleanup = async (): Promise<void> => {
    await browser?.close();
    await server?.stop();
  };
  let signalled = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    console.error(`[launcher] ${sig}: stopping the browser and the VS Code server`);
    killAllServersSync();
    void cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    // The sandbox's LwM2M server on a free port: a run must not depend on 5683 being free (a demo, another run).
    server = await startVsCodeServer({ runDir, userDataDir: args.userDataDir, extensionsDir: args.extensionsDir, settings: { [LWM2M_PORT_SETTING]: 0 } });
    console.log(`[launcher] VS Code server ${server.url} ready in ${Date.now() - t0} ms (log: ${path.relative(repoRoot, server.logFile)})`);
    browser = await launchBrowser({ profileDir: path.join(runDir, 'chromium-profile') });
    const { page } = browser;
    let settle: { resolve(code: number): void; reject(e: Error): void } | undefined;
    const exitCode = new Promise<number>((resolve, reject) => { settle = { resolve, reject }; });
    // Both bindings must exist before the workbench loads: it looks them up when the tests start and end.
    await page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown[]) => {
      const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      logLine(`[${type}] ${JSON.stringify(logArgs)}`);
      if (WORKBENCH_NOISE.test(text) && process.env.LWM2M_WORKBENCH_LOG !== '1') return;
      const clean = text.replace(/^\[Extension Host\] /, '');
      (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(clean + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => settle!.resolve(Number(code) || 0));
    page.on('console', (m) => logLine(`[browser ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => logLine(`[pageerror] ${e.message}`));
    page.on('crash', () => settle!.reject(new Error('the workbench page crashed')));
    browser.context.on('close', () => settle!.reject(new Error('the browser closed before the tests finished')));
    timer = setTimeout(() => settle!.reject(new Error(`the tests did not finish within ${timeoutMs} ms (LWM2M_TEST_TIMEOUT_MS)`)), timeoutMs);
    exitCode.catch(() => undefined); // observed below; avoids an unhandled rejection when goto fails first
    await page.goto(testWorkbenchUrl(server, args), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const code = await exitCode;
    console.log(`[launcher] tests exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return code;
  } catch (e) {
    console.error(`[launcher] FAILED: ${(e as Error).message}`);
    console.error(`[launcher] workbench log: ${path.relative(repoRoot, workbenchLog)}`);
    return 1;
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code), (e) => { console.error(`[launcher] ${(e as Error).stack ?? e}`); process.exit(1); });
}
