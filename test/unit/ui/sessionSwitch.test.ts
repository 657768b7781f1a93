// The session a test hands in for the next connect (ExtensionMode.Test): the connect a person's Connect runs is made
// for the connection the session is of, without the check call, and every session made while it runs is the handed
// one (a cancelled start-up connect still making its session cannot take it); after it, sessions are the SDK's again.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { AwsSession, ConnectionSpec } from '../../../src/aws/types';
import type { ConnectionManager, SessionFactory } from '../../../src/ui/connection/connectionManager';
import type { SavedConnection } from '../../../src/ui/connection/savedConnection';
import { SessionSwitch } from '../../../src/ui/testMode/sessionSwitch';

const session = (spec: Partial<ConnectionSpec> & { id: string }, by: string) =>
  ({ spec: { kind: 'aws', label: spec.id, region: 'eu-west-1', ...spec }, by, dispose: () => undefined }) as unknown as AwsSession & { by: string };
const sdk: SessionFactory = (spec, kept) => kept ?? session(spec, 'sdk');
const SANDBOX: ConnectionSpec = { kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: 'us-east-1' };

/** A connection manager whose connect makes two sessions: a cancelled start-up connect's first, then its own. */
function manager(sw: SessionSwitch, fail = false) {
  const connects: { target: SavedConnection; verify: boolean; early: AwsSession; made: AwsSession }[] = [];
  const connections = {
    connect: async (target: SavedConnection, options: { verify: boolean }) => {
      const early = sw.sessions(SANDBOX, undefined);
      await Promise.resolve();
      const made = sw.sessions({ ...SANDBOX, id: 'made' }, undefined);
      connects.push({ target, verify: options.verify, early, made });
      if (fail) throw new Error('refused');
      return made;
    },
  } as unknown as ConnectionManager;
  return { connections, connects };
}

test('the handed session is what the connect makes, for the connection it is of, with no check call', async () => {
  const sw = new SessionSwitch(sdk);
  const m = manager(sw);
  const failing = session({ id: 'dev@eu-west-1', profile: 'dev' }, 'test');
  await sw.connectWith(m.connections, failing);
  assert.deepEqual(m.connects.map((c) => [c.target, c.verify]), [[{ kind: 'aws', profile: 'dev', region: 'eu-west-1' }, false]]);
  assert.equal(m.connects[0].made, failing);
  assert.equal(m.connects[0].early, failing, 'an earlier connect still making its session did not take it away');
  assert.equal((sw.sessions(SANDBOX, undefined) as AwsSession & { by: string }).by, 'sdk', 'after it: the SDK\'s again');
  const kept = session({ ...SANDBOX }, 'kept');
  assert.equal(sw.sessions(SANDBOX, kept), kept, 'and the sandbox\'s own session is kept, as always');
});

test('a custom endpoint connects to that endpoint; a sandbox-kind session connects the sandbox; a failed connect hands nothing on', async () => {
  const sw = new SessionSwitch(sdk);
  const m = manager(sw);
  await sw.connectWith(m.connections, session({ kind: 'custom', id: 'charts', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' }, 'test'));
  await sw.connectWith(m.connections, session({ ...SANDBOX, id: 'other@us-east-1' }, 'test'));
  assert.deepEqual(m.connects.map((c) => c.target), [
    { kind: 'aws', profile: 'charts', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' },
    { kind: 'sandbox' },
  ]);
  const refused = manager(sw, true);
  await assert.rejects(sw.connectWith(refused.connections, session({ id: 'x' }, 'test')), /refused/);
  assert.equal((sw.sessions(SANDBOX, undefined) as AwsSession & { by: string }).by, 'sdk');
});
