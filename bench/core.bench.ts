// src/core speed: completion latency over 1,000 offsets of a realistic operation document with the full
// registry, validation of an 8 KB document and of large and hostile ones (each run on a text never seen
// before), and registry load in a fresh process. Each is reported next to a baseline measured in the same
// run: JSON.parse plus the precompiled ajv schema check of the same text.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { completeAt, loadRegistry, validateOperationDocument } from '../src/core/index';
import { validate as schemaValidate } from '../src/core/operationSchemaValidator';
import { percentile, report, runs, type Row } from './common';

const root = path.resolve(__dirname, '..', '..');
const schemaCheck = schemaValidate as unknown as (data: unknown) => boolean;

/** Deterministic pseudo-random numbers (LCG), so every run measures the same offsets. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const DATAMODEL = {
  state: { reported: {
    Device: { '0': { Manufacturer: 'ACME', 'Model Number': 'T2', 'Battery Level': '87', Timezone: 'Europe/Warsaw', Reboot: { noValue: true }, 'Power Source Voltage': { '0': '4100', '1': '3300' } } },
    'LwM2M Server': { '1': { 'Short Server ID': '1', Lifetime: '300', Binding: 'UQ' } },
    'Connectivity Monitoring': { '0': { 'Network Bearer': '6', 'Radio Signal Strength': '-87', 'Cell ID': '12345' } },
    Location: { '0': { Latitude: '52.2', Longitude: '21.0', Timestamp: '1735689600' } },
    Temperature: { '0': { 'Sensor Value': '21.5', 'Sensor Units': 'Cel' }, '1': { 'Sensor Value': '19.0', 'Sensor Units': 'Cel' } },
    Configuration: { '0': { 'Sample Interval': '60' } },
  } },
};

const REALISTIC = JSON.stringify({ state: { desired: {
  operation: 'observe',
  keys: ['Device.0.Battery Level', 'Temperature.0.Sensor Value', 'Temperature.1.Sensor Value', 'Connectivity Monitoring.0.Radio Signal Strength',
    'Location.0.Latitude', 'Location.0.Longitude', 'LwM2M Server.1.Lifetime', 'Device.0.Power Source Voltage', 'Connectivity Monitoring.0.Cell ID', 'Device.0.Timezone'],
  attributes: [{ pmin: 10, pmax: 60, st: 1 }, { pmin: 30, pmax: 300, st: 0.5 }, { pmin: 30, pmax: 300, st: 0.5 }, { pmin: 60 }, { pmin: 60, pmax: 600 },
    { pmin: 60, pmax: 600 }, {}, { con: 1 }, { pmax: 3600 }, {}],
} } }, null, 2);

/** A valid write of about 8 KB (under the shadow limit) with many keys and values. */
function eightKb(): string {
  const keyPool: [string, unknown][] = [
    ['LwM2M Server.1.Lifetime', 300], ['Device.0.Timezone', 'Europe/Warsaw'], ['Device.0.UTC Offset', '+01:00'], ['Device.0.Current Time', 1735689600],
    ['LwM2M Server.1.Default Minimum Period', 10], ['LwM2M Server.1.Default Maximum Period', 600], ['LwM2M Server.1.Binding', 'UQ'],
    ['LwM2M Server.1.Disable Timeout', 86400], ['LwM2M Server.1.Notification Storing When Disabled or Offline', 'true'],
  ];
  const keys: string[] = [];
  const values: unknown[] = [];
  for (let i = 0; ; i++) {
    const [k, v] = keyPool[i % keyPool.length];
    const key = i < keyPool.length ? k : k.replace('.1.', `.${1 + Math.floor(i / keyPool.length)}.`).replace('Device.', 'Device.').replace(/^Device\.\d+\./, 'Device.0.');
    if (key.startsWith('Device.') && i >= keyPool.length) continue; // Device is single-instance: each key once
    keys.push(key);
    values.push(v);
    const text = JSON.stringify({ state: { desired: { operation: 'write', keys, values } } }, null, 1);
    if (text.length > 7900) { keys.pop(); values.pop(); break; }
  }
  return JSON.stringify({ state: { desired: { operation: 'write', keys, values } } }, null, 1);
}

interface Hostile { name: string; runs: number; make: (i: number) => string }

