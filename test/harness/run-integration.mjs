#!/usr/bin/env node
// `npm run test:integration` (after build + compile-tests): runs out/test/integration (mocha, in the extension
// host) in a real VS Code through @vscode/test-electron's runTests. Here that VS Code is the 1.139 server +
// headless Chromium, behind test/harness/vscode-web-launcher; with LWM2M_VSCODE=desktop, runTests downloads
// and uses a desktop VS Code instead (for machines that can). Each run gets its own folder under .test-output/,
// removed after a passing run (kept on failure, or with LWM2M_KEEP_OUTPUT=1).
import { runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installTools } from '../../scripts/install-tools.mjs';
import { pruneRunFolders } from './run-folders.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const desktop = process.env.LWM2M_VSCODE === 'desktop';
const t0 = Date.now();

const extensionTestsPath = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
if (!fs.existsSync(extensionTestsPath)) {
  console.error(`${path.relative(repoRoot, extensionTestsPath)} is missing: run \`npm run compile-tests\` (npm run test:integration does).`);
  process.exit(1);
}
if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` (npm run test:integration does).');
  process.exit(1);
}

if (!desktop) {
  try {
    await installTools();
  } catch (e) {
    console.error(`[tools] FAILED: ${e.message}`);
    process.exit(1);
  }
}

pruneRunFolders(path.join(repoRoot, '.test-output'), 'integration-');
const runDir = path.join(repoRoot, '.test-output', `integration-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
const workspace = path.join(runDir, 'workspace');
fs.mkdirSync(workspace, { recursive: true });

let code;
try {
  code = await runTests({
    ...(desktop ? {} : { vscodeExecutablePath: path.join(repoRoot, 'test', 'harness', 'vscode-web-launcher') }),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [workspace, `--user-data-dir=${path.join(runDir, 'user-data')}`, `--extensions-dir=${path.join(runDir, 'extensions')}`,
      '--disable-extensions'],
    extensionTestsEnv: { LWM2M_LAUNCHER_NODE: process.execPath },
  });
} catch (e) {
  console.error(`integration tests failed: ${e.message}`);
  code = typeof e.code === 'number' && e.code !== 0 ? e.code : 1;
}
console.log(`test:integration finished in ${((Date.now() - t0) / 1000).toFixed(1)} s (exit ${code})`);
if (code === 0 && process.env.LWM2M_KEEP_OUTPUT !== '1') fs.rmSync(runDir, { recursive: true, force: true });
else console.log(`run folder kept: ${path.relative(repoRoot, runDir)}`);
process.exit(code);
