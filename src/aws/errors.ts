// One typed error for everything a user must act on, mapped from SDK, credential-provider and network
// errors in this one place. Messages never carry credentials: access key ids, secrets and signatures are
// redacted from whatever text the SDK or the server produced.
import type { AwsErrorKind } from './types';

export interface AwsErrorContext {
  /** The profile the session uses, named in the `action` of credential errors. */
  profile?: string;
  /** True when the profile is an IAM Identity Center (SSO) profile: the action is `aws sso login`. */
  sso?: boolean;
  /** What was being done, e.g. `GetThingShadow` or `ListThings`. */
  operation?: string;
  /** The host the request went to, named when it did not answer. */
  endpoint?: string;
}

export class AwsError extends Error {
  override readonly name = 'AwsError';
  readonly kind: AwsErrorKind;
  /** What the user should do about it, in one sentence. */
  action?: string;
  /** For `access-denied`: the IAM action that was refused, e.g. `iot:ListThings`, when AWS said it. */
  deniedAction?: string;
  profile?: string;
  /** HTTP status of the response, when there was one. */
  status?: number;
  /** The SDK's name for the error, e.g. `ConflictException`, `ECONNREFUSED`. */
  code?: string;
  /** The operation being done, e.g. `UpdateThingShadow`. */
  operation?: string;
  /**
   * For a write that failed without an answer: true when it may have been applied and reading the shadow
   * back could not tell; false when the read-back shows it was not applied. Unset for other errors.
   */
  maybeApplied?: boolean;

  constructor(kind: AwsErrorKind, message: string, details: Partial<Pick<AwsError, 'action' | 'deniedAction' | 'profile' | 'status' | 'code' | 'operation' | 'maybeApplied'>> = {}) {
    super(message);
    this.kind = kind;
    Object.assign(this, details);
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH',
  'ECONNABORTED', 'EPIPE', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET',
]);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError']);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'NotFoundException', 'NoSuchEntity', 'NoSuchEntityException']);
const CONFLICT = new Set(['ConflictException', 'VersionConflictException']);
const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded', 'LimitExceededException', 'ServiceQuotaExceededException', 'RequestThrottledException']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'ForbiddenException', 'UnauthorizedOperation', 'NotAuthorizedException']);
const CREDENTIALS = new Set([
  'ExpiredTokenException', 'ExpiredToken', 'ExpiredTokenError', 'TokenRefreshRequired', 'InvalidClientTokenId',
  'UnrecognizedClientException', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'MissingAuthenticationToken',
  'MissingAuthenticationTokenException', 'IncompleteSignature', 'IncompleteSignatureException', 'CredentialsProviderError',
  'TokenProviderError', 'InvalidGrantException', 'UnauthorizedException', 'AuthFailure',
]);
const TOO_LARGE = new Set(['RequestEntityTooLargeException', 'PayloadTooLargeException']);
const INVALID = new Set([
  'InvalidRequestException', 'ValidationException', 'BadRequestException', 'InvalidParameterException',
  'InvalidParameterValueException', 'UnsupportedDocumentEncodingException', 'MethodNotAllowedException',
  'ResourceAlreadyExistsException', 'DeleteConflictException', 'InvalidParameterCombinationException',
  'InvalidSequenceTokenException', 'DataAlreadyAcceptedException', 'ResourceInUseException',
]);

/** Removes anything that could be a credential from text shown to a user or written to a log. */
export function redact(text: string): string {
  return text
    .replace(/\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, '<access-key-id>')
    .replace(/(Credential=)[^,\s]+/gi, '$1<redacted>')
    .replace(/(Signature=)[0-9a-f]+/gi, '$1<redacted>')
    .replace(/((?:aws_)?(?:secret_access_key|session_token|secretAccessKey|sessionToken)["']?\s*[=:]\s*["']?)[^\s"',]+/gi, '$1<redacted>')
    .replace(/\b[A-Za-z0-9+/]{120,}={0,2}/g, '<redacted-token>');
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
  $fault?: unknown;
}

function asErrorLike(e: unknown): ErrorLike {
  return typeof e === 'object' && e !== null ? (e as ErrorLike) : { message: String(e) };
}

/** The network error code anywhere in the chain (`cause`, AggregateError's `errors`), if any. */
function networkCode(e: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof e !== 'object' || e === null) return undefined;
  const x = e as ErrorLike;
  if (typeof x.code === 'string' && NETWORK_CODES.has(x.code)) return x.code;
  if (typeof x.name === 'string' && NETWORK_NAMES.has(x.name)) return x.name;
  if (Array.isArray(x.errors)) for (const inner of x.errors) { const c = networkCode(inner, depth + 1); if (c) return c; }
  return networkCode(x.cause, depth + 1);
}

/**
 * Seconds waited, when `e` is the HTTP handler's timeout (no connection, no answer, or a silent socket,
 * each with its limit in milliseconds in the message).
 */
function timeoutSeconds(e: unknown): number | undefined {
  const x = asErrorLike(e);
  if (x.name !== 'TimeoutError' || typeof x.message !== 'string') return undefined;
  const ms = x.message.match(/(\d+) ?ms/)?.[1];
  return ms === undefined ? undefined : Math.round(Number(ms) / 100) / 10;
}

