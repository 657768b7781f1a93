// The sandbox under hostile input, over HTTP and through the real SDK: request data stays data (a
// `__proto__` key never reaches Object.prototype), search globs cost linear time, every malformed body is
// an AWS-style 4xx while the server keeps answering, only requests naming the sandbox's own Host are
// served, and what it keeps stays bounded. Inputs are generated here at run time.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import fc from 'fast-check';
import WebSocket from 'ws';
import { GetThingShadowCommand, UpdateThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import { CreateThingCommand, SearchIndexCommand } from '@aws-sdk/client-iot';
import { CreateLogGroupCommand, CreateLogStreamCommand, FilterLogEventsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { presignMqttUrl } from '../../../src/aws/live/presign';
import { globMatcher } from '../../../src/sandbox/globMatch';
import { LogStore, MAX_STORED_EVENTS } from '../../../src/sandbox/logStore';
import { ThingRegistry } from '../../../src/sandbox/thingRegistry';
import { MemoryBudget } from '../../../src/sandbox/memoryBudget';
import { MAX_WRITTEN_SHADOWS, ShadowStore } from '../../../src/sandbox/shadowStore';
import { SimClock } from '../../../src/sandbox/clock';
import { parsePayload, sandboxWithClients, type Clients } from './sdkClients';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const LOGS = 'Logs_20140328.';

interface Reply { status: number; body: string; ms: number }

function raw(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, method, path, headers: { 'content-type': 'application/json', ...headers }, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, ms: performance.now() - t0 }));
    });
    r.on('error', reject);
    if (body !== undefined) r.write(body);
    r.end();
  });
}

