// AWS IoT Core's limits on one MQTT connection, and how the live channel stays inside them: each
// watched shadow takes TOPICS_PER_SHADOW subscriptions, a SUBSCRIBE carries at most topicsPerSubscribe.

export interface LiveLimits {
  /** AWS IoT default quota: 50 subscriptions per connection. */
  subscriptionsPerConnection: number;
  /** AWS IoT: at most 8 topics in one SUBSCRIBE. */
  topicsPerSubscribe: number;
}

export const AWS_IOT_LIVE_LIMITS: LiveLimits = { subscriptionsPerConnection: 50, topicsPerSubscribe: 8 };

/** `update/documents`, `get/+` (accepted and rejected), `delete/accepted`. */
export const TOPICS_PER_SHADOW = 3;

/** How many shadows one connection watches at once. */
export function shadowCapacity(limits: LiveLimits): number {
  return Math.floor(limits.subscriptionsPerConnection / TOPICS_PER_SHADOW);
}

/** Topics split into SUBSCRIBE (or UNSUBSCRIBE) packets of at most `perPacket`. */
export function packets<T>(topics: readonly T[], perPacket: number): T[][] {
  const size = Math.max(1, Math.floor(perPacket));
  const out: T[][] = [];
  for (let i = 0; i < topics.length; i += size) out.push(topics.slice(i, i + size));
  return out;
}
