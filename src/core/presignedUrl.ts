// A presigned URL (S3's, or any SigV4 one) carries a bearer credential in its query until it expires: the
// signature, the access key's id with its scope, and with temporary credentials the session token. Where such a URL
// is kept or shown (the operation history, in the extension's global state), those three values are redacted; the
// device is still sent the real URL. Pure and tiny: the ui's history calls it synchronously.

/** The query parameters whose values are redacted. */
export const PRESIGNED_SECRET_PARAMS = ['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token'] as const;
/** What a redacted value reads as. */
export const REDACTED = 'REDACTED';

const SECRET = new RegExp(`([?&](?:${PRESIGNED_SECRET_PARAMS.join('|')})=)(?!${REDACTED}(?=[&#"'\\s]|$))[^&#"'\\s]*`, 'gi');

/** `text` with the signature, credential and session token of every presigned URL in it redacted. */
export function redactPresigned(text: string): string {
  return text.replace(SECRET, `$1${REDACTED}`);
}

/** Whether `text` holds a presigned URL whose secrets were redacted (so it cannot be fetched as it is). */
export function hasRedactedPresigned(text: string): boolean {
  return new RegExp(`[?&](?:${PRESIGNED_SECRET_PARAMS.join('|')})=${REDACTED}`, 'i').test(text);
}

/** A JSON-like value with every string in it redacted (a copy where anything changed; the same value otherwise). */
export function redactPresignedIn<T>(value: T): T {
  if (typeof value === 'string') return redactPresigned(value) as T;
  if (Array.isArray(value)) {
    const out = value.map((v: unknown) => redactPresignedIn(v));
    return (out.some((v, i) => v !== value[i]) ? out : value) as T;
  }
  if (typeof value === 'object' && value !== null) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = redactPresignedIn(v);
      if (out[k] !== v) changed = true;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
