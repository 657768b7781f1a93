// Thing types and things, one page at a time (ListThingTypes / ListThings with maxResults + nextToken).
//
// Filters ListThings does not have — things without a type, a thing-name substring — are applied here
// while paging through ListThings in pages of 250 (the API maximum). Cost: one ListThings call per 250
// things scanned; one page of results scans at most SCAN_BUDGET_CALLS calls (10,000 things) and then
// returns what it found with a token to continue, so a "Load more" never stalls the UI.
// Where the account has fleet indexing on (fleetIndexing.ts, read once per session), SearchIndex answers
// the same listings in one call per page instead, and with the classic shadow indexed it also lists things
// of a type, so each row gets its connectivity in that same call.
import {
  DeleteThingTypeCommand,
  DeprecateThingTypeCommand,
  DescribeThingCommand,
  ListThingTypesCommand,
  ListThingsCommand,
  type ThingAttribute,
} from '@aws-sdk/client-iot';
import { thingsQuery, thingTypeCountQuery } from '../core/fleetQuery';
import type { Connection } from './connection';
import { countThings, isIndexToken, readIndexingInfo, searchThings } from './fleetIndexing';
import { AwsError } from './errors';
import type { FleetApi, IndexingInfo, Page, PageRequest, ThingListRequest, ThingSummary, ThingTypeSummary } from './types';

/** ListThings' largest page. */
export const LIST_THINGS_MAX = 250;
/** ListThings calls one filtered page may make before it returns what it has. */
export const SCAN_BUDGET_CALLS = 40;

/** The position of a filtered scan: the underlying page's token and how many of its things were consumed. */
interface ScanToken { t?: string; k: number }

