#!/usr/bin/env node
// `npm run tools`: installs what the integration/e2e tests and `npm run demo` need to run a real VS Code on a
// machine that reaches only the npm registry and Debian's packages (see ../shared/docs/real-vscode-tests.md):
//   - Node 24 from npm (`node-linux-<arch>`: bin/node plus the headers node-gyp needs), beside the machine's Node;
//   - code-server (its lib/vscode is the VS Code server + web workbench), installed with that Node 24;
//   - Debian packages: chromium (the browser the tests drive) and the native build deps of code-server.
// Everything goes into `.tools/` (git-ignored; may be a symlink shared between checkouts), pinned. Idempotent:
// a stamp file records the pinned versions, and a second run returns in milliseconds. Safe to run as root without a
// TTY (CI), and safe to run from several checkouts at once (a lock directory serializes installs).
// Environment: LWM2M_TOOLS_DIR overrides the tools folder; LWM2M_SKIP_APT=1 skips the Debian packages.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'build-essential', 'python3', 'pkg-config'];
const STAMP_FORMAT = 1;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The tools folder (`.tools` in the repository unless LWM2M_TOOLS_DIR says otherwise). */
export function toolsDir() {
  return path.resolve(process.env.LWM2M_TOOLS_DIR || path.join(repoRoot, '.tools'));
}

/** Where each tool lives once installed. Pure: does not check that they exist. */
export function toolPaths(dir = toolsDir()) {
  const nodePkg = `node-linux-${process.arch}`;
  const nodeRoot = path.join(dir, `node-${NODE_VERSION}`, 'node_modules', nodePkg);
  const codeServerRoot = path.join(dir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
  return {
    dir,
    /** Node 24's folder: bin/node and include/node (what npm_config_nodedir wants). */
    nodeRoot,
    node: path.join(nodeRoot, 'bin', 'node'),
    codeServerRoot,
    /** The VS Code server entry, started directly with Node 24 (not through the code-server CLI). */
    serverMain: path.join(codeServerRoot, 'lib', 'vscode', 'out', 'server-main.js'),
    vscodeProductJson: path.join(codeServerRoot, 'lib', 'vscode', 'product.json'),
    chromium: process.env.LWM2M_CHROMIUM || '/usr/bin/chromium',
    stamp: path.join(dir, 'install-tools.stamp.json'),
  };
}

const log = (msg) => console.log(`[tools] ${msg}`);
const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function wantedStamp() {
  return { format: STAMP_FORMAT, node: NODE_VERSION, codeServer: CODE_SERVER_VERSION, arch: process.arch, apt: APT_PACKAGES };
}

function readStamp(file) {
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return undefined; }
}

/** True when the stamp matches the pinned versions and the files it promises are there. */
export function toolsReady(p = toolPaths()) {
  const s = readStamp(p.stamp);
  const w = wantedStamp();
  return !!s && !!s.paths && s.format === w.format && s.node === w.node && s.codeServer === w.codeServer && s.arch === w.arch
    && existsSync(p.node) && existsSync(p.serverMain) && (process.env.LWM2M_SKIP_APT === '1' || existsSync(p.chromium));
}

/** Creates the tools folder; a dangling `.tools` symlink (e.g. to a shared folder not yet made) gets its target made. */
function ensureDir(dir) {
  let st;
  try { st = lstatSync(dir); } catch { /* missing */ }
  if (st?.isSymbolicLink()) {
    const target = path.resolve(path.dirname(dir), readlinkSync(dir));
    mkdirSync(target, { recursive: true });
  } else if (!st) {
    mkdirSync(dir, { recursive: true });
  }
}

