// Device shadows through the IoT data plane: get, update (with `version` for optimistic locking),
// delete, list named shadows. Payloads are decoded once (bytes → text → JSON) and their size reported.
// `shadowName` '' is the classic (unnamed) shadow.
import {
  DeleteThingShadowCommand,
  GetThingShadowCommand,
  ListNamedShadowsForThingCommand,
  UpdateThingShadowCommand,
} from '@aws-sdk/client-iot-data-plane';
import type { Connection } from './connection';
import { AwsError } from './errors';
import type { Page, PageRequest, ShadowApi, ShadowDocument } from './types';

const decoder = new TextDecoder('utf-8');

type StateSection = Record<string, unknown>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns a shadow payload as received into a ShadowDocument; the text is kept exactly as received. */
export function decodeShadow(thingName: string, shadowName: string, payload: Uint8Array | undefined): ShadowDocument {
  const bytes = payload ?? new Uint8Array();
  const text = decoder.decode(bytes);
  let doc: unknown;
  try {
    doc = text ? JSON.parse(text) : {};
  } catch {
    throw new AwsError('unknown', `The ${shadowName || 'classic'} shadow of ${thingName} is not valid JSON (${bytes.byteLength} bytes).`);
  }
  const d = isObject(doc) ? doc : {};
  const s = isObject(d.state) ? d.state : {};
  const state: ShadowDocument['state'] = {};
  for (const part of ['desired', 'reported', 'delta'] as const) {
    if (isObject(s[part])) state[part] = s[part] as StateSection;
  }
  return {
    thingName,
    shadowName,
    state,
    ...(isObject(d.metadata) ? { metadata: d.metadata } : {}),
    version: typeof d.version === 'number' ? d.version : 0,
    ...(typeof d.timestamp === 'number' ? { timestamp: d.timestamp } : {}),
    sizeBytes: bytes.byteLength,
    text,
  };
}

const named = (shadowName: string) => (shadowName ? { shadowName } : {});

export function createShadows(conn: Connection): ShadowApi {
  const op = (operation: string, thingName: string, shadowName?: string) =>
    `${operation} ${thingName}${shadowName === undefined ? '' : shadowName ? `/${shadowName}` : ' (classic shadow)'}`;

  return {
    get: (thingName, shadowName) =>
      conn.call(op('GetThingShadow', thingName, shadowName), async () => {
        const client = await conn.data();
        const out = await client.send(new GetThingShadowCommand({ thingName, ...named(shadowName) }));
        return decodeShadow(thingName, shadowName, out.payload);
      }),

    /**
     * Sends `{ state, version? }`. The document returned is what AWS answers to an update: the state
     * that was sent, its metadata and the new `version` (not the whole stored shadow; `get` for that).
     */
    update: (thingName, shadowName, state, version) =>
      conn.call(op('UpdateThingShadow', thingName, shadowName), async () => {
        if (version !== undefined && (!Number.isInteger(version) || version < 0)) {
          throw new AwsError('invalid-request', `Invalid shadow version ${version}`);
        }
        const body = JSON.stringify({ state, ...(version !== undefined ? { version } : {}) });
        const client = await conn.data();
        const out = await client.send(new UpdateThingShadowCommand({ thingName, ...named(shadowName), payload: new TextEncoder().encode(body) }));
        return decodeShadow(thingName, shadowName, out.payload);
      }),

    delete: (thingName, shadowName) =>
      conn.call(op('DeleteThingShadow', thingName, shadowName), async () => {
        const client = await conn.data();
        await client.send(new DeleteThingShadowCommand({ thingName, ...named(shadowName) }));
      }),

    listNamed: (thingName, req: Partial<PageRequest> = {}) =>
      conn.call(op('ListNamedShadowsForThing', thingName), async (): Promise<Page<string>> => {
        const client = await conn.data();
        const out = await client.send(new ListNamedShadowsForThingCommand({
          thingName,
          ...(req.maxResults ? { pageSize: Math.min(req.maxResults, 100) } : {}),
          ...(req.nextToken ? { nextToken: req.nextToken } : {}),
        }));
        return { items: out.results ?? [], ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
      }),
  };
}