describe('sandbox under hostile input', () => {
  let c: Clients;
  let port: number;
  const target = (op: string) => ({ 'x-amz-target': LOGS + op, 'content-type': 'application/x-amz-json-1.1' });
  before(async () => {
    c = await sandboxWithClients({ things: 5, indexing: true });
    port = c.sb.port;
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: '/hostile' }));
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: '/hostile', logStreamName: 's' }));
  });
  after(() => c.close());

  test('a __proto__ key in a shadow update is stored and returned as data; Object.prototype is untouched', async () => {
    const payload = '{"state":{"desired":{"__proto__":{"polluted":"yes"},"constructor":{"x":1},"ok":1}}}';
    const accepted = parsePayload((await c.data.send(new UpdateThingShadowCommand({ thingName: 'proto-1', payload: enc(payload) }))).payload);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.hasOwn(Object.prototype, 'timestamp'), false);
    assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
    assert.equal(typeof accepted.metadata.desired.__proto__.polluted.timestamp, 'number');
    const got = (await c.data.send(new GetThingShadowCommand({ thingName: 'proto-1' }))).payload;
    const doc = JSON.parse(Buffer.from(got!).toString('utf8'));
    assert.deepEqual(Object.keys(doc.state.desired).sort(), ['__proto__', 'constructor', 'ok']);
    assert.equal(Object.getOwnPropertyDescriptor(doc.state.desired, '__proto__')?.value.polluted, 'yes');
    assert.equal(Object.getOwnPropertyDescriptor(doc.state.delta, '__proto__')?.value.polluted, 'yes');
    // later unversioned updates are untouched by it, and null deletes the key like any other
    const next = parsePayload((await c.data.send(new UpdateThingShadowCommand({ thingName: 'proto-2', payload: enc({ state: { desired: { a: 1 } } }) }))).payload);
    assert.equal(next.version, 1);
    await c.data.send(new UpdateThingShadowCommand({ thingName: 'proto-1', payload: enc('{"state":{"desired":{"__proto__":null}}}') }));
    const after1 = JSON.parse(Buffer.from((await c.data.send(new GetThingShadowCommand({ thingName: 'proto-1' }))).payload!).toString('utf8'));
    assert.deepEqual(Object.keys(after1.state.desired).sort(), ['constructor', 'ok']);
  });

  test('attribute filters and operation names that match Object.prototype members are ordinary misses', async () => {
    const byAttr = await raw(port, 'GET', '/things?attributeName=toString&attributeValue=f&usePrefixAttributeValue=true');
    assert.equal(byAttr.status, 200, byAttr.body);
    assert.deepEqual(JSON.parse(byAttr.body).things, []);
    for (const t of [`${LOGS}constructor`, `${LOGS}__proto__`, `${LOGS}hasOwnProperty`, 'constructor.x', '__proto__.x', 'toString.x']) {
      const r = await raw(port, 'POST', '/', '{}', { 'x-amz-target': t, 'content-type': 'application/x-amz-json-1.1' });
      assert.equal(r.status, 400, `${t}: ${r.body}`);
      assert.equal(JSON.parse(r.body).__type, 'UnknownOperationException', t);
    }
  });

  test('search globs take linear time: a dozen * against a 128-character name answers at once', async () => {
    const name = 'a'.repeat(128);
    await c.iot.send(new CreateThingCommand({ thingName: name }));
    const t0 = performance.now();
    const miss = await c.iot.send(new SearchIndexCommand({ queryString: `thingName:${'*a'.repeat(12)}b` }));
    const hit = await c.iot.send(new SearchIndexCommand({ queryString: `thingName:${'*a'.repeat(12)}*` }));
    const ms = performance.now() - t0;
    assert.deepEqual(miss.things, []);
    assert.deepEqual(hit.things!.map((t) => t.thingName), [name]);
    assert.ok(ms < 2000, `two searches took ${ms.toFixed(0)} ms`);
  });

  test('the glob matcher agrees with the regular expression it replaces', () => {
    const asRegExp = (p: string) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '*', '.', '-'), maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '.', '-'), maxLength: 10 }), (p, v) => {
      assert.equal(globMatcher(p)(v), asRegExp(p).test(v), `${p} ~ ${v}`);
    }), { numRuns: 3000 });
  });

  test('every malformed body is an AWS-style 4xx, answered at once, and the server keeps answering', async () => {
    const deepArrays = '['.repeat(60_000) + ']'.repeat(60_000);
    const deepObjects = '{"a":'.repeat(60_000) + '1' + '}'.repeat(60_000);
    const cases: [string, string, string | undefined, Record<string, string>][] = [
      ['POST', '/things/h1/shadow', `{"state":{"desired":{"a":${deepArrays}}}}`, {}],
      ['POST', '/things/h1/shadow', `{"state":{"desired":{"a":1}},"x":${deepObjects}}`, {}],
      ['POST', '/things/h1/shadow', deepArrays, {}],
      ['POST', '/things/h1/shadow', '{"state":{"desired":{"a":1}},"version":"1"}', {}],
      ['POST', '/things/h1/shadow', '{"state":[]}', {}],
      ['POST', '/things/h1/shadow', 'null', {}],
      ['POST', '/things/h1/shadow', '{"state":{"desired":{"a":1}}', {}],
      ['POST', '/things/h1/shadow', '{"state":{"desired":{"a":1}},"clientToken":{"a":1}}', {}],
      ['POST', '/things/h2', deepArrays, {}],
      ['POST', '/things/h2', '{"attributePayload":{"attributes":{"a":1}}}', {}],
      ['POST', '/things/h2', '{"attributePayload":{"attributes":[1]}}', {}],
      ['POST', '/things/h2', '{"attributePayload":"x"}', {}],
      ['POST', '/things/h2', '{"thingTypeName":5}', {}],
      ['POST', '/things/h2', '[1,2,3]', {}],
      ['POST', '/things/h2', '"text"', {}],
      ['POST', '/thing-types/h3', '{"thingTypeProperties":"x"}', {}],
      ['POST', '/thing-types/h3', '{"thingTypeProperties":{"searchableAttributes":[null]}}', {}],
      ['POST', '/thing-types/h3/deprecate', '{"undoDeprecate":"yes"}', {}],
      ['POST', '/indices/search', '{"queryString":5}', {}],
      ['POST', '/indices/search', '{"queryString":"a","maxResults":"9"}', {}],
      ['POST', '/indices/search', '{"queryString":"a","maxResults":-1}', {}],
      ['POST', '/indices/search', `{"queryString":${deepArrays}}`, {}],
      ['POST', '/', JSON.stringify({ logGroupName: '/hostile', logStreamName: 's', logEvents: [null] }), target('PutLogEvents')],
      ['POST', '/', JSON.stringify({ logGroupName: '/hostile', logStreamName: 's', logEvents: [1, 'x'] }), target('PutLogEvents')],
      ['POST', '/', JSON.stringify({ logGroupName: '/hostile', logStreamName: 's', logEvents: 'x' }), target('PutLogEvents')],
      ['POST', '/', `{"logGroupName":"/hostile","logStreamName":"s","logEvents":${deepArrays}}`, target('PutLogEvents')],
      ['POST', '/', deepObjects, target('FilterLogEvents')],
      ['POST', '/', JSON.stringify({ logGroupName: 5 }), target('CreateLogGroup')],
      ['POST', '/', JSON.stringify({ logGroupIdentifiers: ['arn:aws:logs:us-east-1:123456789012:log-group:/hostile'], logStreamNames: [1] }), target('StartLiveTail')],
      ['POST', '/', JSON.stringify({ logGroupIdentifiers: ['arn:aws:logs:us-east-1:123456789012:log-group:/hostile'], logStreamNamePrefixes: 'x' }), target('StartLiveTail')],
      ['POST', '/', '[]', target('DescribeLogGroups')],
      ['POST', '/', '{', target('DescribeLogGroups')],
      ['POST', '/', JSON.stringify({ logGroupName: '/hostile', nextToken: Buffer.from('null').toString('base64url') }), target('FilterLogEvents')],
    ];
    for (const [method, path, body, headers] of cases) {
      const r = await raw(port, method, path, body, headers);
      const what = `${method} ${path} ${headers['x-amz-target'] ?? ''} ${(body ?? '').slice(0, 60)}`;
      assert.ok(r.status >= 400 && r.status < 500, `${what}: ${r.status} ${r.body.slice(0, 200)}`);
      assert.ok(r.ms < 2000, `${what}: answered in ${r.ms.toFixed(0)} ms`);
      const parsed = JSON.parse(r.body) as { message?: string; __type?: string };
      assert.equal(typeof parsed.message, 'string', what);
      const ok = await raw(port, 'GET', '/things?maxResults=1');
      assert.equal(ok.status, 200, `after ${what}`);
    }
  });

  test('only requests naming the sandbox itself are served: another Host or a web page is refused with 403', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      assert.equal((await raw(port, 'GET', '/things?maxResults=1', undefined, { host })).status, 200, host);
    }
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, 'evil.example', `localhost.:${port}`]) {
      const r = await raw(port, 'POST', '/things/rebound/shadow', '{"state":{"desired":{"operation":"execute","keys":["Device.0.Reboot"]}}}', { host });
      assert.equal(r.status, 403, `${host}: ${r.body}`);
      assert.match(JSON.parse(r.body).message, /not this sandbox's address/);
    }
    const noHost = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(port, '127.0.0.1', () => sock.end('GET /things HTTP/1.0\r\n\r\n'));
      let data = '';
      sock.setEncoding('utf8');
      sock.on('data', (d: string) => (data += d));
      sock.on('end', () => resolve(data));
      sock.on('error', reject);
    });
    assert.match(noHost, /^HTTP\/1\.[01] 403 /);
    const fromPage = await raw(port, 'POST', '/', '{}', { ...target('DescribeLogGroups'), origin: 'https://evil.example' });
    assert.equal(fromPage.status, 403);
    assert.equal(JSON.parse(fromPage.body).__type, 'AccessDeniedException');
    const fetchMode = await raw(port, 'GET', '/things', undefined, { 'sec-fetch-site': 'cross-site' });
    assert.equal(fetchMode.status, 403);
    // the MQTT WebSocket endpoint checks the same
    const signed = await presignMqttUrl({ endpoint: c.sb.url, region: c.sb.region, credentials: c.sb.credentials });
    const upgrade = (host: string) => new Promise<number | undefined>((resolve) => {
      const ws = new WebSocket(signed, ['mqtt'], { headers: { host } });
      ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode); ws.terminate(); });
      ws.on('open', () => { resolve(101); ws.close(); });
      ws.on('error', () => resolve(undefined));
    });
    assert.equal(await upgrade(`127.0.0.1:${port}`), 101);
    assert.equal(await upgrade(`evil.example:${port}`), 403);
    // nothing was written by the refused requests
    assert.equal((await raw(port, 'GET', '/things/rebound/shadow')).status, 404);
  });

  test('an old batch into a long stream is merged in one pass, not one shift per event', async () => {
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: '/hostile', logStreamName: 'long' }));
    const now = Date.now();
    for (let b = 0; b < 5; b++) {
      await c.logs.send(new PutLogEventsCommand({ logGroupName: '/hostile', logStreamName: 'long', logEvents: Array.from({ length: 10_000 }, (_, i) => ({ timestamp: now - 3_600_000 + b * 10_000 + i, message: `n${b}.${i}` })) }));
    }
    const t0 = performance.now();
    await c.logs.send(new PutLogEventsCommand({ logGroupName: '/hostile', logStreamName: 'long', logEvents: Array.from({ length: 10_000 }, (_, i) => ({ timestamp: now - 7_200_000 + i, message: `old${i}` })) }));
    const ms = performance.now() - t0;
    assert.ok(ms < 3000, `the old batch took ${ms.toFixed(0)} ms`);
    const first = await c.logs.send(new FilterLogEventsCommand({ logGroupName: '/hostile', logStreamNames: ['long'], limit: 2 }));
    assert.deepEqual(first.events!.map((e) => e.message), ['old0', 'old1']);
  });
});