/** Large and hostile texts; `make(i)` gives a different text for each i. */
function hostileDocuments(): Hostile[] {
  const shadow = (desired: unknown) => JSON.stringify({ state: { desired } });
  const swallowing = (n: number, i: number) => shadow({ operation: 'read', keys: Array.from({ length: n }, (_, k) => `A${i}.${k % 2 ? k - 1 : k}${k % 2 ? '.r' : ''}`) });
  return [
    { name: '8,000-key read (each odd key inside the one before)', runs: 10, make: (i) => swallowing(8_000, i) },
    { name: '11,000-key read (likewise)', runs: 10, make: (i) => swallowing(11_000, i) },
    { name: '8,000-key read of LwM2M Server.N.Lifetime', runs: 20, make: (i) => shadow({ operation: 'read', keys: Array.from({ length: 8_000 }, (_, k) => `LwM2M Server.${i * 8_000 + k}.Lifetime`) }) },
    { name: '100,000-key read', runs: 20, make: (i) => shadow({ operation: 'read', keys: Array.from({ length: 100_000 }, (_, k) => `LwM2M Server.${i * 100_000 + k}.Lifetime`) }) },
    { name: '15,000 keys with a comma (findings flood)', runs: 5, make: (i) => shadow({ operation: 'read', keys: Array.from({ length: 15_000 }, () => `x${i % 10},y`) }) },
    { name: '20,000 keys with a comma', runs: 5, make: (i) => shadow({ operation: 'read', keys: Array.from({ length: 20_000 }, () => `x${i % 10},y`) }) },
    { name: '10,000-deep objects', runs: 20, make: (i) => `{"operation":"read","keys":["Device.${i}"],"x":` + '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) + '}' },
    { name: '60,000-deep arrays', runs: 20, make: (i) => `{"operation":"read","keys":["Device.${i}"],"x":` + '['.repeat(60_000) + ']'.repeat(60_000) + '}' },
  ];
}

