#!/usr/bin/env node
// `npm run bench`: runs every compiled benchmark (out/bench/*.bench.js) one after another. Each benchmark
// prints its own table and writes its figures to bench/results/<name>.md (committed, quoted in notes).
// Benchmarks are measurements, not tests: their figures and targets do not pass or fail CI; that each still runs
// does (test/benchSmoke, LWM2M_BENCH_SMOKE=1: once at a small size, no results written).
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const dir = path.join('out', 'bench');
const only = process.argv.slice(2);
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort() : [];
let failed = 0;
for (const f of files) {
  if (only.length && !only.some((o) => f.includes(o))) continue;
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (!files.length) console.log('no benchmarks found in out/bench');
process.exit(failed ? 1 : 0);
