// LwM2M paths as the codecs take and give them: '/', '/o', '/o/i', '/o/i/r' or '/o/i/r/ri', each ID a decimal
// 0..65535 without leading zeros.
import { CodecError, quoted } from './codecError';

export const MAX_ID = 65535;

/** The IDs of a path, or undefined when it is not an LwM2M path. */
export function pathIds(path: string): number[] | undefined {
  if (path === '/') return [];
  if (path.length > 24 || !path.startsWith('/')) return undefined;
  const ids: number[] = [];
  for (const seg of path.slice(1).split('/')) {
    if (!/^(0|[1-9]\d{0,4})$/.test(seg)) return undefined;
    const n = Number(seg);
    if (n > MAX_ID) return undefined;
    ids.push(n);
  }
  return ids.length <= 4 ? ids : undefined;
}

export function idsPath(ids: readonly number[]): string {
  return ids.length === 0 ? '/' : '/' + ids.join('/');
}

/** The request path's IDs; a malformed request path is the caller's mistake, still reported as a CodecError. */
export function requestIds(format: number, requestPath: string): number[] {
  const ids = pathIds(requestPath);
  if (!ids) throw new CodecError(format, `request path ${quoted(requestPath)} is not an LwM2M path (/object/instance/resource/instance)`);
  return ids;
}

/** Whether `ids` lies at or below the request path `base`. */
export function isUnder(ids: readonly number[], base: readonly number[]): boolean {
  return ids.length >= base.length && base.every((id, i) => ids[i] === id);
}

/** The resource path '/o/i/r' of a resource or resource instance path. */
export function resourcePathOf(ids: readonly number[]): string {
  return idsPath(ids.slice(0, 3));
}

/**
 * A record path a payload names: it must be a resource or resource instance ('/o/i/r' or '/o/i/r/ri') at or below
 * the request path, else the payload claims values the request never asked for.
 */
export function checkRecordPath(format: number, path: string, base: readonly number[], where: string): number[] {
  const ids = pathIds(path);
  if (!ids) throw new CodecError(format, `${where} names ${quoted(path)}, which is not an LwM2M path`);
  if (ids.length < 3) throw new CodecError(format, `${where} names ${path}, an object or instance, where a resource value belongs`);
  if (!isUnder(ids, base)) throw new CodecError(format, `${where} names ${path}, outside the requested ${idsPath(base)}`);
  return ids;
}
