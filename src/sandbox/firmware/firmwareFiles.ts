// The sandbox's firmware files: bytes uploaded once (a snapshot — what was uploaded is what is served, whatever
// happens to the file on disk afterwards), each handed out at one-time URLs that expire. A URL carries an
// unguessable token in its path; it serves one complete download (any number of requests — block-wise CoAP
// asks block by block, and a device may resume — until every byte went out once, the last one last), then it is
// refused, as it is once it expires or for a token never handed out. Memory is bounded: files are dropped once
// no URL can fetch them, and uploads past the total are refused.
import { hostOf, isWildcardHost, reachable } from '../lwm2m/localAddress';
import { createHash, randomBytes } from 'node:crypto';
import type { SimClock } from '../clock';

/** Largest file accepted. */
export const MAX_FIRMWARE_BYTES = 32 * 1024 * 1024;
/** Largest total of files kept at once. */
export const MAX_FIRMWARE_TOTAL_BYTES = 128 * 1024 * 1024;
/** How long a URL works unless the caller says otherwise (a queue-mode device may take a while to wake). */
export const DEFAULT_URL_TTL_S = 3600;
export const MAX_URL_TTL_S = 7 * 86400;
/** The path every firmware URL starts with, on HTTP and on CoAP. */
export const FIRMWARE_PATH = '/fw/';

export interface StoredFirmware {
  id: string;
  name: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  uploadedAt: number;
}

export interface FirmwareGrant {
  token: string;
  fileId: string;
  name: string;
  size: number;
  sha256: string;
  /** Epoch ms. */
  expiresAt: number;
  /** The URL path, `/fw/<token>/<name>` (the same on HTTP and CoAP). */
  path: string;
  urls: { http?: string; coap?: string };
}

export type Refusal = 'unknown' | 'expired' | 'used';

export class FirmwareRefused extends Error {
  constructor(readonly reason: Refusal) {
    super(reason === 'unknown' ? 'no such firmware URL' : reason === 'expired' ? 'this firmware URL has expired' : 'this firmware URL has already served its download');
    this.name = 'FirmwareRefused';
  }
}

/** Bad input to an upload or a grant (too big, no room, a bad name or TTL): the message says what to do. */
export class FirmwareUploadError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'FirmwareUploadError';
  }
}

interface File extends StoredFirmware {
  bytes: Buffer;
}

interface Grant {
  token: string;
  file: File;
  expiresAt: number;
  used: boolean;
  /** Bytes delivered, as non-overlapping ranges merged: complete once they cover the file. */
  delivered: [number, number][];
  /** The address the URLs name when a server listens on every interface (the device's way to this machine). */
  host?: string;
}

/** Where the URLs point (set when the servers listen; CoAP only when the sandbox's LwM2M server runs). */
export interface FirmwareBases {
  http?: string;
  coap?: string;
}

/** A safe file name for a URL path: the base name, with anything but letters, digits and `._-=+~` turned into `_`. */
export function urlSafeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  if (/^\.*$/.test(base)) return 'firmware.bin';
  const safe = base.replace(/[^A-Za-z0-9._\-=+~]/g, '_').replace(/^\.+/, '_').slice(0, 80);
  return safe || 'firmware.bin';
}

export class FirmwareFiles {
  private readonly files = new Map<string, File>();
  private readonly grants = new Map<string, Grant>();
  private total = 0;
  bases: FirmwareBases = {};
  /**
   * The address of this machine a device (by thing name) reaches it on, for URLs whose base names 0.0.0.0 or ::
   * (set when the sandbox's LwM2M server runs: a real device's registration tells); undefined: loopback.
   */
  addressFor?: (thing: string) => Promise<string | undefined>;

  constructor(private readonly clock: Pick<SimClock, 'now'>) {}

  /** Keeps a copy of `bytes` (later changes to the caller's buffer or file change nothing here); upload() grants its URL at once. */
  private put(bytes: Uint8Array, name: string): StoredFirmware {
    this.sweep();
    if (bytes.length === 0) throw new FirmwareUploadError(400, 'The firmware file is empty.');
    if (bytes.length > MAX_FIRMWARE_BYTES) throw new FirmwareUploadError(413, `The firmware file is ${bytes.length} bytes; the sandbox serves files up to ${MAX_FIRMWARE_BYTES} bytes.`);
    if (this.total + bytes.length > MAX_FIRMWARE_TOTAL_BYTES) {
      throw new FirmwareUploadError(507, `The sandbox holds ${this.total} bytes of firmware already (at most ${MAX_FIRMWARE_TOTAL_BYTES}); wait for earlier URLs to expire or restart the sandbox.`);
    }
    const copy = Buffer.from(bytes); // a copy, not a view
    const file: File = {
      id: randomBytes(9).toString('base64url'),
      name: urlSafeName(name),
      size: copy.length,
      sha256: createHash('sha256').update(copy).digest('hex'),
      uploadedAt: this.clock.now(),
      bytes: copy,
    };
    this.files.set(file.id, file);
    this.total += file.size;
    return info(file);
  }