describe('sandbox keeps a bounded amount over a long run', () => {
  test(`logs: past ${MAX_STORED_EVENTS} events the earliest stored are dropped, the newest kept`, () => {
    const store = new LogStore('us-east-1');
    store.createGroup('/long');
    store.createStream('/long', 'a');
    store.createStream('/long', 'b');
    const t = Date.now();
    for (let b = 0; b < 25; b++) {
      store.put('/long', b % 2 ? 'b' : 'a', Array.from({ length: 10_000 }, (_, i) => ({ timestamp: t + b * 10_000 + i, message: `e${b}.${i}` })), t);
    }
    assert.ok(store.storedEvents <= MAX_STORED_EVENTS, `${store.storedEvents} kept`);
    assert.ok(store.storedEvents >= MAX_STORED_EVENTS * 0.8, `${store.storedEvents} kept`);
    const a = store.stream('/long', 'a');
    assert.equal(a.events.at(-1)!.message, 'e24.9999');
    assert.ok(!a.events.some((e) => e.message === 'e0.0'));
    const kept = a.events.length + store.stream('/long', 'b').events.length;
    assert.equal(kept, store.storedEvents);
    assert.equal(a.storedBytes, a.events.reduce((n, e) => n + Buffer.byteLength(e.message) + 26, 0));
  });

  test('things: past the memory budget, LimitExceededException (410) that says what to do; those made stay', () => {
    const r = new ThingRegistry('us-east-1', new MemoryBudget(1024 * 1024));
    let made = 0;
    const refused = (() => {
      for (;; made++) {
        try {
          r.createThing(`t${made}`, undefined, { protocol: 'LwM2M' });
        } catch (e) {
          return e as { status?: number; type?: string; message: string };
        }
      }
    })();
    assert.equal(refused.status, 410);
    assert.equal(refused.type, 'LimitExceededException');
    assert.match(refused.message, /memory budget of 1\.0 MiB is used up.*fewer things \(--things\) or a larger budget \(--memory-budget <MiB>\)/);
    assert.ok(made > 1000 && made < 5000, `${made} things fit in 1 MiB`);
    assert.equal(r.thingCount, made);
    assert.equal(r.thing(`t${made - 1}`).attributes.protocol, 'LwM2M');
    assert.throws(() => r.createThing('one-more', undefined, {}), (e: { status?: number }) => e.status === 410);
  });

  test(`shadows: at most ${MAX_WRITTEN_SHADOWS} written besides the seeded fleet; refused updates leave nothing behind`, () => {
    const clock = new SimClock(1);
    try {
      const s = new ShadowStore(clock);
      for (let i = 0; i < MAX_WRITTEN_SHADOWS; i++) s.update(`t${i}`, '', '{"state":{"desired":{"a":1}}}');
      assert.throws(() => s.update('one-more', '', '{"state":{"desired":{"a":1}}}'), (e: { status?: number }) => e.status === 400);
      s.update('t1', '', '{"state":{"desired":{"a":2}}}'); // existing ones still take updates
      assert.throws(() => s.update('refused', '', '{"state":{"desired":{"a":1}},"version":3}'));
      assert.equal([...s.touchedThings()].length, MAX_WRITTEN_SHADOWS);
    } finally {
      clock.stop();
    }
  });
});
