// Routes a request by method and path template (`/things/{thingName}/shadow`), the way the AWS
// restJson1 protocol binds operations to URLs. Path parameters are URL-decoded.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { parseJsonText } from './json';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
}

export interface ApiResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Takes over the response (event streams): the server writes the head, the stream writes the rest. */
  stream?: (res: ServerResponse) => void;
}

export type Handler = (req: ApiRequest, params: Record<string, string>) => ApiResponse | Promise<ApiResponse>;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    this.routes.push({ method, segments: template.split('/').filter(Boolean), handler });
    return this;
  }

  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    const raw = path.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== raw.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < raw.length && ok; i++) {
        const seg = route.segments[i];
        if (seg.startsWith('{') && seg.endsWith('}')) {
          try {
            params[seg.slice(1, -1)] = decodeURIComponent(raw[i]);
          } catch {
            ok = false;
          }
        } else if (seg !== raw[i]) {
          ok = false;
        }
      }
      if (ok) return { handler: route.handler, params };
    }
    return undefined;
  }
}

/** A JSON response body with the content type restJson1 and awsJson1_1 clients expect. */
export function json(body: unknown, status = 200, contentType = 'application/json'): ApiResponse {
  return { status, headers: { 'content-type': contentType }, body: JSON.stringify(body) };
}

/** The body as a JSON object; anything else (an array, a scalar, too deep) is a SyntaxError, answered 400. */
export function parseJsonBody(req: ApiRequest): Record<string, unknown> {
  if (!req.body.length) return {};
  const v = parseJsonText(req.body.toString('utf8'));
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new SyntaxError('the request body must be a JSON object');
  return v as Record<string, unknown>;
}
