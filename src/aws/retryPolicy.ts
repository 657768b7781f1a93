// Which failed requests the SDK may send again. Throttling and a connection that was never made are
// retried (adaptive mode) because the service cannot have acted on them. A request the server did not
// answer in time is never sent again: the user hears about it after one timeout, not three. And a write
// (UpdateThingShadow, DeleteThingShadow) is sent again only when it certainly never reached the service:
// a lost response or a 5xx may mean it was applied, and a device operation must not run twice. Such a
// write is resolved by reading the shadow back (shadowWrite.ts), not by repeating it.
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';

/** Connection failures that happen before a byte of the request is sent. */
export const NEVER_SENT: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function errorCode(e: unknown): string | undefined {
  for (let x = e, depth = 0; typeof x === 'object' && x !== null && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** A request or socket timeout of the HTTP handler (or a connection timeout: nothing answered in time). */
export function isTimeout(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'TimeoutError';
}

export function mayRetry(info: RetryErrorInfo, writes: boolean): boolean {
  if (isTimeout(info.error)) return false;
  if (!writes) return true;
  if (info.errorType === 'THROTTLING') return true;
  const code = errorCode(info.error);
  return code !== undefined && NEVER_SENT.has(code);
}

export class GuardedRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'adaptive';
  private readonly inner: AdaptiveRetryStrategy;

  /** `writes`: the client sends requests that change state (see above). */
  constructor(readonly maxAttempts: number, private readonly writes: boolean) {
    this.inner = new AdaptiveRetryStrategy(maxAttempts);
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    // Refusing is throwing: the SDK then throws the request's own error.
    if (!mayRetry(info, this.writes)) return Promise.reject(info.error ?? new Error('not retried'));
    return this.inner.refreshRetryTokenForRetry(token as StandardRetryToken, info);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token as StandardRetryToken);
  }
}
