// Activation in the real VS Code (issue 20, item 5): from the first line of dist/extension.js to the end of
// activate() — the extension's own `activationMs` (src/extension.ts: esbuild's banner stamps performance.now() as the
// bundle starts; activate() logs "activated in … ms" to its output channel) — over fresh window loads, against a
// trivial extension written by this bench into a temporary folder that measures itself the same way (a banner line,
// an output channel, the same log line). Both activate on the same event (`workspaceContains:**/*.lwm2m-operation.json`,
// a file in the opened folder), so VS Code activates them during the window's start, as a user's folder does. Each
// sample is a new VS Code server, extension host, browser profile and workspace (nothing cached from an earlier
// sample); floor and LwM2M samples alternate. The LwM2M build is the one `npm run package` ships: `node esbuild.mjs
// --production` (minified) in a copy of the working tree, packaged with vsce; its dist/extension.js size is the
// second figure. Env: LWM2M_BENCH_SAMPLES (default 7). Needs the tools of `npm run tools` (skips without them).
// Run it alone on a shared machine (flock /tmp/vscode.lock): a busy extension host weighs on every figure.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openWorkbench } from '../test/harness/workbench';
import { loadAverage, loadRow, medianRange, percentile, realVsCodeOrSkip, report, samplesPerCase, type Row } from './common';

const repoRoot = path.resolve(__dirname, '..', '..');
const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
const samples = samplesPerCase(7);
const ACTIVATION_EVENT = 'workspaceContains:**/*.lwm2m-operation.json';

function run(cmd: string, args: string[], cwd: string, what: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The working tree's files (tracked and new, not ignored) copied to `dir`, node_modules linked: what a clone would build. */
function copyTree(dir: string): void {
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repoRoot, 'git ls-files').split('\0').filter(Boolean);
  for (const f of files) {
    const from = path.join(repoRoot, f);
    if (!fs.existsSync(from) || !fs.statSync(from).isFile()) continue; // deleted in the working tree, or a link
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, f));
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** `npm run package` in a copy of the tree: the production build and its .vsix, and dist/extension.js's size. */
function productionBuild(outDir: string): { vsix: string; extensionBytes: number; layers: string } {
  const tree = path.join(outDir, 'tree');
  copyTree(tree);
  run(process.execPath, ['esbuild.mjs', '--production'], tree, 'node esbuild.mjs --production');
  const dist = path.join(tree, 'dist');
  const extensionBytes = fs.statSync(path.join(dist, 'extension.js')).size;
  const layers = fs.readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'extension.js')
    .map((f) => `${f} ${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(0)}`).join(', ');
  const vsix = path.join(outDir, 'lwm2m-shadows.vsix');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], tree, 'vsce package');
  return { vsix, extensionBytes, layers };
}

/** The trivial extension: measures its own activation as src/extension.ts does. */
function floorExtension(outDir: string): string {
  const dir = path.join(outDir, 'floor');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'bench-activation-floor', displayName: 'Bench Activation Floor', description: 'The floor of bench/activation.bench.ts.',
    version: '0.0.1', publisher: 'lwm2m-tools', license: 'MIT', engines: { vscode: '^1.100.0' }, main: './extension.js',
    activationEvents: [ACTIVATION_EVENT],
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  fs.writeFileSync(path.join(dir, 'extension.js'), [
    'var __benchBundleStart = performance.now();',
    "const vscode = require('vscode');",
    'exports.activate = (context) => {',
    '  const called = performance.now() - __benchBundleStart;',
    "  const log = vscode.window.createOutputChannel('Bench Activation Floor', { log: true });",
    '  context.subscriptions.push(log);',
    '  const activationMs = performance.now() - __benchBundleStart;',
    '  log.info(`activated in ${activationMs.toFixed(1)} ms (activate() called at ${called.toFixed(1)} ms)`);',
    '  return { activationMs };',
    '};',
    '',
  ].join('\n'));
  const vsix = path.join(outDir, 'bench-activation-floor.vsix');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], dir, 'packaging the floor extension');
  return vsix;
}

/** The "activated in … ms" line the extension wrote to its output channel's log file in this run. */
function activationFrom(runDir: string, channel: string): { ms: number; called?: number } | undefined {
  const logs = path.join(runDir, 'user-data', 'logs');
  if (!fs.existsSync(logs)) return undefined;
  for (const f of fs.readdirSync(logs, { recursive: true }) as string[]) {
    if (!f.endsWith(`${channel}.log`)) continue;
    const m = /activated in ([\d.]+) ms(?: \(activate\(\) called at ([\d.]+) ms\))?/.exec(fs.readFileSync(path.join(logs, f), 'utf8'));
    if (m) return { ms: Number(m[1]), ...(m[2] ? { called: Number(m[2]) } : {}) };
  }
  return undefined;
}

