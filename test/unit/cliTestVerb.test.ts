// `lwm2m-shadows test` as CI runs it: the bundled dist/cli.js, the embedded sandbox started in-process, the
// repository's examples/, real exit codes and JUnit XML. This is how the project's own CI runs examples/.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../../src/sandbox/index';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLES = path.join(ROOT, 'examples');
const dir = mkdtempSync(path.join(tmpdir(), 'lwm2m-cli-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return runWith({}, ...args);
}
function runWith(extraEnv: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_PROFILE: 'lwm2m-no-such-profile', AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), ...extraEnv };
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env });
    let out = '', err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
const file = (name: string, o: unknown) => {
  const f = path.join(dir, name);
  writeFileSync(f, typeof o === 'string' ? o : JSON.stringify(o, null, 2));
  return f;
};

test('examples/ pass against the sandbox: exit 0, each step printed, JUnit with every step', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.lwm2m-test.json')).map((f) => path.join(EXAMPLES, f));
  assert.equal(examples.length, 4);
  const junit = path.join(dir, 'examples.xml');
  const r = await run('test', '--sandbox', '--junit', junit, ...examples);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /✓ 1\. firmware and identity \(\d+ ms\)/);
  assert.match(r.out, /← refused: Error: keys must be unique/);
  assert.match(r.out, /← updated: Firmware Version [^ ]+ → 1\.4\.3, Update Result 1 \(success\)/);
  assert.match(r.out, /✓ 1\. flash the build \(\d+ ms\)/);
  assert.match(r.out, /4 files: 4 passed, 0 failed; steps: 12 passed, 0 failed, 0 errored, 0 skipped/);
  const xml = readFileSync(junit, 'utf8');
  assert.match(xml, /<testsuites name="lwm2m-shadows test" tests="12" failures="0" errors="0" skipped="0"/);
  assert.equal((xml.match(/<testsuite /g) ?? []).length, 4);
  assert.match(xml, /<testcase classname="Lifetime can be changed and is put back" name="4\. write the original lifetime back"/);
});

test('a firmware update step from the CLI: a build flashed and back; a package that fails its integrity check gets its named verdict, exit 1, in the JUnit', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  mkdirSync(path.join(dir, 'build'), { recursive: true });
  writeFileSync(path.join(dir, 'build', 'app-2.0.1.bin'), new Uint8Array(3000).fill(9));
  writeFileSync(path.join(dir, 'build', 'app-FAIL=5.bin'), new Uint8Array(3000).fill(5));
  const f = file('flash.lwm2m-test.json', {
    name: 'flash and come back', target: { thingType: 'nordic:thingy91' }, timeoutSeconds: 20,
    steps: [
      { name: 'the good build', firmwareUpdate: { file: 'build/app-2.0.1.bin', timeoutSeconds: 120 }, expect: { updateResult: 1, firmwareVersion: '2.0.1' } },
      { name: 'a corrupt build', firmwareUpdate: { file: 'build/app-FAIL=5.bin', timeoutSeconds: 120 }, expect: { updateResult: 1 } },
    ],
  });
  const junit = path.join(dir, 'flash.xml');
  const r = await run('test', '--sandbox', `--junit=${junit}`, f);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /✓ 1\. the good build \(\d+ ms\)/, r.out);
  assert.match(r.out, /← updated: Firmware Version [^ ]+ → 2\.0\.1, Update Result 1 \(success\)/);
  assert.match(r.out, /✗ 2\. a corrupt build/);
  assert.match(r.out, /← download failed: Update Result 5 \(integrity check failure\); Firmware Version 2\.0\.1/);
  assert.match(r.out, /updateResult: expected Update Result 1 \(success\), got Update Result 5 \(integrity check failure\)/);
  assert.doesNotMatch(r.out, /[?&]token=|X-Amz-Signature/i, 'the one-time URL\'s token is not printed');
  const xml = readFileSync(junit, 'utf8');
  assert.match(xml, /tests="2" failures="1" errors="0"/);
  assert.match(xml, /integrity check failure/);
});

test('a failing expectation: exit 1, expected vs actual printed and in the JUnit failure', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const f = file('fails.lwm2m-test.json', {
    name: 'wrong manufacturer', target: { thingType: 'acme:tracker_v2' },
    steps: [{ request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { values: { 'Device.0.Manufacturer': 'Nordic' } } }],
  });
  const junit = path.join(dir, 'fails.xml');
  const r = await run('test', '--sandbox', `--junit=${junit}`, f);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /✗ 1\. read Device\.0\.Manufacturer/);
  assert.match(r.out, /values\["Device\.0\.Manufacturer"\]: expected "Nordic", got "ACME"/);
  assert.match(readFileSync(junit, 'utf8'), /<failure message="values\[&quot;Device\.0\.Manufacturer&quot;\]: expected &quot;Nordic&quot;, got &quot;ACME&quot;" type="expectation">/);
});

