#!/usr/bin/env node
// `npm run test:e2e` (after build + compile-tests): runs mocha (tdd UI, spec reporter) in plain Node over
// out/test/e2e/**/*.e2e.js. Those suites open the VS Code web workbench with the extension installed through
// test/harness/workbench.ts and drive it with Playwright. The extension is packaged once (.vsix, as users get
// it) for the whole run. LWM2M_TEST_TIMEOUT_MS (default 600000) bounds the run; servers and browsers are
// always stopped. Screenshots: .test-output/screenshots/.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';
import { installTools } from '../../scripts/install-tools.mjs';
import { pruneRunFolders } from './run-folders.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const t0 = Date.now();
const e2eDir = path.join(repoRoot, 'out', 'test', 'e2e');
const workbenchJs = path.join(repoRoot, 'out', 'test', 'harness', 'workbench.js');
const serverJs = path.join(repoRoot, 'out', 'test', 'harness', 'vscodeServer.js');
for (const f of [workbenchJs, path.join(repoRoot, 'dist', 'extension.js')]) {
  if (!fs.existsSync(f)) {
    console.error(`${path.relative(repoRoot, f)} is missing: run \`npm run build && npm run compile-tests\` (npm run test:e2e does).`);
    process.exit(1);
  }
}

try {
  await installTools();
} catch (e) {
  console.error(`[tools] FAILED: ${e.message}`);
  process.exit(1);
}

const { packageVsix } = require(workbenchJs);
const { killAllServersSync } = require(serverJs);
pruneRunFolders(path.join(repoRoot, '.test-output'), 'e2e-', 10);
const runDir = path.join(repoRoot, '.test-output', `e2e-run-${Date.now()}-${process.pid}`);
// LWM2M_E2E_VSIX=<file> tests a given package (e.g. the one `npm run package` made); else package dist/ now.
let vsix = process.env.LWM2M_E2E_VSIX && path.resolve(process.env.LWM2M_E2E_VSIX);
if (vsix) {
  if (!fs.existsSync(vsix)) { console.error(`[e2e] LWM2M_E2E_VSIX=${vsix} does not exist`); process.exit(1); }
  console.log(`[e2e] testing ${vsix}`);
} else {
  try {
    const p0 = Date.now();
    vsix = packageVsix(path.join(runDir, 'lwm2m-shadows.vsix'));
    console.log(`[e2e] packaged ${path.relative(repoRoot, vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(1)} KiB) in ${Date.now() - p0} ms`);
  } catch (e) {
    console.error(`[e2e] ${e.message}`);
    process.exit(1);
  }
}
process.env.LWM2M_E2E_VSIX = vsix;

const finish = (code) => {
  killAllServersSync();
  console.log(`test:e2e finished in ${((Date.now() - t0) / 1000).toFixed(1)} s (exit ${code})`);
  if (code === 0 && process.env.LWM2M_KEEP_OUTPUT !== '1') {
    for (const d of fs.readdirSync(path.join(repoRoot, '.test-output'))) {
      if (d.startsWith('e2e-') && d.endsWith(`-${process.pid}`)) fs.rmSync(path.join(repoRoot, '.test-output', d), { recursive: true, force: true });
    }
  }
  process.exit(code);
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { console.error(`[e2e] ${sig}: stopping`); finish(sig === 'SIGINT' ? 130 : 143); });
}
const timeoutMs = Number(process.env.LWM2M_TEST_TIMEOUT_MS || 600_000);
setTimeout(() => {
  console.error(`[e2e] FAILED: the e2e suites did not finish within ${timeoutMs} ms (LWM2M_TEST_TIMEOUT_MS); stopping`);
  finish(124);
}, timeoutMs).unref();

const files = fs.existsSync(e2eDir)
  ? fs.readdirSync(e2eDir, { recursive: true }).filter((f) => f.endsWith('.e2e.js')).map((f) => path.join(e2eDir, f)).sort()
    // LWM2M_TEST_GREP=name runs only the suites whose file path contains it (for a developer's quick loop; CI runs all).
    .filter((f) => !process.env.LWM2M_TEST_GREP || f.includes(process.env.LWM2M_TEST_GREP))
  : [];
if (files.length === 0) {
  console.error(`no e2e suites in ${path.relative(repoRoot, e2eDir)}`);
  finish(1);
}
const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 120_000, slow: 10_000 });
for (const f of files) mocha.addFile(f);
await mocha.loadFilesAsync();
mocha.run((failures) => finish(failures > 0 ? 1 : 0));
