// The local sandbox's file server as a firmware host: the bytes are uploaded once (POST /sandbox/firmware) and
// the device gets a one-time URL that expires, over CoAP (Block2) when the sandbox's LwM2M server listens,
// and over HTTP. The sandbox's own HTTP API, so nothing here imports src/sandbox.
import { FIRMWARE_PROTOCOLS, SERVED_PROTOCOLS, type FirmwareProtocol } from '../../core/firmware/delivery';
import type { FirmwareHost, HostedUrls } from './firmwareDelivery';

export const SANDBOX_FIRMWARE_UPLOAD_PATH = '/sandbox/firmware';

export function sandboxFirmwareHost(endpoint: string, ttlSeconds?: number): FirmwareHost {
  return {
    label: "the sandbox's file server",
    async host(bytes, name, signal, thing) {
      const url = new URL(SANDBOX_FIRMWARE_UPLOAD_PATH, endpoint);
      url.searchParams.set('name', name);
      // the device it is for: a sandbox listening on 0.0.0.0 names the address the device reaches it on
      if (thing !== undefined) url.searchParams.set('thing', thing);
      if (ttlSeconds !== undefined) url.searchParams.set('ttlSeconds', String(ttlSeconds));
      const res = await fetch(url, { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' }, ...(signal ? { signal } : {}) });
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!res.ok) {
        const message = typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : `HTTP ${res.status}`;
        throw new Error(message);
      }
      const given = (body as { urls?: Record<string, unknown> } | undefined)?.urls ?? {};
      const out: HostedUrls = {};
      for (const p of SERVED_PROTOCOLS.sandbox as readonly FirmwareProtocol[]) {
        const u = given[p];
        if (typeof u === 'string' && (FIRMWARE_PROTOCOLS as readonly string[]).includes(p)) out[p] = u;
      }
      return out;
    },
  };
}
