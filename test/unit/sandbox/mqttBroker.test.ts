// The sandbox's MQTT over WebSocket: what the simulated integration writes (device notifications, an
// operation's answer, the OperationResponse copy into the datamodel) arrives on AWS's shadow topics as it
// happens, and `mqtt: false` (the `--no-mqtt` flag) refuses the WebSocket as a policy without iot:Connect does.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { UpdateThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { presignMqttUrl } from '../../../src/aws/live/presign';
import { startSandbox } from '../../../src/sandbox/index';
import { sandboxWithClients, type Clients } from './sdkClients';

/** A shadow topic's payload, as parsed JSON. */
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

function nextMessage(c: MqttClient, topic: string, ms: number, match: (body: Doc) => boolean = () => true): Promise<Doc> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { c.off('message', on); reject(new Error(`nothing on ${topic} within ${ms} ms`)); }, ms);
    function on(t: string, payload: Buffer) {
      if (t !== topic) return;
      const body = JSON.parse(payload.toString('utf8')) as Doc;
      if (!match(body)) return;
      clearTimeout(timer);
      c.off('message', on);
      resolve(body);
    }
    c.on('message', on);
  });
}

describe('sandbox MQTT: the integration publishes on the shadow topics', () => {
  let c: Clients;
  let client: MqttClient;
  before(async () => {
    c = await sandboxWithClients({ things: 40, seed: 11, timeScale: 0.01 });
    const url = await presignMqttUrl({ endpoint: c.sb.url, region: c.sb.region, credentials: c.sb.credentials });
    client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  });
  after(async () => {
    await client?.endAsync(true);
    await c.close();
  });

  test('a device that notifies by itself changes its datamodel on update/documents', async () => {
    const thing = c.sb.fleet.find((d) => d.autoNotify)!.thingName;
    const topic = `$aws/things/${thing}/shadow/name/datamodel/update/documents`;
    await client.subscribeAsync(topic);
    const docs = await nextMessage(client, topic, 8000);
    assert.equal(docs.current.version, docs.previous.version + 1);
    assert.ok(docs.current.state.reported, 'the notified values are in reported');
  });

  test('a published read is answered on the operation shadow, then copied into the datamodel', async () => {
    const thing = c.sb.fleet.find((d) => d.connectivity === 'online' && !d.autoNotify && d.thingTypeName === 'acme:tracker_v2')!.thingName;
    const op = `$aws/things/${thing}/shadow/name/operation/update/documents`;
    const dm = `$aws/things/${thing}/shadow/name/datamodel/update/documents`;
    await client.subscribeAsync([op, dm]);
    const answered = nextMessage(client, op, 8000, (b) => !!b.current.state.reported?.operation);
    const copied = nextMessage(client, dm, 8000);
    await c.data.send(new UpdateThingShadowCommand({ thingName: thing, shadowName: 'operation', payload: enc({ state: { desired: { operation: 'read', keys: ['Device.0.Battery Level'] } } }) }));
    const answer = await answered;
    assert.equal(answer.current.state.reported.operation, 'read');
    assert.ok(answer.current.version > answer.previous.version);
    const dmDocs = await copied;
    assert.ok(dmDocs.current.version > dmDocs.previous.version);
  });
});

test('sandbox with mqtt: false answers the WebSocket upgrade 403 and still serves HTTP', async () => {
  const sb = await startSandbox({ things: 1, timeScale: 0.01, mqtt: false });
  try {
    assert.equal(sb.mqttUrl, undefined);
    const url = await presignMqttUrl({ endpoint: sb.url, region: sb.region, credentials: sb.credentials });
    const status = await new Promise<number | undefined>((resolve) => {
      const ws = new WebSocket(url, ['mqtt']);
      ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode); ws.terminate(); });
      ws.on('open', () => { resolve(101); ws.close(); });
      ws.on('error', () => resolve(undefined));
    });
    assert.equal(status, 403);
    assert.equal((await fetch(`${sb.url}/things/x/shadow`)).status, 404, 'the HTTP API answers as before');
  } finally {
    await sb.stop();
  }
});
