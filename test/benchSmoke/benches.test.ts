// Every benchmark of `npm run bench` still runs: each compiled out/bench/*.bench.js once, in its own process
// with LWM2M_BENCH_SMOKE=1 (a small size, one sample), as `npm run bench` runs it. A benchmark fails here when
// it exits non-zero or writes its results file (a smoke run's figures must never replace measured ones); one
// that needs the real VS Code and says "skipped: …" (the tools of `npm run tools` are missing) is skipped.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const benchDir = path.join(root, 'out', 'bench');
/** A smoke run that takes longer than this is a broken benchmark (a hang), not a slow one. */
const LIMIT_MS = 240_000;

const benches = readdirSync(benchDir).filter((f) => f.endsWith('.bench.js')).sort();

function run(file: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(benchDir, file)], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LWM2M_BENCH_SMOKE: '1' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

test('there are benchmarks to run', () => {
  assert.ok(benches.length >= 7, `found ${benches.join(', ')} in ${benchDir}`);
});

for (const file of benches) {
  const name = file.replace(/\.bench\.js$/, '');
  test(`bench ${name} runs once at a small size and writes no results`, async (t) => {
    const results = path.join(root, 'bench', 'results', `${name}.md`);
    const before = existsSync(results) ? readFileSync(results, 'utf8') : undefined;
    const t0 = performance.now();
    const r = await run(file);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const skipped = /^skipped: (.*)$/m.exec(r.output);
    assert.equal(r.code, 0, `${file} ${r.signal ? `was killed after ${LIMIT_MS / 1000} s` : `exited ${r.code}`} after ${seconds} s:\n${r.output.slice(-4000)}`);
    assert.equal(existsSync(results) ? readFileSync(results, 'utf8') : undefined, before, `${file} wrote ${results} in a smoke run`);
    if (skipped) {
      t.skip(skipped[1]);
      return;
    }
    assert.match(r.output, /smoke run \(LWM2M_BENCH_SMOKE=1\): bench\/results\/\S+\.md not written/, `${file} printed no result table:\n${r.output.slice(-2000)}`);
    t.diagnostic(`${name}: ${seconds} s`);
  });
}
