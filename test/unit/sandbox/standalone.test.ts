// The standalone sandbox: prints its URL once ready, answers the SDK, stops cleanly on SIGTERM.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { IoTClient, ListThingsCommand } from '@aws-sdk/client-iot';
import { SANDBOX_CREDENTIALS, startSandbox } from '../../../src/sandbox/index';

test('node main.js --port 0 --things 40 prints "sandbox listening on", serves, and exits 0 on SIGTERM', async () => {
  const main = path.join(__dirname, '..', '..', '..', 'src', 'sandbox', 'main.js');
  const child = spawn(process.execPath, [main, '--port', '0', '--things', '40', '--seed', '5', '--no-lwm2m'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 10000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const iot = new IoTClient({ endpoint: url, region: 'us-east-1', credentials: SANDBOX_CREDENTIALS, maxAttempts: 1 });
    const r = await iot.send(new ListThingsCommand({ maxResults: 250 }));
    iot.destroy();
    assert.equal(r.things!.length, 40);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('node main.js --lwm2m-port 0 prints the LwM2M server URI; --lwm2m-host beyond loopback warns that NoSec authenticates no one', async () => {
  const main = path.join(__dirname, '..', '..', '..', 'src', 'sandbox', 'main.js');
  const run = async (args: string[]) => {
    const child = spawn(process.execPath, [main, '--port', '0', '--things', '2', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no LwM2M line: ${out} ${err}`)), 10000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (/LwM2M server listening on/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    } finally {
      const closed = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGTERM');
      await closed;
    }
    return { out, err };
  };
  const local = await run(['--lwm2m-port', '0']);
  assert.match(local.out, /LwM2M server listening on coap:\/\/127\.0\.0\.1:\d+ \(CoAP over UDP, NoSec\)/);
  assert.doesNotMatch(local.err, /warning/);
  const wide = await run(['--lwm2m-port', '0', '--lwm2m-host', '0.0.0.0']);
  assert.match(wide.out, /LwM2M server listening on coap:\/\/0\.0\.0\.0:\d+/);
  assert.match(wide.err, /warning: the LwM2M server listens on 0\.0\.0\.0, beyond loopback, with NoSec: it authenticates no one/);
});

test('node main.js --things 1000000 exits 1 before listening, saying how many things fit or what budget to give', async () => {
  const main = path.join(__dirname, '..', '..', '..', 'src', 'sandbox', 'main.js');
  const child = spawn(process.execPath, [main, '--port', '0', '--things', '1000000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 1);
  assert.equal(out, '');
  assert.match(err, /^sandbox: A sandbox of 1,000,000 things needs about \d+ MiB .*--things \d+\), or with a larger budget \(--memory-budget \d+\)\n$/);
});

test('10,000 things start in well under two seconds, and stop() frees the port', async () => {
  const sb = await startSandbox({ things: 10000, timeScale: 0.01 });
  try {
    assert.ok(sb.startupMs < 2000, `startup took ${sb.startupMs} ms`);
    const iot = new IoTClient({ endpoint: sb.url, region: sb.region, credentials: sb.credentials, maxAttempts: 1 });
    const r = await iot.send(new ListThingsCommand({ maxResults: 250 }));
    iot.destroy();
    assert.equal(r.things!.length, 250);
    assert.ok(r.nextToken);
  } finally {
    await sb.stop();
  }
  const again = await startSandbox({ port: sb.port, things: 1 });
  await again.stop();
});

test('a port already in use rejects startSandbox and leaves nothing running', async () => {
  const sb = await startSandbox({ things: 2 });
  try {
    await assert.rejects(startSandbox({ port: sb.port, things: 2 }), /EADDRINUSE/);
  } finally {
    await sb.stop();
  }
});
