// The IoT control plane (restJson1) calls the extension and its tests make: thing types, things,
// DescribeEndpoint and a small SearchIndex. Pages as AWS pages: at most 250 per page.
import { invalidRequest } from './apiError';
import { decodePageToken, encodePageToken } from './pageToken';
import { json, parseJsonBody, type ApiRequest, type Router } from './router';
import type { Thing, ThingRegistry, ThingType } from './thingRegistry';

export const MAX_PAGE = 250;

export function addIotRoutes(router: Router, registry: ThingRegistry, endpointId: string): void {
  router.add('GET', '/thing-types', (req) => {
    const filter = req.query.get('thingTypeName');
    const all = registry.listThingTypes().filter((t) => !filter || t.name === filter);
    const { items, nextToken } = page(all, req, 'types');
    return json({ thingTypes: items.map(typeDefinition), nextToken });
  });
  router.add('GET', '/thing-types/{thingTypeName}', (_req, p) => {
    const t = registry.thingType(p.thingTypeName);
    return json({ thingTypeId: t.id, ...typeDefinition(t) });
  });
  router.add('POST', '/thing-types/{thingTypeName}', (req, p) => {
    const body = parseJsonBody(req);
    const props = (body.thingTypeProperties ?? {}) as { thingTypeDescription?: string; searchableAttributes?: string[] };
    const t = registry.createThingType(p.thingTypeName, { description: props.thingTypeDescription, searchableAttributes: props.searchableAttributes });
    return json({ thingTypeName: t.name, thingTypeArn: t.arn, thingTypeId: t.id });
  });
  router.add('POST', '/thing-types/{thingTypeName}/deprecate', (req, p) => {
    const body = parseJsonBody(req);
    registry.deprecateThingType(p.thingTypeName, body.undoDeprecate === true);
    return json({});
  });
  router.add('DELETE', '/thing-types/{thingTypeName}', (_req, p) => {
    registry.deleteThingType(p.thingTypeName);
    return json({});
  });

  router.add('GET', '/things', (req) => {
    const typeName = req.query.get('thingTypeName');
    const attrName = req.query.get('attributeName');
    const attrValue = req.query.get('attributeValue');
    const prefix = req.query.get('usePrefixAttributeValue') === 'true';
    if ((attrName === null) !== (attrValue === null)) throw invalidRequest('attributeName and attributeValue must be given together');
    const match = (t: Thing): boolean => {
      if (typeName && t.typeName !== typeName) return false;
      if (attrName !== null && attrValue !== null) {
        const v = t.attributes[attrName];
        if (v === undefined || (prefix ? !v.startsWith(attrValue) : v !== attrValue)) return false;
      }
      return true;
    };
    const scope = `things:${typeName ?? ''}:${attrName ?? ''}=${attrValue ?? ''}:${prefix}`;
    const { items, nextToken } = pageFiltered(registry.allThings(), match, req, scope);
    return json({ things: items.map(thingAttribute), nextToken });
  });
  router.add('GET', '/things/{thingName}', (_req, p) => {
    const t = registry.thing(p.thingName);
    return json({ defaultClientId: t.name, thingName: t.name, thingId: t.id, thingArn: t.arn, thingTypeName: t.typeName, attributes: t.attributes, version: t.version });
  });
  router.add('POST', '/things/{thingName}', (req, p) => {
    const body = parseJsonBody(req);
    const attrs = ((body.attributePayload as { attributes?: Record<string, string> } | undefined)?.attributes ?? {}) as Record<string, string>;
    const t = registry.createThing(p.thingName, typeof body.thingTypeName === 'string' ? body.thingTypeName : undefined, attrs);
    return json({ thingName: t.name, thingArn: t.arn, thingId: t.id });
  });

  router.add('GET', '/endpoint', (req) => {
    const type = req.query.get('endpointType') ?? 'iot:Data';
    const host = type === 'iot:Data' ? `${endpointId}.iot.${registry.region}.amazonaws.com` : type === 'iot:Data-ATS' ? `${endpointId}-ats.iot.${registry.region}.amazonaws.com` : type === 'iot:CredentialProvider' ? `${endpointId}.credentials.iot.${registry.region}.amazonaws.com` : type === 'iot:Jobs' ? `${endpointId}.jobs.iot.${registry.region}.amazonaws.com` : undefined;
    if (!host) throw invalidRequest(`Endpoint type ${type} is not valid`);
    return json({ endpointAddress: host });
  });

  router.add('POST', '/indices/search', (req) => {
    const body = parseJsonBody(req);
    if (body.indexName !== undefined && body.indexName !== 'AWS_Things') throw invalidRequest(`Index ${String(body.indexName)} does not exist`);
    const query = typeof body.queryString === 'string' ? body.queryString : '';
    const match = searchMatcher(query);
    const fake = new URLSearchParams();
    if (typeof body.maxResults === 'number') fake.set('maxResults', String(Math.min(body.maxResults, 100)));
    else fake.set('maxResults', '100');
    if (typeof body.nextToken === 'string') fake.set('nextToken', body.nextToken);
    const { items, nextToken } = pageFiltered(registry.allThings(), match, { query: fake } as ApiRequest, `search:${query}`);
    return json({ things: items.map((t) => ({ thingName: t.name, thingId: t.id, thingTypeName: t.typeName, attributes: t.attributes })), thingGroups: [], nextToken });
  });
}

