// Fleet indexing, where the account has it: GetIndexingConfiguration once per session (cached), then
// SearchIndex answers the listings ListThings cannot filter (a thing-name substring, things without a type)
// in one call per page, with each thing's indexed classic shadow in the same answer, and GetStatistics
// counts a type's things. Without indexing, or without permission to read its configuration, the caller
// keeps scanning ListThings; `IndexingInfo` says why, for the connection's tooltip.
import { GetIndexingConfigurationCommand, GetStatisticsCommand, SearchIndexCommand, type ThingDocument } from '@aws-sdk/client-iot';
import type { Connection } from './connection';
import { AwsError } from './errors';
import { isRecord } from '../core/jsonValue';
import type { IndexingInfo, Page, ThingSummary } from './types';

/** SearchIndex's largest page. */
export const SEARCH_MAX_RESULTS = 100;
const TOKEN_PREFIX = 'index:';

export async function readIndexingInfo(conn: Connection): Promise<IndexingInfo> {
  try {
    const out = await conn.call('GetIndexingConfiguration', () => conn.iot.send(new GetIndexingConfigurationCommand({})));
    const cfg = out.thingIndexingConfiguration;
    const mode = cfg?.thingIndexingMode ?? 'OFF';
    if (mode === 'OFF') return { available: false, reason: 'off' };
    return {
      available: true,
      classicShadow: mode === 'REGISTRY_AND_SHADOW',
      namedShadows: cfg?.namedShadowIndexingMode === 'ON' ? [...(cfg.filter?.namedShadowNames ?? [])] : [],
      connectivity: cfg?.thingConnectivityIndexingMode !== undefined && cfg.thingConnectivityIndexingMode !== 'OFF',
    };
  } catch (e) {
    if (e instanceof AwsError && e.kind === 'access-denied') return { available: false, reason: 'access-denied', detail: e.message };
    return { available: false, reason: 'error', detail: e instanceof Error ? e.message : String(e) };
  }
}

function parseShadow(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const doc = JSON.parse(text) as unknown;
    if (isRecord(doc) && isRecord(doc.reported)) return doc.reported;
  } catch {
    // an unreadable shadow text only costs the row its state
  }
  return undefined;
}

function toSummary(t: ThingDocument, withShadow: boolean): ThingSummary {
  const reported = withShadow ? parseShadow(t.shadow) : undefined;
  return {
    name: t.thingName ?? '',
    ...(t.thingTypeName ? { thingTypeName: t.thingTypeName } : {}),
    attributes: { ...(t.attributes ?? {}) },
    ...(reported ? { indexedClassicReported: reported } : {}),
  };
}

/** True for a token this module handed out (listings keep to one way of paging). */
export function isIndexToken(token: string | undefined): boolean {
  return !!token && token.startsWith(TOKEN_PREFIX);
}

/** One page of SearchIndex results as thing summaries. */
export async function searchThings(conn: Connection, queryString: string, maxResults: number, nextToken: string | undefined, withShadow: boolean): Promise<Page<ThingSummary>> {
  if (nextToken !== undefined && !isIndexToken(nextToken)) throw new AwsError('invalid-request', 'This page token belongs to another listing: start the list again.');
  return conn.call('SearchIndex', async () => {
    const out = await conn.iot.send(new SearchIndexCommand({
      queryString,
      maxResults: Math.min(maxResults, SEARCH_MAX_RESULTS),
      ...(nextToken ? { nextToken: nextToken.slice(TOKEN_PREFIX.length) } : {}),
    }));
    const items = (out.things ?? []).map((t) => toSummary(t, withShadow));
    return { items, ...(out.nextToken ? { nextToken: TOKEN_PREFIX + out.nextToken } : {}) };
  });
}

/** How many things match (GetStatistics' count). */
export async function countThings(conn: Connection, queryString: string): Promise<number> {
  return conn.call('GetStatistics', async () => {
    const out = await conn.iot.send(new GetStatisticsCommand({ queryString }));
    return out.statistics?.count ?? 0;
  });
}
