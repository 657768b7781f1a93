// Every kind of AwsError a user must act on, from the errors the SDK really throws. Stubbed clients
// produce the faults no local server can (throttling, expired tokens, access denied, 413).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ListThingsCommand, ThrottlingException, UnauthorizedException } from '@aws-sdk/client-iot';
import { ConflictException, IoTDataPlaneClient, RequestEntityTooLargeException, UpdateThingShadowCommand } from '@aws-sdk/client-iot-data-plane';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsError, createSession, toAwsError } from '../../../src/aws/index';
import { parseDeniedAction, redact } from '../../../src/aws/errors';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, $fault: 'client' as const });

function sdkError(name: string, message: string, status?: number): Error {
  const e = new Error(message);
  e.name = name;
  if (status) Object.assign(e, meta(status));
  return e;
}

function session(maxAttempts = 1) {
  return createSession({ kind: 'custom', id: 't', label: 't', region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, maxAttempts });
}

test('AccessDeniedException names the denied IAM action and what to ask for', async () => {
  const s = session();
  const iot = mockClient(s.clients.iot);
  iot.on(ListThingsCommand).rejects(sdkError('AccessDeniedException',
    'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iot:ListThings on resource: arn:aws:iot:eu-west-1:123456789012:thing/* because no identity-based policy allows the iot:ListThings action', 403));
  const err = await s.fleet.listThings({ maxResults: 10 }).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof AwsError);
  assert.equal(err.kind, 'access-denied');
  assert.equal(err.deniedAction, 'iot:ListThings');
  assert.equal(err.status, 403);
  assert.equal(err.operation, 'ListThings');
  assert.match(err.action ?? '', /iot:ListThings/);
  s.dispose();
});

test('a 409 ConflictException on update is a version conflict asking to reload and merge', async () => {
  const s = session();
  const data = mockClient(IoTDataPlaneClient);
  data.on(UpdateThingShadowCommand).rejects(new ConflictException({ message: 'Version conflict', ...meta(409) }));
  const err = await s.shadows.update('dev-1', 'operation', { desired: { operation: 'read' } }, 3).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof AwsError);
  assert.equal(err.kind, 'version-conflict');
  assert.equal(err.status, 409);
  assert.match(err.operation ?? '', /UpdateThingShadow dev-1\/operation/);
  assert.match(err.action ?? '', /reload/i);
  data.restore();
  s.dispose();
});

test('a 413 on update is payload-too-large and explains the 8 KB limit', async () => {
  const s = session();
  const data = mockClient(IoTDataPlaneClient);
  data.on(UpdateThingShadowCommand).rejects(new RequestEntityTooLargeException({ message: 'The payload exceeds the maximum size allowed', ...meta(413) }));
  const err = await s.shadows.update('dev-1', '', { reported: { big: 'x'.repeat(9000) } }).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof AwsError);
  assert.equal(err.kind, 'payload-too-large');
  assert.match(err.action ?? '', /8 KB/);
  data.restore();
  s.dispose();
});

test('throttling, expired tokens and not-found map to their kinds', () => {
  assert.equal(toAwsError(new ThrottlingException({ message: 'Rate exceeded', ...meta(400) })).kind, 'throttled');
  assert.equal(toAwsError(sdkError('TooManyRequestsException', 'slow down', 429)).kind, 'throttled');
  const expired = toAwsError(sdkError('ExpiredTokenException', 'The security token included in the request is expired', 403), { profile: 'dev' });
  assert.equal(expired.kind, 'credentials');
  assert.equal(expired.profile, 'dev');
  assert.match(expired.action ?? '', /profile "dev"/);
  assert.equal(toAwsError(sdkError('ResourceNotFoundException', 'No shadow exists with name: x', 404)).kind, 'not-found');
  assert.equal(toAwsError(sdkError('InvalidRequestException', 'Missing required node: state', 400)).kind, 'invalid-request');
  assert.equal(toAwsError(new Error('boom')).kind, 'unknown');
});

test('an expired SSO session tells the exact `aws sso login --profile` command', () => {
  const ssoClientError = new UnauthorizedException({ message: 'Session token not found or invalid', ...meta(401) });
  const e = toAwsError(ssoClientError, { profile: 'corp-dev', sso: true });
  assert.equal(e.kind, 'credentials');
  assert.match(e.action ?? '', /`aws sso login --profile corp-dev`/);
  // The token provider's own message is enough to know it is SSO, even without the flag.
  const tokenError = sdkError('TokenProviderError', 'The SSO session token associated with profile=corp-dev was not found or is invalid. To refresh this SSO session run aws sso login with the corresponding profile.');
  const e2 = toAwsError(tokenError, { profile: 'corp-dev' });
  assert.equal(e2.kind, 'credentials');
  assert.match(e2.action ?? '', /aws sso login --profile corp-dev/);
});

