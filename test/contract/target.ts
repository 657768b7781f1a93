// Which AWS the contract suite runs against, set by scripts/test-contract.mjs through the environment:
// LWM2M_CONTRACT_TARGET (`moto` | `sandbox`), LWM2M_CONTRACT_ENDPOINT, LWM2M_CONTRACT_REGION, and
// LWM2M_CONTRACT_SKIP (a reason: every test is then reported as skipped, not failed).
import { randomBytes } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IoTClient } from '@aws-sdk/client-iot';
import { createSession, type SdkSession } from '../../src/aws/index';

export type TargetName = 'moto' | 'sandbox';

export const target = {
  name: (process.env.LWM2M_CONTRACT_TARGET ?? 'moto') as TargetName,
  endpoint: process.env.LWM2M_CONTRACT_ENDPOINT ?? '',
  region: process.env.LWM2M_CONTRACT_REGION ?? 'us-east-1',
  credentials: {
    accessKeyId: process.env.LWM2M_CONTRACT_ACCESS_KEY_ID ?? 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: process.env.LWM2M_CONTRACT_SECRET_ACCESS_KEY ?? 'contract-test-secret',
  },
  skip: process.env.LWM2M_CONTRACT_SKIP || (process.env.LWM2M_CONTRACT_ENDPOINT ? undefined : 'no LWM2M_CONTRACT_ENDPOINT: run through `npm run test:contract`'),
};

export const isMoto = target.name === 'moto';
export const isSandbox = target.name === 'sandbox';

/** A contract test: reported as skipped (with the reason) when the target is not available. */
export function contract(name: string, fn: (t: TestContext) => Promise<void>): void {
  test(`[${target.name}] ${name}`, { skip: target.skip }, fn);
}

/** A session through the layer under test, with the endpoint override and no retries. */
export function session(): SdkSession {
  return createSession({
    kind: target.name === 'sandbox' ? 'sandbox' : 'custom',
    id: target.name,
    label: target.name,
    region: target.region,
    endpoint: target.endpoint,
    credentials: target.credentials,
    maxAttempts: 1,
  });
}

/** Plain SDK clients for setting up fixtures (what the integration or a device would do). */
export function setupClients(): { iot: IoTClient; logs: CloudWatchLogsClient; destroy(): void } {
  const common = { region: target.region, endpoint: target.endpoint, credentials: target.credentials, maxAttempts: 1 };
  const iot = new IoTClient(common);
  const logs = new CloudWatchLogsClient({ ...common, disableHostPrefix: true });
  return { iot, logs, destroy: () => { iot.destroy(); logs.destroy(); } };
}

/** A name no other test (or earlier run against the same server) uses: `<prefix>-<hex>`. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
