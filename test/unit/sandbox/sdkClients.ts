// The real AWS SDK v3 clients pointed at a running sandbox, as the extension configures them.
import { IoTClient } from '@aws-sdk/client-iot';
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox/index';

export interface Clients {
  sb: RunningSandbox;
  iot: IoTClient;
  data: IoTDataPlaneClient;
  logs: CloudWatchLogsClient;
  close(): Promise<void>;
}

export async function sandboxWithClients(options: SandboxOptions = {}): Promise<Clients> {
  const sb = await startSandbox({ timeScale: 0.01, ...options });
  const common = { endpoint: sb.url, region: sb.region, credentials: sb.credentials, maxAttempts: 1 };
  const iot = new IoTClient(common);
  const data = new IoTDataPlaneClient(common);
  const logs = new CloudWatchLogsClient({ ...common, disableHostPrefix: true });
  return {
    sb,
    iot,
    data,
    logs,
    async close() {
      iot.destroy();
      data.destroy();
      logs.destroy();
      await sb.stop();
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 5000, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const utf8 = (payload: Uint8Array | undefined): string => Buffer.from(payload ?? new Uint8Array()).toString('utf8');
export const parsePayload = (payload: Uint8Array | undefined): Record<string, any> => JSON.parse(utf8(payload)); // eslint-disable-line @typescript-eslint/no-explicit-any
