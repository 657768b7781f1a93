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
// LWM2M_DEMO_DIR: the demo's folder (server data, the packaged .vsix it reuses; default .test-output/demo).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
const started = Date.now();

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
  // so pick "Use the local sandbox" in the LwM2M view.
  log(`launching ${code} --extensionDevelopmentPath=${repoRoot}`);
  const r = spawnSync(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`], { stdio: 'inherit' });
  if (r.status === 0) log('VS Code opened: click LwM2M in the activity bar and choose "Use the local sandbox" (or follow the Get Started walkthrough).');
  process.exit(r.status ?? 1);
}

const demoDir = path.resolve(process.env.LWM2M_DEMO_DIR || path.join(repoRoot, '.test-output', 'demo'));
fs.mkdirSync(demoDir, { recursive: true });

/**
 * A hash of what `vsce package` puts in the .vsix (what .vscodeignore lets through, and vsce's version): while it
 * is unchanged, the last run's package, and the extension it installed, are used again.
 */
function packageInputsHash() {
  const hash = createHash('sha256');
  const files = ['package.json', 'package.nls.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'NOTICE',
    'node_modules/@vscode/vsce/package.json'];
  for (const dir of ['dist', 'l10n', 'media', 'schemas', 'syntaxes']) {
    if (!fs.existsSync(path.join(repoRoot, dir))) continue;
    for (const f of fs.readdirSync(path.join(repoRoot, dir), { recursive: true })) files.push(path.join(dir, f));
  }
  for (const f of files.sort()) {
    const file = path.join(repoRoot, f);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    hash.update(`${f}\0`).update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}
const readText = (file) => { try { return fs.readFileSync(file, 'utf8').trim(); } catch { return undefined; } };

// The harness's server code is TypeScript (test/harness/); bundle the part the demo needs on the fly
// (esbuild, ~0.1 s) rather than requiring `npm run compile-tests` first. It is independent of the tools' check,
// so both run at once.
// In the repository, whatever LWM2M_DEMO_DIR says: it requires playwright-core from node_modules.
const harnessJs = path.join(repoRoot, '.test-output', 'demo', 'harness.cjs');
fs.mkdirSync(path.dirname(harnessJs), { recursive: true });
const [toolsResult] = await Promise.allSettled([
  installTools(),
  esbuild.build({
    stdin: {
      contents: "export { startVsCodeServer } from './vscodeServer'; export { QUIET_SETTINGS, packageVsix } from './workbench';",
      resolveDir: path.join(repoRoot, 'test', 'harness'), loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: harnessJs, external: ['playwright-core'], logLevel: 'warning',
  }),
]);
if (toolsResult.status === 'rejected') {
  console.error(`[tools] FAILED: ${toolsResult.reason?.message ?? toolsResult.reason}`);
  process.exit(1);
}
const { startVsCodeServer, QUIET_SETTINGS, packageVsix } = createRequire(import.meta.url)(harnessJs);

const t0 = Date.now();
const vsix = path.join(demoDir, 'lwm2m-shadows.vsix');
const vsixStamp = `${vsix}.inputs`;
const inputs = packageInputsHash();
if (fs.existsSync(vsix) && readText(vsixStamp) === inputs) {
  log(`reusing ${path.relative(repoRoot, vsix)}: what it packages is unchanged (checked in ${Date.now() - t0} ms)`);
} else {
  fs.rmSync(vsixStamp, { force: true });
  packageVsix(vsix);
  fs.writeFileSync(vsixStamp, inputs + '\n');
  log(`packaged ${path.relative(repoRoot, vsix)} in ${Date.now() - t0} ms`);
}
// The server's extensions folder keeps the last run's install: installed again only when the package changed.
const extensionsDir = path.join(demoDir, 'extensions');
const installedStamp = path.join(extensionsDir, '.lwm2m-demo-installed');
const { publisher, name: extensionName, version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const installed = readText(installedStamp) === inputs && fs.existsSync(path.join(extensionsDir, `${publisher}.${extensionName}-${version}`, 'package.json'));
if (installed) log('the extension installed by the last run is current: not installing it again');
else fs.rmSync(installedStamp, { force: true });

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
    extensionsDir,
    installExtensions: installed ? [] : [vsix],
    // What a user's own VS Code does: notification toasts show (the test driver hides them).
    smokeTestDriver: false,
    // A reloaded or closed tab's extension host goes after 5 s instead of VS Code's 3 hours: it holds the
    // sandbox's LwM2M port (5683), which the next window's sandbox needs for your own device.
    reconnectionGraceSeconds: 5,
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

// Ctrl-C stops the server from now on: whoever reads the URL below may press it at once (a test, a benchmark).
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
if (!installed) fs.writeFileSync(installedStamp, inputs + '\n');
const url = server.workbenchUrl({ folder: workspace });
log(`the VS Code web workbench with LwM2M Shadows is serving (server log: ${path.relative(repoRoot, server.logFile)}), ${((Date.now() - started) / 1000).toFixed(1)} s after the demo started.`);
console.log(`\n  Open ${url}\n\n  Then click "LwM2M" in the activity bar: it opens on the local sandbox. New here? Pick "Get Started with LwM2M Shadows" on the Welcome page.`);
if (!/^(127\.|::1$|localhost$)/.test(host)) console.log(`  This URL holds the connection token: whoever has it gets a terminal on this machine. Share it with care.`);
if (host === '127.0.0.1') console.log(`  On a remote machine, forward the port first: ssh -L ${server.port}:127.0.0.1:${server.port} <machine>`);
console.log('  Press Ctrl-C to stop.\n');

// Notice a server that dies on its own (and keep this process alive meanwhile).
setInterval(() => {
  const req = http.get(`${server.url}/version`, { timeout: 5000 }, (res) => {
    res.resume();
    if (res.statusCode !== 200) void stop(`the VS Code server answered ${res.statusCode}`, 1);
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => void stop(`the VS Code server stopped answering (${e.message})`, 1));
}, 30_000);
