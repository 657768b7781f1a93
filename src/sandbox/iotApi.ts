// The IoT control plane (restJson1) calls the extension and its tests make: thing types, things,
// DescribeEndpoint (fleet indexing: fleetIndex/indexApi.ts). Pages as AWS pages: at most 250 per page.
import { ApiError, invalidRequest } from './apiError';
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
    const props = field(body, 'thingTypeProperties', 'object') ?? {};
    const description = field(props, 'thingTypeDescription', 'string', 'thingTypeProperties.');
    const searchable = field(props, 'searchableAttributes', 'array', 'thingTypeProperties.');
    if (searchable?.some((a) => typeof a !== 'string')) throw serialization('thingTypeProperties.searchableAttributes must be a list of strings');
    const t = registry.createThingType(p.thingTypeName, { description, searchableAttributes: searchable as string[] | undefined });
    return json({ thingTypeName: t.name, thingTypeArn: t.arn, thingTypeId: t.id });
  });
  router.add('POST', '/thing-types/{thingTypeName}/deprecate', (req, p) => {
    const body = parseJsonBody(req);
    registry.deprecateThingType(p.thingTypeName, field(body, 'undoDeprecate', 'boolean') === true);
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
        const v = Object.hasOwn(t.attributes, attrName) ? t.attributes[attrName] : undefined;
        if (typeof v !== 'string' || (prefix ? !v.startsWith(attrValue) : v !== attrValue)) return false;
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
    const attrs = thingAttributes(field(field(body, 'attributePayload', 'object') ?? {}, 'attributes', 'object', 'attributePayload.') ?? {});
    const t = registry.createThing(p.thingName, field(body, 'thingTypeName', 'string'), attrs);
    return json({ thingName: t.name, thingArn: t.arn, thingId: t.id });
  });

  router.add('GET', '/endpoint', (req) => {
    const type = req.query.get('endpointType') ?? 'iot:Data';
    const host = type === 'iot:Data' ? `${endpointId}.iot.${registry.region}.amazonaws.com` : type === 'iot:Data-ATS' ? `${endpointId}-ats.iot.${registry.region}.amazonaws.com` : type === 'iot:CredentialProvider' ? `${endpointId}.credentials.iot.${registry.region}.amazonaws.com` : type === 'iot:Jobs' ? `${endpointId}.jobs.iot.${registry.region}.amazonaws.com` : undefined;
    if (!host) throw invalidRequest(`Endpoint type ${type} is not valid`);
    return json({ endpointAddress: host });
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

type FieldType = { string: string; number: number; boolean: boolean; object: Record<string, unknown>; array: unknown[] };

const serialization = (message: string) => new ApiError(400, 'InvalidRequestException', message);

/** A body member of the given JSON type, or undefined when absent or null; another type is a 400. */
function field<K extends keyof FieldType>(body: Record<string, unknown>, name: string, type: K, prefix = ''): FieldType[K] | undefined {
  const v = Object.hasOwn(body, name) ? body[name] : undefined;
  if (v === undefined || v === null) return undefined;
  const actual = Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v;
  if (actual !== type) throw serialization(`1 validation error detected: Value at '${prefix}${name}' failed to satisfy constraint: Member must be of type ${type}`);
  return v as FieldType[K];
}

/** AWS IoT: at most 50 attributes, names up to 128 and values up to 800 characters, all strings. */
function thingAttributes(raw: Record<string, unknown>): Record<string, string> {
  const names = Object.keys(raw);
  if (names.length > 50) throw invalidRequest('A thing can have at most 50 attributes');
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = raw[name];
    if (typeof v !== 'string') throw serialization(`1 validation error detected: Value at 'attributePayload.attributes.${name.slice(0, 128)}' failed to satisfy constraint: Member must be of type string`);
    if (!name || name.length > 128 || v.length > 800) throw invalidRequest('Attribute names are 1 to 128 characters and values at most 800');
    Object.defineProperty(out, name, { value: v, writable: true, enumerable: true, configurable: true });
  }
  return out;
}
