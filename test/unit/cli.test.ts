// Runs the compiled CLI (out/src/cli/main.js) as a user or CI would: real files, real exit codes.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DATAMODEL, EXECUTE_ARGS_DOC, EXECUTE_DOC, OBSERVE_DOC, VENDOR_DDF, WRITE_DOC } from './core/fixtures';

const CLI = path.resolve(__dirname, '..', '..', 'src', 'cli', 'main.js');
const dir = mkdtempSync(path.join(tmpdir(), 'lwm2m-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};
function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const good = [file('write.json', WRITE_DOC), file('observe.json', OBSERVE_DOC), file('execute.json', EXECUTE_DOC), file('execute-args.json', EXECUTE_ARGS_DOC)];

test('validate: the documented examples pass with exit 0 and no output', () => {
  const r = run('validate', ...good);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, '');
});

test('validate: broken variants exit 1 with file:line:col: severity code: message', () => {
  const missingValues = file('missing-values.json', WRITE_DOC.replace(',\n    "values": [300, "Europe/Warsaw"]', ''));
  const badOp = file('bad-op.json', OBSERVE_DOC.replace('"observe"', '"Observe"'));
  const twoKeys = file('two-keys.json', EXECUTE_DOC.replace('["Device.0.Reboot"]', '["Device.0.Reboot","Device.0.Factory Reset"]'));
  const syntax = file('syntax.json', WRITE_DOC.replace('"Europe/Warsaw"]', '"Europe/Warsaw",]'));
  const r = run('validate', missingValues, badOp, twoKeys, syntax);
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n');
  assert.ok(lines.includes(`${missingValues}:2:5: error missing-values: write needs "values": one value per key, in the same order as "keys"; the Lambda logs "Error: You must specify values when write operation is used" (status 400) and nothing reaches the device`), r.out);
  assert.ok(lines.some((l) => l.startsWith(`${badOp}:2:18: error unknown-operation: `) && l.includes('did you mean "observe"')), r.out);
  assert.ok(lines.some((l) => l.startsWith(`${twoKeys}:1:31: error execute-single-key: `)), r.out);
  assert.ok(lines.some((l) => l.startsWith(`${syntax}:4:36: error json-syntax: trailing comma`)), r.out);
  assert.match(r.err, /errors?, \d+ warnings? in 4 files/);
});

test('validate: warnings alone exit 0', () => {
  const r = run('validate', file('vendor.json', '{"operation":"read","keys":["Acme Widget.0"]}'));
  assert.equal(r.code, 0);
  assert.match(r.out, /warning unknown-object/);
});

test('validate --format json: an array of diagnostics, each with its file', () => {
  const bad = file('bad.json', '{"operation":"write","keys":["Device.0.Battery Level"],"values":[1]}');
  const r = run('validate', '--format', 'json', bad, good[0]);
  assert.equal(r.code, 1);
  const ds = JSON.parse(r.out);
  assert.equal(ds.length, 1);
  assert.deepEqual({ file: ds[0].file, code: ds[0].code, severity: ds[0].severity, range: ds[0].range, path: ds[0].path }, {
    file: bad, code: 'not-writable', severity: 'error', range: { start: { line: 0, character: 39 }, end: { line: 0, character: 52 } }, path: ['keys', 0],
  });
});

test('validate --datamodel and --objects: instances checked, vendor objects known', () => {
  const dm = file('datamodel.json', JSON.stringify(DATAMODEL));
  const objects = path.join(dir, 'objects');
  mkdirSync(objects, { recursive: true });
  writeFileSync(path.join(objects, 'config.xml'), VENDOR_DDF);
  const doc = file('vendor-write.json', '{"operation":"write","keys":["Configuration.0.Sample Interval","Temperature.7.Sensor Units"],"values":[0,"Cel"]}');
  const r = run('validate', '--datamodel', dm, '--objects', objects, doc);
  assert.equal(r.code, 1);
  assert.match(r.out, /:1:\d+: error value-range: 0 is outside Sample Interval's range 1\.\.86400/);
  assert.match(r.out, /warning instance-not-in-datamodel/);
  const fine = file('vendor-ok.json', '{"operation":"write","keys":["Configuration.0.Sample Interval"],"values":[60]}');
  assert.equal(run('validate', '--datamodel', dm, '--objects', objects, fine).code, 0);
});

test('exit 2 on bad usage or unreadable input', () => {
  assert.equal(run().code, 2);
  assert.equal(run('validate').code, 2);
  assert.equal(run('frobnicate').code, 2);
  assert.equal(run('validate', '--format', 'xml', good[0]).code, 2);
  const missing = run('validate', path.join(dir, 'nope.json'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read file .*nope\.json: ENOENT/);
  assert.equal(run('validate', '--datamodel', path.join(dir, 'nope.json'), good[0]).code, 2);
  assert.equal(run('validate', '--datamodel', file('notjson.json', '{'), good[0]).code, 2);
  assert.equal(run('keys', '--operation', 'Read').code, 2);
});

test('--help prints the usage and exits 0', () => {
  const r = run('--help');
  assert.equal(r.code, 0);
  assert.match(r.out, /lwm2m-shadows validate \[--format text\|json\]/);
  assert.match(r.out, /lwm2m-shadows keys/);
});

test('keys: objects, instances and resources filtered by the operation and the typed prefix', () => {
  const objs = run('keys');
  assert.equal(objs.code, 0);
  const list = objs.out.trim().split('\n');
  assert.ok(list.includes('Device') && list.includes('all') && list.includes('Location'));
  assert.deepEqual(run('keys', 'Device.').out.trim().split('\n'), ['Device.0']);
  const w = run('keys', '--operation', 'write', 'Device.0.').out.trim().split('\n');
  assert.deepEqual(w, ['Device.0.Current Time', 'Device.0.UTC Offset', 'Device.0.Timezone']);
  const li = run('keys', 'LwM2M Server.1.Li').out.trim().split('\n');
  assert.deepEqual(li, ['LwM2M Server.1.Lifetime']);
  const d = run('keys', '--details', '--operation', 'execute', 'Device.0.Reb');
  assert.equal(d.out, 'Device.0.Reboot\t/3/0/4 · executable · E\n');
  const dm = file('dm2.json', JSON.stringify(DATAMODEL));
  assert.deepEqual(run('keys', '--datamodel', dm, 'Temperature.').out.trim().split('\n'), ['Temperature.0', 'Temperature.1']);
});

test('the bundled CLI (dist/cli.js, when built) reads its registry next to the bundle', { skip: !existsSync(path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js')) && 'dist/cli.js not built' }, () => {
  const bundled = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
  const ok = spawnSync(process.execPath, [bundled, 'validate', ...good], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const bad = spawnSync(process.execPath, [bundled, 'validate', file('bundled-bad.json', '{"operation":"read","keys":["Device.0.Reboot"]}')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /not-readable/);
});
