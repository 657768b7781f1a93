// What the .vsix ships (vsce ls, as `npm run package` packs it): every bundle under dist/ that the extension loads,
// and not the test mode's (feature-testMode.js, the test API): it is loaded only while the extension's tests run, from
// the development folder, so users never get it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

test('the package holds every dist/ bundle but the test mode\'s', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const shipped = new Set(r.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
  const bundles = readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`);
  assert.ok(bundles.includes('dist/feature-testMode.js') && bundles.includes('dist/extension.js'), `built first: ${bundles.join(', ')}`);
  assert.deepEqual(bundles.filter((b) => !shipped.has(b)), ['dist/feature-testMode.js']);
  assert.ok(shipped.has('dist/webview/chartView.js') && shipped.has('package.json') && shipped.has('README.md'));
});