test('an SSO profile without a cached token fails with credentials + `aws sso login` (real credential provider)', async (t) => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'aws-sso-'));
  writeFileSync(path.join(dir, 'config'), [
    '[profile corp-dev]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Dev', 'region = eu-west-1', '',
    '[sso-session corp]', 'sso_start_url = https://example.awsapps.com/start', 'sso_region = eu-west-1', '',
  ].join('\n'));
  const saved = { ...process.env };
  t.after(() => { process.env = saved; rmSync(dir, { recursive: true, force: true }); });
  process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  process.env.HOME = dir; // no ~/.aws/sso/cache token
  const s = createSession({ kind: 'aws', id: 'corp-dev@eu-west-1', label: 'corp-dev', region: 'eu-west-1', profile: 'corp-dev', endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
  const err = await s.fleet.listThingTypes({ maxResults: 5 }).then(() => undefined, (e: unknown) => e);
  s.dispose();
  assert.ok(err instanceof AwsError, String(err));
  assert.equal(err.kind, 'credentials');
  assert.equal(err.profile, 'corp-dev');
  assert.match(err.action ?? '', /`aws sso login --profile corp-dev`/);
});

test('network failures are endpoint-unreachable (a real refused connection, and DNS / timeout codes)', async () => {
  const s = session();
  const err = await s.fleet.listThingTypes({ maxResults: 5 }).then(() => undefined, (e: unknown) => e);
  s.dispose();
  assert.ok(err instanceof AwsError);
  assert.equal(err.kind, 'endpoint-unreachable');
  assert.equal(err.code, 'ECONNREFUSED');
  for (const code of ['ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN']) {
    assert.equal(toAwsError(Object.assign(new Error(`getaddrinfo ${code} iot.example`), { code })).kind, 'endpoint-unreachable', code);
  }
  const timeout = sdkError('TimeoutError', 'Connection timed out after 5000 ms');
  assert.equal(toAwsError(timeout).kind, 'endpoint-unreachable');
  const aggregate = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:443'), { code: 'ECONNREFUSED' })], 'connect failed');
  assert.equal(toAwsError(aggregate).kind, 'endpoint-unreachable');
});

test('credentials never appear in error messages', () => {
  const e = toAwsError(sdkError('SignatureDoesNotMatch',
    "The request signature we calculated does not match. Canonical: Credential=AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/iot/aws4_request, Signature=0123abcdef aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 403));
  assert.equal(e.kind, 'credentials');
  assert.doesNotMatch(e.message, /AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI|0123abcdef/);
  assert.doesNotMatch(redact('key ASIAY34FZKBOKMUTVV7A used'), /ASIAY34FZKBOKMUTVV7A/);
});

test('the denied action is parsed from the usual AWS phrasings', () => {
  assert.equal(parseDeniedAction('User: arn:aws:sts::1:assumed-role/R/s is not authorized to perform: logs:StartLiveTail on resource: arn'), 'logs:StartLiveTail');
  assert.equal(parseDeniedAction('no permission'), undefined);
});

test('throttled calls are retried by the SDK (adaptive mode, 3 attempts by default); maxAttempts is honoured', async () => {
  const http = await import('node:http');
  let calls = 0;
  let throttleUntil = 0;
  const server = http.createServer((req, res) => {
    calls++;
    if (calls <= throttleUntil) {
      res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'ThrottlingException' });
      res.end(JSON.stringify({ message: 'Rate exceeded' }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ thingTypes: [{ thingTypeName: 'acme:tracker', thingTypeMetadata: { deprecated: false } }] }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const spec = { kind: 'custom' as const, id: 't', label: 't', region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
  try {
    throttleUntil = 1;
    const retried = createSession(spec);
    const page = await retried.fleet.listThingTypes({ maxResults: 10 });
    assert.equal(calls, 2, 'one throttled answer, then the retry succeeds');
    assert.deepEqual(page.items.map((t) => t.name), ['acme:tracker']);
    assert.equal(((await retried.clients.iot.config.retryStrategy()) as { mode?: string }).mode, 'adaptive');
    assert.equal(await retried.clients.iot.config.maxAttempts(), 3);
    retried.dispose();

    calls = 0;
    throttleUntil = 2;
    const once = createSession({ ...spec, maxAttempts: 1 });
    const err = await once.fleet.listThingTypes({ maxResults: 10 }).then(() => undefined, (e: unknown) => e);
    assert.equal(calls, 1, 'maxAttempts 1: no retry');
    assert.ok(err instanceof AwsError);
    assert.equal(err.kind, 'throttled');
    assert.equal(err.status, 429);
    once.dispose();
  } finally {
    server.close();
  }
});
