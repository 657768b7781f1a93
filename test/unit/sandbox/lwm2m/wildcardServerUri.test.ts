// A server listening on every interface (`--lwm2m-host 0.0.0.0`) tells what a device registered with: the classic
// shadow's lwm2mUri names the address the device reaches it on (here 127.0.0.1), never coap://0.0.0.0, which no
// device can reach. A real client (Wakaama's lwm2mclient) registers; the Fleet view's Classic row reads this field.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { GetThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import { eventually, parsePayload, sandboxWithClients, type Clients } from '../sdkClients';
import { NO_CLIENT, WakaamaClient, findClient } from './wakaamaClient';

const client = findClient();

describe('LwM2M server on 0.0.0.0: the URI a device is shown', { skip: client ? false : NO_CLIENT }, () => {
  let c: Clients;
  let w: WakaamaClient | undefined;
  before(async () => {
    c = await sandboxWithClients({ things: 0, timeScale: 0.01, lwm2m: { host: '0.0.0.0', port: 0, exchangeLifetimeMs: 3000 } });
  });
  after(async () => {
    await w?.kill();
    await c?.close();
  });

  test('the classic shadow says coap://127.0.0.1:<port> to a device that registered from this machine', async () => {
    assert.match(c.sb.lwm2mUri ?? '', /^coap:\/\/0\.0\.0\.0:\d+$/, 'the server listens on every interface');
    const port = Number(new URL(c.sb.lwm2mUri!).port);
    const endpoint = `wildcard-${process.pid}`;
    w = await WakaamaClient.start(client!.plain, { serverPort: port, endpoint, lifetime: 60 });
    const classic = await eventually(async () => {
      const got = await c.data.send(new GetThingShadowCommand({ thingName: endpoint })).catch(() => undefined); // no thing yet
      const doc = got && (parsePayload(got.payload).state.reported as Record<string, unknown> | undefined);
      return doc?.registered ? doc : undefined;
    }, 'the classic shadow of the registered device', 10_000);
    assert.equal(classic.lwm2mUri, `coap://127.0.0.1:${port}`);
  });
});
