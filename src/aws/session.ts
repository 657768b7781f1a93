// A session: the clients of one connection and the APIs built on them. Creating one does no I/O;
// credentials are resolved and the data endpoint discovered on the first call that needs them.
import { connect, type Connection } from './connection';
import { createFleet } from './fleet';
import { createLogs, type SdkLogsApi } from './logs';
import { createShadows } from './shadows';
import { createLiveShadows, type LiveOptions } from './live/liveShadows';
import type { AwsSession, ConnectionSpec, LiveShadowsApi } from './types';

export interface SdkSession extends AwsSession {
  readonly logs: SdkLogsApi;
  /** The SDK clients, for tests and benchmarks (e.g. middleware that counts calls). */
  readonly clients: Pick<Connection, 'iot' | 'logs' | 'data'>;
  readonly live: LiveShadowsApi;
}

/** Tests and benchmarks: options of the live channel (limits, backoff, timeouts, log). */
export type LiveTuning = Partial<Omit<LiveOptions, 'endpoint' | 'region' | 'credentials'>>;

export function createSession(spec: ConnectionSpec, liveTuning: LiveTuning = {}): SdkSession {
  if (!spec.region) throw new TypeError('A connection needs a region');
  const conn = connect(spec);
  let disposed = false;
  let live: LiveShadowsApi | undefined;
  return {
    spec,
    fleet: createFleet(conn),
    shadows: createShadows(conn),
    logs: createLogs(conn),
    clients: { iot: conn.iot, logs: conn.logs, data: conn.data },
    /** Created on first use: nothing connects before something is watched. */
    get live(): LiveShadowsApi {
      return (live ??= createLiveShadows({
        endpoint: () => conn.dataEndpoint(),
        region: spec.region,
        credentials: () => conn.iot.config.credentials(),
        ...liveTuning,
      }));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      live?.dispose();
      conn.dispose();
    },
  };
}
