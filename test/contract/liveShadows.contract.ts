// AWS IoT's shadow topics over MQTT over WebSocket (SigV4-presigned), with MQTT.js: what AWS documents
// for `update/accepted|rejected|documents|delta`, `get/accepted|rejected`, `delete/accepted`, the
// `clientToken` echo, versions, rejected errors with code and message, and the per-connection limits.
// Runs against the sandbox only: moto serves no MQTT.
import { after, before, test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { createSession, type SdkSession } from '../../src/aws/index';
import { presignMqttUrl } from '../../src/aws/live/presign';
import { isMoto, target, unique } from './target';

/** A shadow topic's payload, as parsed JSON. */
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const skip = target.skip || (isMoto ? 'moto serves no MQTT over WebSocket' : undefined);
let s: SdkSession;
const clients: MqttClient[] = [];

before(() => {
  if (skip) return;
  s = createSession({ kind: 'sandbox', id: 'live', label: 'live', region: target.region, endpoint: target.endpoint, credentials: target.credentials, maxAttempts: 1 });
});

after(async () => {
  for (const c of clients) await c.endAsync(true).catch(() => undefined);
  s?.dispose();
});

function live(name: string, fn: (t: TestContext) => Promise<void>): void {
  test(`[${target.name}] MQTT: ${name}`, { skip }, fn);
}

async function connect(): Promise<MqttClient> {
  const url = await presignMqttUrl({ endpoint: target.endpoint, region: target.region, credentials: target.credentials });
  const c = await mqtt.connectAsync(url, { clientId: unique('contract'), reconnectPeriod: 0, protocolVersion: 4, clean: true });
  clients.push(c);
  return c;
}

/** Collects messages by topic; `next(topic)` resolves with the next one's parsed payload. */
function inbox(c: MqttClient) {
  const queues = new Map<string, unknown[]>();
  const waiters = new Map<string, ((v: unknown) => void)[]>();
  c.on('message', (topic, payload) => {
    const body: unknown = JSON.parse(payload.toString('utf8'));
    const w = waiters.get(topic)?.shift();
    if (w) w(body);
    else queues.set(topic, [...(queues.get(topic) ?? []), body]);
  });
  return {
    next(topic: string, ms = 3000): Promise<Doc> {
      const q = queues.get(topic);
      if (q?.length) return Promise.resolve(q.shift() as Doc);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`nothing on ${topic} within ${ms} ms`)), ms);
        waiters.set(topic, [...(waiters.get(topic) ?? []), (v) => { clearTimeout(timer); resolve(v as Doc); }]);
      });
    },
    count: (topic: string) => queues.get(topic)?.length ?? 0,
  };
}

/** The QoS granted per topic (128 = refused): MQTT.js rejects a SUBSCRIBE with any refusal, carrying the SUBACK. */
async function granted(c: MqttClient, topicList: string | string[]): Promise<number[]> {
  try {
    return (await c.subscribeAsync(topicList)).map((g) => g.qos);
  } catch (e) {
    const packet = (e as { packet?: { granted?: number[] } }).packet;
    if (!packet?.granted) throw e;
    return packet.granted;
  }
}

const topics = (thing: string, shadow: string) => {
  const base = `$aws/things/${thing}/shadow${shadow ? `/name/${shadow}` : ''}`;
  return {
    update: `${base}/update`, get: `${base}/get`, delete: `${base}/delete`,
    accepted: `${base}/update/accepted`, rejected: `${base}/update/rejected`, documents: `${base}/update/documents`, delta: `${base}/update/delta`,
    getAccepted: `${base}/get/accepted`, getRejected: `${base}/get/rejected`, deleteAccepted: `${base}/delete/accepted`,
  };
};

live('a URL that is not SigV4-presigned is refused; a presigned one connects', async () => {
  const plain = target.endpoint.replace(/^http/, 'ws') + '/mqtt';
  const status = await new Promise<number | undefined>((resolve) => {
    const ws = new WebSocket(plain, ['mqtt']);
    ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode); ws.terminate(); });
    ws.on('open', () => { resolve(101); ws.close(); });
    ws.on('error', () => resolve(undefined));
  });
  assert.equal(status, 403);
  const c = await connect();
  assert.equal(c.connected, true);
});

