// Opaque paging tokens (`nextToken`) as AWS hands them out: the client passes them back unchanged.
import { ApiError } from './apiError';

export function encodePageToken(offset: number, scope = ''): string {
  return Buffer.from(JSON.stringify({ o: offset, s: scope })).toString('base64url');
}

/** The offset a token stands for; `errorType` is what the API answers for a token it did not issue. */
export function decodePageToken(token: string | null | undefined, scope = '', errorType = 'InvalidRequestException'): number {
  if (!token) return 0;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && v.s === scope) return v.o;
  } catch {
    // fall through
  }
  throw new ApiError(400, errorType, 'The specified nextToken is invalid.');
}