function typeDefinition(t: ThingType) {
  return {
    thingTypeName: t.name,
    thingTypeArn: t.arn,
    thingTypeProperties: { thingTypeDescription: t.description, searchableAttributes: t.searchableAttributes },
    thingTypeMetadata: { deprecated: t.deprecated, deprecationDate: t.deprecationDate, creationDate: t.creationDate },
  };
}

function thingAttribute(t: Thing) {
  return { thingName: t.name, thingTypeName: t.typeName, thingArn: t.arn, attributes: t.attributes, version: t.version };
}

function maxResults(req: Pick<ApiRequest, 'query'>): number {
  const raw = req.query.get('maxResults');
  if (raw === null) return MAX_PAGE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw invalidRequest(`1 validation error detected: Value '${raw}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  return Math.min(n, MAX_PAGE);
}

function page<T>(all: readonly T[], req: Pick<ApiRequest, 'query'>, scope: string): { items: T[]; nextToken?: string } {
  return pageFiltered(all, () => true, req, scope);
}

/** One page of the items that match, continuing from the token's position; the token is opaque. */
function pageFiltered<T>(all: readonly T[], match: (t: T) => boolean, req: Pick<ApiRequest, 'query'>, scope: string): { items: T[]; nextToken?: string } {
  const size = maxResults(req);
  let i = decodePageToken(req.query.get('nextToken'), scope);
  const items: T[] = [];
  while (i < all.length && items.length < size) {
    if (match(all[i])) items.push(all[i]);
    i++;
  }
  while (i < all.length && !match(all[i])) i++;
  return { items, nextToken: i < all.length ? encodePageToken(i, scope) : undefined };
}

/** Fleet-indexing query subset: `field:value` terms (value may end in `*`), joined by spaces or AND. */
function searchMatcher(query: string): (t: Thing) => boolean {
  const terms = query
    .split(/\s+(?:AND\s+)?/)
    .map((s) => s.trim())
    .filter((s) => s && s !== 'AND');
  const tests = terms.map((term) => {
    const colon = term.indexOf(':');
    const field = colon > 0 ? term.slice(0, colon) : 'thingName';
    const raw = colon > 0 ? term.slice(colon + 1) : term;
    const value = raw.replace(/^"|"$/g, '');
    const re = new RegExp(`^${value.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return (t: Thing): boolean => {
      const v = field === 'thingName' ? t.name : field === 'thingTypeName' ? t.typeName : field.startsWith('attributes.') ? t.attributes[field.slice(11)] : undefined;
      return v !== undefined && re.test(v);
    };
  });
  return (t) => tests.every((f) => f(t));
}