  /** Another one-time URL for a file whose earlier URL still works (e.g. for a second device). */
  grant(fileId: string, ttlSeconds: number = DEFAULT_URL_TTL_S, host?: string): FirmwareGrant {
    const file = this.files.get(fileId);
    if (!file) throw new FirmwareUploadError(404, `No firmware file ${fileId} in this sandbox (files are dropped once their URLs expire).`);
    if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > MAX_URL_TTL_S) {
      throw new FirmwareUploadError(400, `The URL lifetime must be between 1 and ${MAX_URL_TTL_S} seconds (got ${ttlSeconds}).`);
    }
    const token = randomBytes(16).toString('base64url');
    const g: Grant = { token, file, expiresAt: this.clock.now() + Math.round(ttlSeconds * 1000), used: false, delivered: [], ...(host ? { host } : {}) };
    this.grants.set(token, g);
    return this.describe(g);
  }

  /** Stores the bytes and hands out their first URL (naming `host` where a base names every interface). */
  upload(bytes: Uint8Array, name: string, ttlSeconds?: number, host?: string): FirmwareGrant {
    const stored = this.put(bytes, name);
    return this.grant(stored.id, ttlSeconds, host);
  }

  /** The address a grant for `thing` names where a base names every interface (see addressFor). */
  async hostFor(thing: string | undefined): Promise<string | undefined> {
    if (thing === undefined || !this.addressFor || !Object.values(this.bases).some((b) => b !== undefined && isWildcardHost(hostOf(b)))) return undefined;
    return this.addressFor(thing).catch(() => undefined);
  }

  /**
   * The file a URL path (`/fw/<token>/<name>`; the name is not checked) may serve now; throws FirmwareRefused.
   * Does not count anything as delivered: call delivered() with what was sent.
   */
  open(path: string): { bytes: Buffer; grant: FirmwareGrant } {
    const token = tokenOf(path);
    const g = token !== undefined ? this.grants.get(token) : undefined;
    if (!g) throw new FirmwareRefused('unknown');
    if (g.used) throw new FirmwareRefused('used');
    if (this.clock.now() >= g.expiresAt) throw new FirmwareRefused('expired');
    return { bytes: g.file.bytes, grant: this.describe(g) };
  }

  /** The token of a URL path that can serve now (known, not used up, not expired), else undefined; changes nothing. */
  servable(path: string): string | undefined {
    const token = tokenOf(path);
    const g = token !== undefined ? this.grants.get(token) : undefined;
    return g && !g.used && this.clock.now() < g.expiresAt ? token : undefined;
  }

  /** Records that bytes [start, end) of the URL's file were sent; the URL is used up once all were, ending with the last. */
  delivered(token: string, start: number, end: number): void {
    const g = this.grants.get(token);
    if (!g || g.used || end <= start) return;
    g.delivered = mergeRange(g.delivered, [Math.max(0, start), Math.min(end, g.file.size)]);
    // Used up when the end of the file goes out and every byte before it went out at least once: a device that
    // asks for the last block first (to learn the size) and then downloads from the start still gets it.
    if (end >= g.file.size && g.delivered.length === 1 && g.delivered[0][0] === 0 && g.delivered[0][1] >= g.file.size) {
      g.used = true;
      this.sweep();
    }
  }

  /** Stored files and the bytes they take (tests, and the memory bound). */
  get stored(): { files: number; bytes: number } {
    this.sweep();
    return { files: this.files.size, bytes: this.total };
  }

  private describe(g: Grant): FirmwareGrant {
    const path = `${FIRMWARE_PATH}${g.token}/${g.file.name}`;
    const urls: FirmwareGrant['urls'] = {};
    if (this.bases.http) urls.http = reachable(this.bases.http, g.host) + path;
    if (this.bases.coap) urls.coap = reachable(this.bases.coap, g.host) + path;
    return { token: g.token, fileId: g.file.id, name: g.file.name, size: g.file.size, sha256: g.file.sha256, expiresAt: g.expiresAt, path, urls };
  }

  /** Forgets grants that can serve nothing more (kept a while, so a late request is told "used"/"expired") and files no grant can serve. */
  private sweep(): void {
    const now = this.clock.now();
    const live = new Set<string>();
    for (const [token, g] of this.grants) {
      const dead = g.used || now >= g.expiresAt;
      if (dead && now >= g.expiresAt + 3600_000) this.grants.delete(token);
      else if (!dead) live.add(g.file.id);
    }
    for (const [id, f] of this.files) {
      if (!live.has(id)) {
        this.files.delete(id);
        this.total -= f.size;
      }
    }
  }
}

function info(f: File): StoredFirmware {
  return { id: f.id, name: f.name, size: f.size, sha256: f.sha256, uploadedAt: f.uploadedAt };
}

/** The token of a firmware URL path, or undefined when the path is not one. */
export function tokenOf(path: string): string | undefined {
  if (!path.startsWith(FIRMWARE_PATH)) return undefined;
  const token = path.slice(FIRMWARE_PATH.length).split('/')[0];
  return /^[A-Za-z0-9_-]{16,64}$/.test(token) ? token : undefined;
}

function mergeRange(ranges: [number, number][], r: [number, number]): [number, number][] {
  const all = [...ranges, r].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const x of all) {
    const last = out[out.length - 1];
    if (last && x[0] <= last[1]) last[1] = Math.max(last[1], x[1]);
    else out.push([x[0], x[1]]);
  }
  return out;
}
