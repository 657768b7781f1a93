// The IoT data plane (restJson1): GetThingShadow, UpdateThingShadow, DeleteThingShadow and
// ListNamedShadowsForThing, over the shadow store.
import { invalidRequest } from './apiError';
import { decodePageToken, encodePageToken } from './pageToken';
import { json, type ApiResponse, type Router } from './router';
import type { ShadowStore } from './shadowStore';
import type { SimClock } from './clock';

const THING_NAME = /^[a-zA-Z0-9:_-]{1,128}$/;

export function addShadowRoutes(router: Router, shadows: ShadowStore, clock: SimClock): void {
  const thing = (params: Record<string, string>): string => {
    const name = params.thingName;
    if (!THING_NAME.test(name)) throw invalidRequest('Invalid thing name');
    return name;
  };
  const payload = (doc: unknown): ApiResponse => json(doc);

  router.add('GET', '/things/{thingName}/shadow', (req, p) => payload(shadows.get(thing(p), req.query.get('name') ?? '')));
  router.add('POST', '/things/{thingName}/shadow', (req, p) => payload(shadows.update(thing(p), req.query.get('name') ?? '', req.body)));
  router.add('DELETE', '/things/{thingName}/shadow', (req, p) => payload(shadows.delete(thing(p), req.query.get('name') ?? '')));
  router.add('GET', '/api/things/shadow/ListNamedShadowsForThing/{thingName}', (req, p) => {
    const name = thing(p);
    const pageSize = Number(req.query.get('pageSize') ?? 25);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw invalidRequest('pageSize must be between 1 and 100');
    const all = shadows.listNamed(name);
    const start = decodePageToken(req.query.get('nextToken'), `shadows:${name}`);
    const results = all.slice(start, start + pageSize);
    const body: Record<string, unknown> = { results, timestamp: clock.nowSeconds() };
    if (start + pageSize < all.length) body.nextToken = encodePageToken(start + pageSize, `shadows:${name}`);
    return json(body);
  });
}
