// Puts the seeded fleet into the account as the integration would have: the CreateThing Lambda made
// each thing type on its first device (deprecated types were deprecated later), each thing with
// `protocol=LwM2M`, and logged it — lines kept for the log group's 30-day retention.
import type { Fleet } from './fleetSeed';
import { LambdaLogs } from './lambdaLogs';
import type { LogStore } from './logStore';
import { randomUUID } from 'node:crypto';
import type { Random } from './random';
import type { ThingRegistry } from './thingRegistry';

export const LOG_RETENTION_DAYS = 30;

export function seedFleet(fleet: Fleet, things: ThingRegistry, logs: LogStore, rng: Random): void {
  const start = fleet.startedAt;
  const oldest = fleet.devices.reduce((m, d) => Math.max(m, d.createdAgo), 0) + 3600;
  // The integration's log groups exist from the stack's installation on.
  const installedAt = start - oldest * 1000;
  logs.ensureGroup('/aws/lambda/CertificateLambda', installedAt, LOG_RETENTION_DAYS);
  logs.ensureGroup('AWSIotLogsV2', installedAt);
  const createThing = new LambdaLogs(logs, 'CreateThing', rng, 128, installedAt);
  logs.group(createThing.group).retentionInDays = LOG_RETENTION_DAYS;
  logs.ensureGroup('/aws/lambda/Lwm2mOperation', installedAt, LOG_RETENTION_DAYS);

  const typeCreated = new Set<string>();
  const typeFirstSeen = new Map<string, number>();
  for (const d of fleet.devices) {
    const t = d.model.typeName;
    if (t) typeFirstSeen.set(t, Math.max(typeFirstSeen.get(t) ?? 0, d.createdAgo));
  }
  for (const [name, ago] of typeFirstSeen) things.createThingType(name, {}, start - ago * 1000, rng.uuid());
  const retained = start - LOG_RETENTION_DAYS * 86400 * 1000;
  const logged = fleet.devices.filter((d) => start - d.createdAgo * 1000 >= retained).sort((a, b) => b.createdAgo - a.createdAgo);
  for (const d of fleet.devices) {
    things.createThing(d.thingName, d.model.typeName, { protocol: 'LwM2M' }, d.thingId);
  }
  // The lines are written when the log group is first read: startup stays fast for 10,000 things.
  logs.defer(createThing.group, () => {
    for (const d of logged) {
      const at = start - d.createdAgo * 1000;
      const t = d.model.typeName;
      const lines = [`Received registration of device ${d.thingName}${t ? ` of type ${t.replace(/:/g, '.')}` : ''}`];
      if (t && !typeCreated.has(t) && typeFirstSeen.get(t) === d.createdAgo) lines.push(`Created thing type ${t}`);
      if (t) typeCreated.add(t);
      lines.push(`Created thing ${d.thingName}${t ? ` with type ${t}` : ''}`, `Created shadow operation for ${d.thingName}`);
      createThing.write({ requestId: randomUUID(), at, lines, durationMs: 40 + rng.next() * 160 });
    }
  });
  for (const { name, deprecated } of fleet.thingTypes()) {
    if (deprecated) things.deprecateThingType(name, false, start - 2 * 86400 * 1000);
  }
}