function run(cmd, args, { env = process.env, cwd = repoRoot, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'] });
    let out = '';
    child.stdout?.on('data', (d) => { out += d; });
    child.stderr?.on('data', (d) => { out += d; });
    child.on('error', (e) => reject(new Error(`cannot run ${cmd}: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${quiet && out ? `:\n${out.slice(-4000)}` : ''}`));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A lock directory, so that two checkouts sharing `.tools` do not install into it at the same time. */
async function withLock(dir, fn) {
  const lock = path.join(dir, '.install.lock');
  const deadline = Date.now() + 20 * 60_000;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock left by a dead process is taken over.
      let pid;
      try { pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8')); } catch { /* being written */ }
      let alive = true;
      if (pid) { try { process.kill(pid, 0); } catch (err) { alive = err.code === 'EPERM'; } }
      else if (Date.now() - statSync(lock).mtimeMs > 60_000) alive = false;
      if (!alive) { rmSync(lock, { recursive: true, force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`timed out waiting for another install (lock ${lock}, pid ${pid})`);
      if (!announced) { log(`another install (pid ${pid}) is running; waiting for it…`); announced = true; }
      await sleep(1000);
    }
  }
  const release = () => rmSync(lock, { recursive: true, force: true });
  const onSignal = (sig) => { release(); process.kill(process.pid, sig); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    release();
  }
}

/**
 * Environment for npm children: this machine's ~/.npmrc has yes=false and nodedir=/usr, which break native builds.
 * When this script runs under npm (`npm test`, `npm run tools`), the parent npm's own `npm_*` variables are in
 * the environment and a child npm would take them as its config: `npm_config_user_agent` (naming Node 20) makes
 * code-server's postinstall refuse to install. So none of them is passed on.
 */
function npmEnv(extra = {}) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return {
    ...inherited,
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_progress: 'false',
    CI: process.env.CI ?? 'true',
    ...extra,
  };
}

/** Installs one npm package into `<tools>/<name>` via a temporary folder renamed into place (never half-installed). */
async function npmInstallInto(finalDir, spec, env) {
  const tmp = `${finalDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'lwm2m-shadows-tools', private: true }) + '\n');
  try {
    await run('npm', ['install', '--no-save', '--no-package-lock', '--omit=dev', spec], { cwd: tmp, env });
    rmSync(finalDir, { recursive: true, force: true });
    renameSync(tmp, finalDir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

function missingAptPackages() {
  const missing = [];
  for (const pkg of APT_PACKAGES) {
    try {
      // Synchronous check through dpkg's status database (fast, no lock).
      const status = readFileSync('/var/lib/dpkg/status', 'utf8');
      const block = status.split('\n\n').find((b) => new RegExp(`^Package: ${pkg.replace(/[+.]/g, '\\$&')}$`, 'm').test(b));
      if (!block || !/^Status: install ok installed$/m.test(block)) missing.push(pkg);
    } catch {
      missing.push(pkg);
    }
  }
  return missing;
}

async function installApt(p) {
  if (process.env.LWM2M_SKIP_APT === '1') { log('LWM2M_SKIP_APT=1: not checking Debian packages'); return; }
  const missing = missingAptPackages();
  if (missing.length === 0) { log(`Debian packages present: ${APT_PACKAGES.join(', ')}`); return; }
  if (!existsSync('/usr/bin/apt-get')) {
    if (existsSync(p.chromium)) { log(`no apt-get; using the browser at ${p.chromium}`); return; }
    throw new Error(`Chromium is missing (${p.chromium}) and there is no apt-get to install it. Install Chromium and set LWM2M_CHROMIUM to its path.`);
  }
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  if (!isRoot && !existsSync('/usr/bin/sudo')) throw new Error(`need root (or sudo) to install Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptArgs = ['-o', 'DPkg::Lock::Timeout=300', '-o', 'Acquire::Retries=3'];
  let t0 = Date.now();
  log(`missing Debian packages: ${missing.join(', ')}; running apt-get update…`);
  const [cmd, ...pre] = [...sudo, 'apt-get'];
  await run(cmd, [...pre, ...aptArgs, 'update', '-q'], { env, quiet: true });
  log(`apt-get update done in ${seconds(t0)}`);
  t0 = Date.now();
  log(`apt-get install ${missing.join(' ')}…`);
  await run(cmd, [...pre, ...aptArgs, 'install', '-y', '-q', '--no-install-recommends', ...missing], { env, quiet: true });
  log(`Debian packages installed in ${seconds(t0)}`);
}

async function installNode(p) {
  if (existsSync(p.node)) { log(`Node ${NODE_VERSION} present: ${p.node}`); return; }
  const t0 = Date.now();
  log(`installing Node ${NODE_VERSION} (npm node-linux-${process.arch}@${NODE_VERSION})…`);
  await npmInstallInto(path.join(p.dir, `node-${NODE_VERSION}`), `node-linux-${process.arch}@${NODE_VERSION}`, npmEnv({ npm_config_ignore_scripts: 'true' }));
  if (!existsSync(p.node)) throw new Error(`Node ${NODE_VERSION} installed but ${p.node} is missing`);
  const v = (await run(p.node, ['--version'], { quiet: true })).trim();
  if (v !== `v${NODE_VERSION}`) throw new Error(`${p.node} reports ${v}, expected v${NODE_VERSION}`);
  log(`Node ${v} installed in ${seconds(t0)}`);
}

async function installCodeServer(p) {
  if (existsSync(p.serverMain)) { log(`code-server ${CODE_SERVER_VERSION} present: ${p.codeServerRoot}`); return; }
  const t0 = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} with Node ${NODE_VERSION} (builds native modules; ~1.5 min cold)…`);
  const env = npmEnv({
    PATH: `${path.dirname(p.node)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: p.nodeRoot,
  });
  await npmInstallInto(path.join(p.dir, `code-server-${CODE_SERVER_VERSION}`), `code-server@${CODE_SERVER_VERSION}`, env);
  if (!existsSync(p.serverMain)) throw new Error(`code-server installed but ${p.serverMain} is missing`);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${seconds(t0)}`);
}

/**
 * Installs the tools when needed and returns their paths. Fast (a stamp check) when already installed.
 * Throws an Error with a readable message when something cannot be installed.
 */
export async function installTools() {
  const t0 = Date.now();
  const p = toolPaths();
  if (toolsReady(p)) {
    log(`ready (Node ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION}, chromium) in ${p.dir} — checked in ${Date.now() - t0} ms`);
    return p;
  }
  ensureDir(p.dir);
  await withLock(p.dir, async () => {
    if (toolsReady(p)) return; // another process finished while we waited
    rmSync(p.stamp, { force: true });
    await installApt(p);
    await installNode(p);
    await installCodeServer(p);
    if (process.env.LWM2M_SKIP_APT !== '1' && !existsSync(p.chromium)) {
      throw new Error(`Chromium not found at ${p.chromium} (Debian package "chromium"); set LWM2M_CHROMIUM to use another.`);
    }
    // Paths relative to the tools folder, so that test/harness/tools.ts finds them without repeating this layout.
    const rel = (f) => path.relative(p.dir, f);
    const paths = { node: rel(p.node), nodeRoot: rel(p.nodeRoot), codeServerRoot: rel(p.codeServerRoot), serverMain: rel(p.serverMain) };
    writeFileSync(p.stamp, JSON.stringify({ ...wantedStamp(), paths, installedAt: new Date().toISOString() }, null, 2) + '\n');
  });
  log(`tools ready in ${p.dir} — total ${seconds(t0)}`);
  return p;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  installTools().catch((e) => {
    console.error(`[tools] FAILED: ${e.message}`);
    process.exit(1);
  });
}
