// `lwm2m-shadows test --sandbox --lwm2m-port N --wait-for-device EP` as a CI job runs it against a firmware build:
// the bundled dist/cli.js starts the sandbox with its LwM2M server, waits for Eclipse Wakaama's lwm2mclient (a real
// device process, started after the CLI) to register, runs a device check on it and writes JUnit. Without the
// client the Wakaama case says why it is skipped; the CLI's own refusals need no client.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { generate } from 'coap-packet';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findClient, freeUdpPort, NO_CLIENT, WakaamaClient } from './sandbox/lwm2m/wakaamaClient';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const client = findClient();
const dir = mkdtempSync(path.join(tmpdir(), 'lwm2m-cli-device-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run { code: Promise<number | null>; out: () => string; err: () => string; stderrMatches(re: RegExp): Promise<void> }

function startCli(...args: string[]): Run {
  const env = { ...process.env, AWS_REGION: '', AWS_PROFILE: 'lwm2m-no-such-profile', AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none') };
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env });
  let out = '', err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => {
    err += d;
    for (const w of waiters) w();
  });
  const code = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return {
    code, out: () => out, err: () => err,
    stderrMatches: (re) => new Promise((resolve, reject) => {
      const check = () => {
        if (re.test(err)) { waiters.delete(check); resolve(); }
      };
      waiters.add(check);
      void code.then(() => reject(new Error(`the CLI ended before printing ${re}:\n${out}${err}`)));
      check();
    }),
  };
}

const checkFile = (endpoint: string) => {
  const f = path.join(dir, `${endpoint}.lwm2m-test.json`);
  writeFileSync(f, JSON.stringify({
    name: 'my firmware build says who made it', target: { thing: endpoint },
    steps: [{ name: 'manufacturer', request: { operation: 'read', keys: ['Device.0.Manufacturer'] }, expect: { failedKeys: [], values: { 'Device.0.Manufacturer': 'Open Mobile Alliance' } } }],
  }));
  return f;
};

const built = existsSync(CLI) || 'run npm run build first';

test('a real LwM2M client started after the CLI registers, the device check reads its manufacturer, JUnit is written, exit 0', { skip: built !== true ? built : !client && NO_CLIENT, timeout: 90_000 }, async () => {
  const port = await freeUdpPort();
  const endpoint = `ci-build-${process.pid}`;
  const junit = path.join(dir, 'device.xml');
  const cli = startCli('test', '--sandbox', '--lwm2m-port', String(port), '--wait-for-device', endpoint, '--timeout', '60', '--junit', junit, checkFile(endpoint));
  await cli.stderrMatches(new RegExp(`waiting up to 60 s for device ${endpoint} to register with coap://127\\.0\\.0\\.1:${port}`));
  const device = await WakaamaClient.start(client!.plain, { serverPort: port, endpoint });
  try {
    const code = await cli.code;
    assert.equal(code, 0, cli.out() + cli.err());
    assert.match(cli.err(), /LwM2M server at coap:\/\/127\.0\.0\.1:\d+ \(CoAP over UDP, NoSec/);
    assert.match(cli.err(), new RegExp(`device ${endpoint} registered`));
    assert.match(cli.out(), /✓ 1\. manufacturer \(\d+ ms\)/);
    assert.match(cli.out(), /1 file: 1 passed, 0 failed; steps: 1 passed, 0 failed, 0 errored, 0 skipped/);
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /<testsuites name="lwm2m-shadows test" tests="1" failures="0" errors="0" skipped="0"/);
    assert.match(xml, /<testcase classname="my firmware build says who made it" name="1\. manufacturer"/);
  } finally {
    await device.kill();
  }
});

test('a device that never registers: a clear error within --timeout, exit 3, nothing run, no JUnit', { skip: built !== true && built, timeout: 30_000 }, async () => {
  const junit = path.join(dir, 'never.xml');
  const t0 = Date.now();
  const cli = startCli('test', '--sandbox', '--lwm2m-port', '0', '--wait-for-device', 'no-such-device', '--timeout', '1', '--junit', junit, checkFile('no-such-device'));
  assert.equal(await cli.code, 3, cli.out() + cli.err());
  assert.ok(Date.now() - t0 < 20_000);
  assert.match(cli.err(), /device no-such-device did not register with coap:\/\/127\.0\.0\.1:\d+ within 1 s; nothing was run/);
  assert.match(cli.err(), /lwm2mclient -4 -h 127\.0\.0\.1 -p \d+ -n no-such-device/);
  assert.equal(cli.out(), '');
  assert.equal(existsSync(junit), false);
});

test('a device that registers and then answers nothing: exit 3 saying it did not answer the reads (not that CreateThing refused it)', { skip: built !== true && built, timeout: 30_000 }, async () => {
  const port = await freeUdpPort();
  const cli = startCli('test', '--sandbox', '--lwm2m-port', String(port), '--wait-for-device', 'silent-build', '--timeout', '2', checkFile('silent-build'));
  await cli.stderrMatches(/waiting up to 2 s for device silent-build/);
  // A firmware build that registers, then hangs: it never answers the server's read of its Device object.
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  try {
    const query = ['ep=silent-build', 'lt=60', 'lwm2m=1.1', 'b=U'].map((q) => ({ name: 'Uri-Query' as const, value: Buffer.from(q) }));
    socket.send(generate({ code: '0.02', confirmable: true, messageId: 7, token: Buffer.from('reg1'), options: [{ name: 'Uri-Path', value: Buffer.from('rd') }, ...query], payload: Buffer.from('</1/0>,</3/0>') }), port, '127.0.0.1');
    assert.equal(await cli.code, 3, cli.out() + cli.err());
  } finally {
    socket.close();
  }
  assert.match(cli.err(), /device silent-build registered but did not answer the server's reads of its objects \(the Device object \/3 first\) within 2 s; nothing was run/);
  assert.doesNotMatch(cli.err(), /CreateThing/);
  assert.equal(cli.out(), '');
});

test('exit 2: LwM2M options without --sandbox, a bad port or timeout, --timeout alone, a busy port', { skip: built !== true && built, timeout: 60_000 }, async () => {
  const f = checkFile('usage');
  const cases: [string[], RegExp][] = [
    [['--lwm2m-port', '5684', '--region', 'us-east-1'], /need --sandbox/],
    [['--sandbox', '--lwm2m-port', '70000'], /--lwm2m-port must be a UDP port \(0-65535; 0 picks a free one\), not 70000/],
    [['--sandbox', '--wait-for-device', 'x', '--timeout', 'soon'], /--timeout must be a number of seconds above 0, not soon/],
    [['--sandbox', '--timeout', '5'], /give --wait-for-device EP too/],
  ];
  for (const [args, re] of cases) {
    const r = startCli('test', ...args, f);
    assert.equal(await r.code, 2, `${args.join(' ')}: ${r.err()}`);
    assert.match(r.err(), re);
  }
  // a port someone else holds: said, and nothing runs
  const { createSocket } = await import('node:dgram');
  const holder = createSocket('udp4');
  await new Promise<void>((r) => holder.bind(0, '127.0.0.1', () => r()));
  try {
    const r = startCli('test', '--sandbox', '--lwm2m-port', String(holder.address().port), '--wait-for-device', 'x', f);
    assert.equal(await r.code, 2, r.err());
    assert.match(r.err(), /no LwM2M server: UDP port \d+ on 127\.0\.0\.1 is in use.*give --lwm2m-port a free port \(0 picks one\)/);
  } finally {
    holder.close();
  }
});
