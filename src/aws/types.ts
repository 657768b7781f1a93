// The contract between the AWS layer (src/aws) and its users (src/ui, tests). Implemented against the
// real AWS SDK v3; the same code talks to AWS, to the embedded sandbox and to moto.

/** Where to connect. `sandbox` uses fake credentials and the endpoint of the embedded sandbox. */
export interface ConnectionSpec {
  kind: 'aws' | 'sandbox' | 'custom';
  /** Stable id used in document URIs (`lwm2m-shadow:/<id>/...`), e.g. `sandbox` or `default@eu-west-1`. */
  id: string;
  /** What the status bar shows, e.g. `sandbox` or `dev (eu-west-1)`. */
  label: string;
  region: string;
  profile?: string;
  /** Endpoint override for control plane, data plane and logs (sandbox, moto, a user's own). */
  endpoint?: string;
  /** Static credentials (sandbox and tests only). Never logged. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Tests: SDK attempts (1 = no retries). Default: adaptive retry, 3 attempts. */
  maxAttempts?: number;
  /** Tests: how long a request may wait for its answer (default 30 s). */
  requestTimeoutMs?: number;
  /** How long resolving the credentials may take (a profile's credential_process, SSO, role assumption; default 30 s). */
  credentialsTimeoutMs?: number;
}

export interface ProfileInfo {
  name: string;
  region?: string;
  /** True for IAM Identity Center (SSO) profiles: expired sessions are renewed with `aws sso login`. */
  sso: boolean;
}

export interface Page<T> {
  items: T[];
  /** Present while more pages remain. */
  nextToken?: string;
}

export interface PageRequest {
  maxResults: number;
  nextToken?: string;
}

export interface ThingTypeSummary {
  name: string;
  deprecated: boolean;
  deprecationDate?: Date;
  creationDate?: Date;
  description?: string;
}

export interface ThingSummary {
  name: string;
  thingTypeName?: string;
  attributes: Record<string, string>;
  version?: number;
  /** The classic shadow's `reported` section as fleet indexing holds it (listings answered by SearchIndex only). */
  indexedClassicReported?: Record<string, unknown>;
}

export interface ThingListRequest extends PageRequest {
  /** Things of this type only. */
  thingTypeName?: string;
  /** Things that have no type. */
  withoutType?: boolean;
  /** Case-insensitive substring of the thing name. */
  nameFilter?: string;
  /** Stops a filtered scan between pages (e.g. the user typed on); what was found so far is returned. */
  signal?: AbortSignal;
}

/** A shadow as stored. `shadowName` is `''` for the classic (unnamed) shadow. */
export interface ShadowDocument {
  thingName: string;
  shadowName: string;
  state: { desired?: Record<string, unknown>; reported?: Record<string, unknown>; delta?: Record<string, unknown> };
  metadata?: Record<string, unknown>;
  version: number;
  /** Epoch seconds, as AWS sends it. */
  timestamp?: number;
  /** Size of the payload as received, in bytes. */
  sizeBytes: number;
  /** The payload text as received (decoded once). */
  text: string;
  /**
   * Set on what `update` returns when the answer was lost (or a 409 came back) and reading the shadow
   * back showed the update applied: the document is rebuilt from that read-back.
   */
  confirmedBy?: 'read-back';
}

/** Fleet indexing as one connection has it (GetIndexingConfiguration), or why it cannot be used. */
export type IndexingInfo =
  | {
      available: true;
      /** The classic shadow is indexed (`shadow.reported.*`), so listings carry each thing's connectivity. */
      classicShadow: boolean;
      /** Named shadows in the index (the filter's names). */
      namedShadows: string[];
      /** Thing connectivity (AWS's own `connectivity.connected`) is indexed. */
      connectivity: boolean;
    }
  | { available: false; reason: 'off' | 'access-denied' | 'error'; detail?: string };

export interface FleetApi {
  listThingTypes(req: PageRequest): Promise<Page<ThingTypeSummary>>;
  listThings(req: ThingListRequest): Promise<Page<ThingSummary>>;
  describeThing(thingName: string): Promise<ThingSummary>;
  /** Whether fleet indexing answers listings on this connection (read once, then cached). */
  indexing(): Promise<IndexingInfo>;
  /** The number of things of a type, where fleet indexing can count them (one GetStatistics call); else undefined. */
  countThingsOfType(thingTypeName: string): Promise<number | undefined>;
  deprecateThingType(name: string, undo?: boolean): Promise<void>;
  deleteThingType(name: string): Promise<void>;
}

