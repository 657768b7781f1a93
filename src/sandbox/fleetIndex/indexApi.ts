// Fleet indexing as the sandbox offers it: GetIndexingConfiguration, SearchIndex and GetStatistics (count) on
// the `AWS_Things` index. With indexing on, the index holds the registry (thingName, thingTypeName, thingId,
// attributes.*), the classic shadow (`shadow.reported.*`, `shadow.desired.*`) and the named shadows listed in
// NAMED_SHADOWS_INDEXED (`shadow.name.<n>.reported.*`). It is always current (AWS's index lags by seconds).
// With indexing off, the configuration says OFF and queries are refused as AWS refuses them.
import { ApiError, invalidRequest } from '../apiError';
import { isObject, type JsonObject } from '../json';
import { decodePageToken, encodePageToken } from '../pageToken';
import { json, parseJsonBody, type Router } from '../router';
import type { ShadowStore } from '../shadowStore';
import type { Thing, ThingRegistry } from '../thingRegistry';
import { matchesIndexQuery, parseIndexQuery, type FieldLookup } from './indexQuery';

export const INDEX_NAME = 'AWS_Things';
/** Named shadows in the sandbox's index (AWS indexes only the names its filter lists). */
export const NAMED_SHADOWS_INDEXED = ['operation'];
/** SearchIndex's largest page. */
export const SEARCH_MAX_RESULTS = 100;

/** The text values at a dotted path of a JSON object (arrays give each element; objects count as present). */
function valuesAt(root: JsonObject | undefined, path: string[]): string[] | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as JsonObject)[key];
  }
  if (node === undefined) return undefined;
  const text = (v: unknown): string => (v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return Array.isArray(node) ? node.map(text) : [text(node)];
}

/** How a query sees one thing; shadow fields are read only when a query asks for them. */
function fieldLookup(thing: Thing, shadows: ShadowStore): FieldLookup {
  return (field) => {
    switch (field) {
      case 'thingName': return [thing.name];
      case 'thingId': return [thing.id];
      case 'thingTypeName': return thing.typeName ? [thing.typeName] : undefined;
      case 'attributes.*': return Object.values(thing.attributes);
    }
    if (field.startsWith('attributes.')) {
      const v = Object.prototype.hasOwnProperty.call(thing.attributes, field.slice(11)) ? thing.attributes[field.slice(11)] : undefined;
      return v === undefined ? undefined : [v];
    }
    const parts = field.split('.');
    if (parts[0] !== 'shadow') return undefined;
    let shadowName = '';
    let rest = parts.slice(1);
    if (rest[0] === 'name') {
      shadowName = rest[1] ?? '';
      if (!NAMED_SHADOWS_INDEXED.includes(shadowName)) return undefined;
      rest = rest.slice(2);
    }
    const section = rest[0];
    if (section !== 'reported' && section !== 'desired') return undefined;
    return valuesAt(shadows.indexed(thing.name, shadowName)?.[section], rest.slice(1));
  };
}

/** The `shadow` text of a search result: the classic shadow and the indexed named ones, as AWS returns it. */
function shadowText(thing: Thing, shadows: ShadowStore): string | undefined {
  const doc: JsonObject = {};
  const classic = shadows.indexed(thing.name, '');
  if (classic) {
    if (classic.desired) doc.desired = classic.desired;
    if (classic.reported) doc.reported = classic.reported;
    doc.version = classic.version;
  }
  const named: JsonObject = {};
  for (const n of NAMED_SHADOWS_INDEXED) {
    const s = shadows.indexed(thing.name, n);
    if (!s) continue;
    const entry: JsonObject = { version: s.version };
    if (s.desired) entry.desired = s.desired;
    if (s.reported) entry.reported = s.reported;
    named[n] = entry;
  }
  if (Object.keys(named).length) doc.name = named;
  return Object.keys(doc).length ? JSON.stringify(doc) : undefined;
}

export function addIndexRoutes(router: Router, registry: ThingRegistry, shadows: ShadowStore, enabled: boolean): void {
  router.add('GET', '/indexing/config', () =>
    json({
      thingIndexingConfiguration: enabled
        ? {
            thingIndexingMode: 'REGISTRY_AND_SHADOW',
            thingConnectivityIndexingMode: 'OFF',
            deviceDefenderIndexingMode: 'OFF',
            namedShadowIndexingMode: 'ON',
            filter: { namedShadowNames: NAMED_SHADOWS_INDEXED },
            managedFields: [{ name: 'thingName', type: 'String' }, { name: 'thingId', type: 'String' }],
            customFields: [],
          }
        : { thingIndexingMode: 'OFF', thingConnectivityIndexingMode: 'OFF' },
      thingGroupIndexingConfiguration: { thingGroupIndexingMode: 'OFF' },
    }),
  );

  /** The request's shape first (a 400 as the SDK's serializer would get), then whether the index exists. */
  const checkIndex = (body: Record<string, unknown>) => {
    for (const [name, type] of [['indexName', 'string'], ['queryString', 'string'], ['nextToken', 'string'], ['maxResults', 'number'], ['aggregationField', 'string']] as const) {
      const v = Object.hasOwn(body, name) ? body[name] : undefined;
      if (v !== undefined && v !== null && typeof v !== type) throw invalidRequest(`1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must be of type ${type}`);
    }
    if (typeof body.queryString !== 'string') throw invalidRequest('queryString is required');
    const name = typeof body.indexName === 'string' ? body.indexName : INDEX_NAME;
    if (name !== INDEX_NAME || !enabled) throw new ApiError(404, 'ResourceNotFoundException', `Index ${name} does not exist`);
    return parseIndexQuery(body.queryString);
  };

  router.add('POST', '/indices/search', (req) => {
    const body = parseJsonBody(req);
    const query = checkIndex(body);
    const max = typeof body.maxResults === 'number' ? body.maxResults : SEARCH_MAX_RESULTS;
    if (!Number.isInteger(max) || max < 1 || max > SEARCH_MAX_RESULTS) throw invalidRequest(`maxResults must be between 1 and ${SEARCH_MAX_RESULTS}`);
    const scope = `index:${String(body.queryString)}`;
    const all = registry.allThings();
    let i = typeof body.nextToken === 'string' ? decodePageToken(body.nextToken, scope) : 0;
    const found: Thing[] = [];
    for (; i < all.length && found.length < max; i++) {
      if (matchesIndexQuery(query, fieldLookup(all[i], shadows))) found.push(all[i]);
    }
    // A full page looks ahead to the next match, so the last page carries no token (no empty "Load more").
    while (found.length === max && i < all.length && !matchesIndexQuery(query, fieldLookup(all[i], shadows))) i++;
    const nextToken = i < all.length ? encodePageToken(i, scope) : undefined;
    return json({
      things: found.map((t) => ({
        thingName: t.name,
        thingId: t.id,
        ...(t.typeName ? { thingTypeName: t.typeName } : {}),
        attributes: t.attributes,
        ...(() => { const s = shadowText(t, shadows); return s ? { shadow: s } : {}; })(),
      })),
      thingGroups: [],
      ...(nextToken ? { nextToken } : {}),
    });
  });

  router.add('POST', '/indices/statistics', (req) => {
    const body = parseJsonBody(req);
    const query = checkIndex(body);
    if (body.aggregationField !== undefined) throw invalidRequest('The sandbox counts only (no aggregationField)');
    let count = 0;
    for (const t of registry.allThings()) if (matchesIndexQuery(query, fieldLookup(t, shadows))) count++;
    return json({ statistics: { count } });
  });
}
