#!/usr/bin/env node
// `npm run bench`: runs every compiled benchmark (out/bench/*.bench.js) one after another. Each benchmark
// prints its own table and writes its figures to bench/results/<name>.md (committed, quoted in notes).
// Benchmarks are measurements, not tests: their figures and targets do not pass or fail CI; that each still runs
// does (test/benchSmoke, LWM2M_BENCH_SMOKE=1: once at a small size, no results written).
// Only compiled files whose bench/<name>.bench.ts still exists run (tsc leaves the output of a removed benchmark
// behind). A benchmark that runs past LIMIT_MS is killed and counts as failed: a hang must not stall the run.
// The end says, for each benchmark run, ok / skipped / failed and its time.
import { readdirSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const dir = path.join('out', 'bench');
const LIMIT_MS = 30 * 60_000;
const only = process.argv.slice(2);
const files = existsSync(dir)
  ? readdirSync(dir).filter((f) => f.endsWith('.bench.js') && existsSync(path.join('bench', f.replace(/\.js$/, '.ts')))).sort()
  : [];
const summary = [];
for (const f of files) {
  if (only.length && !only.some((o) => f.includes(o))) continue;
  console.log(`\n=== ${f} ===`);
  const t0 = performance.now();
  const r = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(dir, f)], { stdio: ['inherit', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d.toString();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, LIMIT_MS);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, timedOut, out });
    });
  });
  const s = ((performance.now() - t0) / 1000).toFixed(0);
  const skipped = /^skipped: (.*)$/m.exec(r.out);
  const verdict = r.timedOut ? `FAILED: killed after ${LIMIT_MS / 60_000} min`
    : r.status !== 0 ? `FAILED: exit ${r.status ?? r.signal}`
      : skipped ? `skipped: ${skipped[1]}` : 'ok';
  summary.push({ bench: f.replace(/\.bench\.js$/, ''), result: verdict, seconds: Number(s) });
}
if (!files.length) console.log('no benchmarks found in out/bench');
if (summary.length) {
  console.log('\n=== summary ===');
  console.table(summary);
}
process.exit(summary.some((x) => x.result.startsWith('FAILED')) ? 1 : 0);
