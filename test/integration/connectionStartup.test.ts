// The start-up connection (`lwm2mShadows.connection.startWith`: the remembered one) waits until a view, a document or a
// short timer needs it. A person who chooses a connection before that keeps it, and Cancel Connecting while it waits
// drops it. The connection manager is the extension's own class, in the real extension host, with sessions made by a
// factory that records them (no AWS account here).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AwsSession, ConnectionSpec } from '../../src/aws/types';
import { ConnectionManager } from '../../src/ui/connection/connectionManager';
import type { SavedConnection } from '../../src/ui/connection/savedConnection';
import { setSetting } from './fleetHelpers';

suite('The start-up connection', () => {
  const log = vscode.window.createOutputChannel('LwM2M start-up test', { log: true });
  let saved: SavedConnection | undefined;
  const memento = {
    get: () => saved,
    update: async (_key: string, value: SavedConnection) => void (saved = value),
    keys: () => [],
  } as unknown as vscode.Memento;
  const made: string[] = [];
  const factory = (spec: ConnectionSpec): AwsSession => {
    made.push(spec.id);
    return {
      spec,
      fleet: { listThingTypes: async () => ({ items: [] }) },
      dispose: () => undefined,
    } as unknown as AwsSession;
  };

  setup(async () => {
    await setSetting('connection.startWith', 'last');
    saved = { kind: 'aws', profile: 'remembered', region: 'eu-west-1' };
    made.length = 0;
  });

  suiteTeardown(async () => {
    await setSetting('connection.startWith', undefined);
    log.dispose();
  });

  test('a connection chosen before the start-up one was made stays: start-up does not connect over it', async () => {
    const connections = new ConnectionManager(memento, log, factory);
    connections.prepareStartup();
    assert.equal(connections.pendingId, 'remembered@eu-west-1');
    assert.equal(connections.state.status, 'connecting');
    await connections.connectAws('chosen', 'eu-west-1');
    // What the Fleet view, a restored document or the start-up timer does a moment later.
    await new Promise((r) => setTimeout(r, 50));
    const session = await connections.ensureConnected();
    assert.equal(session?.spec.id, 'chosen@eu-west-1');
    assert.equal(connections.current?.spec.id, 'chosen@eu-west-1');
    assert.deepEqual(made, ['chosen@eu-west-1'], 'the remembered connection was never made');
    assert.deepEqual(saved, { kind: 'aws', profile: 'chosen', region: 'eu-west-1' }, 'and the chosen one is remembered');
    await connections.dispose();
  });

  test('Cancel Connecting while the start-up connection waits: disconnected, and it is never made', async () => {
    const connections = new ConnectionManager(memento, log, factory);
    connections.prepareStartup();
    assert.equal(connections.state.status, 'connecting');
    connections.cancelConnect();
    assert.equal(connections.state.status, 'disconnected');
    assert.equal(await connections.ensureConnected(), undefined);
    assert.deepEqual(made, []);
    await connections.dispose();
  });

  test('without either, the start-up connection is made when first needed', async () => {
    const connections = new ConnectionManager(memento, log, factory);
    connections.prepareStartup();
    assert.equal((await connections.ensureConnected())?.spec.id, 'remembered@eu-west-1');
    assert.deepEqual(made, ['remembered@eu-west-1']);
    await connections.dispose();
  });
});
