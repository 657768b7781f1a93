// The operations of the integration and the rules its Lambda (Lwm2mOperation) enforces on each, plus the
// LwM2M permission each needs. See docs/integration-facts.md.

export const OPERATION_NAMES = [
  'read', 'write', 'execute', 'observe', 'cancelObserve', 'writeAttributes', 'readComposite', 'observeComposite', 'cancelObserveComposite',
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

/** The only fields of `desired` that the OperationRequest rule forwards to the Lambda. */
export const FORWARDED_FIELDS = ['operation', 'keys', 'values', 'attributes', 'arguments'] as const;

export interface OperationRule {
  name: OperationName;
  /** what it does, for completion and hover */
  description: string;
  /** the resource permission it needs (R, W or E), checked on resource keys */
  needs?: 'R' | 'W' | 'E';
  /** keys must name a resource (not an object or instance) */
  resourceKeys?: boolean;
  /** fields required beside operation and keys, each as long as keys */
  requires: ('values' | 'attributes')[];
  /** optional fields it uses (others among values/attributes/arguments are ignored by it) */
  uses: ('values' | 'attributes' | 'arguments')[];
  /** duplicate keys: refused by the Lambda ('error'), or silently dropped ('dropped', read keys also after a trailing '.') */
  duplicates?: 'error' | 'dropped';
  /** a key that is a prefix of another swallows it */
  prefixSwallows?: boolean;
  /** special keys it accepts */
  specialKeys: string[];
  /** exactly one key */
  singleKey?: boolean;
  /** the result comes back in the operation shadow's reported */
  reportsResult?: boolean;
}

export const OPERATION_RULES: Record<OperationName, OperationRule> = {
  read: {
    name: 'read', description: 'Read the values of objects, instances or resources (result in reported, and copied into the datamodel shadow).',
    needs: 'R', requires: [], uses: [], duplicates: 'dropped', prefixSwallows: true, specialKeys: ['all', '', '.', '/'], reportsResult: true,
  },
  write: {
    name: 'write', description: 'Write one value per key into writable resources (values in the same order as keys).',
    needs: 'W', resourceKeys: true, requires: ['values'], uses: ['values'], duplicates: 'error', specialKeys: [], reportsResult: true,
  },
  execute: {
    name: 'execute', description: 'Execute one executable resource (e.g. Device.0.Reboot), with optional arguments.',
    needs: 'E', resourceKeys: true, requires: [], uses: ['arguments'], specialKeys: [], singleKey: true,
  },
  observe: {
    name: 'observe', description: 'Observe keys: the device notifies changes into the datamodel shadow, paced by one attributes object per key.',
    needs: 'R', requires: ['attributes'], uses: ['attributes'], duplicates: 'error', prefixSwallows: true, specialKeys: [],
  },
  cancelObserve: {
    name: 'cancelObserve', description: 'Cancel observations of the keys ("all" cancels every observation).',
    requires: [], uses: [], duplicates: 'dropped', specialKeys: ['all'],
  },
  writeAttributes: {
    name: 'writeAttributes', description: 'Write notification attributes (pmin, pmax, gt, lt, st, epmin, epmax, con), one object per key.',
    requires: ['attributes'], uses: ['attributes'], duplicates: 'error', specialKeys: [],
  },
  readComposite: {
    name: 'readComposite', description: 'Read several keys in one LwM2M 1.1 Read-Composite request (result in reported).',
    needs: 'R', requires: [], uses: [], duplicates: 'dropped', prefixSwallows: true, specialKeys: ['all', '', '.', '/'], reportsResult: true,
  },
  observeComposite: {
    name: 'observeComposite', description: 'Observe several keys in one LwM2M 1.1 Observe-Composite request.',
    needs: 'R', requires: [], uses: [], duplicates: 'dropped', specialKeys: [],
  },
  cancelObserveComposite: {
    name: 'cancelObserveComposite', description: 'Cancel an Observe-Composite of these keys.',
    requires: [], uses: [], duplicates: 'dropped', specialKeys: [],
  },
};

export function isOperationName(s: unknown): s is OperationName {
  return typeof s === 'string' && (OPERATION_NAMES as readonly string[]).includes(s);
}

/** Strips the trailing '.' the Lambda strips before comparing keys. */
export function normaliseKey(key: string): string {
  return key.endsWith('.') ? key.slice(0, -1) : key;
}
