// src/core speed: completion latency over 1,000 offsets of a realistic operation document with the full
// registry, validation of an 8 KB document, and registry load in a fresh process. Each is reported next to
// a baseline measured in the same run: JSON.parse plus the precompiled ajv schema check of the same text.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { completeAt, loadRegistry, validateOperationDocument } from '../src/core/index';
import { validate as schemaValidate } from '../src/core/operationSchemaValidator';
import { percentile, report, type Row } from './common';

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
  const cold = coldLoad(15);
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
  const offsets = Array.from({ length: 1000 }, () => Math.floor(rand() * (REALISTIC.length + 1)));
  for (let i = 0; i < 200; i++) completeAt(REALISTIC, offsets[i], options); // warm-up
  const comp: number[] = [];
  let itemCount = 0;
  for (const o of offsets) {
    const t = performance.now();
    itemCount += completeAt(REALISTIC, o, options).length;
    comp.push(performance.now() - t);
  }
  // baseline: JSON.parse + precompiled ajv of the same text
  const base: number[] = [];
  for (let i = 0; i < 1000; i++) base.push(time(() => schemaCheck(JSON.parse(REALISTIC))));
  // completion on a text never seen before (each keystroke changes the text): no cached parse
  const fresh: number[] = [];
  for (let i = 0; i < 300; i++) {
    const text = REALISTIC + ' '.repeat(i % 50 + 1) + '\n'.repeat(Math.floor(i / 50));
    fresh.push(time(() => completeAt(text, offsets[i], options)));
  }
  rows.push({ name: `completion, ${REALISTIC.length} B observe document, 1,000 offsets (${(itemCount / 1000).toFixed(0)} items avg)`,
    value: `p50 ${ms(percentile(comp, 50))}, p95 ${ms(percentile(comp, 95))}`, target: 'p95 < 1 ms',
    note: `baseline JSON.parse+ajv p50 ${ms(percentile(base, 50))}, p95 ${ms(percentile(base, 95))}${percentile(comp, 95) < 1 ? '' : ' — MISSED'}` });
  rows.push({ name: 'completion on a new text each time (no cached parse), 300 offsets', value: `p50 ${ms(percentile(fresh, 50))}, p95 ${ms(percentile(fresh, 95))}`, target: 'p95 < 1 ms' });

  // 3. validation of an 8 KB document; 16 variants cycle through the text cache so every call parses anew
  const doc = eightKb();
  const bytes = Buffer.byteLength(doc);
  const variants = Array.from({ length: 16 }, (_, i) => doc + ' '.repeat(i + 1));
  const diags = validateOperationDocument(variants[0], { registry });
  if (diags.some((d) => d.severity === 'error')) throw new Error(`the benchmark document should be valid: ${JSON.stringify(diags[0])}`);
  for (let i = 0; i < 100; i++) { validateOperationDocument(variants[i % 16], { registry }); schemaCheck(JSON.parse(variants[i % 16])); }
  const val: number[] = [];
  const valBase: number[] = [];
  for (let i = 0; i < 600; i++) {
    const t = variants[i % 16];
    valBase.push(time(() => schemaCheck(JSON.parse(t))));
    val.push(time(() => validateOperationDocument(t, { registry })));
  }
  const ratio = percentile(val, 50) / percentile(valBase, 50);
  const keyCount = (JSON.parse(doc) as { state: { desired: { keys: string[] } } }).state.desired.keys.length;
  rows.push({ name: `full validation, ${bytes} B write document (${keyCount} keys), 600 runs`, value: `p50 ${ms(percentile(val, 50))}, p95 ${ms(percentile(val, 95))}`,
    target: '≤ 3× baseline', note: `baseline JSON.parse+ajv p50 ${ms(percentile(valBase, 50))}, p95 ${ms(percentile(valBase, 95))}; ratio ${ratio.toFixed(2)}×${ratio <= 3 ? '' : ' — MISSED'}` });
  // every key new to the memo (a document never seen before): LwM2M Server instances numbered afresh each run
  const unseen: number[] = [];
  for (let i = 0; i < 100; i++) {
    const keys = Array.from({ length: keyCount }, (_, j) => `LwM2M Server.${1000 + i * keyCount + j}.Lifetime`);
    const t = JSON.stringify({ state: { desired: { operation: 'write', keys, values: keys.map(() => 300) } } }, null, 1);
    unseen.push(time(() => validateOperationDocument(t, { registry })));
  }
  rows.push({ name: `validation, ${keyCount} keys all new to the key memo (first sight)`, value: `p50 ${ms(percentile(unseen, 50))}, p95 ${ms(percentile(unseen, 95))}`, note: 'keys are parsed once, then memoised per registry and datamodel' });
  // a broken variant: the tolerant tree is built and ranges are located
  const broken = doc.replace('"write"', '"Write"').replace('Europe/Warsaw', 'Europe,Warsaw');
  const brokenT: number[] = [];
  for (let i = 0; i < 200; i++) { const t = broken + ' '.repeat(i % 16); brokenT.push(time(() => validateOperationDocument(t, { registry }))); }
  rows.push({ name: `validation with errors (ranges located), ${Buffer.byteLength(broken)} B`, value: `p50 ${ms(percentile(brokenT, 50))}, p95 ${ms(percentile(brokenT, 95))}` });

  report('core', 'src/core benchmarks', rows);
}

main();