export interface ShadowApi {
  get(thingName: string, shadowName: string): Promise<ShadowDocument>;
  /**
   * `state` as sent (`{desired: …}` or `{reported: …}`); `version` for optimistic locking (409 → a
   * `version-conflict` AwsError). Each update carries a `clientToken` and is sent once: when its answer is
   * lost, or a 409 comes back, the shadow is read back and an update found applied is returned as
   * accepted (`confirmedBy: 'read-back'`); otherwise the AwsError's `maybeApplied` says what is known.
   */
  update(thingName: string, shadowName: string, state: Record<string, unknown>, version?: number, options?: { clientToken?: string }): Promise<ShadowDocument>;
  delete(thingName: string, shadowName: string): Promise<void>;
  /** Named shadows only (the classic shadow is never listed by AWS). */
  listNamed(thingName: string, req?: Partial<PageRequest>): Promise<Page<string>>;
}

export interface LogEvent {
  eventId: string;
  logGroup: string;
  logStream?: string;
  timestamp: number;
  message: string;
}

export interface LogBatch {
  events: LogEvent[];
  /** `live-tail` or `polling`: how the batch was obtained. */
  source: 'live-tail' | 'polling';
  /** Live tail sampled the events under load. */
  sampled?: boolean;
}

export interface LogsApi {
  /** The integration's log groups that exist in the account, plus `extra` names that exist. */
  findIntegrationLogGroups(extra?: string[]): Promise<string[]>;
  /** Batches until `signal` aborts; restarts live tail by itself, falls back to polling. */
  tail(logGroups: string[], signal: AbortSignal, options?: { filterPattern?: string; pollIntervalMs?: number }): AsyncIterable<LogBatch>;
}

/** The permissions MQTT over WebSocket needs on AWS IoT (the live channel says which one was refused). */
export type LivePermission = 'iot:Connect' | 'iot:Subscribe' | 'iot:Receive' | 'iot:Publish';

/** Why shadows are polled instead of live. */
export interface LiveProblem {
  /** `refused`: the account or policy said no; `unreachable`: WebSockets blocked, network, endpoint. */
  kind: 'refused' | 'unreachable';
  permission?: LivePermission;
  /** What happened, for the log (never credentials). */
  detail: string;
}

export type LiveStatus =
  /** Nothing is watched: not connected. */
  | { state: 'idle' }
  | { state: 'connecting' }
  /** Connected; `live` of `watched` shadows are kept current, `overLimit` are past the per-connection limits. */
  | { state: 'live'; watched: number; live: number; overLimit: number; problem?: LiveProblem }
  /** Not connected (retrying with backoff): everything is polled. */
  | { state: 'unavailable'; problem: LiveProblem };

export type LiveShadowEvent =
  /** The shadow as it is now (`get/accepted`) or as it changed (`update/documents`, with the version before). */
  | { kind: 'document'; doc: ShadowDocument; previous?: ShadowDocument }
  | { kind: 'deleted'; version: number }
  /** The watch is (no longer) kept current by the channel: while false, poll. */
  | { kind: 'live'; live: boolean };

export interface LiveWatch {
  /** Subscribed and synchronised (the current state arrived): what the channel delivers is the shadow. */
  readonly live: boolean;
  /** Past the per-connection subscription limit: polled until a place frees. */
  readonly overLimit: boolean;
  dispose(): void;
}

/** Shadow changes as they happen, over MQTT over WebSocket (SigV4). Connects on the first watch. */
export interface LiveShadowsApi {
  watch(thingName: string, shadowName: string, listener: (e: LiveShadowEvent) => void): LiveWatch;
  readonly status: LiveStatus;
  onStatus(listener: (s: LiveStatus) => void): { dispose(): void };
  /** How many shadows one connection can watch within AWS IoT's limits. */
  readonly capacity: number;
  dispose(): void;
}

export interface AwsSession {
  readonly spec: ConnectionSpec;
  readonly fleet: FleetApi;
  readonly shadows: ShadowApi;
  readonly logs: LogsApi;
  /** Live shadow changes (MQTT over WebSocket); absent where a session cannot have them (test stubs). */
  readonly live?: LiveShadowsApi;
  dispose(): void;
}

/** Stable kinds of error a user must act on; each AwsError carries one. */
export type AwsErrorKind =
  | 'not-found'
  | 'version-conflict'
  | 'throttled'
  | 'access-denied'
  | 'credentials'
  | 'payload-too-large'
  | 'endpoint-unreachable'
  | 'invalid-request'
  | 'unknown';
