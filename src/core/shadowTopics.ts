// AWS IoT's reserved shadow topics: `$aws/things/<thing>/shadow[/name/<shadow>]/<operation>[/<result>]`.
// Parsing and formatting only (the live channel in src/aws/live and the sandbox's broker share it); the
// classic (unnamed) shadow is `shadowName: ''`.

export type ShadowOperation = 'update' | 'get' | 'delete';
export type ShadowResult = 'accepted' | 'rejected' | 'documents' | 'delta';

export interface ShadowTopic {
  thingName: string;
  shadowName: string;
  operation: ShadowOperation;
  /** Absent for a request topic (what a client publishes to). */
  result?: ShadowResult;
}

const TOPIC = /^\$aws\/things\/([^/+#]+)\/shadow(?:\/name\/([^/+#]+))?\/(update|get|delete)(?:\/(accepted|rejected|documents|delta))?$/;

export function parseShadowTopic(topic: string): ShadowTopic | undefined {
  const m = TOPIC.exec(topic);
  if (!m) return undefined;
  const [, thingName, shadowName = '', operation, result] = m;
  if ((result === 'documents' || result === 'delta') && operation !== 'update') return undefined;
  return { thingName, shadowName, operation: operation as ShadowOperation, ...(result ? { result: result as ShadowResult } : {}) };
}

export function shadowTopic(thingName: string, shadowName: string, operation: ShadowOperation, result?: ShadowResult): string {
  const base = `$aws/things/${thingName}/shadow${shadowName ? `/name/${shadowName}` : ''}/${operation}`;
  return result ? `${base}/${result}` : base;
}
