// The LwM2M server's registrations: one per endpoint (a re-Register replaces the old one), found by their
// location (`/rd/<id>`) or by the address they talk from, each expiring when its lifetime passes without an Update
// (real time: a device's clock, not the sandbox's simulated one). Bounded: at most MAX_REGISTRATIONS, and at most
// MAX_PER_ADDRESS from one IP address, so a flood of Registers cannot grow the sandbox without end.
import { randomBytes } from 'node:crypto';
import type { Link } from './codecs/index';
import { peerText, type Peer } from './transport';

export const MAX_REGISTRATIONS = 5_000;
/** Enough for a bench's 1,000 clients on loopback, far from unbounded. */
export const MAX_PER_ADDRESS = 2_000;
/** A Register's lifetime bounds (seconds): LwM2M allows up to 2^32-1; a sandbox keeps a day at most. */
export const MIN_LIFETIME = 1;
export const MAX_LIFETIME = 86_400 * 7;

export interface ClientRegistration {
  /** The location's last segment: Updates arrive at `/rd/<id>`. */
  id: string;
  endpoint: string;
  thingName: string;
  peer: Peer;
  lwm2mVersion: string;
  lifetime: number;
  binding: string;
  queueMode: boolean;
  links: Link[];
  /** Object IDs of the link list ('/3/0' → 3), in order, without duplicates. */
  objectIds: number[];
  /** `/1/0,/3/0,…` */
  objectsText: string;
  /** Content formats the client advertised on its `</>` link (`ct=`). */
  formats: number[];
  registeredAt: number;
  updatedAt: number;
}

export type RegistrationEnd = 'deregistered' | 'expired' | 'replaced';

export class Registrations {
  private readonly byId = new Map<string, ClientRegistration>();
  private readonly byEndpoint = new Map<string, ClientRegistration>();
  private readonly byPeer = new Map<string, ClientRegistration>();
  private readonly perAddress = new Map<string, number>();
  private readonly expiry = new Map<string, NodeJS.Timeout>();

  constructor(private readonly onEnd: (r: ClientRegistration, why: RegistrationEnd) => void) {}

  get size(): number {
    return this.byId.size;
  }

  byLocation(id: string): ClientRegistration | undefined {
    return this.byId.get(id);
  }

  forEndpoint(endpoint: string): ClientRegistration | undefined {
    return this.byEndpoint.get(endpoint);
  }

  fromPeer(peer: Peer): ClientRegistration | undefined {
    return this.byPeer.get(peerText(peer));
  }

  all(): IterableIterator<ClientRegistration> {
    return this.byId.values();
  }

  /** Why a new registration from `address` for `endpoint` cannot be taken, or undefined when it can. */
  refusal(endpoint: string, address: string): string | undefined {
    if (this.byEndpoint.has(endpoint)) return undefined; // replaces its own
    if (this.byId.size >= MAX_REGISTRATIONS) return `the sandbox keeps at most ${MAX_REGISTRATIONS} registrations`;
    if ((this.perAddress.get(address) ?? 0) >= MAX_PER_ADDRESS) return `at most ${MAX_PER_ADDRESS} registrations from one address`;
    return undefined;
  }

  /** Adds a registration (replacing the endpoint's previous one); returns it with its new location ID. */
  add(r: Omit<ClientRegistration, 'id'>): ClientRegistration {
    const old = this.byEndpoint.get(r.endpoint);
    if (old) this.remove(old, 'replaced');
    const samePeer = this.byPeer.get(peerText(r.peer));
    if (samePeer) this.remove(samePeer, 'replaced'); // one client per address and port
    let id: string;
    do id = randomBytes(5).toString('hex'); while (this.byId.has(id));
    const reg: ClientRegistration = { ...r, id };
    this.byId.set(id, reg);
    this.byEndpoint.set(reg.endpoint, reg);
    this.byPeer.set(peerText(reg.peer), reg);
    this.perAddress.set(reg.peer.address, (this.perAddress.get(reg.peer.address) ?? 0) + 1);
    this.arm(reg);
    return reg;
  }

  /** An Update: the lifetime starts again (and the client may have moved to another address or port). */
  refresh(reg: ClientRegistration, at: number, peer: Peer): void {
    reg.updatedAt = at;
    if (peerText(peer) !== peerText(reg.peer)) {
      this.byPeer.delete(peerText(reg.peer));
      this.perAddress.set(reg.peer.address, Math.max(0, (this.perAddress.get(reg.peer.address) ?? 1) - 1));
      reg.peer = peer;
      this.byPeer.set(peerText(peer), reg);
      this.perAddress.set(peer.address, (this.perAddress.get(peer.address) ?? 0) + 1);
    }
    this.arm(reg);
  }

  remove(reg: ClientRegistration, why: RegistrationEnd): void {
    if (this.byId.get(reg.id) !== reg) return;
    this.byId.delete(reg.id);
    if (this.byEndpoint.get(reg.endpoint) === reg) this.byEndpoint.delete(reg.endpoint);
    if (this.byPeer.get(peerText(reg.peer)) === reg) this.byPeer.delete(peerText(reg.peer));
    const n = (this.perAddress.get(reg.peer.address) ?? 1) - 1;
    if (n > 0) this.perAddress.set(reg.peer.address, n);
    else this.perAddress.delete(reg.peer.address);
    clearTimeout(this.expiry.get(reg.id));
    this.expiry.delete(reg.id);
    this.onEnd(reg, why);
  }

  clear(): void {
    for (const t of this.expiry.values()) clearTimeout(t);
    this.expiry.clear();
    this.byId.clear();
    this.byEndpoint.clear();
    this.byPeer.clear();
    this.perAddress.clear();
  }

  private arm(reg: ClientRegistration): void {
    clearTimeout(this.expiry.get(reg.id));
    const t = setTimeout(() => this.remove(reg, 'expired'), reg.lifetime * 1000);
    t.unref();
    this.expiry.set(reg.id, t);
  }
}
