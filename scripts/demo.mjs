#!/usr/bin/env node
// `npm run demo` (after `npm run build`): shows the extension in a real VS Code, on the local sandbox.
//  - With a desktop `code` on PATH: launches it with this extension (`code --extensionDevelopmentPath=<repo>`).
//  - Otherwise (or with LWM2M_DEMO=web): installs the tools if needed (npm run tools), packages the extension,
//    serves the VS Code 1.139 web workbench with it installed on 127.0.0.1:8080 (or the next free port), with
//    the setting "lwm2mShadows.connection.startWith": "sandbox", prints the URL and runs until Ctrl-C.
//    As in a user's own VS Code: notifications pop up (no test driver), the "Get Started with LwM2M Shadows"
//    walkthrough opens, no git or port-forwarding prompts. The server has a terminal: it always requires a
//    connection token (in the printed URL; random, or --token T / LWM2M_DEMO_TOKEN).
// Options: --port N (or LWM2M_DEMO_PORT), --host H (or LWM2M_DEMO_HOST), --web (or LWM2M_DEMO=web).
import { spawnSync } from 'node:child_process';
import * as http from 'node:http';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { installTools } from './install-tools.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
};
const log = (msg) => console.log(`[demo] ${msg}`);

if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
  console.error('[demo] dist/extension.js is missing: run `npm run build` (npm run demo does).');
  process.exit(1);
}

function desktopCode() {
  if (process.env.LWM2M_DEMO === 'web' || argv.includes('--web')) return undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, process.platform === 'win32' ? 'code.cmd' : 'code');
    if (dir && fs.existsSync(file)) return file;
  }
  return undefined;
}

const code = desktopCode();
if (code) {
  // A desktop VS Code: open a window with this extension under development. Its own settings stay untouched,
  // so pick "Use the local sandbox" in the LwM2M Shadows view.
  log(`launching ${code} --extensionDevelopmentPath=${repoRoot}`);
  const r = spawnSync(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`], { stdio: 'inherit' });
  if (r.status === 0) log('VS Code opened: in the LwM2M Shadows view (activity bar), choose "Use the local sandbox".');
  process.exit(r.status ?? 1);
}

try {
  await installTools();
} catch (e) {
  console.error(`[tools] FAILED: ${e.message}`);
  process.exit(1);
}

// The harness's server code is TypeScript (test/harness/); bundle the part the demo needs on the fly
// (esbuild, ~0.1 s) rather than requiring `npm run compile-tests` first.
const demoDir = path.join(repoRoot, '.test-output', 'demo');
fs.mkdirSync(demoDir, { recursive: true });
const harnessJs = path.join(demoDir, 'harness.cjs');
await esbuild.build({
  stdin: {
    contents: "export { startVsCodeServer } from './vscodeServer'; export { QUIET_SETTINGS, packageVsix } from './workbench';",
    resolveDir: path.join(repoRoot, 'test', 'harness'), loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: harnessJs, external: ['playwright-core'], logLevel: 'warning',
});
const { startVsCodeServer, QUIET_SETTINGS, packageVsix } = createRequire(import.meta.url)(harnessJs);

const t0 = Date.now();
const vsix = packageVsix(path.join(demoDir, 'lwm2m-shadows.vsix'));
log(`packaged ${path.relative(repoRoot, vsix)} in ${Date.now() - t0} ms`);

const workspace = path.join(demoDir, 'workspace');
fs.mkdirSync(workspace, { recursive: true });
const host = flag('host') ?? process.env.LWM2M_DEMO_HOST ?? '127.0.0.1';
const port = flag('port') ?? process.env.LWM2M_DEMO_PORT ?? '8080-8180';
const token = flag('token') ?? process.env.LWM2M_DEMO_TOKEN;
if (token !== undefined && !/^[\w-]{16,}$/.test(token)) {
  console.error('[demo] --token must be at least 16 characters of a-z, A-Z, 0-9, _ and -: the VS Code server gives a terminal to whoever holds it.');
  process.exit(2);
}
let server;
try {
  server = await startVsCodeServer({
    runDir: demoDir,
    host,
    port,
    installExtensions: [vsix],
    // What a user's own VS Code does: notification toasts show (the test driver hides them).
    smokeTestDriver: false,
    ...(token ? { connectionToken: token } : {}),
    settings: {
      ...QUIET_SETTINGS,
      // A newcomer's first hour starts at the extension's walkthrough (connect, browse, a first read, logs).
      'workbench.startupEditor': 'welcomePage',
      'workbench.welcomePage.walkthroughs.openOnInstall': true,
      'lwm2mShadows.connection.startWith': 'sandbox',
    },
  });
} catch (e) {
  console.error(`[demo] ${e.message}`);
  process.exit(1);
}

const url = server.workbenchUrl({ folder: workspace });
log(`the VS Code web workbench with LwM2M Shadows is serving (server log: ${path.relative(repoRoot, server.logFile)}).`);
console.log(`\n  Open ${url}\n\n  Then click "LwM2M Shadows" in the activity bar: it opens on the local sandbox.`);
if (!/^(127\.|::1$|localhost$)/.test(host)) console.log(`  This URL holds the connection token: whoever has it gets a terminal on this machine. Share it with care.`);
if (host === '127.0.0.1') console.log(`  On a remote machine, forward the port first: ssh -L ${server.port}:127.0.0.1:${server.port} <machine>`);
console.log('  Press Ctrl-C to stop.\n');

let stopping = false;
const stop = async (reason, exitCode) => {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping the VS Code server…`);
  await server.stop();
  log('stopped.');
  process.exit(exitCode);
};
process.on('SIGINT', () => void stop('Ctrl-C', 0));
process.on('SIGTERM', () => void stop('SIGTERM', 0));
process.on('SIGHUP', () => void stop('SIGHUP', 0));
// Notice a server that dies on its own (and keep this process alive meanwhile).
setInterval(() => {
  const req = http.get(`${server.url}/version`, { timeout: 5000 }, (res) => {
    res.resume();
    if (res.statusCode !== 200) void stop(`the VS Code server answered ${res.statusCode}`, 1);
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => void stop(`the VS Code server stopped answering (${e.message})`, 1));
}, 30_000);
