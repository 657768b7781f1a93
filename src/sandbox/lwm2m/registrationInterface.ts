// LwM2M's Registration and Information Reporting interfaces as the server answers them: Register
// (`POST /rd?ep=&lt=&lwm2m=&b=` with the link list, Block1 allowed), Update (`POST /rd/<id>`), De-register
// (`DELETE /rd/<id>`) and Send (`POST /dp`). Everything in a request is untrusted: the endpoint name, the query,
// the link list. A request it refuses gets the code LwM2M gives (4.00, 4.04, 4.12…) and one CoAP log line saying why.
import type * as coap from 'coap';
import { CodecError, FORMATS, decode, decodeLinks, type Link, type Lwm2mRecord } from './codecs/index';
import { inert, type CoapLog } from './coapLog';
import { MAX_LIFETIME, MIN_LIFETIME, type ClientRegistration, type Registrations } from './registrations';
import { formatNumber, peerText, type Peer } from './transport';

const VERSIONS = new Set(['1.0', '1.1', '1.2']);
/** LwM2M's own bound on endpoint names is none; AWS keeps thing names to 128 characters, a sandbox to 256 bytes. */
const MAX_ENDPOINT_BYTES = 256;
const DEFAULT_LIFETIME = 86_400;

export interface RegistrationEvents {
  registered(reg: ClientRegistration): void;
  updated(reg: ClientRegistration, changed: { lifetime?: number; binding?: string; queueMode?: boolean; objects?: string }): void;
  sent(reg: ClientRegistration, records: Lwm2mRecord[]): void;
  /** The thing name a Register's endpoint would have (the CreateThing Lambda's rule), for the log. */
  thingName(endpoint: string): string;
}

/** A Register's link list: object IDs in order and `/1/0,/3/0,…`, and the formats its `</>` link advertises. */
export function linkSummary(links: Link[]): { objectIds: number[]; objectsText: string; formats: number[] } {
  const ids: number[] = [];
  const parts: string[] = [];
  let formats: number[] = [];
  for (const l of links) {
    // A client may register under an alternate path (`</lwm2m>;rt="oma.lwm2m"`): the root link, not an object.
    if (l.params.rt === 'oma.lwm2m' || l.params.rt === '"oma.lwm2m"') {
      const ct = typeof l.params.ct === 'string' ? l.params.ct.replace(/"/g, '') : '';
      formats = ct.split(/\s+/).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n >= 0 && n < 65536);
      continue;
    }
    const m = /^\/(\d{1,5})(?:\/(\d{1,5}))?$/.exec(l.uri);
    if (!m) continue;
    const id = Number(m[1]);
    if (id > 65535) continue;
    if (!ids.includes(id)) ids.push(id);
    parts.push(m[2] !== undefined ? `/${id}/${m[2]}` : `/${id}`);
  }
  // `</1>;ver=1.1,</1/0>`: the object link only carries the version when instances follow.
  const withInstances = new Set(parts.filter((p) => p.split('/').length === 3).map((p) => p.split('/')[1]));
  const shown = parts.filter((p) => p.split('/').length === 3 || !withInstances.has(p.slice(1)));
  return { objectIds: ids, objectsText: shown.join(','), formats };
}

/** The request's Uri-Query options as name → value (a name without '=' maps to ''); raw bytes, never split on '&'. */
type RawOption = { name: unknown; value: unknown };
const optionsOf = (req: coap.IncomingMessage): RawOption[] => ((req as unknown as { options?: RawOption[] }).options ?? []);

function queryOf(req: coap.IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of optionsOf(req)) {
    if (o.name !== 'Uri-Query' || !Buffer.isBuffer(o.value)) continue;
    const text = o.value.toString('utf8');
    const eq = text.indexOf('=');
    const name = eq < 0 ? text : text.slice(0, eq);
    if (!out.has(name)) out.set(name, eq < 0 ? '' : text.slice(eq + 1));
  }
  return out;
}

function pathOf(req: coap.IncomingMessage): string[] {
  const out: string[] = [];
  for (const o of optionsOf(req)) {
    if (o.name === 'Uri-Path' && Buffer.isBuffer(o.value)) out.push(o.value.toString('utf8'));
  }
  return out;
}