interface Subject {
  name: string;
  vsix: string;
  channel: string;
}

async function measure(s: Subject, sample: number): Promise<{ ms: number; called?: number }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `bench-activation-${s.name}-`));
  fs.writeFileSync(path.join(folder, `sample-${sample}.lwm2m-operation.json`), '{ "operation": "read", "keys": ["Device.0.Battery Level"] }\n');
  const wb = await openWorkbench({ name: `bench-activation-${s.name}`, vsix: s.vsix, folder });
  try {
    const end = Date.now() + 60_000;
    for (;;) {
      const got = activationFrom(wb.runDir, s.channel);
      if (got) return got;
      if (Date.now() > end) throw new Error(`${s.name}: no "activated in" line within 60 s (run folder ${wb.runDir})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await wb.close();
    fs.rmSync(folder, { recursive: true, force: true });
    if (process.env.LWM2M_KEEP_OUTPUT !== '1') fs.rmSync(wb.runDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!realVsCodeOrSkip()) return;
  const outDir = path.join(repoRoot, '.test-output', `bench-activation-${process.pid}`);
  fs.mkdirSync(outDir, { recursive: true });
  const rows: Row[] = [];
  const load = loadAverage();
  try {
    const build = productionBuild(outDir);
    const subjects: Subject[] = [
      { name: 'floor', vsix: floorExtension(outDir), channel: 'Bench Activation Floor' },
      { name: 'lwm2m', vsix: build.vsix, channel: 'LwM2M Shadows' },
    ];
    const times: Record<string, number[]> = { floor: [], lwm2m: [] };
    /** Bundle start → activate() called, and activate()'s own time (called → end), per subject. */
    const called: Record<string, number[]> = { floor: [], lwm2m: [] };
    const body: Record<string, number[]> = { floor: [], lwm2m: [] };
    for (let i = 0; i < samples; i++) {
      for (const s of i % 2 ? [...subjects].reverse() : subjects) {
        const r = await measure(s, i);
        times[s.name].push(r.ms);
        if (r.called !== undefined) {
          called[s.name].push(r.called);
          body[s.name].push(r.ms - r.called);
        }
        console.log(`sample ${i + 1}/${samples}, ${s.name}: ${r.ms.toFixed(1)} ms${r.called !== undefined ? ` (activate() called at ${r.called.toFixed(1)} ms)` : ''}`);
      }
    }
    const fmt = (xs: number[]) => `${percentile(xs, 50).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}, n = ${xs.length})`;
    const over = times.lwm2m.map((t, i) => t - times.floor[i]);
    const p50 = (xs: number[]) => (xs.length ? `${percentile(xs, 50).toFixed(1)} ms p50` : 'n/a');
    rows.push({ name: 'floor: a trivial extension, bundle start → end of activate()', value: fmt(times.floor), note: `an output channel and one log line, as the LwM2M extension does; of that, bundle start → activate() called (VS Code's own work between loading a bundle and calling it) ${p50(called.floor)}` });
    rows.push({ name: 'LwM2M Shadows (production build), bundle start → end of activate()', value: fmt(times.lwm2m), target: '≤ 25 ms p50', note: `its own activationMs; fresh window loads, ${ACTIVATION_EVENT}; of that, bundle start → activate() called (its modules evaluated, then VS Code's work) ${p50(called.lwm2m)}` });
    rows.push({ name: 'LwM2M over the floor, per sample pair', value: medianRange(over) });
    rows.push({ name: 'activate() itself, called → end: LwM2M / floor', value: `${p50(body.lwm2m)} / ${p50(body.floor)}`, note: 'what each extension\'s activate() does once VS Code calls it' });
    rows.push({ name: 'dist/extension.js, minified (node esbuild.mjs --production)', value: `${(build.extensionBytes / 1024).toFixed(1)} KB`, target: '≤ 80 KB', note: `${build.extensionBytes} bytes; the layers it loads on demand (KB): ${build.layers}` });
    rows.push(loadRow(load));
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  report('activation', 'Activation in the real VS Code: bundle start → end of activate(), against a trivial extension, and the entry bundle\'s size', rows);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
