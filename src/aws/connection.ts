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
import { boundedCredentials, CREDENTIALS_TIMEOUT_MS } from './credentialTimeout';
import { AwsError, toAwsError, type AwsErrorContext } from './errors';
import { isSsoProfile } from './profiles';
import { GuardedRetryStrategy } from './retryPolicy';
import type { ConnectionSpec } from './types';

/** Default SDK attempts (first try included). Throttling is retried with the SDK's adaptive mode. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** How long to wait for a TCP connection before the endpoint counts as unreachable. */
export const CONNECTION_TIMEOUT_MS = 5_000;
/** How long a plain (non-streaming) request may take, and a socket may stay silent. */
export const REQUEST_TIMEOUT_MS = 30_000;

export type AwsService = 'iot' | 'data' | 'logs';

export interface Connection {
  readonly spec: ConnectionSpec;
  readonly iot: IoTClient;
  readonly logs: CloudWatchLogsClient;
  /** The data plane client; without an endpoint override its endpoint is discovered on first use. */
  data(): Promise<IoTDataPlaneClient>;
  /**
   * The data plane client for updates and deletes: the SDK never sends one of its requests twice unless
   * it certainly never reached the service (retryPolicy.ts).
   */
  dataWriter(): Promise<IoTDataPlaneClient>;
  /** The data plane endpoint (`https://<prefix>-ats.iot.<region>.amazonaws.com`, or the override). */
  dataEndpoint(): Promise<string>;
  /** Context for error mapping (profile, and whether it is an SSO profile once known). */
  readonly errorContext: AwsErrorContext;
  /**
   * Runs `fn`; anything it throws becomes an AwsError naming `operation` (and the profile's sign-in, or
   * the endpoint of `service` that did not answer).
   */
  call<T>(operation: string, fn: () => Promise<T>, service?: AwsService): Promise<T>;
  /** The host that `service`'s requests go to, as error messages name it. */
  endpointOf(service: AwsService): string;
  dispose(): void;
}

const dataEndpointCache = new Map<string, Promise<string>>();

export function credentialsFor(spec: ConnectionSpec): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (spec.credentials) {
    const { accessKeyId, secretAccessKey, sessionToken } = spec.credentials;
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  // fromIni resolves every kind of profile the shared files describe: static keys, role assumption,
  // credential_process and IAM Identity Center (sso_session / legacy sso_start_url, through fromSSO).
  const timeoutMs = spec.credentialsTimeoutMs ?? CREDENTIALS_TIMEOUT_MS;
  if (spec.profile) return boundedCredentials(fromIni({ profile: spec.profile }), timeoutMs, spec.profile);
  return boundedCredentials(fromNodeProviderChain(), timeoutMs, process.env.AWS_PROFILE || 'default');
}

export function normalizeEndpoint(endpoint: string): string {
  const trimmed = endpoint.trim().replace(/\/+$/, '');
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/** The SDK's node HTTP handler options: it throws on a request timeout (by default it only logs a warning). */
export function handlerOptions(requestTimeout: number) {
  return { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout, socketTimeout: requestTimeout, throwOnRequestTimeout: true };
}

export function connect(spec: ConnectionSpec): Connection {
  const endpoint = spec.endpoint ? normalizeEndpoint(spec.endpoint) : undefined;
  const credentials = credentialsFor(spec);
  const maxAttempts = spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const common = {
    region: spec.region,
    credentials,
    maxAttempts,
    retryStrategy: new GuardedRetryStrategy(maxAttempts, false),
    ...(endpoint ? { endpoint } : {}),
  };
  const requestHandler = handlerOptions(spec.requestTimeoutMs ?? REQUEST_TIMEOUT_MS);
  const iot = new IoTClient({ ...common, requestHandler });
  // disableHostPrefix: StartLiveTail otherwise prefixes the host with `streaming-`, which breaks any
  // endpoint override. Live tail streams for hours: it turns the request timeout off for itself (the
  // socket timeout stays, and liveTail.ts notices a stream that stops sending updates much sooner).
  const logs = new CloudWatchLogsClient({ ...common, disableHostPrefix: true, requestHandler });
  const errorContext: AwsErrorContext = { profile: spec.profile };
  let discoveredData: string | undefined;
  const endpointOf = (service: AwsService): string =>
    endpoint ? hostOf(endpoint) : service === 'data' && discoveredData ? discoveredData : `${service === 'data' ? 'iot' : service}.${spec.region}.amazonaws.com`;
  // Whether the profile signs in through SSO decides what a credentials error tells the user to do.
  const ssoKnown = spec.profile
    ? isSsoProfile(spec.profile).then((sso) => { errorContext.sso = sso; }, () => undefined)
    : Promise.resolve();
  async function call<T>(operation: string, fn: () => Promise<T>, service: AwsService = 'iot'): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      await ssoKnown;
      throw toAwsError(e, { ...errorContext, operation, endpoint: endpointOf(service) });
    }
  }

  const dataEndpointOf = async (): Promise<string> => endpoint ?? (await discoverDataEndpoint(iot, spec, errorContext));
  const dataClients = new Map<boolean, Promise<IoTDataPlaneClient>>();
  const dataClient = (writes: boolean): Promise<IoTDataPlaneClient> => {
    let pending = dataClients.get(writes);
    if (!pending) {
      pending = (async () => {
        const dataEndpoint = await dataEndpointOf();
        if (!endpoint) discoveredData = hostOf(dataEndpoint);
        return new IoTDataPlaneClient({ ...common, retryStrategy: new GuardedRetryStrategy(maxAttempts, writes), endpoint: dataEndpoint, requestHandler });
      })();
      dataClients.set(writes, pending);
      // A failed discovery is not cached: the next call tries again.
      pending.catch(() => dataClients.delete(writes));
    }
    return pending;
  };

  return {
    spec,
    iot,
    logs,
    data: () => dataClient(false),
    dataWriter: () => dataClient(true),
    dataEndpoint: dataEndpointOf,
    errorContext,
    call,
    endpointOf,
    dispose() {
      iot.destroy();
      logs.destroy();
      for (const c of dataClients.values()) c.then((client) => client.destroy(), () => undefined);
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
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
