// Opens one MQTT (3.1.1) connection over a presigned WebSocket URL with MQTT.js, and says why when it
// cannot: the WebSocket upgrade answered 401/403 or the CONNACK refused the client → the policy refuses
// iot:Connect; anything else (DNS, TCP, TLS, a proxy that blocks WebSockets, a timeout) → unreachable.
// MQTT.js and ws are loaded on the first connection, not with the aws bundle.
import type { MqttClient } from 'mqtt';
import type { LiveProblem } from '../types';

export class LiveConnectError extends Error {
  constructor(readonly problem: LiveProblem) {
    super(problem.detail);
    this.name = 'LiveConnectError';
  }
}

export interface OpenOptions {
  clientId: string;
  /** Give up on a connection attempt after this long. */
  timeoutMs: number;
  /** Seconds between keep-alive pings (AWS IoT allows 30–1200). */
  keepaliveS?: number;
}

/** A connected client (no automatic reconnect: the caller decides when, with a fresh URL). */
export async function openMqtt(url: string, options: OpenOptions): Promise<MqttClient> {
  const [{ default: mqtt }, { default: WebSocket }] = await Promise.all([import('mqtt'), import('ws')]);
  const where = url.replace(/\?.*$/, '');
  let httpStatus: number | undefined;
  const client = mqtt.connect(url, {
    clientId: options.clientId,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: options.timeoutMs,
    keepalive: options.keepaliveS ?? 60,
    createWebsocket: (wsUrl: string, protocols: string[]) => {
      const ws = new WebSocket(wsUrl, protocols, { handshakeTimeout: options.timeoutMs });
      // Listening makes ws leave the request to us: note the status and abort.
      ws.on('unexpected-response', (req, res) => {
        httpStatus = res.statusCode;
        res.resume();
        req.destroy();
        ws.terminate();
      });
      return ws;
    },
  });
  return new Promise<MqttClient>((resolve, reject) => {
    let settled = false;
    const fail = (problem: LiveProblem) => {
      if (settled) return;
      settled = true;
      client.end(true);
      reject(new LiveConnectError(problem));
    };
    client.once('connect', () => {
      if (settled) return;
      settled = true;
      client.removeAllListeners('error');
      client.on('error', () => undefined); // later errors end in 'close', which the caller handles
      resolve(client);
    });
    client.on('error', (e: Error & { code?: number | string }) => {
      // CONNACK return codes: 4 bad user name or password, 5 not authorised
      if (e.code === 5 || e.code === 4 || e.code === 135 || e.code === 134) {
        fail({ kind: 'refused', permission: 'iot:Connect', detail: `${where} refused the MQTT connection (CONNACK ${e.code})` });
      } else if (httpStatus === undefined) {
        fail({ kind: 'unreachable', detail: `${where}: ${e.message}` });
      }
    });
    client.once('close', () => {
      if (httpStatus === 401 || httpStatus === 403) {
        fail({ kind: 'refused', permission: 'iot:Connect', detail: `${where} answered the WebSocket upgrade with HTTP ${httpStatus}` });
      } else if (httpStatus !== undefined) {
        fail({ kind: 'unreachable', detail: `${where} answered the WebSocket upgrade with HTTP ${httpStatus}` });
      } else {
        fail({ kind: 'unreachable', detail: `${where} closed the connection before MQTT was up` });
      }
    });
  });
}
