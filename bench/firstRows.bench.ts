// Time to the first rows in the real VS Code (the 1.139 web workbench of `npm run demo`, headless Chromium):
// from the click on the activity-bar entry to the first thing-type row of the Fleet view, on the embedded
// sandbox ("lwm2mShadows.connection.startWith": "sandbox", as the demo sets it). Each sample is a new server,
// browser profile, extension host and sandbox (a new seed): no cache has seen it. The floor, measured the same
// way in the same run, is a trivial extension (bench/fixtures/floor-extension) whose tree view returns one static
// row. Samples alternate floor / LwM2M so that a busy machine weighs on both. Both times are taken in the page
// (a pointerdown listener, then a MutationObserver and the next animation frame), not by polling.
// Env: LWM2M_BENCH_SAMPLES (default 5); LWM2M_BENCH_BEFORE_VSIX=<an older build's .vsix> measures that build too,
// in the same run (before/after figures from one machine). Needs the tools of `npm run tools`; without them it
// says so and skips.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openWorkbench, packageVsix, type Workbench } from '../test/harness/workbench';
import { medianRange, realVsCodeOrSkip, report, samplesPerCase, sized, type Row } from './common';

const repoRoot = path.resolve(__dirname, '..', '..');
const fixture = path.join(repoRoot, 'bench', 'fixtures', 'floor-extension');
const samples = samplesPerCase(5);

interface Subject {
  name: string;
  vsix: string;
  activityBar: string;
  /** The label of the row that counts as "the first rows". */
  row: RegExp;
  settings: (sample: number) => Record<string, unknown>;
}

interface Sample {
  ms: number;
  /** The extension's own account of its start-up (its "first rows" log line), when it writes one. */
  breakdown?: string;
}

function packageFloor(outDir: string): string {
  const out = path.join(outDir, 'bench-floor.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', out],
    { cwd: fixture, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`packaging the floor extension failed:\n${r.stdout}${r.stderr}`);
  return out;
}

/**
 * Waits until the activity bar entry is there and, unless `eager` (a newcomer who clicks as soon as the icon
 * shows, while the workbench is still starting), until the page is idle.
 */
async function settle(wb: Workbench, activityBar: string, eager: boolean): Promise<void> {
  await wb.page.locator(`.part.activitybar .action-item a[aria-label^="${activityBar}"]`).first().waitFor({ state: 'visible', timeout: 60_000 });
  if (eager) return;
  // The workbench keeps restoring and starting its extension host for a while after the activity bar shows:
  // wait for 3 s in a row without long tasks in the page, so the click does not queue behind start-up work.
  await wb.page.evaluate(`new Promise((resolve) => {
    let last = performance.now();
    new PerformanceObserver((list) => { for (const e of list.getEntries()) last = Math.max(last, e.startTime + e.duration); })
      .observe({ type: 'longtask', buffered: true });
    const tick = () => { if (performance.now() - last > 3000) resolve(); else setTimeout(tick, 250); };
    setTimeout(tick, 250);
  })`);
}

/**
 * In the page (a script: this project's TypeScript has no DOM types): from the next pointerdown to the animation
 * frame after a side-bar row labelled RE appeared, in ms, as `window.__bench` (a promise).
 */
const ARM_SCRIPT = `(() => {
  const re = new RegExp(RE);
  window.__bench = new Promise((resolve) => {
    let down;
    window.addEventListener('pointerdown', () => { down ??= performance.now(); }, { capture: true, once: true });
    const found = () => [...document.querySelectorAll('.part.sidebar .monaco-list-row .label-name')]
      .some((e) => re.test((e.textContent || '').trim()));
    const observer = new MutationObserver(() => {
      if (down === undefined || !found()) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - down));
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
})()`;

/** Clicks the activity bar entry and returns ms from its pointerdown to the frame after `row` appeared. */
async function timeToRow(wb: Workbench, activityBar: string, row: RegExp): Promise<number> {
  await wb.page.evaluate(ARM_SCRIPT.replace('RE', JSON.stringify(row.source)));
  await wb.page.locator(`.part.activitybar .action-item a[aria-label^="${activityBar}"]`).first().click();
  return wb.page.evaluate(`Promise.race([window.__bench,
    new Promise((_, reject) => setTimeout(() => reject(new Error('no row within 60 s')), 60000))])`) as Promise<number>;
}