for (const shadow of ['', 'datamodel']) {
  const label = shadow ? `named shadow "${shadow}"` : 'classic shadow';

  live(`${label}: an HTTP update is published on update/accepted, update/documents (previous/current) and update/delta`, async () => {
    const thing = unique('ct-live');
    const t = topics(thing, shadow);
    const c = await connect();
    const box = inbox(c);
    await c.subscribeAsync([t.accepted, t.documents, t.delta]);
    await s.shadows.update(thing, shadow, { reported: { temp: 20 } });
    const first = await box.next(t.documents);
    assert.equal(first.previous, undefined, 'a new shadow has no previous document');
    assert.equal(first.current.version, 1);
    assert.deepEqual(first.current.state, { reported: { temp: 20 } });
    assert.equal(typeof first.current.metadata.reported.temp.timestamp, 'number');
    assert.equal(typeof first.timestamp, 'number');
    const acc1 = await box.next(t.accepted);
    assert.equal(acc1.version, 1);
    assert.deepEqual(acc1.state, { reported: { temp: 20 } });

    await s.shadows.update(thing, shadow, { desired: { temp: 22 } });
    const second = await box.next(t.documents);
    assert.equal(second.previous.version, 1);
    assert.equal(second.current.version, 2);
    assert.deepEqual(second.previous.state, { reported: { temp: 20 } });
    assert.deepEqual(second.current.state, { desired: { temp: 22 }, reported: { temp: 20 } }, 'documents carry desired and reported, never delta');
    const delta = await box.next(t.delta);
    assert.equal(delta.version, 2);
    assert.deepEqual(delta.state, { temp: 22 });
    assert.equal(typeof delta.metadata.temp.timestamp, 'number');
    assert.equal(box.count(t.delta), 0, 'the reported-only update published no delta');
  });

  live(`${label}: an update published over MQTT is accepted with its clientToken echoed, and the HTTP API sees it`, async () => {
    const thing = unique('ct-live');
    const t = topics(thing, shadow);
    const c = await connect();
    const box = inbox(c);
    await c.subscribeAsync([t.accepted, t.rejected, t.documents]);
    await c.publishAsync(t.update, JSON.stringify({ state: { reported: { on: true } }, clientToken: 'tok-1' }));
    const acc = await box.next(t.accepted);
    assert.equal(acc.clientToken, 'tok-1');
    assert.equal(acc.version, 1);
    assert.deepEqual(acc.state, { reported: { on: true } });
    const docs = await box.next(t.documents);
    assert.equal(docs.clientToken, 'tok-1');
    assert.equal(docs.current.version, 1);
    const got = await s.shadows.get(thing, shadow);
    assert.equal(got.version, 1);
    assert.deepEqual(got.state.reported, { on: true });

    await c.publishAsync(t.update, JSON.stringify({ state: { reported: { on: false } }, version: 7, clientToken: 'tok-2' }));
    const rej = await box.next(t.rejected);
    assert.deepEqual({ code: rej.code, message: rej.message, clientToken: rej.clientToken }, { code: 409, message: 'Version conflict', clientToken: 'tok-2' });
    assert.equal(typeof rej.timestamp, 'number');
    await c.publishAsync(t.update, '{"state": ');
    const bad = await box.next(t.rejected);
    assert.equal(bad.code, 400);
    assert.equal(typeof bad.message, 'string');
  });

  live(`${label}: get answers on get/accepted (full document with delta) or get/rejected (404); delete on delete/accepted`, async () => {
    const thing = unique('ct-live');
    const t = topics(thing, shadow);
    const c = await connect();
    const box = inbox(c);
    await c.subscribeAsync([t.getAccepted, t.getRejected, t.deleteAccepted]);
    await c.publishAsync(t.get, JSON.stringify({ clientToken: 'g-0' }));
    const missing = await box.next(t.getRejected);
    assert.equal(missing.code, 404);
    assert.match(missing.message, /No shadow exists/);
    assert.equal(missing.clientToken, 'g-0');

    await s.shadows.update(thing, shadow, { desired: { a: 1 }, reported: { a: 0, b: 2 } });
    await c.publishAsync(t.get, JSON.stringify({ clientToken: 'g-1' }));
    const doc = await box.next(t.getAccepted);
    assert.equal(doc.clientToken, 'g-1');
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.state, { desired: { a: 1 }, reported: { a: 0, b: 2 }, delta: { a: 1 } });
    assert.equal(typeof doc.metadata.reported.b.timestamp, 'number');

    await c.publishAsync(t.delete, JSON.stringify({ clientToken: 'd-1' }));
    const del = await box.next(t.deleteAccepted);
    assert.equal(del.version, 1);
    assert.equal(del.clientToken, 'd-1');
    assert.equal(typeof del.timestamp, 'number');
    await assert.rejects(s.shadows.get(thing, shadow), /not|No shadow/i);
  });
}

live('limits: a SUBSCRIBE of more than 8 topics closes the connection; past 50 subscriptions a connection gets 0x80', async () => {
  const thing = unique('ct-limit');
  const big = await connect();
  const closed = new Promise<void>((resolve) => big.once('close', () => resolve()));
  const nine = Array.from({ length: 9 }, (_, i) => `$aws/things/${thing}/shadow/name/s${i}/update/documents`);
  big.subscribe(nine, () => undefined);
  await closed;

  const c = await connect();
  for (let i = 0; i < 50; i += 5) {
    const five = Array.from({ length: 5 }, (_, j) => `$aws/things/${thing}/shadow/name/s${i + j}/update/documents`);
    assert.deepEqual(await granted(c, five), Array(5).fill(0));
  }
  assert.deepEqual(await granted(c, `$aws/things/${thing}/shadow/name/s50/update/documents`), [128]);
  await c.unsubscribeAsync(`$aws/things/${thing}/shadow/name/s0/update/documents`);
  assert.deepEqual(await granted(c, `$aws/things/${thing}/shadow/name/s50/update/documents`), [0], 'an unsubscribe frees a place');
});
