// The sandbox's one HTTP server: IoT control plane and IoT data plane routed by method + path
// (restJson1), CloudWatch Logs by X-Amz-Target (awsJson1_1). All three SDK clients share its URL.
// Signatures are accepted and not checked. Only the SDK's kind of caller is served: a request must name
// the sandbox's own address in its Host header (a page whose domain was re-pointed at 127.0.0.1 names its
// own), and a request a browser sends for a web page (it carries Origin or Sec-Fetch-Site) is refused.
import * as http from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { ApiError } from './apiError';
import { json, type ApiRequest, type ApiResponse, type Router } from './router';

/** Handles `X-Amz-Target: <prefix>.<Operation>` requests (awsJson1_1). */
export type TargetHandler = (operation: string, req: ApiRequest) => ApiResponse | Promise<ApiResponse>;

/** Takes over an HTTP upgrade (WebSocket) request; returns false when the path is not its own. */
export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export interface ServerParts {
  router: Router;
  targets: Record<string, TargetHandler>;
  /** WebSocket endpoints (MQTT at /mqtt); other upgrades are answered 404. */
  upgrade?: UpgradeHandler;
  /** Paths whose requests may carry a larger body than MAX_BODY (firmware uploads), by path. */
  bodyLimits?: Record<string, number>;
}

/** Largest request body read (AWS's own limits are lower per API; they answer 413 past them). */
const MAX_BODY = 2 * 1024 * 1024;

export class SandboxServer {
  private readonly server: http.Server;
  private readonly openStreams = new Set<http.ServerResponse>();
  /** Host header values this server answers (lower case, with the port); set by listen(). */
  private hosts = new Set<string>();
  private anyIpLiteral = false;
  private port = 0;

  constructor(private readonly parts: ServerParts) {
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.server.keepAliveTimeout = 5000;
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const refused = this.refusal(req, undefined);
      if (refused) {
        const body = JSON.stringify({ message: refused.message });
        socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
        return;
      }
      if (this.parts.upgrade?.(req, socket, head)) return;
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const actual = (this.server.address() as AddressInfo).port;
        const names = ['localhost', '127.0.0.1', '[::1]'];
        const wildcard = host === '0.0.0.0' || host === '::' || host === '';
        if (!wildcard) names.push(isIP(host) === 6 ? `[${host}]` : host);
        this.hosts = new Set(names.map((n) => `${n.toLowerCase()}:${actual}`));
        // Bound to every interface: any address literal names this machine; a domain name still does not.
        this.anyIpLiteral = wildcard;
        this.port = actual;
        resolve(actual);
      });
    });
  }

  async close(): Promise<void> {
    for (const res of this.openStreams) res.end();
    this.openStreams.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const target = headerValue(req.headers['x-amz-target']);
    try {
      await this.answer(req, res, requestId, target);
    } catch (e) {
      // Whatever a request does, the server answers and lives on.
      const err = new ApiError(400, target ? 'SerializationException' : 'BadRequestException', e instanceof Error ? e.message : String(e));
      if (!res.headersSent) this.send(res, requestId, target ? jsonRpcError(err) : restError(err, '/'));
      else res.destroy();
    }
  }

  /** Host is this server's own address and the caller is not a web page; undefined when so. */
  private refusal(req: http.IncomingMessage, target: string | undefined): ApiError | undefined {
    const type = target ? 'AccessDeniedException' : 'ForbiddenException';
    const host = (req.headers.host ?? '').toLowerCase();
    const suffix = `:${this.port}`;
    const literal = host.endsWith(suffix) && isIP(host.slice(0, -suffix.length).replace(/^\[(.*)\]$/, '$1')) !== 0;
    if (!this.hosts.has(host) && !(this.anyIpLiteral && literal)) {
      return new ApiError(403, type, `Host ${JSON.stringify(req.headers.host ?? '')} is not this sandbox's address; send requests to 127.0.0.1${suffix}`);
    }
    if (req.headers.origin !== undefined || (req.headers['sec-fetch-site'] !== undefined && req.headers['sec-fetch-site'] !== 'none')) {
      return new ApiError(403, type, 'The sandbox does not answer requests made by web pages');
    }
    return undefined;
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse, requestId: string, target: string | undefined): Promise<void> {
    const refused = this.refusal(req, target);
    if (refused) {
      req.resume();
      this.send(res, requestId, target ? jsonRpcError(refused) : restError(refused, '/'));
      return;
    }
    let body: Buffer;
    try {
      const path = (req.url ?? '/').split('?')[0];
      body = await readBody(req, (this.parts.bodyLimits && Object.hasOwn(this.parts.bodyLimits, path) ? this.parts.bodyLimits[path] : undefined) ?? MAX_BODY);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(400, 'BadRequestException', String(e));
      this.send(res, requestId, target ? jsonRpcError(err) : restError(err, req.url ?? '/'));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const apiReq: ApiRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, requestId };
    let response: ApiResponse;
    try {
      response = target ? await this.dispatchTarget(target, apiReq) : await this.dispatchRest(apiReq);
    } catch (e) {
      const err = e instanceof ApiError ? e : e instanceof SyntaxError ? new ApiError(400, target ? 'SerializationException' : 'InvalidRequestException', e.message) : internal(e);
      response = target ? jsonRpcError(err) : restError(err, apiReq.path);
    }
    this.send(res, requestId, response);
  }

  private dispatchTarget(target: string, req: ApiRequest): ApiResponse | Promise<ApiResponse> {
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, Math.max(dot, 0));
    const handler = dot > 0 && Object.hasOwn(this.parts.targets, prefix) ? this.parts.targets[prefix] : undefined;
    if (!handler) throw new ApiError(400, 'UnknownOperationException', `Unknown operation ${target}`);
    return handler(target.slice(dot + 1), req);
  }

  private dispatchRest(req: ApiRequest): ApiResponse | Promise<ApiResponse> {
    const m = this.parts.router.match(req.method, req.path);
    if (!m) throw new ApiError(404, 'UnknownOperationException', `No operation for ${req.method} ${req.path}`);
    return m.handler(req, m.params);
  }

  private send(res: http.ServerResponse, requestId: string, r: ApiResponse): void {
    const headers: Record<string, string> = { 'x-amzn-RequestId': requestId, ...(r.headers ?? {}) };
    if (r.stream) {
      res.writeHead(r.status ?? 200, headers);
      this.openStreams.add(res);
      res.on('close', () => this.openStreams.delete(res));
      r.stream(res);
      return;
    }
    const body = r.body ?? '';
    headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(r.status ?? 200, headers);
    res.end(body);
  }
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new ApiError(413, 'RequestEntityTooLargeException', 'The payload exceeds the maximum size allowed'));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function internal(e: unknown): ApiError {
  return new ApiError(500, 'InternalFailureException', e instanceof Error ? e.message : String(e));
}

/** Data-plane (shadow) paths answer errors as `{"code": 404, "message": ...}`, the rest as `{"message": ...}`. */
function restError(err: ApiError, path: string): ApiResponse {
  const shadowPath = /^\/things\/[^/]+\/shadow$/.test(path) || path.startsWith('/api/things/shadow/');
  const body = shadowPath ? { code: err.status, message: err.message } : { message: err.message };
  const r = json(body, err.status);
  r.headers!['x-amzn-ErrorType'] = err.type;
  return r;
}

function jsonRpcError(err: ApiError): ApiResponse {
  const r = json({ __type: err.type, message: err.message }, err.status, 'application/x-amz-json-1.1');
  r.headers!['x-amzn-ErrorType'] = err.type;
  return r;
}
