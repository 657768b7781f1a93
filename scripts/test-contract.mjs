#!/usr/bin/env node
// `npm run test:contract`: runs ONE suite of AWS behaviour (out/test/contract/*.contract.js, node:test)
// through src/aws against two independent servers: moto (installed into .tools/moto on first use by
// scripts/install-moto.mjs) and the project's embedded sandbox. A target that cannot run here is
// reported as skipped with the reason, never as failed. Ends with `ℹ pass/fail/skipped` lines that sum
// both targets, so scripts/test-all.mjs reads the totals.
// Usage: node scripts/test-contract.mjs [moto] [sandbox]   (default: both)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMoto, MOTO_PYTHONPATH, MOTO_VERSION, PYTHON } from './install-moto.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const contractDir = path.join(root, 'out', 'test', 'contract');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const targets = wanted.length ? wanted : ['moto', 'sandbox'];
const cleanups = [];

function files() {
  return existsSync(contractDir)
    ? readdirSync(contractDir).filter((f) => f.endsWith('.contract.js')).sort().map((f) => path.join(contractDir, f))
    : [];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms, isAlive) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive()) return false;
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.status < 500) return true;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Starts moto on a free port. Returns { endpoint, stop } or { skip: reason }. */
async function startMoto() {
  const t0 = Date.now();
  const install = ensureMoto();
  if (!install.ok) return { skip: `moto could not be installed here (${install.reason.split('\n')[0]}); the moto half is skipped` };
  if (!install.cached) console.log(`moto ${MOTO_VERSION} installed in ${install.seconds.toFixed(1)} s`);
  const port = await freePort();
  const child = spawn(PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, PYTHONPATH: MOTO_PYTHONPATH },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  let exited = false;
  child.on('exit', () => { exited = true; });
  const stop = () => new Promise((resolve) => {
    if (exited) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 3000).unref();
  });
  cleanups.push(stop);
  const endpoint = `http://127.0.0.1:${port}`;
  if (!(await waitForHttp(`${endpoint}/moto-api/`, 30_000, () => !exited))) {
    await stop();
    return { fail: `moto did not start on ${endpoint}:\n${stderr.trim().split('\n').slice(-5).join('\n')}` };
  }
  console.log(`moto listening on ${endpoint} after ${((Date.now() - t0) / 1000).toFixed(2)} s`);
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' }).catch(() => undefined);
  return { endpoint, region: 'us-east-1', stop };
}

/** Starts the embedded sandbox (compiled src/sandbox) in this process. */
async function startSandbox() {
  const entry = path.join(root, 'out', 'src', 'sandbox', 'index.js');
  if (!existsSync(entry)) return { skip: 'the sandbox is not compiled (out/src/sandbox/index.js missing)' };
  const require = createRequire(import.meta.url);
  const mod = require(entry);
  if (typeof mod.startSandbox !== 'function') return { skip: 'src/sandbox does not export startSandbox yet; the sandbox half is skipped' };
  // Fleet indexing on, as in an account that has it: listings go through SearchIndex here, through
  // whatever moto answers there, and must agree.
  const sb = await mod.startSandbox({ port: 0, things: 0, seed: 1, host: '127.0.0.1', timeScale: 0.01, indexing: true });
  cleanups.push(() => sb.stop());
  console.log(`sandbox listening on ${sb.url}`);
  return {
    endpoint: sb.url, region: sb.region, stop: () => sb.stop(),
    credentials: sb.credentials,
  };
}

/** Runs the suite against one target; returns its counts. */
function runSuite(name, env) {
  return new Promise((resolve) => {
    const list = files();
    // One file at a time: a file that pages through every thing must not see another file's things
    // appear mid-listing (moto's and the sandbox's page tokens are offsets).
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...list], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env, LWM2M_CONTRACT_TARGET: name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { process.stderr.write(d); });
    child.on('close', (code) => {
      const last = (label) => {
        const all = [...out.matchAll(new RegExp(`^\\S*\\s*ℹ ${label} (\\d+)\\s*$`, 'gm'))];
        return all.length ? Number(all[all.length - 1][1]) : undefined;
      };
      const pass = last('pass');
      if (pass === undefined) return resolve({ pass: 0, fail: 1, skipped: 0, code });
      resolve({ pass, fail: (last('fail') ?? 0) + (last('cancelled') ?? 0) + (code !== 0 && !last('fail') ? 1 : 0), skipped: (last('skipped') ?? 0) + (last('todo') ?? 0), code });
    });
  });
}

const totals = { pass: 0, fail: 0, skipped: 0 };
const summary = [];
try {
  if (!files().length) {
    console.error('no contract tests in out/test/contract: run `npm run compile-tests` first');
    process.exitCode = 1;
  }
  for (const name of targets) {
    if (!files().length) break;
    console.log(`\n── contract suite against ${name} ──`);
    let server;
    try {
      server = name === 'moto' ? await startMoto() : name === 'sandbox' ? await startSandbox() : { skip: `unknown target ${name}` };
    } catch (e) {
      server = { fail: `${name} could not start: ${e?.stack ?? e}` };
    }
    if (server.fail) {
      console.error(server.fail);
      totals.fail += 1;
      summary.push(`${name}: could not start`);
      continue;
    }
    const env = server.skip
      ? { LWM2M_CONTRACT_SKIP: server.skip, LWM2M_CONTRACT_ENDPOINT: 'http://127.0.0.1:9' }
      : {
          LWM2M_CONTRACT_ENDPOINT: server.endpoint,
          LWM2M_CONTRACT_REGION: server.region,
          ...(server.credentials ? { LWM2M_CONTRACT_ACCESS_KEY_ID: server.credentials.accessKeyId, LWM2M_CONTRACT_SECRET_ACCESS_KEY: server.credentials.secretAccessKey } : {}),
        };
    if (server.skip) console.log(`SKIPPED: ${server.skip}`);
    const counts = await runSuite(name, env);
    await server.stop?.();
    totals.pass += counts.pass; totals.fail += counts.fail; totals.skipped += counts.skipped;
    summary.push(`${name}: ${counts.pass} passed, ${counts.fail} failed, ${counts.skipped} skipped${server.skip ? ` (${server.skip})` : ''}`);
  }
} finally {
  for (const stop of cleanups.reverse()) await Promise.resolve().then(stop).catch(() => undefined);
}
console.log('\n── contract suite, both targets ──');
for (const line of summary) console.log(line);
console.log(`ℹ tests ${totals.pass + totals.fail + totals.skipped}`);
console.log(`ℹ pass ${totals.pass}`);
console.log(`ℹ fail ${totals.fail}`);
console.log(`ℹ skipped ${totals.skipped}`);
process.exitCode = totals.fail > 0 || process.exitCode ? 1 : 0;
