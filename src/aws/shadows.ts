// Device shadows through the IoT data plane: get, update (with `version` for optimistic locking),
// delete, list named shadows. Payloads are decoded once (bytes → text → JSON) and their size reported.
// `shadowName` '' is the classic (unnamed) shadow.
import {
  DeleteThingShadowCommand,
  GetThingShadowCommand,
  ListNamedShadowsForThingCommand,
  UpdateThingShadowCommand,
} from '@aws-sdk/client-iot-data-plane';
import { randomUUID } from 'node:crypto';
import type { Connection } from './connection';
import { AwsError, toAwsError } from './errors';
import { NEVER_SENT } from './retryPolicy';
import { acceptedFromReadBack, recognisesWrite, UnconfirmedWrites, type SentWrite } from './shadowWrite';
import type { Page, PageRequest, ShadowApi, ShadowDocument } from './types';
import { isRecord } from '../core/jsonValue';

const decoder = new TextDecoder('utf-8');

type StateSection = Record<string, unknown>;

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
  const d = isRecord(doc) ? doc : {};
  const s = isRecord(d.state) ? d.state : {};
  const state: ShadowDocument['state'] = {};
  for (const part of ['desired', 'reported', 'delta'] as const) {
    if (isRecord(s[part])) state[part] = s[part] as StateSection;
  }
  return {
    thingName,
    shadowName,
    state,
    ...(isRecord(d.metadata) ? { metadata: d.metadata } : {}),
    version: typeof d.version === 'number' ? d.version : 0,
    ...(typeof d.timestamp === 'number' ? { timestamp: d.timestamp } : {}),
    sizeBytes: bytes.byteLength,
    text,
  };
}

const named = (shadowName: string) => (shadowName ? { shadowName } : {});

/** The request may have reached the service although no answer says so: no answer, or a 5xx. */
function answerLost(err: AwsError): boolean {
  if (err.status !== undefined) return err.status >= 500;
  if (err.kind !== 'endpoint-unreachable') return err.kind === 'unknown';
  return !NEVER_SENT.has(err.code ?? '');
}

export function createShadows(conn: Connection): ShadowApi {
  const unconfirmed = new UnconfirmedWrites();
  const op = (operation: string, thingName: string, shadowName?: string) =>
    `${operation} ${thingName}${shadowName === undefined ? '' : shadowName ? `/${shadowName}` : ' (classic shadow)'}`;

  return {
    get: (thingName, shadowName) =>
      conn.call(op('GetThingShadow', thingName, shadowName), async () => {
        const client = await conn.data();
        const out = await client.send(new GetThingShadowCommand({ thingName, ...named(shadowName) }));
        return decodeShadow(thingName, shadowName, out.payload);
      }, 'data'),

    /**
     * Sends `{ state, version?, clientToken }` once. The document returned is what AWS answers to an
     * update: the state that was sent, its metadata and the new `version` (not the whole stored shadow;
     * `get` for that). A lost answer or a 409 is resolved by reading the shadow back (shadowWrite.ts).
     */
    update: (thingName, shadowName, state, version, options = {}) =>
      conn.call(op('UpdateThingShadow', thingName, shadowName), async () => {
        if (version !== undefined && (!Number.isInteger(version) || version < 0)) {
          throw new AwsError('invalid-request', `Invalid shadow version ${version}`);
        }
        const clientToken = options.clientToken ?? randomUUID();
        const body = JSON.stringify({ state, ...(version !== undefined ? { version } : {}), clientToken });
        const client = await conn.dataWriter();
        const key = `${thingName}\u0000${shadowName}`;
        const sent: SentWrite = { state, version, clientToken, sentAt: performance.now() };
        try {
          const out = await client.send(new UpdateThingShadowCommand({ thingName, ...named(shadowName), payload: new TextEncoder().encode(body) }));
          unconfirmed.forget(key);
          return decodeShadow(thingName, shadowName, out.payload);
        } catch (e) {
          const err = toAwsError(e, { ...conn.errorContext, operation: op('UpdateThingShadow', thingName, shadowName), endpoint: conn.endpointOf('data') });
          const lost = answerLost(err);
          if (!lost && err.kind !== 'version-conflict') throw e;
          // A 409 means this request was not applied; an earlier identical one, whose answer was lost, may have been.
          const candidates = lost ? [sent] : [unconfirmed.earlierTwin(key, sent)].filter((w): w is SentWrite => w !== undefined);
          if (!candidates.length) throw e;
          let readBack: ShadowDocument;
          try {
            readBack = decodeShadow(thingName, shadowName, (await (await conn.data()).send(new GetThingShadowCommand({ thingName, ...named(shadowName) }))).payload);
          } catch {
            if (lost) {
              err.maybeApplied = true;
              unconfirmed.remember(key, sent);
            }
            throw err;
          }
          const readAt = performance.now();
          const own = candidates.find((w) => recognisesWrite(readBack, w, readAt));
          if (own) {
            unconfirmed.forget(key);
            return acceptedFromReadBack(readBack, own);
          }
          if (lost) {
            // Versioned and the version did not move: not applied. Otherwise it may have been, then overwritten.
            err.maybeApplied = !(version !== undefined && readBack.version <= version);
            if (err.maybeApplied) unconfirmed.remember(key, sent);
          }
          throw err;
        }
      }, 'data'),

    delete: (thingName, shadowName) =>
      conn.call(op('DeleteThingShadow', thingName, shadowName), async () => {
        const client = await conn.dataWriter();
        await client.send(new DeleteThingShadowCommand({ thingName, ...named(shadowName) }));
      }, 'data'),

    listNamed: (thingName, req: Partial<PageRequest> = {}) =>
      conn.call(op('ListNamedShadowsForThing', thingName), async (): Promise<Page<string>> => {
        const client = await conn.data();
        const out = await client.send(new ListNamedShadowsForThingCommand({
          thingName,
          ...(req.maxResults ? { pageSize: Math.min(req.maxResults, 100) } : {}),
          ...(req.nextToken ? { nextToken: req.nextToken } : {}),
        }));
        return { items: out.results ?? [], ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
      }, 'data'),
  };
}