/** The same text validated by an older build (LWM2M_BENCH_BEFORE), in a child process limited to 60 s. */
function beforeFigure(text: string): { build: string; value: string } | undefined {
  const bundle = process.env.LWM2M_BENCH_BEFORE;
  if (!bundle) return undefined;
  const script = `const core = require(${JSON.stringify(path.resolve(bundle))}); const text = require('fs').readFileSync(0, 'utf8');
const registry = core.loadRegistry(); const t = performance.now();
try { const ds = core.validateOperationDocument(text, { registry }); process.stdout.write(JSON.stringify({ ms: performance.now() - t, n: ds.length })); }
catch (e) { process.stdout.write(JSON.stringify({ ms: performance.now() - t, error: e.constructor.name + ': ' + e.message })); }`;
  const r = spawnSync(process.execPath, ['-e', script], { input: text, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
  const build = path.basename(path.dirname(path.dirname(path.resolve(bundle))));
  if (r.signal) return { build, value: 'not finished after 60 s' };
  const out = JSON.parse(r.stdout) as { ms: number; n?: number; error?: string };
  return { build, value: out.error ? `threw ${out.error} after ${out.ms.toFixed(0)} ms` : `${out.ms.toFixed(1)} ms, ${out.n} diagnostics` };
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

interface Cold { wallMs: number[]; cpuMs: number[]; requireCpuMs: number[]; loadCpuMs: number[]; baselineCpuMs: number[] }

/**
 * require(dist/core.js) + loadRegistry() in fresh processes, as wall time and as CPU time (user + system of
 * the process, which is what the load costs when the machine is busy with other work).
 */
function coldLoad(runs: number): Cold | undefined {
  const bundle = path.join(root, 'dist', 'core.js');
  if (!existsSync(bundle)) return undefined;
  const registryFile = path.join(root, 'schemas', 'lwm2m-objects.json');
  const script = `const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const w0 = performance.now(), c0 = cpu(); const core = require(${JSON.stringify(bundle)}); const c1 = cpu();
core.loadRegistry(); const c2 = cpu(), w2 = performance.now();
const c3 = cpu(); JSON.parse(require('fs').readFileSync(${JSON.stringify(registryFile)}, 'utf8')); const c4 = cpu();
process.stdout.write(JSON.stringify([w2 - w0, c2 - c0, c1 - c0, c2 - c1, c4 - c3]));`;
  const out: Cold = { wallMs: [], cpuMs: [], requireCpuMs: [], loadCpuMs: [], baselineCpuMs: [] };
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const [w, c, rq, ld, b] = JSON.parse(r.stdout) as number[];
    out.wallMs.push(w);
    out.cpuMs.push(c);
    out.requireCpuMs.push(rq);
    out.loadCpuMs.push(ld);
    out.baselineCpuMs.push(b);
  }
  return out;
}

function main(): void {
  const rows: Row[] = [];
  const ms = (x: number) => `${x.toFixed(3)} ms`;

  // 1. registry load, cold, in fresh processes (the bundle as the extension and CLI load it)
  const cold = coldLoad(runs(15));
  if (cold) {
    const cpu50 = percentile(cold.cpuMs, 50);
    rows.push({ name: 'registry load, cold: require dist/core.js + loadRegistry(), 15 fresh processes, CPU time', value: `p50 ${ms(cpu50)}, p95 ${ms(percentile(cold.cpuMs, 95))}`, target: '< 20 ms',
      note: `require ${ms(percentile(cold.requireCpuMs, 50))} + loadRegistry ${ms(percentile(cold.loadCpuMs, 50))}; baseline read + JSON.parse of schemas/lwm2m-objects.json ${ms(percentile(cold.baselineCpuMs, 50))}${cpu50 < 20 ? '' : ' — MISSED'}` });
    rows.push({ name: 'same, wall time', value: `p50 ${ms(percentile(cold.wallMs, 50))}, p95 ${ms(percentile(cold.wallMs, 95))}`, target: '< 20 ms',
      note: `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores while measuring: wall time includes waiting for a CPU` });
  } else rows.push({ name: 'registry load, cold', value: 'dist/core.js missing (run npm run build)', target: '< 20 ms' });
  const tWarm = time(() => loadRegistry());
  rows.push({ name: 'registry load in this process (first loadRegistry)', value: ms(tWarm) });

  // 2. completion at 1,000 offsets of a realistic document, full registry and a datamodel
  const registry = loadRegistry();
  const options = { registry, datamodel: DATAMODEL };
  const rand = rng(42);
  const offsets = Array.from({ length: runs(1000) }, () => Math.floor(rand() * (REALISTIC.length + 1)));
  for (let i = 0; i < runs(200); i++) completeAt(REALISTIC, offsets[i], options); // warm-up
  const comp: number[] = [];
  let itemCount = 0;
  for (const o of offsets) {
    const t = performance.now();
    itemCount += completeAt(REALISTIC, o, options).length;
    comp.push(performance.now() - t);
  }
  // baseline: JSON.parse + precompiled ajv of the same text
  const base: number[] = [];
  for (let i = 0; i < runs(1000); i++) base.push(time(() => schemaCheck(JSON.parse(REALISTIC))));
  // completion on a text never seen before (each keystroke changes the text): no cached parse
  const fresh: number[] = [];
  for (let i = 0; i < runs(300); i++) {
    const text = REALISTIC + ' '.repeat(i % 50 + 1) + '\n'.repeat(Math.floor(i / 50));
    fresh.push(time(() => completeAt(text, offsets[i], options)));
  }
  rows.push({ name: `completion, ${REALISTIC.length} B observe document, 1,000 offsets (${(itemCount / offsets.length).toFixed(0)} items avg)`,
    value: `p50 ${ms(percentile(comp, 50))}, p95 ${ms(percentile(comp, 95))}`, target: 'p95 < 1 ms',
    note: `baseline JSON.parse+ajv p50 ${ms(percentile(base, 50))}, p95 ${ms(percentile(base, 95))}${percentile(comp, 95) < 1 ? '' : ' — MISSED'}` });
  rows.push({ name: 'completion on a new text each time (no cached parse), 300 offsets', value: `p50 ${ms(percentile(fresh, 50))}, p95 ${ms(percentile(fresh, 95))}`, target: 'p95 < 1 ms' });

  // 3. validation of an 8 KB document, on texts never seen before: each run gets a freshly generated text (its
  // own instance numbers and values), and the floor (JSON.parse + ajv) is measured on that same text
  const doc = eightKb();
  const bytes = Buffer.byteLength(doc);
  const diags = validateOperationDocument(doc, { registry });
  if (diags.some((d) => d.severity === 'error')) throw new Error(`the benchmark document should be valid: ${JSON.stringify(diags[0])}`);
  const keyCount = (JSON.parse(doc) as { state: { desired: { keys: string[] } } }).state.desired.keys.length;
  // every key of run i is new too (instances shifted by 20 per run), so no memo has seen it
  const freshDoc = (i: number) => doc.replace(/LwM2M Server\.(\d+)\./g, (_, n: string) => `LwM2M Server.${Number(n) + 1 + i * 20}.`);
  for (let i = 0; i < runs(100); i++) { const t = freshDoc(i); validateOperationDocument(t, { registry }); schemaCheck(JSON.parse(t)); }
  const val: number[] = [];
  const valBase: number[] = [];
  for (let i = 0; i < runs(600); i++) {
    const t = freshDoc(1000 + i) + ' '.repeat(i % 13);
    valBase.push(time(() => schemaCheck(JSON.parse(t))));
    val.push(time(() => validateOperationDocument(t, { registry })));
  }
  // as the user types: a new text each run (other values, other spacing), its keys already met
  const typed = (i: number) => doc.replace(/("values": \[\s*)(\d+)/, (_, head: string, n: string) => `${head}${Number(n) + 1 + i}`) + ' '.repeat(i % 13);
  if (typed(1) === typed(2) || validateOperationDocument(typed(7), { registry }).some((d) => d.severity === 'error')) throw new Error('typed() should give new valid texts');
  const typing: number[] = [];
  const typingBase: number[] = [];
  for (let i = 0; i < runs(600); i++) {
    const t = typed(5000 + i);
    typingBase.push(time(() => schemaCheck(JSON.parse(t))));
    typing.push(time(() => validateOperationDocument(t, { registry })));
  }
  const typingRatio = percentile(typing, 50) / percentile(typingBase, 50);
  rows.push({ name: `full validation, ${bytes} B write document (${keyCount} keys), a new text each of 600 runs (its keys met before, as while typing)`, value: `p50 ${ms(percentile(typing, 50))}, p95 ${ms(percentile(typing, 95))}`,
    target: '≤ 3× baseline', note: `baseline JSON.parse+ajv of the same texts p50 ${ms(percentile(typingBase, 50))}, p95 ${ms(percentile(typingBase, 95))}; ratio ${typingRatio.toFixed(2)}×${typingRatio <= 3 ? '' : ' — MISSED'}` });
  const ratio = percentile(val, 50) / percentile(valBase, 50);
  rows.push({ name: `full validation, ${bytes} B write document (${keyCount} keys), a new text with all-new keys each of 600 runs`, value: `p50 ${ms(percentile(val, 50))}, p95 ${ms(percentile(val, 95))}`,
    note: `baseline JSON.parse+ajv of the same texts p50 ${ms(percentile(valBase, 50))}, p95 ${ms(percentile(valBase, 95))}; ratio ${ratio.toFixed(2)}× (every key parsed and resolved against the registry for the first time)` });
  // every key new to the memo (a document never seen before): LwM2M Server instances numbered afresh each run
  const unseen: number[] = [];
  for (let i = 0; i < runs(100); i++) {
    const keys = Array.from({ length: keyCount }, (_, j) => `LwM2M Server.${1000 + i * keyCount + j}.Lifetime`);
    const t = JSON.stringify({ state: { desired: { operation: 'write', keys, values: keys.map(() => 300) } } }, null, 1);
    unseen.push(time(() => validateOperationDocument(t, { registry })));
  }
  rows.push({ name: `validation, ${keyCount} keys all new to the key memo (first sight)`, value: `p50 ${ms(percentile(unseen, 50))}, p95 ${ms(percentile(unseen, 95))}`, note: 'keys are parsed once, then memoised per registry and datamodel' });
  // a broken variant: the tolerant tree is built and ranges are located
  const broken = doc.replace('"write"', '"Write"').replace('Europe/Warsaw', 'Europe,Warsaw');
  const brokenT: number[] = [];
  for (let i = 0; i < runs(200); i++) { const t = broken + ' '.repeat(i % 16); brokenT.push(time(() => validateOperationDocument(t, { registry }))); }
  rows.push({ name: `validation with errors (ranges located), ${Buffer.byteLength(broken)} B`, value: `p50 ${ms(percentile(brokenT, 50))}, p95 ${ms(percentile(brokenT, 95))}` });

  // 4. hostile and large documents, each run a new text, against the floor in the same run; with
  // LWM2M_BENCH_BEFORE=<an older dist/core.js> the same texts are validated by that build too (in a child
  // process with a time limit, since the older one may not finish)
  for (const h of hostileDocuments()) {
    const t: number[] = [];
    const floor: number[] = [];
    let found = '';
    for (let i = 0; i < runs(h.runs); i++) {
      const text = h.make(i);
      floor.push(time(() => { try { schemaCheck(JSON.parse(text)); } catch { /* broken texts have no floor */ } }));
      t.push(time(() => { const ds = validateOperationDocument(text, { registry }); found = `${ds.length} diagnostics, first ${ds[0]?.code ?? 'none'}`; }));
    }
    const before = beforeFigure(h.make(h.runs));
    rows.push({ name: `${h.name}, ${(Buffer.byteLength(h.make(0)) / 1024).toFixed(0)} KB, a new text each of ${h.runs} runs`, value: `p50 ${ms(percentile(t, 50))}, max ${ms(Math.max(...t))}`,
      note: `${found}; JSON.parse+ajv floor p50 ${ms(percentile(floor, 50))}${before ? `; before (${before.build}): ${before.value}` : ''}` });
  }

  report('core', 'src/core benchmarks', rows);
}

main();