export class RegistrationInterface {
  constructor(
    private readonly registrations: Registrations,
    private readonly log: CoapLog,
    private readonly events: RegistrationEvents,
    /** The URI the server tells clients it is (the classic shadow's `lwm2mUri`). */
    private readonly serverUri: () => string,
  ) {}

  handle(req: coap.IncomingMessage, res: coap.OutgoingMessage): void {
    const started = performance.now();
    const peer: Peer = { address: req.rsinfo.address, port: req.rsinfo.port };
    const path = pathOf(req);
    const method = String(req.method);
    const payload = Buffer.from(req.payload ?? []);
    const shown = `/${path.map((p) => inert(p)).join('/')}`;
    const answer = (code: string, note?: string, location?: string[]) => {
      if (location) res.setOption('Location-Path', location.map((p) => Buffer.from(p)));
      res.code = code;
      res.end();
      this.log.exchange({
        direction: 'in', peer: peerText(peer), method, path: shown + (optionsOf(req).some((o) => o.name === 'Uri-Query') ? `?${inert([...queryOf(req)].map(([k, v]) => (v ? `${k}=${v}` : k)).join('&'))}` : ''),
        code, format: formatNumber(req.headers['Content-Format']), requestBytes: payload.length, responseBytes: 0, ms: performance.now() - started, note,
      });
    };
    if (path[0] === 'rd' && path.length === 1 && method === 'POST') return this.register(req, peer, payload, answer);
    if (path[0] === 'rd' && path.length === 2) {
      const reg = this.registrations.byLocation(path[1]);
      if (!reg) return answer('4.04', 'no such registration');
      if (method === 'POST') return this.update(req, reg, peer, payload, answer);
      if (method === 'DELETE') {
        this.registrations.remove(reg, 'deregistered');
        return answer('2.02', `${inert(reg.endpoint)} de-registered`);
      }
      return answer('4.05', 'Update is POST, De-register DELETE');
    }
    if (path[0] === 'dp' && path.length === 1 && method === 'POST') return this.send(req, peer, payload, answer);
    if (path[0] === 'bs') return answer('4.04', 'this server does no bootstrap');
    return answer('4.04', 'not an LwM2M server resource');
  }

  private register(req: coap.IncomingMessage, peer: Peer, payload: Buffer, answer: (code: string, note?: string, location?: string[]) => void): void {
    const q = queryOf(req);
    const ep = q.get('ep');
    if (ep === undefined || ep === '') return answer('4.00', 'Register without an endpoint name (ep)');
    if (Buffer.byteLength(ep) > MAX_ENDPOINT_BYTES) return answer('4.00', `endpoint name longer than ${MAX_ENDPOINT_BYTES} bytes`);
    if (/[\u0000-\u001f\u007f]/.test(ep)) return answer('4.00', `endpoint name ${JSON.stringify(inert(ep))} has control characters`);
    const version = q.get('lwm2m') ?? '1.0';
    if (!VERSIONS.has(version)) return answer('4.12', `LwM2M version ${inert(version)} is not one this server speaks (1.0, 1.1, 1.2)`);
    const lifetime = this.lifetime(q.get('lt'));
    if (lifetime === undefined) return answer('4.00', `lifetime ${inert(q.get('lt') ?? '')} is not a number of seconds between ${MIN_LIFETIME} and ${MAX_LIFETIME}`);
    const binding = q.get('b') ?? 'U';
    if (!/^[UTSNQ]{1,5}$/.test(binding)) return answer('4.00', `binding ${inert(binding)} is not one LwM2M knows`);
    if (!binding.includes('U')) return answer('4.00', `binding ${inert(binding)}: this server speaks CoAP over UDP only`);
    const ct = formatNumber(req.headers['Content-Format']);
    if (payload.length && ct !== undefined && ct !== FORMATS.LINK) return answer('4.15', 'the link list must be link format (40)');
    let links: Link[];
    try {
      links = payload.length ? decodeLinks(payload, { maxRecords: 2_000 }) : [];
    } catch (err) {
      if (!(err instanceof CodecError)) throw err;
      return answer('4.00', `the link list is not link format: ${err.message}`);
    }
    const refusal = this.registrations.refusal(ep, peer.address);
    if (refusal) {
      this.log.incident('too many registrations', peer.address, refusal);
      return answer('5.03', refusal);
    }
    const now = Date.now();
    const summary = linkSummary(links);
    const reg = this.registrations.add({
      endpoint: ep, thingName: this.events.thingName(ep), peer, lwm2mVersion: version, lifetime, binding,
      queueMode: binding.includes('Q') || q.has('Q'), links, ...summary, registeredAt: now, updatedAt: now,
    });
    answer('2.01', `${inert(ep)} registered (LwM2M ${version}, lifetime ${lifetime} s, binding ${inert(binding)}${reg.queueMode ? ', queue mode' : ''}) at /rd/${reg.id}`, ['rd', reg.id]);
    this.events.registered(reg);
  }

