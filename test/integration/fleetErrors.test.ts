// Credential and permission problems, produced through a stubbed connection (they cannot be produced
// against the sandbox): the Fleet view explains each in one row with what fixes it.
import * as assert from 'node:assert/strict';
import type { AwsSession } from '../../src/aws/types';
import { AwsError } from '../../src/aws/errors';
import type { ExtensionApi } from '../../src/extension';
import { extensionApi, rows, tooltipText } from './fleetHelpers';

function failingSession(id: string, error: Error): AwsSession {
  const fail = async () => {
    throw error;
  };
  return {
    spec: { kind: 'aws', id, label: `${id} (eu-west-1)`, region: 'eu-west-1', profile: id },
    fleet: { listThingTypes: fail, listThings: fail, describeThing: fail, deprecateThingType: fail, deleteThingType: fail, indexing: fail, countThingsOfType: fail },
    shadows: { get: fail, update: fail, delete: fail, listNamed: fail },
    logs: { findIntegrationLogGroups: fail, tail: () => ({ [Symbol.asyncIterator]: () => ({ next: fail }) }) },
    dispose: () => undefined,
  };
}

suite('Fleet view errors (stubbed connection)', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  suiteTeardown(async () => {
    await api.connection.connectSandbox();
  });

  test('an expired SSO session says which command renews it', async () => {
    await api.connection.useSession(failingSession('dev', new AwsError('credentials', 'ListThingTypes: credentials are missing, invalid or expired: The SSO session associated with this profile has expired', {
      profile: 'dev', action: 'Sign in again: run `aws sso login --profile dev`, then retry.',
    })));
    const top = await rows(api);
    assert.equal(top.length, 1);
    assert.equal(top[0].item.contextValue, 'error');
    assert.match(top[0].label, /`aws sso login --profile dev`/);
    assert.match(tooltipText(top[0].item), /Click to retry/);
    assert.equal(top[0].item.command?.command, 'lwm2mShadows.refresh');
  });

  test('missing credentials name the profile and how to set them', async () => {
    await api.connection.useSession(failingSession('ci', new AwsError('credentials', 'Could not load credentials from any providers', { profile: 'ci' })));
    const top = await rows(api);
    assert.match(top[0].label, /No valid AWS credentials for profile "ci"/);
    assert.match(top[0].label, /aws configure --profile ci/);
  });

  test('access denied names the refused IAM action', async () => {
    await api.connection.useSession(failingSession('ro', new AwsError('access-denied', 'access denied to iot:ListThingTypes', { profile: 'ro', deniedAction: 'iot:ListThingTypes' })));
    const top = await rows(api);
    assert.match(top[0].label, /Access denied: profile "ro" may not call iot:ListThingTypes/);
  });

  test('a region without IoT (unreachable endpoint) says to pick another region', async () => {
    await api.connection.useSession(failingSession('dev2', new AwsError('endpoint-unreachable', 'cannot reach the endpoint (ENOTFOUND)')));
    const top = await rows(api);
    assert.match(top[0].label, /Cannot reach the endpoint/);
  });

  test('an error while listing the things of a type shows in that type, with a retry', async () => {
    await api.connection.connectSandbox();
    const top = await rows(api);
    const session = api.connection.session()!;
    const realListThings = session.fleet.listThings;
    session.fleet.listThings = async () => {
      throw new AwsError('throttled', 'ListThings: Rate exceeded', { code: 'ThrottlingException' });
    };
    try {
      const things = await rows(api, top[0].node);
      assert.equal(things.length, 1);
      assert.match(things[0].label, /throttling/i);
      assert.equal(things[0].item.command?.arguments?.[0], top[0].node);
    } finally {
      session.fleet.listThings = realListThings;
    }
    api.fleet.refresh(top[0].node);
    const again = await rows(api, top[0].node);
    assert.ok(again.every((r) => r.item.contextValue === 'thing' || r.label === 'Load more…'));
  });
});
