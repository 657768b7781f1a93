// Where the embedded sandbox's LwM2M server listens, from settings as a settings.json can hold them, and the
// command line the status bar and Connect Your Own Device… offer for Eclipse Wakaama's client.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lwm2mListen, wakaamaCommandLine } from '../../../src/ui/connection/lwm2mListen';

const trusted = (s: { enabled?: unknown; host?: unknown; port?: unknown }) => lwm2mListen({ enabled: s.enabled, host: s.host, port: s.port, trusted: true });

test('by default the sandbox listens for devices on coap://127.0.0.1:5683, and says nothing', () => {
  assert.deepEqual(trusted({}), { options: { host: '127.0.0.1', port: 5683 }, notes: [] });
  assert.deepEqual(trusted({ enabled: true, host: '127.0.0.1', port: 5683 }), { options: { host: '127.0.0.1', port: 5683 }, notes: [] });
  assert.deepEqual(trusted({ port: 0 }).options, { host: '127.0.0.1', port: 0 }, '0 = any free port');
  assert.deepEqual(trusted({ host: '::1' }).options, { host: '::1', port: 5683 });
});

test('turned off: no LwM2M server', () => {
  assert.deepEqual(trusted({ enabled: false, host: '0.0.0.0' }), { options: false, notes: [] });
});

test('beyond loopback: listened on in a trusted workspace with the NoSec warning; refused in an untrusted one', () => {
  assert.deepEqual(trusted({ host: '0.0.0.0' }), { options: { host: '0.0.0.0', port: 5683 }, notes: [{ kind: 'beyond-loopback', host: '0.0.0.0' }] });
  assert.deepEqual(lwm2mListen({ enabled: true, host: '192.168.1.20', port: 5683, trusted: false }), {
    options: { host: '127.0.0.1', port: 5683 }, notes: [{ kind: 'untrusted-beyond-loopback', host: '192.168.1.20' }],
  });
  // Loopback is fine whatever the trust.
  assert.deepEqual(lwm2mListen({ enabled: true, host: '127.0.0.2', port: 1, trusted: false }), { options: { host: '127.0.0.2', port: 1 }, notes: [] });
});

test('a setting that is no port or host falls back to the default and is said', () => {
  for (const port of [-1, 65536, 56.5, '5683', Number.NaN, {}]) {
    const r = trusted({ port });
    assert.deepEqual(r.options, { host: '127.0.0.1', port: 5683 }, String(port));
    assert.equal(r.notes[0]?.kind, 'bad-port', String(port));
  }
  for (const host of ['127.0.0.1:5683', 'host name', 'coap://x', 42, 'x'.repeat(300)]) {
    const r = trusted({ host });
    assert.deepEqual(r.options, { host: '127.0.0.1', port: 5683 }, String(host));
    assert.equal(r.notes[0]?.kind, 'bad-host', String(host));
    assert.ok(r.notes[0].kind === 'bad-host' && r.notes[0].value.length <= 41, 'a long value is cut short in the message');
  }
});

test("Wakaama's command line for the URI in use", () => {
  assert.equal(wakaamaCommandLine('coap://127.0.0.1:5683'), 'lwm2mclient -4 -h 127.0.0.1 -p 5683 -n my-device -t 60');
  assert.equal(wakaamaCommandLine('coap://127.0.0.1:40123', 'board-7'), 'lwm2mclient -4 -h 127.0.0.1 -p 40123 -n board-7 -t 60');
  assert.equal(wakaamaCommandLine('coap://0.0.0.0:5683'), 'lwm2mclient -4 -h 127.0.0.1 -p 5683 -n my-device -t 60', 'every interface: reached through loopback here');
  assert.equal(wakaamaCommandLine('coap://[::1]:5683'), 'lwm2mclient -h ::1 -p 5683 -n my-device -t 60', 'IPv6 without -4');
  for (const bad of ['coaps://127.0.0.1:5684', 'coap://127.0.0.1', 'coap://a b:1', 'coap://x:1; rm -rf ~']) assert.equal(wakaamaCommandLine(bad), undefined, bad);
});