  private update(req: coap.IncomingMessage, reg: ClientRegistration, peer: Peer, payload: Buffer, answer: (code: string, note?: string) => void): void {
    const q = queryOf(req);
    const changed: { lifetime?: number; binding?: string; queueMode?: boolean; objects?: string } = {};
    if (q.has('lt')) {
      const lt = this.lifetime(q.get('lt'));
      if (lt === undefined) return answer('4.00', `lifetime ${inert(q.get('lt') ?? '')} is not a number of seconds`);
      if (lt !== reg.lifetime) reg.lifetime = changed.lifetime = lt;
    }
    if (q.has('b')) {
      const b = q.get('b')!;
      if (!/^[UTSNQ]{1,5}$/.test(b) || !b.includes('U')) return answer('4.00', `binding ${inert(b)} is not one this server takes`);
      if (b !== reg.binding) reg.binding = changed.binding = b;
      const queue = b.includes('Q') || q.has('Q');
      if (queue !== reg.queueMode) reg.queueMode = changed.queueMode = queue;
    }
    if (payload.length) {
      try {
        const links = decodeLinks(payload, { maxRecords: 2_000 });
        const s = linkSummary(links);
        reg.links = links;
        reg.objectIds = s.objectIds;
        if (s.formats.length) reg.formats = s.formats;
        if (s.objectsText !== reg.objectsText) reg.objectsText = changed.objects = s.objectsText;
      } catch (err) {
        if (!(err instanceof CodecError)) throw err;
        return answer('4.00', `the link list is not link format: ${err.message}`);
      }
    }
    this.registrations.refresh(reg, Date.now(), peer);
    answer('2.04', `${inert(reg.endpoint)} updated`);
    this.events.updated(reg, changed);
  }

  private send(req: coap.IncomingMessage, peer: Peer, payload: Buffer, answer: (code: string, note?: string) => void): void {
    const reg = this.registrations.fromPeer(peer);
    if (!reg) return answer('4.03', 'Send from a client that is not registered');
    if (reg.lwm2mVersion === '1.0') return answer('4.05', 'Send is LwM2M 1.1 and later');
    const ct = formatNumber(req.headers['Content-Format']);
    if (ct !== FORMATS.SENML_JSON && ct !== FORMATS.SENML_CBOR) return answer('4.15', 'Send is SenML JSON or SenML CBOR');
    let records: Lwm2mRecord[];
    try {
      records = decode(ct, payload, '/', () => undefined);
    } catch (err) {
      if (!(err instanceof CodecError)) throw err;
      return answer('4.00', `the Send payload could not be read: ${err.message}`);
    }
    answer('2.04', `${records.length} values from ${inert(reg.endpoint)}`);
    this.events.sent(reg, records);
  }

  private lifetime(text: string | undefined): number | undefined {
    if (text === undefined) return DEFAULT_LIFETIME;
    if (!/^\d{1,10}$/.test(text)) return undefined;
    const n = Number(text);
    return n >= MIN_LIFETIME && n <= MAX_LIFETIME ? n : undefined;
  }
}