test('exit 2: a bad file (file:line:col, nothing runs), an unreadable file, bad usage, no region', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const good = path.join(EXAMPLES, 'firmware-version.lwm2m-test.json');
  const bad = file('bad.lwm2m-test.json', '{\n  "target": {"thing": "t1"},\n  "steps": [\n    {"request": {"operation": "Read", "keys": ["Device.0"]}}\n  ]\n}\n');
  const r = await run('test', '--sandbox', good, bad);
  assert.equal(r.code, 2);
  assert.match(r.err, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:31: error unknown-operation: unknown operation "Read"`));
  assert.match(r.err, /nothing was run/);
  assert.doesNotMatch(r.err, /sandbox started/, 'no connection was made');
  assert.equal(r.out, '');
  const missing = await run('test', '--sandbox', path.join(dir, 'nope.lwm2m-test.json'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read test file .*nope\.lwm2m-test\.json: ENOENT/);
  const usage = await run('test', '--sandbox', '--endpoint', 'http://127.0.0.1:1', good);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /leave out --endpoint/);
  const noFiles = await run('test', '--sandbox');
  assert.equal(noFiles.code, 2);
  const noRegion = await run('test', good);
  assert.equal(noRegion.code, 2);
  assert.match(noRegion.err, /no AWS region: give --region, set AWS_REGION, or use --sandbox/);
});

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('exit 2, nothing run: misspelt fields anywhere and a capture used before it is captured, each at file:line:col', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const f = file('misspelt.lwm2m-test.json', [
    '{',
    '  "target": {"thingTyp": "acme:tracker_v2"},',
    '  "timeoutSecond": 5,',
    '  "steps": [',
    '    {"request": {"operation": "read", "keys": ["Device.0.Manufacturer"]}, "expects": {"values": {"Device.0.Manufacturer": "nope"}}},',
    '    {"request": {"operation": "read", "keys": ["Device.0.Manufacturer"]}, "expect": {"failedkeys": ["x"]}},',
    '    {"request": {"operation": "read", "keys": ["Device.0.Model Number"]}, "capture": {"m": "Device.0.Model Number"}, "expect": {"values": {"Device.0.Model Number": "${m}", "Device.0.Manufacturer": "${nope}"}}}',
    '  ]',
    '}',
  ].join('\n'));
  const r = await run('test', '--sandbox', f);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, new RegExp(`${esc(f)}:2:14: error test-unknown-field: unknown field "thingTyp" in "target": did you mean "thingType"\\?`));
  assert.match(r.err, new RegExp(`${esc(f)}:3:3: error test-unknown-field: unknown field "timeoutSecond" in a test file: did you mean "timeoutSeconds"\\?`));
  assert.match(r.err, new RegExp(`${esc(f)}:5:75: error test-unknown-field: unknown field "expects" in a step: did you mean "expect"\\?`));
  assert.match(r.err, new RegExp(`${esc(f)}:6:86: error test-unknown-field: unknown field "failedkeys" in "expect": did you mean "failedKeys"\\?`));
  // its own capture comes after the step's checks: "${m}" in the same step is used before it is captured
  assert.match(r.err, /:7:\d+: error test-unknown-capture: "\$\{m\}" is not captured by an earlier step/);
  assert.match(r.err, /:7:\d+: error test-unknown-capture: "\$\{nope\}" is not captured by an earlier step/);
  assert.doesNotMatch(r.err, /sandbox started/, 'nothing was published: no connection was even made');
});

test('exit 2 before anything is published: a thing that does not exist, a type with no thing; the file and its target named', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const ghost = file('ghost.lwm2m-test.json', '{\n  "target": { "thing": "no-such-thing" },\n  "steps": [{"request": {"operation": "read", "keys": ["Device.0.Manufacturer"]}}]\n}\n');
  const good = path.join(EXAMPLES, 'firmware-version.lwm2m-test.json');
  const r = await run('test', '--sandbox', good, ghost);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, new RegExp(`${esc(ghost)}:2:24: error test-no-such-thing: there is no thing no-such-thing on this connection: nothing was published`));
  assert.doesNotMatch(r.out, /→/, 'not even the good file ran');
  const type = file('notype.lwm2m-test.json', '{"target": {"thingType": "no:such_type"}, "steps": [{"wait": 1}]}');
  const t = await run('test', '--sandbox', type);
  assert.equal(t.code, 2);
  assert.match(t.err, new RegExp(`${esc(type)}:1:26: error test-no-thing-of-type: no thing of type no:such_type`));
});

test('a step name cannot forge a line of output: line breaks and bidi controls are escaped', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const f = file('forge.lwm2m-test.json', {
    target: { thingType: 'acme:tracker_v2' },
    steps: [{ name: 'x\n  ✓ 9. forged \u202eevil\u2066', request: { operation: 'read', keys: ['Device.0.Manufacturer'] } }],
  });
  const r = await run('test', '--sandbox', f);
  assert.equal(r.code, 0, r.out + r.err);
  assert.doesNotMatch(r.out, /^\s*✓ 9\./m, 'no forged line');
  assert.match(r.out, /✓ 1\. x\\u000a  ✓ 9\. forged \\u202eevil\\u2066 \(\d+ ms\)/);
});

test('on a real connection, files with execute steps are refused unless --allow-execute, which prints what executes first', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const sb = await startSandbox({ timeScale: 0.05 });
  try {
    const creds = { AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_PROFILE: '' };
    const thing = sb.fleet.find((t) => t.thingTypeName === 'acme:tracker_v2' && t.connectivity === 'online')!.thingName;
    const f = file('execute.lwm2m-test.json', { target: { thing }, steps: [
      { request: { operation: 'read', keys: ['Device.0.Manufacturer'] } },
      { name: 'reset the error code', request: { operation: 'execute', keys: ['Device.0.Reset Error Code'] } },
    ] });
    const writes: string[] = [];
    const unhear = sb.onShadowChange((e) => { if (e.thingName === thing && e.shadowName === 'operation') writes.push(`v${e.version}`); });
    const refused = await runWith(creds, 'test', '--region', sb.region, '--endpoint', sb.url, f);
    assert.equal(refused.code, 2, refused.out + refused.err);
    assert.match(refused.err, /execute\.lwm2m-test\.json: 2\. reset the error code: execute Device\.0\.Reset Error Code\n/);
    assert.match(refused.err, /nothing was run: a step executes on a real connection \(above\); give --allow-execute to run it, or use --sandbox/);
    assert.deepEqual(writes, [], 'nothing was published, not even the read');
    unhear();
    const allowed = await runWith(creds, 'test', '--region', sb.region, '--endpoint', sb.url, '--allow-execute', f);
    assert.equal(allowed.code, 0, allowed.out + allowed.err);
    assert.match(allowed.err, /will execute \(--allow-execute\):\n  .*execute\.lwm2m-test\.json: 2\. reset the error code: execute Device\.0\.Reset Error Code\n/);
  } finally {
    await sb.stop();
  }
});

test('stderr holds what the user needs: no AWS SDK Node-version notice on a supported Node', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const r = await run('test', '--sandbox', path.join(EXAMPLES, 'firmware-version.lwm2m-test.json'));
  assert.equal(r.code, 0, r.out + r.err);
  assert.doesNotMatch(r.err, /NodeVersionSupportWarning|node >=22/);
  assert.deepEqual(r.err.trim().split('\n').map((l) => l.replace(/http:\S+ \(\d+ things\)/, 'URL')), ['lwm2m-shadows: sandbox started at URL']);
});

test('exit 2: no connection (an endpoint nobody listens on) is not a failed check', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const r = await run('test', '--region', 'us-east-1', '--endpoint', 'http://127.0.0.1:9', path.join(EXAMPLES, 'firmware-version.lwm2m-test.json'));
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /cannot connect: /);
});

test('an account reached by --region and --endpoint with credentials from the environment: the path a real AWS run takes', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const sb = await startSandbox({ timeScale: 0.05 });
  try {
    // keys from the environment (the SDK reads them only when no profile is named)
    const creds = { AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_PROFILE: '' };
    const thing = sb.fleet.find((t) => t.thingTypeName === 'nordic:thingy91' && t.connectivity === 'online')!.thingName;
    const f = file('thingy.lwm2m-test.json', { steps: [{ request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { failedKeys: [] } }] });
    const r = await runWith(creds, 'test', '--region', sb.region, '--endpoint', sb.url, '--thing', thing, f);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, new RegExp(`on ${thing}`));
    const none = await runWith(creds, 'test', '--region', sb.region, '--endpoint', sb.url, f);
    assert.equal(none.code, 2, 'a file without a target and no --thing is a bad file: nothing runs');
    assert.match(none.err, new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: error test-no-target: the file names no thing`));
    assert.doesNotMatch(none.out, /→/);
  } finally {
    await sb.stop();
  }
});

test('terminal escapes in file, device and log text are printed as visible \\u escapes, line by line', { skip: !existsSync(CLI) && 'run npm run build first' }, async () => {
  const f = file('escapes.lwm2m-test.json', {
    name: 'title\u001b]0;pwned\u0007 csi\u009b2J', target: { thingType: 'acme:tracker_v2' },
    steps: [{ name: 'step\u001b[2K\rfaked ✓', request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { values: { 'Device.0.Manufacturer': 'x\u009b31m' } } }],
  });
  const r = await run('test', '--sandbox', f);
  assert.equal(r.code, 1, r.out + r.err);
  assert.doesNotMatch(r.out, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, 'no control character but the line breaks');
  assert.match(r.out, /title\\u001b\]0;pwned\\u0007 csi\\u009b2J: on /);
  assert.match(r.out, /✗ 1\. step\\u001b\[2K\\u000dfaked ✓/);
  assert.match(r.out, /expected "x\\u009b31m", got "ACME"/);
  assert.ok(r.out.split('\n').length > 4, 'each line stays its own line');
});