function encodeScanToken(token: ScanToken): string {
  return 'scan:' + Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeScanToken(token: string | undefined): ScanToken {
  if (!token) return { k: 0 };
  if (!token.startsWith('scan:')) throw new AwsError('invalid-request', 'This page token belongs to another listing: start the list again.');
  try {
    const parsed = JSON.parse(Buffer.from(token.slice(5), 'base64url').toString('utf8')) as ScanToken;
    return { t: typeof parsed.t === 'string' ? parsed.t : undefined, k: Number(parsed.k) || 0 };
  } catch {
    throw new AwsError('invalid-request', 'Malformed page token: start the list again.');
  }
}

function checkMaxResults(maxResults: number, max: number): number {
  if (!Number.isInteger(maxResults) || maxResults < 1) throw new AwsError('invalid-request', `maxResults must be a positive integer (got ${maxResults})`);
  return Math.min(maxResults, max);
}

export function toThingSummary(t: ThingAttribute | { thingName?: string; thingTypeName?: string; attributes?: Record<string, string>; version?: number }): ThingSummary {
  return {
    name: t.thingName ?? '',
    ...(t.thingTypeName ? { thingTypeName: t.thingTypeName } : {}),
    attributes: { ...(t.attributes ?? {}) },
    ...(t.version !== undefined ? { version: t.version } : {}),
  };
}

export function createFleet(conn: Connection): FleetApi {
  let indexingInfo: Promise<IndexingInfo> | undefined;
  const indexing = (): Promise<IndexingInfo> => {
    if (!indexingInfo) {
      const read = readIndexingInfo(conn);
      indexingInfo = read;
      // A failure other than "off" or "denied" (e.g. the network) is not remembered: the next listing asks again.
      void read.then((info) => { if (!info.available && info.reason === 'error' && indexingInfo === read) indexingInfo = undefined; });
    }
    return indexingInfo;
  };

  /** The index's answer to a listing, or undefined where the scan (or plain ListThings) should answer. */
  async function listThingsIndexed(req: ThingListRequest, maxResults: number): Promise<Page<ThingSummary> | undefined> {
    if (req.nextToken !== undefined && !isIndexToken(req.nextToken)) return undefined; // a listing keeps its way of paging
    const info = await indexing();
    if (!info.available) return undefined;
    const filtered = !!req.nameFilter?.trim() || !!req.withoutType;
    if (!filtered && !info.classicShadow) return undefined; // ListThings pages these as well, 250 at a time
    const q = thingsQuery({ thingTypeName: req.thingTypeName, withoutType: req.withoutType, nameFilter: req.nameFilter });
    if (q.kind === 'none') return { items: [] };
    if (q.kind === 'unsupported') return undefined;
    return searchThings(conn, q.queryString, maxResults, req.nextToken, info.classicShadow);
  }
  async function listThingTypes(req: PageRequest): Promise<Page<ThingTypeSummary>> {
    const maxResults = checkMaxResults(req.maxResults, LIST_THINGS_MAX);
    return conn.call('ListThingTypes', async () => {
      const out = await conn.iot.send(new ListThingTypesCommand({ maxResults, nextToken: req.nextToken }));
      const items = (out.thingTypes ?? []).map((t): ThingTypeSummary => ({
        name: t.thingTypeName ?? '',
        deprecated: t.thingTypeMetadata?.deprecated === true,
        ...(t.thingTypeMetadata?.deprecationDate ? { deprecationDate: t.thingTypeMetadata.deprecationDate } : {}),
        ...(t.thingTypeMetadata?.creationDate ? { creationDate: t.thingTypeMetadata.creationDate } : {}),
        ...(t.thingTypeProperties?.thingTypeDescription ? { description: t.thingTypeProperties.thingTypeDescription } : {}),
      }));
      return { items, ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
    });
  }

  async function listThingsPage(maxResults: number, nextToken: string | undefined, thingTypeName: string | undefined) {
    const out = await conn.iot.send(new ListThingsCommand({ maxResults, nextToken, ...(thingTypeName ? { thingTypeName } : {}) }));
    return { things: (out.things ?? []).map(toThingSummary), nextToken: out.nextToken || undefined };
  }

  async function listThings(req: ThingListRequest): Promise<Page<ThingSummary>> {
    const maxResults = checkMaxResults(req.maxResults, LIST_THINGS_MAX);
    if (req.withoutType && req.thingTypeName) throw new AwsError('invalid-request', 'A listing cannot be both of a type and without a type.');
    const indexed = await listThingsIndexed(req, maxResults);
    if (indexed) return indexed;
    const needle = req.nameFilter?.trim().toLowerCase();
    if (!req.withoutType && !needle) {
      return conn.call('ListThings', async () => {
        const page = await listThingsPage(maxResults, req.nextToken, req.thingTypeName);
        return { items: page.things, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
      });
    }
    const matches = (t: ThingSummary) =>
      (!req.withoutType || !t.thingTypeName) && (!needle || t.name.toLowerCase().includes(needle));
    return conn.call('ListThings', async () => {
      let pos = decodeScanToken(req.nextToken);
      const items: ThingSummary[] = [];
      for (let calls = 0; calls < SCAN_BUDGET_CALLS; calls++) {
        if (req.signal?.aborted) return { items, nextToken: encodeScanToken(pos) };
        const page = await listThingsPage(LIST_THINGS_MAX, pos.t, req.thingTypeName);
        for (let i = pos.k; i < page.things.length; i++) {
          if (!matches(page.things[i])) continue;
          items.push(page.things[i]);
          if (items.length === maxResults) {
            // Resume right after this thing: within this underlying page, or at the next one.
            const next: ScanToken | undefined = i + 1 < page.things.length ? { t: pos.t, k: i + 1 } : page.nextToken ? { t: page.nextToken, k: 0 } : undefined;
            return { items, ...(next ? { nextToken: encodeScanToken(next) } : {}) };
          }
        }
        if (!page.nextToken) return { items };
        pos = { t: page.nextToken, k: 0 };
      }
      return { items, nextToken: encodeScanToken(pos) };
    });
  }

  return {
    listThingTypes,
    listThings,
    indexing,
    countThingsOfType: async (thingTypeName) => {
      const info = await indexing();
      const q = thingTypeCountQuery(thingTypeName);
      return info.available && q ? countThings(conn, q) : undefined;
    },
    describeThing: (thingName) =>
      conn.call('DescribeThing', async () => toThingSummary(await conn.iot.send(new DescribeThingCommand({ thingName })))),
    deprecateThingType: (name, undo = false) =>
      conn.call(undo ? 'UndeprecateThingType' : 'DeprecateThingType', async () => {
        await conn.iot.send(new DeprecateThingTypeCommand({ thingTypeName: name, undoDeprecate: undo }));
      }),
    deleteThingType: (name) =>
      conn.call('DeleteThingType', async () => {
        await conn.iot.send(new DeleteThingTypeCommand({ thingTypeName: name }));
      }),
  };
}
