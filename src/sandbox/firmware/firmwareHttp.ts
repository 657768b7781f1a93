// The firmware files over the sandbox's HTTP server: devices download at `GET /fw/<token>/<name>` (with
// Range, so a device can resume), and the extension or a CI job uploads with `POST /sandbox/firmware`
// (the raw bytes as the body; `name`, `ttlSeconds` and the device's `thing` in the query), which answers the file's
// URLs. Both
// pass the server's checks every sandbox API passes (its own Host, no web page).
import { ApiError } from '../apiError';
import { json, type ApiRequest, type ApiResponse, type Router } from '../router';
import { FirmwareRefused, FirmwareUploadError, MAX_FIRMWARE_BYTES, type FirmwareFiles } from './firmwareFiles';

export const FIRMWARE_UPLOAD_PATH = '/sandbox/firmware';
/** The upload's body limit (the server's default is lower). */
export const FIRMWARE_UPLOAD_MAX_BODY = MAX_FIRMWARE_BYTES;

export function addFirmwareRoutes(router: Router, files: FirmwareFiles): void {
  router.add('POST', FIRMWARE_UPLOAD_PATH, (req) => upload(files, req));
  router.add('GET', '/fw/{token}/{name}', (req, params) => download(files, req, params.token));
}

async function upload(files: FirmwareFiles, req: ApiRequest): Promise<ApiResponse> {
  const name = req.query.get('name') ?? 'firmware.bin';
  const ttlText = req.query.get('ttlSeconds');
  const ttl = ttlText === null ? undefined : Number(ttlText);
  // the device the URL is for: where the servers listen on every interface, the URL names its way to this machine
  const host = await files.hostFor(req.query.get('thing') ?? undefined);
  try {
    return json(files.upload(req.body, name, ttl, host), 201);
  } catch (e) {
    if (e instanceof FirmwareUploadError) throw new ApiError(e.status, e.status === 413 ? 'RequestEntityTooLargeException' : 'InvalidRequestException', e.message);
    throw e;
  }
}

function download(files: FirmwareFiles, req: ApiRequest, token: string): ApiResponse {
  let opened: ReturnType<FirmwareFiles['open']>;
  try {
    opened = files.open(req.path);
  } catch (e) {
    if (e instanceof FirmwareRefused) throw new ApiError(e.reason === 'unknown' ? 404 : 410, e.reason === 'unknown' ? 'NotFoundException' : 'GoneException', e.message);
    throw e;
  }
  const { bytes, grant } = opened;
  const range = parseRange(req.headers.range, bytes.length);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { 'content-range': `bytes */${bytes.length}`, 'content-type': 'text/plain' }, body: 'Range Not Satisfiable' };
  }
  const [start, end] = range ?? [0, bytes.length];
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'content-length': String(end - start),
    'accept-ranges': 'bytes',
    etag: `"${grant.sha256.slice(0, 16)}"`,
    'cache-control': 'no-store',
  };
  if (range) headers['content-range'] = `bytes ${start}-${end - 1}/${bytes.length}`;
  return {
    status: range ? 206 : 200,
    headers,
    // The bytes count as delivered only once they were written out in full.
    stream: (res) => {
      res.on('finish', () => files.delivered(token, start, end));
      res.end(bytes.subarray(start, end));
    },
  };
}

/** A single `bytes=a-b` / `bytes=a-` / `bytes=-n` range as [start, end); undefined for none or several. */
function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number, end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
  }
  return start >= size || end <= start ? 'unsatisfiable' : [start, end];
}
