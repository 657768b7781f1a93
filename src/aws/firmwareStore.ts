// Firmware files on AWS: the file is uploaded to an S3 bucket the user names and a presigned GET URL is
// handed out for the device's Package URI. The S3 client is loaded on the first upload (dist/s3.js).
// The sandbox hosts its own files instead (POST /sandbox/firmware): uploadToSandbox.
import { createHash } from 'node:crypto';
import { credentialsFor, handlerOptions, normalizeEndpoint, REQUEST_TIMEOUT_MS } from './connection';
import { toAwsError } from './errors';
import type { ConnectionSpec } from './types';

/** How long a presigned URL works by default; SigV4 allows at most 7 days (temporary credentials end it sooner). */
export const DEFAULT_PRESIGN_SECONDS = 3600;
export const MAX_PRESIGN_SECONDS = 7 * 86400;
/** Where uploads go in the bucket unless the caller says otherwise. */
export const DEFAULT_KEY_PREFIX = 'lwm2m-firmware/';

export interface HostedFirmware {
  /** The URL for Package URI (a presigned S3 GET, or the sandbox's one-time URL). */
  url: string;
  /** Epoch ms after which the URL no longer works. */
  expiresAt: number;
  size: number;
  /** Hex SHA-256 of what was uploaded. */
  sha256: string;
  /** S3 only: where the object is. */
  bucket?: string;
  key?: string;
}

export interface S3UploadRequest {
  bucket: string;
  bytes: Uint8Array;
  /** The file's name (its base name is used in the key). */
  name: string;
  /** Default DEFAULT_KEY_PREFIX. */
  keyPrefix?: string;
  expiresInSeconds?: number;
}

/** The object key: prefix, the first 12 hex digits of the SHA-256 (so two builds never overwrite each other), the name. */
export function firmwareKey(name: string, sha256: string, prefix = DEFAULT_KEY_PREFIX): string {
  const base = (name.split(/[\\/]/).pop() || 'firmware.bin').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${prefix}${sha256.slice(0, 12)}-${base}`;
}

/**
 * Uploads the bytes with PutObject (sent once: no retry of a write the service may have taken) and presigns
 * a GetObject URL for them. Errors are AwsErrors naming the operation. `spec.endpoint` (moto, a test) is used
 * for S3 too, path-style.
 */
export async function uploadFirmwareToS3(spec: ConnectionSpec, req: S3UploadRequest): Promise<HostedFirmware> {
  const expiresIn = req.expiresInSeconds ?? DEFAULT_PRESIGN_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGN_SECONDS) {
    throw new RangeError(`A presigned URL lasts 1 to ${MAX_PRESIGN_SECONDS} seconds (7 days); got ${expiresIn}`);
  }
  if (!req.bucket.trim()) throw new RangeError('Name the S3 bucket for firmware files first');
  const s3 = await import('./s3Library');
  const endpoint = spec.endpoint ? normalizeEndpoint(spec.endpoint) : undefined;
  const client = new s3.S3Client({
    region: spec.region,
    credentials: credentialsFor(spec),
    maxAttempts: 1,
    requestHandler: handlerOptions(spec.requestTimeoutMs ?? REQUEST_TIMEOUT_MS),
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
  const bytes = Buffer.from(req.bytes); // the snapshot uploaded is the one hashed
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = firmwareKey(req.name, sha256, req.keyPrefix);
  const where = endpoint ? new URL(endpoint).host : `s3.${spec.region}.amazonaws.com`;
  try {
    try {
      await client.send(new s3.PutObjectCommand({ Bucket: req.bucket, Key: key, Body: bytes, ContentType: 'application/octet-stream', ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64') }));
    } catch (e) {
      throw toAwsError(e, { profile: spec.profile, operation: 'PutObject', endpoint: where });
    }
    const signedAt = Date.now();
    let url: string;
    try {
      url = await s3.getSignedUrl(client, new s3.GetObjectCommand({ Bucket: req.bucket, Key: key }), { expiresIn });
    } catch (e) {
      throw toAwsError(e, { profile: spec.profile, operation: 'GetObject (presign)', endpoint: where });
    }
    return { url, expiresAt: signedAt + expiresIn * 1000, size: bytes.length, sha256, bucket: req.bucket, key };
  } finally {
    client.destroy();
  }
}

/** Uploads to a sandbox (`POST /sandbox/firmware` at its endpoint) and returns its one-time URL for `protocol`. */
export async function uploadToSandbox(endpoint: string, bytes: Uint8Array, name: string, protocol: 'http' | 'coap', ttlSeconds?: number): Promise<HostedFirmware> {
  const base = normalizeEndpoint(endpoint);
  const q = new URLSearchParams({ name, ...(ttlSeconds !== undefined ? { ttlSeconds: String(ttlSeconds) } : {}) });
  const res = await fetch(`${base}/sandbox/firmware?${q}`, { method: 'POST', body: Buffer.from(bytes), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const body = (await res.json().catch(() => ({}))) as { message?: string; urls?: { http?: string; coap?: string }; expiresAt?: number; size?: number; sha256?: string };
  if (!res.ok) throw new Error(`The sandbox refused the firmware upload (HTTP ${res.status}): ${body.message ?? 'no reason given'}`);
  const url = body.urls?.[protocol];
  if (!url) throw new Error(`The sandbox does not serve firmware over ${protocol.toUpperCase()} now${protocol === 'coap' ? ' (its LwM2M server is off)' : ''}`);
  return { url, expiresAt: body.expiresAt ?? 0, size: body.size ?? bytes.length, sha256: body.sha256 ?? '' };
}
