// `npm run demo` to its printed URL, once the tools are installed: `node scripts/demo.mjs` (what `npm run demo` runs
// after `npm run build`) in a new demo folder (the first run: it packages the .vsix and installs it), then again in
// that folder (warm: what every later `npm run demo` does). The floor, in the same run: the VS Code server alone,
// started by the same harness with nothing to package or install. LWM2M_BENCH_BEFORE_DEMO=<an older scripts/demo.mjs>
// times that script the same way, on this checkout and build (a copy beside scripts/demo.mjs, its demo folder
// pointed at a new temporary one), so that only the script differs.
// Env: LWM2M_BENCH_SAMPLES (default 3). Needs the tools of `npm run tools`; without them it says so and skips.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startVsCodeServer } from '../test/harness/vscodeServer';
import { medianRange, realVsCodeOrSkip, report, samplesPerCase, type Row } from './common';

const repoRoot = path.resolve(__dirname, '..', '..');
const samples = samplesPerCase(3);

/** Runs a demo script until it prints its URL; returns the ms that took, then stops it (Ctrl-C). */
function timeDemo(script: string, demoDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [script, '--web', '--port', '0'], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LWM2M_DEMO_DIR: demoDir },
    });
    let output = '';
    let ms: number | undefined;
    const timer = setTimeout(() => child.kill('SIGINT'), 180_000);
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (ms === undefined && /Open http\S+/.test(output)) {
        ms = performance.now() - t0;
        child.kill('SIGINT'); // the demo stops its server on Ctrl-C
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      if (ms === undefined) reject(new Error(`the demo printed no URL:\n${output.slice(-3000)}`));
      else resolve(ms);
    });
  });
}

async function timeServerAlone(): Promise<number> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwm2m-bench-server-'));
  try {
    const t0 = performance.now();
    const server = await startVsCodeServer({ runDir, smokeTestDriver: false });
    const ms = performance.now() - t0;
    await server.stop();
    return ms;
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

const fmt = (xs: number[]): string => medianRange(xs, 's');

async function main(): Promise<void> {
  if (!realVsCodeOrSkip()) return;
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)');
  const before = process.env.LWM2M_BENCH_BEFORE_DEMO && path.resolve(process.env.LWM2M_BENCH_BEFORE_DEMO);
  const script = path.join(repoRoot, 'scripts', 'demo.mjs');
  const beforeScript = path.join(repoRoot, 'scripts', `demo-before-${process.pid}.mjs`);
  if (before) {
    const fixed = "path.join(repoRoot, '.test-output', 'demo')";
    const text = fs.readFileSync(before, 'utf8');
    if (!text.includes(fixed)) throw new Error(`${before} does not name its demo folder as ${fixed}`);
    fs.writeFileSync(beforeScript, text.replace(fixed, `(process.env.LWM2M_DEMO_DIR || ${fixed})`));
  }
  const t: Record<string, number[]> = { floor: [], first: [], warm: [], beforeFirst: [], beforeWarm: [] };
  /** A first and a second run of `demo` in a new demo folder. */
  const firstAndWarm = async (demo: string, first: number[], warm: number[]): Promise<void> => {
    // In the repository: an older script bundles its harness into the demo folder, and that needs node_modules.
    fs.mkdirSync(path.join(repoRoot, '.test-output'), { recursive: true });
    const demoDir = fs.mkdtempSync(path.join(repoRoot, '.test-output', 'bench-demo-'));
    try {
      first.push(await timeDemo(demo, demoDir));
      warm.push(await timeDemo(demo, demoDir));
    } finally {
      fs.rmSync(demoDir, { recursive: true, force: true });
    }
  };
  try {
    for (let i = 0; i < samples; i++) {
      t.floor.push(await timeServerAlone());
      await firstAndWarm(script, t.first, t.warm);
      if (before) await firstAndWarm(beforeScript, t.beforeFirst, t.beforeWarm);
      console.log(`sample ${i + 1}/${samples}: ${Object.entries(t).filter(([, v]) => v.length).map(([k, v]) => `${k} ${v[v.length - 1].toFixed(0)} ms`).join(', ')}`);
    }
  } finally {
    fs.rmSync(beforeScript, { force: true });
  }
  const rows: Row[] = [
    { name: 'floor: the VS Code server alone (same harness, nothing to install)', value: fmt(t.floor) },
    { name: 'node scripts/demo.mjs to the URL, first run (packages and installs the .vsix)', value: fmt(t.first), note: 'tools installed; a new demo folder' },
    { name: 'node scripts/demo.mjs to the URL, warm (a second run)', value: fmt(t.warm), note: 'the .vsix and its install reused' },
  ];
  if (before) {
    rows.push(
      { name: 'the script before, first run', value: fmt(t.beforeFirst), note: 'LWM2M_BENCH_BEFORE_DEMO' },
      { name: 'the script before, warm', value: fmt(t.beforeWarm), note: 'LWM2M_BENCH_BEFORE_DEMO' },
    );
  }
  rows.push({ name: 'not included', value: '`npm run build` (about 1 s, both builds); the tools install of a first `npm run demo` (2–4 min)' });
  report('demoStartup', '`npm run demo` to the printed URL, once the tools are installed', rows);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
