// What the network may throw at the sandbox's LwM2M server, as raw UDP datagrams: garbage, oversized and
// malformed CoAP, block-wise bombs, answers for tokens never sent, floods, endpoint names of every shape. Nothing
// crashes or blocks the sandbox, each case is logged once in the CoAP log, and a proper client still registers.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { generate, parse, type ParsedPacket } from 'coap-packet';
import { ListThingsCommand } from '@aws-sdk/client-iot';
import { GetThingShadowCommand, UpdateThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { COAP_LOG_GROUP } from '../../../../src/sandbox/index';
import { MAX_PER_ADDRESS, Registrations } from '../../../../src/sandbox/lwm2m/registrations';
import { eventually, parsePayload, sandboxWithClients, type Clients } from '../sdkClients';

const DEVICE_SENML = JSON.stringify([{ bn: '/3/0/', n: '0', vs: 'ACME Corp.' }, { n: '1', vs: 'Model 7' }]);

/** A raw UDP peer: sends datagrams, hears what comes back, answers the server's GETs as a tiny device would. */
class RawPeer {
  readonly received: ParsedPacket[] = [];
  private mid = Math.floor(Math.random() * 60000);
  private constructor(readonly socket: Socket, private readonly server: number) {
    socket.on('message', (msg) => {
      let p: ParsedPacket;
      try {
        p = parse(msg);
      } catch {
        return;
      }
      this.received.push(p);
      if (p.code === '0.01' && p.confirmable) {
        // A Read: answer the Device object in SenML JSON.
        const ct = Buffer.of(110);
        socket.send(generate({ code: '2.05', ack: true, messageId: p.messageId, token: p.token, options: [{ name: 'Content-Format', value: ct }], payload: Buffer.from(DEVICE_SENML) }), server, '127.0.0.1');
      }
    });
  }

  static async open(server: number): Promise<RawPeer> {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    return new RawPeer(s, server);
  }

  send(buf: Buffer): void {
    this.socket.send(buf, this.server, '127.0.0.1');
  }

  /** A confirmable request; resolves with the server's answer to it. */
  async request(code: string, opts: { path: string[]; query?: string[]; payload?: Buffer; options?: { name: string; value: Buffer }[]; token?: Buffer }): Promise<ParsedPacket> {
    const messageId = (this.mid = (this.mid + 1) % 65536);
    const options = [
      ...opts.path.map((p) => ({ name: 'Uri-Path' as const, value: Buffer.from(p) })),
      ...(opts.query ?? []).map((q) => ({ name: 'Uri-Query' as const, value: Buffer.from(q) })),
      ...((opts.options ?? []) as { name: 'Block1'; value: Buffer }[]),
    ];
    const token = opts.token ?? randomBytes(4);
    this.send(generate({ code, confirmable: true, messageId, token, options, payload: opts.payload ?? Buffer.alloc(0) }));
    return eventually(() => this.received.find((p) => p.ack && p.messageId === messageId && p.code !== '0.00'), `answer to ${code} /${opts.path.join('/')}`, 5000, 5);
  }

  register(ep: string, params: Record<string, string> = {}): Promise<ParsedPacket> {
    const query = Object.entries({ ep, lt: '60', lwm2m: '1.1', b: 'U', ...params }).map(([k, v]) => `${k}=${v}`);
    return this.request('0.02', { path: ['rd'], query, payload: Buffer.from('</>;rt="oma.lwm2m";ct=110,</1/0>,</3/0>'), options: [{ name: 'Content-Format', value: Buffer.of(40) }] });
  }

  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}

describe('LwM2M server: hostile input on the wire', () => {
  let c: Clients;
  let port: number;
  const peers: RawPeer[] = [];
  const peer = async () => {
    const p = await RawPeer.open(port);
    peers.push(p);
    return p;
  };
  before(async () => {
    c = await sandboxWithClients({ things: 0, timeScale: 0.01, lwm2m: { exchangeLifetimeMs: 2000, queueAwakeMs: 300 } });
    port = Number(c.sb.lwm2mUri!.split(':').pop());
  });
  after(async () => {
    await Promise.all(peers.map((p) => p.close()));
    await c?.close();
  });
  const coapLog = async (): Promise<string[]> => ((await c.logs.send(new FilterLogEventsCommand({ logGroupName: COAP_LOG_GROUP }))).events ?? []).map((e) => e.message!);
  const logged = (re: RegExp) => eventually(async () => {
    const lines = (await coapLog()).filter((l) => re.test(l));
    return lines.length ? lines : undefined;
  }, `CoAP log line ${re}`);
  const stillServes = async () => {
    const p = await peer();
    const ep = `healthy-${randomBytes(3).toString('hex')}`;
    assert.equal((await p.register(ep)).code, '2.01');
    await eventually(async () => ((await c.iot.send(new ListThingsCommand({}))).things ?? []).find((t) => t.thingName === ep), `${ep} listed`);
  };

  test('garbage and malformed CoAP are dropped and logged once per address, and the server goes on serving', async () => {
    const p = await peer();
    for (let i = 0; i < 50; i++) p.send(Buffer.concat([Buffer.of(0xff, 0x00), randomBytes(20)])); // version 3, nonsense
    p.send(Buffer.of(0x40)); // a header cut short
    p.send(Buffer.of(0x48, 0x01, 0x00, 0x01)); // token length 8, no token
    const lines = await logged(/refused from 127\.0\.0\.1: malformed CoAP/);
    await stillServes();
    assert.equal((await coapLog()).filter((l) => /malformed CoAP/.test(l)).length, 1, 'logged once, not per packet');
    assert.ok(lines.every((l) => !/[\u0000-\u0008]/.test(l)), 'no raw bytes in the log');
  });

  test('an oversized datagram is dropped unread', async () => {
    const p = await peer();
    p.send(Buffer.concat([generate({ code: '0.02', confirmable: true, messageId: 1, token: Buffer.of(1), options: [{ name: 'Uri-Path', value: Buffer.from('rd') }] }), Buffer.alloc(4000, 0x41)]));
    await logged(/oversized datagram: 40\d\d bytes/);
    await stillServes();
  });

  test('a Block1 bomb (block 100000 of a Register) is refused with 4.13 before anything is assembled; too many open uploads get 5.03', async () => {
    const p = await peer();
    // NUM=100000, M=1, SZX=6 (1024 bytes): 100 MB were it taken.
    const block = Buffer.alloc(3);
    block.writeUIntBE((100000 << 4) | 0x08 | 6, 0, 3);
    const bomb = await p.request('0.02', { path: ['rd'], query: ['ep=bomb'], payload: Buffer.alloc(1024, 0x3c), options: [{ name: 'Block1', value: block }] });
    assert.equal(bomb.code, '4.13');
    await logged(/upload too large: Block1 block 100000 of 1024 bytes/);
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const first = (await p.request('0.02', { path: ['rd'], query: [`ep=open-${i}`], payload: Buffer.alloc(16, 0x3c), options: [{ name: 'Block1', value: Buffer.of(0x08) }] })).code;
      codes.push(first);
    }
    assert.deepEqual(codes.slice(0, 8), Array(8).fill('2.31'), 'uploads in progress are continued');
    assert.deepEqual(codes.slice(8), ['5.03', '5.03'], 'past 8 open uploads from one address');
    await logged(/too many uploads/);
    await stillServes();
  });

  test('an answer for a token never sent is answered with a Reset and logged once', async () => {
    const p = await peer();
    for (let i = 0; i < 5; i++) p.send(generate({ code: '2.05', confirmable: true, messageId: 4242 + i, token: randomBytes(8), payload: Buffer.from('hello') }));
    await logged(/answer for a token never sent: 2\.05 with token [0-9a-f]{16}/);
    await eventually(() => (p.received.some((x) => x.reset && x.messageId === 4242) ? true : undefined), 'a Reset');
    assert.equal((await coapLog()).filter((l) => /answer for a token never sent/.test(l)).length, 1);
  });

  test('a flood from one address is cut to a rate, logged once, and the sandbox stays responsive', async () => {
    const p = await peer();
    const ping = generate({ code: '0.00', confirmable: true, messageId: 7, token: Buffer.alloc(0) });
    // In batches the receiving socket can drain (a burst larger than its buffer is dropped by the kernel).
    for (let batch = 0; batch < 40; batch++) {
      for (let i = 0; i < 100; i++) p.send(ping);
      await new Promise((r) => setImmediate(r));
    }
    await logged(/refused from 127\.0\.0\.1: flood: more than \d+ packets a second/);
    const t0 = performance.now();
    await c.iot.send(new ListThingsCommand({}));
    assert.ok(performance.now() - t0 < 1000, 'the HTTP API still answers at once');
    await eventually(async () => {
      try {
        await stillServes();
        return true;
      } catch {
        return undefined;
      }
    }, 'serving again once the flood stops', 10_000, 200);
  });

  test('endpoint names of every shape: refused ones get 4.00; names AWS refuses register but never become things, as the CreateThing Lambda logs', async () => {
    const p = await peer();
    assert.equal((await p.register('')).code, '4.00');
    assert.equal((await p.register('x'.repeat(300))).code, '4.00');
    assert.equal((await p.register('bad\u0001name')).code, '4.00');
    assert.equal((await p.request('0.02', { path: ['rd'], query: ['lt=60'] })).code, '4.00', 'no ep at all');
    assert.equal((await p.register('ok', { lwm2m: '9.9' })).code, '4.12');
    assert.equal((await p.register('ok', { lt: 'abc' })).code, '4.00');
    const spaced = await peer();
    assert.equal((await spaced.register('my device.1')).code, '2.01', 'Coiote takes it');
    await logged(/my device\.1 registered, but is no thing: the CreateThing Lambda failed \(InvalidRequestException: .*thingName/);
    const crash = await eventually(async () => {
      const events = (await c.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/CreateThing' }))).events ?? [];
      return events.find((e) => e.message!.startsWith('[ERROR] InvalidRequestException: An error occurred (InvalidRequestException) when calling the CreateThing operation'));
    }, 'the Lambda crash');
    assert.match(crash.message!, /Traceback \(most recent call last\):\n\u00a0\u00a0File "\/var\/task\/create_thing.py", line 34, in lambda_handler/);
    assert.equal(((await c.iot.send(new ListThingsCommand({}))).things ?? []).some((t) => t.thingName === 'my device.1'), false);
    const urn = await peer();
    assert.equal((await urn.register('urn%3Aimei%3A350000000000001')).code, '2.01');
    const thing = await eventually(async () => ((await c.iot.send(new ListThingsCommand({}))).things ?? []).find((t) => t.thingName === 'urn:imei:350000000000001'), 'urn thing');
    assert.equal(thing.thingTypeName, 'ACME_Corp_:Model_7');
    const classic = parsePayload((await c.data.send(new GetThingShadowCommand({ thingName: 'urn:imei:350000000000001' }))).payload);
    assert.equal(classic.state.reported.registered, true);
    const unicode = await peer();
    assert.equal((await unicode.register('zażółć\u202egęślą')).code, '2.01');
    const line = await logged(/za.*g.*registered/);
    assert.ok(line.some((l) => l.includes('\\u202e')), 'a bidi control is shown inert');
  });

  test('a re-Register of the same endpoint replaces the old registration (its old location answers 4.04)', async () => {
    const a = await peer();
    const first = await a.register('twice');
    const loc = first.options.filter((o) => o.name === 'Location-Path').map((o) => o.value.toString());
    const b = await peer();
    assert.equal((await b.register('twice')).code, '2.01');
    assert.equal((await a.request('0.02', { path: loc })).code, '4.04', 'the old registration is gone');
    assert.equal(c.sb.lwm2mClients().filter((x) => x.endpoint === 'twice').length, 1);
  });
});

describe('LwM2M server: queue mode', () => {
  test('b=UQ: the thing shows queue mode; a request waits while the client sleeps and goes out right after its next Update', async () => {
    const c = await sandboxWithClients({ things: 0, timeScale: 0.01, lwm2m: { exchangeLifetimeMs: 2000, queueAwakeMs: 300 } });
    const p = await RawPeer.open(Number(c.sb.lwm2mUri!.split(':').pop()));
    try {
      const reg = await p.register('sleepy', { b: 'UQ' });
      assert.equal(reg.code, '2.01');
      const loc = reg.options.filter((o) => o.name === 'Location-Path').map((o) => o.value.toString());
      const get = async (shadowName?: string) => parsePayload((await c.data.send(new GetThingShadowCommand({ thingName: 'sleepy', shadowName }))).payload);
      await eventually(async () => ((await get('datamodel').catch(() => undefined))?.state.reported.Device ? true : undefined), 'registered');
      const classic = (await get()).state.reported;
      assert.equal(classic.registeredQueueMode, 'true');
      assert.equal(classic.registeredMode, 'UQ');
      assert.equal(c.sb.device('sleepy')!.connectivity, 'queue');
      await eventually(() => (c.sb.device('sleepy')!.reachable ? undefined : true), 'asleep', 3000);
      const reads = () => p.received.filter((x) => x.code === '0.01').length;
      const before = reads();
      const v = parsePayload((await c.data.send(new UpdateThingShadowCommand({ thingName: 'sleepy', shadowName: 'operation', payload: new TextEncoder().encode(JSON.stringify({ state: { desired: { operation: 'read', keys: ['Device.0'] } } })) }))).payload).version as number;
      await eventually(() => (c.sb.device('sleepy')!.pending === 1 ? true : undefined), 'the task waits');
      assert.equal(reads(), before, 'nothing is sent to a sleeping client');
      assert.equal((await p.request('0.02', { path: loc })).code, '2.04', 'its Update');
      const op = await eventually(async () => {
        const d = await get('operation');
        return d.version > v && d.state.reported?.operation ? d.state.reported : undefined;
      }, 'the answer after the Update');
      assert.deepEqual(op.result, { Device: { '0': { Manufacturer: 'ACME Corp.', 'Model Number': 'Model 7' } } });
    } finally {
      await p.close();
      await c.close();
    }
  });
});

test('registrations are bounded per address; a re-Register of a known endpoint is always taken', () => {
  const r = new Registrations(() => undefined);
  const base = { thingName: '', lwm2mVersion: '1.1', lifetime: 60, binding: 'U', queueMode: false, links: [], objectIds: [], objectsText: '', formats: [], registeredAt: 0, updatedAt: 0 };
  for (let i = 0; i < MAX_PER_ADDRESS; i++) r.add({ ...base, endpoint: `ep-${i}`, peer: { address: '10.0.0.1', port: 1000 + i } });
  assert.match(r.refusal('one-more', '10.0.0.1')!, /at most 2000 registrations from one address/);
  assert.equal(r.refusal('ep-7', '10.0.0.1'), undefined);
  assert.equal(r.refusal('elsewhere', '10.0.0.2'), undefined);
  r.clear();
});
