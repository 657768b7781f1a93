// SDK v3 clients for one connection: IoT control plane, IoT data plane (shadows) and CloudWatch Logs,
// with the credentials, region, endpoint override and retry policy of a ConnectionSpec.
//
// Without an endpoint override the data plane endpoint is per account: it is discovered once with
// DescribeEndpoint (`iot:Data-ATS`) and cached per account and region for the life of the process.
import { createHash } from 'node:crypto';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeEndpointCommand, IoTClient } from '@aws-sdk/client-iot';
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsError, toAwsError, type AwsErrorContext } from './errors';
import { isSsoProfile } from './profiles';
import type { ConnectionSpec } from './types';

/** Default SDK attempts (first try included). Throttling is retried with the SDK's adaptive mode. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** How long to wait for a TCP connection before the endpoint counts as unreachable. */
export const CONNECTION_TIMEOUT_MS = 5_000;
/** How long a plain (non-streaming) request may take. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface Connection {
  readonly spec: ConnectionSpec;
  readonly iot: IoTClient;
  readonly logs: CloudWatchLogsClient;
  /** The data plane client; without an endpoint override its endpoint is discovered on first use. */
  data(): Promise<IoTDataPlaneClient>;
  /** Context for error mapping (profile, and whether it is an SSO profile once known). */
  readonly errorContext: AwsErrorContext;
  /** Runs `fn`; anything it throws becomes an AwsError naming `operation` (and the profile's sign-in). */
  call<T>(operation: string, fn: () => Promise<T>): Promise<T>;
  dispose(): void;
}

const dataEndpointCache = new Map<string, Promise<string>>();

/** Forgets discovered data plane endpoints (tests). */
export function clearDataEndpointCache(): void {
  dataEndpointCache.clear();
}

function credentialsFor(spec: ConnectionSpec): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (spec.credentials) {
    const { accessKeyId, secretAccessKey, sessionToken } = spec.credentials;
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  // fromIni resolves every kind of profile the shared files describe: static keys, role assumption,
  // credential_process and IAM Identity Center (sso_session / legacy sso_start_url, through fromSSO).
  if (spec.profile) return fromIni({ profile: spec.profile });
  return fromNodeProviderChain();
}

function normalizeEndpoint(endpoint: string): string {
  const trimmed = endpoint.trim().replace(/\/+$/, '');
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

export function connect(spec: ConnectionSpec): Connection {
  const endpoint = spec.endpoint ? normalizeEndpoint(spec.endpoint) : undefined;
  const credentials = credentialsFor(spec);
  const common = {
    region: spec.region,
    credentials,
    maxAttempts: spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: 'adaptive' as const,
    ...(endpoint ? { endpoint } : {}),
  };
  const requestHandler = { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS };
  const iot = new IoTClient({ ...common, requestHandler });
  // disableHostPrefix: StartLiveTail otherwise prefixes the host with `streaming-`, which breaks any
  // endpoint override. Live tail streams for hours: no request timeout on this client.
  const logs = new CloudWatchLogsClient({ ...common, disableHostPrefix: true, requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS } });
  const errorContext: AwsErrorContext = { profile: spec.profile };
  // Whether the profile signs in through SSO decides what a credentials error tells the user to do.
  const ssoKnown = spec.profile
    ? isSsoProfile(spec.profile).then((sso) => { errorContext.sso = sso; }, () => undefined)
    : Promise.resolve();
  async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      await ssoKnown;
      throw toAwsError(e, { ...errorContext, operation });
    }
  }

  let dataClient: Promise<IoTDataPlaneClient> | undefined;
  const data = (): Promise<IoTDataPlaneClient> => {
    dataClient ??= (async () => {
      const dataEndpoint = endpoint ?? (await discoverDataEndpoint(iot, spec, errorContext));
      return new IoTDataPlaneClient({ ...common, endpoint: dataEndpoint, requestHandler });
    })();
    // A failed discovery is not cached: the next call tries again.
    dataClient.catch(() => { dataClient = undefined; });
    return dataClient;
  };

  return {
    spec,
    iot,
    logs,
    data,
    errorContext,
    call,
    dispose() {
      iot.destroy();
      logs.destroy();
      dataClient?.then((c) => c.destroy(), () => undefined);
    },
  };
}

async function accountKey(iot: IoTClient, spec: ConnectionSpec): Promise<string> {
  let identity: AwsCredentialIdentity | undefined;
  try {
    identity = await iot.config.credentials();
  } catch (e) {
    throw toAwsError(e, { profile: spec.profile, operation: 'DescribeEndpoint' });
  }
  if (identity.accountId) return `account:${identity.accountId}`;
  if (spec.profile) return `profile:${spec.profile}`;
  // Never keep the key id itself, not even in memory as a map key.
  return `key:${createHash('sha256').update(identity.accessKeyId).digest('hex').slice(0, 16)}`;
}

/** `https://<prefix>-ats.iot.<region>.amazonaws.com`, from DescribeEndpoint, cached per account and region. */
export async function discoverDataEndpoint(iot: IoTClient, spec: ConnectionSpec, ctx: AwsErrorContext = {}): Promise<string> {
  const key = `${await accountKey(iot, spec)}|${spec.region}`;
  let pending = dataEndpointCache.get(key);
  if (!pending) {
    pending = (async () => {
      const out = await iot.send(new DescribeEndpointCommand({ endpointType: 'iot:Data-ATS' }));
      if (!out.endpointAddress) throw new AwsError('unknown', 'DescribeEndpoint returned no data endpoint address', { operation: 'DescribeEndpoint' });
      return `https://${out.endpointAddress}`;
    })();
    dataEndpointCache.set(key, pending);
    pending.catch(() => dataEndpointCache.delete(key));
  }
  try {
    return await pending;
  } catch (e) {
    throw toAwsError(e, { ...ctx, operation: 'DescribeEndpoint' });
  }
}