/** The extension's "first rows" log line from this run's server logs, if it wrote one. */
function breakdownFrom(wb: Workbench): string | undefined {
  const logs = path.join(wb.runDir, 'user-data', 'logs');
  if (!fs.existsSync(logs)) return undefined;
  for (const f of fs.readdirSync(logs, { recursive: true }) as string[]) {
    if (!f.endsWith('LwM2M Shadows.log')) continue;
    const m = /first rows: (.*)$/m.exec(fs.readFileSync(path.join(logs, f), 'utf8'));
    if (m) return m[1];
  }
  return undefined;
}

async function measure(subject: Subject, sample: number, eager: boolean): Promise<Sample> {
  const wb = await openWorkbench({ name: `bench-${subject.name}`, vsix: subject.vsix, settings: subject.settings(sample) });
  try {
    await settle(wb, subject.activityBar, eager);
    const ms = await timeToRow(wb, subject.activityBar, subject.row);
    // The extension logs its breakdown once the rows are drawn; give it a moment to reach the file.
    await new Promise((r) => setTimeout(r, 1500));
    return { ms, breakdown: breakdownFrom(wb) };
  } finally {
    await wb.close();
    if (process.env.LWM2M_KEEP_OUTPUT !== '1') fs.rmSync(wb.runDir, { recursive: true, force: true });
  }
}

const fmt = (xs: number[]): string => medianRange(xs, 'ms');

async function main(): Promise<void> {
  if (!realVsCodeOrSkip()) return;
  const outDir = path.join(repoRoot, '.test-output', `bench-first-rows-${process.pid}`);
  fs.mkdirSync(outDir, { recursive: true });
  const floor: Subject = {
    name: 'floor', vsix: packageFloor(outDir), activityBar: 'Bench Floor', row: /^floor row$/, settings: () => ({}),
  };
  const lwm2m: Subject = {
    name: 'lwm2m', vsix: packageVsix(path.join(outDir, 'lwm2m-shadows.vsix')), activityBar: 'LwM2M', row: /^tracker_v2$/,
    settings: (sample) => ({ 'lwm2mShadows.connection.startWith': 'sandbox', 'lwm2mShadows.sandbox.seed': 1000 + sample }),
  };
  const before = process.env.LWM2M_BENCH_BEFORE_VSIX;
  const subjects = [floor, lwm2m, ...(before ? [{ ...lwm2m, name: 'before', vsix: path.resolve(before) }] : [])];
  const rows: Row[] = [];
  try {
    for (const eager of sized([false, true], [true])) { // a smoke run: the newcomer's click only
      const when = eager ? 'clicked as soon as the icon shows' : 'clicked once the workbench is idle';
      const times: Record<string, number[]> = { floor: [], lwm2m: [], before: [] };
      let breakdown: string | undefined;
      for (let i = 0; i < samples; i++) {
        // Each round starts with another subject, so that none always goes first.
        for (const s of [...subjects.slice(i % subjects.length), ...subjects.slice(0, i % subjects.length)]) {
          const r = await measure(s, i + (eager ? samples : 0), eager);
          times[s.name].push(r.ms);
          if (s === lwm2m) breakdown = r.breakdown ?? breakdown;
          console.log(`${when}, sample ${i + 1}/${samples}, ${s.name}: ${r.ms.toFixed(0)} ms${r.breakdown ? ` — ${r.breakdown}` : ''}`);
        }
      }
      const overFloor = times.lwm2m.map((t, i) => t - times.floor[i]);
      rows.push(
        { name: `${when} — floor: a trivial tree view, click → its row`, value: fmt(times.floor), note: 'one static row' },
        { name: `${when} — LwM2M Fleet on the sandbox, click → first thing-type row`, value: fmt(times.lwm2m), target: '< 500 ms' },
        { name: `${when} — LwM2M over the floor, per sample pair`, value: fmt(overFloor) },
      );
      if (before) rows.push({ name: `${when} — the same, the build before (${path.basename(before)})`, value: fmt(times.before), note: 'LWM2M_BENCH_BEFORE_VSIX' });
      if (breakdown) rows.push({ name: `${when} — the extension's own account (last sample)`, value: breakdown, note: 'its "first rows" log line' });
    }
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  report('firstRows', 'First rows in the real VS Code: opening the Fleet view on the sandbox, against a trivial tree view', rows);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
