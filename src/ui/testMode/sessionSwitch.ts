// How connections get their sessions while the extension's tests run (ExtensionMode.Test): as always, except that a
// test may hand in the session the next connect makes (one whose calls fail, one through a fault proxy, one to
// another sandbox). That connect is the one a person's Connect runs: the views, the documents and the status bar
// follow it as they follow any connection.
import type { AwsSession, ConnectionSpec } from '../../aws/types';
import type { ConnectionManager, SessionFactory } from '../connection/connectionManager';
import type { SavedConnection } from '../connection/savedConnection';

export class SessionSwitch {
  private next: AwsSession | undefined;

  constructor(private readonly base: SessionFactory) {}

  /**
   * While connectWith runs, every session made is the handed one: an earlier connect that was cancelled but is still
   * making its session (a start-up connect waiting for the sandbox) must not take it from the connect it is for.
   */
  readonly sessions: SessionFactory = (spec, kept) => this.next ?? this.base(spec, kept);

  /**
   * Connects (without the check call a new AWS connection makes) with `session` as the session it makes. Like any
   * connect, it is remembered as the last connection (in the test profile's storage).
   */
  async connectWith(connections: ConnectionManager, session: AwsSession): Promise<void> {
    this.next = session;
    try {
      await connections.connect(connectionOf(session.spec), { verify: false });
    } finally {
      this.next = undefined;
    }
  }
}

/** The connection a person would have picked for a session like this one. */
function connectionOf(spec: ConnectionSpec): SavedConnection {
  if (spec.kind === 'sandbox') return { kind: 'sandbox' };
  return { kind: 'aws', profile: spec.profile ?? spec.id, region: spec.region, ...(spec.kind === 'custom' && spec.endpoint ? { endpoint: spec.endpoint } : {}) };
}