/** `iot:ListThings` out of "User: arn:… is not authorized to perform: iot:ListThings on resource: …". */
export function parseDeniedAction(message: string): string | undefined {
  return message.match(/not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9*]+)/i)?.[1]
    ?? message.match(/\b(?:action|perform)\s+["']?([a-z0-9-]+:[A-Z][A-Za-z0-9*]+)/)?.[1];
}

function looksLikeSso(message: string): boolean {
  return /\bsso\b|sso_session|sso session|aws sso login|identity center/i.test(message);
}

function credentialsAction(ctx: AwsErrorContext, message: string): string {
  const p = ctx.profile;
  if (ctx.sso || looksLikeSso(message)) {
    return p ? `Sign in again: run \`aws sso login --profile ${p}\`, then retry.` : 'Sign in again with `aws sso login`, then retry.';
  }
  if (p) return `Renew the credentials of profile "${p}" (e.g. \`aws configure --profile ${p}\`, or refresh its session token), then retry.`;
  return 'Provide valid AWS credentials (a profile in ~/.aws/config, or environment variables), then retry.';
}

/** Maps anything thrown by the SDK, a credential provider or the network to an AwsError. */
export function toAwsError(e: unknown, ctx: AwsErrorContext = {}): AwsError {
  if (e instanceof AwsError) {
    if (ctx.operation && !e.operation) e.operation = ctx.operation;
    return e;
  }
  const x = asErrorLike(e);
  const name = typeof x.name === 'string' ? x.name : typeof x.code === 'string' ? x.code : 'Error';
  const rawMessage = typeof x.message === 'string' && x.message ? x.message : name;
  const message = redact(rawMessage);
  const status = x.$metadata?.httpStatusCode ?? x.$response?.statusCode;
  const base = { status, code: name, profile: ctx.profile, operation: ctx.operation };
  const where = ctx.operation ? `${ctx.operation}: ` : '';

  const waited = timeoutSeconds(e);
  if (waited !== undefined && status === undefined) {
    return new AwsError('endpoint-unreachable', `${where}no answer from ${ctx.endpoint ?? 'the endpoint'} in ${waited} s`, {
      ...base, code: 'TimeoutError',
      action: 'Check the network connection (VPN, proxy) and that the endpoint is up, then retry.',
    });
  }
  const net = networkCode(e);
  if (net && status === undefined) {
    return new AwsError('endpoint-unreachable', `${where}cannot reach the endpoint (${net}): ${message}`, {
      ...base, code: net,
      action: 'Check the endpoint, region and network connection (VPN, proxy), then retry.',
    });
  }
  const deniedByMessage = /not authorized to perform/i.test(rawMessage);
  if (!deniedByMessage && (CREDENTIALS.has(name) || (status === undefined && /expired|security token included in the request is invalid|could not load credentials|unable to load credentials/i.test(rawMessage)))) {
    return new AwsError('credentials', `${where}credentials are missing, invalid or expired: ${message}`, {
      ...base, action: credentialsAction(ctx, rawMessage),
    });
  }
  if (deniedByMessage || DENIED.has(name) || status === 403) {
    const deniedAction = parseDeniedAction(rawMessage);
    return new AwsError('access-denied', `${where}access denied${deniedAction ? ` to ${deniedAction}` : ''}: ${message}`, {
      ...base, deniedAction,
      action: deniedAction
        ? `Ask for \`${deniedAction}\` to be allowed for your identity${ctx.profile ? ` (profile "${ctx.profile}")` : ''}, or use another profile.`
        : 'Ask for the needed IAM permission, or use another profile.',
    });
  }
  if (status === 401) {
    return new AwsError('credentials', `${where}credentials are missing, invalid or expired: ${message}`, {
      ...base, action: credentialsAction(ctx, rawMessage),
    });
  }
  if (NOT_FOUND.has(name) || status === 404) {
    return new AwsError('not-found', `${where}${message}`, { ...base, action: 'It may have been deleted: refresh the view.' });
  }
  if (CONFLICT.has(name) || status === 409) {
    return new AwsError('version-conflict', `${where}someone else changed it first (version conflict): ${message}`, {
      ...base, action: 'Reload the latest version, merge your change into it, and save again.',
    });
  }
  if (THROTTLED.has(name) || status === 429) {
    return new AwsError('throttled', `${where}too many requests: ${message}`, { ...base, action: 'Wait a moment and retry; load fewer items at once.' });
  }
  if (TOO_LARGE.has(name) || status === 413) {
    return new AwsError('payload-too-large', `${where}the document is too large: ${message}`, {
      ...base, action: 'Shadows hold at most 8 KB of desired + reported state: send less, or remove fields by setting them to null.',
    });
  }
  if (INVALID.has(name) || status === 400 || status === 415) {
    return new AwsError('invalid-request', `${where}${message}`, { ...base, action: 'Correct the request and retry.' });
  }
  if (net) {
    return new AwsError('endpoint-unreachable', `${where}the connection failed (${net}): ${message}`, {
      ...base, code: net, action: 'Check the endpoint, region and network connection (VPN, proxy), then retry.',
    });
  }
  return new AwsError('unknown', `${where}${message}`, { ...base });
}
