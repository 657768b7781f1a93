// A session: the clients of one connection and the APIs built on them. Creating one does no I/O;
// credentials are resolved and the data endpoint discovered on the first call that needs them.
import { connect, type Connection } from './connection';
import { createFleet } from './fleet';
import { createLogs, type SdkLogsApi } from './logs';
import { createShadows } from './shadows';
import type { AwsSession, ConnectionSpec } from './types';

export interface SdkSession extends AwsSession {
  readonly logs: SdkLogsApi;
  /** The SDK clients, for tests and benchmarks (e.g. middleware that counts calls). */
  readonly clients: Pick<Connection, 'iot' | 'logs' | 'data'>;
}

export function createSession(spec: ConnectionSpec): SdkSession {
  if (!spec.region) throw new TypeError('A connection needs a region');
  const conn = connect(spec);
  let disposed = false;
  return {
    spec,
    fleet: createFleet(conn),
    shadows: createShadows(conn),
    logs: createLogs(conn),
    clients: { iot: conn.iot, logs: conn.logs, data: conn.data },
    dispose() {
      if (disposed) return;
      disposed = true;
      conn.dispose();
    },
  };
}
