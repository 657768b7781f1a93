#!/usr/bin/env node
// `npm test`: runs every suite (unit, contract, integration, e2e, bench-smoke: each benchmark once at a small
// size) one after another, streams their
// output, and ends with one line that sums them: `N passed, N failed[, N skipped]`. Exits non-zero when
// any test failed or any suite could not run. A suite that dies without reporting counts as one failure.
import { spawn } from 'node:child_process';

const suites = (process.env.LWM2M_SUITES ?? 'unit,contract,integration,e2e,bench-smoke').split(',').filter(Boolean);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Reads the counts a suite printed: node's test runner (spec reporter) or mocha. */
export function parseCounts(output) {
  const last = (re) => {
    let m, v;
    const g = new RegExp(re, 'gm');
    while ((m = g.exec(output))) v = Number(m[1]);
    return v;
  };
  const nodePass = last('^\\S*\\s*ℹ pass (\\d+)\\s*$');
  if (nodePass !== undefined) {
    return {
      passed: nodePass,
      failed: (last('^\\S*\\s*ℹ fail (\\d+)\\s*$') ?? 0) + (last('^\\S*\\s*ℹ cancelled (\\d+)\\s*$') ?? 0),
      skipped: (last('^\\S*\\s*ℹ skipped (\\d+)\\s*$') ?? 0) + (last('^\\S*\\s*ℹ todo (\\d+)\\s*$') ?? 0),
    };
  }
  const mochaPass = last('^\\s*(\\d+) passing');
  if (mochaPass !== undefined) {
    return { passed: mochaPass, failed: last('^\\s*(\\d+) failing') ?? 0, skipped: last('^\\s*(\\d+) pending') ?? 0 };
  }
  return undefined;
}

function run(suite) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', `test:${suite}`], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    const onData = (stream) => (chunk) => { output += chunk; stream.write(chunk); };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code, signal) => resolve({ suite, code: code ?? 1, signal, output }));
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
const started = Date.now();
for (const suite of suites) {
  const t0 = Date.now();
  console.log(`\n=== test:${suite} ===`);
  const r = await run(suite);
  const counts = parseCounts(r.output) ?? { passed: 0, failed: 0, skipped: 0 };
  if (r.code !== 0 && counts.failed === 0) counts.failed = 1; // it died without reporting a failure
  totals.passed += counts.passed; totals.failed += counts.failed; totals.skipped += counts.skipped;
  rows.push({ suite, ...counts, exit: r.code, seconds: ((Date.now() - t0) / 1000).toFixed(1) });
}
console.log('\nsuite        passed  failed  skipped  exit  seconds');
for (const r of rows) {
  console.log(`${r.suite.padEnd(12)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}  ${String(r.exit).padStart(4)}  ${r.seconds.padStart(7)}`);
}
console.log(`total wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
